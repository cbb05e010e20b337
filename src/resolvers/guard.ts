import { z } from 'zod';
import { ConflictError, ValidationError, type Violation } from '../domain/result';
import { jiraAsApp, JiraError, type JiraClient } from '../jira/client';
import type { DataOf, PayloadOf, ResolverError, ResolverKey, ResolverResult } from '../shared/api';
import { AppFieldsMissingError } from '../services/app-fields';
import { PartlyAppliedError } from '../services/requirement-edit';

/**
 * One guard for every resolver: it validates the payload, works out the issue or project from the
 * resolver's own context (never from ids the browser sends alone), checks the caller's Jira
 * permission on the server, and only then runs the handler. Errors become one envelope.
 */

export type ProjectPermission = 'BROWSE_PROJECTS' | 'EDIT_ISSUES' | 'CREATE_ISSUES' | 'TRANSITION_ISSUES' | 'ADMINISTER_PROJECTS';

export type Access =
  | { scope: 'issue'; permission: ProjectPermission }
  /** An issue the payload names by `issueKey` (surfaces without an issue context, e.g. the matrix); looked up, then checked. */
  | { scope: 'named-issue'; permission: ProjectPermission }
  /** A list means any one of them will do (e.g. creating or editing issues). */
  | { scope: 'project'; permission: ProjectPermission | readonly ProjectPermission[] }
  | { scope: 'global'; permission: 'ADMINISTER' }
  | { scope: 'signed-in' };

export interface Caller {
  accountId: string;
  locale: string;
}

export interface Target {
  issueId?: string;
  /** Set when the payload named the issue, so refusals can name it back. */
  issueKey?: string;
  projectKey?: string;
  projectId?: string;
}

export interface ResolverDefinition<K extends ResolverKey> {
  key: K;
  access: Access;
  payload: z.ZodType<PayloadOf<K>>;
  run(input: { payload: PayloadOf<K>; caller: Caller; target: Target }): Promise<DataOf<K>>;
}

/** The context Forge passes to a resolver (only what we read). */
export interface ResolverContext {
  accountId?: string;
  locale?: string;
  extension?: { issue?: { id?: string | number; key?: string }; project?: { id?: string | number; key?: string } };
}

export class AccessDeniedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessDeniedError';
  }
}

/** Part of a change was applied when Jira failed; the message says which part, so the user knows a re-run is safe. */
const PERMISSION_NAMES: Record<ProjectPermission | 'ADMINISTER', string> = {
  BROWSE_PROJECTS: 'Browse projects',
  EDIT_ISSUES: 'Edit issues',
  CREATE_ISSUES: 'Create issues',
  ADMINISTER_PROJECTS: 'Administer projects',
  TRANSITION_ISSUES: 'Transition issues',
  ADMINISTER: 'Jira administrator',
};

const permissionNames = (permission: ProjectPermission | readonly ProjectPermission[] | 'ADMINISTER'): string =>
  (typeof permission === 'string' ? [permission] : permission).map((name) => PERMISSION_NAMES[name]).join('" or "');

async function resolveTarget(access: Access, payload: unknown, context: ResolverContext, jira: JiraClient): Promise<Target> {
  if (access.scope === 'issue') {
    const issueId = context.extension?.issue?.id;
    if (issueId === undefined) throw new ValidationError([{ field: 'context.issue', rule: 'required', message: 'This action works only on an issue.' }]);
    return { issueId: String(issueId) };
  }
  if (access.scope === 'named-issue') {
    const issueKey = (payload as { issueKey?: unknown }).issueKey;
    if (typeof issueKey !== 'string' || !issueKey) throw new ValidationError([{ field: 'issueKey', rule: 'required', message: 'Name the issue.' }]);
    try {
      const issue = await jira.getIssue(issueKey, ['project']);
      return { issueId: issue.id, issueKey };
    } catch (error) {
      // Same answer for "no such issue" and "not yours", so hidden issues do not leak.
      if (error instanceof JiraError && error.kind === 'not-found') {
        throw new AccessDeniedError(`You need the "${PERMISSION_NAMES[access.permission]}" permission on ${issueKey}.`);
      }
      throw error;
    }
  }
  if (access.scope === 'project') {
    const requested = (payload as { projectKey?: unknown }).projectKey;
    const projectKey = typeof requested === 'string' && requested ? requested : context.extension?.project?.key;
    if (!projectKey) throw new ValidationError([{ field: 'projectKey', rule: 'required', message: 'Choose a project.' }]);
    // A project named by the browser is looked up as the app and then permission-checked below.
    try {
      const project = await jira.getProject(projectKey);
      return { projectKey: project.key, projectId: project.id };
    } catch (error) {
      // Same answer for "no such project" and "not yours", so keys of hidden projects do not leak.
      if (error instanceof JiraError && error.kind === 'not-found') {
        throw new AccessDeniedError(`You need the "${permissionNames(access.permission)}" permission on project ${projectKey}.`);
      }
      throw error;
    }
  }
  return {};
}

