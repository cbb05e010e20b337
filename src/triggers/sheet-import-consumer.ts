import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { jiraAsApp, JiraError } from '../jira/client';
import { remainingInvocationMs } from '../platform/invocation-time';
import { pushSheetImportEvent } from '../queue/sheet-import-queue';
import { runSheetImport } from '../services/sheet-import';

const eventBody = z.object({ jobId: z.string().uuid() });

/** Forge waits at most this long before redelivering an event (InvocationError's retryAfter). */
const LONGEST_RETRY_AFTER_SECONDS = 900;

/** Queue consumer: runs a spreadsheet import job until it is done or the invocation's time is nearly up. Replays are safe. */
export async function importSheetRows(event: { body?: unknown }): Promise<InvocationError | undefined> {
  const body = eventBody.safeParse(event.body);
  if (!body.success) {
    console.warn('sheet import event ignored: malformed body');
    return undefined;
  }
  try {
    await runSheetImport(body.data.jobId, {
      jira: jiraAsApp(),
      push: pushSheetImportEvent,
      remainingMs: remainingInvocationMs,
      now: () => new Date(),
    });
    return undefined;
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'quota-exhausted') {
      const retryAfter = Math.min(
        LONGEST_RETRY_AFTER_SECONDS,
        Math.max(1, Math.ceil(error.rateLimit?.retryAfterSeconds ?? LONGEST_RETRY_AFTER_SECONDS)),
      );
      console.warn(`sheet import waits ${retryAfter} s: Jira's hourly quota is used up`);
      return new InvocationError({ retryAfter, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
    }
    throw error;
  }
}
