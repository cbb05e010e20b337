import { createHash } from 'node:crypto';
import type { DurableStore, StoreWrite } from '../store/durable-store';
import { JiraConfiguration } from './configuration';
import { JiraFilters } from './filters';
import { JiraRoles } from './roles';
import { JiraServiceDesk } from './service-desk';
import { JiraTasks } from './tasks';
import { JiraWorkflows, type ForgeRuleDeclaration, type WorkflowRuleRecord } from './workflows';
import { evaluateValidation, parseJiraExpression, type ParsedJiraExpression } from './expressions';
import { compareForOrder, matchesJql, parseJql, type JqlExpr, type JqlFieldRef, type JqlQuery } from './jql';
import {
  badRequest,
  forbidden,
  HttpError,
  jiraTimestamp,
  notFound,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type RouteHandler,
} from './http';
import {
  COLLECTIONS,
  COMPONENT_ASSIGNEE_TYPES,
  ISSUE_LINK_TYPES,
  RESOLUTIONS,
  JQL_SYSTEM_FIELDS,
  NON_EDITABLE_FIELDS,
  PRIORITIES,
  PROJECT_PERMISSIONS,
  ROLE_PERMISSIONS,
  SEED_ISSUE_TYPES,
  SEED_USERS,
  SYSTEM_FIELDS,
  type ChangelogItem,
  type ComponentAssigneeType,
  type ComponentRecord,
  type FieldRecord,
  type FieldValidation,
  type GlobalPermission,
  type IssueLinkRecord,
  type IssueRecord,
  type NotificationRecord,
  type IssueTypeRecord,
  type IssueTypeSchemeRecord,
  type ProjectPermission,
  type ProjectRecord,
  type SandboxUser,
} from './model';

/**
 * A stateful emulation of the Jira Cloud platform REST API v3: the operations the app and ordinary
 * clients use, with Jira's permission checks, field validation and error shapes. Every change is
 * committed to the durable store before the response is returned.
 */

export interface IssueEvent {
  id: string;
  eventType: 'avi:jira:created:issue' | 'avi:jira:updated:issue' | 'avi:jira:deleted:issue' | 'avi:jira:commented:issue';
  issue: { id: string; key: string; fields: Record<string, unknown> };
  actor: Principal;
  changelog?: { id: string; items: ChangelogItem[] };
  /** avi:jira:commented:issue: the comment created. */
  comment?: Record<string, unknown>;
}

export interface AppFieldDeclaration {
  moduleKey: string;
  name: string;
  type: 'number' | 'string' | 'date';
  /** A Forge `collection: list` field holds a list of `type` values (Jira's schema says array of them). */
  collection?: 'list';
  readOnly: boolean;
  description?: string;
  /** The module's `edit.validation`: Jira evaluates it when an issue is created or edited, not on the app's own writes. */
  validation?: FieldValidation;
}

export interface EmulatorOptions {
  store: DurableStore;
  now: () => Date;
  baseUrl: () => string;
  onIssueEvent?: (event: IssueEvent) => void;
  /** The workflow rules installed apps provide (none when omitted). */
  forgeRules?: () => ForgeRuleDeclaration[];
  /** The site's default time zone (IANA), which serverInfo reports as serverTimeZone; UTC when omitted. */
  timeZone?: string;
}

/** A transition request that Jira would make once its validators pass: what they are called with. */
export interface PendingTransition {
  issue: { id: string; key: string };
  transition: { id: string; name: string; from: string; to: string };
  validators: WorkflowRuleRecord[];
}

const MAX_SUMMARY = 255;
const MAX_PROPERTY_BYTES = 32768;
/** Forge documents no maximum for a `string` field; Jira's single-line text field holds 255 characters (docs/PLATFORM.md). */
const MAX_APP_STRING = 255;
/** "A Forge custom field can store a collection of up to 100 values" (jira:customField, Collection types). */
const MAX_APP_LIST_ITEMS = 100;
const MAX_COMPONENT_NAME = 255;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isAdf = (value: unknown): boolean => isObject(value) && value.type === 'doc' && Array.isArray(value.content);

/** Plain text of an ADF document, for text search. */
export function adfText(value: unknown): string {
  if (!isObject(value)) return typeof value === 'string' ? value : '';
  const own = typeof value.text === 'string' ? value.text : '';
  const children = Array.isArray(value.content) ? value.content.map(adfText).join(' ') : '';
  return `${own} ${children}`.trim();
}

/** Searches whose sorted matches are kept for their next pages: a few people paging at once. */
const SEARCH_RESULTS_KEPT = 8;

export class JiraEmulator {
  private readonly routes: { method: string; pattern: RegExp; handler: RouteHandler }[] = [];
  /** Screens and schemes: kept in their own module (sandbox/jira/configuration.ts). */
  private readonly configuration: JiraConfiguration;
  /** Statuses, workflows and workflow schemes (sandbox/jira/workflows.ts). */
  private readonly workflows: JiraWorkflows;
  /** Saved filters (sandbox/jira/filters.ts). */
  private readonly filters: JiraFilters;
  /** Project roles and groups (sandbox/jira/roles.ts). */
  private readonly roles: JiraRoles;
  /** Long-running tasks that some operations answer with (sandbox/jira/tasks.ts). */
  readonly tasks: JiraTasks;
  /** Jira Service Management: desks, customers, organizations, requests (sandbox/jira/service-desk.ts). */
  readonly serviceDesk: JiraServiceDesk;
  /** Sorted search matches by store sequence, caller and JQL (see sortedMatches). */
  private readonly searchResults = new Map<string, IssueRecord[]>();
  /** Parsed validation expressions by their text: parsing checks them once, at install. */
  private readonly parsedExpressions = new Map<string, ParsedJiraExpression>();

  constructor(private readonly options: EmulatorOptions) {
    this.tasks = new JiraTasks({
      store: options.store,
      now: options.now,
      baseUrl: options.baseUrl,
      isAdmin: (principal) => this.hasGlobal(principal, 'ADMINISTER'),
      nextId: () => {
        const counters = this.counters();
        const id = this.nextId(counters, 'task');
        return { id, counterWrite: { collection: COLLECTIONS.meta, id: 'counters', value: counters } };
      },
    });
    this.configuration = new JiraConfiguration({
      store: options.store,
      baseUrl: options.baseUrl,
      isAdminOrApp: (principal) => this.isAdminOrApp(principal),
    });
    this.workflows = new JiraWorkflows({
      store: options.store,
      baseUrl: options.baseUrl,
      isAdminOrApp: (principal) => this.isAdminOrApp(principal),
      forgeRules: () => options.forgeRules?.() ?? [],
      tasks: this.tasks,
    });
    this.filters = new JiraFilters({
      store: options.store,
      baseUrl: options.baseUrl,
      checkJql: (jql, principal) => void this.parseQuery(jql, principal),
      findProject: (idOrKey) => this.findProject(idOrKey),
      canBrowse: (principal, project) => this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS'),
      isJiraAdmin: (principal) => this.hasGlobal(principal, 'ADMINISTER'),
      projectBean: (project) => this.projectBean(project, false),
      userBean: (accountId) => {
        const user = this.findUser(accountId);
        return user ? this.userBean(user, false) : undefined;
      },
      newIds: (names) => {
        const counters = this.counters();
        const ids = names.map((name) => this.nextId(counters, name));
        return { ids, counterWrite: { collection: COLLECTIONS.meta, id: 'counters', value: counters } };
      },
    });
    this.roles = new JiraRoles({
      baseUrl: options.baseUrl,
      findProject: (idOrKey) => this.findProject(idOrKey),
      mayAdministerProject: (principal, project) =>
        this.hasGlobal(principal, 'ADMINISTER') || this.hasProjectPermission(principal, project, 'ADMINISTER_PROJECTS'),
      mayBrowseUsers: (principal) => this.hasGlobal(principal, 'USER_PICKER'),
      userDetails: (user) => this.userBean(user, false, false),
    });
    this.serviceDesk = new JiraServiceDesk({
      store: options.store,
      now: options.now,
      baseUrl: options.baseUrl,
      findIssue: (idOrKey) =>
        this.store.list<IssueRecord>(COLLECTIONS.issues).find((issue) => issue.id === idOrKey || issue.key === idOrKey),
      findProject: (idOrKey) => this.findProject(idOrKey),
      findUser: (accountId) => this.findUser(accountId),
      hasProjectPermission: (principal, project, permission) => this.hasProjectPermission(principal, project, permission),
      statusOf: (issue) => {
        const status = this.workflows.status(String(issue.fields.status)) ?? this.workflows.statuses()[0]!;
        return { name: status.name, categoryKey: status.category.key };
      },
      createIssue: (fields) => {
        const created = this.createIssue(
          { method: 'POST', path: '/rest/api/3/issue', query: {}, body: { fields } },
          { kind: 'app' },
        );
        if (created.status !== 201)
          throw new HttpError(created.status, [`The request's issue could not be created: ${JSON.stringify(created.body)}`]);
        return created.body as { id: string; key: string };
      },
      nextId: (name) => {
        const counters = this.counters();
        const id = this.nextId(counters, name);
        return { id, counterWrite: { collection: COLLECTIONS.meta, id: 'counters', value: counters } };
      },
    });
    this.defineRoutes();
  }

  private get store(): DurableStore {
    return this.options.store;
  }

  // ---- seeding -------------------------------------------------------------------------------

  /** A fresh site: accounts, issue types, the default issue type scheme, system fields. */
  static initialCollections(): Record<string, Record<string, unknown>> {
    return {
      [COLLECTIONS.meta]: {
        counters: {
          issue: 10000,
          project: 10000,
          issueType: 10005,
          scheme: 10001,
          field: 10100,
          link: 10000,
          comment: 10000,
          changelog: 10000,
        },
      },
      [COLLECTIONS.issueTypes]: Object.fromEntries(SEED_ISSUE_TYPES.map((type) => [type.id, type])),
      [COLLECTIONS.issueTypeSchemes]: {
        '10000': {
          id: '10000',
          name: 'Default Issue Type Scheme',
          isDefault: true,
          issueTypeIds: [],
        } satisfies IssueTypeSchemeRecord,
      },
      [COLLECTIONS.fields]: Object.fromEntries(SYSTEM_FIELDS.map((field) => [field.id, field])),
      [COLLECTIONS.projects]: {},
      [COLLECTIONS.issues]: {},
      [COLLECTIONS.links]: {},
      [COLLECTIONS.components]: {},
      [COLLECTIONS.filters]: {},
      [COLLECTIONS.pendingEvents]: {},
      ...JiraConfiguration.initialCollections(),
      ...JiraWorkflows.initialCollections(),
      ...JiraTasks.initialCollections(),
      ...JiraServiceDesk.initialCollections(),
    };
  }

  /** Registers the app's custom fields, as installing the app does. Idempotent. */
  installAppFields(appId: string, environmentId: string, fields: AppFieldDeclaration[]): void {
    const writes: StoreWrite[] = [];
    const existing = this.store.list<FieldRecord>(COLLECTIONS.fields);
    const counters = this.counters();
    for (const declaration of fields) {
      // An expression the emulator cannot evaluate stops the install rather than passing every value.
      if (declaration.validation) this.parsedExpression(declaration.validation.expression);
      const custom = `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${declaration.moduleKey}`;
      const current = existing.find((field) => field.schema.custom === custom);
      const customId = current?.schema.customId ?? Number(this.nextId(counters, 'field'));
      const id = `customfield_${customId}`;
      writes.push({
        collection: COLLECTIONS.fields,
        id,
        value: {
          id,
          name: declaration.name,
          custom: true,
          schema:
            declaration.collection === 'list'
              ? { type: 'array', items: declaration.type, custom, customId }
              : { type: declaration.type, custom, customId },
          readOnly: declaration.readOnly,
          ...(declaration.validation ? { validation: declaration.validation } : {}),
          searchable: true,
          orderable: true,
          navigable: true,
          clauseNames: [`cf[${customId}]`, declaration.name],
        } satisfies FieldRecord,
      });
    }
    writes.push({ collection: COLLECTIONS.meta, id: 'counters', value: counters });
    this.store.commit(writes);
  }

