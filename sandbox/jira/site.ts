import type { DurableStore, StoreWrite } from '../store/durable-store';
import { isPlainObject } from '../../src/domain/checks';
import { forbidden, HttpError, notFound, type Principal } from './http';
import {
  COLLECTIONS,
  ISSUE_LINK_TYPES,
  PRIORITIES,
  RESOLUTIONS,
  ROLE_PERMISSIONS,
  SEED_USERS,
  type ChangelogItem,
  type ComponentRecord,
  type FieldRecord,
  type GlobalPermission,
  type IssueLinkRecord,
  type IssueRecord,
  type IssueTypeRecord,
  type IssueTypeSchemeRecord,
  type ProjectPermission,
  type ProjectRecord,
  type SandboxUser,
} from './model';
import { WORKFLOW_COLLECTIONS, type ForgeRuleDeclaration, type SiteStatusRecord } from './resources/workflows';

/**
 * The emulated Jira site every resource group works on: the durable store and clock, the id
 * counters, the lookups with Jira's permission checks, and the beans (response shapes) more than
 * one group renders. Groups take the Site (and, where one needs another, that group) instead of
 * callbacks into the emulator.
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

/** Whether a value is an Atlassian Document (the body of a description or comment). */
export const isAdf = (value: unknown): boolean => isPlainObject(value) && value.type === 'doc' && Array.isArray(value.content);

/** Plain text of an ADF document, for text search and changelog strings (words joined by spaces). */
export function adfText(value: unknown): string {
  if (!isPlainObject(value)) return typeof value === 'string' ? value : '';
  const own = typeof value.text === 'string' ? value.text : '';
  const children = Array.isArray(value.content) ? value.content.map(adfText).join(' ') : '';
  return `${own} ${children}`.trim();
}

export class Site {
  constructor(readonly options: EmulatorOptions) {}

  get store(): DurableStore {
    return this.options.store;
  }

  baseUrl(): string {
    return this.options.baseUrl();
  }

  now(): Date {
    return this.options.now();
  }

  /** The write that stores counters bumped by nextId, committed with the change that used them. */
  counterWrite(counters: Record<string, number>): StoreWrite {
    return { collection: COLLECTIONS.meta, id: 'counters', value: counters };
  }

  /** New ids from the counters, and the write that stores the bumped counters. */
  newIds(names: string[]): { ids: string[]; counterWrite: StoreWrite } {
    const counters = this.counters();
    const ids = names.map((name) => this.nextId(counters, name));
    return { ids, counterWrite: this.counterWrite(counters) };
  }

  /** One new id from the counters, and the write that stores the bumped counters. */
  newId(name: string): { id: string; counterWrite: StoreWrite } {
    const { ids, counterWrite } = this.newIds([name]);
    return { id: ids[0]!, counterWrite };
  }

  // ---- statuses (the workflows group edits them; every group renders them) -------------------

  statuses(): SiteStatusRecord[] {
    return this.store.list<SiteStatusRecord>(WORKFLOW_COLLECTIONS.statuses);
  }

  status(id: string): SiteStatusRecord | undefined {
    return this.store.get<SiteStatusRecord>(WORKFLOW_COLLECTIONS.statuses, id);
  }

  counters(): Record<string, number> {
    // Stored values are frozen; counters are bumped on a copy and written back with the change.
    return { ...(this.store.get<Record<string, number>>(COLLECTIONS.meta, 'counters') ?? {}) };
  }

  nextId(counters: Record<string, number>, name: string): string {
    counters[name] = (counters[name] ?? 10000) + 1;
    return String(counters[name]);
  }

  findUser(accountId: string): SandboxUser | undefined {
    return SEED_USERS.find((user) => user.accountId === accountId);
  }

  requireUser(principal: Principal): SandboxUser {
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

  isAdminOrApp(principal: Principal): boolean {
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

  requireProjectPermission(principal: Principal, project: ProjectRecord, permission: ProjectPermission, action: string): void {
    if (!this.hasProjectPermission(principal, project, permission)) {
      throw forbidden(`You do not have permission to ${action} in project ${project.key}.`);
    }
  }

  findProject(idOrKey: string): ProjectRecord | undefined {
    const byId = this.store.get<ProjectRecord>(COLLECTIONS.projects, idOrKey);
    return (
      byId ??
      this.store.list<ProjectRecord>(COLLECTIONS.projects).find((project) => project.key.toUpperCase() === idOrKey.toUpperCase())
    );
  }

  requireVisibleProject(idOrKey: string, principal: Principal): ProjectRecord {
    const project = this.findProject(idOrKey);
    // Jira answers 404 for projects you may not see, so their existence does not leak.
    if (!project || !this.hasProjectPermission(principal, project, 'BROWSE_PROJECTS')) {
      throw notFound(`No project could be found with key '${idOrKey}'.`);
    }
    return project;
  }

  projectIssueTypes(project: ProjectRecord): IssueTypeRecord[] {
    const scheme = this.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, project.issueTypeSchemeId);
    const all = this.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes);
    if (!scheme || scheme.isDefault) return all;
    return scheme.issueTypeIds
      .map((id) => all.find((type) => type.id === id))
      .filter((type): type is IssueTypeRecord => type !== undefined);
  }

