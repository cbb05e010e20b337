import { serverText } from '../../../support/server-text';
import {
  ARCHIVE_LINE_MAX,
  closeBlockers,
  closureArchiveLine,
  closureDueTimes,
  closureStage,
  FUTURE_TOLERANCE_MS,
  MAX_NOTICE_CUSTOMERS,
  NOTICE_CHANNELS,
  NOTICE_WITHIN_HOURS,
  startClosureRound,
  UNSATISFIED_AT,
  validateFollowUp,
  validateNotice,
  validateWaiver,
  type ClosureRecord,
  type CustomerNotice,
} from '../../../../src/domain/delivery/closure';
import { MAX_NOTE_LENGTH } from '../../../../src/domain/delivery/input-checks';
import { english } from '../../../support/server-text';

/** The closure loop's rules beyond the foundation's: Jira's "now", Won't-have notices, rounds, waivers and the archive line. */

const completedAt = '2026-11-20T09:00:00.000Z';
const now = new Date('2026-11-20T12:00:00.000Z');
const notice: CustomerNotice = {
  channel: 'phone',
  at: '2026-11-20T10:00:00.000Z',
  summary: 'False alarms down from 15 % to 3 %',
  customers: ['中型汽车零部件制造商', 'CUS202405003'],
};
const record = (changes: Partial<ClosureRecord> = {}): ClosureRecord => ({
  completedAt,
  notice: null,
  followUp: null,
  waiver: null,
  ...changes,
});
const window = { from: 7, to: 14 };

describe('notice', () => {
  test('not in the future beyond five minutes of Jira time', () => {
    expect(FUTURE_TOLERANCE_MS).toBe(300_000);
    expect(validateNotice({ ...notice, at: '2026-11-20T12:04:00.000Z' }, completedAt, { now }).ok).toBe(true);
    expect(validateNotice({ ...notice, at: '2026-11-20T12:06:00.000Z' }, completedAt, { now })).toMatchObject({
      ok: false,
      violations: [{ field: 'at', rule: 'order', message: 'Told on cannot be in the future.' }],
    });
  });

  test("a Won't-have is told without completion; others only once done", () => {
    expect(validateNotice(notice, null, { now, wontHave: true })).toEqual({ ok: true, value: notice });
    expect(validateNotice(notice, null, { now })).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
  });

  test('customers are trimmed and counted once; too many or too long is refused', () => {
    expect(validateNotice({ ...notice, customers: [' A ', 'A', 'B'] }, completedAt)).toMatchObject({
      ok: true,
      value: { customers: ['A', 'B'] },
    });
    const many = Array.from({ length: MAX_NOTICE_CUSTOMERS + 1 }, (_, index) => `C${index}`);
    expect(validateNotice({ ...notice, customers: many }, completedAt)).toMatchObject({
      ok: false,
      violations: [{ field: 'customers', rule: 'length' }],
    });
    expect(validateNotice({ ...notice, customers: ['x'.repeat(201)] }, completedAt)).toMatchObject({
      ok: false,
      violations: [{ field: 'customers', rule: 'length' }],
    });
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
      violations: [
        { field: 'answers', rule: 'required', message: 'Record the satisfaction of every customer told; missing: CUS202405003.' },
      ],
    });
    expect(validateFollowUp({ at: '2026-11-28T09:00:00.000Z', answers: [...answers, answers[0]] }, notice)).toMatchObject({
      ok: false,
      violations: [{ field: 'answers.2.customer', rule: 'unique' }],
    });
  });

  test('satisfaction 0 and 6 are refused naming the row; comments are limited; not in the future', () => {
    const bad = validateFollowUp(
      {
        at: '2026-11-28T09:00:00.000Z',
        answers: [
          { ...answers[0], satisfaction: 0 },
          { ...answers[1], satisfaction: 6, comment: 'x'.repeat(MAX_NOTE_LENGTH + 1) },
        ],
      },
      notice,
    );
    expect(bad).toMatchObject({
      ok: false,
      violations: [
        { field: 'answers.0.satisfaction', rule: 'range' },
        { field: 'answers.1.satisfaction', rule: 'range' },
        { field: 'answers.1.comment', rule: 'length' },
      ],
    });
    expect(validateFollowUp({ at: '2026-11-21T09:00:00.000Z', answers }, notice, { now })).toMatchObject({
      ok: false,
      violations: [{ field: 'at', rule: 'order', message: 'Followed up on cannot be in the future.' }],
    });
  });
});

