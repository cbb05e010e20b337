import { closureStage, dayInZone, overdueReminder } from '../domain/delivery';
import type { StoredDeliverySettings } from '../domain/delivery-settings';
import { REQUIREMENT_WORKFLOW_STATUSES } from '../domain/workflow';
import { jiraAsApp, type IssueBean, type JiraClient } from '../jira/client';
import { dutyHolderAccounts } from '../services/delivery-access';
import { siteClock } from '../services/site-clock';
import { getDeliveryRecord, getDeliverySettings } from '../storage/delivery-store';
import { claimReminder, releaseReminder, type ReminderKind } from '../storage/reminder-store';

export interface ReminderRunReport {
  today: string;
  overdue: number;
  reminded: string[];
  escalated: string[];
  /** Closure-loop reminders sent: `KEY kind`. */
  closure: string[];
  failed: { key: string; reason: string }[];
}

const DONE = REQUIREMENT_WORKFLOW_STATUSES.find((status) => status.key === 'done')!.name;
/** Follow-up reminders are sent once per round; the claim outlives the longest follow-up window (90 days). */
const ROUND_CLAIM_DAYS = 120;

const mention = (accountId: string) => ({ type: 'mention', attrs: { id: accountId } });
const text = (value: string) => ({ type: 'text', text: value });

function mentionComment(people: (string | null)[], sentence: string): object {
  const who = [...new Set(people.filter((person): person is string => person !== null))].map(mention);
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [...who.flatMap((node) => [node, text(' ')]), text(sentence.trim())] }] };
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
    if (!this.leads.has(projectKey)) this.leads.set(projectKey, this.jira.getProject(projectKey).then((project) => accountOf(project.lead)));
    return this.leads.get(projectKey)!;
  }
  customerContact(projectKey: string): Promise<string[]> {
    if (!this.customerContacts.has(projectKey)) this.customerContacts.set(projectKey, dutyHolderAccounts(this.jira, projectKey, 'customerContact'));
    return this.customerContacts.get(projectKey)!;
  }
  deliverySettings(projectKey: string): Promise<StoredDeliverySettings> {
    if (!this.settings.has(projectKey)) this.settings.set(projectKey, getDeliverySettings(projectKey));
    return this.settings.get(projectKey)!;
  }
}

const projectKeyOf = (issue: IssueBean): string => (issue.fields.project as { key?: string } | undefined)?.key ?? '';

/**
 * Claims the reminder first, so replayed or overlapping runs send nothing twice; gives the claim
 * back when the comment fails, so the next hourly run tries again and no reminder is silently dropped.
 */
async function sendOnce(jira: JiraClient, issue: IssueBean, claim: { kind: ReminderKind; period: string; ttlDays?: number }, comment: () => Promise<object>): Promise<boolean> {
  if (!(await claimReminder(claim.kind, issue.id, claim.period, claim.ttlDays))) return false;
  try {
    await jira.addComment(issue.id, await comment());
  } catch (error) {
    await releaseReminder(claim.kind, issue.id, claim.period);
    throw error;
  }
  return true;
}

