import api, { route, type Route } from '@forge/api';

/**
 * The only code that talks to Jira. Every operation goes through `send`, which retries rate limits
 * and transient failures with back-off (honouring Retry-After) and turns any other non-2xx answer
 * into a typed JiraError.
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

export type JiraErrorKind = 'bad-request' | 'unauthorized' | 'forbidden' | 'not-found' | 'conflict' | 'rate-limited' | 'server' | 'network';

export class JiraError extends Error {
  constructor(
    readonly kind: JiraErrorKind,
    readonly status: number,
    readonly errorMessages: string[],
    readonly fieldErrors: Record<string, string>,
    readonly operation: string,
  ) {
    super(`${operation}: ${[...errorMessages, ...Object.entries(fieldErrors).map(([field, text]) => `${field}: ${text}`)].join('; ') || `HTTP ${status}`}`);
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
  if (typeof body !== 'object' || body === null) return { errorMessages: typeof body === 'string' && body ? [body.slice(0, 300)] : [], fieldErrors: {} };
  const record = body as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const errorMessages = Array.isArray(record.errorMessages) ? record.errorMessages.map(String) : typeof record.message === 'string' ? [record.message] : [];
  const fieldErrors =
    typeof record.errors === 'object' && record.errors !== null
      ? Object.fromEntries(Object.entries(record.errors as Record<string, unknown>).map(([key, value]) => [key, String(value)]))
      : {};
  return { errorMessages, fieldErrors };
}

export interface Paged<T> {
  items: T[];
  nextPageToken: string | null;
}

export interface IssueBean {
  id: string;
  key: string;
  fields: Record<string, unknown>;
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
  issueTypes?: { id: string; name: string }[];
  lead?: { accountId?: string; displayName?: string };
}

export interface ProjectRoleBean {
  id: number;
  name: string;
  actors?: { type?: string; displayName?: string; actorUser?: { accountId?: string }; actorGroup?: { groupId?: string; name?: string } }[];
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
  transitions: { id: string; name: string; type: 'INITIAL' | 'GLOBAL' | 'DIRECTED'; toStatusId: string; fromStatusIds: string[]; validators?: WorkflowRuleBean[] }[];
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
/** A search asking only for ids returns up to 5,000 issues a page (spec: searchAndReconsileIssuesUsingJqlPost, maxResults). */
export const ID_SEARCH_PAGE_LIMIT = 5000;
/** POST /rest/api/3/issue/bulkfetch takes at most 100 issues (spec: bulkFetchIssues). */
export const BULK_FETCH_LIMIT = 100;

export class JiraClient {
  constructor(
    private readonly fetch: JiraFetch,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
  ) {}

