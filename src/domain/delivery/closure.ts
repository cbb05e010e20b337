import { fitText, isPlainObject } from '../checks';
import { CONTACT_CHANNELS, type ContactChannel } from '../customers';
import { APP_STRING_MAX_LENGTH } from '../fields';
import { message, type Message, type MessageLocale } from '../messages';
import { fail, ok, type Result, type Violation } from '../result';
import { DAY_MS } from './deadlines';
import { includes, isInstant, MAX_NOTE_LENGTH } from './input-checks';

/**
 * The closure-feedback loop: tell the customer within 24 hours of completion, follow up 7-14 days
 * later with satisfaction 1-5, only then close. Pure: the caller passes "now".
 */

export const NOTICE_WITHIN_HOURS = 24;

/** Customers are told through the same channels the customer archive records as preferred. */
export const NOTICE_CHANNELS = CONTACT_CHANNELS;
export type NoticeChannel = ContactChannel;

/** Who recorded a step of the closure loop. */
export interface ClosureActor {
  accountId: string;
  displayName: string;
}

export interface CustomerNotice {
  channel: NoticeChannel;
  at: string;
  summary: string;
  customers: string[];
  recordedBy?: ClosureActor;
}

export interface FollowUp {
  at: string;
  /** Satisfaction 1-5 per customer, with a comment. */
  answers: { customer: string; satisfaction: number; comment: string }[];
  recordedBy?: ClosureActor;
}

export interface ClosureWaiver {
  /** Account id of the manager who waived the follow-up. */
  by: string;
  reason: string;
  at: string;
  byName?: string;
}

/** One completion of a requirement and what followed it; a reopen and a second Done start a new round. */
export interface ClosureRound {
  /** Null for a Won't-have told without completion. */
  completedAt: string | null;
  notice: CustomerNotice | null;
  followUp: FollowUp | null;
  waiver: ClosureWaiver | null;
  closedAt?: string | null;
}

export interface ClosureRecord {
  completedAt: string | null;
  notice: CustomerNotice | null;
  followUp: FollowUp | null;
  waiver: ClosureWaiver | null;
  /** When the requirement last reached Closed in this round (the archive was written then). */
  closedAt?: string | null;
  /** Earlier rounds, oldest first. */
  history?: ClosureRound[];
}

/** Entered times may run a little ahead of Jira's clock (a browser's clock is not Jira's). */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;
export const MAX_NOTICE_CUSTOMERS = 50;

const notInFuture = (field: string, at: string, now: Date | undefined, label: string, violations: Violation[]): void => {
  if (now && Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS)
    violations.push({ field, rule: 'order', message: `${label} cannot be in the future.`, params: { limit: 'now' } });
};

/**
 * A notice to the customers: after completion (a Won't-have is told without one), not in the future.
 * `now` is Jira's time.
 */
export function validateNotice(
  raw: unknown,
  completedAt: string | null,
  options: { now?: Date; wontHave?: boolean } = {},
): Result<CustomerNotice> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!includes(NOTICE_CHANNELS, value.channel))
    violations.push({ field: 'channel', rule: 'enum', message: `Channel must be one of ${NOTICE_CHANNELS.join(', ')}.` });
  if (!isInstant(value.at)) violations.push({ field: 'at', rule: 'type', message: 'Told on must be a date and time.' });
  else if (completedAt !== null && Date.parse(value.at) < Date.parse(completedAt)) {
    violations.push({
      field: 'at',
      rule: 'order',
      message: 'Told on cannot be before the requirement was completed.',
      params: { limit: 'completion' },
    });
  } else if (completedAt === null && !options.wontHave) {
    violations.push({
      field: 'at',
      rule: 'order',
      message: 'The customer is told after the requirement is done; it is not done yet.',
      params: { limit: 'done' },
    });
  } else notInFuture('at', value.at, options.now, 'Told on', violations);
  const summary = typeof value.summary === 'string' ? value.summary.trim() : '';
  if (!summary) violations.push({ field: 'summary', rule: 'required', message: 'Summary of the solution is required.' });
  else if (summary.length > MAX_NOTE_LENGTH)
    violations.push({
      field: 'summary',
      rule: 'length',
      message: `Summary must be at most ${MAX_NOTE_LENGTH} characters.`,
      params: { max: MAX_NOTE_LENGTH },
    });
  const named = Array.isArray(value.customers)
    ? value.customers
        .filter((customer): customer is string => typeof customer === 'string' && customer.trim() !== '')
        .map((customer) => customer.trim())
    : [];
  const customers = [...new Set(named)];
  if (customers.length === 0)
    violations.push({ field: 'customers', rule: 'required', message: 'Name at least one customer who was told.' });
  else if (customers.length > MAX_NOTICE_CUSTOMERS || customers.some((customer) => customer.length > 200)) {
    violations.push({
      field: 'customers',
      rule: 'length',
      message: `Name at most ${MAX_NOTICE_CUSTOMERS} customers, each in at most 200 characters.`,
      params: { max: MAX_NOTICE_CUSTOMERS },
    });
  }
  if (violations.length > 0) return fail(violations);
  return ok({ channel: value.channel as NoticeChannel, at: value.at as string, summary, customers });
}

