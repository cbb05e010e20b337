import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { remainingInvocationMs } from '../platform/invocation-time';
import { pushReminderContinuation } from '../queue/reminders-queue';
import { continueReminderRun, startReminderRun } from '../services/reminders';

const dependencies = () => ({ jira: jiraAsApp(), push: pushReminderContinuation, remainingMs: remainingInvocationMs });

/**
 * The scheduledTrigger handler (manifest: rt-overdue-reminders) starts the hourly reminder run (overdue
 * requirements, the closure loop, late key dates, the quarterly customer review) and answers in the
 * shape the platform expects, 204 when every reminder went out, 500 (an error in the
 * app's logs) when some failed; those are retried next hour (https://developer.atlassian.com/platform/forge/function-reference/scheduled-trigger/).
 */
export async function remindOverdue(): Promise<{ statusCode: number; statusText?: string }> {
  const report = await startReminderRun(dependencies());
  if (report.failed.length === 0) return { statusCode: 204 };
  return {
    statusCode: 500,
    statusText: `${report.failed.length} reminders not sent (${report.failed.map((failure) => failure.key).join(', ')}); the next run retries them`,
  };
}

const continuationBody = z.object({
  phase: z.enum(['overdue', 'done', 'key-dates', 'customer-review']),
  afterId: z.number().int().min(0).nullable(),
  now: z.string().datetime(),
  timeZone: z.string().min(1).max(64).nullable().default(null),
});

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
