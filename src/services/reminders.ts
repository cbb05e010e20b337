import { closureStage } from '../domain/delivery/closure';
import { dayInZone } from '../domain/delivery/deadlines';
import { overdueReminder } from '../domain/delivery/reminders';
import { jqlField } from '../domain/gadget-drill-down';
import { keyDateReminders, milestoneStatuses, parseKeyDatesField } from '../domain/key-dates';
import type { JiraTextLanguage, StoredDeliverySettings } from '../domain/delivery-settings';
import { message, type Message } from '../domain/messages';
import { REQUIREMENT_WORKFLOW_STATUSES } from '../domain/workflow';
import type { IssueBean, JiraClient } from '../jira/client';
import type { PushReminderContinuation, ReminderContinuation } from '../queue/reminders-queue';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { dutyHolderAccounts } from './delivery-access';
import { siteClock } from './site-clock';
import { localesOf, writeEach } from '../platform/translate';
import { getDeliveryRecord, getDeliverySettings } from '../storage/delivery-store';
import {
  claimReminder,
  dropPendingReminder,
  getReminderClaim,
  listPendingReminders,
  markReminderSent,
  reminderMarker,
  takeOverPendingReminder,
  type ReminderClaim,
  type ReminderId,
  type ReminderKind,
} from '../storage/reminder-store';
import { projectOf, statusOf } from '../jira/issue-fields';
import { listProjectSetups } from '../storage/setup-store';
import { followTickets } from './support-tickets';
import { customersDueForQuarterlyReview } from './customers';
import {
  dueCustomersOf,
  finishReviewReminder,
  planReviewReminder,
  REVIEW_CLAIM_DAYS,
  type DueCustomers,
} from './customer-review-reminders';

/**
 * The hourly reminder run: comments on overdue requirements and on Done ones whose closure loop is
 * late, each reminder at most once (per day, or per closure round); then, per project set up, the
 * quarterly customer review's reminder to the customer-contact duty (src/services/customer-review-reminders.ts).
 *
 * A run has a time limit (55 s for the scheduled trigger and the queue consumer). It walks the
 * requirements in pages of id order and, when too little time is left to finish one more, hands the
 * rest to a queue event ("continue after id N") instead of being stopped half-way. Each reminder
 * is claimed `pending` with its comment, then posted, then marked `sent`; the comment carries the
 * reminder's marker. A run stopped anywhere in between leaves a pending claim that the next hourly
 * run finishes: it posts the comment unless the issue already has one with the marker.
 */

export interface ReminderRunReport {
  today: string;
  overdue: number;
  reminded: string[];
  escalated: string[];
  /** Closure-loop reminders sent: `KEY kind`. */
  closure: string[];
  /** Late-milestone reminders sent: `KEY milestone remind|escalate`. */
  keyDates: string[];
  /** Quarterly customer review reminders sent: `PROJECT quarter` (the quarter's issue) or `ISSUE quarter grown`. */
  customerReview: string[];
  /** Reminders a stopped earlier run had claimed, finished by this one: `KEY kind`. */
  recovered: string[];
  failed: { key: string; reason: string }[];
  /** Where the run handed over to a queue event, when its time ran short. */
  continuedAt: ReminderContinuation | null;
}

export interface ReminderRunDependencies {
  jira: JiraClient;
  push: PushReminderContinuation;
  /** Milliseconds this invocation may still run. */
  remainingMs: () => number;
}

const DONE = REQUIREMENT_WORKFLOW_STATUSES.find((status) => status.key === 'done')!.name;
/** Follow-up reminders are sent once per round; the claim outlives the longest follow-up window (90 days). */
const ROUND_CLAIM_DAYS = 120;
const DAY_CLAIM_DAYS = 3;
/** A milestone's reminder is sent once; KVS keeps a key at most a year (https://developer.atlassian.com/platform/forge/storage-reference/kvs-api/). */
const KEY_DATE_CLAIM_DAYS = 365;
/** Stop starting requirements with less than this left: one takes a handful of calls, and a slow Jira call a few seconds. */
export const REMINDER_TIME_RESERVE_MS = 15_000;
/** A pending claim older than the longest any invocation may run (900 s) belongs to a run that is over. */
const PENDING_STALE_MS = 16 * 60_000;
const PAGE_SIZE = 100;
/** Only what the reminders read. */
const FIELDS = ['status', 'assignee', 'duedate', 'project'];

const mention = (accountId: string) => ({ type: 'mention', attrs: { id: accountId } });
const text = (value: string) => ({ type: 'text', text: value });

