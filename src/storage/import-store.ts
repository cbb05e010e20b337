import { kvs } from '@forge/kvs';
import { storageKeys } from './keys';

/**
 * A customer import staged in KVS while its parts arrive (a front-end invoke carries at most 500 KB,
 * an import up to a million characters). Everything staged has a TTL, and its expiry is also stored
 * and compared, since KVS may return expired keys for up to 48 hours.
 */
export interface StagedImport {
  owner: string;
  parts: number;
  /** Epoch ms: after this the staged import is refused, whether or not KVS still returns it. */
  expiresAt: number;
  /** Set once the import was committed, so a repeated last part answers the same. */
  created?: string[];
}

/** Which import is staged: the customer archive's CSV, or a spreadsheet of requirements. Each has its own keys. */
export type ImportArea = 'customers' | 'sheet';
const KEYS = {
  customers: { head: storageKeys.customerImport, part: storageKeys.customerImportPart, commit: storageKeys.customerImportCommit },
  sheet: { head: storageKeys.sheetImport, part: storageKeys.sheetImportPart, commit: storageKeys.sheetImportCommit },
} as const;

const STAGE_HOURS = 1;
const BATCH = 25;
const ttl = { value: STAGE_HOURS, unit: 'HOURS' } as const;
const isKeyTaken = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'KEY_ALREADY_EXISTS';

/** The staged import, created for `owner` if it does not exist yet. */
export async function openStagedImport(
  importId: string,
  owner: string,
  parts: number,
  now: number,
  area: ImportArea = 'customers',
): Promise<StagedImport> {
  const key = KEYS[area].head(importId);
  const fresh: StagedImport = { owner, parts, expiresAt: now + STAGE_HOURS * 3_600_000 };
  try {
    await kvs.set(key, fresh, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
    return fresh;
  } catch (error) {
    if (!isKeyTaken(error)) throw error;
  }
  const existing = await kvs.get<StagedImport>(key);
  if (!existing) throw new Error(`The staged import ${importId} vanished while it was opened.`);
  return existing;
}

export async function stageImportPart(
  importId: string,
  part: number,
  text: string,
  area: ImportArea = 'customers',
): Promise<void> {
  await kvs.set(KEYS[area].part(importId, part), text, { ttl });
}

/** The staged parts in order; undefined where a part has not arrived. */
export async function readImportParts(
  importId: string,
  parts: number,
  area: ImportArea = 'customers',
): Promise<(string | undefined)[]> {
  const keys = Array.from({ length: parts }, (_, part) => KEYS[area].part(importId, part));
  const found = new Map<string, string>();
  for (let start = 0; start < keys.length; start += BATCH) {
    const page = await kvs.batchGet<string>(keys.slice(start, start + BATCH).map((key) => ({ key })));
    for (const item of page.successfulKeys) found.set(item.key, item.value);
  }
  return keys.map((key) => found.get(key));
}

/** True for the one call that may commit the import. */
export async function claimImportCommit(importId: string, area: ImportArea = 'customers'): Promise<boolean> {
  try {
    await kvs.set(KEYS[area].commit(importId), { at: new Date().toISOString() }, { keyPolicy: 'FAIL_IF_EXISTS', ttl });
    return true;
  } catch (error) {
    if (isKeyTaken(error)) return false;
    throw error;
  }
}

/** Records the committed result (kept until the TTL) and drops the parts. */
export async function finishStagedImport(
  importId: string,
  staged: StagedImport,
  created: string[],
  area: ImportArea = 'customers',
): Promise<void> {
  await kvs.set(KEYS[area].head(importId), { ...staged, created } satisfies StagedImport, { ttl });
  await dropParts(importId, staged.parts, area);
}

/** Drops everything staged under the import (a refused file: nothing of it stays). */
export async function discardStagedImport(importId: string, parts: number, area: ImportArea = 'customers'): Promise<void> {
  await dropParts(importId, parts, area);
  await kvs.transact().delete(KEYS[area].commit(importId)).delete(KEYS[area].head(importId)).execute();
}

async function dropParts(importId: string, parts: number, area: ImportArea): Promise<void> {
  const keys = Array.from({ length: parts }, (_, part) => ({ key: KEYS[area].part(importId, part) }));
  for (let start = 0; start < keys.length; start += BATCH) await kvs.batchDelete(keys.slice(start, start + BATCH));
}
