import { kvs } from '@forge/kvs';
import type { MergedFields } from '../domain/merge';
import { storageKeys } from './keys';

/** Everything needed to undo a merge: both issues as they were, and what the merge created. */
export interface MergeRecord {
  keptId: string;
  keptKey: string;
  duplicateId: string;
  duplicateKey: string;
  status: 'merged' | 'undone';
  mergedBy: string;
  mergedAt: string;
  keptBefore: MergedFields;
  /** What the merge wrote on the kept issue; an undo refuses when someone has changed it since. */
  keptAfter: MergedFields;
  /** The merged customer's words before they were cut to the field's length; null when they fit (older records lack it). */
  customerWordsInFull?: string | null;
  /** How many characters of them the field could not hold. */
  customerWordsLeftOut?: number;
  duplicateBefore: { statusId: string; statusName: string };
  /** The duplicate link the merge created; null until it exists. */
  linkId: string | null;
  /** Whether the merge closed the duplicate (the workflow may not allow it). */
  closed: boolean;
  /** After an undo: whether the duplicate is back in its old status (false when the workflow had no way back). */
  statusRestored?: boolean;
}

export const getMergeRecord = (firstIssueId: string, secondIssueId: string): Promise<MergeRecord | undefined> =>
  kvs.get<MergeRecord>(storageKeys.mergeRecord(firstIssueId, secondIssueId));

export const saveMergeRecord = (record: MergeRecord): Promise<void> =>
  kvs.set(storageKeys.mergeRecord(record.keptId, record.duplicateId), record);