export { reminderMarker } from '../storage/reminder-store';

/**
 * A comment that mentions the people to act (Jira notifies mentioned people) and says what to do,
 * in the project's language for the app's comments (a paragraph per language, Chinese first, when
 * both): a comment has many readers and Jira tells the app none of their languages. The marker ends
 * the last paragraph.
 */
async function mentionComment(
  people: (string | null)[],
  sentences: readonly Message[],
  id: ReminderId,
  language: JiraTextLanguage,
): Promise<object> {
  const who = [...new Set(people.filter((person): person is string => person !== null))].map(mention);
  const languages = await writeEach(sentences, localesOf(language));
  const paragraphs = languages.map((written, index) => ({
    type: 'paragraph',
    content: [
      ...(index === 0 ? who.flatMap((node) => [node, text(' ')]) : []),
      text(index === languages.length - 1 ? `${written} ${reminderMarker(id)}` : written),
    ],
  }));
  return { type: 'doc', version: 1, content: paragraphs };
}

const accountOf = (value: unknown): string | null => {
  const accountId = typeof value === 'object' && value !== null ? (value as { accountId?: unknown }).accountId : undefined;
  return typeof accountId === 'string' ? accountId : null;
};

/** Per-run lookups shared by every issue of a project. */
class ProjectCache {
  private readonly leads = new Map<string, Promise<string | null>>();
  private readonly settings = new Map<string, Promise<StoredDeliverySettings>>();
  private readonly customerContacts = new Map<string, Promise<string[]>>();
  constructor(private readonly jira: JiraClient) {}
  lead(projectKey: string): Promise<string | null> {
    if (!this.leads.has(projectKey))
      this.leads.set(
        projectKey,
        this.jira.getProject(projectKey).then((project) => accountOf(project.lead)),
      );
    return this.leads.get(projectKey)!;
  }
  customerContact(projectKey: string): Promise<string[]> {
    if (!this.customerContacts.has(projectKey))
      this.customerContacts.set(projectKey, dutyHolderAccounts(this.jira, projectKey, 'customerContact'));
    return this.customerContacts.get(projectKey)!;
  }
  private ids: Promise<AppFieldIds> | undefined;
  fieldIds(): Promise<AppFieldIds> {
    this.ids ??= resolveAppFieldIds(this.jira);
    return this.ids;
  }
  deliverySettings(projectKey: string): Promise<StoredDeliverySettings> {
    if (!this.settings.has(projectKey)) this.settings.set(projectKey, getDeliverySettings(projectKey));
    return this.settings.get(projectKey)!;
  }
}

interface Run {
  deps: ReminderRunDependencies;
  now: Date;
  /** The site's default time zone: "today" is the site's day. */
  timeZone: string | null;
  today: string;
  projects: ProjectCache;
  report: ReminderRunReport;
  /** The site's address for links; read once per invocation when a text needs it. */
  baseUrl: Promise<string | null> | undefined;
  /** The customers due for the quarterly review, read once per invocation when a project needs them. */
  dueCustomers: Promise<DueCustomers> | undefined;
}

/**
 * Posts a claimed comment unless the issue already shows it (the claiming run posted it and was
 * stopped before marking it sent), then marks it sent.
 */
async function finishClaim(run: Run, claim: ReminderClaim, mayAlreadyBePosted: boolean): Promise<void> {
  if (claim.review) {
    await finishReviewReminder(run.deps.jira, { ...claim, review: claim.review }, mayAlreadyBePosted, run.now);
    await markReminderSent(claim);
    return;
  }
  const marker = reminderMarker(claim);
  const posted =
    mayAlreadyBePosted &&
    (await run.deps.jira.listRecentComments(claim.issueId)).some((comment) => JSON.stringify(comment.body).includes(marker));
  if (!posted) await run.deps.jira.addComment(claim.issueId, claim.comment);
  await markReminderSent(claim);
}

/**
 * Sends one reminder at most once. Already claimed: sent means done; pending means another run is
 * on it, or was stopped, and is finished here once that run is certainly over.
 */
async function sendOnce(
  run: Run,
  issue: { key: string },
  id: ReminderId,
  ttlDays: number,
  content: () => Promise<object | { comment: object; review: NonNullable<ReminderClaim['review']> }>,
): Promise<boolean> {
  const existing = await getReminderClaim(id);
  if (existing) {
    if (existing.state === 'pending') await recoverClaim(run, existing);
    return false;
  }
  const made = await content();
  const { comment, review } = 'review' in made ? made : { comment: made, review: undefined };
  const claim = await claimReminder(id, {
    claimedAt: run.now.toISOString(),
    issueKey: issue.key,
    comment,
    ttlDays,
    ...(review ? { review } : {}),
  });
  if (!claim) return false;
  await finishClaim(run, claim, false);
  return true;
}

