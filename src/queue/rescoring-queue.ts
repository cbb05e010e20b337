import { Queue } from '@forge/events';

/** The Forge queue that carries re-scoring work, one event per page of Requirements. */
export const RESCORING_QUEUE_KEY = 'rescoring';

export interface RescoringEvent {
  jobId: string;
  pageIndex: number;
}

export type PushRescoringEvent = (event: RescoringEvent) => Promise<void>;

export const pushRescoringEvent: PushRescoringEvent = async (event) => {
  await new Queue({ key: RESCORING_QUEUE_KEY }).push([{ body: { ...event } }]);
};
