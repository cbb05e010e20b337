import { kvs } from '@forge/kvs';
import { defaultFrameworkVersion, withDefaultSettings, type FrameworkVersion } from '../domain/framework';
import { storageKeys } from './keys';

/**
 * Framework versions in Forge KVS. Versions are written once with FAIL_IF_EXISTS and never
 * changed, so two admins saving at once cannot overwrite each other: the second one loses.
 */

export class VersionConflictError extends Error {
  constructor(readonly existing: FrameworkVersion) {
    super(`${existing.author.displayName} saved version ${existing.version} at ${existing.createdAt} while you were editing, so your save was not applied.`);
    this.name = 'VersionConflictError';
  }
}

async function readVersion(version: number): Promise<FrameworkVersion | undefined> {
  const stored = await kvs.get<FrameworkVersion>(storageKeys.frameworkVersion(version));
  return stored && withDefaultSettings(stored);
}

/** Writes a new version unless that number exists already. */
export async function appendFrameworkVersion(version: FrameworkVersion): Promise<void> {
  try {
    await kvs.set(storageKeys.frameworkVersion(version.version), version, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    const existing = await readVersion(version.version);
    if (existing) throw new VersionConflictError(existing);
    throw error;
  }
  await kvs.set(storageKeys.frameworkLatest, version.version);
}

/** The newest version, creating version 1 from the defaults on first use. */
export async function getLatestFrameworkVersion(now: () => Date): Promise<FrameworkVersion> {
  const hint = (await kvs.get<number>(storageKeys.frameworkLatest)) ?? 0;
  let latest = hint > 0 ? await readVersion(hint) : undefined;
  // The hint is written after the version, so it may lag by one; look past it.
  for (let next = (latest?.version ?? 0) + 1; ; next += 1) {
    const candidate = await readVersion(next);
    if (!candidate) break;
    latest = candidate;
  }
  if (latest) return latest;
  const initial = defaultFrameworkVersion(now());
  try {
    await appendFrameworkVersion(initial);
    return initial;
  } catch (error) {
    if (error instanceof VersionConflictError) return error.existing;
    throw error;
  }
}

export async function getFrameworkVersion(version: number): Promise<FrameworkVersion | undefined> {
  return readVersion(version);
}

/** Every version, oldest first. */
export async function listFrameworkVersions(): Promise<FrameworkVersion[]> {
  const versions: FrameworkVersion[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs.query().where('key', { condition: 'BEGINS_WITH', values: [storageKeys.frameworkVersionPrefix] }).limit(50);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<FrameworkVersion>();
    versions.push(...page.results.map((entry) => withDefaultSettings(entry.value)));
    cursor = page.nextCursor;
  } while (cursor);
  return versions.sort((a, b) => a.version - b.version);
}