/** Finishes a pending claim whose run is over; true when this run finished it. */
async function recoverClaim(run: Run, claim: ReminderClaim): Promise<boolean> {
  if (run.now.getTime() - Date.parse(claim.claimedAt) < PENDING_STALE_MS) return false;
  if (!(await takeOverPendingReminder(claim))) return false;
  await finishClaim(run, claim, true);
  run.report.recovered.push(`${claim.issueKey} ${claim.kind}`);
  return true;
}

async function remindOverdueOne(run: Run, issue: IssueBean): Promise<void> {
  const dueDate = typeof issue.fields.duedate === 'string' ? issue.fields.duedate : null;
  const done = statusOf(issue).categoryKey === 'done';
  const projectKey = projectOf(issue).key;
  const { escalateAfterDays, jiraTextLanguage } = await run.projects.deliverySettings(projectKey);
  const decision = overdueReminder({ dueDate, done, today: run.today, lastRemindedOn: null, escalateAfterDays });
  if (decision.action === 'none') return;
  run.report.overdue += 1;
  const escalate = decision.action === 'escalate';
  const id: ReminderId = { kind: 'overdue', issueId: issue.id, period: run.today };
  const sent = await sendOnce(run, issue, id, DAY_CLAIM_DAYS, async () => {
    const sentences = [
      message(decision.daysOverdue === 1 ? 'server.reminder.overdue.one' : 'server.reminder.overdue.other', {
        dueDate: dueDate ?? '',
        days: decision.daysOverdue,
      }),
      ...(escalate ? [message('server.reminder.escalated')] : []),
      message('server.reminder.overdue_action'),
    ];
    return mentionComment(
      [accountOf(issue.fields.assignee), escalate ? await run.projects.lead(projectKey) : null],
      sentences,
      id,
      jiraTextLanguage,
    );
  });
  if (sent) (escalate ? run.report.escalated : run.report.reminded).push(issue.key);
}

/**
 * The closure loop's reminders for a Done requirement: no notice 24 h after completion (every day
 * until one is recorded), the follow-up window opening, and the window passing (once each per round).
 * They mention the accounts holding the customer-contact duty and the assignee; the project lead
 * stands in for the duty when the project names no holders or its roles and groups are empty.
 */
async function remindClosureOne(run: Run, issue: IssueBean): Promise<void> {
  const projectKey = projectOf(issue).key;
  const { followUpDays, jiraTextLanguage } = await run.projects.deliverySettings(projectKey);
  const { closure } = await getDeliveryRecord(issue.id);
  if (closure.completedAt === null) return;
  const stage = closureStage(closure, run.now, followUpDays);
  const round = String(Date.parse(closure.completedAt));
  const reminders: Partial<Record<typeof stage, { kind: ReminderKind; period: string; ttlDays: number; sentence: Message }>> = {
    'notice-overdue': {
      kind: 'notice-overdue',
      period: run.today,
      ttlDays: DAY_CLAIM_DAYS,
      sentence: message('server.reminder.notice_overdue', { doneOn: dayInZone(new Date(closure.completedAt), run.timeZone) }),
    },
    'follow-up-due': {
      kind: 'follow-up-due',
      period: round,
      ttlDays: ROUND_CLAIM_DAYS,
      sentence: message('server.reminder.follow_up_due', { days: followUpDays.to }),
    },
    'follow-up-overdue': {
      kind: 'follow-up-overdue',
      period: round,
      ttlDays: ROUND_CLAIM_DAYS,
      sentence: message('server.reminder.follow_up_overdue', { days: followUpDays.to }),
    },
  };
  // Support tickets the requirement came from: the notice posted there, the follow-up asked and answered there.
  await followTickets(run.deps.jira, issue.id, stage === 'follow-up-due' || stage === 'follow-up-overdue');
  const reminder = reminders[stage];
  if (!reminder) return;
  const id: ReminderId = { kind: reminder.kind, issueId: issue.id, period: reminder.period };
  const sent = await sendOnce(run, issue, id, reminder.ttlDays, async () => {
    const contacts = await run.projects.customerContact(projectKey);
    const people =
      contacts.length > 0
        ? [...contacts, accountOf(issue.fields.assignee)]
        : [accountOf(issue.fields.assignee), await run.projects.lead(projectKey)];
    return mentionComment(people, [reminder.sentence], id, jiraTextLanguage);
  });
  if (sent) run.report.closure.push(`${issue.key} ${reminder.kind}`);
}