  /** Sends one request, retrying what Jira asks us to retry; every update is either applied or reported. */
  private async send<T>(operation: string, path: Route, init: { method: string; body?: unknown } = { method: 'GET' }): Promise<T> {
    const requestInit: JiraRequestInit = {
      method: init.method,
      headers: { Accept: 'application/json', ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
    };
    for (let attempt = 1; ; attempt += 1) {
      let response: JiraHttpResponse;
      try {
        response = await this.fetch(path, requestInit);
      } catch (error) {
        if (attempt >= this.retry.attempts) {
          throw new JiraError('network', 0, [error instanceof Error ? error.message : String(error)], {}, operation);
        }
        await this.retry.sleep(retryDelay(undefined, attempt, this.retry));
        continue;
      }
      // A 500 on a read is retried once (reading twice is harmless, and a lasting 500 should fail fast);
      // a write that got one may have been applied, so its caller decides.
      const retryable = RETRYABLE_STATUSES.has(response.status) || (response.status === 500 && init.method === 'GET' && attempt === 1);
      if (retryable && attempt < this.retry.attempts) {
        await response.text();
        await this.retry.sleep(retryDelay(response, attempt, this.retry));
        continue;
      }
      const body = await readBody(response);
      if (response.ok) return body as T;
      const { errorMessages, fieldErrors } = errorDetails(body);
      throw new JiraError(kindOfStatus(response.status), response.status, errorMessages, fieldErrors, operation);
    }
  }

  /** GET /rest/api/3/field. Permission: any user. */
  async getFields(): Promise<FieldBean[]> {
    return this.send('getFields', route`/rest/api/3/field`);
  }

  /** GET /rest/api/3/issue/{key}. Permission: Browse projects on the issue's project. */
  async getIssue(issueIdOrKey: string, fields: string[]): Promise<IssueBean> {
    return this.send('getIssue', route`/rest/api/3/issue/${issueIdOrKey}?fields=${fields.join(',')}`);
  }

  /** PUT /rest/api/3/issue/{key}. Permission: Edit issues. */
  async editIssue(issueIdOrKey: string, fields: Record<string, unknown>): Promise<void> {
    await this.send('editIssue', route`/rest/api/3/issue/${issueIdOrKey}`, { method: 'PUT', body: { fields } });
  }

  /** GET /rest/api/3/issue/{key}/transitions: the transitions the caller may take now. Permission: Browse projects. */
  async getTransitions(issueIdOrKey: string): Promise<TransitionBean[]> {
    const result = await this.send<{ transitions?: TransitionBean[] }>('getTransitions', route`/rest/api/3/issue/${issueIdOrKey}/transitions`);
    return result.transitions ?? [];
  }

  /** POST /rest/api/3/issue/{key}/transitions, with field values the transition sets. Permission: Transition issues. */
  async transitionIssue(issueIdOrKey: string, transitionId: string, fields?: Record<string, unknown>): Promise<void> {
    await this.send('doTransition', route`/rest/api/3/issue/${issueIdOrKey}/transitions`, { method: 'POST', body: { transition: { id: transitionId }, ...(fields ? { fields } : {}) } });
  }

  /** POST /rest/api/3/issueLink: `inward` <type's outward words> `outward` (Duplicate: inward "duplicates" outward). Permission: Link issues. */
  async linkIssues(params: { typeName: string; inwardIssueId: string; outwardIssueId: string }): Promise<void> {
    await this.send('linkIssues', route`/rest/api/3/issueLink`, {
      method: 'POST',
      body: { type: { name: params.typeName }, inwardIssue: { id: params.inwardIssueId }, outwardIssue: { id: params.outwardIssueId } },
    });
  }

  /** DELETE /rest/api/3/issueLink/{id}. Permission: Link issues. */
  async deleteIssueLink(linkId: string): Promise<void> {
    await this.send('deleteIssueLink', route`/rest/api/3/issueLink/${linkId}`, { method: 'DELETE' });
  }

  /** POST /rest/api/3/search/jql, one page. Permission: results are limited to what the caller may browse. */
  async searchPage(params: { jql: string; fields: string[]; nextPageToken?: string | null; maxResults?: number }): Promise<Paged<IssueBean>> {
    const body = {
      jql: params.jql,
      fields: params.fields,
      maxResults: Math.min(params.maxResults ?? SEARCH_PAGE_LIMIT, SEARCH_PAGE_LIMIT),
      ...(params.nextPageToken ? { nextPageToken: params.nextPageToken } : {}),
    };
    const page = await this.send<{ issues?: IssueBean[]; nextPageToken?: string }>('searchJql', route`/rest/api/3/search/jql`, {
      method: 'POST',
      body,
    });
    return { items: page.issues ?? [], nextPageToken: page.nextPageToken ?? null };
  }

  /** POST /rest/api/3/search/jql asking for ids only: up to 5,000 a page, in the JQL's order. */
  async searchIdsPage(params: { jql: string; nextPageToken?: string | null }): Promise<Paged<string>> {
    const page = await this.send<{ issues?: { id: string }[]; nextPageToken?: string }>('searchJql', route`/rest/api/3/search/jql`, {
      method: 'POST',
      body: { jql: params.jql, fields: ['id'], maxResults: ID_SEARCH_PAGE_LIMIT, ...(params.nextPageToken ? { nextPageToken: params.nextPageToken } : {}) },
    });
    return { items: (page.issues ?? []).map((issue) => String(issue.id)), nextPageToken: page.nextPageToken ?? null };
  }

  /**
   * POST /rest/api/3/issue/bulkfetch, at most BULK_FETCH_LIMIT issues by id. Jira leaves out issues
   * the caller may not browse and answers in ascending id order.
   */
  async bulkFetchIssues(issueIds: readonly string[], fields: string[]): Promise<IssueBean[]> {
    if (issueIds.length > BULK_FETCH_LIMIT) throw new RangeError(`bulkFetchIssues takes at most ${BULK_FETCH_LIMIT} issues, not ${issueIds.length}.`);
    if (issueIds.length === 0) return [];
    const result = await this.send<{ issues?: IssueBean[] }>('bulkFetchIssues', route`/rest/api/3/issue/bulkfetch`, { method: 'POST', body: { issueIdsOrKeys: issueIds, fields } });
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
      await this.send('setAppFieldValues', route`/rest/api/3/app/field/value?generateChangelog=${'true'}`, {
        method: 'POST',
        body: { updates: batch.map((update) => ({ customField: update.fieldId, issueIds: update.issueIds, value: update.value })) },
      });
    }
  }