/** The follow-up: after the notice, not in the future, one answer (satisfaction 1-5, a comment) per customer told. */
export function validateFollowUp(raw: unknown, notice: CustomerNotice | null, options: { now?: Date } = {}): Result<FollowUp> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!notice)
    violations.push({ field: 'followUp', rule: 'order', message: 'Record the notice to the customer before the follow-up.' });
  if (!isInstant(value.at)) violations.push({ field: 'at', rule: 'type', message: 'Followed up on must be a date and time.' });
  else if (notice && Date.parse(value.at) < Date.parse(notice.at)) {
    violations.push({
      field: 'at',
      rule: 'order',
      message: 'Followed up on cannot be before the customer was told.',
      params: { limit: 'notice' },
    });
  } else notInFuture('at', value.at, options.now, 'Followed up on', violations);
  const answers = Array.isArray(value.answers) ? value.answers : [];
  if (answers.length === 0)
    violations.push({ field: 'answers', rule: 'required', message: 'Record the satisfaction of at least one customer.' });
  const seen = new Set<string>();
  const parsed = answers.map((answer, index) => {
    const entry = isPlainObject(answer) ? answer : {};
    const customer = typeof entry.customer === 'string' ? entry.customer.trim() : '';
    if (!customer) violations.push({ field: `answers.${index}.customer`, rule: 'required', message: 'Name the customer.' });
    else if (notice && !notice.customers.includes(customer))
      violations.push({
        field: `answers.${index}.customer`,
        rule: 'enum',
        message: `${customer} was not among the customers told.`,
      });
    else if (seen.has(customer))
      violations.push({ field: `answers.${index}.customer`, rule: 'unique', message: `${customer} is answered twice.` });
    seen.add(customer);
    if (
      typeof entry.satisfaction !== 'number' ||
      !Number.isInteger(entry.satisfaction) ||
      entry.satisfaction < 1 ||
      entry.satisfaction > 5
    ) {
      violations.push({
        field: `answers.${index}.satisfaction`,
        rule: 'range',
        message: 'Satisfaction must be a whole number from 1 to 5.',
        params: { min: 1, max: 5 },
      });
    }
    const comment = typeof entry.comment === 'string' ? entry.comment.trim() : '';
    if (comment.length > MAX_NOTE_LENGTH)
      violations.push({
        field: `answers.${index}.comment`,
        rule: 'length',
        message: `Comment must be at most ${MAX_NOTE_LENGTH} characters.`,
        params: { max: MAX_NOTE_LENGTH },
      });
    return { customer, satisfaction: entry.satisfaction as number, comment };
  });
  const unanswered = notice && answers.length > 0 ? notice.customers.filter((customer) => !seen.has(customer)) : [];
  if (unanswered.length > 0)
    violations.push({
      field: 'answers',
      rule: 'required',
      message: `Record the satisfaction of every customer told; missing: ${unanswered.join(', ')}.`,
    });
  if (violations.length > 0) return fail(violations);
  return ok({ at: value.at as string, answers: parsed });
}