/** Whether Jira grants an account a project permission (any one of a list) on one issue or project (asked as the app). */
export async function isGranted(jira: JiraClient, accountId: string, permission: ProjectPermission | readonly ProjectPermission[], on: { issueId: string } | { projectId: string }): Promise<boolean> {
  const permissions = typeof permission === 'string' ? [permission] : [...permission];
  const onIssue = 'issueId' in on;
  const targetId = Number(onIssue ? on.issueId : on.projectId);
  const result = await jira.checkPermissions({
    accountId,
    projectPermissions: [{ permissions, ...(onIssue ? { issues: [targetId] } : { projects: [targetId] }) }],
  });
  return result.projectPermissions.some(
    (granted) => permissions.includes(granted.permission as ProjectPermission) && ((onIssue ? granted.issues : granted.projects)?.map(Number).includes(targetId) ?? false),
  );
}

/** Whether the account is a Jira administrator (asked as the app). */
export async function isJiraAdmin(jira: JiraClient, accountId: string): Promise<boolean> {
  const result = await jira.checkPermissions({ accountId, globalPermissions: ['ADMINISTER'] });
  return result.globalPermissions.includes('ADMINISTER');
}

async function checkAccess(access: Access, caller: Caller, target: Target, jira: JiraClient): Promise<void> {
  if (access.scope === 'signed-in') return;
  if (access.scope === 'global') {
    if (!(await isJiraAdmin(jira, caller.accountId))) {
      throw new AccessDeniedError(`Only a ${PERMISSION_NAMES[access.permission]} may do this.`);
    }
    return;
  }
  const onIssue = access.scope === 'issue' || access.scope === 'named-issue';
  const allowed = await isGranted(jira, caller.accountId, access.permission, onIssue ? { issueId: target.issueId as string } : { projectId: target.projectId as string });
  if (!allowed) {
    const what = onIssue ? (target.issueKey ?? 'this issue') : `project ${target.projectKey ?? ''}`.trim();
    throw new AccessDeniedError(`You need the "${permissionNames(access.permission)}" permission on ${what}.`);
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a resolver puts into a Jira URL: a lone surrogate cannot be URL-encoded, so it is refused here instead of failing inside the call. */
export const urlText = (max: number) => z.string().max(max).refine((text) => !LONE_SURROGATE.test(text), 'must be well-formed Unicode text');

function zodViolations(issues: z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'payload';
    return { field, rule: 'type', message: `${field}: ${issue.message}` };
  });
}

/** Jira's hourly quota renews at the top of the UTC hour; Retry-After says how far off that is. */
export function quotaExhaustedMessage(retryAfterSeconds: number | null): string {
  const minutes = retryAfterSeconds === null ? null : Math.max(1, Math.ceil(retryAfterSeconds / 60));
  const when = minutes === null ? 'at the top of the hour' : `in about ${minutes} minute${minutes === 1 ? '' : 's'}`;
  return `Requirement Triage has used up its hourly allowance of Jira requests, so Jira refused this; nothing was changed. The allowance renews ${when}: try again then.`;
}

export function toResolverError(error: unknown): ResolverError {
  if (error instanceof ValidationError) return { kind: 'validation', message: error.message, violations: error.violations };
  if (error instanceof AccessDeniedError) return { kind: 'forbidden', message: error.message };
  if (error instanceof ConflictError) return { kind: 'conflict', message: error.message };
  if (error instanceof AppFieldsMissingError || error instanceof PartlyAppliedError) return { kind: 'unavailable', message: error.message };
  if (error instanceof JiraError) {
    if (error.kind === 'not-found') return { kind: 'not-found', message: 'The issue or project was not found, or you may not see it.' };
    if (error.kind === 'forbidden' || error.kind === 'unauthorized') return { kind: 'forbidden', message: 'Jira did not allow this for your account.' };
    if (error.kind === 'bad-request') return { kind: 'validation', message: error.message };
    if (error.kind === 'quota-exhausted') return { kind: 'quota-exhausted', message: quotaExhaustedMessage(error.rateLimit?.retryAfterSeconds ?? null) };
    return { kind: 'unavailable', message: 'Jira is busy or unreachable; nothing was changed. Try again in a moment.' };
  }
  return { kind: 'internal', message: 'Something went wrong on our side; nothing was changed.' };
}

/** Wraps a definition into the function Forge's Resolver calls. */
export function guard<K extends ResolverKey>(definition: ResolverDefinition<K>) {
  return async (request: { payload?: unknown; context?: ResolverContext }): Promise<ResolverResult<DataOf<K>>> => {
    try {
      const context = request.context ?? {};
      if (!context.accountId) throw new AccessDeniedError('Sign in to Jira to use Requirement Triage.');
      const parsed = definition.payload.safeParse(request.payload ?? {});
      if (!parsed.success) throw new ValidationError(zodViolations(parsed.error.issues));
      const caller: Caller = { accountId: context.accountId, locale: context.locale ?? 'en-US' };
      const jira = jiraAsApp();
      const target = await resolveTarget(definition.access, parsed.data, context, jira);
      await checkAccess(definition.access, caller, target, jira);
      return { ok: true, data: await definition.run({ payload: parsed.data, caller, target }) };
    } catch (error) {
      const resolverError = toResolverError(error);
      if (resolverError.kind === 'internal') {
        // Log the failure without payload or user data.
        console.error(`resolver ${definition.key} failed:`, error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error');
      }
      return { ok: false, error: resolverError };
    }
  };
}
