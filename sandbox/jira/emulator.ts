import { HttpError, type EmulatorRequest, type EmulatorResponse, type Principal, type RouteHandler } from './http';
import {
  COLLECTIONS,
  SEED_ISSUE_TYPES,
  SYSTEM_FIELDS,
  type GlobalPermission,
  type IssueRecord,
  type IssueTypeSchemeRecord,
  type NotificationRecord,
  type ProjectPermission,
  type ProjectRecord,
  type SandboxUser,
} from './model';
import { JiraAppFields, type AppFieldDeclaration } from './resources/app-fields';
import { JiraConfiguration } from './resources/configuration';
import { JiraFilters } from './resources/filters';
import { JiraIssueFields } from './resources/issue-fields';
import { JiraIssues, type PendingTransition } from './resources/issues';
import { JiraPermissions } from './resources/permissions';
import { JiraProjects } from './resources/projects';
import { JiraRoles } from './resources/roles';
import { JiraSearch } from './resources/search';
import { JiraServerInfo } from './resources/server-info';
import { JiraServiceDesk } from './resources/service-desk';
import { JiraTasks } from './resources/tasks';
import { JiraUsers } from './resources/users';
import { JiraWorkflows } from './resources/workflows';
import { Site, type EmulatorOptions, type IssueEvent } from './site';
import type { JqlQuery } from './jql';

export type { AppFieldDeclaration, EmulatorOptions, IssueEvent, PendingTransition };

/**
 * A stateful emulation of the Jira Cloud platform REST API v3: the operations the app and ordinary
 * clients use, with Jira's permission checks, field validation and error shapes. Every change is
 * committed to the durable store before the response is returned.
 *
 * This class is the facade the sandbox uses: it builds the Site (state and shared lookups), one
 * object per REST resource group (sandbox/jira/resources/, grouped by the spec's tags), and the
 * route table they register with.
 */
export class JiraEmulator {
  private readonly routes: { method: string; pattern: RegExp; handler: RouteHandler }[] = [];
  private readonly site: Site;
  /** Long-running tasks that some operations answer with. */
  readonly tasks: JiraTasks;
  /** Jira Service Management: desks, customers, organizations, requests. */
  readonly serviceDesk: JiraServiceDesk;
  private readonly issues: JiraIssues;
  private readonly appFields: JiraAppFields;
  private readonly search: JiraSearch;

  constructor(options: EmulatorOptions) {
    const site = new Site(options);
    this.site = site;
    this.tasks = new JiraTasks(site);
    const configuration = new JiraConfiguration(site);
    const workflows = new JiraWorkflows(site, this.tasks);
    const fields = new JiraIssueFields(site);
    this.issues = new JiraIssues(site, fields, workflows);
    this.search = new JiraSearch(site);
    this.appFields = new JiraAppFields(site, fields, this.issues);
    this.serviceDesk = new JiraServiceDesk(site, this.issues);
    const groups = [
      new JiraServerInfo(site),
      this.tasks,
      new JiraUsers(site),
      fields,
      new JiraProjects(site, configuration, workflows),
      workflows,
      this.issues,
      this.search,
      new JiraPermissions(site),
      this.appFields,
      configuration,
      new JiraFilters(site, this.search),
      new JiraRoles(site),
      this.serviceDesk,
    ];
    for (const group of groups) group.register((method, path, handler) => this.route(method, path, handler));
  }

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

  // ---- what the sandbox and tests ask of the site directly --------------------------------------

  /** Registers the app's custom fields, as installing the app does. Idempotent. */
  installAppFields(appId: string, environmentId: string, fields: AppFieldDeclaration[]): void {
    this.appFields.installAppFields(appId, environmentId, fields);
  }

  /**
   * The validators a transition request must pass, once it is otherwise valid; undefined for any
   * other request, or one Jira refuses first (then handle() gives that refusal).
   */
  pendingTransition(request: EmulatorRequest, principal: Principal): PendingTransition | undefined {
    return this.issues.pendingTransition(request, principal);
  }

  /** The emails queued through /notify, oldest first. */
  notifications(): NotificationRecord[] {
    return this.issues.notifications();
  }

  /** Events stored but not yet delivered, oldest first. */
  pendingEvents(): IssueEvent[] {
    return this.site.store.list<IssueEvent>(COLLECTIONS.pendingEvents);
  }

  acknowledgeEvent(id: string): void {
    if (this.site.store.has(COLLECTIONS.pendingEvents, id))
      this.site.store.commit([{ collection: COLLECTIONS.pendingEvents, id, delete: true }]);
  }

  findUser(accountId: string): SandboxUser | undefined {
    return this.site.findUser(accountId);
  }

  /** The app has the permissions its scopes grant on every project, as a Forge app does. */
  hasGlobal(principal: Principal, permission: GlobalPermission): boolean {
    return this.site.hasGlobal(principal, permission);
  }

  hasProjectPermission(principal: Principal, project: ProjectRecord, permission: ProjectPermission): boolean {
    return this.site.hasProjectPermission(principal, project, permission);
  }

  findProject(idOrKey: string): ProjectRecord | undefined {
    return this.site.findProject(idOrKey);
  }

  /** Parses JQL as the caller would have it checked: syntax, fields, operators, then component values. */
  parseQuery(jql: string, principal: Principal): JqlQuery {
    return this.search.parseQuery(jql, principal);
  }

  /** Renders an issue for the `fields` selection (*all by default, *navigable, -field exclusions). */
  issueBean(issue: IssueRecord, fieldsParam?: string[], properties?: string[]): Record<string, unknown> {
    return this.site.issueBean(issue, fieldsParam, properties);
  }
}
