import { kvs } from '@forge/kvs';
import { defaultFrameworkVersion, withDefaultSettings, type FrameworkVersion } from '../domain/framework';
import { ConflictError } from '../domain/result';
import { storageKeys } from './keys';
import { message } from '../domain/messages';

/**
 * Framework versions in Forge KVS: one append-only sequence for the global default and every
 * project override. Versions are written once with FAIL_IF_EXISTS and never changed, so two admins
 * saving at once cannot overwrite each other. Per-scope hints point at each scope's newest version.
 */

export class VersionConflictError extends ConflictError {
  constructor(readonly existing: FrameworkVersion) {
    super(
      message('server.conflict.framework_version', {
        who: existing.author.displayName,
        version: existing.version,
        at: existing.createdAt,
      }),
    );
    this.name = 'VersionConflictError';
  }
}

/** The number was taken by a save in another scope: not a conflict, the saver takes the next one. */
export class VersionNumberTakenError extends Error {
  constructor(readonly version: number) {
    super(`Framework version number ${version} is taken.`);
    this.name = 'VersionNumberTakenError';
  }
}

async function readVersion(version: number): Promise<FrameworkVersion | undefined> {
  const stored = await kvs.get<FrameworkVersion>(storageKeys.frameworkVersion(version));
  return stored && withDefaultSettings(stored);
}

/** Writes a new version unless its number exists already, then moves the hints. */
export async function appendFrameworkVersion(version: FrameworkVersion): Promise<void> {
  try {
    await kvs.set(storageKeys.frameworkVersion(version.version), version, { keyPolicy: 'FAIL_IF_EXISTS' });
  } catch (error) {
    const existing = await readVersion(version.version);
    if (!existing) throw error;
    if (existing.projectKey === version.projectKey) throw new VersionConflictError(existing);
    throw new VersionNumberTakenError(version.version);
  }
  await kvs.set(storageKeys.frameworkLatest, version.version);
  await kvs.set(storageKeys.frameworkScopeLatest(version.projectKey), version.version);
}

/** The newest version of any scope, or undefined before the first one. */
export async function getNewestFrameworkVersion(): Promise<FrameworkVersion | undefined> {
  const hint = (await kvs.get<number>(storageKeys.frameworkLatest)) ?? 0;
  let newest = hint > 0 ? await readVersion(hint) : undefined;
  // Hints are written after the version, so they may lag; look past them.
  for (let next = (newest?.version ?? hint) + 1; ; next += 1) {
    const candidate = await readVersion(next);
    if (!candidate) return newest;
    newest = candidate;
  }
}

/** The newest version of one scope (a project's own, or the global default when projectKey is absent). */
async function latestInScope(projectKey: string | undefined): Promise<FrameworkVersion | undefined> {
  const hint = (await kvs.get<number>(storageKeys.frameworkScopeLatest(projectKey))) ?? 0;
  if (projectKey && hint === 0) return undefined;
  let latest = hint > 0 ? await readVersion(hint) : undefined;
  const newest = await getNewestFrameworkVersion();
  for (let next = hint + 1; next <= (newest?.version ?? 0); next += 1) {
    const candidate = await readVersion(next);
    if (candidate && candidate.projectKey === projectKey) latest = candidate;
  }
  return latest;
}

/** The global default's newest version, creating version 1 from the defaults on first use. */
export async function getLatestFrameworkVersion(now: () => Date): Promise<FrameworkVersion> {
  const latest = await latestInScope(undefined);
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

/** The framework a project's requirements are scored with: its own override, else the global default. */
export async function getFrameworkForProject(projectKey: string | undefined, now: () => Date): Promise<FrameworkVersion> {
  return (projectKey ? await latestInScope(projectKey) : undefined) ?? getLatestFrameworkVersion(now);
}

export async function getFrameworkVersion(version: number): Promise<FrameworkVersion | undefined> {
  return readVersion(version);
}

/** Every entry whose key starts with `prefix`, all pages. */
export async function queryAll<T>(prefix: string): Promise<{ key: string; value: T }[]> {
  const entries: { key: string; value: T }[] = [];
  let cursor: string | undefined;
  do {
    let query = kvs
      .query()
      .where('key', { condition: 'BEGINS_WITH', values: [prefix] })
      .limit(50);
    if (cursor) query = query.cursor(cursor);
    const page = await query.getMany<T>();
    entries.push(...page.results);
    cursor = page.nextCursor;
  } while (cursor);
  return entries;
}

/** Every version of one scope, oldest first. */
export async function listFrameworkVersions(projectKey?: string): Promise<FrameworkVersion[]> {
  const all = await queryAll<FrameworkVersion>(storageKeys.frameworkVersionPrefix);
  return all
    .map((entry) => withDefaultSettings(entry.value))
    .filter((version) => version.projectKey === projectKey)
    .sort((a, b) => a.version - b.version);
}

/** Keys of the projects that have their own framework. */
export async function listOverriddenProjects(): Promise<string[]> {
  const entries = await queryAll<number>(storageKeys.frameworkProjectScopePrefix);
  return entries.map((entry) => entry.key.slice(storageKeys.frameworkProjectScopePrefix.length)).sort();
}