test('a waiver needs a reason and a done requirement', () => {
  expect(validateWaiver({ reason: ' customer unreachable ' }, completedAt)).toEqual({
    ok: true,
    value: { reason: 'customer unreachable' },
  });
  expect(validateWaiver({ reason: ' ' }, null)).toMatchObject({
    ok: false,
    violations: [
      { field: 'waiver', rule: 'order' },
      { field: 'reason', rule: 'required' },
    ],
  });
  expect(validateWaiver({ reason: 'x'.repeat(MAX_NOTE_LENGTH + 1) }, completedAt)).toMatchObject({
    ok: false,
    violations: [{ field: 'reason', rule: 'length' }],
  });
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
    expect(closureDueTimes(record({ completedAt: null }), window)).toEqual({
      noticeDueAt: null,
      followUpFrom: null,
      followUpTo: null,
    });
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
    expect(second).toMatchObject({
      completedAt: '2026-12-05T09:00:00.000Z',
      notice: null,
      history: [{ completedAt, notice, followUp: null, waiver: null, closedAt: '2026-11-30T09:00:00.000Z' }],
    });
    expect(startClosureRound(second, completedAt)).toBeNull();
    const third = startClosureRound(second, '2026-12-24T09:00:00.000Z')!;
    expect(third.history!.map((round) => round.completedAt)).toEqual([completedAt, '2026-12-05T09:00:00.000Z']);
    expect(third.history![1]!.closedAt).toBeNull();
  });

  test("a Won't-have told before it was done after all keeps its notice as a round", () => {
    const wontHave: ClosureRecord = { completedAt: null, notice, followUp: null, waiver: null };
    expect(startClosureRound(wontHave, completedAt)!.history).toEqual([
      { completedAt: null, notice, followUp: null, waiver: null, closedAt: null },
    ]);
  });
});

describe('archive line', () => {
  const inEnglish = (line: ClosureRecord, reason: string | null = null, max?: number) =>
    closureArchiveLine(line, reason, (sentence) => serverText('en-US', sentence.key, sentence.params), max);
  const inChinese = (line: ClosureRecord, reason: string | null = null) =>
    closureArchiveLine(line, reason, (sentence) => serverText('zh-CN', sentence.key, sentence.params));
  const followUp = {
    at: '2026-11-28T09:00:00.000Z',
    answers: [
      { customer: '中型汽车零部件制造商', satisfaction: 5, comment: '' },
      { customer: 'CUS202405003', satisfaction: 4, comment: '' },
    ],
  };

  test('notice and follow-up in one line', () => {
    expect(inEnglish(record({ notice, followUp }))).toBe(
      'Done 2026-11-20 · Told 中型汽车零部件制造商, CUS202405003 by phone on 2026-11-20: False alarms down from 15 % to 3 % · Follow-up 2026-11-28: 中型汽车零部件制造商 5/5, CUS202405003 4/5',
    );
  });

  test('the line is written in one language at a time, the channel named in it', () => {
    expect(inChinese(record({ notice, followUp }))).toBe(
      '2026-11-20 完成 · 2026-11-20 已通过电话告知 中型汽车零部件制造商, CUS202405003：False alarms down from 15 % to 3 % · 2026-11-28 回访：中型汽车零部件制造商 5/5, CUS202405003 4/5',
    );
    expect(inChinese(record({ completedAt: null }), '超出产品范围')).toBe('不做：超出产品范围 · 未告知客户');
    expect(Array.from(inEnglish(record({ notice: { ...notice, summary: 'x'.repeat(400) } }), null, 100)).length).toBe(100);
  });

  test("a waiver names who waived and why; a Won't-have names its reason", () => {
    expect(
      inEnglish(
        record({ notice, waiver: { by: 'm', byName: 'Maria Manager', reason: 'customer unreachable', at: completedAt } }),
      ),
    ).toContain('· Follow-up waived by Maria Manager: customer unreachable');
    expect(inEnglish(record({ notice, waiver: { by: 'm', reason: 'customer unreachable', at: completedAt } }))).toContain(
      '· Follow-up waived: customer unreachable',
    );
    expect(inEnglish(record({ completedAt: null, notice }), 'Out of the product scope')).toBe(
      "Won't-have: Out of the product scope · Told 中型汽车零部件制造商, CUS202405003 by phone on 2026-11-20: False alarms down from 15 % to 3 %",
    );
    expect(inEnglish(record({ completedAt: null }), ' ')).toBe('Customer not told');
  });

  test('a long summary is shortened so the line fits a Jira text field, never splitting a character', () => {
    const long = record({ notice: { ...notice, summary: '😀'.repeat(400) }, followUp });
    const line = inEnglish(long);
    expect(Array.from(line).length).toBeLessThanOrEqual(ARCHIVE_LINE_MAX);
    expect(line).toContain('😀…');
    expect(line).toContain('Follow-up 2026-11-28');
    expect(line.length).toBeLessThanOrEqual(ARCHIVE_LINE_MAX * 2);
    const crowded = record({
      notice: { ...notice, customers: Array.from({ length: 40 }, (_, index) => `Customer number ${index}`) },
    });
    expect(Array.from(inEnglish(crowded)).length).toBe(ARCHIVE_LINE_MAX);
    expect(inEnglish(record({ waiver: { by: 'm', reason: 'r'.repeat(400), at: completedAt } })).endsWith('…')).toBe(true);
  });
});

