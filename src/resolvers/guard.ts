import { z } from 'zod';
import { ConflictError, ValidationError, type Violation } from '../domain/result';
import { jiraAsApp, JiraError, type JiraClient } from '../jira/client';
import {
  READER_LOCALE_FIELD,
  type DataOf,
  type PayloadOf,
  type ResolverError,
  type ResolverKey,
  type ResolverResult,
} from '../shared/api';
import { AccessDeniedError, AppFieldsMissingError, PartlyAppliedError } from '../services/errors';
import { isGranted, isJiraAdmin, missingPermission, type Caller, type ProjectPermission } from '../services/permissions';
import { message, type Message } from '../domain/messages';
import { writeFor } from '../platform/translate';
import { getProjectSetup } from '../storage/setup-store';

/**
 * One guard for every resolver: it validates the payload, works out the issue or project from the
 * resolver's own context (never from ids the browser sends alone), checks the caller's Jira
 * permission on the server, and only then runs the handler. Errors become one envelope.
 */

// Entry points import these from here; lower layers from src/services.
export { AccessDeniedError, isGranted, isJiraAdmin, missingPermission, type Caller, type ProjectPermission };

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

/** The issue a resolver of issue scope runs on, checked by the guard. */
export interface IssueTarget {
  issueId: string;
  issueKey?: string;
}

/** The project a resolver of project scope runs on, checked by the guard. */
export interface ProjectTarget {
  projectKey: string;
  projectId: string;
}

export type AccessScope = Access['scope'];

/** What the guard established for a scope; a definition that names no scope gets the loose `Target`. */
export type TargetOf<S extends AccessScope> = [AccessScope] extends [S]
  ? Target
  : S extends 'issue' | 'named-issue'
    ? IssueTarget
    : S extends 'project'
      ? ProjectTarget
      : Record<string, never>;

/** The payload of a resolver that takes none (the issue comes from Forge's context). */
export const noPayload = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

/** A resolver: its key, who may call it (`S` names the scope, so `run` gets the target typed), its payload's schema and its use case. */
export interface ResolverDefinition<K extends ResolverKey, S extends AccessScope = AccessScope> {
  key: K;
  access: Extract<Access, { scope: S }>;
  payload: z.ZodType<PayloadOf<K>>;
  run(input: { payload: PayloadOf<K>; caller: Caller; target: TargetOf<S> }): Promise<DataOf<K>>;
}

/** Any resolver, whatever its key and scope: what the resolver list holds. */
export type AnyResolverDefinition = { [S in AccessScope]: ResolverDefinition<ResolverKey, S> }[AccessScope];

/** The context Forge passes to a resolver (only what we read). */
export interface ResolverContext {
  accountId?: string;
  extension?: { issue?: { id?: string | number; key?: string }; project?: { id?: string | number; key?: string } };
}

async function resolveTarget(access: Access, payload: unknown, context: ResolverContext, jira: JiraClient): Promise<Target> {
  if (access.scope === 'issue') {
    const issueId = context.extension?.issue?.id;
    if (issueId === undefined)
      throw new ValidationError([{ field: 'context.issue', rule: 'required', message: 'This action works only on an issue.' }]);
    return { issueId: String(issueId) };
  }
  if (access.scope === 'named-issue') {
    const issueKey = (payload as { issueKey?: unknown }).issueKey;
    if (typeof issueKey !== 'string' || !issueKey)
      throw new ValidationError([{ field: 'issueKey', rule: 'required', message: 'Name the issue.' }]);
    try {
      const issue = await jira.getIssue(issueKey, ['project']);
      return { issueId: issue.id, issueKey };
    } catch (error) {
      // Same answer for "no such issue" and "not yours", so hidden issues do not leak.
      if (error instanceof JiraError && error.kind === 'not-found') {
        throw missingPermission(access.permission, { issueKey });
      }
      throw error;
    }
  }
  if (access.scope === 'project') {
    const projectKey = namedProjectKey(payload, context);
    if (!projectKey) throw new ValidationError([{ field: 'projectKey', rule: 'required', message: 'Choose a project.' }]);
    // A project named by the browser is looked up as the app and then permission-checked below.
    try {
      const project = await jira.getProject(projectKey);
      return { projectKey: project.key, projectId: project.id };
    } catch (error) {
      // Same answer for "no such project" and "not yours", so keys of hidden projects do not leak.
      if (error instanceof JiraError && error.kind === 'not-found') {
        throw missingPermission(access.permission, { projectKey });
      }
      throw error;
    }
  }
  return {};
}

