import { ConflictError } from '../domain/result';
import { storageKeys } from './keys';
import { acquireLease, releaseLease } from './lease';
import { message } from '../domain/messages';

/** Long enough for one save (resolvers stop at 25 s); a crashed save frees the issue by itself. */
const LOCK_SECONDS = 30;

/**
 * Jira has no compare-and-set for field values, so two saves of one issue could both pass the
 * "still as you saw it" check and the later one would silently win. Saves of the same issue take
 * turns through a short-lived KVS lease (see lease.ts: an expired one is taken over by its stored
 * expiry, since KVS deletes expired keys up to 48 hours late); the one that finds it held is told
 * to try again, and nothing of it is applied.
 */
export function withIssueEditLock<T>(issueId: string, work: () => Promise<T>): Promise<T> {
  return withLock(storageKeys.issueEditLock(issueId), work);
}

/** The same turn-taking for the app's own per-issue delivery record (feasibility marks, closure loop). */
export function withDeliveryLock<T>(issueId: string, work: () => Promise<T>): Promise<T> {
  return withLock(storageKeys.deliveryLock(issueId), work);
}

/** The same for a project's second-level tag lists: two admins saving at once take turns. */
export function withKindTagsLock<T>(projectKey: string, work: () => Promise<T>): Promise<T> {
  return withLock(storageKeys.kindTagsLock(projectKey), work);
}

async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const owner = await acquireLease(key, LOCK_SECONDS);
  if (owner === null) throw new ConflictError(message('server.conflict.saving_now'));
  try {
    return await work();
  } finally {
    await releaseLease(key, owner);
  }
}