  private parsedExpression(expression: string): ParsedJiraExpression {
    let parsed = this.parsedExpressions.get(expression);
    if (!parsed) {
      parsed = parseJiraExpression(expression);
      this.parsedExpressions.set(expression, parsed);
    }
    return parsed;
  }

  private counters(): Record<string, number> {
    // Stored values are frozen; counters are bumped on a copy and written back with the change.
    return { ...(this.store.get<Record<string, number>>(COLLECTIONS.meta, 'counters') ?? {}) };
  }

  private nextId(counters: Record<string, number>, name: string): string {
    counters[name] = (counters[name] ?? 10000) + 1;
    return String(counters[name]);
  }

  // ---- dispatch ------------------------------------------------------------------------------

  handle(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    try {
      if (principal.kind === 'anonymous') {
        return {
          status: 401,
          body: { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} },
        };
      }
      // A task whose time has come has done its work before anyone looks.
      this.tasks.settleAll();
      for (const route of this.routes) {
        if (route.method !== request.method) continue;
        const match = route.pattern.exec(request.path);
        if (match)
          return route.handler(
            request,
            principal,
            match.slice(1).map((part) => decodeURIComponent(part)),
          );
      }
      return {
        status: 404,
        body: { errorMessages: [`No Jira REST resource at ${request.method} ${request.path} in this sandbox.`], errors: {} },
      };
    } catch (error) {
      if (error instanceof HttpError)
        return { status: error.status, body: { errorMessages: error.errorMessages, errors: error.errors } };
      throw error;
    }
  }

  private route(method: string, path: string, handler: RouteHandler): void {
    const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '([^/]+)')}$`);
    this.routes.push({ method, pattern, handler });
  }

  private defineRoutes(): void {
    const api = '/rest/api/3';
    this.route('GET', `${api}/serverInfo`, () => ({
      status: 200,
      // serverTime follows the sandbox clock, so scheduled work that asks Jira for "now" sees clock jumps.
      body: {
        baseUrl: this.options.baseUrl(),
        version: '1001.0.0-SNAPSHOT',
        versionNumbers: [1001, 0, 0],
        deploymentType: 'Cloud',
        buildNumber: 100000,
        serverTitle: 'Jira sandbox',
        serverTime: jiraTimestamp(this.options.now()),
        serverTimeZone: this.options.timeZone ?? 'UTC',
      },
    }));
    this.route('GET', `${api}/task/{taskId}`, (_r, principal, [taskId]) => this.tasks.get(principal, taskId!));
    this.route('GET', `${api}/myself`, (_r, principal) => ({
      status: 200,
      body: this.userBean(this.requireUser(principal), true),
    }));
    this.route('GET', `${api}/user`, (request, principal) => this.getUser(request, principal));
    this.route('GET', `${api}/user/search`, (request, principal) => this.searchUsers(request, principal));
    this.route('GET', `${api}/field`, () => ({
      status: 200,
      body: this.store.list<FieldRecord>(COLLECTIONS.fields).map((field) => this.fieldBean(field)),
    }));
    this.route('GET', `${api}/issuetype`, () => ({
      status: 200,
      body: this.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes).map((type) => this.issueTypeBean(type)),
    }));
    this.route('POST', `${api}/issuetype`, (request, principal) => this.createIssueType(request, principal));
    this.route('GET', `${api}/issuetype/{id}`, (_r, _p, [id]) => ({
      status: 200,
      body: this.issueTypeBean(this.requireIssueType(id!)),
    }));
    this.route('GET', `${api}/issuetypescheme/project`, (request, principal) => this.schemeForProject(request, principal));
    this.route('GET', `${api}/issuetypescheme/mapping`, (request, principal) => this.schemeMapping(request, principal));
    this.route('PUT', `${api}/issuetypescheme/{id}/issuetype`, (request, principal, [id]) =>
      this.addToScheme(request, principal, id!),
    );
    this.route('GET', `${api}/project/search`, (request, principal) => this.searchProjects(request, principal));
    this.route('POST', `${api}/project`, (request, principal) => this.createProject(request, principal));
    this.route('GET', `${api}/project/{key}`, (_r, principal, [key]) => ({
      status: 200,
      body: this.projectBean(this.requireVisibleProject(key!, principal), true),
    }));
    this.route('GET', `${api}/project/{key}/components`, (_r, principal, [key]) => ({
      status: 200,
      body: this.projectComponents(this.requireVisibleProject(key!, principal)).map((component) => this.componentBean(component)),
    }));
    this.route('POST', `${api}/component`, (request, principal) => this.createComponent(request, principal));
    this.route('GET', `${api}/priority/search`, () => ({
      status: 200,
      body: {
        startAt: 0,
        maxResults: 50,
        total: PRIORITIES.length,
        isLast: true,
        values: PRIORITIES.map((priority) => this.priorityBean(priority.id)),
      },
    }));
    this.route('GET', `${api}/status`, () => ({
      status: 200,
      body: this.workflows.statuses().map((status) => this.statusBean(status.id)),
    }));
    this.route('POST', `${api}/issue`, (request, principal) => this.createIssue(request, principal));
    this.route('POST', `${api}/issue/bulk`, (request, principal) => this.createIssues(request, principal));
    this.route('GET', `${api}/issue/{key}`, (request, principal, [key]) => this.getIssue(request, principal, key!));
    this.route('PUT', `${api}/issue/{key}`, (request, principal, [key]) => this.editIssue(request, principal, key!));
    this.route('DELETE', `${api}/issue/{key}`, (_r, principal, [key]) => this.deleteIssue(principal, key!));
    this.route('GET', `${api}/issue/{key}/transitions`, (_r, principal, [key]) => this.getTransitions(principal, key!));
    this.route('POST', `${api}/issue/{key}/transitions`, (request, principal, [key]) =>
      this.doTransition(request, principal, key!),
    );
    this.route('POST', `${api}/issue/{key}/changelog/list`, (request, principal, [key]) =>
      this.changelogsByIds(request, principal, key!),
    );
    this.route('GET', `${api}/issue/{key}/changelog`, (request, principal, [key]) =>
      this.changelogPage(request, principal, key!),
    );
    this.route('GET', `${api}/issue/{key}/comment`, (_r, principal, [key]) => this.getComments(principal, key!));
    this.route('POST', `${api}/issue/{key}/comment`, (request, principal, [key]) => this.addComment(request, principal, key!));
    this.route('POST', `${api}/issue/{key}/notify`, (request, principal, [key]) => this.notify(request, principal, key!));
    this.route('GET', `${api}/issue/{key}/properties`, (_r, principal, [key]) => this.listProperties(principal, key!));
    this.route('GET', `${api}/issue/{key}/properties/{property}`, (_r, principal, [key, property]) =>
      this.getProperty(principal, key!, property!),
    );
    this.route('PUT', `${api}/issue/{key}/properties/{property}`, (request, principal, [key, property]) =>
      this.setProperty(request, principal, key!, property!),
    );
    this.route('DELETE', `${api}/issue/{key}/properties/{property}`, (_r, principal, [key, property]) =>
      this.deleteProperty(principal, key!, property!),
    );
    this.route('GET', `${api}/issueLinkType`, () => ({
      status: 200,
      body: { issueLinkTypes: ISSUE_LINK_TYPES.map((type) => this.linkTypeBean(type.id)) },
    }));
    this.route('POST', `${api}/issueLink`, (request, principal) => this.linkIssues(request, principal));
    this.route('DELETE', `${api}/issueLink/{id}`, (_r, principal, [id]) => this.deleteLink(principal, id!));
    this.route('GET', `${api}/search/jql`, (request, principal) =>
      this.search(principal, {
        jql: queryValue(request.query, 'jql'),
        nextPageToken: queryValue(request.query, 'nextPageToken'),
        maxResults: queryValue(request.query, 'maxResults'),
        fields: queryValue(request.query, 'fields')?.split(','),
        properties: queryValue(request.query, 'properties')?.split(','),
      }),
    );
    this.route('POST', `${api}/search/jql`, (request, principal) => {
      const body = isObject(request.body) ? request.body : {};
      return this.search(principal, {
        jql: typeof body.jql === 'string' ? body.jql : undefined,
        nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined,
        maxResults: body.maxResults === undefined ? undefined : String(body.maxResults),
        fields: Array.isArray(body.fields) ? body.fields.map(String) : undefined,
        properties: Array.isArray(body.properties) ? body.properties.map(String) : undefined,
      });
    });
    this.route('POST', `${api}/issue/bulkfetch`, (request, principal) => this.bulkFetch(request, principal));
    this.route('POST', `${api}/search/approximate-count`, (request, principal) => {
      const body = isObject(request.body) ? request.body : {};
      return {
        status: 200,
        body: { count: this.matchingIssues(principal, typeof body.jql === 'string' ? body.jql : '').length },
      };
    });
    this.route('POST', `${api}/permissions/check`, (request, principal) => this.checkPermissions(request, principal));
    this.route('GET', `${api}/mypermissions`, (request, principal) => this.myPermissions(request, principal));
    this.route('PUT', `${api}/app/field/{field}/value`, (request, principal, [field]) =>
      this.setAppFieldValue(request, principal, field!),
    );
    this.route('POST', `${api}/app/field/value`, (request, principal) => this.setAppFieldValues(request, principal));
    this.configuration.register((method, path, handler) => this.route(method, path, handler));
    this.workflows.register((method, path, handler) => this.route(method, path, handler));
    this.filters.register((method, path, handler) => this.route(method, path, handler));
    this.roles.register((method, path, handler) => this.route(method, path, handler));
    this.serviceDesk.register((method, path, handler) => this.route(method, path, handler));
  }

  // ---- users and permissions -----------------------------------------------------------------

  findUser(accountId: string): SandboxUser | undefined {
    return SEED_USERS.find((user) => user.accountId === accountId);
  }

  private requireUser(principal: Principal): SandboxUser {
    if (principal.kind !== 'user') throw new HttpError(401, ['This operation needs a user; apps have no user account.']);
    const user = this.findUser(principal.accountId);
    if (!user) throw new HttpError(401, ['You are not authenticated. Authentication required to perform this operation.']);
    return user;
  }

  /** The app has the permissions its scopes grant on every project, as a Forge app does. */
  hasGlobal(principal: Principal, permission: GlobalPermission): boolean {
    if (principal.kind === 'app') return permission !== 'ADMINISTER';
    if (principal.kind !== 'user') return false;
    const user = this.findUser(principal.accountId);
    return user !== undefined && ROLE_PERMISSIONS[user.role].global.includes(permission);
  }

  private isAdminOrApp(principal: Principal): boolean {
    return principal.kind === 'app' || this.hasGlobal(principal, 'ADMINISTER');
  }

  hasProjectPermission(principal: Principal, project: ProjectRecord, permission: ProjectPermission): boolean {
    if (principal.kind === 'app') return true;
    if (principal.kind !== 'user') return false;
    const user = this.findUser(principal.accountId);
    if (user === undefined) return false;
    // A project's own permission scheme may grant a role less than the site-wide table.
    return (project.rolePermissions?.[user.role] ?? ROLE_PERMISSIONS[user.role].project).includes(permission);
  }

  private requireProjectPermission(
    principal: Principal,
    project: ProjectRecord,
    permission: ProjectPermission,
    action: string,
  ): void {
    if (!this.hasProjectPermission(principal, project, permission)) {
      throw forbidden(`You do not have permission to ${action} in project ${project.key}.`);
    }
  }

  private getUser(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const accountId = queryValue(request.query, 'accountId');
    if (!accountId) throw badRequest({}, ['The accountId query parameter needs to be provided.']);
    const user = this.findUser(accountId);
    if (!user) throw notFound(`Specified user does not exist or you do not have required permissions`);
    return {
      status: 200,
      body: this.userBean(user, this.isAdminOrApp(principal) || (principal.kind === 'user' && principal.accountId === accountId)),
    };
  }

  private searchUsers(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const query = (queryValue(request.query, 'query') ?? '').toLowerCase();
    const accountId = queryValue(request.query, 'accountId');
    const startAt = Number(queryValue(request.query, 'startAt') ?? 0);
    const maxResults = Math.min(Number(queryValue(request.query, 'maxResults') ?? 50), 1000);
    if (!query && !accountId) throw badRequest({}, ['One of the query parameters query or accountId is required.']);
    // Without "Browse users and groups" Jira answers with an empty list, not an error.
    if (!this.hasGlobal(principal, 'USER_PICKER')) return { status: 200, body: [] };
    const matches = SEED_USERS.filter(
      (user) =>
        (accountId === undefined || user.accountId === accountId) &&
        // Jira matches the start of any word of the name, or the start of the e-mail address.
        (query === '' ||
          user.displayName
            .toLowerCase()
            .split(/[\s()]+/)
            .some((word) => word.startsWith(query)) ||
          user.emailAddress.toLowerCase().startsWith(query)),
    );
    return {
      status: 200,
      body: matches.slice(startAt, startAt + maxResults).map((user) => this.userBean(user, this.isAdminOrApp(principal))),
    };
  }

  private checkPermissions(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isObject(request.body) ? request.body : {};
    const accountId =
      typeof body.accountId === 'string' ? body.accountId : principal.kind === 'user' ? principal.accountId : undefined;
    if (accountId && principal.kind === 'user' && accountId !== principal.accountId && !this.hasGlobal(principal, 'ADMINISTER')) {
      throw forbidden('Only Jira administrators can check the permissions of other users.');
    }
    // Apps calling without accountId get their own permissions, anonymous users none.
    const subject: Principal = accountId
      ? this.findUser(accountId)
        ? { kind: 'user', accountId }
        : { kind: 'anonymous' }
      : principal;
    const globalPermissions = (Array.isArray(body.globalPermissions) ? body.globalPermissions.map(String) : []).filter(
      (permission) =>
        (GLOBAL_PERMISSION_NAMES as readonly string[]).includes(permission) &&
        this.hasGlobal(subject, permission as GlobalPermission),
    );
    const requests = Array.isArray(body.projectPermissions) ? body.projectPermissions.filter(isObject) : [];
    const projectPermissions = requests.flatMap((entry) => {
      const permissions = Array.isArray(entry.permissions) ? entry.permissions.map(String) : [];
      const projectIds = Array.isArray(entry.projects) ? entry.projects.map(Number) : [];
      const issueIds = Array.isArray(entry.issues) ? entry.issues.map(Number) : [];
      return permissions.map((permission) => {
        const known = (PROJECT_PERMISSIONS as readonly string[]).includes(permission);
        const allowedOn = (project: ProjectRecord | undefined) =>
          known && project !== undefined && this.hasProjectPermission(subject, project, permission as ProjectPermission);
        return {
          permission,
          projects: projectIds.filter((id) => allowedOn(this.store.get<ProjectRecord>(COLLECTIONS.projects, String(id)))),
          issues: issueIds.filter((id) => {
            const issue = this.store.get<IssueRecord>(COLLECTIONS.issues, String(id));
            return issue !== undefined && allowedOn(this.store.get<ProjectRecord>(COLLECTIONS.projects, issue.projectId));
          }),
        };
      });
    });
    return { status: 200, body: { globalPermissions, projectPermissions } };
  }

  private myPermissions(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const names = queryValue(request.query, 'permissions')
      ?.split(',')
      .map((name) => name.trim())
      .filter(Boolean);
    if (!names || names.length === 0) throw badRequest({}, ['The permissions query parameter is required.']);
    const projectRef = queryValue(request.query, 'projectKey') ?? queryValue(request.query, 'projectId');
    const issueRef = queryValue(request.query, 'issueKey') ?? queryValue(request.query, 'issueId');
    const project = issueRef
      ? this.projectOf(this.requireIssue(issueRef, principal))
      : projectRef
        ? this.requireVisibleProject(projectRef, principal)
        : undefined;
    const permissions = Object.fromEntries(
      names.map((name) => {
        const isGlobal = (GLOBAL_PERMISSION_NAMES as readonly string[]).includes(name);
        const havePermission = isGlobal
          ? this.hasGlobal(principal, name as GlobalPermission)
          : (PROJECT_PERMISSIONS as readonly string[]).includes(name) &&
            (project
              ? this.hasProjectPermission(principal, project, name as ProjectPermission)
              : this.store
                  .list<ProjectRecord>(COLLECTIONS.projects)
                  .some((candidate) => this.hasProjectPermission(principal, candidate, name as ProjectPermission)));
        return [name, { id: name, key: name, name, type: isGlobal ? 'GLOBAL' : 'PROJECT', description: name, havePermission }];
      }),
    );
    return { status: 200, body: { permissions } };
  }

  // ---- projects and issue types -------------------------------------------------------------

  findProject(idOrKey: string): ProjectRecord | undefined {
    const byId = this.store.get<ProjectRecord>(COLLECTIONS.projects, idOrKey);
    return (
      byId ??
      this.store.list<ProjectRecord>(COLLECTIONS.projects).find((project) => project.key.toUpperCase() === idOrKey.toUpperCase())
    );
  }

  private requireVisibleProject(idOrKey: string, principal: Principal): ProjectRecord {
    const project = this.findProject(idOrKey);
    // Jira answers 404 for projects you may not see, so their existence does not leak.
    if (!project || !this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS')) {
      throw notFound(`No project could be found with key '${idOrKey}'.`);
    }
    return project;
  }

  private projectIssueTypes(project: ProjectRecord): IssueTypeRecord[] {
    const scheme = this.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, project.issueTypeSchemeId);
    const all = this.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes);
    if (!scheme || scheme.isDefault) return all;
    return scheme.issueTypeIds
      .map((id) => all.find((type) => type.id === id))
      .filter((type): type is IssueTypeRecord => type !== undefined);
  }

  private searchProjects(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const maxResults = Math.min(Math.max(1, Number(queryValue(request.query, 'maxResults') ?? 50) || 50), 100);
    const text = (queryValue(request.query, 'query') ?? '').toLowerCase();
    const visible = this.store
      .list<ProjectRecord>(COLLECTIONS.projects)
      .filter((project) => this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS'))
      .filter((project) => !text || project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text));
    const values = visible.slice(startAt, startAt + maxResults).map((project) => this.projectBean(project, false));
    return {
      status: 200,
      body: {
        self: `${this.options.baseUrl()}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: visible.length,
        isLast: startAt + values.length >= visible.length,
        values,
      },
    };
  }

  private createProject(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.hasGlobal(principal, 'ADMINISTER'))
      throw forbidden('You must have global administrator rights in order to create projects.');
    const body = isObject(request.body) ? request.body : {};
    const errors: Record<string, string> = {};
    const key = typeof body.key === 'string' ? body.key : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(key))
      errors.projectKey =
        'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
    else if (this.findProject(key)) errors.projectKey = `Project '${this.findProject(key)?.name}' uses this project key.`;
    if (!name) errors.projectName = 'You must specify a valid project name.';
    const projectTypeKey = (['business', 'software', 'service_desk'] as const).find((type) => type === body.projectTypeKey);
    if (!projectTypeKey) errors.projectType = 'The project type key must be software, business or service_desk.';
    const leadAccountId =
      typeof body.leadAccountId === 'string' ? body.leadAccountId : principal.kind === 'user' ? principal.accountId : '';
    if (!this.findUser(leadAccountId)) errors.projectLead = 'The project lead must be an existing user.';
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const counters = this.counters();
    const id = this.nextId(counters, 'project');
    const schemeId = this.nextId(counters, 'scheme');
    const project: ProjectRecord = {
      id,
      key,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      leadAccountId,
      projectTypeKey: projectTypeKey!,
      issueTypeSchemeId: schemeId,
      nextIssueNumber: 1,
    };
    // A new company-managed project gets its own scheme with the standard types, as Jira does.
    const scheme: IssueTypeSchemeRecord = {
      id: schemeId,
      name: `${key}: Issue Type Scheme`,
      isDefault: false,
      issueTypeIds: ['10000', '10001', '10002', '10003', '10004'],
    };
    this.store.commit([
      { collection: COLLECTIONS.projects, id, value: project },
      { collection: COLLECTIONS.issueTypeSchemes, id: schemeId, value: scheme },
      ...this.configuration.provisionProject(project, (name) => this.nextId(counters, name)),
      ...this.workflows.provisionProject(project, (name) => this.nextId(counters, name)),
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
    ]);
    return { status: 201, body: { self: `${this.options.baseUrl()}/rest/api/3/project/${id}`, id: Number(id), key } };
  }

  private requireIssueType(id: string): IssueTypeRecord {
    const type = this.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, id);
    if (!type) throw notFound(`Issue type with ID '${id}' not found.`);
    return type;
  }

  private createIssueType(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to create issue types.');
    const body = isObject(request.body) ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 60) throw badRequest({ name: 'The issue type name must be 1 to 60 characters.' });
    if (this.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes).some((type) => type.name.toLowerCase() === name.toLowerCase())) {
      throw new HttpError(409, ['An issue type with this name already exists.']);
    }
    const hierarchyLevel = body.hierarchyLevel === -1 || body.type === 'subtask' ? -1 : 0;
    const counters = this.counters();
    const type: IssueTypeRecord = {
      id: this.nextId(counters, 'issueType'),
      name,
      description: typeof body.description === 'string' ? body.description : '',
      subtask: hierarchyLevel === -1,
      hierarchyLevel,
    };
    this.store.commit([
      { collection: COLLECTIONS.issueTypes, id: type.id, value: type },
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
    ]);
    return { status: 201, body: this.issueTypeBean(type) };
  }

  private schemeForProject(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to view issue type schemes.');
    const projectIds = ([] as string[]).concat(request.query.projectId ?? []);
    if (projectIds.length === 0) throw badRequest({}, ['projectId is required.']);
    const values = projectIds
      .map((id) => this.store.get<ProjectRecord>(COLLECTIONS.projects, id))
      .filter((project): project is ProjectRecord => project !== undefined)
      .map((project) => {
        const scheme = this.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, project.issueTypeSchemeId)!;
        return {
          issueTypeScheme: { id: scheme.id, name: scheme.name, isDefault: scheme.isDefault, description: '' },
          projectIds: [project.id],
        };
      });
    return { status: 200, body: { startAt: 0, maxResults: 50, total: values.length, isLast: true, values } };
  }

  private schemeMapping(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to view issue type schemes.');
    const schemeIds = ([] as string[]).concat(request.query.issueTypeSchemeId ?? []);
    const schemes = this.store
      .list<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes)
      .filter((scheme) => schemeIds.length === 0 || schemeIds.includes(scheme.id));
    const all = schemes.flatMap((scheme) =>
      (scheme.isDefault ? this.store.ids(COLLECTIONS.issueTypes) : scheme.issueTypeIds).map((issueTypeId) => ({
        issueTypeSchemeId: scheme.id,
        issueTypeId,
      })),
    );
    const startAt = Number(queryValue(request.query, 'startAt') ?? 0) || 0;
    const maxResults = Math.min(Number(queryValue(request.query, 'maxResults') ?? 50) || 50, 50);
    const values = all.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: { startAt, maxResults, total: all.length, isLast: startAt + values.length >= all.length, values },
    };
  }

  private addToScheme(request: EmulatorRequest, principal: Principal, schemeId: string): EmulatorResponse {
    if (!this.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to edit issue type schemes.');
    const scheme = this.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, schemeId);
    if (!scheme) throw notFound(`The issue type scheme ${schemeId} was not found.`);
    if (scheme.isDefault) throw badRequest({}, ["The default issue type scheme can't be modified."]);
    const body = isObject(request.body) ? request.body : {};
    const ids = Array.isArray(body.issueTypeIds) ? body.issueTypeIds.map(String) : [];
    if (ids.length === 0) throw badRequest({ issueTypeIds: 'At least one issue type ID is required.' });
    for (const id of ids) this.requireIssueType(id);
    const duplicate = ids.find((id) => scheme.issueTypeIds.includes(id));
    if (duplicate) throw badRequest({}, [`The issue type ${duplicate} is already in the issue type scheme.`]);
    this.store.commit([
      {
        collection: COLLECTIONS.issueTypeSchemes,
        id: scheme.id,
        value: { ...scheme, issueTypeIds: [...scheme.issueTypeIds, ...ids] },
      },
    ]);
    return { status: 204 };
  }

  // ---- components ----------------------------------------------------------------------------

  /** A project's components in Jira's order: by name. */
  private projectComponents(project: ProjectRecord): ComponentRecord[] {
    return this.store
      .list<ComponentRecord>(COLLECTIONS.components)
      .filter((component) => component.projectId === project.id)
      .sort((a, b) => a.name.localeCompare(b.name) || Number(a.id) - Number(b.id));
  }

  private createComponent(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isObject(request.body) ? request.body : {};
    // Jira's examples name the project by key in `project`; `projectId` works too.
    const projectRef =
      typeof body.project === 'string'
        ? body.project
        : typeof body.projectId === 'number' || typeof body.projectId === 'string'
          ? String(body.projectId)
          : undefined;
    if (projectRef === undefined)
      throw badRequest({ project: 'The project must be specified by its key in project or its ID in projectId.' });
    const project = this.requireVisibleProject(projectRef, principal);
    if (!this.hasGlobal(principal, 'ADMINISTER') && !this.hasProjectPermission(principal, project, 'ADMINISTER_PROJECTS')) {
      throw forbidden('You cannot edit the configuration of this project.');
    }
    const errors: Record<string, string> = {};
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) errors.name = 'The component name specified is invalid - cannot be empty.';
    else if (name.length > MAX_COMPONENT_NAME)
      errors.name = `The component name must not exceed ${MAX_COMPONENT_NAME} characters.`;
    else if (this.projectComponents(project).some((component) => component.name.toLowerCase() === name.toLowerCase())) {
      errors.name = `A component with the name ${name} already exists in this project.`;
    }
    const leadAccountId = typeof body.leadAccountId === 'string' ? body.leadAccountId : null;
    if (leadAccountId !== null && !this.findUser(leadAccountId))
      errors.leadAccountId = `The user with account ID '${leadAccountId}' does not exist.`;
    const assigneeType = body.assigneeType === undefined ? 'PROJECT_DEFAULT' : body.assigneeType;
    if (!(COMPONENT_ASSIGNEE_TYPES as readonly unknown[]).includes(assigneeType)) {
      errors.assigneeType = `The assignee type must be one of ${COMPONENT_ASSIGNEE_TYPES.join(', ')}.`;
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const counters = this.counters();
    const component: ComponentRecord = {
      id: this.nextId(counters, 'component'),
      projectId: project.id,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      leadAccountId,
      assigneeType: assigneeType as ComponentAssigneeType,
    };
    this.store.commit([
      { collection: COLLECTIONS.components, id: component.id, value: component },
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
    ]);
    return { status: 201, body: this.componentBean(component) };
  }

  /**
   * Resolves `[{id}]` / `[{name}]` references against the project's components; names match
   * case-insensitively. Returns the ids to store or the message Jira gives for the first bad one.
   */
  private componentIds(value: unknown, project: ProjectRecord): { ids: string[] } | { problem: string } {
    if (value === null) return { ids: [] };
    if (!Array.isArray(value)) return { problem: 'Components must be a list of objects with an id or a name.' };
    const available = this.projectComponents(project);
    const ids: string[] = [];
    for (const ref of value) {
      const id = isObject(ref) && (typeof ref.id === 'string' || typeof ref.id === 'number') ? String(ref.id) : undefined;
      const name = isObject(ref) && typeof ref.name === 'string' ? ref.name : undefined;
      if (id === undefined && name === undefined)
        return { problem: 'Components must be a list of objects with an id or a name.' };
      const found = available.find((component) =>
        id !== undefined ? component.id === id : component.name.toLowerCase() === name!.toLowerCase(),
      );
      if (!found)
        return { problem: id !== undefined ? `Component id '${id}' is not valid` : `Component name '${name}' is not valid` };
      if (!ids.includes(found.id)) ids.push(found.id);
    }
    return { ids };
  }

  /** Components stored on an issue, skipping any deleted since. */
  private issueComponents(issue: IssueRecord): ComponentRecord[] {
    const ids = Array.isArray(issue.fields.components) ? (issue.fields.components as string[]) : [];
    return ids
      .map((id) => this.store.get<ComponentRecord>(COLLECTIONS.components, id))
      .filter((component): component is ComponentRecord => component !== undefined);
  }

  /**
   * Jira rejects `component = X` when no component the caller can see is called X or has id X, so a
   * mistyped name fails loudly instead of matching nothing.
   */
  private unknownComponentValues(expr: JqlExpr | null, principal: Principal): string[] {
    if (expr === null) return [];
    switch (expr.type) {
      case 'and':
      case 'or':
        return [...this.unknownComponentValues(expr.left, principal), ...this.unknownComponentValues(expr.right, principal)];
      case 'not':
        return this.unknownComponentValues(expr.expr, principal);
      case 'empty':
        return [];
      default: {
        if (expr.field.id !== 'components') return [];
        const known = this.store
          .list<ComponentRecord>(COLLECTIONS.components)
          .filter((component) => {
            const project = this.store.get<ProjectRecord>(COLLECTIONS.projects, component.projectId);
            return project !== undefined && this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS');
          })
          .flatMap((component) => [component.id, component.name.toLowerCase()]);
        const values = expr.type === 'in' ? expr.values : [expr.value];
        return values
          .filter((value) => !known.includes(String(value).toLowerCase()))
          .map((value) => `The value '${String(value)}' does not exist for the field '${expr.fieldName}'.`);
      }
    }
  }

  // ---- issues --------------------------------------------------------------------------------

  private findIssue(idOrKey: string): IssueRecord | undefined {
    const byId = this.store.get<IssueRecord>(COLLECTIONS.issues, idOrKey);
    if (byId) return byId;
    const upper = idOrKey.toUpperCase();
    return this.store.list<IssueRecord>(COLLECTIONS.issues).find((issue) => issue.key === upper);
  }

  private projectOf(issue: IssueRecord): ProjectRecord {
    return this.store.get<ProjectRecord>(COLLECTIONS.projects, issue.projectId)!;
  }

  private requireIssue(idOrKey: string, principal: Principal): IssueRecord {
    const issue = this.findIssue(idOrKey);
    if (!issue || !this.hasProjectPermission(principal, this.projectOf(issue), 'BROWSE_PROJECTS')) {
      throw notFound('Issue does not exist or you do not have permission to see it.');
    }
    return issue;
  }

  private fieldById(id: string): FieldRecord | undefined {
    return this.store.get<FieldRecord>(COLLECTIONS.fields, id);
  }

  /**
   * Validates `fields` of a create or edit body the way Jira does and returns raw values to store.
   * Every problem is reported per field; nothing is written when any is found.
   */
  private validateFieldValues(
    fields: Record<string, unknown>,
    project: ProjectRecord,
    creating: boolean,
    principal: Principal,
  ): Record<string, unknown> {
    const errors: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    for (const [id, value] of Object.entries(fields)) {
      if (creating && id === 'project') continue;
      const field = this.fieldById(id);
      if (!field || NON_EDITABLE_FIELDS.has(id) || field.readOnly) {
        errors[id] = `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.`;
        continue;
      }
      const problem =
        this.convertFieldValue(field, value, project, values) ?? this.validationProblem(field, values[id], principal);
      if (problem) errors[id] = problem;
    }
    if (creating) {
      if (!('summary' in fields)) errors.summary = 'You must specify a summary of the issue.';
      if (!('issuetype' in fields)) errors.issuetype = 'Specify an issue type';
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    return values;
  }

  /**
   * The app field's `edit.validation` on a value being set: Jira evaluates it whenever an issue is
   * created or edited (REST included) with `value` and `fieldId` in scope, and shows the manifest's
   * message, in the caller's language, when it is false. The app's own writes through
   * /app/field/value are not validated (applyAppFieldUpdates never calls this).
   */
  private validationProblem(field: FieldRecord, value: unknown, principal: Principal): string | undefined {
    if (!field.validation) return undefined;
    const user = principal.kind === 'user' ? this.findUser(principal.accountId) : undefined;
    const locale = (user?.locale ?? 'en_US').replace('_', '-');
    const message = field.validation.errorMessage[locale] ?? field.validation.errorMessage['en-US'] ?? 'The value is not valid.';
    const outcome = evaluateValidation(
      this.parsedExpression(field.validation.expression),
      { value: value ?? null, fieldId: field.id },
      message,
    );
    return outcome.valid ? undefined : outcome.message;
  }

  /** Converts one field value; returns an error message or writes into `out`. */
  private convertFieldValue(
    field: FieldRecord,
    value: unknown,
    project: ProjectRecord,
    out: Record<string, unknown>,
  ): string | undefined {
    const refOf = (input: unknown, keys: string[]): string | undefined => {
      if (!isObject(input)) return undefined;
      for (const key of keys) if (typeof input[key] === 'string' || typeof input[key] === 'number') return String(input[key]);
      return undefined;
    };
    switch (field.id) {
      case 'summary':
        if (typeof value !== 'string' || value.trim() === '') return 'You must specify a summary of the issue.';
        if (value.length > MAX_SUMMARY) return 'Summary must be less than 255 characters.';
        out.summary = value;
        return undefined;
      case 'description':
        if (value !== null && !isAdf(value))
          return 'Operation value must be an Atlassian Document (see the Atlassian Document Format).';
        out.description = value;
        return undefined;
      case 'issuetype': {
        const ref = refOf(value, ['id', 'name']);
        const type = this.projectIssueTypes(project).find((candidate) => candidate.id === ref || candidate.name === ref);
        if (!type || type.subtask) return 'Specify a valid issue type';
        out.issuetype = type.id;
        return undefined;
      }
      case 'assignee':
      case 'reporter': {
        if (value === null) {
          if (field.id === 'reporter') return 'Reporter is required.';
          out[field.id] = null;
          return undefined;
        }
        const accountId = refOf(value, ['accountId']);
        if (!accountId || !this.findUser(accountId)) return `User '${accountId ?? ''}' does not exist.`;
        out[field.id] = accountId;
        return undefined;
      }
      case 'priority': {
        const ref = refOf(value, ['id', 'name']);
        const priority = PRIORITIES.find((candidate) => candidate.id === ref || candidate.name === ref);
        if (!priority) return `The priority selected is invalid.`;
        out.priority = priority.id;
        return undefined;
      }
      case 'components': {
        const resolved = this.componentIds(value, project);
        if ('problem' in resolved) return resolved.problem;
        out.components = resolved.ids;
        return undefined;
      }
      case 'labels': {
        if (!Array.isArray(value) || value.some((label) => typeof label !== 'string'))
          return 'Field labels must be an array of strings.';
        const spaced = (value as string[]).find((label) => /\s/.test(label) || label === '');
        if (spaced !== undefined) return `The label '${spaced}' can't contain spaces.`;
        out.labels = [...new Set(value as string[])];
        return undefined;
      }
      case 'duedate':
        if (
          value !== null &&
          (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        ) {
          return `Error parsing date string: ${String(value)}`;
        }
        out.duedate = value;
        return undefined;
      default:
        return this.convertCustomValue(field, value, out);
    }
  }

  private convertCustomValue(field: FieldRecord, value: unknown, out: Record<string, unknown>): string | undefined {
    if (value === null) {
      out[field.id] = null;
      return undefined;
    }
    if (field.schema.type === 'array') {
      // Only lists of strings are declared by the app; an empty list clears the field, as in Jira.
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string'))
        return 'Operation value must be a list of strings.';
      if (value.length > MAX_APP_LIST_ITEMS)
        return `The field can hold at most ${MAX_APP_LIST_ITEMS} values (got ${value.length}).`;
      const tooLong = (value as string[]).find((item) => item.length > MAX_APP_STRING);
      if (tooLong !== undefined)
        return `The entered text is too long. It exceeds the allowed limit of ${MAX_APP_STRING} characters.`;
      out[field.id] = value.length === 0 ? null : value;
      return undefined;
    }
    if (field.schema.type === 'number') {
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'Operation value must be a number.';
    } else if (field.schema.type === 'date') {
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(value)))
        return `Error parsing date string: ${String(value)}`;
    } else if (field.schema.type === 'string') {
      if (typeof value !== 'string') return 'Operation value must be a string.';
      if (value.length > MAX_APP_STRING)
        return `The entered text is too long. It exceeds the allowed limit of ${MAX_APP_STRING} characters.`;
    }
    out[field.id] = value;
    return undefined;
  }

  private createIssue(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const counters = this.counters();
    const made = this.newIssue(request.body, principal, counters, new Map());
    this.store.commit([
      { collection: COLLECTIONS.issues, id: made.issue.id, value: made.issue },
      {
        collection: COLLECTIONS.projects,
        id: made.project.id,
        value: { ...made.project, nextIssueNumber: made.nextIssueNumber },
      },
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
      made.event.write,
    ]);
    this.deliver(made.event.event);
    return { status: 201, body: this.createdBean(made.issue) };
  }

  private createdBean(issue: IssueRecord): { id: string; key: string; self: string } {
    return { id: issue.id, key: issue.key, self: `${this.options.baseUrl()}/rest/api/3/issue/${issue.id}` };
  }

  /**
   * One issue as POST /issue makes it, not yet stored: ids come from `counters` and issue numbers
   * from `nextNumbers` (per project id), so a bulk create can store all of them in one commit.
   */
  private newIssue(
    rawBody: unknown,
    principal: Principal,
    counters: Record<string, number>,
    nextNumbers: Map<string, number>,
  ): { issue: IssueRecord; project: ProjectRecord; nextIssueNumber: number; event: { event: IssueEvent; write: StoreWrite } } {
    const body = isObject(rawBody) ? rawBody : {};
    const fields = isObject(body.fields) ? body.fields : undefined;
    if (!fields) throw badRequest({}, ['The request body must contain fields.']);
    const projectRef = isObject(fields.project) ? (fields.project.id ?? fields.project.key) : undefined;
    const project = projectRef === undefined ? undefined : this.findProject(String(projectRef));
    if (!project || !this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS'))
      throw badRequest({ project: 'Specify a valid project ID or key' });
    this.requireProjectPermission(principal, project, 'CREATE_ISSUES', 'create issues');
    const values = this.validateFieldValues(fields, project, true, principal);
    const properties = this.createdProperties(body.properties);
    const now = jiraTimestamp(this.options.now());
    const number = nextNumbers.get(project.id) ?? project.nextIssueNumber;
    const id = this.nextId(counters, 'issue');
    const key = `${project.key}-${number}`;
    nextNumbers.set(project.id, number + 1);
    // A new issue starts in the initial status of the workflow its type follows in the project.
    const initialStatus = this.workflows.workflowFor(project.id, String(values.issuetype)).initialStatusId;
    const issue: IssueRecord = {
      id,
      key,
      projectId: project.id,
      fields: {
        status: initialStatus,
        priority: '3',
        labels: [],
        assignee: null,
        reporter: principal.kind === 'user' ? principal.accountId : project.leadAccountId,
        description: null,
        duedate: null,
        ...values,
        created: now,
        updated: now,
        resolution: null,
      },
      properties,
      comments: [],
      changelog: [],
    };
    return {
      issue,
      project,
      nextIssueNumber: number + 1,
      event: this.eventFor('avi:jira:created:issue', issue, principal, counters),
    };
  }

  /** Issue properties set on create (`properties: [{key, value}]` in IssueUpdateDetails). */
  private createdProperties(raw: unknown): Record<string, unknown> {
    if (raw === undefined) return {};
    if (
      !Array.isArray(raw) ||
      raw.some((entry) => !isObject(entry) || typeof entry.key !== 'string' || entry.key === '' || entry.key.length > 255)
    ) {
      throw badRequest({}, ['Issue properties must be a list of {key, value} with keys of 1 to 255 characters.']);
    }
    return Object.fromEntries((raw as { key: string; value: unknown }[]).map((entry) => [entry.key, entry.value ?? null]));
  }

  /**
   * POST /rest/api/3/issue/bulk: up to 50 issues, each created as POST /issue would; one that fails
   * is listed in `errors` by its position and the others are still created (201), and when every
   * one fails the answer is 400 (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-bulk-post).
   */
  private createIssues(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.issueUpdates) ? body.issueUpdates : undefined;
    if (!updates || updates.length === 0) throw badRequest({}, ['issueUpdates must list at least one issue.']);
    if (updates.length > 50) throw badRequest({}, ['You can create at most 50 issues in one request.']);
    const counters = this.counters();
    const nextNumbers = new Map<string, number>();
    const made: ReturnType<JiraEmulator['newIssue']>[] = [];
    const errors: {
      status: number;
      elementErrors: { errorMessages: string[]; errors: Record<string, string> };
      failedElementNumber: number;
    }[] = [];
    updates.forEach((update, index) => {
      try {
        made.push(this.newIssue(update, principal, counters, nextNumbers));
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        errors.push({
          status: error.status,
          elementErrors: { errorMessages: error.errorMessages, errors: error.errors },
          failedElementNumber: index,
        });
      }
    });
    if (made.length > 0) {
      const projects = new Map(made.map((entry) => [entry.project.id, entry]));
      this.store.commit([
        ...made.map((entry) => ({ collection: COLLECTIONS.issues, id: entry.issue.id, value: entry.issue })),
        ...[...projects.values()].map((entry) => ({
          collection: COLLECTIONS.projects,
          id: entry.project.id,
          value: { ...entry.project, nextIssueNumber: nextNumbers.get(entry.project.id)! },
        })),
        { collection: COLLECTIONS.meta, id: 'counters', value: counters },
        ...made.map((entry) => entry.event.write),
      ]);
      for (const entry of made) this.deliver(entry.event.event);
    }
    return {
      status: made.length === 0 ? 400 : 201,
      body: { issues: made.map((entry) => this.createdBean(entry.issue)), errors },
    };
  }

  private getIssue(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const fields = queryValue(request.query, 'fields')
      ?.split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const properties = queryValue(request.query, 'properties')?.split(',').filter(Boolean);
    return { status: 200, body: this.issueBean(issue, fields, properties) };
  }

  /** Applies `update` operations (set/add/remove) on top of `fields`. */
  private applyUpdateOperations(
    issue: IssueRecord,
    update: Record<string, unknown>,
    fields: Record<string, unknown>,
  ): Record<string, unknown> {
    const merged = { ...fields };
    const errors: Record<string, string> = {};
    for (const [id, operations] of Object.entries(update)) {
      if (!Array.isArray(operations)) {
        errors[id] = 'Operations must be a list.';
        continue;
      }
      for (const operation of operations) {
        if (!isObject(operation)) continue;
        if ('set' in operation) merged[id] = operation.set;
        else if (id === 'components' && ('add' in operation || 'remove' in operation)) {
          merged.components = this.updatedComponentRefs(issue, merged.components, operation);
        } else if (id === 'labels' && ('add' in operation || 'remove' in operation)) {
          const current = (merged.labels as string[] | undefined) ?? (issue.fields.labels as string[] | undefined) ?? [];
          merged.labels =
            'add' in operation ? [...current, String(operation.add)] : current.filter((label) => label !== operation.remove);
        } else errors[id] = `Operation not supported for field '${id}' in this sandbox.`;
      }
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    return merged;
  }

  /** Applies one `add` or `remove` to the component refs so far (the issue's own when none were given). */
  private updatedComponentRefs(issue: IssueRecord, refsSoFar: unknown, operation: Record<string, unknown>): unknown[] {
    const current: unknown[] = Array.isArray(refsSoFar)
      ? refsSoFar
      : this.issueComponents(issue).map((component) => ({ id: component.id }));
    if ('add' in operation) return [...current, operation.add];
    const target = isObject(operation.remove) ? operation.remove : {};
    const matches = (ref: unknown): boolean => {
      if (!isObject(ref)) return false;
      const component =
        ref.id !== undefined ? this.store.get<ComponentRecord>(COLLECTIONS.components, String(ref.id)) : undefined;
      const name = typeof ref.name === 'string' ? ref.name : component?.name;
      return (
        (target.id !== undefined && String(target.id) === String(ref.id ?? component?.id)) ||
        (typeof target.name === 'string' && target.name.toLowerCase() === name?.toLowerCase())
      );
    };
    return current.filter((ref) => !matches(ref));
  }

  private editIssue(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const project = this.projectOf(issue);
    this.requireProjectPermission(principal, project, 'EDIT_ISSUES', 'edit issues');
    const body = isObject(request.body) ? request.body : {};
    const fields = isObject(body.fields) ? body.fields : {};
    const requested = isObject(body.update) ? this.applyUpdateOperations(issue, body.update, fields) : fields;
    const values = this.validateFieldValues(requested, project, false, principal);
    this.applyChanges(issue, values, principal);
    return { status: 204 };
  }

  /** Writes changed values with a changelog entry and an update event; unchanged values write nothing. */
  private applyChanges(issue: IssueRecord, values: Record<string, unknown>, actor: Principal, generateChangelog = true): boolean {
    const counters = this.counters();
    const change = this.changeOf(issue, values, actor, generateChangelog, counters);
    if (!change) return false;
    this.store.commit([...change.writes, { collection: COLLECTIONS.meta, id: 'counters', value: counters }]);
    this.deliver(change.event);
    return true;
  }

  /** The writes and the update event of one issue's changed values (none when nothing changes); bumps `counters`, which the caller writes. */
  private changeOf(
    issue: IssueRecord,
    values: Record<string, unknown>,
    actor: Principal,
    generateChangelog: boolean,
    counters: Record<string, number>,
  ): { writes: StoreWrite[]; event: IssueEvent } | null {
    const items: ChangelogItem[] = [];
    for (const [id, value] of Object.entries(values)) {
      const before = issue.fields[id] ?? null;
      if (JSON.stringify(before) === JSON.stringify(value ?? null)) continue;
      const field = this.fieldById(id)!;
      items.push({
        field: field.custom ? field.name : id,
        fieldId: id,
        fieldtype: field.custom ? 'custom' : 'jira',
        from: before === null ? null : typeof before === 'string' ? before : JSON.stringify(before),
        fromString: this.displayString(id, before),
        to: value === null ? null : typeof value === 'string' ? value : JSON.stringify(value),
        toString: this.displayString(id, value ?? null),
      });
    }
    if (items.length === 0) return null;
    const entry = {
      id: this.nextId(counters, 'changelog'),
      authorAccountId: actor.kind === 'user' ? actor.accountId : null,
      created: jiraTimestamp(this.options.now()),
      items,
    };
    const updated: IssueRecord = {
      ...issue,
      fields: { ...issue.fields, ...values, updated: entry.created },
      changelog: generateChangelog ? [...issue.changelog, entry] : issue.changelog,
    };
    const event = this.eventFor('avi:jira:updated:issue', updated, actor, counters, { id: entry.id, items });
    return { writes: [{ collection: COLLECTIONS.issues, id: issue.id, value: updated }, event.write], event: event.event };
  }

  private displayString(fieldId: string, value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (fieldId === 'issuetype')
      return this.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, String(value))?.name ?? String(value);
    if (fieldId === 'status') return this.workflows.status(String(value))?.name ?? String(value);
    if (fieldId === 'assignee' || fieldId === 'reporter') return this.findUser(String(value))?.displayName ?? String(value);
    if (fieldId === 'description') return adfText(value);
    if (fieldId === 'components' && Array.isArray(value)) {
      return value
        .map((id) => this.store.get<ComponentRecord>(COLLECTIONS.components, String(id))?.name ?? String(id))
        .join(', ');
    }
    if (Array.isArray(value)) return value.join(' ');
    return String(value);
  }

  private deleteIssue(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    this.requireProjectPermission(principal, this.projectOf(issue), 'DELETE_ISSUES', 'delete issues');
    const links = this.store
      .list<IssueLinkRecord>(COLLECTIONS.links)
      .filter((link) => link.inwardIssueId === issue.id || link.outwardIssueId === issue.id);
    const counters = this.counters();
    const event = this.eventFor('avi:jira:deleted:issue', issue, principal, counters);
    this.store.commit([
      { collection: COLLECTIONS.issues, id: issue.id, delete: true },
      ...links.map((link) => ({ collection: COLLECTIONS.links, id: link.id, delete: true as const })),
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
      event.write,
    ]);
    this.deliver(event.event);
    return { status: 204 };
  }

  private getTransitions(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const canTransition = this.hasProjectPermission(principal, this.projectOf(issue), 'TRANSITION_ISSUES');
    const transitions = canTransition
      ? this.workflows.availableTransitions(issue).map((transition) => ({
          id: transition.id,
          name: transition.name,
          to: this.statusBean(transition.to),
          hasScreen: false,
          isGlobal: transition.from.length === 0,
          isInitial: false,
          isAvailable: true,
          isConditional: false,
          isLooped: false,
        }))
      : [];
    return { status: 200, body: { transitions } };
  }

  /** Everything Jira checks before a transition's validators run; throws Jira's refusal. */
  private prepareTransition(request: EmulatorRequest, principal: Principal, idOrKey: string) {
    const issue = this.requireIssue(idOrKey, principal);
    const project = this.projectOf(issue);
    // Jira answers 400, not 403, when the transition is not available to the caller.
    if (!this.hasProjectPermission(principal, project, 'TRANSITION_ISSUES'))
      throw badRequest({}, ['You do not have permission to transition this issue.']);
    const body = isObject(request.body) ? request.body : {};
    const transitionId = isObject(body.transition) ? String(body.transition.id ?? '') : '';
    const transition = this.workflows.availableTransitions(issue).find((candidate) => candidate.id === transitionId);
    if (!transition) throw badRequest({}, [`Transition id '${transitionId}' is not valid for this issue.`]);
    const { resolution: requestedResolution, ...otherFields } = isObject(body.fields) ? body.fields : {};
    const extra = this.validateFieldValues(otherFields, project, false, principal);
    const done = this.workflows.status(transition.to)?.category.key === 'done';
    // Jira sets a resolution only when entering a done status; the transition may name which one.
    const resolutionName = isObject(requestedResolution)
      ? String(requestedResolution.name ?? requestedResolution.id ?? '')
      : undefined;
    if (
      resolutionName !== undefined &&
      (!done || !RESOLUTIONS.some((resolution) => resolution.name === resolutionName || resolution.id === resolutionName))
    ) {
      throw badRequest({ resolution: `Resolution '${resolutionName}' cannot be set on this transition.` });
    }
    const resolution = done
      ? (RESOLUTIONS.find((candidate) => candidate.id === resolutionName)?.name ?? resolutionName ?? 'Done')
      : null;
    return { issue, transition, changes: { ...extra, status: transition.to, resolution } };
  }

  /**
   * The validators a transition request must pass, once it is otherwise valid; undefined for any
   * other request, or one Jira refuses first (then handle() gives that refusal).
   */
  pendingTransition(request: EmulatorRequest, principal: Principal): PendingTransition | undefined {
    const match = /^\/rest\/api\/3\/issue\/([^/]+)\/transitions$/.exec(request.path);
    if (request.method !== 'POST' || !match || principal.kind === 'anonymous') return undefined;
    try {
      const { issue, transition } = this.prepareTransition(request, principal, decodeURIComponent(match[1]!));
      return {
        issue: { id: issue.id, key: issue.key },
        transition: { id: transition.id, name: transition.name, from: String(issue.fields.status), to: transition.to },
        validators: transition.validators ?? [],
      };
    } catch (error) {
      if (error instanceof HttpError) return undefined;
      throw error;
    }
  }

  private doTransition(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const { issue, changes } = this.prepareTransition(request, principal, idOrKey);
    this.applyChanges(issue, changes, principal);
    return { status: 204 };
  }

  /** The issue's changelog entries with the given ids, oldest first; unknown ids are skipped, as Jira does. */
  private changelogsByIds(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const body = isObject(request.body) ? request.body : {};
    if (!Array.isArray(body.changelogIds) || !body.changelogIds.every((id) => Number.isInteger(id)))
      throw badRequest({ changelogIds: 'changelogIds must be a list of changelog ids.' });
    const wanted = new Set(body.changelogIds.map(String));
    const histories = issue.changelog.filter((entry) => wanted.has(entry.id)).map((entry) => this.changelogBean(entry));
    return { status: 200, body: { histories, maxResults: histories.length, startAt: 0, total: histories.length } };
  }

  private changelogBean(entry: IssueRecord['changelog'][number]) {
    const author = entry.authorAccountId ? this.findUser(entry.authorAccountId) : undefined;
    return {
      id: entry.id,
      ...(author ? { author: this.userBean(author, false, false) } : {}),
      created: entry.created,
      // Jira leaves out what a change did not have (a value set from empty has no `from`).
      items: entry.items.map((item) => Object.fromEntries(Object.entries(item).filter(([, value]) => value !== null))),
    };
  }

  /**
   * GET /issue/{key}/changelog: the issue's changelog oldest first, in pages of `maxResults` (default
   * and most 100) from `startAt` (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get).
   */
  private changelogPage(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const startAt = Math.max(0, Number.parseInt(queryValue(request.query, 'startAt') ?? '0', 10) || 0);
    const maxResults = Math.min(100, Math.max(1, Number.parseInt(queryValue(request.query, 'maxResults') ?? '100', 10) || 100));
    const values = issue.changelog.slice(startAt, startAt + maxResults).map((entry) => this.changelogBean(entry));
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        total: issue.changelog.length,
        isLast: startAt + values.length >= issue.changelog.length,
        values,
      },
    };
  }

  private getComments(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const comments = issue.comments.map((comment) => this.commentBean(issue, comment));
    return { status: 200, body: { startAt: 0, maxResults: 5000, total: comments.length, comments } };
  }

  private addComment(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    this.requireProjectPermission(principal, this.projectOf(issue), 'ADD_COMMENTS', 'add comments');
    const body = isObject(request.body) ? request.body : {};
    if (!isAdf(body.body))
      throw badRequest({ comment: 'Comment body must be an Atlassian Document (see the Atlassian Document Format).' });
    const counters = this.counters();
    const now = jiraTimestamp(this.options.now());
    const comment = {
      id: this.nextId(counters, 'comment'),
      authorAccountId: principal.kind === 'user' ? principal.accountId : 'app',
      body: body.body,
      created: now,
      updated: now,
    };
    const updated = { ...issue, comments: [...issue.comments, comment], fields: { ...issue.fields, updated: now } };
    // Jira sends avi:jira:commented:issue for every comment created, the app's own included (self-generated).
    const event = this.eventFor(
      'avi:jira:commented:issue',
      updated,
      principal,
      counters,
      undefined,
      this.commentBean(issue, comment) as Record<string, unknown>,
    );
    this.store.commit([
      { collection: COLLECTIONS.issues, id: issue.id, value: updated },
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
      event.write,
    ]);
    this.deliver(event.event);
    return { status: 201, body: this.commentBean(issue, comment) };
  }

  /**
   * POST /issue/{key}/notify: queues an email about the issue (204). Recipients are `to.users`
   * (account ids); 400 when one is not a user or is the caller, or nobody is named; 404 when the
   * issue is not visible (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post).
   * The queued emails are kept (`notifications()`) for tests and the sandbox's mail view.
   */
  private notify(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const body = isObject(request.body) ? request.body : {};
    const to = isObject(body.to) ? body.to : {};
    const users = Array.isArray(to.users) ? to.users : [];
    const recipients = users.map((entry) => (isObject(entry) && typeof entry.accountId === 'string' ? entry.accountId : ''));
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (body.subject !== undefined && text(body.subject) === undefined)
      throw badRequest({ subject: 'The subject must be a string.' });
    if (recipients.length === 0) throw badRequest({}, ['No recipients were defined for notification.']);
    const invalid = recipients.find((accountId) => !this.findUser(accountId));
    if (invalid !== undefined) throw badRequest({}, [`The user '${invalid}' is not a valid recipient.`]);
    if (principal.kind === 'user' && recipients.includes(principal.accountId))
      throw badRequest({}, ['You cannot send a notification to yourself.']);
    const counters = this.counters();
    const record: NotificationRecord = {
      id: this.nextId(counters, 'notification'),
      issueId: issue.id,
      issueKey: issue.key,
      // "If this is not specified, then the subject is set to the issue key and summary."
      subject: text(body.subject) ?? `${issue.key} ${String(issue.fields.summary ?? '')}`,
      textBody: text(body.textBody) ?? '',
      htmlBody: text(body.htmlBody) ?? '',
      recipients: [...new Set(recipients)],
      sentBy: principal.kind === 'user' ? principal.accountId : 'app',
      at: jiraTimestamp(this.options.now()),
    };
    this.store.commit([
      { collection: COLLECTIONS.notifications, id: record.id, value: record },
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
    ]);
    return { status: 204 };
  }

  /** The emails queued through /notify, oldest first. */
  notifications(): NotificationRecord[] {
    return this.store
      .list<NotificationRecord>(COLLECTIONS.notifications)
      .sort((left, right) => Number(left.id) - Number(right.id));
  }

  // ---- issue properties ---------------------------------------------------------------------

  private listProperties(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    const keys = Object.keys(issue.properties).map((key) => ({
      key,
      self: `${this.options.baseUrl()}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
    }));
    return { status: 200, body: { keys } };
  }

  private getProperty(principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    if (!(property in issue.properties)) throw notFound(`The property with key '${property}' does not exist.`);
    return { status: 200, body: { key: property, value: issue.properties[property] } };
  }

  private setProperty(request: EmulatorRequest, principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    this.requireProjectPermission(principal, this.projectOf(issue), 'EDIT_ISSUES', 'edit issues');
    if (property.length > 255) throw badRequest({}, ['The property key can not be longer than 255 characters.']);
    if (request.body === undefined) throw badRequest({}, ['The property value must be valid JSON.']);
    if (Buffer.byteLength(JSON.stringify(request.body)) > MAX_PROPERTY_BYTES) {
      throw badRequest({}, [`The property value is too large. It must not exceed ${MAX_PROPERTY_BYTES} bytes.`]);
    }
    const existed = property in issue.properties;
    this.store.commit([
      {
        collection: COLLECTIONS.issues,
        id: issue.id,
        value: { ...issue, properties: { ...issue.properties, [property]: request.body } },
      },
    ]);
    return { status: existed ? 200 : 201 };
  }

  private deleteProperty(principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.requireIssue(idOrKey, principal);
    this.requireProjectPermission(principal, this.projectOf(issue), 'EDIT_ISSUES', 'edit issues');
    if (!(property in issue.properties)) throw notFound(`The property with key '${property}' does not exist.`);
    const { [property]: _removed, ...rest } = issue.properties;
    this.store.commit([{ collection: COLLECTIONS.issues, id: issue.id, value: { ...issue, properties: rest } }]);
    return { status: 204 };
  }

  // ---- issue links --------------------------------------------------------------------------

  private linkIssues(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isObject(request.body) ? request.body : {};
    const typeRef = isObject(body.type) ? String(body.type.id ?? body.type.name ?? '') : '';
    const type = ISSUE_LINK_TYPES.find((candidate) => candidate.id === typeRef || candidate.name === typeRef);
    if (!type) throw notFound(`No issue link type with name '${typeRef}' found.`);
    const refOf = (value: unknown) => (isObject(value) ? String(value.id ?? value.key ?? '') : '');
    const inward = this.requireIssue(refOf(body.inwardIssue), principal);
    const outward = this.requireIssue(refOf(body.outwardIssue), principal);
    this.requireProjectPermission(principal, this.projectOf(inward), 'LINK_ISSUES', 'link issues');
    const exists = this.store
      .list<IssueLinkRecord>(COLLECTIONS.links)
      .some((link) => link.typeId === type.id && link.inwardIssueId === inward.id && link.outwardIssueId === outward.id);
    if (!exists) {
      const counters = this.counters();
      const link: IssueLinkRecord = {
        id: this.nextId(counters, 'link'),
        typeId: type.id,
        inwardIssueId: inward.id,
        outwardIssueId: outward.id,
      };
      this.store.commit([
        { collection: COLLECTIONS.links, id: link.id, value: link },
        { collection: COLLECTIONS.meta, id: 'counters', value: counters },
      ]);
    }
    return { status: 201 };
  }

  private deleteLink(principal: Principal, id: string): EmulatorResponse {
    const link = this.store.get<IssueLinkRecord>(COLLECTIONS.links, id);
    if (!link) throw notFound(`No issue link with id '${id}' exists.`);
    const inward = this.requireIssue(link.inwardIssueId, principal);
    this.requireProjectPermission(principal, this.projectOf(inward), 'LINK_ISSUES', 'link issues');
    this.store.commit([{ collection: COLLECTIONS.links, id, delete: true }]);
    return { status: 204 };
  }

  // ---- app field values ---------------------------------------------------------------------

  private requireAppField(fieldIdOrKey: string, principal: Principal): FieldRecord {
    if (principal.kind !== 'app') throw forbidden('Only the app that provides a field can set its value through this resource.');
    const field = this.store
      .list<FieldRecord>(COLLECTIONS.fields)
      .find(
        (candidate) => candidate.id === fieldIdOrKey && candidate.schema.custom?.startsWith('ari:cloud:ecosystem::extension/'),
      );
    if (!field) throw notFound(`The field ${fieldIdOrKey} does not exist or is not provided by the app.`);
    // Each environment of an app provides its own fields; another environment is not their app.
    const provider =
      principal.environmentId === undefined
        ? undefined
        : `ari:cloud:ecosystem::extension/${principal.appId}/${principal.environmentId}/static/`;
    if (provider && !field.schema.custom!.startsWith(provider))
      throw forbidden(
        `The field ${field.id} is provided by another app or app environment; only its own app environment can set its value.`,
      );
    return field;
  }

  private applyAppFieldUpdates(
    updates: { field: FieldRecord; issueIds: unknown[]; value: unknown }[],
    generateChangelog: boolean,
    principal: Principal,
  ): void {
    const errors: string[] = [];
    const perIssue = new Map<string, Record<string, unknown>>();
    for (const { field, issueIds, value } of updates) {
      const converted: Record<string, unknown> = {};
      const problem = this.convertCustomValue(field, value, converted);
      if (problem) errors.push(`${field.id}: ${problem}`);
      for (const issueId of issueIds) {
        if (!this.store.has(COLLECTIONS.issues, String(issueId))) errors.push(`Issue ${String(issueId)} does not exist.`);
        else perIssue.set(String(issueId), { ...perIssue.get(String(issueId)), ...converted });
      }
    }
    if (errors.length > 0) throw badRequest({}, errors);
    // One commit for the whole request (a re-scoring writes 1,000 values a call): an fsync per issue made the emulator, not Jira, the slow part.
    const counters = this.counters();
    const changes = [...perIssue].flatMap(
      ([issueId, values]) =>
        this.changeOf(
          this.store.get<IssueRecord>(COLLECTIONS.issues, issueId)!,
          values,
          principal,
          generateChangelog,
          counters,
        ) ?? [],
    );
    if (changes.length === 0) return;
    this.store.commit([
      ...changes.flatMap((change) => change.writes),
      { collection: COLLECTIONS.meta, id: 'counters', value: counters },
    ]);
    for (const change of changes) this.deliver(change.event);
  }

  private setAppFieldValue(request: EmulatorRequest, principal: Principal, fieldIdOrKey: string): EmulatorResponse {
    const field = this.requireAppField(fieldIdOrKey, principal);
    const body = isObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.updates) ? body.updates.filter(isObject) : [];
    if (updates.length === 0) throw badRequest({}, ['updates must list at least one update.']);
    this.applyAppFieldUpdates(
      updates.map((update) => ({ field, issueIds: Array.isArray(update.issueIds) ? update.issueIds : [], value: update.value })),
      queryValue(request.query, 'generateChangelog') !== 'false',
      principal,
    );
    return { status: 204 };
  }

  private setAppFieldValues(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (principal.kind !== 'app') throw forbidden('Only the app that provides a field can set its value through this resource.');
    const body = isObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.updates) ? body.updates.filter(isObject) : [];
    if (updates.length === 0) throw badRequest({}, ['updates must list at least one update.']);
    // The documentation names no maximum; the app keeps to 1,000 and the emulator holds it there (docs/PLATFORM.md).
    if (updates.reduce((sum, update) => sum + (Array.isArray(update.issueIds) ? update.issueIds.length : 0), 0) > 1000) {
      throw badRequest({}, ['At most 1000 issue values can be updated in one request.']);
    }
    // "Combinations of custom field and issue should be unique within the request."
    const pairs = updates.flatMap((update) =>
      (Array.isArray(update.issueIds) ? update.issueIds : []).map(
        (issueId) => `${String(update.customField)}/${String(issueId)}`,
      ),
    );
    if (new Set(pairs).size !== pairs.length)
      throw badRequest({}, ['Combinations of custom field and issue must be unique within the request.']);
    this.applyAppFieldUpdates(
      updates.map((update) => ({
        field: this.requireAppField(String(update.customField ?? ''), principal),
        issueIds: Array.isArray(update.issueIds) ? update.issueIds : [],
        value: update.value,
      })),
      queryValue(request.query, 'generateChangelog') !== 'false',
      principal,
    );
    return { status: 204 };
  }

  // ---- search --------------------------------------------------------------------------------

  private resolveJqlField(name: string): JqlFieldRef | undefined {
    const lower = name.toLowerCase();
    const builtIn = JQL_SYSTEM_FIELDS[lower];
    if (builtIn) return builtIn;
    const cf = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(name);
    const field = this.store
      .list<FieldRecord>(COLLECTIONS.fields)
      .find(
        (candidate) =>
          candidate.custom &&
          (cf ? candidate.schema.customId === Number(cf[1] ?? cf[2]) : candidate.name.toLowerCase() === lower),
      );
    if (!field) return undefined;
    // Date custom fields compare and order as dates, as in Jira (`"Last reviewed on" < "2024-06-01"`).
    const kind =
      field.schema.type === 'number'
        ? 'number'
        : field.schema.type === 'date' || field.schema.type === 'datetime'
          ? 'date'
          : 'string';
    return { id: field.id, kind };
  }

  private jqlReader(issue: IssueRecord, forOrdering: boolean): (fieldId: string) => unknown {
    return (fieldId) => {
      const fields = issue.fields;
      switch (fieldId) {
        case 'project': {
          const project = this.projectOf(issue);
          return forOrdering ? project.key : [project.key, project.id, project.name];
        }
        case 'issuetype': {
          const type = this.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, String(fields.issuetype));
          return forOrdering ? type?.name : [type?.name ?? '', String(fields.issuetype)];
        }
        case 'status': {
          const status = this.workflows.status(String(fields.status));
          return forOrdering ? status?.name : [status?.name ?? '', String(fields.status)];
        }
        case 'priority': {
          const priority = PRIORITIES.find((candidate) => candidate.id === fields.priority);
          return forOrdering ? Number(fields.priority) : [priority?.name ?? '', String(fields.priority)];
        }
        case 'key': {
          // Keys order by project, then number, as Jira does (REQ-2 before REQ-10).
          const [prefix, number] = issue.key.split('-');
          return forOrdering ? `${prefix}-${(number ?? '').padStart(9, '0')}` : [issue.key, issue.id];
        }
        case 'id':
          return Number(issue.id);
        case 'description':
          return adfText(fields.description);
        case 'text':
          return [fields.summary, adfText(fields.description), ...issue.comments.map((comment) => adfText(comment.body))].join(
            ' ',
          );
        case 'assignee':
        case 'reporter': {
          const user = typeof fields[fieldId] === 'string' ? this.findUser(fields[fieldId] as string) : undefined;
          return user ? (forOrdering ? user.displayName : [user.accountId, user.displayName, user.emailAddress]) : null;
        }
        case 'components': {
          const components = this.issueComponents(issue);
          return forOrdering
            ? components.map((component) => component.name).sort()
            : components.flatMap((component) => [component.name, component.id]);
        }
        default:
          return fields[fieldId] ?? null;
      }
    };
  }

  /**
   * POST /rest/api/3/issue/bulkfetch: at most 100 issues by id or key, in ascending id order; issues
   * that do not exist or that the caller may not browse are left out without an error, as the spec says.
   */
  private bulkFetch(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isObject(request.body) ? request.body : {};
    const requested = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
    if (requested.length === 0) throw badRequest({}, ['issueIdsOrKeys must name at least one issue.']);
    if (requested.length > 100) throw badRequest({}, ['You can request up to 100 issues.']);
    const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
    const found = new Map<string, IssueRecord>();
    for (const idOrKey of requested) {
      const issue = this.findIssue(idOrKey);
      if (issue && this.hasProjectPermission(principal, this.projectOf(issue), 'BROWSE_PROJECTS')) found.set(issue.id, issue);
    }
    const issues = [...found.values()].sort((a, b) => Number(a.id) - Number(b.id));
    return {
      status: 200,
      body: { issues: issues.map((issue) => this.issueBean(issue, fields ?? ['*navigable'])), issueErrors: [] },
    };
  }

  private search(
    principal: Principal,
    params: { jql?: string; nextPageToken?: string; maxResults?: string; fields?: string[]; properties?: string[] },
  ): EmulatorResponse {
    const jql = params.jql ?? '';
    const query = this.parseQuery(jql, principal);
    const requestedMax = params.maxResults === undefined ? 50 : Number(params.maxResults);
    if (!Number.isInteger(requestedMax) || requestedMax < 0) throw badRequest({}, ['maxResults must be a non-negative integer.']);
    const idsOnly = (params.fields ?? []).every((field) => field === 'id' || field === 'key');
    const maxResults = Math.min(requestedMax, idsOnly && params.fields ? 5000 : 100);
    const offset = params.nextPageToken ? this.decodePageToken(params.nextPageToken, jql) : 0;
    const visible = this.sortedMatches(principal, jql, query);
    const page = visible.slice(offset, offset + maxResults);
    const next = offset + page.length < visible.length ? this.encodePageToken(offset + page.length, jql) : undefined;
    return {
      status: 200,
      body: {
        issues: page.map((issue) => this.issueBean(issue, params.fields ?? ['id'], params.properties)),
        isLast: next === undefined,
        ...(next ? { nextPageToken: next } : {}),
      },
    };
  }

  /**
   * The matches of a search in its order. Following a page token asks for the same list again, and
   * filtering and sorting every issue per page made a 10,000-issue export quadratic; the latest few
   * lists are kept until the next commit changes the data.
   */
  private sortedMatches(principal: Principal, jql: string, query: JqlQuery): IssueRecord[] {
    const caller = principal.kind === 'user' ? principal.accountId : principal.kind;
    const key = JSON.stringify([this.store.sequence, caller, jql]);
    const cached = this.searchResults.get(key);
    if (cached) return cached;
    const visible = this.matchingIssues(principal, jql);
    const orderBy =
      query.orderBy.length > 0
        ? query.orderBy
        : [{ field: { id: 'created', kind: 'date' as const }, fieldName: 'created', direction: 'DESC' as const }];
    visible.sort(
      (a, b) => compareForOrder(orderBy, this.jqlReader(a, true), this.jqlReader(b, true)) || Number(b.id) - Number(a.id),
    );
    if (this.searchResults.size >= SEARCH_RESULTS_KEPT) this.searchResults.delete(this.searchResults.keys().next().value!);
    this.searchResults.set(key, visible);
    return visible;
  }

  /** Issues the caller may browse that match the JQL (a 400 for JQL the sandbox does not support). */
  private matchingIssues(principal: Principal, jql: string): IssueRecord[] {
    const { where } = this.parseQuery(jql, principal);
    return this.store
      .list<IssueRecord>(COLLECTIONS.issues)
      .filter((issue) => this.hasProjectPermission(principal, this.projectOf(issue), 'BROWSE_PROJECTS'))
      .filter((issue) => matchesJql(where, this.jqlReader(issue, false)));
  }

  /** Parses JQL as the caller would have it checked: syntax, fields, operators, then component values. */
  parseQuery(jql: string, principal: Principal): JqlQuery {
    const parsed = parseJql(jql, (name) => this.resolveJqlField(name));
    if (!parsed.ok) throw badRequest({}, parsed.errorMessages);
    const unknownValues = this.unknownComponentValues(parsed.query.where, principal);
    if (unknownValues.length > 0) throw badRequest({}, [...new Set(unknownValues)]);
    return parsed.query;
  }

  private encodePageToken(offset: number, jql: string): string {
    return Buffer.from(JSON.stringify({ o: offset, q: createHash('sha1').update(jql).digest('hex').slice(0, 12) })).toString(
      'base64url',
    );
  }

  private decodePageToken(token: string, jql: string): number {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { o?: unknown; q?: unknown };
      const expected = createHash('sha1').update(jql).digest('hex').slice(0, 12);
      if (typeof decoded.o === 'number' && decoded.o >= 0 && decoded.q === expected) return decoded.o;
    } catch {
      // fall through to the error below
    }
    throw badRequest({}, ['The provided next page token is invalid or expired.']);
  }

  // ---- rendering -----------------------------------------------------------------------------

  /** The `User` shape; `UserDetails` (comment authors) has no locale. */
  private userBean(user: SandboxUser, showEmail: boolean, withLocale = true): Record<string, unknown> {
    return {
      self: `${this.options.baseUrl()}/rest/api/3/user?accountId=${user.accountId}`,
      accountId: user.accountId,
      accountType: 'atlassian',
      ...(showEmail ? { emailAddress: user.emailAddress } : {}),
      displayName: user.displayName,
      active: true,
      timeZone: user.timeZone,
      ...(withLocale ? { locale: user.locale } : {}),
      avatarUrls: this.avatarUrls(),
    };
  }

  private avatarUrls(): Record<string, string> {
    const url = `${this.options.baseUrl()}/__sandbox/avatar.svg`;
    return { '16x16': url, '24x24': url, '32x32': url, '48x48': url };
  }

  private fieldBean(field: FieldRecord): Record<string, unknown> {
    return {
      id: field.id,
      key: field.id,
      name: field.name,
      custom: field.custom,
      orderable: field.orderable,
      navigable: field.navigable,
      searchable: field.searchable,
      clauseNames: field.clauseNames,
      schema: field.schema,
    };
  }

  private issueTypeBean(type: IssueTypeRecord): Record<string, unknown> {
    return {
      self: `${this.options.baseUrl()}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      name: type.name,
      description: type.description,
      iconUrl: `${this.options.baseUrl()}/__sandbox/avatar.svg`,
      subtask: type.subtask,
      hierarchyLevel: type.hierarchyLevel,
    };
  }

  private projectBean(project: ProjectRecord, withIssueTypes: boolean): Record<string, unknown> {
    const lead = this.findUser(project.leadAccountId);
    return {
      self: `${this.options.baseUrl()}/rest/api/3/project/${project.id}`,
      id: project.id,
      key: project.key,
      name: project.name,
      description: project.description,
      projectTypeKey: project.projectTypeKey,
      simplified: false,
      style: 'classic',
      isPrivate: false,
      avatarUrls: this.avatarUrls(),
      ...(lead ? { lead: this.userBean(lead, false) } : {}),
      ...(withIssueTypes
        ? {
            issueTypes: this.projectIssueTypes(project).map((type) => this.issueTypeBean(type)),
            components: this.projectComponents(project).map((component) => this.componentBean(component)),
          }
        : {}),
    };
  }

  /** The `ProjectComponent` shape. Issues are created unassigned here, so the project default means nobody. */
  private componentBean(component: ComponentRecord): Record<string, unknown> {
    const project = this.store.get<ProjectRecord>(COLLECTIONS.projects, component.projectId)!;
    const lead = component.leadAccountId ? this.findUser(component.leadAccountId) : undefined;
    const projectLead = this.findUser(project.leadAccountId);
    const assignee =
      component.assigneeType === 'COMPONENT_LEAD' ? lead : component.assigneeType === 'PROJECT_LEAD' ? projectLead : undefined;
    const realAssigneeType = assignee ? component.assigneeType : 'UNASSIGNED';
    return {
      self: `${this.options.baseUrl()}/rest/api/3/component/${component.id}`,
      id: component.id,
      name: component.name,
      ...(component.description ? { description: component.description } : {}),
      ...(lead ? { lead: this.userBean(lead, false) } : {}),
      assigneeType: component.assigneeType,
      ...(assignee ? { assignee: this.userBean(assignee, false) } : {}),
      realAssigneeType,
      ...(assignee ? { realAssignee: this.userBean(assignee, false) } : {}),
      isAssigneeTypeValid: component.assigneeType !== 'COMPONENT_LEAD' || lead !== undefined,
      project: project.key,
      projectId: Number(project.id),
    };
  }

  private statusBean(id: string): Record<string, unknown> {
    const status = this.workflows.status(id) ?? this.workflows.statuses()[0]!;
    return {
      self: `${this.options.baseUrl()}/rest/api/3/status/${status.id}`,
      id: status.id,
      name: status.name,
      description: status.description,
      iconUrl: `${this.options.baseUrl()}/__sandbox/avatar.svg`,
      statusCategory: { self: `${this.options.baseUrl()}/rest/api/3/statuscategory/${status.category.id}`, ...status.category },
    };
  }

  private priorityBean(id: string): Record<string, unknown> {
    const priority = PRIORITIES.find((candidate) => candidate.id === id) ?? PRIORITIES[2]!;
    return {
      self: `${this.options.baseUrl()}/rest/api/3/priority/${priority.id}`,
      id: priority.id,
      name: priority.name,
      iconUrl: `${this.options.baseUrl()}/__sandbox/avatar.svg`,
    };
  }

  private linkTypeBean(id: string): Record<string, unknown> {
    const type = ISSUE_LINK_TYPES.find((candidate) => candidate.id === id)!;
    return { ...type, self: `${this.options.baseUrl()}/rest/api/3/issueLinkType/${type.id}` };
  }

  private commentBean(
    issue: IssueRecord,
    comment: { id: string; authorAccountId: string; body: unknown; created: string; updated: string },
  ): Record<string, unknown> {
    const author = this.findUser(comment.authorAccountId);
    const authorBean = author
      ? this.userBean(author, false, false)
      : { accountId: comment.authorAccountId, displayName: 'Requirement Triage', accountType: 'app', active: true };
    return {
      self: `${this.options.baseUrl()}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: authorBean,
      updateAuthor: authorBean,
      body: comment.body,
      created: comment.created,
      updated: comment.updated,
      jsdPublic: true,
    };
  }

  private renderField(issue: IssueRecord, id: string): unknown {
    const value = issue.fields[id];
    switch (id) {
      case 'issuetype':
        return this.issueTypeBean(this.requireIssueType(String(value)));
      case 'status':
        return this.statusBean(String(value));
      case 'project':
        return this.projectBean(this.projectOf(issue), false);
      case 'priority':
        return this.priorityBean(String(value));
      case 'assignee':
      case 'reporter': {
        const user = typeof value === 'string' ? this.findUser(value) : undefined;
        return user ? this.userBean(user, false) : null;
      }
      case 'components':
        return this.issueComponents(issue).map((component) => ({
          self: `${this.options.baseUrl()}/rest/api/3/component/${component.id}`,
          id: component.id,
          name: component.name,
          ...(component.description ? { description: component.description } : {}),
        }));
      case 'resolution':
        return value
          ? { ...(RESOLUTIONS.find((resolution) => resolution.name === value) ?? RESOLUTIONS[0]!), name: String(value) }
          : null;
      case 'comment':
        return {
          comments: issue.comments.map((comment) => this.commentBean(issue, comment)),
          maxResults: issue.comments.length,
          total: issue.comments.length,
          startAt: 0,
        };
      case 'issuelinks':
        return this.store
          .list<IssueLinkRecord>(COLLECTIONS.links)
          .filter((link) => link.inwardIssueId === issue.id || link.outwardIssueId === issue.id)
          .map((link) => {
            const outward = link.inwardIssueId === issue.id;
            const other = this.store.get<IssueRecord>(COLLECTIONS.issues, outward ? link.outwardIssueId : link.inwardIssueId);
            const otherBean = other
              ? {
                  id: other.id,
                  key: other.key,
                  self: `${this.options.baseUrl()}/rest/api/3/issue/${other.id}`,
                  fields: { summary: other.fields.summary, status: this.statusBean(String(other.fields.status)) },
                }
              : undefined;
            return {
              id: link.id,
              type: this.linkTypeBean(link.typeId),
              ...(outward ? { outwardIssue: otherBean } : { inwardIssue: otherBean }),
            };
          });
      default:
        return value ?? null;
    }
  }

  /** Renders an issue for the `fields` selection (*all by default, *navigable, -field exclusions). */
  issueBean(issue: IssueRecord, fieldsParam?: string[], properties?: string[]): Record<string, unknown> {
    const all = this.store.list<FieldRecord>(COLLECTIONS.fields);
    const selected = new Set<string>();
    const requested = fieldsParam && fieldsParam.length > 0 ? fieldsParam : ['*all'];
    for (const entry of requested) {
      if (entry === '*all') all.forEach((field) => selected.add(field.id));
      else if (entry === '*navigable') all.filter((field) => field.navigable).forEach((field) => selected.add(field.id));
      else if (!entry.startsWith('-') && entry !== 'id' && entry !== 'key' && all.some((field) => field.id === entry))
        selected.add(entry);
    }
    for (const entry of requested) if (entry.startsWith('-')) selected.delete(entry.slice(1));
    const fields = Object.fromEntries([...selected].map((id) => [id, this.renderField(issue, id)]));
    return {
      expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
      id: issue.id,
      self: `${this.options.baseUrl()}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields,
      ...(properties && properties.length > 0
        ? {
            properties: Object.fromEntries(
              properties.filter((key) => key in issue.properties).map((key) => [key, issue.properties[key]]),
            ),
          }
        : {}),
    };
  }

  /**
   * Product events are stored in the same commit as the change that caused them and removed once
   * delivered, so a crash between the two never loses one: on restart they are delivered again
   * (at least once, as Forge does).
   */
  private eventFor(
    eventType: IssueEvent['eventType'],
    issue: IssueRecord,
    actor: Principal,
    counters: Record<string, number>,
    changelog?: IssueEvent['changelog'],
    comment?: Record<string, unknown>,
  ): { event: IssueEvent; write: StoreWrite } {
    const event: IssueEvent = {
      id: this.nextId(counters, 'event'),
      eventType,
      issue: {
        id: issue.id,
        key: issue.key,
        fields: {
          summary: issue.fields.summary,
          issuetype: this.issueTypeBean(this.requireIssueType(String(issue.fields.issuetype))),
          project: this.projectBean(this.projectOf(issue), false),
        },
      },
      actor,
      ...(changelog ? { changelog } : {}),
      ...(comment ? { comment } : {}),
    };
    return { event, write: { collection: COLLECTIONS.pendingEvents, id: event.id, value: event } };
  }

  private deliver(event: IssueEvent): void {
    this.options.onIssueEvent?.(event);
  }

  /** Events stored but not yet delivered, oldest first. */
  pendingEvents(): IssueEvent[] {
    return this.store.list<IssueEvent>(COLLECTIONS.pendingEvents);
  }

  acknowledgeEvent(id: string): void {
    if (this.store.has(COLLECTIONS.pendingEvents, id))
      this.store.commit([{ collection: COLLECTIONS.pendingEvents, id, delete: true }]);
  }
}

const GLOBAL_PERMISSION_NAMES = ['ADMINISTER', 'USER_PICKER'] as const;
