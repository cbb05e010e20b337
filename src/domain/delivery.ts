import { fitText } from './checks';
import { APP_STRING_MAX_LENGTH } from './fields';
import { CONTACT_CHANNELS, type ContactChannel } from './customers';
import type { Grade } from './framework';
import { parseMoscow } from './scoring';
import { fail, ok, type Result, type Violation } from './result';

/**
 * Delivery rules after prioritising: feasibility marks, the due date a grade gives, overdue
 * reminders, and the closure-feedback loop (tell the customer within 24 hours of completion, follow
 * up 7-14 days later with satisfaction 1-5, only then close). Pure: the caller passes "now".
 */

export const FEASIBILITY_DIMENSIONS = ['technical', 'business', 'compliance'] as const;
export type FeasibilityDimension = (typeof FEASIBILITY_DIMENSIONS)[number];
export const FEASIBILITY_VERDICTS = ['feasible', 'conditional', 'not-feasible'] as const;
export type FeasibilityVerdict = (typeof FEASIBILITY_VERDICTS)[number];

export interface FeasibilityMark {
  dimension: FeasibilityDimension;
  verdict: FeasibilityVerdict;
  note: string;
  by: { accountId: string; displayName: string };
  at: string;
}

export const MAX_NOTE_LENGTH = 2000;
const DAY_MS = 86_400_000;
export const NOTICE_WITHIN_HOURS = 24;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const includes = <T extends string>(values: readonly T[], value: unknown): value is T => (values as readonly unknown[]).includes(value);
const isInstant = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value));

/** A mark as a person enters it: a verdict, and a note whenever the verdict is not a plain yes. */
export function validateFeasibilityInput(raw: unknown): Result<{ dimension: FeasibilityDimension; verdict: FeasibilityVerdict; note: string }> {
  const value = isRecord(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!includes(FEASIBILITY_DIMENSIONS, value.dimension)) {
    violations.push({ field: 'dimension', rule: 'enum', message: 'Feasibility: the mark must be technical, business or compliance.' });
  }
  if (!includes(FEASIBILITY_VERDICTS, value.verdict)) {
    violations.push({ field: 'verdict', rule: 'enum', message: 'Verdict must be feasible, feasible with conditions, or not feasible.' });
  }
  const note = typeof value.note === 'string' ? value.note.trim() : '';
  if (value.note !== undefined && typeof value.note !== 'string') violations.push({ field: 'note', rule: 'type', message: 'Note must be text.' });
  else if (note.length > MAX_NOTE_LENGTH) violations.push({ field: 'note', rule: 'length', message: `Note must be at most ${MAX_NOTE_LENGTH} characters.`, params: { max: MAX_NOTE_LENGTH } });
  else if (!note && (value.verdict === 'conditional' || value.verdict === 'not-feasible')) {
    violations.push({ field: 'note', rule: 'required', message: 'Note is required when the verdict is not a plain "feasible": say which conditions, or why not.' });
  }
  if (violations.length > 0) return fail(violations);
  return ok({ dimension: value.dimension as FeasibilityDimension, verdict: value.verdict as FeasibilityVerdict, note });
}

export interface FeasibilitySummary {
  /** Dimensions nobody has marked yet. */
  missing: FeasibilityDimension[];
  /** Any dimension marked not feasible. */
  notFeasible: FeasibilityDimension[];
}

/** The newest mark per dimension decides; older ones are history. */
export function latestMarks(history: readonly FeasibilityMark[]): Partial<Record<FeasibilityDimension, FeasibilityMark>> {
  const latest: Partial<Record<FeasibilityDimension, FeasibilityMark>> = {};
  for (const mark of history) {
    const current = latest[mark.dimension];
    if (!current || Date.parse(mark.at) >= Date.parse(current.at)) latest[mark.dimension] = mark;
  }
  return latest;
}

function summaryOf(verdicts: Partial<Record<FeasibilityDimension, FeasibilityVerdict>>): FeasibilitySummary {
  return {
    missing: FEASIBILITY_DIMENSIONS.filter((dimension) => !verdicts[dimension]),
    notFeasible: FEASIBILITY_DIMENSIONS.filter((dimension) => verdicts[dimension] === 'not-feasible'),
  };
}