/** A manager's waiver of the follow-up: a reason, once the requirement is done. */
export function validateWaiver(raw: unknown, completedAt: string | null): Result<{ reason: string }> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  if (completedAt === null)
    violations.push({
      field: 'waiver',
      rule: 'order',
      message: 'The follow-up can be waived once the requirement is done; it is not done yet.',
    });
  const reason = typeof value.reason === 'string' ? value.reason.trim() : '';
  if (!reason) violations.push({ field: 'reason', rule: 'required', message: 'Reason for waiving the follow-up is required.' });
  else if (reason.length > MAX_NOTE_LENGTH)
    violations.push({
      field: 'reason',
      rule: 'length',
      message: `Reason must be at most ${MAX_NOTE_LENGTH} characters.`,
      params: { max: MAX_NOTE_LENGTH },
    });
  if (violations.length > 0) return fail(violations);
  return ok({ reason });
}

/** Lowest satisfaction that counts as satisfied; at or below UNSATISFIED_AT the requirement is flagged. */
export const UNSATISFIED_AT = 2;

export type ClosureStage =
  | 'not-done'
  | 'notice-due'
  | 'notice-overdue'
  | 'follow-up-pending'
  | 'follow-up-due'
  | 'follow-up-overdue'
  | 'unsatisfied'
  | 'ready-to-close'
  | 'closed';

/**
 * Where a requirement stands in the loop; the follow-up is due from `followUpDays.from` to `.to`
 * days after the notice. A Won't-have needs only its notice, with no deadline.
 */
export function closureStage(
  record: ClosureRecord,
  now: Date,
  followUpDays: { from: number; to: number },
  options: { wontHave?: boolean; closed?: boolean } = {},
): ClosureStage {
  if (options.closed && (record.completedAt !== null || options.wontHave)) return 'closed';
  if (record.completedAt === null) {
    if (!options.wontHave) return 'not-done';
    return record.notice ? 'ready-to-close' : 'notice-due';
  }
  if (record.waiver) return 'ready-to-close';
  if (!record.notice)
    return now.getTime() - Date.parse(record.completedAt) > NOTICE_WITHIN_HOURS * 3_600_000 ? 'notice-overdue' : 'notice-due';
  if (record.followUp)
    return record.followUp.answers.some((answer) => answer.satisfaction <= UNSATISFIED_AT) ? 'unsatisfied' : 'ready-to-close';
  const days = (now.getTime() - Date.parse(record.notice.at)) / DAY_MS;
  if (days < followUpDays.from) return 'follow-up-pending';
  return days <= followUpDays.to ? 'follow-up-due' : 'follow-up-overdue';
}

/** When the notice is due (24 h after completion), and when the follow-up window opens and closes. */
export function closureDueTimes(
  record: ClosureRecord,
  followUpDays: { from: number; to: number },
): { noticeDueAt: string | null; followUpFrom: string | null; followUpTo: string | null } {
  const plus = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
  return {
    noticeDueAt: record.completedAt === null ? null : plus(record.completedAt, NOTICE_WITHIN_HOURS * 3_600_000),
    followUpFrom: record.notice ? plus(record.notice.at, followUpDays.from * DAY_MS) : null,
    followUpTo: record.notice ? plus(record.notice.at, followUpDays.to * DAY_MS) : null,
  };
}

/**
 * The record after the requirement reached Done at `completedAt`; null when that completion is
 * already recorded or older than the current round's (a repeated or late event). A newer
 * completion keeps the current round as history and starts a fresh one.
 */
export function startClosureRound(record: ClosureRecord, completedAt: string): ClosureRecord | null {
  const at = Date.parse(completedAt);
  const known = [record.completedAt, ...(record.history ?? []).map((round) => round.completedAt)];
  if (known.some((previous) => previous !== null && Date.parse(previous) >= at)) return null;
  const empty = record.completedAt === null && !record.notice && !record.followUp && !record.waiver;
  // A Won't-have told before it was done after all stays as a round of its own.
  const history = empty ? (record.history ?? []) : [...(record.history ?? []), roundOf(record)];
  return { completedAt, notice: null, followUp: null, waiver: null, closedAt: null, history };
}

