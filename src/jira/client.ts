import api, { route, type Route } from '@forge/api';
import type { QuotaReading } from '../shared/api';

/**
 * The only code that talks to Jira. Every operation goes through `send`, which retries rate limits
 * and transient failures with back-off (honouring Retry-After) and turns any other non-2xx answer
 * into a typed JiraError. A 429 is handled by its RateLimit-Reason
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/): a burst limit is retried after
 * Retry-After; a per-issue write limit is retried after it too, and holds back this process's other
 * writes to that issue until then, while other calls go on; an exhausted hourly quota fails at once
 * (kind `quota-exhausted`), since every call is refused until the top of the hour.
 */

/** The part of `requestJira` we use: the seam tests replace with a fake. */
export interface JiraRequestInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
}
export interface JiraHttpResponse {
  status: number;
  ok: boolean;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
}
export type JiraFetch = (path: Route, init: JiraRequestInit) => Promise<JiraHttpResponse>;

export type JiraErrorKind =
  | 'bad-request'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'conflict'
  | 'rate-limited'
  | 'quota-exhausted'
  | 'server'
  | 'network';

/** The RateLimit-Reason values Jira sends with a 429. */
export type RateLimitReason =
  'jira-quota-global-based' | 'jira-quota-tenant-based' | 'jira-burst-based' | 'jira-per-issue-on-write';
const QUOTA_REASONS: ReadonlySet<string> = new Set<RateLimitReason>(['jira-quota-global-based', 'jira-quota-tenant-based']);
const PER_ISSUE_REASON: RateLimitReason = 'jira-per-issue-on-write';

export class JiraError extends Error {
  constructor(
    readonly kind: JiraErrorKind,
    readonly status: number,
    readonly errorMessages: string[],
    readonly fieldErrors: Record<string, string>,
    readonly operation: string,
    /** From a 429: which limit refused the call, and the seconds Jira asked to wait. */
    readonly rateLimit?: { reason: string | null; retryAfterSeconds: number | null },
  ) {
    super(
      `${operation}: ${[...errorMessages, ...Object.entries(fieldErrors).map(([field, text]) => `${field}: ${text}`)].join('; ') || `HTTP ${status}`}`,
    );
    this.name = 'JiraError';
  }
}

function kindOfStatus(status: number): JiraErrorKind {
  if (status === 400) return 'bad-request';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'rate-limited';
  return status >= 500 ? 'server' : 'bad-request';
}

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

export const DEFAULT_RETRY: RetryPolicy = {
  attempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 8000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
/** Without Retry-After, a per-issue refusal waits out the documented short window (20 writes per 2 s). */
const PER_ISSUE_DEFAULT_WAIT_MS = 2000;

function retryAfterSeconds(response: JiraHttpResponse): number | null {
  const header = response.headers.get('retry-after');
  const seconds = header === null ? Number.NaN : Number(header);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/**
 * When this process may next write to an issue that Jira refused for its per-issue write limit.
 * Shared by every client in the process, so one invocation's refusal also paces the others'.
 */
export class IssueWriteGate {
  private readonly notBefore = new Map<string, number>();

  constructor(private readonly now: () => number = () => Date.now()) {}

  hold(issues: string[], forMs: number): void {
    const until = this.now() + forMs;
    for (const issue of issues) this.notBefore.set(issue, Math.max(until, this.notBefore.get(issue) ?? 0));
  }

  /** Milliseconds to wait before writing to these issues (0 when free); forgets holds that have passed. */
  waitFor(issues: string[]): number {
    const now = this.now();
    let wait = 0;
    for (const issue of issues) {
      const until = this.notBefore.get(issue);
      if (until === undefined) continue;
      if (until <= now) this.notBefore.delete(issue);
      else wait = Math.max(wait, until - now);
    }
    return wait;
  }
}

const SHARED_ISSUE_WRITE_GATE = new IssueWriteGate();

function retryDelay(response: JiraHttpResponse | undefined, attempt: number, policy: RetryPolicy): number {
  const header = response?.headers.get('retry-after');
  const seconds = header === null || header === undefined ? Number.NaN : Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, policy.maxDelayMs * 4);
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1);
  // Jitter spreads retries from parallel invocations so they do not hit Jira together again.
  return Math.min(policy.maxDelayMs, exponential) * (0.5 + Math.random() / 2);
}

async function readBody(response: JiraHttpResponse): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function errorDetails(body: unknown): { errorMessages: string[]; fieldErrors: Record<string, string> } {
  if (typeof body !== 'object' || body === null)
    return { errorMessages: typeof body === 'string' && body ? [body.slice(0, 300)] : [], fieldErrors: {} };
  const record = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const errorMessages = Array.isArray(record.errorMessages)
    ? record.errorMessages.map(String)
    : typeof record.message === 'string'
      ? [record.message]
      : [];
  const fieldErrors =
    typeof record.errors === 'object' && record.errors !== null
      ? Object.fromEntries(Object.entries(record.errors as Record<string, unknown>).map(([key, value]) => [key, String(value)]))
      : {};
  return { errorMessages, fieldErrors };
}

/** TaskProgressBeanObject: a long-running task's progress (https://developer.atlassian.com/cloud/jira/platform/rest/v3/intro/#async-operations). */
export interface TaskProgress {
  id: string;
  self?: string;
  status: 'ENQUEUED' | 'RUNNING' | 'COMPLETE' | 'FAILED' | 'CANCEL_REQUESTED' | 'CANCELLED' | 'DEAD';
  message?: string;
  result?: unknown;
  progress?: number;
}

export interface TaskWaitPolicy {
  firstDelayMs: number;
  maxDelayMs: number;
  /** The most time spent sleeping between reads of the task. */
  budgetMs: number;
}

/** 0.25 + 0.5 + 1 + 2 + 2 + 2 s: eight seconds at most, well inside a resolver's 25 s. */
export const DEFAULT_TASK_WAIT: TaskWaitPolicy = { firstDelayMs: 250, maxDelayMs: 2000, budgetMs: 8000 };

/** An asynchronous Jira task that did not complete: it failed, was cancelled, or is still running. */
export class JiraTaskError extends Error {
  constructor(
    readonly taskId: string,
    readonly taskStatus: TaskProgress['status'] | 'still-running',
    readonly taskMessage: string | undefined,
  ) {
    super(
      taskStatus === 'still-running'
        ? `Jira task ${taskId} is still running.`
        : `Jira task ${taskId} ended ${taskStatus}${taskMessage ? `: ${taskMessage}` : ''}.`,
    );
    this.name = 'JiraTaskError';
  }
}

/**
 * The task an asynchronous operation started: from the 303's Location, or from the task body when
 * the transport followed the redirect itself; null when Jira did the work at once (204).
 */
