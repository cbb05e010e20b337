import { overdueReminder } from '../domain/delivery';
import { jiraAsApp, type IssueBean, type JiraClient } from '../jira/client';
import { claimReminderDay, releaseReminderDay } from '../storage/reminder-store';

/** Days overdue after which the project lead is mentioned as well as the assignee. */
export const ESCALATE_AFTER_DAYS = 7;

export interface ReminderRunReport {
  today: string;
  overdue: number;
  reminded: string[];
  escalated: string[];
  failed: { key: string; reason: string }[];
}

const mention = (accountId: string) => ({ type: 'mention', attrs: { id: accountId } });
const text = (value: string) => ({ type: 'text', text: value });

function reminderComment(assignee: string | null, lead: string | null, daysOverdue: number, dueDate: string, escalate: boolean): object {
  const who = [assignee ? mention(assignee) : null, escalate && lead && lead !== assignee ? mention(lead) : null].filter((node) => node !== null);
  const sentence = ` This requirement was due on ${dueDate} and is ${daysOverdue} day${daysOverdue === 1 ? '' : 's'} overdue.${escalate ? ' Escalated to the project lead.' : ''} Deliver it, or agree a new due date with the customer. (Requirement Triage)`;
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [...who.flatMap((node) => [node, text(' ')]), text(sentence.trim())] }] };
}

const accountOf = (value: unknown): string | null => {
  const accountId = typeof value === 'object' && value !== null ? (value as { accountId?: unknown }).accountId : undefined;
  return typeof accountId === 'string' ? accountId : null;
};

async function remindOne(jira: JiraClient, issue: IssueBean, today: string, leads: Map<string, string | null>, report: ReminderRunReport): Promise<void> {
  const dueDate = typeof issue.fields.duedate === 'string' ? issue.fields.duedate : null;
  const done = (issue.fields.status as { statusCategory?: { key?: string } } | undefined)?.statusCategory?.key === 'done';
  const decision = overdueReminder({ dueDate, done, today, lastRemindedOn: null, escalateAfterDays: ESCALATE_AFTER_DAYS });
  if (decision.action === 'none') return;
  report.overdue += 1;
  // Claiming the day first makes replayed or overlapping runs send nothing twice.
  if (!(await claimReminderDay(issue.id, today))) return;
  const projectKey = (issue.fields.project as { key?: string } | undefined)?.key ?? '';
  if (!leads.has(projectKey)) leads.set(projectKey, accountOf((await jira.getProject(projectKey)).lead));
  const escalate = decision.action === 'escalate';
  try {
    await jira.addComment(issue.id, reminderComment(accountOf(issue.fields.assignee), leads.get(projectKey) ?? null, decision.daysOverdue, dueDate as string, escalate));
  } catch (error) {
    // Give the day back so the next hourly run tries again; a reminder is never silently dropped.
    await releaseReminderDay(issue.id, today);
    throw error;
  }
  (escalate ? report.escalated : report.reminded).push(issue.key);
}

/**
 * Scheduled (hourly): reminds the assignee of every overdue Requirement with a comment that mentions
 * them (Jira notifies mentioned people), at most once per requirement per day, and mentions the
 * project lead too once it is ESCALATE_AFTER_DAYS overdue. "Today" is Jira's date, not this
 * function's clock.
 */
export async function remindOverdue(): Promise<ReminderRunReport> {
  const jira = jiraAsApp();
  const today = (await jira.getServerTime()).toISOString().slice(0, 10);
  const report: ReminderRunReport = { today, overdue: 0, reminded: [], escalated: [], failed: [] };
  const issues = await jira.searchAll({
    jql: `issuetype = "Requirement" AND duedate < "${today}" ORDER BY duedate ASC`,
    fields: ['summary', 'status', 'assignee', 'duedate', 'project'],
  });
  const leads = new Map<string, string | null>();
  for (const issue of issues) {
    try {
      await remindOne(jira, issue, today, leads, report);
    } catch (error) {
      report.failed.push({ key: issue.key, reason: error instanceof Error ? error.name : 'unknown' });
    }
  }
  if (report.failed.length > 0) console.warn(`overdue reminders: ${report.failed.length} not sent this run; the next run retries them`);
  return report;
}
