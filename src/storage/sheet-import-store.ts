import { kvs } from '@forge/kvs';
import { splitIntoParts } from '../domain/upload-parts';
import type { ImportPlan } from '../domain/sheet-import';
import type { SheetImportJob } from '../shared/api';
import { storageKeys } from './keys';
import type { Message } from '../domain/messages';

/**
 * A spreadsheet import job in KVS: the job record (progress, and where a stopped run resumes), its
 * plan in parts (a 10,000-row plan is a few MB; a KVS value holds 240 KiB), the project's fingerprint
 * log (which rows earlier imports brought in) and the one-job-per-project claim.
 */

/** The job as stored: what the page shows plus where to resume. */
/** Why a failed job stopped, as a sentence written for whoever reads the job later (jobs stored before sentences carry an English `message`). */
export type StoredSheetImportFailure = Omit<NonNullable<SheetImportJob['failure']>, 'message'> &
  ({ sentence: Message } | { message: string });

export interface StoredSheetImportJob extends Omit<SheetImportJob, 'failure'> {
  failure: StoredSheetImportFailure | null;
  owner: string;
  ownerName: string;
  planParts: number;
  /** The Jira label every requirement of this import carries, so a lost answer can be looked up. */
  label: string;
  phase: 'create' | 'demand' | 'undo';
  /** Rows of plan.create before this index are written (in plan order). */
  cursor: number;
  /** A create call was sent and not recorded: a resumed run looks up what it made before sending more. */
  pending: boolean;
  /** Demand groups written so far (in plan order). */
  demandGroups: number;
  /** The values a demand group writes, fixed before the write so a repeated write adds nothing twice. */
  demandClaim: { target: string; issueId: string; customerWords: string | null; duplicateCount: number } | null;
}

const PLAN_TTL = { value: 7, unit: 'DAYS' } as const;
const BATCH = 25;
const isKeyTaken = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'KEY_ALREADY_EXISTS';

export const getSheetImportJob = (jobId: string): Promise<StoredSheetImportJob | undefined> =>
  kvs.get<StoredSheetImportJob>(storageKeys.sheetImportJob(jobId));
export const saveSheetImportJob = (job: StoredSheetImportJob): Promise<void> =>
  kvs.set(storageKeys.sheetImportJob(job.id), job, { ttl: PLAN_TTL });

export async function startSheetImportJob(job: StoredSheetImportJob): Promise<void> {
  await saveSheetImportJob(job);
  await kvs.set(storageKeys.sheetImportLatest(job.projectKey), job.id, { ttl: PLAN_TTL });
}

export async function getLatestSheetImportJob(projectKey: string): Promise<StoredSheetImportJob | undefined> {
  const jobId = await kvs.get<string>(storageKeys.sheetImportLatest(projectKey));
  return jobId ? getSheetImportJob(jobId) : undefined;
}

/** Stores the plan in parts; returns how many. */
export async function savePlan(jobId: string, plan: ImportPlan): Promise<number> {
  const parts = splitIntoParts(JSON.stringify(plan));
  // One part (up to 200 KB) per write: a batch of them could pass a request's size limit.
  for (const [part, value] of parts.entries())
    await kvs.set(storageKeys.sheetImportPlanPart(jobId, part), value, { ttl: PLAN_TTL });
  return parts.length;
}

export async function loadPlan(jobId: string, parts: number): Promise<ImportPlan> {
  const keys = Array.from({ length: parts }, (_, part) => storageKeys.sheetImportPlanPart(jobId, part));
  const texts: (string | undefined)[] = [];
  for (const key of keys) texts.push(await kvs.get<string>(key));
  if (texts.some((text) => text === undefined)) throw new Error(`The plan of import ${jobId} is incomplete in storage.`);
  return JSON.parse(texts.join('')) as ImportPlan;
}

