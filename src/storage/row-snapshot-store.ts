import { KVS_VALUE_MAX_BYTES } from '../domain/platform-limits';
import { kvs } from '@forge/kvs';
import type { RegisterDetails } from '../domain/exports';
import type { RequirementRow } from '../shared/api';
import { storageKeys } from './keys';

/**
 * A copy of one project's requirement rows (what the matrix, the project gadgets and the exports'
 * id lists need) in KVS, so opening the matrix reads KVS instead of every issue from Jira: each
 * issue Jira returns costs a rate-limit point, KVS reads cost none. The copy is derived data: it is
 * checked against Jira on every open (src/services/requirement-rows.ts) and rebuilt when it
 * disagrees, so losing it costs one full read.
 */
export interface SnapshotHeader {
  format: number;
  /** New on every write, so a page read can tell it belongs to the same copy as the first page. */
  revision: string;
  /** The framework version the rows were read with; another version means another reading of the inputs. */
  frameworkVersion: number;
  count: number;
  /** The newest `updated` among the rows, as Jira wrote it: later edits are fetched from here on. */
  watermark: string;
  /** When the copy was built from a full read (ISO); a copy older than a day is rebuilt. */
  builtAt: string;
  shardCount: number;
}

/** A row as the copy keeps it: with the register's details the export reads (the matrix's answers leave them out). */
export type CopiedRow = RequirementRow & { register?: RegisterDetails };

/** One shard: its rows, and when Jira last updated each (by issue id), to tell a changed issue from one already copied. */
export interface SnapshotShard {
  rows: CopiedRow[];
  updated: Record<string, string>;
}

/** 3: rows carry the resolution (closed duplicates are left out of the counts); 4: and created, department and source channel for the reports; 5: and the register's details for the export; 6: and the key dates; 7: kind and second-level tag on the row (the matrix filters by them), no longer in the register. */
export const SNAPSHOT_FORMAT = 7;
/** Laid out below Forge's 240 KiB per KVS value, so later changes fit without a new layout. */
const SHARD_BYTES = 160 * 1024;
/** At most this many rows a shard, so one resolver answer (a page of PAGE_SHARDS shards) stays near 1 MB. */
const SHARD_ROWS = 400;

export const shardOfIssue = (issueId: string, shardCount: number): number => Number(BigInt(issueId) % BigInt(shardCount));

const newRevision = (): string => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

/** How many shards rows of this size need. */
function shardCountFor(rows: readonly { id: string }[]): number {
  const bytes = rows.reduce((total, row) => total + Buffer.byteLength(JSON.stringify(row), 'utf8') + 1, 0);
  return Math.max(1, Math.ceil(bytes / SHARD_BYTES), Math.ceil(rows.length / SHARD_ROWS));
}

function layOut(rows: readonly CopiedRow[], updated: Readonly<Record<string, string>>, shardCount: number): SnapshotShard[] {
  const shards: SnapshotShard[] = Array.from({ length: shardCount }, () => ({ rows: [], updated: {} }));
  for (const row of rows) {
    const shard = shards[shardOfIssue(row.id, shardCount)]!;
    shard.rows.push(row);
    if (updated[row.id]) shard.updated[row.id] = updated[row.id]!;
  }
  return shards;
}

const fits = (shard: SnapshotShard): boolean =>
  shard.rows.length <= SHARD_ROWS * 1.25 && Buffer.byteLength(JSON.stringify(shard), 'utf8') <= KVS_VALUE_MAX_BYTES;
export async function loadSnapshotHeader(projectKey: string): Promise<SnapshotHeader | null> {
  const header = await kvs.get<SnapshotHeader>(storageKeys.rowSnapshotHeader(projectKey));
  return header && header.format === SNAPSHOT_FORMAT ? header : null;
}

/** The given shards of the copy the header names; null when one is missing (a rewrite is under way). */
export async function loadSnapshotShards(projectKey: string, shards: readonly number[]): Promise<SnapshotShard[] | null> {
  const loaded = await Promise.all(
    shards.map((shard) => kvs.get<SnapshotShard>(storageKeys.rowSnapshotShard(projectKey, shard))),
  );
  return loaded.every((shard) => Array.isArray(shard?.rows)) ? (loaded as SnapshotShard[]) : null;
}

type SnapshotMeta = Pick<SnapshotHeader, 'frameworkVersion' | 'watermark' | 'builtAt'>;

/** Writes every row (laid out afresh), then the header, then drops shards of a larger earlier layout. */
export async function saveSnapshot(
  projectKey: string,
  rows: readonly CopiedRow[],
  updated: Readonly<Record<string, string>>,
  meta: SnapshotMeta,
): Promise<SnapshotHeader> {
  const previous = await loadSnapshotHeader(projectKey);
  const shardCount = shardCountFor(rows);
  const shards = layOut(rows, updated, shardCount);
  await Promise.all(shards.map((shard, index) => kvs.set(storageKeys.rowSnapshotShard(projectKey, index), shard)));
  const header: SnapshotHeader = { format: SNAPSHOT_FORMAT, revision: newRevision(), count: rows.length, shardCount, ...meta };
  await kvs.set(storageKeys.rowSnapshotHeader(projectKey), header);
  for (let stale = shardCount; stale < (previous?.shardCount ?? 0); stale += 1)
    await kvs.delete(storageKeys.rowSnapshotShard(projectKey, stale));
  return header;
}

