import {
  addDays,
  closeBlockers,
  closureStage,
  daysBetween,
  dueDateForGrade,
  FEASIBILITY_DIMENSIONS,
  FEASIBILITY_VERDICTS,
  latestMarks,
  NOTICE_WITHIN_HOURS,
  MAX_NOTE_LENGTH,
  needsReview,
  NOTICE_CHANNELS,
  overdueReminder,
  startBlockers,
  closeRuleBlockers,
  transitionRuleMessage,
  TRANSITION_RULES,
  summariseFeasibility,
  validateFeasibilityInput,
  validateFollowUp,
  validateNotice,
  type ClosureRecord,
  type CustomerNotice,
  type FeasibilityMark,
} from '../../../src/domain/delivery';
import { message } from '../../../src/domain/messages';
import { english } from '../../support/server-text';

const mark = (dimension: FeasibilityMark['dimension'], verdict: FeasibilityMark['verdict'], at: string): FeasibilityMark => ({
  dimension,
  verdict,
  note: verdict === 'feasible' ? '' : 'why',
  by: { accountId: 'a', displayName: 'A' },
  at,
});

describe('feasibility marks', () => {
  test('a plain yes needs no note; a condition or a no needs one', () => {
    expect(validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible' })).toEqual({ ok: true, value: { dimension: 'technical', verdict: 'feasible', note: '' } });
    expect(validateFeasibilityInput({ dimension: 'compliance', verdict: 'conditional', note: ' PIPL consent first ' })).toEqual({
      ok: true,
      value: { dimension: 'compliance', verdict: 'conditional', note: 'PIPL consent first' },
    });
    expect(validateFeasibilityInput({ dimension: 'business', verdict: 'not-feasible', note: '  ' })).toMatchObject({ ok: false, violations: [{ field: 'note', rule: 'required' }] });
  });

  test('every problem names its field and rule', () => {
    expect(validateFeasibilityInput('x')).toMatchObject({ ok: false, violations: [{ field: 'dimension', rule: 'enum' }, { field: 'verdict', rule: 'enum' }] });
    expect(validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible', note: 5 })).toMatchObject({ ok: false, violations: [{ field: 'note', rule: 'type' }] });
    expect(validateFeasibilityInput({ dimension: 'technical', verdict: 'feasible', note: 'x'.repeat(MAX_NOTE_LENGTH + 1) })).toMatchObject({
      ok: false,
      violations: [{ field: 'note', rule: 'length', params: { max: MAX_NOTE_LENGTH } }],
    });
  });

  test('the verdicts, and the newest mark per dimension', () => {
    expect(FEASIBILITY_VERDICTS).toEqual(['feasible', 'conditional', 'not-feasible']);
    const older = mark('technical', 'conditional', '2026-11-01T10:00:00Z');
    const newer = mark('technical', 'feasible', '2026-11-03T10:00:00Z');
    expect(latestMarks([newer, older])).toEqual({ technical: newer });
  });

  test('the newest mark per dimension counts; missing and not-feasible dimensions are listed', () => {
    const history = [mark('technical', 'not-feasible', '2026-11-01T10:00:00Z'), mark('technical', 'feasible', '2026-11-02T10:00:00Z'), mark('compliance', 'not-feasible', '2026-11-02T10:00:00Z')];
    expect(summariseFeasibility(history)).toEqual({ missing: ['business'], notFeasible: ['compliance'] });
    expect(summariseFeasibility([mark('technical', 'feasible', '2026-11-02T10:00:00Z'), mark('technical', 'not-feasible', '2026-11-01T10:00:00Z')]).notFeasible).toEqual([]);
    expect(english(startBlockers(history))).toEqual([
      'Mark the business feasibility first.',
      'The compliance feasibility is marked not feasible; it must be marked feasible (or feasible with conditions) first.',
    ]);
    expect(english(startBlockers([]))).toEqual(['Mark the technical feasibility first.', 'Mark the business feasibility first.', 'Mark the compliance feasibility first.']);
    expect(english(startBlockers(FEASIBILITY_DIMENSIONS.map((dimension) => mark(dimension, 'feasible', '2026-11-02T10:00:00Z'))))).toEqual([]);
  });
});

describe('deadlines and overdue reminders', () => {
  const deadlineDays = { S: 30, A: 60, B: 90, C: null };

  test('the due date follows the grade from the day of acceptance; C has none', () => {
    expect(dueDateForGrade('2026-11-23', 'A', deadlineDays)).toBe('2027-01-22');
    expect(dueDateForGrade('2026-11-23', 'C', deadlineDays)).toBeNull();
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
    expect(daysBetween('2026-11-20', '2026-11-23')).toBe(3);
  });

  test('one reminder per day, the manager after the configured number of days, nothing when done or not due', () => {
    const base = { dueDate: '2026-11-20', done: false, today: '2026-11-23', lastRemindedOn: null, escalateAfterDays: 5 };
    expect(overdueReminder(base)).toEqual({ action: 'remind', daysOverdue: 3 });
    expect(overdueReminder({ ...base, lastRemindedOn: '2026-11-23' })).toEqual({ action: 'none' });
    expect(overdueReminder({ ...base, lastRemindedOn: '2026-11-22' })).toEqual({ action: 'remind', daysOverdue: 3 });
    expect(overdueReminder({ ...base, today: '2026-11-26' })).toEqual({ action: 'escalate', daysOverdue: 6 });
    expect(overdueReminder({ ...base, done: true })).toEqual({ action: 'none' });
    expect(overdueReminder({ ...base, dueDate: null })).toEqual({ action: 'none' });
    expect(overdueReminder({ ...base, dueDate: '2026-11-23' })).toEqual({ action: 'none' });
  });
});

describe('closure-feedback loop', () => {
  const completedAt = '2026-11-20T09:00:00Z';
  const notice: CustomerNotice = { channel: 'phone', at: '2026-11-20T15:00:00Z', summary: 'Alarm threshold tuned', customers: ['CUS202405001'] };
  const record = (changes: Partial<ClosureRecord>): ClosureRecord => ({ completedAt, notice: null, followUp: null, waiver: null, ...changes });
  const window = { from: 7, to: 14 };

  test('a notice names channel, time after completion, summary and customers', () => {
    expect(validateNotice(notice, completedAt)).toEqual({ ok: true, value: notice });
    expect(validateNotice({ ...notice, at: '2026-11-19T09:00:00Z' }, completedAt)).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
    expect(validateNotice(notice, null)).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
    expect(validateNotice({ channel: 'fax', at: 'yesterday', summary: ' ', customers: [' '] }, completedAt)).toMatchObject({
      ok: false,
      violations: [{ field: 'channel' }, { field: 'at', rule: 'type' }, { field: 'summary', rule: 'required' }, { field: 'customers', rule: 'required' }],
    });
    expect(validateNotice({ ...notice, summary: 'x'.repeat(MAX_NOTE_LENGTH + 1), customers: 'CUS1' }, completedAt)).toMatchObject({
      ok: false,
      violations: [{ field: 'summary', rule: 'length' }, { field: 'customers' }],
    });
    expect(validateNotice(null, completedAt)).toMatchObject({ ok: false });
    expect(NOTICE_CHANNELS).toContain('wechat');
  });

  test('a follow-up comes after the notice with satisfaction 1-5 per customer', () => {
    const answer = { customer: 'CUS202405001', satisfaction: 5, comment: ' works ' };
    expect(validateFollowUp({ at: '2026-11-28T09:00:00Z', answers: [answer] }, notice)).toEqual({
      ok: true,
      value: { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'CUS202405001', satisfaction: 5, comment: 'works' }] },
    });
    expect(validateFollowUp({ at: '2026-11-28T09:00:00Z', answers: [{ ...answer, satisfaction: 0 }, { customer: '', satisfaction: 6 }, { customer: 'X', satisfaction: 2.5 }] }, notice)).toMatchObject({
      ok: false,
      violations: [
        { field: 'answers.0.satisfaction', rule: 'range' },
        { field: 'answers.1.customer', rule: 'required' },
        { field: 'answers.1.satisfaction', rule: 'range' },
        { field: 'answers.2.customer', rule: 'enum' },
        { field: 'answers.2.satisfaction', rule: 'range' },
      ],
    });
    expect(validateFollowUp({ at: '2026-11-19T09:00:00Z', answers: [answer] }, notice)).toMatchObject({ ok: false, violations: [{ field: 'at', rule: 'order' }] });
    expect(validateFollowUp({ at: 'soon', answers: 'none' }, null)).toMatchObject({
      ok: false,
      violations: [{ field: 'followUp', rule: 'order' }, { field: 'at', rule: 'type' }, { field: 'answers', rule: 'required' }],
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
    const answers = (satisfaction: number) => ({ at: '2026-11-28T09:00:00Z', answers: [{ customer: 'C', satisfaction, comment: '' }] });
    expect(closureStage(record({ notice, followUp: answers(5) }), new Date('2026-11-28T10:00:00Z'), window)).toBe('ready-to-close');
    expect(closureStage(record({ notice, followUp: answers(2) }), new Date('2026-11-28T10:00:00Z'), window)).toBe('unsatisfied');
    expect(closureStage(record({ waiver: { by: 'm', reason: 'customer unreachable', at: completedAt } }), new Date('2026-11-28T10:00:00Z'), window)).toBe('ready-to-close');
  });

  test('closing says exactly what is missing', () => {
    expect(english(closeBlockers(record({}), null))).toEqual([
      'Record that the customer was told the result (channel, date, summary).',
      "Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.",
    ]);
    expect(english(closeBlockers(record({ notice }), null))).toEqual(["Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver."]);
    expect(english(closeBlockers(record({ waiver: { by: 'm', reason: 'r', at: completedAt } }), null))).toEqual([]);
    expect(english(closeBlockers(record({ notice, followUp: { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'C', satisfaction: 4, comment: '' }] } }), null))).toEqual([]);
    expect(english(closeBlockers(record({}), { reason: ' ' }))).toEqual(["Record why it won't be done (Won't-have reason).", "Record that the customer was told it won't be done."]);
    expect(english(closeBlockers(record({ notice }), { reason: 'out of scope' }))).toEqual([]);
    expect(english(closeBlockers(record({ notice }), { reason: null }))).toEqual(["Record why it won't be done (Won't-have reason)."]);
  });
});