export function summariseFeasibility(history: readonly FeasibilityMark[]): FeasibilitySummary {
  const latest = latestMarks(history);
  return summaryOf(Object.fromEntries(Object.entries(latest).map(([dimension, mark]) => [dimension, mark.verdict])));
}

/** How a verdict reads in the "Feasibility marks" field: plain words, so JQL text search finds "not feasible". */
const VERDICT_WORDS: Record<FeasibilityVerdict, string> = { feasible: 'feasible', conditional: 'conditional', 'not-feasible': 'not feasible' };

/**
 * The read-only "Feasibility marks" field: the newest verdict per marked dimension, in dimension
 * order, e.g. "technical: feasible; business: conditional; compliance: not feasible". Null when
 * nothing is marked, so JQL's `is EMPTY` finds unmarked requirements.
 */
export function formatFeasibilityField(history: readonly FeasibilityMark[]): string | null {
  const latest = latestMarks(history);
  const parts = FEASIBILITY_DIMENSIONS.flatMap((dimension) => {
    const mark = latest[dimension];
    return mark ? [`${dimension}: ${VERDICT_WORDS[mark.verdict]}`] : [];
  });
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Reads the field back; anything it does not recognise counts as unmarked. */
export function parseFeasibilityField(text: unknown): Partial<Record<FeasibilityDimension, FeasibilityVerdict>> {
  const verdicts: Partial<Record<FeasibilityDimension, FeasibilityVerdict>> = {};
  if (typeof text !== 'string') return verdicts;
  for (const part of text.split(';')) {
    const [name, words] = part.split(':').map((piece) => piece.trim().toLowerCase());
    const verdict = FEASIBILITY_VERDICTS.find((candidate) => VERDICT_WORDS[candidate] === words);
    if (includes(FEASIBILITY_DIMENSIONS, name) && verdict) verdicts[name] = verdict;
  }
  return verdicts;
}

/** The lists, the matrix and the gadgets read the summary from the field in search results. */
export const summariseFeasibilityField = (text: unknown): FeasibilitySummary => summaryOf(parseFeasibilityField(text));

/**
 * Adds a mark to the history, newest last. Re-sending the newest mark of a dimension unchanged (same
 * person, verdict and note: a double click, a retry after a lost answer) adds nothing and returns
 * null. Beyond `max` marks the oldest are dropped, but never the newest of a dimension.
 */
export function appendMark(history: readonly FeasibilityMark[], mark: FeasibilityMark, max: number): FeasibilityMark[] | null {
  const current = latestMarks(history)[mark.dimension];
  if (current && current.verdict === mark.verdict && current.note === mark.note && current.by.accountId === mark.by.accountId) return null;
  const next = [...history, mark];
  const kept = new Set(Object.values(latestMarks(next)));
  let excess = next.length - max;
  return next.filter((entry) => {
    if (excess <= 0 || kept.has(entry)) return true;
    excess -= 1;
    return false;
  });
}

/**
 * The calendar day (yyyy-mm-dd) an instant falls on in an IANA time zone, e.g. 2024-05-02T16:30Z is
 * 2024-05-03 in Asia/Shanghai. A zone Jira did not name, or one this runtime does not know, counts as UTC.
 */
export function dayInZone(instant: Date, timeZone: string | null): string {
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone: timeZone ?? 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
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

export type ReminderDecision = { action: 'none' } | { action: 'remind' | 'escalate'; daysOverdue: number };

/**
 * Whether today's overdue run should remind the owner, or also the manager. At most one reminder
 * per requirement per day, so a replayed or overlapping run sends nothing twice.
 */
export function overdueReminder(input: { dueDate: string | null; done: boolean; today: string; lastRemindedOn: string | null; escalateAfterDays: number }): ReminderDecision {
  if (input.done || input.dueDate === null || input.dueDate >= input.today) return { action: 'none' };
  if (input.lastRemindedOn !== null && input.lastRemindedOn >= input.today) return { action: 'none' };
  const daysOverdue = daysBetween(input.dueDate, input.today);
  return { action: daysOverdue >= input.escalateAfterDays ? 'escalate' : 'remind', daysOverdue };
}

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
  if (now && Date.parse(at) > now.getTime() + FUTURE_TOLERANCE_MS) violations.push({ field, rule: 'order', message: `${label} cannot be in the future.`, params: { limit: 'now' } });
};

/**
 * A notice to the customers: after completion (a Won't-have is told without one), not in the future.
 * `now` is Jira's time.
 */
export function validateNotice(raw: unknown, completedAt: string | null, options: { now?: Date; wontHave?: boolean } = {}): Result<CustomerNotice> {
  const value = isRecord(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!includes(NOTICE_CHANNELS, value.channel)) violations.push({ field: 'channel', rule: 'enum', message: `Channel must be one of ${NOTICE_CHANNELS.join(', ')}.` });
  if (!isInstant(value.at)) violations.push({ field: 'at', rule: 'type', message: 'Told on must be a date and time.' });
  else if (completedAt !== null && Date.parse(value.at) < Date.parse(completedAt)) {
    violations.push({ field: 'at', rule: 'order', message: 'Told on cannot be before the requirement was completed.', params: { limit: 'completion' } });
  } else if (completedAt === null && !options.wontHave) {
    violations.push({ field: 'at', rule: 'order', message: 'The customer is told after the requirement is done; it is not done yet.', params: { limit: 'done' } });
  }
  else notInFuture('at', value.at, options.now, 'Told on', violations);
  const summary = typeof value.summary === 'string' ? value.summary.trim() : '';
  if (!summary) violations.push({ field: 'summary', rule: 'required', message: 'Summary of the solution is required.' });
  else if (summary.length > MAX_NOTE_LENGTH) violations.push({ field: 'summary', rule: 'length', message: `Summary must be at most ${MAX_NOTE_LENGTH} characters.`, params: { max: MAX_NOTE_LENGTH } });
  const named = Array.isArray(value.customers) ? value.customers.filter((customer): customer is string => typeof customer === 'string' && customer.trim() !== '').map((customer) => customer.trim()) : [];
  const customers = [...new Set(named)];
  if (customers.length === 0) violations.push({ field: 'customers', rule: 'required', message: 'Name at least one customer who was told.' });
  else if (customers.length > MAX_NOTICE_CUSTOMERS || customers.some((customer) => customer.length > 200)) {
    violations.push({ field: 'customers', rule: 'length', message: `Name at most ${MAX_NOTICE_CUSTOMERS} customers, each in at most 200 characters.`, params: { max: MAX_NOTICE_CUSTOMERS } });
  }
  if (violations.length > 0) return fail(violations);
  return ok({ channel: value.channel as NoticeChannel, at: value.at as string, summary, customers });
}

/** The follow-up: after the notice, not in the future, one answer (satisfaction 1-5, a comment) per customer told. */
export function validateFollowUp(raw: unknown, notice: CustomerNotice | null, options: { now?: Date } = {}): Result<FollowUp> {
  const value = isRecord(raw) ? raw : {};
  const violations: Violation[] = [];
  if (!notice) violations.push({ field: 'followUp', rule: 'order', message: 'Record the notice to the customer before the follow-up.' });
  if (!isInstant(value.at)) violations.push({ field: 'at', rule: 'type', message: 'Followed up on must be a date and time.' });
  else if (notice && Date.parse(value.at) < Date.parse(notice.at)) {
    violations.push({ field: 'at', rule: 'order', message: 'Followed up on cannot be before the customer was told.', params: { limit: 'notice' } });
  }
  else notInFuture('at', value.at, options.now, 'Followed up on', violations);
  const answers = Array.isArray(value.answers) ? value.answers : [];
  if (answers.length === 0) violations.push({ field: 'answers', rule: 'required', message: 'Record the satisfaction of at least one customer.' });
  const seen = new Set<string>();
  const parsed = answers.map((answer, index) => {
    const entry = isRecord(answer) ? answer : {};
    const customer = typeof entry.customer === 'string' ? entry.customer.trim() : '';
    if (!customer) violations.push({ field: `answers.${index}.customer`, rule: 'required', message: 'Name the customer.' });
    else if (notice && !notice.customers.includes(customer)) violations.push({ field: `answers.${index}.customer`, rule: 'enum', message: `${customer} was not among the customers told.` });
    else if (seen.has(customer)) violations.push({ field: `answers.${index}.customer`, rule: 'unique', message: `${customer} is answered twice.` });
    seen.add(customer);
    if (typeof entry.satisfaction !== 'number' || !Number.isInteger(entry.satisfaction) || entry.satisfaction < 1 || entry.satisfaction > 5) {
      violations.push({ field: `answers.${index}.satisfaction`, rule: 'range', message: 'Satisfaction must be a whole number from 1 to 5.', params: { min: 1, max: 5 } });
    }
    const comment = typeof entry.comment === 'string' ? entry.comment.trim() : '';
    if (comment.length > MAX_NOTE_LENGTH) violations.push({ field: `answers.${index}.comment`, rule: 'length', message: `Comment must be at most ${MAX_NOTE_LENGTH} characters.`, params: { max: MAX_NOTE_LENGTH } });
    return { customer, satisfaction: entry.satisfaction as number, comment };
  });
  const unanswered = notice && answers.length > 0 ? notice.customers.filter((customer) => !seen.has(customer)) : [];
  if (unanswered.length > 0) violations.push({ field: 'answers', rule: 'required', message: `Record the satisfaction of every customer told; missing: ${unanswered.join(', ')}.` });
  if (violations.length > 0) return fail(violations);
  return ok({ at: value.at as string, answers: parsed });
}

/** A manager's waiver of the follow-up: a reason, once the requirement is done. */
export function validateWaiver(raw: unknown, completedAt: string | null): Result<{ reason: string }> {
  const value = isRecord(raw) ? raw : {};
  const violations: Violation[] = [];
  if (completedAt === null) violations.push({ field: 'waiver', rule: 'order', message: 'The follow-up can be waived once the requirement is done; it is not done yet.' });
  const reason = typeof value.reason === 'string' ? value.reason.trim() : '';
  if (!reason) violations.push({ field: 'reason', rule: 'required', message: 'Reason for waiving the follow-up is required.' });
  else if (reason.length > MAX_NOTE_LENGTH) violations.push({ field: 'reason', rule: 'length', message: `Reason must be at most ${MAX_NOTE_LENGTH} characters.`, params: { max: MAX_NOTE_LENGTH } });
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
export function closureStage(record: ClosureRecord, now: Date, followUpDays: { from: number; to: number }, options: { wontHave?: boolean; closed?: boolean } = {}): ClosureStage {
  if (options.closed && (record.completedAt !== null || options.wontHave)) return 'closed';
  if (record.completedAt === null) {
    if (!options.wontHave) return 'not-done';
    return record.notice ? 'ready-to-close' : 'notice-due';
  }
  if (record.waiver) return 'ready-to-close';
  if (!record.notice) return now.getTime() - Date.parse(record.completedAt) > NOTICE_WITHIN_HOURS * 3_600_000 ? 'notice-overdue' : 'notice-due';
  if (record.followUp) return record.followUp.answers.some((answer) => answer.satisfaction <= UNSATISFIED_AT) ? 'unsatisfied' : 'ready-to-close';
  const days = (now.getTime() - Date.parse(record.notice.at)) / DAY_MS;
  if (days < followUpDays.from) return 'follow-up-pending';
  return days <= followUpDays.to ? 'follow-up-due' : 'follow-up-overdue';
}

/** When the notice is due (24 h after completion), and when the follow-up window opens and closes. */
export function closureDueTimes(record: ClosureRecord, followUpDays: { from: number; to: number }): { noticeDueAt: string | null; followUpFrom: string | null; followUpTo: string | null } {
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

/**
 * The closure archive in one readable line for the read-only "Closure record" field and the
 * register export: the Won't-have reason, the notice (channel, date, customers, summary), and the
 * follow-up's satisfaction per customer or the waiver. The summary is shortened so the line fits
 * a Jira text field; the whole record stays in the app's storage.
 */
export function closureArchiveLine(record: ClosureRecord, wontReason: string | null = null): string {
  const head: string[] = [];
  if (wontReason?.trim()) head.push(`Won't-have: ${wontReason.trim()}`);
  if (record.completedAt) head.push(`Done ${dayOf(record.completedAt)}`);
  const notice = record.notice;
  const told = notice ? `Told ${notice.customers.join(', ')} by ${notice.channel} on ${dayOf(notice.at)}` : 'Customer not told';
  const tail: string[] = [];
  if (record.followUp) tail.push(`Follow-up ${dayOf(record.followUp.at)}: ${record.followUp.answers.map((answer) => `${answer.customer} ${answer.satisfaction}/5`).join(', ')}`);
  if (record.waiver) tail.push(`Follow-up waived${record.waiver.byName ? ` by ${record.waiver.byName}` : ''}: ${record.waiver.reason}`);
  const build = (summary: string) => [...head, notice ? `${told}: ${summary}` : told, ...tail].join(' · ');
  if (!notice) return shorten(build(''), ARCHIVE_LINE_MAX);
  const room = ARCHIVE_LINE_MAX - Array.from(build('')).length;
  return shorten(build(shorten(notice.summary, Math.max(room, 1))), ARCHIVE_LINE_MAX);
}

/**
 * What stops a move to Closed, in words a blocked user can act on: the customer told and the
 * satisfaction recorded (or a manager's waiver), and for a Won't-have its reason and the notice.
 */
export function closeBlockers(record: ClosureRecord, wontHave: { reason: string | null } | null): string[] {
  const blockers: string[] = [];
  if (wontHave) {
    if (!wontHave.reason?.trim()) blockers.push("Record why it won't be done (Won't-have reason).");
    if (!record.notice) blockers.push("Record that the customer was told it won't be done.");
    return blockers;
  }
  if (record.waiver) return blockers;
  if (!record.notice) blockers.push('Record that the customer was told the result (channel, date, summary).');
  if (!record.followUp) blockers.push("Record the follow-up with the customer's satisfaction (1-5), or a manager's waiver.");
  return blockers;
}

/** What stops a move to In progress: all three feasibility marks, none of them (as it stands now) not feasible. */
export function startBlockers(history: readonly FeasibilityMark[]): string[] {
  const { missing, notFeasible } = summariseFeasibility(history);
  return [
    ...missing.map((dimension) => `Mark the ${dimension} feasibility first.`),
    ...notFeasible.map((dimension) => `The ${dimension} feasibility is marked not feasible; it must be marked feasible (or feasible with conditions) first.`),
  ];
}

/** The workflow rules setup installs on transitions: into In progress (`start`) and into Closed (`close`). */
export const TRANSITION_RULES = ['start', 'close'] as const;
export type TransitionRule = (typeof TRANSITION_RULES)[number];

/** What the close rule needs to know of a requirement besides its closure record. */
export interface CloseSituation {
  /** It is in Done: closing it ends the delivery loop. Anything else is closed unfinished (rejected). */
  delivered: boolean;
  moscow: string | null;
  wontHaveReason: string | null;
  /** It was merged into another requirement, which carries the customer loop on; the merge closes it. */
  mergedDuplicate: boolean;
}

/**
 * What stops a move to Closed. A merged duplicate closes freely; a Won't-have, or a requirement
 * closed without reaching Done, needs its reason and the notice to the customer; a delivered one
 * needs the notice and the follow-up (or a waiver).
 */
export function closeRuleBlockers(record: ClosureRecord, situation: CloseSituation): string[] {
  if (situation.mergedDuplicate) return [];
  const unfinished = parseMoscow(situation.moscow) === "Won't" || !situation.delivered;
  return closeBlockers(record, unfinished ? { reason: situation.wontHaveReason } : null);
}

/** The message a blocked user sees: what the rule guards, then one sentence per gap. */
export function transitionRuleMessage(rule: TransitionRule, blockers: readonly string[]): string {
  const lead = rule === 'start' ? 'This requirement cannot move to In progress yet.' : 'This requirement cannot be closed yet.';
  return [lead, ...blockers].join(' ');
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
export function needsReview(input: { lastReviewedOn: string | null; createdOn: string; done: boolean; today: string; days: number }): boolean {
  if (input.done) return false;
  return (input.lastReviewedOn ?? input.createdOn) < reviewDueBefore(input.today, input.days);
}
