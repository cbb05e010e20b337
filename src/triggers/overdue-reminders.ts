import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { remainingInvocationMs } from '../platform/invocation-time';
import { pushReminderContinuation } from '../queue/reminders-queue';
import { continueReminderRun, startReminderRun, type ReminderRunReport } from '../services/reminders';

export type { ReminderRunReport } from '../services/reminders';

const dependencies = () => ({ jira: jiraAsApp(), push: pushReminderContinuation, remainingMs: remainingInvocationMs });

/**
 * Scheduled (hourly): reminds the assignee of every overdue Requirement with a comment that mentions
 * them (Jira notifies mentioned people), at most once per requirement per day, and mentions the
 * project lead too once it is the project's `escalateAfterDays` overdue; and sends the closure
 * loop's reminders for Done requirements. What does not fit in this invocation's time goes on in
 * queue events (continueReminders).
 */
export function remindOverdue(): Promise<ReminderRunReport> {
  return startReminderRun(dependencies());
}

const continuationBody = z.object({ phase: z.enum(['overdue', 'done']), afterId: z.number().int().min(0).nullable(), now: z.string().datetime() });

/** Queue consumer: the rest of a reminder run, from where the previous invocation stopped. Replays are safe (claims). */
export async function continueReminders(event: { body?: unknown }): Promise<void> {
  const body = continuationBody.safeParse(event.body);
  // A malformed event cannot become valid by retrying it.
  if (!body.success) {
    console.warn('reminder continuation ignored: malformed body');
    return;
  }
  await continueReminderRun(dependencies(), body.data);
}
