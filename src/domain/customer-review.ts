/**
 * The quarterly customer review (每季度复核客户标签准确性): every customer's type, size, industry
 * and region are confirmed as still right at least once a quarter. A customer is due when its
 * record was not confirmed (or created) within the last quarter; an erased one never is. Pure: the
 * caller passes the site's day.
 */
import type { Customer } from './customers';

/** A quarter, in days: due from the 91st day after the last confirmation. */
export const REVIEW_AFTER_DAYS = 91;
const DAY_MS = 86_400_000;

/** The day the record was last confirmed as right: its review, else its creation (yyyy-mm-dd). */
export const confirmedOn = (customer: Pick<Customer, 'createdAt'> & { reviewedOn?: string | null }): string =>
  customer.reviewedOn ?? customer.createdAt.slice(0, 10);

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

export function isReviewDue(
  customer: Pick<Customer, 'createdAt' | 'erasedAt'> & { reviewedOn?: string | null },
  today: string,
): boolean {
  return customer.erasedAt === null && daysBetween(confirmedOn(customer), today) >= REVIEW_AFTER_DAYS;
}

/** The customers due, longest unconfirmed first (then by number). */
export function customersDueForReview<
  T extends Pick<Customer, 'number' | 'createdAt' | 'erasedAt'> & { reviewedOn?: string | null },
>(customers: readonly T[], today: string): T[] {
  const order = (customer: T) => `${confirmedOn(customer)} ${customer.number}`;
  return customers
    .filter((customer) => isReviewDue(customer, today))
    .sort((left, right) => (order(left) < order(right) ? -1 : 1));
}

/** Days since the record was confirmed, for the list. */
export const daysSinceConfirmed = (
  customer: Pick<Customer, 'createdAt'> & { reviewedOn?: string | null },
  today: string,
): number => daysBetween(confirmedOn(customer), today);

// ---- the reminder to the customer-contact duty ---------------------------------------------------

/** A calendar quarter of the site's days: `2026-Q4`. */
export interface ReviewQuarter {
  id: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
}

export function reviewQuarterOf(day: string): ReviewQuarter {
  const year = Number(day.slice(0, 4));
  const quarter = (Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1) as ReviewQuarter['quarter'];
  return { id: `${year}-Q${quarter}`, year, quarter };
}

/** What the last reminder to a project's duty said: its quarter and how many customers were due then. */
export interface LastReviewReminder {
  quarter: string;
  dueCount: number;
}

/**
 * A list that grew this much since the quarter's reminder is reminded once more: at least twice as
 * many due and at least this many more (a big import, a batch from a quarter ago coming due). Less
 * than that is what the open quarter's issue already asks for; a reminder per new customer would be noise.
 */
const REVIEW_REGROWTH_MIN_MORE = 10;

export type ReviewReminderDecision = { action: 'none' } | { action: 'open-quarter' } | { action: 'grown'; since: number };

/**
 * Whether a project's duty is reminded now: once a quarter when any customer is due (the quarter's
 * issue), and once more within the quarter each time the list at least doubled (and grew by at least
 * REVIEW_REGROWTH_MIN_MORE) since the last reminder. `since` names the count it grew from, so two runs
 * that read the same last reminder claim the same reminder.
 */
export function reviewReminderDecision(input: {
  dueCount: number;
  quarter: string;
  last: LastReviewReminder | null;
}): ReviewReminderDecision {
  const { dueCount, quarter, last } = input;
  if (dueCount === 0) return { action: 'none' };
  if (!last || last.quarter !== quarter) return { action: 'open-quarter' };
  if (dueCount >= 2 * last.dueCount && dueCount - last.dueCount >= REVIEW_REGROWTH_MIN_MORE)
    return { action: 'grown', since: last.dueCount };
  return { action: 'none' };
}
