import { z } from 'zod';
import { createNextFrameworkVersion, validateFrameworkSettings, type FrameworkVersion } from '../domain/framework';
import { diffFrameworkSettings, previewRescoring } from '../domain/framework-changes';
import { ValidationError } from '../domain/result';
import { INPUT_FIELDS } from '../domain/fields';
import { jiraAsApp } from '../jira/client';
import { pushRescoringEvent } from '../queue/rescoring-queue';
import type { SavedVersion } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { currentFramework } from '../services/framework';
import { readRequirement } from '../services/requirement';
import { publicJob, rescoringStatus, startRescoring } from '../services/rescoring';
import { appendFrameworkVersion, getFrameworkVersion, listFrameworkVersions, VersionConflictError } from '../storage/framework-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import type { Caller, ResolverDefinition } from './guard';

const empty = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;
const ADMIN = { scope: 'global', permission: 'ADMINISTER' } as const;
const versionNumber = z.number().int().min(1);
const note = z.string().max(2000);

export const getCurrentFramework: ResolverDefinition<'framework.current'> = {
  key: 'framework.current',
  access: { scope: 'signed-in' },
  payload: empty,
  run: () => currentFramework(),
};

export const getFrameworkHistory: ResolverDefinition<'framework.history'> = {
  key: 'framework.history',
  access: ADMIN,
  payload: empty,
  async run() {
    await currentFramework();
    return listFrameworkVersions();
  },
};

function validated(settings: unknown) {
  const result = validateFrameworkSettings(settings);
  if (!result.ok) throw new ValidationError(result.violations);
  return result.value;
}

export const previewFramework: ResolverDefinition<'framework.preview'> = {
  key: 'framework.preview',
  access: ADMIN,
  payload: z.object({ settings: z.unknown() }).strict(),
  async run({ payload }) {
    const candidate = validated(payload.settings);
    const jira = jiraAsApp();
    const [current, ids, requirementTypeId] = await Promise.all([currentFramework(), resolveAppFieldIds(jira), getRequirementIssueTypeId()]);
    const issues = await jira.searchAll({ jql: 'issuetype = "Requirement" ORDER BY key ASC', fields: ['issuetype', ...INPUT_FIELDS.map((field) => ids[field.name])] });
    const requirements = issues.map((issue) => readRequirement(issue, ids, current, requirementTypeId)).filter((requirement) => requirement.isRequirement);
    return previewRescoring(requirements, current, candidate);
  },
};

/** Appends a version on top of `baseVersion` and starts re-scoring; a stale base is a conflict. */
async function saveVersion(caller: Caller, settings: unknown, versionNote: string, baseVersion: number): Promise<SavedVersion> {
  const latest = await currentFramework();
  if (latest.version !== baseVersion) throw new VersionConflictError(latest);
  const jira = jiraAsApp();
  const user = await jira.getUser(caller.accountId);
  const created = createNextFrameworkVersion({
    previous: latest,
    settings,
    author: { accountId: user.accountId, displayName: user.displayName },
    note: versionNote,
    now: new Date(),
  });
  if (!created.ok) throw new ValidationError(created.violations);
  await appendFrameworkVersion(created.value);
  const job = await startRescoring(created.value, { jira, push: pushRescoringEvent, now: () => new Date() });
  return { version: created.value, job: publicJob(job) };
}

export const saveFramework: ResolverDefinition<'framework.save'> = {
  key: 'framework.save',
  access: ADMIN,
  payload: z.object({ settings: z.unknown(), note, baseVersion: versionNumber }).strict(),
  run: ({ payload, caller }) => saveVersion(caller, payload.settings, payload.note, payload.baseVersion),
};

async function requireVersion(field: string, version: number): Promise<FrameworkVersion> {
  const found = await getFrameworkVersion(version);
  if (!found) throw new ValidationError([{ field, rule: 'range', message: `There is no framework version ${version}.`, params: { value: version } }]);
  return found;
}

export const diffFramework: ResolverDefinition<'framework.diff'> = {
  key: 'framework.diff',
  access: ADMIN,
  payload: z.object({ from: versionNumber, to: versionNumber }).strict(),
  async run({ payload }) {
    const [from, to] = await Promise.all([requireVersion('from', payload.from), requireVersion('to', payload.to)]);
    return { from, to, changes: diffFrameworkSettings(from.settings, to.settings) };
  },
};

export const revertFramework: ResolverDefinition<'framework.revert'> = {
  key: 'framework.revert',
  access: ADMIN,
  payload: z.object({ version: versionNumber, note, baseVersion: versionNumber }).strict(),
  async run({ payload, caller }) {
    const old = await requireVersion('version', payload.version);
    return saveVersion(caller, old.settings, payload.note, payload.baseVersion);
  },
};

export const getRescoringStatus: ResolverDefinition<'rescoring.status'> = {
  key: 'rescoring.status',
  access: ADMIN,
  payload: z.object({ jobId: z.string().uuid().optional() }).strict(),
  run: ({ payload }) => rescoringStatus(payload.jobId),
};
