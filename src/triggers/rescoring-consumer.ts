import { InvocationError, InvocationErrorCode } from '@forge/events';
import { z } from 'zod';
import { jiraAsApp, JiraError } from '../jira/client';
import { pushRescoringEvent } from '../queue/rescoring-queue';
import { DEFAULT_CHAIN_SPLIT, processRescoringEvent } from '../services/rescoring';

const rescoringEventBody = z.object({ jobId: z.string().uuid(), pageIndex: z.number().int().min(0) });

/**
 * Pages are read one after another in one invocation for this long, then the next is queued: well
 * inside a consumer's default 55 s (https://developer.atlassian.com/platform/forge/limits-invocation/),
 * since one more page with its writes may take a few seconds at Jira's latency.
 */
const PAGES_WITHIN_MS = 30_000;

/** Forge waits at most this long before redelivering an event (InvocationError's retryAfter). */
const LONGEST_RETRY_AFTER_SECONDS = 900;

/** Queue consumer: one round of a re-scoring job's pages per event, or more while time is left. Replays and retries are safe. */
export async function rescoreBatch(event: { body?: unknown }): Promise<InvocationError | undefined> {
  const body = rescoringEventBody.safeParse(event.body);
  // A malformed event cannot become valid by retrying it.
  if (!body.success) {
    console.warn('rescoring event ignored: malformed body');
    return undefined;
  }
  try {
    const startedAt = Date.now();
    // RT_RESCORE_PATH=per-event: one page per queue event, as before issue 16; `one-chain`: pages one after another in an
    // invocation, as before the chains (both kept to measure side by side in `npm run bench -- latency`).
    const path = process.env.RT_RESCORE_PATH;
    const keepGoing = path === 'per-event' ? undefined : () => Date.now() - startedAt < PAGES_WITHIN_MS;
    const chains = path === 'per-event' || path === 'one-chain' ? undefined : DEFAULT_CHAIN_SPLIT;
    await processRescoringEvent(body.data, {
      jira: jiraAsApp(),
      push: pushRescoringEvent,
      now: () => new Date(),
      keepGoing,
      chains,
    });
    return undefined;
  } catch (error) {
    // With the hourly quota used up every call fails until it renews: come back then instead of
    // spending the event's few retries now.
    if (error instanceof JiraError && error.kind === 'quota-exhausted') {
      const retryAfter = Math.min(
        LONGEST_RETRY_AFTER_SECONDS,
        Math.max(1, Math.ceil(error.rateLimit?.retryAfterSeconds ?? LONGEST_RETRY_AFTER_SECONDS)),
      );
      console.warn(`rescoring page waits ${retryAfter} s: Jira's hourly quota is used up`);
      return new InvocationError({ retryAfter, retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED });
    }
    throw error;
  }
}
