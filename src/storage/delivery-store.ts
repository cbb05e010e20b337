import { kvs } from '@forge/kvs';
import type { ClosureRecord } from '../domain/delivery/closure';
import type { AcceptedRecord } from '../domain/delivery/deadlines';
import type { FeasibilityMark } from '../domain/delivery/feasibility';
import type { Grade } from '../domain/framework';
import { DEFAULT_DELIVERY_SETTINGS, type DeliverySettings, type StoredDeliverySettings } from '../domain/delivery-settings';
import { ConflictError } from '../domain/result';
import { withDeliveryLock } from './edit-lock';
import { storageKeys } from './keys';
import { message } from '../domain/messages';

/**
 * The app's own record of one Requirement's delivery: feasibility marks (every mark kept, newest
 * last) and the closure loop. Kept in KVS, not in issue properties, because anyone who may edit an
 * issue can rewrite its properties through REST, and the workflow rules trust this record.
 */
export interface DeliveryRecord {
  issueId: string;
  feasibility: FeasibilityMark[];
  closure: ClosureRecord;
  /**
   * Written once when the requirement is accepted (Analysing → Pending); when a person moves the due
   * date to a new grade's deadline, its grade and due date follow.
   */
  accepted?: AcceptedRecord;
  /** The grade whose offer to move the due date a person declined ("Keep"): not offered again for it. */
  dueDateKeptFor?: Grade;
  /** Bumped on every write. */
  revision: number;
}

/** Older marks beyond this are dropped from the history (the newest per dimension always stays). */
export const MAX_MARK_HISTORY = 60;

export const emptyDeliveryRecord = (issueId: string): DeliveryRecord => ({
  issueId,
  feasibility: [],
  closure: { completedAt: null, notice: null, followUp: null, waiver: null },
  revision: 0,
});

export async function getDeliveryRecord(issueId: string): Promise<DeliveryRecord> {
  return (await kvs.get<DeliveryRecord>(storageKeys.deliveryRecord(issueId))) ?? emptyDeliveryRecord(issueId);
}

/** Keys per KVS batch read: Forge's limit for one batch. */
const BATCH_GET_KEYS = 25;
/** Batch reads in flight at once. */
const BATCH_GET_CONCURRENCY = 10;

/**
 * Many requirements' records at once (the reports read a whole project's): batches of 25 keys,
 * ten in flight; an issue without a record gets an empty one.
 */
export async function getDeliveryRecords(issueIds: readonly string[]): Promise<Map<string, DeliveryRecord>> {
  const batches = Array.from({ length: Math.ceil(issueIds.length / BATCH_GET_KEYS) }, (_, index) =>
    issueIds.slice(index * BATCH_GET_KEYS, (index + 1) * BATCH_GET_KEYS),
  );
  const found = new Map<string, DeliveryRecord>();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++]!;
      const result = await kvs.batchGet<DeliveryRecord>(batch.map((issueId) => ({ key: storageKeys.deliveryRecord(issueId) })));
      // The docs do not say how a missing key comes back; the emulator (and, on the safe side, we) take KEY_NOT_FOUND as "no record yet".
      const failed = result.failedKeys.filter((item) => item.error.code !== 'KEY_NOT_FOUND');
      if (failed.length > 0) throw new Error(`Could not read ${failed.length} delivery records: ${failed[0]!.error.message}`);
      for (const item of result.successfulKeys) found.set(item.value.issueId, item.value);
    }
  };
  await Promise.all(Array.from({ length: Math.min(BATCH_GET_CONCURRENCY, batches.length) }, worker));
  return new Map(issueIds.map((issueId) => [issueId, found.get(issueId) ?? emptyDeliveryRecord(issueId)]));
}

/**
 * Reads, changes and writes one record while holding the issue's delivery lock, so two people
 * recording at once cannot lose each other's entry. `change` returns null when there is nothing to
 * write (e.g. a repeated trigger); it may throw to refuse, and then nothing is written.
 */
export async function updateDeliveryRecord(
  issueId: string,
  change: (current: DeliveryRecord) => DeliveryRecord | null,
): Promise<DeliveryRecord> {
  return withDeliveryLock(issueId, async () => {
    const current = await getDeliveryRecord(issueId);
    const next = change(current);
    if (next === null) return current;
    const written: DeliveryRecord = { ...next, issueId, revision: current.revision + 1 };
    await kvs.set(storageKeys.deliveryRecord(issueId), written);
    return written;
  });
}

export async function getDeliverySettings(projectKey: string): Promise<StoredDeliverySettings> {
  const stored = await kvs.get<StoredDeliverySettings>(storageKeys.deliverySettings(projectKey));
  // Settings saved before a setting existed (key dates) read with its default.
  return stored
    ? { ...DEFAULT_DELIVERY_SETTINGS, ...stored }
    : { ...DEFAULT_DELIVERY_SETTINGS, projectKey, revision: 0, updatedBy: null, updatedAt: null };
}

/** Saves a project's settings if nobody saved since `expectedRevision` (else a conflict naming who did). */
export async function saveDeliverySettings(
  projectKey: string,
  settings: DeliverySettings,
  expectedRevision: number,
  by: { accountId: string; displayName: string },
  now: Date,
): Promise<StoredDeliverySettings> {
  const key = storageKeys.deliverySettings(projectKey);
  return withDeliveryLock(`settings:${projectKey}`, async () => {
    const current = await getDeliverySettings(projectKey);
    if (current.revision !== expectedRevision) {
      throw new ConflictError(
        message('server.conflict.settings_saved', {
          who: current.updatedBy ?? { 'en-US': 'Someone', 'zh-CN': '其他人' },
          at: current.updatedAt ?? { 'en-US': 'an earlier time', 'zh-CN': '之前' },
        }),
      );
    }
    const written: StoredDeliverySettings = {
      ...settings,
      projectKey,
      revision: current.revision + 1,
      updatedBy: by.displayName,
      updatedAt: now.toISOString(),
    };
    await kvs.set(key, written);
    return written;
  });
}
