import {
  ARCHIVE_LINE_MAX,
  closureArchiveLine,
  closureDueTimes,
  closureStage,
  FUTURE_TOLERANCE_MS,
  MAX_NOTE_LENGTH,
  MAX_NOTICE_CUSTOMERS,
  startClosureRound,
  UNSATISFIED_AT,
  validateFollowUp,
  validateNotice,
  validateWaiver,
  type ClosureRecord,
  type CustomerNotice,
} from '../../../src/domain/delivery';

/** The closure loop's rules beyond the foundation's: Jira's "now", Won't-have notices, rounds, waivers and the archive line. */

const completedAt = '2026-11-20T09:00:00.000Z';
const now = new Date('2026-11-20T12:00:00.000Z');
const notice: CustomerNotice = { channel: 'phone', at: '2026-11-20T10:00:00.000Z', summary: 'False alarms down from 15 % to 3 %', customers: ['中型汽车零部件制造商', 'CUS202405003'] };
const record = (changes: Partial<ClosureRecord> = {}): ClosureRecord => ({ completedAt, notice: null, followUp: null, waiver: null, ...changes });
const window = { from: 7, to: 14 };

describe('notice', () => {
  test('not in the future beyond five minutes of Jira time', () => {
    expect(FUTURE_TOLERANCE_MS).toBe(300_000);
    expect(validateNotice({ ...notice, at: '2026-11-20T12:04:00.000Z' }, completedAt, { now }).ok).toBe(true);
    expect(validateNotice({ ...notice, at: '2026-11-20T12:06:00.000Z' }, completedAt, { now })).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order', message: 'Told on cannot be in the future.' }] });
  });

  test("a Won't-have is told without completion; others only once done", () => {
    expect(validateNotice(notice, null, { now, wontHave: true })).toEqual({ ok: true, value: notice });
    expect(validateNotice(notice, null, { now })).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
  });

  test('customers are trimmed and counted once; too many or too long is refused', () => {
    expect(validateNotice({ ...notice, customers: [' A ', 'A', 'B'] }, completedAt)).toMatchObject({ ok: true, value: { customers: ['A', 'B'] } });
    const many = Array.from({ length: MAX_NOTICE_CUSTOMERS + 1 }, (_, index) => `C${index}`);
    expect(validateNotice({ ...notice, customers: many }, completedAt)).toMatchObject({ ok: false, violations: [{ field: 'customers', rule: 'length' }] });
    expect(validateNotice({ ...notice, customers: ['x'.repeat(201)] }, completedAt)).toMatchObject({ ok: false, violations: [{ field: 'customers', rule: 'length' }] });
  });
});

describe('follow-up', () => {
  const answers = [
    { customer: '中型汽车零部件制造商', satisfaction: 5, comment: '' },
    { customer: 'CUS202405003', satisfaction: 2, comment: 'still slow' },
  ];
  test('every customer told answers once, only customers told', () => {
    expect(validateFollowUp({ at: '2026-11-28T09:00:00.000Z', answers }, notice).ok).toBe(true);
    expect(validateFollowUp({ at: '2026-11-28T09:00:00.000Z', answers: [answers[0]] }, notice)).toMatchObject({
      ok: false,
      violations: [{ field: 'answers', rule: 'required', message: 'Record the satisfaction of every customer told; missing: CUS202405003.' }],
    });
    expect(validateFollowUp({ at: '2026-11-28T09:00:00.000Z', answers: [...answers, answers[0]] }, notice)).toMatchObject({
      ok: false,
      violations: [{ field: 'answers.2.customer', rule: 'unique' }],
    });
  });

  test('satisfaction 0 and 6 are refused naming the row; comments are limited; not in the future', () => {
    const bad = validateFollowUp({ at: '2026-11-28T09:00:00.000Z', answers: [{ ...answers[0], satisfaction: 0 }, { ...answers[1], satisfaction: 6, comment: 'x'.repeat(MAX_NOTE_LENGTH + 1) }] }, notice);
    expect(bad).toMatchObject({
      ok: false,
      violations: [
        { field: 'answers.0.satisfaction', rule: 'range' },
        { field: 'answers.1.satisfaction', rule: 'range' },
        { field: 'answers.1.comment', rule: 'length' },
      ],
    });
    expect(validateFollowUp({ at: '2026-11-21T09:00:00.000Z', answers }, notice, { now })).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order', message: 'Followed up on cannot be in the future.' }] });
  });
});

