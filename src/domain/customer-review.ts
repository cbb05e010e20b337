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
export const confirmedOn = (customer: Pick<Customer, 'createdAt'> & { reviewedOn?: string | null }): string => customer.reviewedOn ?? customer.createdAt.slice(0, 10);

const daysBetween = (from: string, to: string): number => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

export function isReviewDue(customer: Pick<Customer, 'createdAt' | 'erasedAt'> & { reviewedOn?: string | null }, today: string): boolean {
  return customer.erasedAt === null && daysBetween(confirmedOn(customer), today) >= REVIEW_AFTER_DAYS;
}

/** The customers due, longest unconfirmed first (then by number). */
export function customersDueForReview<T extends Pick<Customer, 'number' | 'createdAt' | 'erasedAt'> & { reviewedOn?: string | null }>(customers: readonly T[], today: string): T[] {
  const order = (customer: T) => `${confirmedOn(customer)} ${customer.number}`;
  return customers.filter((customer) => isReviewDue(customer, today)).sort((left, right) => (order(left) < order(right) ? -1 : 1));
}

/** Days since the record was confirmed, for the list. */
export const daysSinceConfirmed = (customer: Pick<Customer, 'createdAt'> & { reviewedOn?: string | null }, today: string): number => daysBetween(confirmedOn(customer), today);