/** The project key a resolver of project scope names (payload first, then its context), before the guard has looked it up. */
function namedProjectKey(payload: unknown, context: ResolverContext): string | undefined {
  const requested = (payload as { projectKey?: unknown }).projectKey;
  return typeof requested === 'string' && requested ? requested : context.extension?.project?.key;
}

/**
 * A project set up for requirements has its id recorded (setup-store): the permission check on that
 * id can go to Jira beside the project lookup, one round trip instead of two (about 250 ms on Jira
 * Cloud). It is only used when the lookup confirms the id; otherwise the check is made on the id found.
 */
async function earlyProjectGrant(
  access: Access,
  caller: Caller,
  payload: unknown,
  context: ResolverContext,
  jira: JiraClient,
): Promise<{ projectId: string; granted: Promise<boolean> } | null> {
  if (access.scope !== 'project') return null;
  const projectKey = namedProjectKey(payload, context);
  const setup = projectKey ? await getProjectSetup(projectKey).catch(() => undefined) : undefined;
  if (!setup) return null;
  const granted = isGranted(jira, caller.accountId, access.permission, { projectId: setup.projectId });
  // Unused when the lookup fails or finds another id; its failure then must not go unhandled.
  granted.catch(() => undefined);
  return { projectId: setup.projectId, granted };
}

async function checkAccess(
  access: Access,
  caller: Caller,
  target: Target,
  jira: JiraClient,
  early: { projectId: string; granted: Promise<boolean> } | null = null,
): Promise<void> {
  if (access.scope === 'signed-in') return;
  if (access.scope === 'global') {
    if (!(await isJiraAdmin(jira, caller.accountId))) {
      throw new AccessDeniedError(message('server.refusal.jira_admin'));
    }
    return;
  }
  const onIssue = access.scope === 'issue' || access.scope === 'named-issue';
  const allowed =
    early && !onIssue && early.projectId === target.projectId
      ? await early.granted
      : await isGranted(
          jira,
          caller.accountId,
          access.permission,
          onIssue ? { issueId: target.issueId as string } : { projectId: target.projectId as string },
        );
  if (!allowed)
    throw missingPermission(
      access.permission,
      onIssue ? (target.issueKey ? { issueKey: target.issueKey } : 'this-issue') : { projectKey: target.projectKey ?? '' },
    );
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text a resolver puts into a Jira URL: a lone surrogate cannot be URL-encoded, so it is refused here instead of failing inside the call. */
export const urlText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((text) => !LONE_SURROGATE.test(text), 'must be well-formed Unicode text');

function zodViolations(issues: z.core.$ZodIssue[]): Violation[] {
  return issues.map((issue) => {
    const field = issue.path.map(String).join('.') || 'payload';
    return { field, rule: 'type', message: `${field}: ${issue.message}` };
  });
}

/** Jira's hourly quota renews at the top of the UTC hour; Retry-After says how far off that is. */
export function quotaExhaustedSentence(retryAfterSeconds: number | null): Message {
  if (retryAfterSeconds === null) return message('server.error.quota_exhausted.top_of_hour');
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return message(minutes === 1 ? 'server.error.quota_exhausted.one' : 'server.error.quota_exhausted.other', { minutes });
}

/** An error as the envelope says it: its kind and its sentence (Jira's own words for a request Jira refused as bad). */
type DescribedError = Omit<ResolverError, 'message'> & ({ sentence: Message } | { message: string });

function describe(error: unknown): DescribedError {
  if (error instanceof ValidationError) return { kind: 'validation', message: error.message, violations: error.violations };
  if (error instanceof AccessDeniedError) return { kind: 'forbidden', sentence: error.sentence };
  if (error instanceof ConflictError) return { kind: 'conflict', sentence: error.sentence };
  if (error instanceof AppFieldsMissingError || error instanceof PartlyAppliedError)
    return { kind: 'unavailable', sentence: error.sentence };
  if (error instanceof JiraError) {
    if (error.kind === 'not-found') return { kind: 'not-found', sentence: message('server.error.not_found') };
    if (error.kind === 'forbidden' || error.kind === 'unauthorized')
      return { kind: 'forbidden', sentence: message('server.error.jira_forbidden') };
    if (error.kind === 'bad-request') return { kind: 'validation', message: error.message };
    if (error.kind === 'quota-exhausted')
      return { kind: 'quota-exhausted', sentence: quotaExhaustedSentence(error.rateLimit?.retryAfterSeconds ?? null) };
    return { kind: 'unavailable', sentence: message('server.error.unavailable') };
  }
  return { kind: 'internal', sentence: message('server.error.internal') };
}

/** The envelope for a failed call, its sentence in the reader's language (both, Chinese first, when the page named none). */
export async function toResolverError(error: unknown, readerLocale: string | null): Promise<ResolverError> {
  const described = describe(error);
  if (!('sentence' in described)) return described;
  const { sentence, ...rest } = described;
  return { ...rest, message: await writeFor(readerLocale, [sentence]) };
}

// A BCP 47 / Jira-style tag (zh-CN, zh_CN, en-US); anything else is ignored, never refused.
const LOCALE_TAG = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8}){0,3}$/;