/**
 * Claims the project for one import job. Another job's claim is taken over only when that job has
 * finished; returns the job id holding the claim otherwise.
 */
export async function claimProjectImport(
  projectKey: string,
  jobId: string,
  isFinished: (otherJobId: string) => Promise<boolean>,
): Promise<string | null> {
  const key = storageKeys.sheetImportActive(projectKey);
  try {
    await kvs.set(key, jobId, { keyPolicy: 'FAIL_IF_EXISTS', ttl: PLAN_TTL });
    return null;
  } catch (error) {
    if (!isKeyTaken(error)) throw error;
  }
  const holder = await kvs.get<string>(key);
  if (holder !== undefined && holder !== jobId && !(await isFinished(holder))) return holder;
  await kvs.set(key, jobId, { ttl: PLAN_TTL });
  return null;
}

export async function releaseProjectImport(projectKey: string, jobId: string): Promise<void> {
  const key = storageKeys.sheetImportActive(projectKey);
  if ((await kvs.get<string>(key)) === jobId) await kvs.delete(key);
}

/** The project's fingerprint log: shards of {fingerprint: issue key}, the last one open for appending. */
interface PrintsHeader {
  shards: number;
}
/** Entries per shard: 16 hex digits and a key are about 35 bytes as JSON; small shards keep each append's rewrite small. */
const PRINTS_PER_SHARD = 1_000;

export interface FingerprintLog {
  entries: Map<string, string>;
  shards: Record<string, string>[];
}

export async function loadFingerprintLog(projectKey: string): Promise<FingerprintLog> {
  const header = await kvs.get<PrintsHeader>(storageKeys.sheetPrintsHeader(projectKey));
  const count = header?.shards ?? 0;
  const shards: Record<string, string>[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const keys = Array.from({ length: Math.min(BATCH, count - start) }, (_, offset) =>
      storageKeys.sheetPrintsShard(projectKey, start + offset),
    );
    const page = await kvs.batchGet<Record<string, string>>(keys.map((key) => ({ key })));
    const byKey = new Map(page.successfulKeys.map((item) => [item.key, item.value]));
    for (const key of keys) shards.push(byKey.get(key) ?? {});
  }
  const entries = new Map<string, string>();
  for (const shard of shards) for (const [print, key] of Object.entries(shard)) entries.set(print, key);
  return { entries, shards };
}

/** Appends entries to the log (the caller holds the project's import claim, so it is the one writer). */
export async function appendFingerprints(
  projectKey: string,
  log: FingerprintLog,
  added: [fingerprint: string, key: string][],
): Promise<void> {
  if (added.length === 0) return;
  const touched = new Set<number>();
  for (const [print, key] of added) {
    let last = log.shards.length - 1;
    if (last < 0 || Object.keys(log.shards[last]!).length >= PRINTS_PER_SHARD) {
      log.shards.push({});
      last += 1;
    }
    log.shards[last]![print] = key;
    log.entries.set(print, key);
    touched.add(last);
  }
  const transaction = kvs.transact();
  for (const shard of touched) transaction.set(storageKeys.sheetPrintsShard(projectKey, shard), log.shards[shard]!);
  transaction.set(storageKeys.sheetPrintsHeader(projectKey), { shards: log.shards.length } satisfies PrintsHeader);
  await transaction.execute();
}

/** Drops entries (an undone import's rows may be imported again). */
export async function removeFingerprints(projectKey: string, log: FingerprintLog, prints: readonly string[]): Promise<void> {
  const touched = new Set<number>();
  for (const print of prints) {
    log.entries.delete(print);
    log.shards.forEach((shard, index) => {
      if (print in shard) {
        delete shard[print];
        touched.add(index);
      }
    });
  }
  if (touched.size === 0) return;
  const transaction = kvs.transact();
  for (const shard of touched) transaction.set(storageKeys.sheetPrintsShard(projectKey, shard), log.shards[shard]!);
  await transaction.execute();
}