const roundOf = (record: ClosureRecord): ClosureRound => ({
  completedAt: record.completedAt,
  notice: record.notice,
  followUp: record.followUp,
  waiver: record.waiver,
  closedAt: record.closedAt ?? null,
});

/** The longest text a Jira app string field holds. */
export const ARCHIVE_LINE_MAX = APP_STRING_MAX_LENGTH;

const dayOf = (at: string): string => at.slice(0, 10);

/** Cuts text to `max` characters as Jira counts them (never inside a surrogate pair), marking the cut. */
const shorten = (text: string, max: number): string => fitText(text, max).text;

/** How the archive line names a notice's channel, per language the app writes. */
const CHANNEL_WORDS: Record<NoticeChannel, Record<MessageLocale, string>> = {
  phone: { 'en-US': 'phone', 'zh-CN': '电话' },
  email: { 'en-US': 'email', 'zh-CN': '邮件' },
  wechat: { 'en-US': 'WeChat', 'zh-CN': '微信' },
  visit: { 'en-US': 'visit', 'zh-CN': '拜访' },
  other: { 'en-US': 'other means', 'zh-CN': '其他方式' },
};

/**
 * The closure archive in one readable line for the read-only "Closure record" field and the
 * register export: the Won't-have reason, the notice (channel, date, customers, summary), and the
 * follow-up's satisfaction per customer or the waiver, each part a sentence that `write` puts in
 * one language. The summary is shortened so the line fits `max` characters (a Jira text field);
 * the whole record stays in the app's storage.
 */
export function closureArchiveLine(
  record: ClosureRecord,
  wontReason: string | null,
  write: (sentence: Message) => string,
  max = ARCHIVE_LINE_MAX,
): string {
  const head: Message[] = [];
  if (wontReason?.trim()) head.push(message('server.closure_line.wont_have', { reason: wontReason.trim() }));
  if (record.completedAt) head.push(message('server.closure_line.done', { day: dayOf(record.completedAt) }));
  const notice = record.notice;
  const tail: Message[] = [];
  if (record.followUp) {
    tail.push(
      message('server.closure_line.follow_up', {
        day: dayOf(record.followUp.at),
        answers: record.followUp.answers.map((answer) => `${answer.customer} ${answer.satisfaction}/5`).join(', '),
      }),
    );
  }
  if (record.waiver) {
    tail.push(
      record.waiver.byName
        ? message('server.closure_line.waived_by', { name: record.waiver.byName, reason: record.waiver.reason })
        : message('server.closure_line.waived', { reason: record.waiver.reason }),
    );
  }
  const told = (summary: string): Message =>
    notice
      ? message('server.closure_line.told', {
          customers: notice.customers.join(', '),
          channel: CHANNEL_WORDS[notice.channel],
          day: dayOf(notice.at),
          summary,
        })
      : message('server.closure_line.not_told');
  const build = (summary: string) => [...head, told(summary), ...tail].map(write).join(' · ');
  if (!notice) return shorten(build(''), max);
  const room = max - Array.from(build('')).length;
  return shorten(build(shorten(notice.summary, Math.max(room, 1))), max);
}

/**
 * What stops a move to Closed, in words a blocked user can act on: the customer told and the
 * satisfaction recorded (or a manager's waiver), and for a Won't-have its reason and the notice.
 */
export function closeBlockers(record: ClosureRecord, wontHave: { reason: string | null } | null): Message[] {
  const blockers: Message[] = [];
  if (wontHave) {
    if (!wontHave.reason?.trim()) blockers.push(message('server.blocker.wont_reason'));
    if (!record.notice) blockers.push(message('server.blocker.wont_notice'));
    return blockers;
  }
  if (record.waiver) return blockers;
  if (!record.notice) blockers.push(message('server.blocker.notice'));
  if (!record.followUp) blockers.push(message('server.blocker.follow_up'));
  return blockers;
}
