import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { pushRescoringEvent } from '../queue/rescoring-queue';
import { processRescoringEvent } from '../services/rescoring';

const rescoringEventBody = z.object({ jobId: z.string().uuid(), pageIndex: z.number().int().min(0) });

/** Queue consumer: one page of a re-scoring job per event. Replays and retries are safe. */
export async function rescoreBatch(event: { body?: unknown }): Promise<void> {
  const body = rescoringEventBody.safeParse(event.body);
  // A malformed event cannot become valid by retrying it.
  if (!body.success) {
    console.warn('rescoring event ignored: malformed body');
    return;
  }
  await processRescoringEvent(body.data, { jira: jiraAsApp(), push: pushRescoringEvent, now: () => new Date() });
}
