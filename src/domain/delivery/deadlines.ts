import type { Grade } from '../framework';

/**
 * Days and deadlines: the site's calendar day, the due date a grade gives on acceptance, the offer to
 * move it after a grade change, and when a requirement is due for the monthly review. Pure.
 */

export const DAY_MS = 86_400_000;

/**
 * The calendar day (yyyy-mm-dd) an instant falls on in an IANA time zone, e.g. 2024-05-02T16:30Z is
 * 2024-05-03 in Asia/Shanghai. A zone Jira did not name, or one this runtime does not know, counts as UTC.
 */
export function dayInZone(instant: Date, timeZone: string | null): string {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone: timeZone ?? 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
  } catch {
    return instant.toISOString().slice(0, 10);
  }
  const part = (type: string): string => formatter.formatToParts(instant).find((candidate) => candidate.type === type)!.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/** yyyy-mm-dd plus whole days, in UTC so the calendar day never shifts. */
export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(fromDay: string, toDay: string): number {
  return Math.round((Date.parse(`${toDay}T00:00:00Z`) - Date.parse(`${fromDay}T00:00:00Z`)) / DAY_MS);
}

/** The due date a grade gives from the day a requirement was accepted; null when the grade has no deadline. */
export function dueDateForGrade(acceptedOn: string, grade: Grade, deadlineDays: Record<Grade, number | null>): string | null {
  const days = deadlineDays[grade];
  return days === null ? null : addDays(acceptedOn, days);
}

/**
 * What the app recorded when a requirement was accepted: the day, the grade it had, and the due
 * date the app set from that grade's deadline (null when a person had already set one).
 */
export interface AcceptedRecord {
  on: string;
  grade: Grade | null;
  dueDate: string | null;
}

export interface DueDateProposal {
  fromGrade: Grade | null;
  toGrade: Grade;
  /** The due date now. */
  from: string;
  /** The due date the new grade's deadline gives from the acceptance day. */
  to: string;
}

/**
 * After a grade change, whether to offer moving the due date to the new grade's deadline. Only for
 * an open requirement whose due date is still the one the app set from its grade (a date a person
 * chose is theirs), and not again for a grade whose offer was declined.
 */
export function dueDateProposal(input: {
  accepted: AcceptedRecord | undefined;
  keptForGrade: Grade | undefined;
  grade: Grade | null;
  dueDate: string | null;
  done: boolean;
  deadlineDays: Record<Grade, number | null>;
}): DueDateProposal | null {
  const { accepted, grade, dueDate } = input;
  if (!accepted || accepted.dueDate === null || input.done || grade === null || dueDate === null) return null;
  if (dueDate !== accepted.dueDate || grade === accepted.grade || grade === input.keptForGrade) return null;
  const proposed = dueDateForGrade(accepted.on, grade, input.deadlineDays);
  if (proposed === null || proposed === dueDate) return null;
  return { fromGrade: accepted.grade, toGrade: grade, from: dueDate, to: proposed };
}

/**
 * The first day that no longer counts as "reviewed recently": a requirement last reviewed (or, never
 * reviewed, created) before this day has waited `days` full days or more and is due for review.
 */
export function reviewDueBefore(today: string, days: number): string {
  return addDays(today, 1 - days);
}

/** Open requirements not reviewed (re-scored by a person) for `days` days are listed for the monthly review. */
export function needsReview(input: {
  lastReviewedOn: string | null;
  createdOn: string;
  done: boolean;
  today: string;
  days: number;
}): boolean {
  if (input.done) return false;
  return (input.lastReviewedOn ?? input.createdOn) < reviewDueBefore(input.today, input.days);
}