function taskIdOf(answer: JiraAnswer<unknown>): string | null {
  const fromLocation = answer.location ? /\/rest\/api\/[23]\/task\/([^/?#]+)/.exec(answer.location)?.[1] : undefined;
  if (fromLocation) return decodeURIComponent(fromLocation);
  const body = answer.body as { id?: unknown; status?: unknown } | undefined;
  if (typeof body === 'object' && body !== null && typeof body.id === 'string' && typeof body.status === 'string') return body.id;
  return null;
}

export interface Paged<T> {
  items: T[];
  nextPageToken: string | null;
}

export interface IssueBean {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  /** Only the issue properties a search asked for. */
  properties?: Record<string, unknown>;
}

export interface FieldBean {
  id: string;
  key?: string;
  name: string;
  custom: boolean;
  schema?: { type?: string; custom?: string; customId?: number };
}

export interface FilterBean {
  id: string;
  name: string;
  jql?: string;
  owner?: { accountId?: string; displayName?: string };
}

export interface ProjectBean {
  id: string;
  key: string;
  name: string;
  issueTypes?: { id: string; name: string; subtask?: boolean; hierarchyLevel?: number }[];
  lead?: { accountId?: string; displayName?: string };
  /** software, business or service_desk: the `{projectType}` of the project page's URL. */
  projectTypeKey?: string;
}

export interface ProjectRoleBean {
  id: number;
  name: string;
  actors?: {
    type?: string;
    displayName?: string;
    actorUser?: { accountId?: string };
    actorGroup?: { groupId?: string; name?: string };
  }[];
}

export interface IssueTypeBean {
  id: string;
  name: string;
  description?: string;
  subtask?: boolean;
  hierarchyLevel?: number;
}

export interface ScreenSchemeBean {
  id: number;
  name?: string;
  screens?: { default: number; create?: number; edit?: number; view?: number };
}

export type StatusCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';

export interface StatusBean {
  id: string;
  name: string;
  description?: string;
  statusCategory?: StatusCategory;
}

export interface WorkflowSchemeBean {
  id?: number;
  name?: string;
  defaultWorkflow?: string;
  issueTypeMappings?: Record<string, string>;
  draft?: boolean;
}

/** A condition, validator or post function on a transition (WorkflowRuleConfiguration). */
export interface WorkflowRuleBean {
  id?: string;
  ruleKey: string;
  parameters?: Record<string, string>;
}

export interface WorkflowCreateDetails {
  name: string;
  description: string;
  statuses: { id: string; name: string; statusCategory: StatusCategory }[];
  /** fromStatusIds is empty for INITIAL and GLOBAL transitions. */
  transitions: {
    id: string;
    name: string;
    type: 'INITIAL' | 'GLOBAL' | 'DIRECTED';
    toStatusId: string;
    fromStatusIds: string[];
    validators?: WorkflowRuleBean[];
  }[];
}

/** A transition as the workflows API reads and updates it; fields we do not use pass through unchanged. */
export interface WorkflowTransitionBean {
  id: string;
  name: string;
  type: 'INITIAL' | 'GLOBAL' | 'DIRECTED';
  toStatusReference: string;
  validators?: WorkflowRuleBean[];
  [other: string]: unknown;
}

/** One workflow with its layout and version (JiraWorkflow), and the statuses it uses. */
export interface WorkflowDetails {
  id: string;
  name: string;
  version: { id: string; versionNumber: number };
  statuses: { statusReference: string; properties?: Record<string, string>; [other: string]: unknown }[];
  transitions: WorkflowTransitionBean[];
  /** Site statuses the workflow uses, for the update request's status list. */
  statusDetails: { id: string; name: string; statusCategory: StatusCategory; statusReference: string; description?: string }[];
}

/** A rule type a Forge app provides (AvailableWorkflowForgeRule): `id` is the module's ARI. */
export interface ForgeRuleBean {
  id?: string;
  name?: string;
  ruleKey?: string;
  ruleType?: 'Condition' | 'Validator' | 'Function' | 'Screen';
}

export interface TransitionBean {
  id: string;
  name: string;
  to: { id: string; name: string; statusCategory?: { key?: string } };
}

export interface ChangelogBean {
  id: string;
  created: string;
  items: { field?: string; fieldId?: string; fromString?: string; toString?: string }[];
}

/** One entry of an issue's `issuelinks` field; the other issue is on the side Jira names. */
export interface IssueLinkBean {
  id: string;
  type: { name: string };
  inwardIssue?: { id: string; key: string };
  outwardIssue?: { id: string; key: string };
}

export interface PermissionCheckRequest {
  accountId: string;
  globalPermissions?: string[];
  projectPermissions?: { permissions: string[]; projects?: number[]; issues?: number[] }[];
}

export interface PermissionCheckResult {
  globalPermissions: string[];
  projectPermissions: { permission: string; projects: number[]; issues: number[] }[];
}

export interface AppFieldUpdate {
  fieldId: string;
  issueIds: number[];
  value: unknown;
}

/** Jira allows at most this many value updates per bulk app-field call. */
export const APP_FIELD_BULK_LIMIT = 1000;
export const SEARCH_PAGE_LIMIT = 100;
/** POST /rest/api/3/issue/bulkfetch takes at most 100 issues (spec: bulkFetchIssues). */
export const BULK_FETCH_LIMIT = 100;

/** What one call to Jira sends besides its path; `operation` names it in errors. */
interface JiraRequest {
  operation: string;
  method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
  body?: unknown;
  issues?: string[];
  keepStatus?: boolean;
  /** A write whose lost answer must not be sent again (it may have been applied): the caller looks first. 429 and 503 are still retried, as Jira did not apply them. */
  noResendAfterNetworkError?: boolean;
  /** Headers an operation needs besides Accept and Content-Type (JSM's experimental endpoints ask for X-ExperimentalApi). */
  headers?: Record<string, string>;
}

interface JiraAnswer<T> {
  status: number;
  location: string | null;
  body: T;
}

/** Jira's limit for POST /rest/api/3/issue/bulk. */
export const BULK_CREATE_LIMIT = 50;
export interface BulkCreateError {
  failedElementNumber?: number;
  status?: number;
  elementErrors?: { errorMessages?: string[]; errors?: Record<string, string> };
}
export interface BulkCreateResult {
  issues: { id: string; key: string }[];
  errors: BulkCreateError[];
}

/** Reads the quota headers (QuotaReading; also with the Beta- prefix Jira used before enforcement); null without a policy. */
export function readQuotaHeaders(headers: { get(name: string): string | null }, now: Date): QuotaReading | null {
  const policy = headers.get('ratelimit-policy') ?? headers.get('beta-ratelimit-policy');
  const current = headers.get('ratelimit') ?? headers.get('beta-ratelimit');
  const parameter = (value: string | null, name: string): number | null => {
    const match = value ? new RegExp(`;\\s*${name}=(\\d+)`).exec(value) : null;
    return match ? Number(match[1]) : null;
  };
  const pointsPerHour = parameter(policy, 'q');
  if (pointsPerHour === null) return null;
  return {
    pointsPerHour,
    remaining: parameter(current, 'r'),
    resetsInSeconds: parameter(current, 't'),
    observedAt: now.toISOString(),
  };
}

/** Reads the app sends with POST: charged like a GET, a point plus one per object returned. */
const READ_OPERATIONS_BY_POST: ReadonlySet<string> = new Set([
  'searchJql',
  'bulkFetchIssues',
  'countIssues',
  'checkPermissions',
  'getChangeLogsByIds',
]);

/**
 * The points a successful call costs in Jira's model (same page, "Points-based rate limit"): a write
 * 1; a read 1 plus 1 per object it returns (identity objects count 2 there; the calls whose points the
 * app reports, a re-scoring job's searches, counts and writes, return none).
 */
export function pointsOfCall(method: string, operation: string, body: unknown): number {
  if (method !== 'GET' && !READ_OPERATIONS_BY_POST.has(operation)) return 1;
  if (Array.isArray(body)) return 1 + body.length;
  if (typeof body !== 'object' || body === null) return body === undefined || body === '' ? 1 : 2;
  const list = ['issues', 'values', 'users', 'groups', 'histories', 'comments']
    .map((name) => (body as Record<string, unknown>)[name])
    .find(Array.isArray);
  return 1 + (list ? list.length : 1);
}

export class JiraClient {
  /** Points this client's calls cost so far (pointsOfCall), and the quota as Jira's last answer described it. */
  private spent = 0;
  private lastQuota: QuotaReading | null = null;

  get pointsSpent(): number {
    return this.spent;
  }

  get quota(): QuotaReading | null {
    return this.lastQuota;
  }

  constructor(
    private readonly fetch: JiraFetch,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly issueWrites: IssueWriteGate = SHARED_ISSUE_WRITE_GATE,
  ) {}

  /**
   * One Jira call, retrying what Jira asks us to retry; every update is either applied or reported.
   * Every call site passes its `route` template and `method` literally, so Forge's linter
   * can check the manifest's scopes against each endpoint. `keepStatus` answers the status and
   * Location too: a 303 See Other (an asynchronous operation's answer) is a success.
   */
  private async requestJira<T>(path: Route, request: JiraRequest & { keepStatus: true }): Promise<JiraAnswer<T>>;
  private async requestJira<T>(path: Route, request: JiraRequest): Promise<T>;
  private async requestJira<T>(path: Route, request: JiraRequest): Promise<T | JiraAnswer<T>> {
    const answer = await this.exchange<T>(path, request);
    return request.keepStatus ? answer : answer.body;
  }

  // Not named request…: the linter reads any call named like requestJira as an endpoint call.
  private async exchange<T>(path: Route, request: JiraRequest): Promise<JiraAnswer<T>> {
    const { operation, method = 'GET', body: requestBody } = request;
    const requestInit: JiraRequestInit = {
      method,
      headers: {
        Accept: 'application/json',
        ...(requestBody === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...request.headers,
      },
      ...(requestBody === undefined ? {} : { body: JSON.stringify(requestBody) }),
    };
    const issues = request.issues ?? [];
    for (let attempt = 1; ; attempt += 1) {
      const held = issues.length > 0 ? this.issueWrites.waitFor(issues) : 0;
      if (held > 0) await this.retry.sleep(held);
      let response: JiraHttpResponse;
      try {
        response = await this.fetch(path, requestInit);
      } catch (error) {
        if (attempt >= this.retry.attempts || request.noResendAfterNetworkError) {
          throw new JiraError('network', 0, [error instanceof Error ? error.message : String(error)], {}, operation);
        }
        await this.retry.sleep(retryDelay(undefined, attempt, this.retry));
        continue;
      }
      const reason = response.status === 429 ? response.headers.get('ratelimit-reason') : null;
      const rateLimit = response.status === 429 ? { reason, retryAfterSeconds: retryAfterSeconds(response) } : undefined;
      if (reason !== null && QUOTA_REASONS.has(reason)) {
        // Every call is refused until the quota resets (up to an hour): retrying would only wait.
        const { errorMessages, fieldErrors } = errorDetails(await readBody(response));
        throw new JiraError('quota-exhausted', 429, errorMessages, fieldErrors, operation, rateLimit);
      }
      // A 500 on a read is retried once (reading twice is harmless, and a lasting 500 should fail fast);
      // a write that got one may have been applied, so its caller decides.
      const retryable = RETRYABLE_STATUSES.has(response.status) || (response.status === 500 && method === 'GET' && attempt === 1);
      if (retryable && attempt < this.retry.attempts) {
        await response.text();
        const delay =
          reason === PER_ISSUE_REASON && rateLimit?.retryAfterSeconds === null
            ? PER_ISSUE_DEFAULT_WAIT_MS
            : retryDelay(response, attempt, this.retry);
        // The issue is busy, not Jira: this write and the process's next writes to it wait (at the top of the loop); other calls go on.
        if (reason === PER_ISSUE_REASON && issues.length > 0) this.issueWrites.hold(issues, delay);
        else await this.retry.sleep(delay);
        continue;
      }
      const body = await readBody(response);
      this.lastQuota = readQuotaHeaders(response.headers, new Date()) ?? this.lastQuota;
      if (response.ok || response.status === 303) {
        this.spent += pointsOfCall(method, operation, body);
        return { status: response.status, location: response.headers.get('location'), body: body as T };
      }
      const { errorMessages, fieldErrors } = errorDetails(body);
      // A refusal other than a 429 did its work and costs its base point; a 429 did none.
      if (response.status !== 429) this.spent += 1;
      throw new JiraError(kindOfStatus(response.status), response.status, errorMessages, fieldErrors, operation, rateLimit);
    }
  }

  /** GET /rest/api/3/field. Permission: any user. */
  async getFields(): Promise<FieldBean[]> {
    return this.requestJira(route`/rest/api/3/field`, { operation: 'getFields' });
  }

  /** GET /rest/api/3/issue/{key}. Permission: Browse projects on the issue's project. */
  async getIssue(issueIdOrKey: string, fields: string[]): Promise<IssueBean> {
    return this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}?fields=${fields.join(',')}`, { operation: 'getIssue' });
  }

  /** DELETE /rest/api/3/issue/{key}. Permission: Delete issues. */
  async deleteIssue(issueIdOrKey: string): Promise<void> {
    await this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}`, {
      operation: 'deleteIssue',
      method: 'DELETE',
      issues: [issueIdOrKey],
    });
  }

  /** PUT /rest/api/3/issue/{key}. Permission: Edit issues. */
  async editIssue(issueIdOrKey: string, fields: Record<string, unknown>): Promise<void> {
    await this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}`, {
      operation: 'editIssue',
      method: 'PUT',
      body: { fields },
      issues: [issueIdOrKey],
    });
  }

  /** GET /rest/api/3/issue/{key}/transitions: the transitions the caller may take now. Permission: Browse projects. */
  async getTransitions(issueIdOrKey: string): Promise<TransitionBean[]> {
    const result = await this.requestJira<{ transitions?: TransitionBean[] }>(
      route`/rest/api/3/issue/${issueIdOrKey}/transitions`,
      { operation: 'getTransitions' },
    );
    return result.transitions ?? [];
  }

  /** POST /rest/api/3/issue/{key}/transitions, with field values the transition sets. Permission: Transition issues. */
  async transitionIssue(issueIdOrKey: string, transitionId: string, fields?: Record<string, unknown>): Promise<void> {
    await this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/transitions`, {
      operation: 'doTransition',
      method: 'POST',
      body: { transition: { id: transitionId }, ...(fields ? { fields } : {}) },
      issues: [issueIdOrKey],
    });
  }

  /** POST /rest/api/3/issueLink: `inward` <type's outward words> `outward` (Duplicate: inward "duplicates" outward). Permission: Link issues. */
  async linkIssues(params: { typeName: string; inwardIssueId: string; outwardIssueId: string }): Promise<void> {
    await this.requestJira(route`/rest/api/3/issueLink`, {
      operation: 'linkIssues',
      method: 'POST',
      body: {
        type: { name: params.typeName },
        inwardIssue: { id: params.inwardIssueId },
        outwardIssue: { id: params.outwardIssueId },
      },
      issues: [params.inwardIssueId, params.outwardIssueId],
    });
  }

  /** DELETE /rest/api/3/issueLink/{id}. Permission: Link issues. */
  async deleteIssueLink(linkId: string): Promise<void> {
    await this.requestJira(route`/rest/api/3/issueLink/${linkId}`, { operation: 'deleteIssueLink', method: 'DELETE' });
  }

  /** POST /rest/api/3/search/jql, one page. Permission: results are limited to what the caller may browse. */
  async searchPage(params: {
    jql: string;
    fields: string[];
    nextPageToken?: string | null;
    maxResults?: number;
    properties?: string[];
  }): Promise<Paged<IssueBean>> {
    const body = {
      jql: params.jql,
      fields: params.fields,
      ...(params.properties ? { properties: params.properties } : {}),
      maxResults: Math.min(params.maxResults ?? SEARCH_PAGE_LIMIT, SEARCH_PAGE_LIMIT),
      ...(params.nextPageToken ? { nextPageToken: params.nextPageToken } : {}),
    };
    const page = await this.requestJira<{ issues?: IssueBean[]; nextPageToken?: string }>(route`/rest/api/3/search/jql`, {
      operation: 'searchJql',
      method: 'POST',
      body,
    });
    return { items: page.issues ?? [], nextPageToken: page.nextPageToken ?? null };
  }

  /**
   * POST /rest/api/3/issue/bulkfetch, at most BULK_FETCH_LIMIT issues by id. Jira leaves out issues
   * the caller may not browse and answers in ascending id order.
   */
  async bulkFetchIssues(issueIds: readonly string[], fields: string[]): Promise<IssueBean[]> {
    if (issueIds.length > BULK_FETCH_LIMIT)
      throw new RangeError(`bulkFetchIssues takes at most ${BULK_FETCH_LIMIT} issues, not ${issueIds.length}.`);
    if (issueIds.length === 0) return [];
    const result = await this.requestJira<{ issues?: IssueBean[] }>(route`/rest/api/3/issue/bulkfetch`, {
      operation: 'bulkFetchIssues',
      method: 'POST',
      body: { issueIdsOrKeys: issueIds, fields },
    });
    return result.issues ?? [];
  }

  /** Every page of a search, for background work; the UI pages itself. */
  async searchAll(params: { jql: string; fields: string[] }): Promise<IssueBean[]> {
    const issues: IssueBean[] = [];
    let nextPageToken: string | null = null;
    do {
      const page: Paged<IssueBean> = await this.searchPage({ ...params, nextPageToken });
      issues.push(...page.items);
      nextPageToken = page.nextPageToken;
    } while (nextPageToken);
    return issues;
  }

  /**
   * POST /rest/api/3/app/field/value, packed into calls of at most APP_FIELD_BULK_LIMIT issue values
   * (an update naming many issues counts once per issue). Only the app that owns a field may write it.
   */
  async setAppFieldValues(updates: AppFieldUpdate[]): Promise<void> {
    for (const batch of packAppFieldUpdates(updates, APP_FIELD_BULK_LIMIT)) {
      await this.requestJira(route`/rest/api/3/app/field/value?generateChangelog=${'true'}`, {
        operation: 'setAppFieldValues',
        method: 'POST',
        body: {
          updates: batch.map((update) => ({ customField: update.fieldId, issueIds: update.issueIds, value: update.value })),
        },
        issues: [...new Set(batch.flatMap((update) => update.issueIds.map(String)))],
      });
    }
  }

  /** POST /rest/api/3/search/approximate-count. Counts only issues the caller may browse. */
  async countIssues(jql: string): Promise<number> {
    const result = await this.requestJira<{ count?: number }>(route`/rest/api/3/search/approximate-count`, {
      operation: 'countIssues',
      method: 'POST',
      body: { jql },
    });
    return result.count ?? 0;
  }

  /**
   * GET /rest/api/3/user. Permission: Browse users and groups. `locale` is the user's language
   * (zh_CN, en_US…), null when their privacy setting hides it.
   */
  async getUser(accountId: string): Promise<{ accountId: string; displayName: string; locale?: string | null }> {
    return this.requestJira(route`/rest/api/3/user?accountId=${accountId}`, { operation: 'getUser' });
  }

  /** POST /rest/api/3/permissions/check. Called as the app to ask about another account. */
  async checkPermissions(request: PermissionCheckRequest): Promise<PermissionCheckResult> {
    return this.requestJira(route`/rest/api/3/permissions/check`, {
      operation: 'checkPermissions',
      method: 'POST',
      body: request,
    });
  }

  /** GET /rest/api/3/filter/{id}. Permission: the filter's owner or someone it is shared with (else 404). */
  async getFilter(filterId: string): Promise<FilterBean> {
    return this.requestJira(route`/rest/api/3/filter/${filterId}?expand=${'jql'}`, { operation: 'getFilter' });
  }

  /** GET /rest/api/3/filter/search, first page. Lists only filters the caller may see. */
  async searchFilters(filterName: string, maxResults = 50): Promise<FilterBean[]> {
    const page = await this.requestJira<{ values?: FilterBean[] }>(
      route`/rest/api/3/filter/search?filterName=${filterName}&expand=${'jql,owner'}&maxResults=${String(maxResults)}&orderBy=${'name'}`,
      { operation: 'searchFilters' },
    );
    return page.values ?? [];
  }

  /** GET /rest/api/3/project/search, every page. Permission: lists only projects the caller may browse. */
  async listProjects(): Promise<ProjectBean[]> {
    const projects: ProjectBean[] = [];
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values: ProjectBean[]; isLast?: boolean; total?: number }>(
        route`/rest/api/3/project/search?startAt=${String(startAt)}&maxResults=${'50'}`,
        { operation: 'searchProjects' },
      );
      projects.push(...page.values);
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return projects;
    }
  }

  /** GET /rest/api/3/serverInfo: Jira's own clock, so scheduled work agrees with the site about "now". */
  async getServerTime(): Promise<Date> {
    return (await this.getServerClock()).now;
  }

  /**
   * GET /rest/api/3/serverInfo: Jira's time and the site's default time zone (`serverTimeZone`, an
   * IANA name), the zone whose calendar decides "today" for the site's people. Permission: any user.
   */
  async getServerClock(): Promise<{ now: Date; timeZone: string | null; baseUrl: string | null }> {
    const info = await this.requestJira<{ serverTime?: string; serverTimeZone?: string; baseUrl?: string }>(
      route`/rest/api/3/serverInfo`,
      { operation: 'getServerInfo' },
    );
    const parsed = info.serverTime ? Date.parse(info.serverTime) : Number.NaN;
    return {
      now: Number.isNaN(parsed) ? new Date() : new Date(parsed),
      timeZone: typeof info.serverTimeZone === 'string' && info.serverTimeZone ? info.serverTimeZone : null,
      // The site's address, for links the app writes where no page is open (a scheduled run).
      baseUrl: typeof info.baseUrl === 'string' && info.baseUrl ? info.baseUrl.replace(/\/+$/, '') : null,
    };
  }

  /** POST /rest/api/3/issue/{key}/changelog/list: the changelog entries with these ids (an event names its own). Permission: Browse projects. */
  async getChangelogsByIds(issueIdOrKey: string, changelogIds: number[]): Promise<ChangelogBean[]> {
    const page = await this.requestJira<{ histories?: ChangelogBean[] }>(
      route`/rest/api/3/issue/${issueIdOrKey}/changelog/list`,
      { operation: 'getChangeLogsByIds', method: 'POST', body: { changelogIds } },
    );
    return page.histories ?? [];
  }

  /**
   * GET /rest/api/3/issue/{key}/changelog: one page (at most 100) of the issue's changelog, oldest
   * first, with each entry's author. Permission: Browse projects (asked as the user, Jira checks it).
   */
  async getChangelogPage(
    issueIdOrKey: string,
    startAt: number,
  ): Promise<{ values: (ChangelogBean & { author?: { displayName?: string } })[]; total: number }> {
    const page = await this.requestJira<{ values?: (ChangelogBean & { author?: { displayName?: string } })[]; total?: number }>(
      route`/rest/api/3/issue/${issueIdOrKey}/changelog?startAt=${String(startAt)}&maxResults=${'100'}`,
      { operation: 'getChangeLogs' },
    );
    const values = page.values ?? [];
    return { values, total: typeof page.total === 'number' ? page.total : values.length };
  }

  /** POST /rest/api/3/issue/{key}/comment with an Atlassian Document body. Permission: Add comments. */
  async addComment(issueIdOrKey: string, body: object): Promise<{ id: string }> {
    return this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/comment`, {
      operation: 'addComment',
      method: 'POST',
      body: { body },
      issues: [issueIdOrKey],
    });
  }

  /** GET /rest/api/3/issue/{key}/comment, newest first: the latest comments' bodies. Permission: Browse projects. */
  async listRecentComments(issueIdOrKey: string, maxResults = 100): Promise<{ id: string; body: unknown }[]> {
    const page = await this.requestJira<{ comments?: { id: string; body: unknown }[] }>(
      route`/rest/api/3/issue/${issueIdOrKey}/comment?orderBy=-created&maxResults=${maxResults}`,
      { operation: 'getComments' },
    );
    return page.comments ?? [];
  }

  /**
   * POST /rest/api/3/issue/{key}/notify: an email about the issue to these accounts, queued by Jira
   * (204); refused (400) for an invalid recipient or one that is the caller
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post).
   * Not sent again after a lost answer: a second email is worse than the issue the email is about. Permission: Browse projects.
   */
  async notifyUsers(
    issueIdOrKey: string,
    notification: { subject: string; textBody: string; htmlBody: string; accountIds: readonly string[] },
  ): Promise<void> {
    const { accountIds, ...content } = notification;
    await this.requestJira(route`/rest/api/3/issue/${issueIdOrKey}/notify`, {
      operation: 'notifyUsers',
      method: 'POST',
      body: { ...content, to: { users: accountIds.map((accountId) => ({ accountId })) } },
      issues: [issueIdOrKey],
      noResendAfterNetworkError: true,
    });
  }

  /** POST /rest/api/3/issue: creates one issue; Jira answers its id and key (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post). */
  async createIssue(fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
    return this.requestJira(route`/rest/api/3/issue`, { operation: 'createIssue', method: 'POST', body: { fields } });
  }

  /**
   * POST /rest/api/3/issue/bulk: up to BULK_CREATE_LIMIT issues in one call, each with its fields
   * and issue properties. Jira creates those it can and lists the others in `errors` by position
   * (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post).
   * A lost answer is not sent again: the caller finds what was created before retrying.
   */
  async createIssues(
    issueUpdates: { fields: Record<string, unknown>; properties?: { key: string; value: unknown }[] }[],
  ): Promise<BulkCreateResult> {
    if (issueUpdates.length > BULK_CREATE_LIMIT)
      throw new RangeError(`createIssues takes at most ${BULK_CREATE_LIMIT} issues, not ${issueUpdates.length}.`);
    const result = await this.requestJira<{ issues?: { id: string; key: string }[]; errors?: BulkCreateError[] }>(
      route`/rest/api/3/issue/bulk`,
      {
        operation: 'createIssues',
        method: 'POST',
        body: { issueUpdates },
        noResendAfterNetworkError: true,
      },
    );
    return { issues: (result.issues ?? []).map((issue) => ({ id: issue.id, key: issue.key })), errors: result.errors ?? [] };
  }

  /** GET /rest/api/3/project/{key}. Permission: Browse projects. */
  async getProject(projectIdOrKey: string): Promise<ProjectBean> {
    return this.requestJira(route`/rest/api/3/project/${projectIdOrKey}?expand=${'issueTypes'}`, { operation: 'getProject' });
  }

  /** GET /rest/api/3/project/{key}/role: the project roles (all are site-wide), id from each role's URL. Permission: Administer projects (called as the app). */
  async getProjectRoles(projectIdOrKey: string): Promise<{ id: string; name: string }[]> {
    const roles = await this.requestJira<Record<string, string>>(route`/rest/api/3/project/${projectIdOrKey}/role`, {
      operation: 'getProjectRoles',
    });
    return Object.entries(roles).flatMap(([name, url]) => {
      const id = /\/role\/(\d+)$/.exec(url)?.[1];
      return id ? [{ id, name }] : [];
    });
  }

  /** GET /rest/api/3/project/{key}/role/{id}: the role's actors in the project (accounts and groups). Permission: Administer projects (called as the app). */
  async getProjectRole(projectIdOrKey: string, roleId: string): Promise<ProjectRoleBean> {
    return this.requestJira(route`/rest/api/3/project/${projectIdOrKey}/role/${roleId}`, { operation: 'getProjectRole' });
  }

  /** GET /rest/api/3/user/groups: the groups an account belongs to. Permission: Browse users and groups. */
  async getUserGroups(accountId: string): Promise<{ groupId?: string | null; name?: string }[]> {
    return this.requestJira(route`/rest/api/3/user/groups?accountId=${accountId}`, { operation: 'getUserGroups' });
  }

  /** GET /rest/api/3/group/member, every page: the active accounts in a group. Permission: Browse users and groups (called as the app). */
  async getGroupMembers(groupId: string): Promise<{ accountId: string; accountType?: string }[]> {
    const members: { accountId: string; accountType?: string }[] = [];
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values?: { accountId?: string; accountType?: string }[]; isLast?: boolean }>(
        route`/rest/api/3/group/member?groupId=${groupId}&startAt=${String(startAt)}&maxResults=${'50'}`,
        { operation: 'getUsersFromGroup' },
      );
      const values = page.values ?? [];
      members.push(
        ...values.flatMap((user) => (user.accountId ? [{ accountId: user.accountId, accountType: user.accountType }] : [])),
      );
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return members;
    }
  }

  /** GET /rest/api/3/groups/picker: groups whose names contain `query`, for choosing one. */
  async findGroups(query: string, maxResults = 50): Promise<{ groupId?: string; name?: string }[]> {
    const found = await this.requestJira<{ groups?: { groupId?: string; name?: string }[] }>(
      route`/rest/api/3/groups/picker?query=${query}&maxResults=${String(maxResults)}`,
      { operation: 'findGroups' },
    );
    return found.groups ?? [];
  }

  /** GET /rest/api/3/issuetype. Permission: any user (only visible types are returned). */
  async getIssueTypes(): Promise<IssueTypeBean[]> {
    return this.requestJira(route`/rest/api/3/issuetype`, { operation: 'getIssueAllTypes' });
  }

  /** POST /rest/api/3/issuetype. Permission: Administer Jira. */
  async createIssueType(details: { name: string; description: string; hierarchyLevel: number }): Promise<IssueTypeBean> {
    return this.requestJira(route`/rest/api/3/issuetype`, { operation: 'createIssueType', method: 'POST', body: details });
  }

  /** GET /rest/api/3/issuetypescheme/project. Permission: Administer Jira. */
  async getIssueTypeSchemeForProject(projectId: string): Promise<{ id: string; name: string; isDefault?: boolean } | undefined> {
    const page = await this.requestJira<{
      values: { issueTypeScheme: { id: string; name: string; isDefault?: boolean }; projectIds: string[] }[];
    }>(route`/rest/api/3/issuetypescheme/project?projectId=${projectId}`, { operation: 'getIssueTypeSchemeForProjects' });
    return page.values[0]?.issueTypeScheme;
  }

  /** GET /rest/api/3/issuetypescheme/mapping, every page. Permission: Administer Jira. */
  async getIssueTypeSchemeItems(schemeId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values: { issueTypeId: string }[]; isLast?: boolean }>(
        route`/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=${schemeId}&startAt=${String(startAt)}`,
        { operation: 'getIssueTypeSchemesMapping' },
      );
      ids.push(...page.values.map((item) => item.issueTypeId));
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return ids;
    }
  }

  /** PUT /rest/api/3/issuetypescheme/{id}/issuetype. Permission: Administer Jira. */
  async addIssueTypesToScheme(schemeId: string, issueTypeIds: string[]): Promise<void> {
    await this.requestJira(route`/rest/api/3/issuetypescheme/${schemeId}/issuetype`, {
      operation: 'addIssueTypesToIssueTypeScheme',
      method: 'PUT',
      body: { issueTypeIds },
    });
  }

  /** GET /rest/api/3/issuetypescreenscheme/project. Permission: Administer Jira. */
  async getIssueTypeScreenSchemeForProject(projectId: string): Promise<{ id: string; name: string } | undefined> {
    const page = await this.requestJira<{
      values: { issueTypeScreenScheme: { id: string; name: string }; projectIds: string[] }[];
    }>(route`/rest/api/3/issuetypescreenscheme/project?projectId=${projectId}`, {
      operation: 'getIssueTypeScreenSchemeProjectAssociations',
    });
    return page.values.find((entry) => entry.projectIds.includes(projectId))?.issueTypeScreenScheme;
  }

  /** GET /rest/api/3/issuetypescreenscheme/mapping, every page. Issue type id `default` covers unmapped types. Permission: Administer Jira. */
  async getIssueTypeScreenSchemeMappings(schemeId: string): Promise<{ issueTypeId: string; screenSchemeId: string }[]> {
    const items: { issueTypeId: string; screenSchemeId: string }[] = [];
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values: { issueTypeId: string; screenSchemeId: string }[]; isLast?: boolean }>(
        route`/rest/api/3/issuetypescreenscheme/mapping?issueTypeScreenSchemeId=${schemeId}&startAt=${String(startAt)}`,
        { operation: 'getIssueTypeScreenSchemeMappings' },
      );
      items.push(...page.values.map((item) => ({ issueTypeId: item.issueTypeId, screenSchemeId: item.screenSchemeId })));
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return items;
    }
  }

  /** GET /rest/api/3/screenscheme?id=. Screen ids by operation; `default` serves the others. Permission: Administer Jira. */
  async getScreenScheme(screenSchemeId: string): Promise<ScreenSchemeBean | undefined> {
    const page = await this.requestJira<{ values: ScreenSchemeBean[] }>(route`/rest/api/3/screenscheme?id=${screenSchemeId}`, {
      operation: 'getScreenSchemes',
    });
    return page.values.find((scheme) => String(scheme.id) === screenSchemeId);
  }

  /** GET /rest/api/3/screens/{screenId}/tabs. Permission: Administer Jira. */
  async getScreenTabs(screenId: string): Promise<{ id: number; name: string }[]> {
    return this.requestJira(route`/rest/api/3/screens/${screenId}/tabs`, { operation: 'getAllScreenTabs' });
  }

  /** GET /rest/api/3/screens/{screenId}/tabs/{tabId}/fields. Permission: Administer Jira. */
  async getScreenTabFields(screenId: string, tabId: string): Promise<{ id: string; name?: string }[]> {
    return this.requestJira(route`/rest/api/3/screens/${screenId}/tabs/${tabId}/fields`, { operation: 'getAllScreenTabFields' });
  }

  /** POST /rest/api/3/screens/{screenId}/tabs/{tabId}/fields: appends the field to the tab. Permission: Administer Jira. */
  async addScreenTabField(screenId: string, tabId: string, fieldId: string): Promise<void> {
    await this.requestJira(route`/rest/api/3/screens/${screenId}/tabs/${tabId}/fields`, {
      operation: 'addScreenTabField',
      method: 'POST',
      body: { fieldId },
    });
  }

  /** GET /rest/api/3/statuses/search, every page. Permission: Administer projects or Administer Jira. */
  async searchStatuses(): Promise<StatusBean[]> {
    const statuses: StatusBean[] = [];
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values?: StatusBean[]; isLast?: boolean }>(
        route`/rest/api/3/statuses/search?startAt=${String(startAt)}&maxResults=${'200'}`,
        { operation: 'searchStatuses' },
      );
      const values = page.values ?? [];
      statuses.push(...values);
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return statuses;
    }
  }

  /** POST /rest/api/3/statuses: site-wide (GLOBAL) statuses. Permission: Administer Jira. */
  async createStatuses(statuses: { name: string; statusCategory: StatusCategory; description: string }[]): Promise<StatusBean[]> {
    return this.requestJira(route`/rest/api/3/statuses`, {
      operation: 'createStatuses',
      method: 'POST',
      body: { scope: { type: 'GLOBAL' }, statuses },
    });
  }

  /** GET /rest/api/3/workflows/search, matched by exact name (the query matches parts of names). Permission: Administer Jira. */
  async findWorkflow(name: string): Promise<{ id: string; name: string } | undefined> {
    for (let startAt = 0; ;) {
      const page = await this.requestJira<{ values?: { id: string; name: string }[]; isLast?: boolean }>(
        route`/rest/api/3/workflows/search?queryString=${name}&startAt=${String(startAt)}`,
        { operation: 'searchWorkflows' },
      );
      const values = page.values ?? [];
      const found = values.find((workflow) => workflow.name === name);
      if (found) return found;
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return undefined;
    }
  }

  /** POST /rest/api/3/workflows/create: one GLOBAL workflow from existing statuses. Permission: Administer Jira. */
  async createWorkflow(request: WorkflowCreateDetails): Promise<{ id: string; name: string }> {
    const result = await this.requestJira<{ workflows?: { id: string; name: string }[] }>(route`/rest/api/3/workflows/create`, {
      operation: 'createWorkflows',
      method: 'POST',
      body: {
        scope: { type: 'GLOBAL' },
        statuses: request.statuses.map((status) => ({
          id: status.id,
          name: status.name,
          statusCategory: status.statusCategory,
          statusReference: status.id,
        })),
        workflows: [
          {
            name: request.name,
            description: request.description,
            statuses: request.statuses.map((status) => ({ statusReference: status.id, properties: {} })),
            transitions: request.transitions.map((transition) => ({
              id: transition.id,
              name: transition.name,
              type: transition.type,
              toStatusReference: transition.toStatusId,
              links: transition.fromStatusIds.map((fromStatusReference) => ({ fromStatusReference })),
              ...(transition.validators ? { validators: transition.validators } : {}),
            })),
          },
        ],
      },
    });
    const created = result.workflows?.find((workflow) => workflow.name === request.name);
    if (!created) throw new Error(`Jira did not return the workflow ${request.name}.`);
    return created;
  }

  /** GET /rest/api/3/workflows/capabilities for the workflow a project's issue type uses: the Forge rules installed apps provide. Permission: Administer Jira. */
  async getForgeWorkflowRules(projectId: string, issueTypeId: string): Promise<ForgeRuleBean[]> {
    const capabilities = await this.requestJira<{ forgeRules?: ForgeRuleBean[] }>(
      route`/rest/api/3/workflows/capabilities?projectId=${projectId}&issueTypeId=${issueTypeId}`,
      { operation: 'workflowCapabilities' },
    );
    return capabilities.forgeRules ?? [];
  }

  /** POST /rest/api/3/workflows: one workflow by id, with its transitions' rules and its version. Permission: Administer Jira. */
  async readWorkflow(workflowId: string): Promise<WorkflowDetails | undefined> {
    const result = await this.requestJira<{
      statuses?: WorkflowDetails['statusDetails'];
      workflows?: Omit<WorkflowDetails, 'statusDetails'>[];
    }>(route`/rest/api/3/workflows`, {
      operation: 'readWorkflows',
      method: 'POST',
      body: { workflowIds: [workflowId] },
    });
    const workflow = result.workflows?.find((candidate) => candidate.id === workflowId);
    if (!workflow) return undefined;
    const used = new Set(workflow.statuses.map((status) => status.statusReference));
    return { ...workflow, statusDetails: (result.statuses ?? []).filter((status) => used.has(status.statusReference)) };
  }

  /**
   * POST /rest/api/3/workflows/update: replaces the workflow's transitions, sent whole. Jira refuses
   * (409) an update based on an older version than the stored one. Permission: Administer Jira.
   */
  async updateWorkflowTransitions(workflow: WorkflowDetails, transitions: WorkflowTransitionBean[]): Promise<void> {
    // Jira names a task when the update started one (status migrations); the update is done once it completes.
    const result = await this.requestJira<{ taskId?: string | null }>(route`/rest/api/3/workflows/update`, {
      operation: 'updateWorkflows',
      method: 'POST',
      body: {
        statuses: workflow.statusDetails.map((status) => ({
          id: status.id,
          name: status.name,
          statusCategory: status.statusCategory,
          statusReference: status.statusReference,
          description: status.description ?? '',
        })),
        workflows: [
          {
            id: workflow.id,
            version: workflow.version,
            statuses: workflow.statuses.map((status) => ({ ...status, properties: status.properties ?? {} })),
            transitions,
          },
        ],
      },
    });
    if (result?.taskId) await this.waitForTask(result.taskId);
  }

  /** GET /rest/api/3/workflowscheme/project. No id means Jira's default scheme. Permission: Administer Jira. */
  async getWorkflowSchemeForProject(projectId: string): Promise<WorkflowSchemeBean | undefined> {
    const page = await this.requestJira<{ values: { projectIds: string[]; workflowScheme: WorkflowSchemeBean }[] }>(
      route`/rest/api/3/workflowscheme/project?projectId=${projectId}`,
      { operation: 'getWorkflowSchemeProjectAssociations' },
    );
    return page.values.find((entry) => entry.projectIds.includes(projectId))?.workflowScheme;
  }

  /**
   * PUT /rest/api/3/workflowscheme/{id}/issuetype/{issueType}. A scheme in use is changed through
   * its draft (`draft: true` in the answer), which must then be published. Permission: Administer Jira.
   */
  async setWorkflowSchemeIssueType(schemeId: number, issueTypeId: string, workflow: string): Promise<WorkflowSchemeBean> {
    return this.requestJira(route`/rest/api/3/workflowscheme/${String(schemeId)}/issuetype/${issueTypeId}`, {
      operation: 'setWorkflowSchemeIssueType',
      method: 'PUT',
      body: { issueType: issueTypeId, workflow, updateDraftIfNeeded: true },
    });
  }

  /**
   * POST /rest/api/3/workflowscheme/{id}/draft/publish, then waits for the task Jira answers with
   * (303 to /rest/api/3/task/{id}). Throws JiraTaskError when the task failed or is still running
   * after the wait budget. Permission: Administer Jira.
   */
  async publishWorkflowSchemeDraft(schemeId: number): Promise<void> {
    const answer = await this.requestJira<unknown>(route`/rest/api/3/workflowscheme/${String(schemeId)}/draft/publish`, {
      operation: 'publishDraftWorkflowScheme',
      method: 'POST',
      body: {},
      keepStatus: true,
    });
    const taskId = taskIdOf(answer);
    if (taskId !== null) await this.waitForTask(taskId);
  }

  /** GET /rest/api/3/task/{taskId}. Permission: Administer Jira or the task's creator. */
  async getTask(taskId: string): Promise<TaskProgress> {
    return this.requestJira(route`/rest/api/3/task/${taskId}`, { operation: 'getTask' });
  }

  /**
   * Follows an asynchronous task until it completes, sleeping with back-off between reads; the
   * sleeps add up to at most `policy.budgetMs`, so a caller with a time limit (a resolver has 25 s)
   * keeps its answer. Returns the completed task; throws JiraTaskError when it failed, was
   * cancelled or is still running once the budget is spent.
   */
  async waitForTask(taskId: string, policy: TaskWaitPolicy = DEFAULT_TASK_WAIT): Promise<TaskProgress> {
    let slept = 0;
    for (let delay = policy.firstDelayMs; ; delay = Math.min(delay * 2, policy.maxDelayMs)) {
      const task = await this.getTask(taskId);
      if (task.status === 'COMPLETE') return task;
      if (task.status !== 'ENQUEUED' && task.status !== 'RUNNING' && task.status !== 'CANCEL_REQUESTED')
        throw new JiraTaskError(taskId, task.status, task.message);
      if (slept + delay > policy.budgetMs) throw new JiraTaskError(taskId, 'still-running', task.message);
      await this.retry.sleep(delay);
      slept += delay;
    }
  }
  // ---- Jira Service Management (https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/) ----

  /**
   * GET /rest/servicedeskapi/request/{issueIdOrKey}: the customer request behind an issue (its request
   * type, reporter and field values); not-found for an issue that is no service request. Permission: view the request.
   */
  async getCustomerRequest(issueIdOrKey: string): Promise<CustomerRequestBean> {
    return this.requestJira(route`/rest/servicedeskapi/request/${issueIdOrKey}`, { operation: 'getCustomerRequestByIdOrKey' });
  }

  /** GET /rest/servicedeskapi/request/{issueIdOrKey}/attachment, first page (at most 100). Permission: view the request. */
  async getRequestAttachments(issueIdOrKey: string): Promise<RequestAttachmentBean[]> {
    const page = await this.requestJira<ServiceDeskPage<RequestAttachmentBean>>(
      route`/rest/servicedeskapi/request/${issueIdOrKey}/attachment?start=${'0'}&limit=${'100'}`,
      { operation: 'getAttachmentsForRequest' },
    );
    return page.values ?? [];
  }

  /**
   * GET /rest/servicedeskapi/request/{issueIdOrKey}/comment, every page, oldest first, public and
   * internal ones (the app reads as an agent). Permission: view the request.
   */
  async getRequestComments(issueIdOrKey: string): Promise<RequestCommentBean[]> {
    const comments: RequestCommentBean[] = [];
    for (let start = 0; ;) {
      const page = await this.requestJira<ServiceDeskPage<RequestCommentBean>>(
        route`/rest/servicedeskapi/request/${issueIdOrKey}/comment?start=${String(start)}&limit=${'100'}`,
        { operation: 'getRequestComments' },
      );
      const values = page.values ?? [];
      comments.push(...values);
      start += values.length;
      if (page.isLastPage !== false || values.length === 0) return comments;
    }
  }

  /**
   * POST /rest/servicedeskapi/request/{issueIdOrKey}/comment: `public: true` is a reply the customer
   * sees on the portal and by e-mail; false an internal note. Permission: Add comments (an agent may post either).
   */
  async addRequestComment(issueIdOrKey: string, body: string, isPublic: boolean): Promise<RequestCommentBean> {
    return this.requestJira(route`/rest/servicedeskapi/request/${issueIdOrKey}/comment`, {
      operation: 'createRequestComment',
      method: 'POST',
      body: { body, public: isPublic },
      issues: [issueIdOrKey],
      // A lost answer may have posted it: the caller reads the comments before posting again.
      noResendAfterNetworkError: true,
    });
  }

  /**
   * GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback: the customer's satisfaction rating
   * (CSAT, 1-5) of the request; null when they gave none (404). Experimental: sent with
   * X-ExperimentalApi: opt-in. Permission: view the request.
   */
  async getRequestFeedback(issueIdOrKey: string): Promise<RequestFeedbackBean | null> {
    try {
      return await this.requestJira(route`/rest/servicedeskapi/request/${issueIdOrKey}/feedback`, {
        operation: 'getFeedback',
        headers: { 'X-ExperimentalApi': 'opt-in' },
      });
    } catch (error) {
      if (error instanceof JiraError && error.kind === 'not-found') return null;
      throw error;
    }
  }

  /** GET /rest/servicedeskapi/organization?accountId=: the organizations an account belongs to (first 50). Permission: an agent (the app is one). */
  async getOrganizationsOf(accountId: string): Promise<OrganizationBean[]> {
    const page = await this.requestJira<ServiceDeskPage<OrganizationBean>>(
      route`/rest/servicedeskapi/organization?accountId=${accountId}&start=${'0'}&limit=${'50'}`,
      { operation: 'getOrganizations' },
    );
    return page.values ?? [];
  }
}

/** A page of a JSM list (PagedDTO). */
export interface ServiceDeskPage<T> {
  values?: T[];
  isLastPage?: boolean;
  start?: number;
  limit?: number;
  size?: number;
}

/** JSM's date shape (DateDTO). */
export interface ServiceDeskDate {
  iso8601?: string;
  epochMillis?: number;
}

/** The JSM user shape (UserDTO); emailAddress is absent when the person's privacy settings hide it. */
export interface ServiceDeskUser {
  accountId?: string;
  displayName?: string;
  emailAddress?: string;
}

/** CustomerRequestDTO: only what the app reads. */
export interface CustomerRequestBean {
  issueId?: string;
  issueKey?: string;
  requestTypeId?: string;
  serviceDeskId?: string;
  createdDate?: ServiceDeskDate;
  reporter?: ServiceDeskUser;
  requestFieldValues?: { fieldId?: string; label?: string; value?: unknown }[];
}

export interface RequestCommentBean {
  id?: string;
  body?: string;
  public?: boolean;
  author?: ServiceDeskUser;
  created?: ServiceDeskDate;
}

export interface RequestAttachmentBean {
  filename?: string;
  _links?: { content?: string; self?: string };
}

export interface RequestFeedbackBean {
  type?: string;
  rating?: number;
  comment?: { body?: string };
}

export interface OrganizationBean {
  id?: string;
  name?: string;
}

/** Splits updates into calls of at most `limit` issue values, splitting an update's issue list if needed. */
export function packAppFieldUpdates(updates: AppFieldUpdate[], limit: number): AppFieldUpdate[][] {
  const batches: AppFieldUpdate[][] = [];
  let batch: AppFieldUpdate[] = [];
  let size = 0;
  for (const update of updates) {
    for (let start = 0; start < update.issueIds.length;) {
      const take = Math.min(limit - size, update.issueIds.length - start);
      batch.push({ ...update, issueIds: update.issueIds.slice(start, start + take) });
      size += take;
      start += take;
      if (size === limit) {
        batches.push(batch);
        batch = [];
        size = 0;
      }
    }
  }
  if (batch.length > 0) batches.push(batch);
  return batches;
}

/** Calls as the app: only after the caller's permission has been checked. */
export const jiraAsApp = (retry: RetryPolicy = DEFAULT_RETRY): JiraClient =>
  new JiraClient((path, init) => api.asApp().requestJira(path, init), retry);

/** Calls as the user who invoked the resolver; Jira applies their permissions. */
export const jiraAsUser = (): JiraClient => new JiraClient((path, init) => api.asUser().requestJira(path, init));