  requireIssueType(id: string): IssueTypeRecord {
    const type = this.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, id);
    if (!type) throw notFound(`Issue type with ID '${id}' not found.`);
    return type;
  }

  /** A project's components in Jira's order: by name. */
  projectComponents(project: ProjectRecord): ComponentRecord[] {
    return this.store
      .list<ComponentRecord>(COLLECTIONS.components)
      .filter((component) => component.projectId === project.id)
      .sort((a, b) => a.name.localeCompare(b.name) || Number(a.id) - Number(b.id));
  }

  /** Components stored on an issue, skipping any deleted since. */
  issueComponents(issue: IssueRecord): ComponentRecord[] {
    const ids = Array.isArray(issue.fields.components) ? (issue.fields.components as string[]) : [];
    return ids
      .map((id) => this.store.get<ComponentRecord>(COLLECTIONS.components, id))
      .filter((component): component is ComponentRecord => component !== undefined);
  }

  findIssue(idOrKey: string): IssueRecord | undefined {
    const byId = this.store.get<IssueRecord>(COLLECTIONS.issues, idOrKey);
    if (byId) return byId;
    const upper = idOrKey.toUpperCase();
    return this.store.list<IssueRecord>(COLLECTIONS.issues).find((issue) => issue.key === upper);
  }

  projectOf(issue: IssueRecord): ProjectRecord {
    return this.store.get<ProjectRecord>(COLLECTIONS.projects, issue.projectId)!;
  }

  requireIssue(idOrKey: string, principal: Principal): IssueRecord {
    const issue = this.findIssue(idOrKey);
    if (!issue || !this.hasProjectPermission(principal, this.projectOf(issue), 'BROWSE_PROJECTS')) {
      throw notFound('Issue does not exist or you do not have permission to see it.');
    }
    return issue;
  }

  fieldById(id: string): FieldRecord | undefined {
    return this.store.get<FieldRecord>(COLLECTIONS.fields, id);
  }

  /** The `User` shape; `UserDetails` (comment authors) has no locale. */
  userBean(user: SandboxUser, showEmail: boolean, withLocale = true): Record<string, unknown> {
    return {
      self: `${this.baseUrl()}/rest/api/3/user?accountId=${user.accountId}`,
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

  avatarUrls(): Record<string, string> {
    const url = `${this.baseUrl()}/__sandbox/avatar.svg`;
    return { '16x16': url, '24x24': url, '32x32': url, '48x48': url };
  }

  issueTypeBean(type: IssueTypeRecord): Record<string, unknown> {
    return {
      self: `${this.baseUrl()}/rest/api/3/issuetype/${type.id}`,
      id: type.id,
      name: type.name,
      description: type.description,
      iconUrl: `${this.baseUrl()}/__sandbox/avatar.svg`,
      subtask: type.subtask,
      hierarchyLevel: type.hierarchyLevel,
    };
  }

  projectBean(project: ProjectRecord, withIssueTypes: boolean): Record<string, unknown> {
    const lead = this.findUser(project.leadAccountId);
    return {
      self: `${this.baseUrl()}/rest/api/3/project/${project.id}`,
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
  componentBean(component: ComponentRecord): Record<string, unknown> {
    const project = this.store.get<ProjectRecord>(COLLECTIONS.projects, component.projectId)!;
    const lead = component.leadAccountId ? this.findUser(component.leadAccountId) : undefined;
    const projectLead = this.findUser(project.leadAccountId);
    const assignee =
      component.assigneeType === 'COMPONENT_LEAD' ? lead : component.assigneeType === 'PROJECT_LEAD' ? projectLead : undefined;
    const realAssigneeType = assignee ? component.assigneeType : 'UNASSIGNED';
    return {
      self: `${this.baseUrl()}/rest/api/3/component/${component.id}`,
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

  statusBean(id: string): Record<string, unknown> {
    const status = this.status(id) ?? this.statuses()[0]!;
    return {
      self: `${this.baseUrl()}/rest/api/3/status/${status.id}`,
      id: status.id,
      name: status.name,
      description: status.description,
      iconUrl: `${this.baseUrl()}/__sandbox/avatar.svg`,
      statusCategory: { self: `${this.baseUrl()}/rest/api/3/statuscategory/${status.category.id}`, ...status.category },
    };
  }

  priorityBean(id: string): Record<string, unknown> {
    const priority = PRIORITIES.find((candidate) => candidate.id === id) ?? PRIORITIES[2]!;
    return {
      self: `${this.baseUrl()}/rest/api/3/priority/${priority.id}`,
      id: priority.id,
      name: priority.name,
      iconUrl: `${this.baseUrl()}/__sandbox/avatar.svg`,
    };
  }

  linkTypeBean(id: string): Record<string, unknown> {
    const type = ISSUE_LINK_TYPES.find((candidate) => candidate.id === id)!;
    return { ...type, self: `${this.baseUrl()}/rest/api/3/issueLinkType/${type.id}` };
  }

  commentBean(
    issue: IssueRecord,
    comment: { id: string; authorAccountId: string; body: unknown; created: string; updated: string },
  ): Record<string, unknown> {
    const author = this.findUser(comment.authorAccountId);
    const authorBean = author
      ? this.userBean(author, false, false)
      : { accountId: comment.authorAccountId, displayName: 'Requirement Triage', accountType: 'app', active: true };
    return {
      self: `${this.baseUrl()}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
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
          self: `${this.baseUrl()}/rest/api/3/component/${component.id}`,
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
                  self: `${this.baseUrl()}/rest/api/3/issue/${other.id}`,
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
      self: `${this.baseUrl()}/rest/api/3/issue/${issue.id}`,
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
  eventFor(
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

  deliver(event: IssueEvent): void {
    this.options.onIssueEvent?.(event);
  }
}
