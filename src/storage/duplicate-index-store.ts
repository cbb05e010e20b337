import { kvs } from '@forge/kvs';
import { KVS_VALUE_MAX_BYTES } from '../domain/platform-limits';
import { DuplicateIndex, INDEX_FORMAT_VERSION, shardOf, storedValueBytes } from '../domain/text';
import { storageKeys } from './keys';
import { acquireLease, releaseLease } from './lease';

/**
 * Each project's similar-requirement index lives under its own keys, so a panel reads only its
 * project's shards (loading every project's 50,000 requirements took 6.9 s; see docs/BENCHMARKS.md).
 */
interface IndexHeader {
  format: number;
  shardCount: number;
  size: number;
  /** New on every write (random, so two writers never pick the same), so a warm function instance knows whether its copy is current. */
  revision: string;
}

/**
 * The last index each project loaded or wrote in this function instance: Forge reuses warm
 * instances, and re-reading the header (one small value) is far cheaper than re-reading the shards.
 */
const warm = new Map<string, { revision: string; index: DuplicateIndex }>();
const newRevision = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** The project's index, or null when it was never built or was written by another format. */
export async function loadProjectIndex(projectKey: string): Promise<DuplicateIndex | null> {
  const header = await kvs.get<IndexHeader>(storageKeys.duplicateIndexHeader(projectKey));
  if (!header || header.format !== INDEX_FORMAT_VERSION) return null;
  const cached = warm.get(projectKey);
  if (cached && cached.revision === header.revision) return cached.index;
  const shards = await Promise.all(
    Array.from({ length: header.shardCount }, (_, shard) => kvs.get<string>(storageKeys.duplicateIndexShard(projectKey, shard))),
  );
  if (shards.some((shard) => typeof shard !== 'string')) return null;
  const index = DuplicateIndex.deserialise(shards as string[]);
  if (index) warm.set(projectKey, { revision: header.revision, index });
  return index;
}

/** Writes every shard, then the header, then drops shards of a larger earlier layout. */
export async function saveProjectIndex(projectKey: string, index: DuplicateIndex): Promise<void> {
  const previous = await kvs.get<IndexHeader>(storageKeys.duplicateIndexHeader(projectKey));
  const shards = index.serialise(KVS_VALUE_MAX_BYTES);
  await Promise.all(shards.map((shard, at) => kvs.set(storageKeys.duplicateIndexShard(projectKey, at), shard)));
  const revision = newRevision();
  await kvs.set(storageKeys.duplicateIndexHeader(projectKey), {
    format: INDEX_FORMAT_VERSION,
    shardCount: shards.length,
    size: index.size,
    revision,
  } satisfies IndexHeader);
  warm.set(projectKey, { revision, index });
  for (let stale = shards.length; stale < (previous?.shardCount ?? 0); stale += 1)
    await kvs.delete(storageKeys.duplicateIndexShard(projectKey, stale));
}

const LOCK_SECONDS = 30;
const LOCK_ATTEMPTS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits for the project's index lock; another event holds it for a few hundred milliseconds at most. */
async function acquireIndexLock(projectKey: string, lockKey: string): Promise<string> {
  for (let attempt = 1; ; attempt += 1) {
    const owner = await acquireLease(lockKey, LOCK_SECONDS);
    if (owner !== null) return owner;
    // A dead holder's lease runs out by the expiry it stored, however late KVS deletes the key.
    if (attempt >= LOCK_ATTEMPTS)
      throw new Error(`The similar-requirement index of ${projectKey} stayed locked by another event; the event is retried.`);
    await sleep(50 * attempt);
  }
}

/**
 * Applies a change of one requirement (or a few) to the project's stored index: load, change,
 * rewrite the requirements' shards, under a short per-project KVS lock (events for different issues of one
 * project run in parallel and may share a shard). `change` returns false when it changed nothing.
 * Returns false, writing nothing, when the project has no index yet.
 */
export async function updateProjectIndex(
  projectKey: string,
  issueIds: string | readonly string[],
  change: (index: DuplicateIndex) => boolean,
): Promise<boolean> {
  const lockKey = storageKeys.duplicateIndexLock(projectKey);
  const owner = await acquireIndexLock(projectKey, lockKey);
  try {
    const index = await loadProjectIndex(projectKey);
    if (index === null || !change(index)) return false;
    await saveIndexChange(projectKey, index, typeof issueIds === 'string' ? [issueIds] : issueIds);
    return true;
  } catch (error) {
    // The warm copy may hold a change that was not stored.
    warm.delete(projectKey);
    throw error;
  } finally {
    await releaseLease(lockKey, owner);
  }
}

/**
 * Persists a change of some requirements by rewriting only the shards they belong to; when one
 * outgrows a KVS value, the whole index is re-laid out with more shards.
 */
async function saveIndexChange(projectKey: string, index: DuplicateIndex, issueIds: readonly string[]): Promise<void> {
  const header = await kvs.get<IndexHeader>(storageKeys.duplicateIndexHeader(projectKey));
  if (!header || header.format !== INDEX_FORMAT_VERSION) return saveProjectIndex(projectKey, index);
  const shards = [...new Set(issueIds.map((issueId) => shardOf(issueId, header.shardCount)))];
  const texts = shards.map((shard) => index.serialiseShard(shard, header.shardCount));
  if (texts.some((text) => storedValueBytes(text) > KVS_VALUE_MAX_BYTES)) return saveProjectIndex(projectKey, index);
  await Promise.all(shards.map((shard, at) => kvs.set(storageKeys.duplicateIndexShard(projectKey, shard), texts[at]!)));
  const revision = newRevision();
  await kvs.set(storageKeys.duplicateIndexHeader(projectKey), { ...header, size: index.size, revision });
  warm.set(projectKey, { revision, index });
}
