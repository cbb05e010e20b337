import { Queue } from '@forge/events';

/** The Forge queue that carries re-scoring work, one event per page of Requirements. */
export const RESCORING_QUEUE_KEY = 'rescoring';

export interface RescoringEvent {
  jobId: string;
  pageIndex: number;
}

/** `delayInSeconds` (at most 900, Forge's limit) holds the event back, e.g. until Jira's hourly allowance renews. */
export type PushRescoringEvent = (event: RescoringEvent, options?: { delayInSeconds?: number }) => Promise<void>;

export const pushRescoringEvent: PushRescoringEvent = async (event, options = {}) => {
  await new Queue({ key: RESCORING_QUEUE_KEY }).push([
    { body: { ...event }, ...(options.delayInSeconds ? { delayInSeconds: options.delayInSeconds } : {}) },
  ]);
};