/** Takes the page's locale off the payload (see READER_LOCALE_FIELD); what remains is validated as the resolver's own. */
function splitReaderLocale(raw: unknown): { payload: unknown; readerLocale: string | null } {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !(READER_LOCALE_FIELD in raw))
    return { payload: raw, readerLocale: null };
  const { [READER_LOCALE_FIELD]: locale, ...payload } = raw as Record<string, unknown>;
  return { payload, readerLocale: typeof locale === 'string' && LOCALE_TAG.test(locale) ? locale : null };
}

/** Wraps a definition into the function Forge's Resolver calls. */
export function guard<K extends ResolverKey, S extends AccessScope>(definition: ResolverDefinition<K, S>) {
  return async (request: { payload?: unknown; context?: ResolverContext }): Promise<ResolverResult<DataOf<K>>> => {
    const { payload, readerLocale } = splitReaderLocale(request.payload ?? {});
    try {
      const context = request.context ?? {};
      if (!context.accountId) throw new AccessDeniedError(message('server.refusal.sign_in'));
      const parsed = definition.payload.safeParse(payload);
      if (!parsed.success) throw new ValidationError(zodViolations(parsed.error.issues));
      const caller: Caller = { accountId: context.accountId, locale: readerLocale };
      const jira = jiraAsApp();
      // resolveTarget sets what the scope promises (an issue id, a project key and id) or throws.
      const early = await earlyProjectGrant(definition.access, caller, parsed.data, context, jira);
      const target = (await resolveTarget(definition.access, parsed.data, context, jira)) as TargetOf<S>;
      await checkAccess(definition.access, caller, target, jira, early);
      return { ok: true, data: await definition.run({ payload: parsed.data, caller, target }) };
    } catch (error) {
      const resolverError = await toResolverError(error, readerLocale);
      if (resolverError.kind === 'internal') {
        // Log the failure without payload or user data.
        console.error(
          `resolver ${definition.key} failed:`,
          error instanceof Error ? `${error.name}: ${error.message}` : 'unknown error',
        );
      }
      return { ok: false, error: resolverError };
    }
  };
}
