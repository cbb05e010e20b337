import { confirmedOn, customersDueForReview, daysSinceConfirmed, isReviewDue, REVIEW_AFTER_DAYS } from '../../../src/domain/customer-review';

const customer = (number: string, createdAt: string, reviewedOn?: string | null, erasedAt: string | null = null) => ({ number, createdAt, erasedAt, ...(reviewedOn === undefined ? {} : { reviewedOn }) });

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
      [customer('CUS3', '2025-06-01T00:00:00.000Z'), customer('CUS2', '2025-01-01T00:00:00.000Z', '2025-06-01'), customer('CUS1', '2025-06-01T00:00:00.000Z'), customer('CUS4', '2026-03-30T00:00:00.000Z'), customer('CUS6', '2025-09-01T00:00:00.000Z'), customer('CUS5', '2025-03-01T00:00:00.000Z')],
      '2026-04-02',
    );
    expect(due.map((entry) => entry.number)).toEqual(['CUS5', 'CUS1', 'CUS2', 'CUS3', 'CUS6']);
    expect(confirmedOn(due[2]!)).toBe('2025-06-01');
    expect(daysSinceConfirmed(due[1]!, '2026-04-02')).toBe(305);
  });
});