/**
 * Late milestones (key dates) of an open requirement, reminded like an overdue requirement: once
 * when the milestone is late, and once more, mentioning the project lead, from the project's
 * escalation day on (a milestone first seen already that late gets only the escalation). A new
 * planned day is a new reminder. The claim is kept for a year, the longest a KVS key may live.
 */
async function remindKeyDatesOne(run: Run, issue: IssueBean): Promise<void> {
  if (statusOf(issue).categoryKey === 'done') return;
  const projectKey = projectOf(issue).key;
  const { escalateAfterDays, keyDates: milestones, jiraTextLanguage } = await run.projects.deliverySettings(projectKey);
  const ids = await run.projects.fieldIds();
  const statuses = milestoneStatuses(parseKeyDatesField(issue.fields[ids.keyDates]), milestones, run.today);
  for (const reminder of keyDateReminders(statuses, escalateAfterDays)) {
    const milestone = milestones.find((candidate) => candidate.code === reminder.code)!;
    const escalate = reminder.action === 'escalate';
    const id: ReminderId = {
      kind: 'key-date',
      issueId: issue.id,
      period: `${reminder.code}:${reminder.planned}:${reminder.action}`,
    };
    const sent = await sendOnce(run, issue, id, KEY_DATE_CLAIM_DAYS, async () => {
      const params = {
        milestone: { 'en-US': milestone.label.en, 'zh-CN': milestone.label.zh },
        planned: reminder.planned,
        days: reminder.daysLate,
      };
      const sentences = [
        message(reminder.daysLate === 1 ? 'server.reminder.key_date.one' : 'server.reminder.key_date.other', params),
        ...(escalate ? [message('server.reminder.escalated')] : []),
        message('server.reminder.key_date_action'),
      ];
      return mentionComment(
        [accountOf(issue.fields.assignee), escalate ? await run.projects.lead(projectKey) : null],
        sentences,
        id,
        jiraTextLanguage,
      );
    });
    if (sent) run.report.keyDates.push(`${issue.key} ${reminder.code} ${reminder.action}`);
  }
}

const OPEN_STATUSES = REQUIREMENT_WORKFLOW_STATUSES.filter((status) => status.category !== 'DONE')
  .map((status) => `"${status.name}"`)
  .join(', ');

const PHASES = {
  overdue: { jql: (today: string) => `issuetype = "Requirement" AND duedate < "${today}"`, remind: remindOverdueOne },
  done: { jql: () => `issuetype = "Requirement" AND status = "${DONE}"`, remind: remindClosureOne },
  // "Next key date" is the earliest open milestone's planned day: one search finds every requirement with a late one.
  'key-dates': {
    jql: (today: string, ids: AppFieldIds) =>
      `issuetype = "Requirement" AND ${jqlField(ids.nextKeyDate)} < "${today}" AND status IN (${OPEN_STATUSES})`,
    remind: remindKeyDatesOne,
  },
} as const;
const PHASE_ORDER: ReminderContinuation['phase'][] = ['overdue', 'done', 'key-dates', 'customer-review'];

const timeIsShort = (run: Run): boolean => run.deps.remainingMs() < REMINDER_TIME_RESERVE_MS;

/**
 * Walks the phases from `start` in pages of id order; returns where it stopped when time ran short,
 * or null when it reached the end.
 */
async function walk(
  run: Run,
  start: { phase: ReminderContinuation['phase']; afterId: number | null },
): Promise<ReminderContinuation | null> {
  for (const phase of PHASE_ORDER.slice(PHASE_ORDER.indexOf(start.phase))) {
    let afterId = phase === start.phase ? start.afterId : null;
    if (phase === 'customer-review') return remindCustomerReviews(run, afterId);
    for (;;) {
      if (timeIsShort(run)) return { phase, afterId, now: run.now.toISOString(), timeZone: run.timeZone };
      const ids = await run.projects.fieldIds();
      const jql = `${PHASES[phase].jql(run.today, ids)}${afterId === null ? '' : ` AND id > ${afterId}`} ORDER BY id ASC`;
      const page = await run.deps.jira.searchPage({
        jql,
        fields: phase === 'key-dates' ? [...FIELDS, ids.keyDates] : FIELDS,
        maxResults: PAGE_SIZE,
      });
      for (const issue of page.items) {
        if (timeIsShort(run)) return { phase, afterId, now: run.now.toISOString(), timeZone: run.timeZone };
        try {
          await PHASES[phase].remind(run, issue);
        } catch (error) {
          run.report.failed.push({ key: issue.key, reason: error instanceof Error ? error.name : 'unknown' });
        }
        afterId = Number(issue.id);
      }
      if (page.items.length < PAGE_SIZE || page.nextPageToken === null) break;
    }
  }
  return null;
}