  /** POST /rest/api/3/search/approximate-count. Counts only issues the caller may browse. */
  async countIssues(jql: string): Promise<number> {
    const result = await this.send<{ count?: number }>('countIssues', route`/rest/api/3/search/approximate-count`, { method: 'POST', body: { jql } });
    return result.count ?? 0;
  }

  /** GET /rest/api/3/user. Permission: Browse users and groups. */
  async getUser(accountId: string): Promise<{ accountId: string; displayName: string }> {
    return this.send('getUser', route`/rest/api/3/user?accountId=${accountId}`);
  }

  /** POST /rest/api/3/permissions/check. Called as the app to ask about another account. */
  async checkPermissions(request: PermissionCheckRequest): Promise<PermissionCheckResult> {
    return this.send('checkPermissions', route`/rest/api/3/permissions/check`, { method: 'POST', body: request });
  }

  /** GET /rest/api/3/filter/{id}. Permission: the filter's owner or someone it is shared with (else 404). */
  async getFilter(filterId: string): Promise<FilterBean> {
    return this.send('getFilter', route`/rest/api/3/filter/${filterId}?expand=${'jql'}`);
  }

  /** GET /rest/api/3/filter/search, first page. Lists only filters the caller may see. */
  async searchFilters(filterName: string, maxResults = 50): Promise<FilterBean[]> {
    const page = await this.send<{ values?: FilterBean[] }>(
      'searchFilters',
      route`/rest/api/3/filter/search?filterName=${filterName}&expand=${'jql,owner'}&maxResults=${String(maxResults)}&orderBy=${'name'}`,
    );
    return page.values ?? [];
  }

