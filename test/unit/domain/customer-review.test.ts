import {
  confirmedOn,
  customersDueForReview,
  daysSinceConfirmed,
  isReviewDue,
  REVIEW_AFTER_DAYS,
  reviewQuarterOf,
  reviewReminderDecision,
} from '../../../src/domain/customer-review';

const customer = (number: string, createdAt: string, reviewedOn?: string | null, erasedAt: string | null = null) => ({
  number,
  createdAt,
  erasedAt,
  ...(reviewedOn === undefined ? {} : { reviewedOn }),
});

describe('quarterly customer review', () => {
  test('due from the 91st day after the last confirmation, or after creation when never confirmed', () => {
    expect(REVIEW_AFTER_DAYS).toBe(91);
    expect(isReviewDue(customer('CUS1', '2026-01-01T08:00:00.000Z'), '2026-04-01')).toBe(false);
    expect(isReviewDue(customer('CUS1', '2026-01-01T08:00:00.000Z'), '2026-04-02')).toBe(true);
    expect(isReviewDue(customer('CUS1', '2025-01-01T08:00:00.000Z', '2026-03-01'), '2026-04-02')).toBe(false);
    expect(isReviewDue(customer('CUS1', '2025-01-01T08:00:00.000Z', null), '2026-04-02')).toBe(true);
  });
  test('an erased customer is never due', () => {
    expect(isReviewDue(customer('CUS1', '2025-01-01T08:00:00.000Z', null, '2025-02-01T00:00:00.000Z'), '2026-04-02')).toBe(false);
  });
  test('longest unconfirmed first, then by number; the days since are counted', () => {
    const due = customersDueForReview(
      [
        customer('CUS3', '2025-06-01T00:00:00.000Z'),
        customer('CUS2', '2025-01-01T00:00:00.000Z', '2025-06-01'),
        customer('CUS1', '2025-06-01T00:00:00.000Z'),
        customer('CUS4', '2026-03-30T00:00:00.000Z'),
        customer('CUS6', '2025-09-01T00:00:00.000Z'),
        customer('CUS5', '2025-03-01T00:00:00.000Z'),
      ],
      '2026-04-02',
    );
    expect(due.map((entry) => entry.number)).toEqual(['CUS5', 'CUS1', 'CUS2', 'CUS3', 'CUS6']);
    expect(confirmedOn(due[2]!)).toBe('2025-06-01');
    expect(daysSinceConfirmed(due[1]!, '2026-04-02')).toBe(305);
  });

  test('the reminder goes out once a quarter while anyone is due', () => {
    expect(reviewQuarterOf('2026-12-07')).toEqual({ id: '2026-Q4', year: 2026, quarter: 4 });
    expect(reviewQuarterOf('2026-01-01').id).toBe('2026-Q1');
    expect(reviewQuarterOf('2026-03-31').id).toBe('2026-Q1');
    expect(reviewQuarterOf('2026-04-01').id).toBe('2026-Q2');
    expect(reviewReminderDecision({ dueCount: 0, quarter: '2026-Q4', last: null })).toEqual({ action: 'none' });
    expect(reviewReminderDecision({ dueCount: 3, quarter: '2026-Q4', last: null })).toEqual({ action: 'open-quarter' });
    // Already reminded this quarter: nothing more for a list that grew a little, or shrank.
    expect(reviewReminderDecision({ dueCount: 3, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 3 } })).toEqual({
      action: 'none',
    });
    expect(reviewReminderDecision({ dueCount: 12, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 3 } })).toEqual({
      action: 'none',
    });
    expect(reviewReminderDecision({ dueCount: 1, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 3 } })).toEqual({
      action: 'none',
    });
    // A new quarter opens a new reminder, whatever the last one said.
    expect(reviewReminderDecision({ dueCount: 1, quarter: '2027-Q1', last: { quarter: '2026-Q4', dueCount: 3 } })).toEqual({
      action: 'open-quarter',
    });
  });
  test('within the quarter, once more each time the list at least doubled and grew by ten', () => {
    expect(reviewReminderDecision({ dueCount: 13, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 3 } })).toEqual({
      action: 'grown',
      since: 3,
    });
    expect(reviewReminderDecision({ dueCount: 79, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 40 } })).toEqual({
      action: 'none',
    });
    expect(reviewReminderDecision({ dueCount: 80, quarter: '2026-Q4', last: { quarter: '2026-Q4', dueCount: 40 } })).toEqual({
      action: 'grown',
      since: 40,
    });
  });
});
