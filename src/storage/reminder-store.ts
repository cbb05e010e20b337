import { randomUUID } from 'node:crypto';
import { kvs, WhereConditions } from '@forge/kvs';
import { storageKeys } from './keys';

/**
 * What a reminder is about: an overdue requirement, a notice to the customer not given in 24 h, a
 * follow-up due or overdue, a late milestone (key date); the quarterly customer review's issue in a
 * project (`customer-review`, per project and quarter) and its comment when the list grew a lot
 * (`customer-review-grown`, on that issue).
 */
export type ReminderKind =
  'overdue' | 'notice-overdue' | 'follow-up-due' | 'follow-up-overdue' | 'key-date' | 'customer-review' | 'customer-review-grown';

/** One reminder: a kind for one issue in one period (a day, or a closure round for reminders sent once). */
export interface ReminderId {
  kind: ReminderKind;
  issueId: string;
  period: string;
}

/**
 * A claimed reminder. A run claims it `pending` with the comment it will post, posts the comment,
 * then marks it `sent`. A run stopped in between (a timeout, a crash) leaves it pending with the
 * comment to post, so a later run finishes it: the claim is never lost and never sent twice.
 */
export interface ReminderClaim extends ReminderId {
  state: 'pending' | 'sent';
  /** Unique per claim; names its recovery ticket. */
  token: string;
  /** Jira's time of the claim (ISO). */
  claimedAt: string;
  issueKey: string;
  /** The Atlassian Document the reminder posts; carries the reminder's marker. */
  comment: object;
  /** Days the claim is kept (a day's reminder 3, a round's 120). */
  ttlDays: number;
  /** The quarterly customer review's reminder: what it opens, whom it emails, what the review page then shows. */
  review?: ReviewReminderContent;
}

/** A quarterly customer review reminder as claimed: everything needed to finish it in a later run. */
export interface ReviewReminderContent {
  projectKey: string;
  quarter: string;
  dueCount: number;
  /** The accounts reminded (the customer-contact duty's, or the project lead). */
  recipients: string[];
  /** For `customer-review`: the quarter's issue to open (its description is the claim's `comment`), found again by its label. */
  newIssue?: { projectId: string; issueTypeId: string; summary: string; label: string; assigneeId: string | null };
  /** The email Jira sends the recipients about the issue. */
  email: { subject: string; textBody: string; htmlBody: string };
}

/** The last quarterly review reminder sent in a project, for the review page. */
export interface SentReviewReminder {
  quarter: string;
  dueCount: number;
  recipients: string[];
  sentAt: string;
  issueKey: string;
  issueId: string;
}

/** The marker that makes a posted reminder recognisable, so a finished claim is never posted twice. */
export const reminderMarker = (id: ReminderId): string => `(Requirement Triage, reminder ${id.kind}:${id.period})`;

export const getLastReviewReminder = (projectKey: string): Promise<SentReviewReminder | undefined> =>
  kvs.get<SentReviewReminder>(storageKeys.reviewReminder(projectKey));

/** Kept until the next one replaces it (no TTL: the page shows it however long ago it was). */
export async function saveLastReviewReminder(projectKey: string, sent: SentReviewReminder): Promise<void> {
  await kvs.set(storageKeys.reviewReminder(projectKey), sent);
}

/** Pending entries are short-lived pointers; a week is far more than any run takes to finish one. */
const PENDING_TTL_DAYS = 7;
const RECOVERY_TICKET_TTL_DAYS = 1;

const isKeyTaken = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'KEY_ALREADY_EXISTS';
const claimKey = (id: ReminderId): string => storageKeys.reminder(id.kind, id.issueId, id.period);
const pendingKey = (id: ReminderId): string => storageKeys.reminderPending(id.kind, id.issueId, id.period);

export async function getReminderClaim(id: ReminderId): Promise<ReminderClaim | undefined> {
  return kvs.get<ReminderClaim>(claimKey(id));
}

/**
 * Claims a reminder for this run: the claim, or null when another run claimed it first (FAIL_IF_EXISTS,
 * so two runs cannot both win). The pending list gets its entry first, so a claim made from here on
 * is always findable by a later run, even after its period is over.
 */
export async function claimReminder(
  id: ReminderId,
  claim: { claimedAt: string; issueKey: string; comment: object; ttlDays: number; review?: ReviewReminderContent },
): Promise<ReminderClaim | null> {
  const value: ReminderClaim = { ...id, ...claim, state: 'pending', token: randomUUID() };
  await kvs.set(pendingKey(id), id, { ttl: { value: PENDING_TTL_DAYS, unit: 'DAYS' } });
  try {
    await kvs.set(claimKey(id), value, { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: claim.ttlDays, unit: 'DAYS' } });
    return value;
  } catch (error) {
    if (isKeyTaken(error)) return null;
    throw error;
  }
}

/** The comment is on the issue: the claim becomes sent and leaves the pending list, in one transaction. */
export async function markReminderSent(claim: ReminderClaim): Promise<void> {
  await kvs
    .transact()
    .set(claimKey(claim), { ...claim, state: 'sent' } satisfies ReminderClaim, undefined, {
      ttl: { value: claim.ttlDays, unit: 'DAYS' },
    })
    .delete(pendingKey(claim))
    .execute();
}

/** A pending-list entry that needs nothing more (its claim was sent, or never made). */
export async function dropPendingReminder(id: ReminderId): Promise<void> {
  await kvs.delete(pendingKey(id));
}

/**
 * The right to finish a pending claim whose run is over: true for exactly one of the runs that ask
 * for the same claim (a ticket named after the claim's token, written with FAIL_IF_EXISTS).
 */
export async function takeOverPendingReminder(claim: ReminderClaim): Promise<boolean> {
  try {
    await kvs.set(
      storageKeys.reminderRecovery(claim.token),
      { at: new Date().toISOString() },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: RECOVERY_TICKET_TTL_DAYS, unit: 'DAYS' } },
    );
    return true;
  } catch (error) {
    if (isKeyTaken(error)) return false;
    throw error;
  }
}

/** One page of the pending list (usually empty: an entry outlives its claim's run only when that run was stopped). */
export async function listPendingReminders(cursor?: string): Promise<{ reminders: ReminderId[]; cursor: string | null }> {
  let query = kvs.query().where('key', WhereConditions.beginsWith(storageKeys.reminderPendingPrefix)).limit(100);
  if (cursor) query = query.cursor(cursor);
  const page = await query.getMany<ReminderId>();
  return { reminders: page.results.map((result) => result.value), cursor: page.nextCursor ?? null };
}