describe('closure-feedback loop', () => {
  const completedAt = '2026-11-20T09:00:00Z';
  const notice: CustomerNotice = {
    channel: 'phone',
    at: '2026-11-20T15:00:00Z',
    summary: 'Alarm threshold tuned',
    customers: ['CUS202405001'],
  };
  const record = (changes: Partial<ClosureRecord>): ClosureRecord => ({
    completedAt,
    notice: null,
    followUp: null,
    waiver: null,
    ...changes,
  });
  const window = { from: 7, to: 14 };

  test('a notice names channel, time after completion, summary and customers', () => {
    expect(validateNotice(notice, completedAt)).toEqual({ ok: true, value: notice });
    expect(validateNotice({ ...notice, at: '2026-11-19T09:00:00Z' }, completedAt)).toMatchObject({
      ok: false,
      violations: [{ field: 'at', rule: 'order' }],
    });
    expect(validateNotice(notice, null)).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
    expect(validateNotice({ channel: 'fax', at: 'yesterday', summary: ' ', customers: [' '] }, completedAt)).toMatchObject({
      ok: false,
      violations: [
        { field: 'channel' },
        { field: 'at', rule: 'type' },
        { field: 'summary', rule: 'required' },
        { field: 'customers', rule: 'required' },
      ],
    });
    expect(validateNotice({ ...notice, summary: 'x'.repeat(MAX_NOTE_LENGTH + 1), customers: 'CUS1' }, completedAt)).toMatchObject(
      {
        ok: false,
        violations: [{ field: 'summary', rule: 'length' }, { field: 'customers' }],
      },
    );
    expect(validateNotice(null, completedAt)).toMatchObject({ ok: false });
    expect(NOTICE_CHANNELS).toContain('wechat');
  });

  test('a follow-up comes after the notice with satisfaction 1-5 per customer', () => {
    const answer = { customer: 'CUS202405001', satisfaction: 5, comment: ' works ' };
    expect(validateFollowUp({ at: '2026-11-28T09:00:00Z', answers: [answer] }, notice)).toEqual({
      ok: true,
      value: { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'CUS202405001', satisfaction: 5, comment: 'works' }] },
    });
    expect(
      validateFollowUp(
        {
          at: '2026-11-28T09:00:00Z',
          answers: [
            { ...answer, satisfaction: 0 },
            { customer: '', satisfaction: 6 },
            { customer: 'X', satisfaction: 2.5 },
          ],
        },
        notice,
      ),
    ).toMatchObject({
      ok: false,
      violations: [
        { field: 'answers.0.satisfaction', rule: 'range' },
        { field: 'answers.1.customer', rule: 'required' },
        { field: 'answers.1.satisfaction', rule: 'range' },
        { field: 'answers.2.customer', rule: 'enum' },
        { field: 'answers.2.satisfaction', rule: 'range' },
      ],
    });
    expect(validateFollowUp({ at: '2026-11-19T09:00:00Z', answers: [answer] }, notice)).toMatchObject({
      ok: false,
      violations: [{ field: 'at', rule: 'order' }],
    });
    expect(validateFollowUp({ at: 'soon', answers: 'none' }, null)).toMatchObject({
      ok: false,
      violations: [
        { field: 'followUp', rule: 'order' },
        { field: 'at', rule: 'type' },
        { field: 'answers', rule: 'required' },
      ],
    });
    expect(validateFollowUp(7, notice)).toMatchObject({ ok: false });
    expect(validateFollowUp({ at: '2026-11-28T09:00:00Z', answers: [7] }, notice)).toMatchObject({
      ok: false,
      violations: [{ field: 'answers.0.customer' }, { field: 'answers.0.satisfaction' }, { field: 'answers', rule: 'required' }],
    });
  });

  test('the stage moves from notice due to overdue at 24 h, then through the follow-up window', () => {
    expect(NOTICE_WITHIN_HOURS).toBe(24);
    expect(closureStage(record({ completedAt: null }), new Date('2026-11-20T10:00:00Z'), window)).toBe('not-done');
    expect(closureStage(record({}), new Date('2026-11-21T08:59:00Z'), window)).toBe('notice-due');
    expect(closureStage(record({}), new Date('2026-11-21T09:01:00Z'), window)).toBe('notice-overdue');
    expect(closureStage(record({ notice }), new Date('2026-11-25T09:00:00Z'), window)).toBe('follow-up-pending');
    expect(closureStage(record({ notice }), new Date('2026-11-28T09:00:00Z'), window)).toBe('follow-up-due');
    expect(closureStage(record({ notice }), new Date('2026-12-10T09:00:00Z'), window)).toBe('follow-up-overdue');
    const answers = (satisfaction: number) => ({
      at: '2026-11-28T09:00:00Z',
      answers: [{ customer: 'C', satisfaction, comment: '' }],
    });
    expect(closureStage(record({ notice, followUp: answers(5) }), new Date('2026-11-28T10:00:00Z'), window)).toBe(
      'ready-to-close',
    );
    expect(closureStage(record({ notice, followUp: answers(2) }), new Date('2026-11-28T10:00:00Z'), window)).toBe('unsatisfied');
    expect(
      closureStage(
        record({ waiver: { by: 'm', reason: 'customer unreachable', at: completedAt } }),
        new Date('2026-11-28T10:00:00Z'),
        window,
      ),
    ).toBe('ready-to-close');
  });

  test('closing says exactly what is missing', () => {
    expect(english(closeBlockers(record({}), null))).toEqual([
      'Record that the customer was told the result (channel, date, summary).',
      "Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.",
    ]);
    expect(english(closeBlockers(record({ notice }), null))).toEqual([
      "Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.",
    ]);
    expect(english(closeBlockers(record({ waiver: { by: 'm', reason: 'r', at: completedAt } }), null))).toEqual([]);
    expect(
      english(
        closeBlockers(
          record({
            notice,
            followUp: { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'C', satisfaction: 4, comment: '' }] },
          }),
          null,
        ),
      ),
    ).toEqual([]);
    expect(english(closeBlockers(record({}), { reason: ' ' }))).toEqual([
      "Record why it won't be done (Won't-have reason).",
      "Record that the customer was told it won't be done.",
    ]);
    expect(english(closeBlockers(record({ notice }), { reason: 'out of scope' }))).toEqual([]);
    expect(english(closeBlockers(record({ notice }), { reason: null }))).toEqual([
      "Record why it won't be done (Won't-have reason).",
    ]);
  });
});