  /** GET /rest/api/3/project/search, every page. Permission: lists only projects the caller may browse. */
  async listProjects(): Promise<ProjectBean[]> {
    const projects: ProjectBean[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values: ProjectBean[]; isLast?: boolean; total?: number }>(
        'searchProjects',
        route`/rest/api/3/project/search?startAt=${String(startAt)}&maxResults=${'50'}`,
      );
      projects.push(...page.values);
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return projects;
    }
  }

  /** GET /rest/api/3/serverInfo: Jira's own clock, so scheduled work agrees with the site about "today". */
  async getServerTime(): Promise<Date> {
    const info = await this.send<{ serverTime?: string }>('getServerInfo', route`/rest/api/3/serverInfo`);
    const parsed = info.serverTime ? Date.parse(info.serverTime) : Number.NaN;
    return Number.isNaN(parsed) ? new Date() : new Date(parsed);
  }

  /** POST /rest/api/3/issue/{key}/changelog/list: the changelog entries with these ids (an event names its own). Permission: Browse projects. */
  async getChangelogsByIds(issueIdOrKey: string, changelogIds: number[]): Promise<ChangelogBean[]> {
    const page = await this.send<{ histories?: ChangelogBean[] }>('getChangeLogsByIds', route`/rest/api/3/issue/${issueIdOrKey}/changelog/list`, { method: 'POST', body: { changelogIds } });
    return page.histories ?? [];
  }

  /** POST /rest/api/3/issue/{key}/comment with an Atlassian Document body. Permission: Add comments. */
  async addComment(issueIdOrKey: string, body: object): Promise<{ id: string }> {
    return this.send('addComment', route`/rest/api/3/issue/${issueIdOrKey}/comment`, { method: 'POST', body: { body } });
  }

  /** GET /rest/api/3/project/{key}. Permission: Browse projects. */
  async getProject(projectIdOrKey: string): Promise<ProjectBean> {
    return this.send('getProject', route`/rest/api/3/project/${projectIdOrKey}?expand=${'issueTypes'}`);
  }

  /** GET /rest/api/3/project/{key}/role: the project roles (all are site-wide), id from each role's URL. Permission: Administer projects (called as the app). */
  async getProjectRoles(projectIdOrKey: string): Promise<{ id: string; name: string }[]> {
    const roles = await this.send<Record<string, string>>('getProjectRoles', route`/rest/api/3/project/${projectIdOrKey}/role`);
    return Object.entries(roles).flatMap(([name, url]) => {
      const id = /\/role\/(\d+)$/.exec(url)?.[1];
      return id ? [{ id, name }] : [];
    });
  }

  /** GET /rest/api/3/project/{key}/role/{id}: the role's actors in the project (accounts and groups). Permission: Administer projects (called as the app). */
  async getProjectRole(projectIdOrKey: string, roleId: string): Promise<ProjectRoleBean> {
    return this.send('getProjectRole', route`/rest/api/3/project/${projectIdOrKey}/role/${roleId}`);
  }

  /** GET /rest/api/3/user/groups: the groups an account belongs to. Permission: Browse users and groups. */
  async getUserGroups(accountId: string): Promise<{ groupId?: string | null; name?: string }[]> {
    return this.send('getUserGroups', route`/rest/api/3/user/groups?accountId=${accountId}`);
  }

  /** GET /rest/api/3/group/member, every page: the active accounts in a group. Permission: Browse users and groups (called as the app). */
  async getGroupMembers(groupId: string): Promise<{ accountId: string; accountType?: string }[]> {
    const members: { accountId: string; accountType?: string }[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values?: { accountId?: string; accountType?: string }[]; isLast?: boolean }>(
        'getUsersFromGroup',
        route`/rest/api/3/group/member?groupId=${groupId}&startAt=${String(startAt)}&maxResults=${'50'}`,
      );
      const values = page.values ?? [];
      members.push(...values.flatMap((user) => (user.accountId ? [{ accountId: user.accountId, accountType: user.accountType }] : [])));
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return members;
    }
  }

  /** GET /rest/api/3/groups/picker: groups whose names contain `query`, for choosing one. */
  async findGroups(query: string, maxResults = 50): Promise<{ groupId?: string; name?: string }[]> {
    const found = await this.send<{ groups?: { groupId?: string; name?: string }[] }>('findGroups', route`/rest/api/3/groups/picker?query=${query}&maxResults=${String(maxResults)}`);
    return found.groups ?? [];
  }

  /** GET /rest/api/3/issuetype. Permission: any user (only visible types are returned). */
  async getIssueTypes(): Promise<IssueTypeBean[]> {
    return this.send('getIssueAllTypes', route`/rest/api/3/issuetype`);
  }

  /** POST /rest/api/3/issuetype. Permission: Administer Jira. */
  async createIssueType(details: { name: string; description: string; hierarchyLevel: number }): Promise<IssueTypeBean> {
    return this.send('createIssueType', route`/rest/api/3/issuetype`, { method: 'POST', body: details });
  }

  /** GET /rest/api/3/issuetypescheme/project. Permission: Administer Jira. */
  async getIssueTypeSchemeForProject(projectId: string): Promise<{ id: string; name: string; isDefault?: boolean } | undefined> {
    const page = await this.send<{ values: { issueTypeScheme: { id: string; name: string; isDefault?: boolean }; projectIds: string[] }[] }>(
      'getIssueTypeSchemeForProjects',
      route`/rest/api/3/issuetypescheme/project?projectId=${projectId}`,
    );
    return page.values[0]?.issueTypeScheme;
  }

  /** GET /rest/api/3/issuetypescheme/mapping, every page. Permission: Administer Jira. */
  async getIssueTypeSchemeItems(schemeId: string): Promise<string[]> {
    const ids: string[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values: { issueTypeId: string }[]; isLast?: boolean }>(
        'getIssueTypeSchemesMapping',
        route`/rest/api/3/issuetypescheme/mapping?issueTypeSchemeId=${schemeId}&startAt=${String(startAt)}`,
      );
      ids.push(...page.values.map((item) => item.issueTypeId));
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return ids;
    }
  }

  /** PUT /rest/api/3/issuetypescheme/{id}/issuetype. Permission: Administer Jira. */
  async addIssueTypesToScheme(schemeId: string, issueTypeIds: string[]): Promise<void> {
    await this.send('addIssueTypesToIssueTypeScheme', route`/rest/api/3/issuetypescheme/${schemeId}/issuetype`, {
      method: 'PUT',
      body: { issueTypeIds },
    });
  }

  /** GET /rest/api/3/issuetypescreenscheme/project. Permission: Administer Jira. */
  async getIssueTypeScreenSchemeForProject(projectId: string): Promise<{ id: string; name: string } | undefined> {
    const page = await this.send<{ values: { issueTypeScreenScheme: { id: string; name: string }; projectIds: string[] }[] }>(
      'getIssueTypeScreenSchemeProjectAssociations',
      route`/rest/api/3/issuetypescreenscheme/project?projectId=${projectId}`,
    );
    return page.values.find((entry) => entry.projectIds.includes(projectId))?.issueTypeScreenScheme;
  }

  /** GET /rest/api/3/issuetypescreenscheme/mapping, every page. Issue type id `default` covers unmapped types. Permission: Administer Jira. */
  async getIssueTypeScreenSchemeMappings(schemeId: string): Promise<{ issueTypeId: string; screenSchemeId: string }[]> {
    const items: { issueTypeId: string; screenSchemeId: string }[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values: { issueTypeId: string; screenSchemeId: string }[]; isLast?: boolean }>(
        'getIssueTypeScreenSchemeMappings',
        route`/rest/api/3/issuetypescreenscheme/mapping?issueTypeScreenSchemeId=${schemeId}&startAt=${String(startAt)}`,
      );
      items.push(...page.values.map((item) => ({ issueTypeId: item.issueTypeId, screenSchemeId: item.screenSchemeId })));
      startAt += page.values.length;
      if (page.isLast !== false || page.values.length === 0) return items;
    }
  }

  /** GET /rest/api/3/screenscheme?id=. Screen ids by operation; `default` serves the others. Permission: Administer Jira. */
  async getScreenScheme(screenSchemeId: string): Promise<ScreenSchemeBean | undefined> {
    const page = await this.send<{ values: ScreenSchemeBean[] }>('getScreenSchemes', route`/rest/api/3/screenscheme?id=${screenSchemeId}`);
    return page.values.find((scheme) => String(scheme.id) === screenSchemeId);
  }

  /** GET /rest/api/3/screens/{screenId}/tabs. Permission: Administer Jira. */
  async getScreenTabs(screenId: string): Promise<{ id: number; name: string }[]> {
    return this.send('getAllScreenTabs', route`/rest/api/3/screens/${screenId}/tabs`);
  }

  /** GET /rest/api/3/screens/{screenId}/tabs/{tabId}/fields. Permission: Administer Jira. */
  async getScreenTabFields(screenId: string, tabId: string): Promise<{ id: string; name?: string }[]> {
    return this.send('getAllScreenTabFields', route`/rest/api/3/screens/${screenId}/tabs/${tabId}/fields`);
  }

  /** POST /rest/api/3/screens/{screenId}/tabs/{tabId}/fields: appends the field to the tab. Permission: Administer Jira. */
  async addScreenTabField(screenId: string, tabId: string, fieldId: string): Promise<void> {
    await this.send('addScreenTabField', route`/rest/api/3/screens/${screenId}/tabs/${tabId}/fields`, { method: 'POST', body: { fieldId } });
  }

  /** GET /rest/api/3/statuses/search, every page. Permission: Administer projects or Administer Jira. */
  async searchStatuses(): Promise<StatusBean[]> {
    const statuses: StatusBean[] = [];
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values?: StatusBean[]; isLast?: boolean }>('searchStatuses', route`/rest/api/3/statuses/search?startAt=${String(startAt)}&maxResults=${'200'}`);
      const values = page.values ?? [];
      statuses.push(...values);
      startAt += values.length;
      if (page.isLast !== false || values.length === 0) return statuses;
    }
  }

  /** POST /rest/api/3/statuses: site-wide (GLOBAL) statuses. Permission: Administer Jira. */
  async createStatuses(statuses: { name: string; statusCategory: StatusCategory; description: string }[]): Promise<StatusBean[]> {
    return this.send('createStatuses', route`/rest/api/3/statuses`, { method: 'POST', body: { scope: { type: 'GLOBAL' }, statuses } });
  }

  /** GET /rest/api/3/workflows/search, matched by exact name (the query matches parts of names). Permission: Administer Jira. */
  async findWorkflow(name: string): Promise<{ id: string; name: string } | undefined> {
    for (let startAt = 0; ; ) {
      const page = await this.send<{ values?: { id: string; name: string }[]; isLast?: boolean }>(
        'searchWorkflows',
        route`/rest/api/3/workflows/search?queryString=${name}&startAt=${String(startAt)}`,
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
    const result = await this.send<{ workflows?: { id: string; name: string }[] }>('createWorkflows', route`/rest/api/3/workflows/create`, {
      method: 'POST',
      body: {
        scope: { type: 'GLOBAL' },
        statuses: request.statuses.map((status) => ({ id: status.id, name: status.name, statusCategory: status.statusCategory, statusReference: status.id })),
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
    const capabilities = await this.send<{ forgeRules?: ForgeRuleBean[] }>(
      'workflowCapabilities',
      route`/rest/api/3/workflows/capabilities?projectId=${projectId}&issueTypeId=${issueTypeId}`,
    );
    return capabilities.forgeRules ?? [];
  }

  /** POST /rest/api/3/workflows: one workflow by id, with its transitions' rules and its version. Permission: Administer Jira. */
  async readWorkflow(workflowId: string): Promise<WorkflowDetails | undefined> {
    const result = await this.send<{ statuses?: WorkflowDetails['statusDetails']; workflows?: Omit<WorkflowDetails, 'statusDetails'>[] }>('readWorkflows', route`/rest/api/3/workflows`, {
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
    await this.send('updateWorkflows', route`/rest/api/3/workflows/update`, {
      method: 'POST',
      body: {
        statuses: workflow.statusDetails.map((status) => ({ id: status.id, name: status.name, statusCategory: status.statusCategory, statusReference: status.statusReference, description: status.description ?? '' })),
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
  }

  /** GET /rest/api/3/workflowscheme/project. No id means Jira's default scheme. Permission: Administer Jira. */
  async getWorkflowSchemeForProject(projectId: string): Promise<WorkflowSchemeBean | undefined> {
    const page = await this.send<{ values: { projectIds: string[]; workflowScheme: WorkflowSchemeBean }[] }>(
      'getWorkflowSchemeProjectAssociations',
      route`/rest/api/3/workflowscheme/project?projectId=${projectId}`,
    );
    return page.values.find((entry) => entry.projectIds.includes(projectId))?.workflowScheme;
  }

  /**
   * PUT /rest/api/3/workflowscheme/{id}/issuetype/{issueType}. A scheme in use is changed through
   * its draft (`draft: true` in the answer), which must then be published. Permission: Administer Jira.
   */
  async setWorkflowSchemeIssueType(schemeId: number, issueTypeId: string, workflow: string): Promise<WorkflowSchemeBean> {
    return this.send('setWorkflowSchemeIssueType', route`/rest/api/3/workflowscheme/${String(schemeId)}/issuetype/${issueTypeId}`, {
      method: 'PUT',
      body: { issueType: issueTypeId, workflow, updateDraftIfNeeded: true },
    });
  }

  /** POST /rest/api/3/workflowscheme/{id}/draft/publish. Permission: Administer Jira. */
  async publishWorkflowSchemeDraft(schemeId: number): Promise<void> {
    await this.send('publishDraftWorkflowScheme', route`/rest/api/3/workflowscheme/${String(schemeId)}/draft/publish`, { method: 'POST', body: {} });
  }
}

/** Splits updates into calls of at most `limit` issue values, splitting an update's issue list if needed. */
export function packAppFieldUpdates(updates: AppFieldUpdate[], limit: number): AppFieldUpdate[][] {
  const batches: AppFieldUpdate[][] = [];
  let batch: AppFieldUpdate[] = [];
  let size = 0;
  for (const update of updates) {
    for (let start = 0; start < update.issueIds.length; ) {
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
export const jiraAsApp = (retry: RetryPolicy = DEFAULT_RETRY): JiraClient => new JiraClient((path, init) => api.asApp().requestJira(path, init), retry);

/** Calls as the user who invoked the resolver; Jira applies their permissions. */
export const jiraAsUser = (): JiraClient => new JiraClient((path, init) => api.asUser().requestJira(path, init));