/**
 * The quarterly customer review's reminders, one project at a time in project id order (a
 * continuation goes on after the last id done). The due list is the site's, read once.
 */
async function remindCustomerReviews(run: Run, afterId: number | null): Promise<ReminderContinuation | null> {
  const setups = (await listProjectSetups())
    .filter((setup) => afterId === null || Number(setup.projectId) > afterId)
    .sort((left, right) => Number(left.projectId) - Number(right.projectId));
  let doneId = afterId;
  for (const setup of setups) {
    if (timeIsShort(run))
      return { phase: 'customer-review', afterId: doneId, now: run.now.toISOString(), timeZone: run.timeZone };
    try {
      run.dueCustomers ??= customersDueForQuarterlyReview(run.today).then(dueCustomersOf);
      run.baseUrl ??= run.deps.jira.getServerClock().then((clock) => clock.baseUrl);
      const planned = await planReviewReminder(
        { jira: run.deps.jira, today: run.today, baseUrl: await run.baseUrl },
        setup,
        await run.dueCustomers,
      );
      if (planned && (await sendOnce(run, { key: planned.issueKey }, planned.id, REVIEW_CLAIM_DAYS, planned.content))) {
        run.report.customerReview.push(
          planned.id.kind === 'customer-review'
            ? `${setup.projectKey} ${planned.id.period}`
            : `${planned.issueKey} ${planned.id.period.split(':')[0]} grown`,
        );
      }
    } catch (error) {
      run.report.failed.push({ key: setup.projectKey, reason: error instanceof Error ? error.name : 'unknown' });
    }
    doneId = Number(setup.projectId);
  }
  return null;
}

/** Finishes the pending claims that stopped runs left; stops early when time runs short (the next run goes on). */
async function recoverPending(run: Run): Promise<void> {
  let cursor: string | undefined;
  do {
    if (timeIsShort(run)) return;
    const page = await listPendingReminders(cursor);
    for (const id of page.reminders) {
      if (timeIsShort(run)) return;
      try {
        const claim = await getReminderClaim(id);
        // No claim: its run stopped before claiming; sent: stopped after marking. Nothing was claimed and left.
        if (!claim || claim.state === 'sent') await dropPendingReminder(id);
        else await recoverClaim(run, claim);
      } catch (error) {
        run.report.failed.push({ key: id.issueId, reason: error instanceof Error ? error.name : 'unknown' });
      }
    }
    cursor = page.cursor ?? undefined;
  } while (cursor);
}

function newRun(deps: ReminderRunDependencies, now: Date, timeZone: string | null, baseUrl?: string | null): Run {
  const today = dayInZone(now, timeZone);
  return {
    deps,
    now,
    timeZone,
    today,
    projects: new ProjectCache(deps.jira),
    report: {
      today,
      overdue: 0,
      reminded: [],
      escalated: [],
      closure: [],
      keyDates: [],
      customerReview: [],
      recovered: [],
      failed: [],
      continuedAt: null,
    },
    baseUrl: baseUrl === undefined ? undefined : Promise.resolve(baseUrl),
    dueCustomers: undefined,
  };
}

async function handOver(run: Run, stoppedAt: ReminderContinuation | null): Promise<ReminderRunReport> {
  if (stoppedAt) {
    await run.deps.push(stoppedAt);
    run.report.continuedAt = stoppedAt;
  }
  if (run.report.failed.length > 0)
    console.warn(`reminders: ${run.report.failed.length} not sent this run; the next run retries them`);
  return run.report;
}

/** The hourly start: finish what stopped runs left pending, then walk every phase. "Now" is Jira's time. */
export async function startReminderRun(deps: ReminderRunDependencies): Promise<ReminderRunReport> {
  const clock = await siteClock(deps.jira);
  const run = newRun(deps, clock.now, clock.timeZone, clock.baseUrl);
  await recoverPending(run);
  return handOver(run, await walk(run, { phase: 'overdue', afterId: null }));
}

/** A queue event's share of a run that ran short of time: the same walk, from where it stopped, at the run's time. */
export async function continueReminderRun(deps: ReminderRunDependencies, from: ReminderContinuation): Promise<ReminderRunReport> {
  const run = newRun(deps, new Date(from.now), from.timeZone);
  return handOver(run, await walk(run, from));
}
