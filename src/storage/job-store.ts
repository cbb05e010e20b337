import { kvs } from '@forge/kvs';
import type { RescoringJob } from '../shared/api';
import { storageKeys } from './keys';

/** Computed-field values still to be written, grouped so one bulk update covers many issues. */
export interface PendingUpdate {
  fieldId: string;
  value: unknown;
  issueIds: number[];
}

/** The job as stored: what the UI sees plus where to resume. */
/** One id range of a re-scoring job's scope: its search and where that search has got to. */
export interface RescoringChain {
  jql: string;
  /** The token of the chain's next page; null before its first. */
  pageToken: string | null;
  done: boolean;
}

export interface StoredRescoringJob extends RescoringJob {
  /** Fixed when the job starts, so every page reads the same set of Requirements. */
  jql: string;
  /** Index of the next round of pages to read (one page of each chain); events for other rounds are replays. */
  pageIndex: number;
  /**
   * The scope's id ranges, each read page after page, side by side. A record saved before chains
   * existed has none: its `pageToken` is then the one chain's (see `chainsOf` in services/rescoring.ts).
   */
  chains?: RescoringChain[];
  pageToken?: string | null;
  /** The page whose follow-up event was queued, so a replay re-queues it only when that was lost. */
  queuedPageIndex: number;
  pending: PendingUpdate[];
  /** Keys of the issues in `pending`, to name them if a write fails. */
  pendingKeys: Record<string, string>;
  /**
   * Issues this job is writing or has written on the current page, until they are checked against
   * newer framework versions. If that check fails and the event is retried after a newer version
   * superseded the job, the retry still brings these issues to the newest version.
   */
  catchUpIssueIds?: number[];
}

export const saveRescoringJob = (job: StoredRescoringJob): Promise<void> => kvs.set(storageKeys.rescoringJob(job.id), job);

export const getRescoringJob = (jobId: string): Promise<StoredRescoringJob | undefined> =>
  kvs.get<StoredRescoringJob>(storageKeys.rescoringJob(jobId));

export async function startRescoringJobRecord(job: StoredRescoringJob): Promise<void> {
  await saveRescoringJob(job);
  await kvs.set(storageKeys.rescoringLatest, job.id);
}

export async function getLatestRescoringJob(): Promise<StoredRescoringJob | undefined> {
  const id = await kvs.get<string>(storageKeys.rescoringLatest);
  return id ? getRescoringJob(id) : undefined;
}