test('a waiver needs a reason and a done requirement', () => {
  expect(validateWaiver({ reason: ' customer unreachable ' }, completedAt)).toEqual({ ok: true, value: { reason: 'customer unreachable' } });
  expect(validateWaiver({ reason: ' ' }, null)).toMatchObject({ ok: false, violations: [{ field: 'waiver', rule: 'order' }, { field: 'reason', rule: 'required' }] });
  expect(validateWaiver({ reason: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, completedAt)).toMatchObject({ ok: false, violations: [{ field: 'reason', rule: 'length' }] });
  expect(validateWaiver(null, completedAt)).toMatchObject({ ok: false, violations: [{ field: 'reason' }] });
});

describe('stage', () => {
  test('satisfaction 2 or less is unsatisfied', () => {
    expect(UNSATISFIED_AT).toBe(2);
  });

  test("a Won't-have needs only its notice; closed shows as closed", () => {
    const untold = record({ completedAt: null });
    expect(closureStage(untold, now, window, { wontHave: true })).toBe('notice-due');
    expect(closureStage({ ...untold, notice }, now, window, { wontHave: true })).toBe('ready-to-close');
    expect(closureStage({ ...untold, notice }, now, window, { wontHave: true, closed: true })).toBe('closed');
    expect(closureStage(record({ notice }), now, window, { closed: true })).toBe('closed');
    // Rejected without ever being done: the loop never applied.
    expect(closureStage(untold, now, window, { closed: true })).toBe('not-done');
  });

  test('due times: the notice 24 h after completion, the follow-up window from the notice', () => {
    expect(closureDueTimes(record({ completedAt: null }), window)).toEqual({ noticeDueAt: null, followUpFrom: null, followUpTo: null });
    expect(closureDueTimes(record({ notice }), window)).toEqual({
      noticeDueAt: '2026-11-21T09:00:00.000Z',
      followUpFrom: '2026-11-27T10:00:00.000Z',
      followUpTo: '2026-12-04T10:00:00.000Z',
    });
  });
});

describe('rounds', () => {
  test('the first Done starts the round; a repeat or a late older Done writes nothing', () => {
    const first = startClosureRound(record({ completedAt: null }), completedAt)!;
    expect(first).toEqual({ completedAt, notice: null, followUp: null, waiver: null, closedAt: null, history: [] });
    expect(startClosureRound(first, completedAt)).toBeNull();
    expect(startClosureRound(first, '2026-11-19T09:00:00.000Z')).toBeNull();
  });

  test('a second Done keeps the first round as history, and an old event of the first round stays ignored', () => {
    const told = record({ notice, closedAt: '2026-11-30T09:00:00.000Z' });
    const second = startClosureRound(told, '2026-12-05T09:00:00.000Z')!;
    expect(second).toMatchObject({ completedAt: '2026-12-05T09:00:00.000Z', notice: null, history: [{ completedAt, notice, followUp: null, waiver: null, closedAt: '2026-11-30T09:00:00.000Z' }] });
    expect(startClosureRound(second, completedAt)).toBeNull();
    const third = startClosureRound(second, '2026-12-24T09:00:00.000Z')!;
    expect(third.history!.map((round) => round.completedAt)).toEqual([completedAt, '2026-12-05T09:00:00.000Z']);
    expect(third.history![1]!.closedAt).toBeNull();
  });

  test("a Won't-have told before it was done after all keeps its notice as a round", () => {
    const wontHave: ClosureRecord = { completedAt: null, notice, followUp: null, waiver: null };
    expect(startClosureRound(wontHave, completedAt)!.history).toEqual([{ completedAt: null, notice, followUp: null, waiver: null, closedAt: null }]);
  });
});

describe('archive line', () => {
  const followUp = { at: '2026-11-28T09:00:00.000Z', answers: [{ customer: '中型汽车零部件制造商', satisfaction: 5, comment: '' }, { customer: 'CUS202405003', satisfaction: 4, comment: '' }] };

  test('notice and follow-up in one line', () => {
    expect(closureArchiveLine(record({ notice, followUp }))).toBe(
      'Done 2026-11-20 · Told 中型汽车零部件制造商, CUS202405003 by phone on 2026-11-20: False alarms down from 15 % to 3 % · Follow-up 2026-11-28: 中型汽车零部件制造商 5/5, CUS202405003 4/5',
    );
  });

  test("a waiver names who waived and why; a Won't-have names its reason", () => {
    expect(closureArchiveLine(record({ notice, waiver: { by: 'm', byName: 'Maria Manager', reason: 'customer unreachable', at: completedAt } }))).toContain('· Follow-up waived by Maria Manager: customer unreachable');
    expect(closureArchiveLine(record({ notice, waiver: { by: 'm', reason: 'customer unreachable', at: completedAt } }))).toContain('· Follow-up waived: customer unreachable');
    expect(closureArchiveLine(record({ completedAt: null, notice }), 'Out of the product scope')).toBe(
      "Won't-have: Out of the product scope · Told 中型汽车零部件制造商, CUS202405003 by phone on 2026-11-20: False alarms down from 15 % to 3 %",
    );
    expect(closureArchiveLine(record({ completedAt: null }), ' ')).toBe('Customer not told');
  });

  test('a long summary is shortened so the line fits a Jira text field, never splitting a character', () => {
    const long = record({ notice: { ...notice, summary: '😀'.repeat(400) }, followUp });
    const line = closureArchiveLine(long);
    expect(Array.from(line).length).toBeLessThanOrEqual(ARCHIVE_LINE_MAX);
    expect(line).toContain('😀…');
    expect(line).toContain('Follow-up 2026-11-28');
    expect(line.length).toBeLessThanOrEqual(ARCHIVE_LINE_MAX * 2);
    const crowded = record({ notice: { ...notice, customers: Array.from({ length: 40 }, (_, index) => `Customer number ${index}`) } });
    expect(Array.from(closureArchiveLine(crowded)).length).toBe(ARCHIVE_LINE_MAX);
    expect(closureArchiveLine(record({ waiver: { by: 'm', reason: 'r'.repeat(400), at: completedAt } })).endsWith('…')).toBe(true);
  });
});
