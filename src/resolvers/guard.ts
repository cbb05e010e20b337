import { z } from 'zod';
import { ConflictError, ValidationError, type Violation } from '../domain/result';
import { jiraAsApp, JiraError, type JiraClient } from '../jira/client';
import { READER_LOCALE_FIELD, type DataOf, type PayloadOf, type ResolverError, type ResolverKey, type ResolverResult } from '../shared/api';
import { AccessDeniedError, AppFieldsMissingError, PartlyAppliedError } from '../services/errors';
import { isGranted, isJiraAdmin, permissionNames, type Caller, type ProjectPermission } from '../services/permissions';

/**
 * One guard for every resolver: it validates the payload, works out the issue or project from the
 * resolver's own context (never from ids the browser sends alone), checks the caller's Jira
 * permission on the server, and only then runs the handler. Errors become one envelope.
 */

// Entry points import these from here; lower layers from src/services.
export { AccessDeniedError, isGranted, isJiraAdmin, type Caller, type ProjectPermission };

export type Access =
  | { scope: 'issue'; permission: ProjectPermission }
  /** An issue the payload names by `issueKey` (surfaces without an issue context, e.g. the matrix); looked up, then checked. */
  | { scope: 'named-issue'; permission: ProjectPermission }
  /** A list means any one of them will do (e.g. creating or editing issues). */
  | { scope: 'project'; permission: ProjectPermission | readonly ProjectPermission[] }
  | { scope: 'global'; permission: 'ADMINISTER' }
  | { scope: 'signed-in' };


export interface Target {
  issueId?: string;
  /** Set when the payload named the issue, so refusals can name it back. */
  issueKey?: string;
  projectKey?: string;
  projectId?: string;
}

/** The payload of a resolver that takes none (the issue comes from Forge's context). */
export const noPayload = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

export interface ResolverDefinition<K extends ResolverKey> {
  key: K;
  access: Access;
  payload: z.ZodType<PayloadOf<K>>;
  run(input: { payload: PayloadOf<K>; caller: Caller; target: Target }): Promise<DataOf<K>>;
}

/** The context Forge passes to a resolver (only what we read). */
export interface ResolverContext {
  accountId?: string;
  extension?: { issue?: { id?: string | number; key?: string }; project?: { id?: string | number; key?: string } };
}

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
        throw new AccessDeniedError(`You need the "${permissionNames(access.permission)}" permission on ${issueKey}.`);
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

async function checkAccess(access: Access, caller: Caller, target: Target, jira: JiraClient): Promise<void> {
  if (access.scope === 'signed-in') return;
  if (access.scope === 'global') {
    if (!(await isJiraAdmin(jira, caller.accountId))) {
      throw new AccessDeniedError(`Only a ${permissionNames(access.permission)} may do this.`);
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

// A BCP 47 / Jira-style tag (zh-CN, zh_CN, en-US); anything else is ignored, never refused.
const LOCALE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

/** Takes the page's locale off the payload (see READER_LOCALE_FIELD); what remains is validated as the resolver's own. */
function splitReaderLocale(raw: unknown): { payload: unknown; readerLocale: string | null } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(READER_LOCALE_FIELD in raw)) return { payload: raw, readerLocale: null };
  const { [READER_LOCALE_FIELD]: locale, ...payload } = raw as Record<string, unknown>;
  return { payload, readerLocale: typeof locale === 'string' && LOCALE_TAG.test(locale) ? locale : null };
}

/** Wraps a definition into the function Forge's Resolver calls. */
export function guard<K extends ResolverKey>(definition: ResolverDefinition<K>) {
  return async (request: { payload?: unknown; context?: ResolverContext }): Promise<ResolverResult<DataOf<K>>> => {
    try {
      const context = request.context ?? {};
      if (!context.accountId) throw new AccessDeniedError('Sign in to Jira to use Requirement Triage.');
      const { payload, readerLocale } = splitReaderLocale(request.payload ?? {});
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success) throw new ValidationError(zodViolations(parsed.error.issues));
      const caller: Caller = { accountId: context.accountId, locale: readerLocale };
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