describe('workflow rules', () => {
  const notice: CustomerNotice = { channel: 'email', at: '2026-11-20T15:00:00Z', summary: 'Shipped', customers: ['CUS202405001'] };
  const followUp = { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'CUS202405001', satisfaction: 4, comment: '' }] };
  const empty: ClosureRecord = { completedAt: null, notice: null, followUp: null, waiver: null };
  const delivered = { delivered: true, moscow: 'Must', wontHaveReason: null, mergedDuplicate: false };

  test('a delivered requirement closes once the customer was told and answered, or a manager waived it', () => {
    expect(english(closeRuleBlockers(empty, delivered))).toEqual([
      'Record that the customer was told the result (channel, date, summary).',
      "Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.",
    ]);
    expect(english(closeRuleBlockers({ ...empty, notice, followUp }, delivered))).toEqual([]);
    expect(english(closeRuleBlockers({ ...empty, waiver: { by: 'm', reason: 'customer unreachable', at: '2026-11-21T00:00:00Z' } }, delivered))).toEqual([]);
  });

  test("a Won't-have, and anything closed before Done, needs its reason and the notice", () => {
    const wont = { ...delivered, moscow: "won't" };
    expect(english(closeRuleBlockers(empty, wont))).toEqual(["Record why it won't be done (Won't-have reason).", "Record that the customer was told it won't be done."]);
    expect(english(closeRuleBlockers({ ...empty, notice }, { ...wont, wontHaveReason: 'Out of scope' }))).toEqual([]);
    // A waiver does not stand in for telling the customer it will not be done.
    expect(english(closeRuleBlockers({ ...empty, waiver: { by: 'm', reason: 'r', at: '2026-11-21T00:00:00Z' } }, { ...wont, wontHaveReason: 'Out of scope' }))).toEqual([
      "Record that the customer was told it won't be done.",
    ]);
    const rejected = { ...delivered, delivered: false, moscow: null };
    expect(english(closeRuleBlockers(empty, { ...rejected, wontHaveReason: 'Duplicate of a contract clause' }))).toEqual(["Record that the customer was told it won't be done."]);
    expect(english(closeRuleBlockers({ ...empty, notice, followUp }, rejected))).toEqual(["Record why it won't be done (Won't-have reason)."]);
  });

  test('a merged duplicate closes whatever its record says', () => {
    expect(english(closeRuleBlockers(empty, { ...delivered, delivered: false, mergedDuplicate: true }))).toEqual([]);
  });

  test('the message names what the rule guards, then one sentence per gap', () => {
    expect(TRANSITION_RULES).toEqual(['start', 'close']);
    expect(english(transitionRuleMessage('start', [message('server.blocker.feasibility_missing.technical'), message('server.blocker.feasibility_missing.business')])).join(' ')).toBe(
      'This requirement cannot move to In progress yet. Mark the technical feasibility first. Mark the business feasibility first.',
    );
    expect(english(transitionRuleMessage('close', [message('server.blocker.wont_notice')])).join(' ')).toBe("This requirement cannot be closed yet. Record that the customer was told it won't be done.");
  });
});

test('the monthly review lists open requirements not re-scored for 30 days', () => {
  const base = { createdOn: '2026-01-05', done: false, today: '2026-11-23', days: 30 };
  // 30 full days since the last review: due; 29: not yet.
  expect(needsReview({ ...base, lastReviewedOn: '2026-10-24' })).toBe(true);
  expect(needsReview({ ...base, lastReviewedOn: '2026-10-25' })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: '2026-11-23' })).toBe(false);
  // Never reviewed: counted from the day it was created.
  expect(needsReview({ ...base, lastReviewedOn: null })).toBe(true);
  expect(needsReview({ ...base, lastReviewedOn: null, createdOn: '2026-10-25' })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: null, done: true })).toBe(false);
  expect(needsReview({ ...base, lastReviewedOn: '2026-11-21', days: 2 })).toBe(true);
});