/**
 * Rewrites only the shards changes touched, then the header. Null, writing nothing, when a shard
 * outgrew its KVS value: the copy is then re-laid out at its next rebuild.
 */
export async function saveSnapshotShards(
  projectKey: string,
  header: SnapshotHeader,
  changed: ReadonlyMap<number, SnapshotShard>,
  update: { watermark: string; count: number },
): Promise<SnapshotHeader | null> {
  if (![...changed.values()].every(fits)) return null;
  await Promise.all(
    [...changed.entries()].map(([shard, content]) => kvs.set(storageKeys.rowSnapshotShard(projectKey, shard), content)),
  );
  const written: SnapshotHeader = { ...header, ...update, revision: newRevision() };
  await kvs.set(storageKeys.rowSnapshotHeader(projectKey), written);
  return written;
}

/** Runs `write` unless another open is writing the copy right now (then its write stands and this one is skipped). */
export async function withSnapshotWriteLock(projectKey: string, write: () => Promise<void>): Promise<boolean> {
  const lockKey = storageKeys.rowSnapshotLock(projectKey);
  try {
    await kvs.set(
      lockKey,
      { since: new Date().toISOString() },
      { keyPolicy: 'FAIL_IF_EXISTS', ttl: { value: 60, unit: 'SECONDS' } },
    );
  } catch {
    return false;
  }
  try {
    await write();
    return true;
  } finally {
    await kvs.delete(lockKey);
  }
}

/**
 * A caller whose own Jira count matched the copy may read its further pages for a few minutes: the
 * pages after the first are KVS reads, and without this record anyone with Browse projects could
 * ask for them directly and see rows that issue security hides from them.
 */
export interface ReadGrant {
  revision: string;
  /** Whether the caller may edit issues in the project, as the first page found: the further pages need not ask Jira again. */
  canEdit: boolean;
}

const GRANT_SECONDS = 600;

export async function grantSnapshotRead(projectKey: string, accountId: string, grant: ReadGrant): Promise<void> {
  await kvs.set(storageKeys.rowSnapshotGrant(projectKey, accountId), grant, { ttl: { value: GRANT_SECONDS, unit: 'SECONDS' } });
}

/** The caller's grant for this copy, or null. */
export async function snapshotGrant(projectKey: string, accountId: string, revision: string): Promise<ReadGrant | null> {
  const grant = await kvs.get<ReadGrant>(storageKeys.rowSnapshotGrant(projectKey, accountId));
  return grant?.revision === revision ? grant : null;
}

/** A build of the copy from one caller's search pages (see addBuildPage): who builds it, then one parked page per part. */
const BUILD_SECONDS = 3600;

export async function startBuild(projectKey: string, accountId: string): Promise<string> {
  const buildId = newRevision();
  await kvs.set(
    storageKeys.rowSnapshotBuild(projectKey, buildId),
    { accountId },
    { ttl: { value: BUILD_SECONDS, unit: 'SECONDS' } },
  );
  return buildId;
}

export async function isBuildOf(projectKey: string, buildId: string, accountId: string): Promise<boolean> {
  const build = await kvs.get<{ accountId: string }>(storageKeys.rowSnapshotBuild(projectKey, buildId));
  return build?.accountId === accountId;
}

/** A parked page is written in pieces of this many rows, each well inside one KVS value. */
const PIECE_ROWS = 150;
const PIECES_PER_PART = 8;

export async function parkBuildPart(projectKey: string, buildId: string, part: number, content: SnapshotShard): Promise<void> {
  const pieces = Math.max(1, Math.ceil(content.rows.length / PIECE_ROWS));
  if (pieces > PIECES_PER_PART) throw new RangeError(`A parked page holds at most ${PIECES_PER_PART * PIECE_ROWS} rows.`);
  await Promise.all(
    Array.from({ length: pieces }, (_, piece) => {
      const rows = content.rows.slice(piece * PIECE_ROWS, (piece + 1) * PIECE_ROWS);
      const updated = Object.fromEntries(
        rows.flatMap((row) => (content.updated[row.id] ? [[row.id, content.updated[row.id]!]] : [])),
      );
      const value = { rows, updated, pieces };
      return kvs.set(storageKeys.rowSnapshotBuildPart(projectKey, buildId, part * PIECES_PER_PART + piece), value, {
        ttl: { value: BUILD_SECONDS, unit: 'SECONDS' },
      });
    }),
  );
}

/** Every parked page, or null when a piece is missing (it expired, or a page was skipped). */
export async function loadBuildParts(projectKey: string, buildId: string, parts: number): Promise<SnapshotShard[] | null> {
  const read = (index: number) =>
    kvs.get<SnapshotShard & { pieces: number }>(storageKeys.rowSnapshotBuildPart(projectKey, buildId, index));
  const firsts = await Promise.all(Array.from({ length: parts }, (_, part) => read(part * PIECES_PER_PART)));
  if (!firsts.every((first) => Array.isArray(first?.rows))) return null;
  const rest = await Promise.all(
    firsts.flatMap((first, part) =>
      Array.from({ length: first!.pieces - 1 }, (_, piece) => read(part * PIECES_PER_PART + piece + 1)),
    ),
  );
  if (!rest.every((piece) => Array.isArray(piece?.rows))) return null;
  return [...firsts, ...rest] as SnapshotShard[];
}

/** Drops the build record; its parked pieces expire on their own within the hour. */
export async function dropBuild(projectKey: string, buildId: string): Promise<void> {
  await kvs.delete(storageKeys.rowSnapshotBuild(projectKey, buildId));
}
