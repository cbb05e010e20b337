import { z } from 'zod';
import { createNextFrameworkVersion, validateFrameworkSettings, type FrameworkVersion } from '../domain/framework';
import { diffFrameworkSettings, previewRescoring } from '../domain/framework-changes';
import { INPUT_FIELDS } from '../domain/fields';
import { ValidationError } from '../domain/result';
import { jiraAsApp, JiraError } from '../jira/client';
import { pushRescoringEvent } from '../queue/rescoring-queue';
import type { SavedVersion } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { frameworkFor } from '../services/framework';
import { readRequirement } from '../services/requirement';
import { publicJob, requirementsInScopeJql, startRescoring } from '../services/rescoring';
import {
  appendFrameworkVersion,
  getFrameworkVersion,
  getNewestFrameworkVersion,
  listFrameworkVersions,
  listOverriddenProjects,
  VersionConflictError,
  VersionNumberTakenError,
} from '../storage/framework-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { noPayload, type Caller, type ResolverDefinition } from './guard';

const ADMIN = { scope: 'global', permission: 'ADMINISTER' } as const;
const versionNumber = z.number().int().min(1);
const note = z.string().max(2000);
const projectKey = z
  .string()
  .regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as REQ')
  .optional();

/** A scope named by the browser must be a project Jira knows; the check runs as the app, after the admin check. */
async function checkedScope(key: string | undefined): Promise<string | undefined> {
  if (!key) return undefined;
  try {
    return (await jiraAsApp().getProject(key)).key;
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'not-found') {
      throw new ValidationError([{ field: 'projectKey', rule: 'enum', message: `There is no project ${key}.` }]);
    }
    throw error;
  }
}

export const getCurrentFramework: ResolverDefinition<'framework.current', 'signed-in'> = {
  key: 'framework.current',
  access: { scope: 'signed-in' },
  payload: z.object({ projectKey }).strict(),
  run: ({ payload }) => frameworkFor(payload.projectKey),
};

export const getFrameworkHistory: ResolverDefinition<'framework.history', 'global'> = {
  key: 'framework.history',
  access: ADMIN,
  payload: z.object({ projectKey }).strict(),
  async run({ payload }) {
    // Reading the global default first creates version 1 on a fresh install.
    await frameworkFor(undefined);
    return listFrameworkVersions(await checkedScope(payload.projectKey));
  },
};

export const listFrameworkOverrides: ResolverDefinition<'framework.overrides', 'global'> = {
  key: 'framework.overrides',
  access: ADMIN,
  payload: noPayload,
  run: () => listOverriddenProjects(),
};

function validated(settings: unknown) {
  const result = validateFrameworkSettings(settings);
  if (!result.ok) throw new ValidationError(result.violations);
  return result.value;
}

export const previewFramework: ResolverDefinition<'framework.preview', 'global'> = {
  key: 'framework.preview',
  access: ADMIN,
  payload: z.object({ settings: z.unknown(), projectKey }).strict(),
  async run({ payload }) {
    const candidate = validated(payload.settings);
    const scope = await checkedScope(payload.projectKey);
    const jira = jiraAsApp();
    const [current, ids, requirementTypeId, jql] = await Promise.all([
      frameworkFor(scope),
      resolveAppFieldIds(jira),
      getRequirementIssueTypeId(),
      requirementsInScopeJql(scope),
    ]);
    const issues = await jira.searchAll({ jql, fields: ['issuetype', ...INPUT_FIELDS.map((field) => ids[field.name])] });
    const requirements = issues
      .map((issue) => readRequirement(issue, ids, current, requirementTypeId))
      .filter((requirement) => requirement.isRequirement);
    return previewRescoring(requirements, current, candidate);
  },
};

/**
 * Appends a version to the scope on top of `baseVersion` (what the scope uses now) and starts
 * re-scoring its requirements; a stale base is a conflict. The number is the next of the one
 * app-wide sequence; if a save in another scope took it meanwhile, the next one is tried.
 */
async function saveVersion(
  caller: Caller,
  settings: unknown,
  versionNote: string,
  baseVersion: number,
  requestedScope: string | undefined,
): Promise<SavedVersion> {
  const scope = await checkedScope(requestedScope);
  const jira = jiraAsApp();
  const user = await jira.getUser(caller.accountId);
  for (let attempt = 0; ; attempt += 1) {
    // Checked again on every attempt: while another scope took our number, this one may have moved on.
    const inUse = await frameworkFor(scope);
    if (inUse.version !== baseVersion) throw new VersionConflictError(inUse);
    const created = createNextFrameworkVersion({
      previous: await getNewestFrameworkVersion(),
      ...(scope ? { projectKey: scope } : {}),
      settings,
      author: { accountId: user.accountId, displayName: user.displayName },
      note: versionNote,
      now: new Date(),
    });
    if (!created.ok) throw new ValidationError(created.violations);
    try {
      await appendFrameworkVersion(created.value);
    } catch (error) {
      if (error instanceof VersionNumberTakenError && attempt < 5) continue;
      throw error;
    }
    const job = await startRescoring(created.value, { jira, push: pushRescoringEvent, now: () => new Date() });
    return { version: created.value, job: publicJob(job) };
  }
}

export const saveFramework: ResolverDefinition<'framework.save', 'global'> = {
  key: 'framework.save',
  access: ADMIN,
  payload: z.object({ settings: z.unknown(), note, baseVersion: versionNumber, projectKey }).strict(),
  run: ({ payload, caller }) => saveVersion(caller, payload.settings, payload.note, payload.baseVersion, payload.projectKey),
};

async function requireVersion(field: string, version: number): Promise<FrameworkVersion> {
  const found = await getFrameworkVersion(version);
  if (!found)
    throw new ValidationError([
      { field, rule: 'range', message: `There is no framework version ${version}.`, params: { value: version } },
    ]);
  return found;
}

export const diffFramework: ResolverDefinition<'framework.diff', 'global'> = {
  key: 'framework.diff',
  access: ADMIN,
  payload: z.object({ from: versionNumber, to: versionNumber }).strict(),
  async run({ payload }) {
    const [from, to] = await Promise.all([requireVersion('from', payload.from), requireVersion('to', payload.to)]);
    return { from, to, changes: diffFrameworkSettings(from.settings, to.settings) };
  },
};

export const revertFramework: ResolverDefinition<'framework.revert', 'global'> = {
  key: 'framework.revert',
  access: ADMIN,
  payload: z.object({ version: versionNumber, note, baseVersion: versionNumber, projectKey }).strict(),
  async run({ payload, caller }) {
    const old = await requireVersion('version', payload.version);
    return saveVersion(caller, old.settings, payload.note, payload.baseVersion, payload.projectKey);
  },
};