async function remindOverdueOne(jira: JiraClient, issue: IssueBean, today: string, projects: ProjectCache, report: ReminderRunReport): Promise<void> {
  const dueDate = typeof issue.fields.duedate === 'string' ? issue.fields.duedate : null;
  const done = (issue.fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key === 'done';
  const projectKey = projectKeyOf(issue);
  const { escalateAfterDays } = await projects.deliverySettings(projectKey);
  const decision = overdueReminder({ dueDate, done, today, lastRemindedOn: null, escalateAfterDays });
  if (decision.action === 'none') return;
  report.overdue += 1;
  const escalate = decision.action === 'escalate';
  const sent = await sendOnce(jira, issue, { kind: 'overdue', period: today }, async () => {
    const sentence = `This requirement was due on ${dueDate} and is ${decision.daysOverdue} day${decision.daysOverdue === 1 ? '' : 's'} overdue.${escalate ? ' Escalated to the project lead.' : ''} Deliver it, or agree a new due date with the customer. (Requirement Triage)`;
    return mentionComment([accountOf(issue.fields.assignee), escalate ? await projects.lead(projectKey) : null], sentence);
  });
  if (sent) (escalate ? report.escalated : report.reminded).push(issue.key);
}

/**
 * The closure loop's reminders for a Done requirement: no notice 24 h after completion (every day
 * until one is recorded), the follow-up window opening, and the window passing (once each per round).
 * They mention the accounts holding the customer-contact duty and the assignee; the project lead
 * stands in for the duty when the project names no holders or its roles and groups are empty.
 */
async function remindClosureOne(jira: JiraClient, issue: IssueBean, now: Date, today: string, timeZone: string | null, projects: ProjectCache, report: ReminderRunReport): Promise<void> {
  const projectKey = projectKeyOf(issue);
  const { followUpDays } = await projects.deliverySettings(projectKey);
  const { closure } = await getDeliveryRecord(issue.id);
  if (closure.completedAt === null) return;
  const stage = closureStage(closure, now, followUpDays);
  const round = String(Date.parse(closure.completedAt));
  const reminders: Partial<Record<typeof stage, { kind: ReminderKind; period: string; ttlDays?: number; sentence: string }>> = {
    'notice-overdue': {
      kind: 'notice-overdue',
      period: today,
      sentence: `This requirement was done on ${dayInZone(new Date(closure.completedAt), timeZone)} and the customer has not been told yet (due within 24 hours). Tell them the result and record the notice in the Requirement Triage panel. (Requirement Triage)`,
    },
    'follow-up-due': {
      kind: 'follow-up-due',
      period: round,
      ttlDays: ROUND_CLAIM_DAYS,
      sentence: `The follow-up with the customer is due: ask how the solution works for them and record their satisfaction (1-5) within ${followUpDays.to} days of the notice. (Requirement Triage)`,
    },
    'follow-up-overdue': {
      kind: 'follow-up-overdue',
      period: round,
      ttlDays: ROUND_CLAIM_DAYS,
      sentence: `The follow-up with the customer is overdue: it was due within ${followUpDays.to} days of the notice. Record their satisfaction, or ask a manager to waive the follow-up. (Requirement Triage)`,
    },
  };
  const reminder = reminders[stage];
  if (!reminder) return;
  const sent = await sendOnce(jira, issue, reminder, async () => {
    const contacts = await projects.customerContact(projectKey);
    const people = contacts.length > 0 ? [...contacts, accountOf(issue.fields.assignee)] : [accountOf(issue.fields.assignee), await projects.lead(projectKey)];
    return mentionComment(people, reminder.sentence);
  });
  if (sent) report.closure.push(`${issue.key} ${reminder.kind}`);
}

async function eachIssue(issues: IssueBean[], report: ReminderRunReport, remind: (issue: IssueBean) => Promise<void>): Promise<void> {
  for (const issue of issues) {
    try {
      await remind(issue);
    } catch (error) {
      report.failed.push({ key: issue.key, reason: error instanceof Error ? error.name : 'unknown' });
    }
  }
}

/**
 * Scheduled (hourly): reminds the assignee of every overdue Requirement with a comment that mentions
 * them (Jira notifies mentioned people), at most once per requirement per day, and mentions the
 * project lead too once it is the project's `escalateAfterDays` overdue; and sends the closure
 * loop's reminders for Done requirements. "Now" is Jira's time, not this function's clock.
 */
export async function runReminders(): Promise<ReminderRunReport> {
  const jira = jiraAsApp();
  const { now, today, timeZone } = await siteClock(jira);
  const report: ReminderRunReport = { today, overdue: 0, reminded: [], escalated: [], closure: [], failed: [] };
  const projects = new ProjectCache(jira);
  const fields = ['summary', 'status', 'assignee', 'duedate', 'project'];
  const overdue = await jira.searchAll({ jql: `issuetype = "Requirement" AND duedate < "${today}" ORDER BY duedate ASC`, fields });
  await eachIssue(overdue, report, (issue) => remindOverdueOne(jira, issue, today, projects, report));
  const done = await jira.searchAll({ jql: `issuetype = "Requirement" AND status = "${DONE}" ORDER BY key ASC`, fields });
  await eachIssue(done, report, (issue) => remindClosureOne(jira, issue, now, today, timeZone, projects, report));
  if (report.failed.length > 0) console.warn(`reminders: ${report.failed.length} not sent this run; the next run retries them`);
  return report;
}

/**
 * The scheduledTrigger handler (manifest: rt-overdue-reminders): answers in the shape the platform
 * expects, 204 when every reminder went out, 500 (an error in the app's logs) when some failed;
 * those are retried next hour (https://developer.atlassian.com/platform/forge/function-reference/scheduled-trigger/).
 */
export async function remindOverdue(): Promise<{ statusCode: number; statusText?: string }> {
  const report = await runReminders();
  if (report.failed.length === 0) return { statusCode: 204 };
  return { statusCode: 500, statusText: `${report.failed.length} reminders not sent (${report.failed.map((failure) => failure.key).join(', ')}); the next run retries them` };
}
