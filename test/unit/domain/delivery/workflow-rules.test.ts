import type { ClosureRecord, CustomerNotice } from '../../../../src/domain/delivery/closure';
import { FEASIBILITY_DIMENSIONS, type FeasibilityMark } from '../../../../src/domain/delivery/feasibility';
import {
  closeRuleBlockers,
  startBlockers,
  transitionRuleMessage,
  TRANSITION_RULES,
} from '../../../../src/domain/delivery/workflow-rules';
import { message } from '../../../../src/domain/messages';
import { english } from '../../../support/server-text';

const mark = (dimension: FeasibilityMark['dimension'], verdict: FeasibilityMark['verdict'], at: string): FeasibilityMark => ({
  dimension,
  verdict,
  note: verdict === 'feasible' ? '' : 'why',
  by: { accountId: 'a', displayName: 'A' },
  at,
});

describe('workflow rules', () => {
  const notice: CustomerNotice = {
    channel: 'email',
    at: '2026-11-20T15:00:00Z',
    summary: 'Shipped',
    customers: ['CUS202405001'],
  };
  const followUp = { at: '2026-11-28T09:00:00Z', answers: [{ customer: 'CUS202405001', satisfaction: 4, comment: '' }] };
  const empty: ClosureRecord = { completedAt: null, notice: null, followUp: null, waiver: null };
  const delivered = { delivered: true, moscow: 'Must', wontHaveReason: null, mergedDuplicate: false };

  test('a move to In progress needs all three feasibility marks, none of them not feasible', () => {
    const history = [
      mark('technical', 'not-feasible', '2026-11-01T10:00:00Z'),
      mark('technical', 'feasible', '2026-11-02T10:00:00Z'),
      mark('compliance', 'not-feasible', '2026-11-02T10:00:00Z'),
    ];
    expect(english(startBlockers(history))).toEqual([
      'Mark the business feasibility first.',
      'The compliance feasibility is marked not feasible; it must be marked feasible (or feasible with conditions) first.',
    ]);
    expect(english(startBlockers([]))).toEqual([
      'Mark the technical feasibility first.',
      'Mark the business feasibility first.',
      'Mark the compliance feasibility first.',
    ]);
    expect(
      english(startBlockers(FEASIBILITY_DIMENSIONS.map((dimension) => mark(dimension, 'feasible', '2026-11-02T10:00:00Z')))),
    ).toEqual([]);
  });

  test('a delivered requirement closes once the customer was told and answered, or a manager waived it', () => {
    expect(english(closeRuleBlockers(empty, delivered))).toEqual([
      'Record that the customer was told the result (channel, date, summary).',
      "Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.",
    ]);
    expect(english(closeRuleBlockers({ ...empty, notice, followUp }, delivered))).toEqual([]);
    expect(
      english(
        closeRuleBlockers(
          { ...empty, waiver: { by: 'm', reason: 'customer unreachable', at: '2026-11-21T00:00:00Z' } },
          delivered,
        ),
      ),
    ).toEqual([]);
  });

  test("a Won't-have, and anything closed before Done, needs its reason and the notice", () => {
    const wont = { ...delivered, moscow: "won't" };
    expect(english(closeRuleBlockers(empty, wont))).toEqual([
      "Record why it won't be done (Won't-have reason).",
      "Record that the customer was told it won't be done.",
    ]);
    expect(english(closeRuleBlockers({ ...empty, notice }, { ...wont, wontHaveReason: 'Out of scope' }))).toEqual([]);
    // A waiver does not stand in for telling the customer it will not be done.
    expect(
      english(
        closeRuleBlockers(
          { ...empty, waiver: { by: 'm', reason: 'r', at: '2026-11-21T00:00:00Z' } },
          { ...wont, wontHaveReason: 'Out of scope' },
        ),
      ),
    ).toEqual(["Record that the customer was told it won't be done."]);
    const rejected = { ...delivered, delivered: false, moscow: null };
    expect(english(closeRuleBlockers(empty, { ...rejected, wontHaveReason: 'Duplicate of a contract clause' }))).toEqual([
      "Record that the customer was told it won't be done.",
    ]);
    expect(english(closeRuleBlockers({ ...empty, notice, followUp }, rejected))).toEqual([
      "Record why it won't be done (Won't-have reason).",
    ]);
  });

  test('a merged duplicate closes whatever its record says', () => {
    expect(english(closeRuleBlockers(empty, { ...delivered, delivered: false, mergedDuplicate: true }))).toEqual([]);
  });

  test('the message names what the rule guards, then one sentence per gap', () => {
    expect(TRANSITION_RULES).toEqual(['start', 'close']);
    expect(
      english(
        transitionRuleMessage('start', [
          message('server.blocker.feasibility_missing.technical'),
          message('server.blocker.feasibility_missing.business'),
        ]),
      ).join(' '),
    ).toBe(
      'This requirement cannot move to In progress yet. Mark the technical feasibility first. Mark the business feasibility first.',
    );
    expect(english(transitionRuleMessage('close', [message('server.blocker.wont_notice')])).join(' ')).toBe(
      "This requirement cannot be closed yet. Record that the customer was told it won't be done.",
    );
  });
});
