import type { StoreWrite } from '../../store/durable-store';
import { isPlainObject } from '../../../src/domain/checks';
import {
  badRequest,
  HttpError,
  jiraTimestamp,
  notFound,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import {
  COLLECTIONS,
  ISSUE_LINK_TYPES,
  RESOLUTIONS,
  type ChangelogItem,
  type ComponentRecord,
  type IssueLinkRecord,
  type IssueRecord,
  type IssueTypeRecord,
  type NotificationRecord,
  type ProjectRecord,
} from '../model';
import { adfText, isAdf, type IssueEvent, type Site } from '../site';
import type { JiraIssueFields } from './issue-fields';
import type { JiraWorkflows, WorkflowRuleRecord } from './workflows';

/** A transition request that Jira would make once its validators pass: what they are called with. */
export interface PendingTransition {
  issue: { id: string; key: string };
  transition: { id: string; name: string; from: string; to: string };
  validators: WorkflowRuleRecord[];
}

const MAX_PROPERTY_BYTES = 32768;

/**
 * Issues, Issue comments, Issue properties, Issue links and Issue link types (platform REST v3):
 * create (one or in bulk), get, edit, delete, transitions, changelogs, notify. Every change stores
 * its product event in the same commit and then delivers it.
 */
export class JiraIssues {
  constructor(
    private readonly site: Site,
    private readonly fields: JiraIssueFields,
    private readonly workflows: JiraWorkflows,
  ) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('POST', `${api}/issue`, (request, principal) => this.createIssue(request, principal));
    route('POST', `${api}/issue/bulk`, (request, principal) => this.createIssues(request, principal));
    route('GET', `${api}/issue/{key}`, (request, principal, [key]) => this.getIssue(request, principal, key!));
    route('PUT', `${api}/issue/{key}`, (request, principal, [key]) => this.editIssue(request, principal, key!));
    route('DELETE', `${api}/issue/{key}`, (_r, principal, [key]) => this.deleteIssue(principal, key!));
    route('GET', `${api}/issue/{key}/transitions`, (_r, principal, [key]) => this.getTransitions(principal, key!));
    route('POST', `${api}/issue/{key}/transitions`, (request, principal, [key]) => this.doTransition(request, principal, key!));
    route('POST', `${api}/issue/{key}/changelog/list`, (request, principal, [key]) =>
      this.changelogsByIds(request, principal, key!),
    );
    route('GET', `${api}/issue/{key}/changelog`, (request, principal, [key]) => this.changelogPage(request, principal, key!));
    route('GET', `${api}/issue/{key}/comment`, (_r, principal, [key]) => this.getComments(principal, key!));
    route('POST', `${api}/issue/{key}/comment`, (request, principal, [key]) => this.addComment(request, principal, key!));
    route('POST', `${api}/issue/{key}/notify`, (request, principal, [key]) => this.notify(request, principal, key!));
    route('GET', `${api}/issue/{key}/properties`, (_r, principal, [key]) => this.listProperties(principal, key!));
    route('GET', `${api}/issue/{key}/properties/{property}`, (_r, principal, [key, property]) =>
      this.getProperty(principal, key!, property!),
    );
    route('PUT', `${api}/issue/{key}/properties/{property}`, (request, principal, [key, property]) =>
      this.setProperty(request, principal, key!, property!),
    );
    route('DELETE', `${api}/issue/{key}/properties/{property}`, (_r, principal, [key, property]) =>
      this.deleteProperty(principal, key!, property!),
    );
    route('GET', `${api}/issueLinkType`, () => ({
      status: 200,
      body: { issueLinkTypes: ISSUE_LINK_TYPES.map((type) => this.site.linkTypeBean(type.id)) },
    }));
    route('POST', `${api}/issueLink`, (request, principal) => this.linkIssues(request, principal));
    route('DELETE', `${api}/issueLink/{id}`, (_r, principal, [id]) => this.deleteLink(principal, id!));
  }

  createIssue(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const counters = this.site.counters();
    const made = this.newIssue(request.body, principal, counters, new Map());
    this.site.store.commit([
      { collection: COLLECTIONS.issues, id: made.issue.id, value: made.issue },
      {
        collection: COLLECTIONS.projects,
        id: made.project.id,
        value: { ...made.project, nextIssueNumber: made.nextIssueNumber },
      },
      this.site.counterWrite(counters),
      made.event.write,
    ]);
    this.site.deliver(made.event.event);
    return { status: 201, body: this.createdBean(made.issue) };
  }

  private createdBean(issue: IssueRecord): { id: string; key: string; self: string } {
    return { id: issue.id, key: issue.key, self: `${this.site.baseUrl()}/rest/api/3/issue/${issue.id}` };
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
    const body = isPlainObject(rawBody) ? rawBody : {};
    const fields = isPlainObject(body.fields) ? body.fields : undefined;
    if (!fields) throw badRequest({}, ['The request body must contain fields.']);
    const projectRef = isPlainObject(fields.project) ? (fields.project.id ?? fields.project.key) : undefined;
    const project = projectRef === undefined ? undefined : this.site.findProject(String(projectRef));
    if (!project || !this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS'))
      throw badRequest({ project: 'Specify a valid project ID or key' });
    this.site.requireProjectPermission(principal, project, 'CREATE_ISSUES', 'create issues');
    const values = this.fields.validateFieldValues(fields, project, true, principal);
    const properties = this.createdProperties(body.properties);
    const now = jiraTimestamp(this.site.now());
    const number = nextNumbers.get(project.id) ?? project.nextIssueNumber;
    const id = this.site.nextId(counters, 'issue');
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
      event: this.site.eventFor('avi:jira:created:issue', issue, principal, counters),
    };
  }

  /** Issue properties set on create (`properties: [{key, value}]` in IssueUpdateDetails). */
  private createdProperties(raw: unknown): Record<string, unknown> {
    if (raw === undefined) return {};
    if (
      !Array.isArray(raw) ||
      raw.some((entry) => !isPlainObject(entry) || typeof entry.key !== 'string' || entry.key === '' || entry.key.length > 255)
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
    const body = isPlainObject(request.body) ? request.body : {};
    const updates = Array.isArray(body.issueUpdates) ? body.issueUpdates : undefined;
    if (!updates || updates.length === 0) throw badRequest({}, ['issueUpdates must list at least one issue.']);
    if (updates.length > 50) throw badRequest({}, ['You can create at most 50 issues in one request.']);
    const counters = this.site.counters();
    const nextNumbers = new Map<string, number>();
    const made: ReturnType<JiraIssues['newIssue']>[] = [];
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
      this.site.store.commit([
        ...made.map((entry) => ({ collection: COLLECTIONS.issues, id: entry.issue.id, value: entry.issue })),
        ...[...projects.values()].map((entry) => ({
          collection: COLLECTIONS.projects,
          id: entry.project.id,
          value: { ...entry.project, nextIssueNumber: nextNumbers.get(entry.project.id)! },
        })),
        this.site.counterWrite(counters),
        ...made.map((entry) => entry.event.write),
      ]);
      for (const entry of made) this.site.deliver(entry.event.event);
    }
    return {
      status: made.length === 0 ? 400 : 201,
      body: { issues: made.map((entry) => this.createdBean(entry.issue)), errors },
    };
  }

  private getIssue(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    const fields = queryValue(request.query, 'fields')
      ?.split(',')
      .map((field) => field.trim())
      .filter(Boolean);
    const properties = queryValue(request.query, 'properties')?.split(',').filter(Boolean);
    return { status: 200, body: this.site.issueBean(issue, fields, properties) };
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
        if (!isPlainObject(operation)) continue;
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
      : this.site.issueComponents(issue).map((component) => ({ id: component.id }));
    if ('add' in operation) return [...current, operation.add];
    const target = isPlainObject(operation.remove) ? operation.remove : {};
    const matches = (ref: unknown): boolean => {
      if (!isPlainObject(ref)) return false;
      const component =
        ref.id !== undefined ? this.site.store.get<ComponentRecord>(COLLECTIONS.components, String(ref.id)) : undefined;
      const name = typeof ref.name === 'string' ? ref.name : component?.name;
      return (
        (target.id !== undefined && String(target.id) === String(ref.id ?? component?.id)) ||
        (typeof target.name === 'string' && target.name.toLowerCase() === name?.toLowerCase())
      );
    };
    return current.filter((ref) => !matches(ref));
  }

  private editIssue(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    const project = this.site.projectOf(issue);
    this.site.requireProjectPermission(principal, project, 'EDIT_ISSUES', 'edit issues');
    const body = isPlainObject(request.body) ? request.body : {};
    const fields = isPlainObject(body.fields) ? body.fields : {};
    const requested = isPlainObject(body.update) ? this.applyUpdateOperations(issue, body.update, fields) : fields;
    const values = this.fields.validateFieldValues(requested, project, false, principal);
    this.applyChanges(issue, values, principal);
    return { status: 204 };
  }

  /** Writes changed values with a changelog entry and an update event; unchanged values write nothing. */
  private applyChanges(issue: IssueRecord, values: Record<string, unknown>, actor: Principal, generateChangelog = true): boolean {
    const counters = this.site.counters();
    const change = this.changeOf(issue, values, actor, generateChangelog, counters);
    if (!change) return false;
    this.site.store.commit([...change.writes, this.site.counterWrite(counters)]);
    this.site.deliver(change.event);
    return true;
  }

  /** The writes and the update event of one issue's changed values (none when nothing changes); bumps `counters`, which the caller writes. */
  changeOf(
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
      const field = this.site.fieldById(id)!;
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
      id: this.site.nextId(counters, 'changelog'),
      authorAccountId: actor.kind === 'user' ? actor.accountId : null,
      created: jiraTimestamp(this.site.now()),
      items,
    };
    const updated: IssueRecord = {
      ...issue,
      fields: { ...issue.fields, ...values, updated: entry.created },
      changelog: generateChangelog ? [...issue.changelog, entry] : issue.changelog,
    };
    const event = this.site.eventFor('avi:jira:updated:issue', updated, actor, counters, { id: entry.id, items });
    return { writes: [{ collection: COLLECTIONS.issues, id: issue.id, value: updated }, event.write], event: event.event };
  }

  private displayString(fieldId: string, value: unknown): string | null {
    if (value === null || value === undefined) return null;
    if (fieldId === 'issuetype')
      return this.site.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, String(value))?.name ?? String(value);
    if (fieldId === 'status') return this.site.status(String(value))?.name ?? String(value);
    if (fieldId === 'assignee' || fieldId === 'reporter') return this.site.findUser(String(value))?.displayName ?? String(value);
    if (fieldId === 'description') return adfText(value);
    if (fieldId === 'components' && Array.isArray(value)) {
      return value
        .map((id) => this.site.store.get<ComponentRecord>(COLLECTIONS.components, String(id))?.name ?? String(id))
        .join(', ');
    }
    if (Array.isArray(value)) return value.join(' ');
    return String(value);
  }

  private deleteIssue(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(issue), 'DELETE_ISSUES', 'delete issues');
    const links = this.site.store
      .list<IssueLinkRecord>(COLLECTIONS.links)
      .filter((link) => link.inwardIssueId === issue.id || link.outwardIssueId === issue.id);
    const counters = this.site.counters();
    const event = this.site.eventFor('avi:jira:deleted:issue', issue, principal, counters);
    this.site.store.commit([
      { collection: COLLECTIONS.issues, id: issue.id, delete: true },
      ...links.map((link) => ({ collection: COLLECTIONS.links, id: link.id, delete: true as const })),
      this.site.counterWrite(counters),
      event.write,
    ]);
    this.site.deliver(event.event);
    return { status: 204 };
  }

  private getTransitions(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    const canTransition = this.site.hasProjectPermission(principal, this.site.projectOf(issue), 'TRANSITION_ISSUES');
    const transitions = canTransition
      ? this.workflows.availableTransitions(issue).map((transition) => ({
          id: transition.id,
          name: transition.name,
          to: this.site.statusBean(transition.to),
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
    const issue = this.site.requireIssue(idOrKey, principal);
    const project = this.site.projectOf(issue);
    // Jira answers 400, not 403, when the transition is not available to the caller.
    if (!this.site.hasProjectPermission(principal, project, 'TRANSITION_ISSUES'))
      throw badRequest({}, ['You do not have permission to transition this issue.']);
    const body = isPlainObject(request.body) ? request.body : {};
    const transitionId = isPlainObject(body.transition) ? String(body.transition.id ?? '') : '';
    const transition = this.workflows.availableTransitions(issue).find((candidate) => candidate.id === transitionId);
    if (!transition) throw badRequest({}, [`Transition id '${transitionId}' is not valid for this issue.`]);
    const { resolution: requestedResolution, ...otherFields } = isPlainObject(body.fields) ? body.fields : {};
    const extra = this.fields.validateFieldValues(otherFields, project, false, principal);
    const done = this.site.status(transition.to)?.category.key === 'done';
    // Jira sets a resolution only when entering a done status; the transition may name which one.
    const resolutionName = isPlainObject(requestedResolution)
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
    const issue = this.site.requireIssue(idOrKey, principal);
    const body = isPlainObject(request.body) ? request.body : {};
    if (!Array.isArray(body.changelogIds) || !body.changelogIds.every((id) => Number.isInteger(id)))
      throw badRequest({ changelogIds: 'changelogIds must be a list of changelog ids.' });
    const wanted = new Set(body.changelogIds.map(String));
    const histories = issue.changelog.filter((entry) => wanted.has(entry.id)).map((entry) => this.changelogBean(entry));
    return { status: 200, body: { histories, maxResults: histories.length, startAt: 0, total: histories.length } };
  }

  private changelogBean(entry: IssueRecord['changelog'][number]) {
    const author = entry.authorAccountId ? this.site.findUser(entry.authorAccountId) : undefined;
    return {
      id: entry.id,
      ...(author ? { author: this.site.userBean(author, false, false) } : {}),
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
    const issue = this.site.requireIssue(idOrKey, principal);
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
    const issue = this.site.requireIssue(idOrKey, principal);
    const comments = issue.comments.map((comment) => this.site.commentBean(issue, comment));
    return { status: 200, body: { startAt: 0, maxResults: 5000, total: comments.length, comments } };
  }

  private addComment(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(issue), 'ADD_COMMENTS', 'add comments');
    const body = isPlainObject(request.body) ? request.body : {};
    if (!isAdf(body.body))
      throw badRequest({ comment: 'Comment body must be an Atlassian Document (see the Atlassian Document Format).' });
    const counters = this.site.counters();
    const now = jiraTimestamp(this.site.now());
    const comment = {
      id: this.site.nextId(counters, 'comment'),
      authorAccountId: principal.kind === 'user' ? principal.accountId : 'app',
      body: body.body,
      created: now,
      updated: now,
    };
    const updated = { ...issue, comments: [...issue.comments, comment], fields: { ...issue.fields, updated: now } };
    // Jira sends avi:jira:commented:issue for every comment created, the app's own included (self-generated).
    const event = this.site.eventFor(
      'avi:jira:commented:issue',
      updated,
      principal,
      counters,
      undefined,
      this.site.commentBean(issue, comment) as Record<string, unknown>,
    );
    this.site.store.commit([
      { collection: COLLECTIONS.issues, id: issue.id, value: updated },
      this.site.counterWrite(counters),
      event.write,
    ]);
    this.site.deliver(event.event);
    return { status: 201, body: this.site.commentBean(issue, comment) };
  }

  /**
   * POST /issue/{key}/notify: queues an email about the issue (204). Recipients are `to.users`
   * (account ids); 400 when one is not a user or is the caller, or nobody is named; 404 when the
   * issue is not visible (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-notify-post).
   * The queued emails are kept (`notifications()`) for tests and the sandbox's mail view.
   */
  private notify(request: EmulatorRequest, principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    const body = isPlainObject(request.body) ? request.body : {};
    const to = isPlainObject(body.to) ? body.to : {};
    const users = Array.isArray(to.users) ? to.users : [];
    const recipients = users.map((entry) => (isPlainObject(entry) && typeof entry.accountId === 'string' ? entry.accountId : ''));
    const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
    if (body.subject !== undefined && text(body.subject) === undefined)
      throw badRequest({ subject: 'The subject must be a string.' });
    if (recipients.length === 0) throw badRequest({}, ['No recipients were defined for notification.']);
    const invalid = recipients.find((accountId) => !this.site.findUser(accountId));
    if (invalid !== undefined) throw badRequest({}, [`The user '${invalid}' is not a valid recipient.`]);
    if (principal.kind === 'user' && recipients.includes(principal.accountId))
      throw badRequest({}, ['You cannot send a notification to yourself.']);
    const counters = this.site.counters();
    const record: NotificationRecord = {
      id: this.site.nextId(counters, 'notification'),
      issueId: issue.id,
      issueKey: issue.key,
      // "If this is not specified, then the subject is set to the issue key and summary."
      subject: text(body.subject) ?? `${issue.key} ${String(issue.fields.summary ?? '')}`,
      textBody: text(body.textBody) ?? '',
      htmlBody: text(body.htmlBody) ?? '',
      recipients: [...new Set(recipients)],
      sentBy: principal.kind === 'user' ? principal.accountId : 'app',
      at: jiraTimestamp(this.site.now()),
    };
    this.site.store.commit([
      { collection: COLLECTIONS.notifications, id: record.id, value: record },
      this.site.counterWrite(counters),
    ]);
    return { status: 204 };
  }

  /** The emails queued through /notify, oldest first. */
  notifications(): NotificationRecord[] {
    return this.site.store
      .list<NotificationRecord>(COLLECTIONS.notifications)
      .sort((left, right) => Number(left.id) - Number(right.id));
  }

  private listProperties(principal: Principal, idOrKey: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    const keys = Object.keys(issue.properties).map((key) => ({
      key,
      self: `${this.site.baseUrl()}/rest/api/3/issue/${issue.id}/properties/${encodeURIComponent(key)}`,
    }));
    return { status: 200, body: { keys } };
  }

  private getProperty(principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    if (!(property in issue.properties)) throw notFound(`The property with key '${property}' does not exist.`);
    return { status: 200, body: { key: property, value: issue.properties[property] } };
  }

  private setProperty(request: EmulatorRequest, principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(issue), 'EDIT_ISSUES', 'edit issues');
    if (property.length > 255) throw badRequest({}, ['The property key can not be longer than 255 characters.']);
    if (request.body === undefined) throw badRequest({}, ['The property value must be valid JSON.']);
    if (Buffer.byteLength(JSON.stringify(request.body)) > MAX_PROPERTY_BYTES) {
      throw badRequest({}, [`The property value is too large. It must not exceed ${MAX_PROPERTY_BYTES} bytes.`]);
    }
    const existed = property in issue.properties;
    this.site.store.commit([
      {
        collection: COLLECTIONS.issues,
        id: issue.id,
        value: { ...issue, properties: { ...issue.properties, [property]: request.body } },
      },
    ]);
    return { status: existed ? 200 : 201 };
  }

  private deleteProperty(principal: Principal, idOrKey: string, property: string): EmulatorResponse {
    const issue = this.site.requireIssue(idOrKey, principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(issue), 'EDIT_ISSUES', 'edit issues');
    if (!(property in issue.properties)) throw notFound(`The property with key '${property}' does not exist.`);
    const { [property]: _removed, ...rest } = issue.properties;
    this.site.store.commit([{ collection: COLLECTIONS.issues, id: issue.id, value: { ...issue, properties: rest } }]);
    return { status: 204 };
  }

  private linkIssues(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isPlainObject(request.body) ? request.body : {};
    const typeRef = isPlainObject(body.type) ? String(body.type.id ?? body.type.name ?? '') : '';
    const type = ISSUE_LINK_TYPES.find((candidate) => candidate.id === typeRef || candidate.name === typeRef);
    if (!type) throw notFound(`No issue link type with name '${typeRef}' found.`);
    const refOf = (value: unknown) => (isPlainObject(value) ? String(value.id ?? value.key ?? '') : '');
    const inward = this.site.requireIssue(refOf(body.inwardIssue), principal);
    const outward = this.site.requireIssue(refOf(body.outwardIssue), principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(inward), 'LINK_ISSUES', 'link issues');
    const exists = this.site.store
      .list<IssueLinkRecord>(COLLECTIONS.links)
      .some((link) => link.typeId === type.id && link.inwardIssueId === inward.id && link.outwardIssueId === outward.id);
    if (!exists) {
      const counters = this.site.counters();
      const link: IssueLinkRecord = {
        id: this.site.nextId(counters, 'link'),
        typeId: type.id,
        inwardIssueId: inward.id,
        outwardIssueId: outward.id,
      };
      this.site.store.commit([{ collection: COLLECTIONS.links, id: link.id, value: link }, this.site.counterWrite(counters)]);
    }
    return { status: 201 };
  }

  private deleteLink(principal: Principal, id: string): EmulatorResponse {
    const link = this.site.store.get<IssueLinkRecord>(COLLECTIONS.links, id);
    if (!link) throw notFound(`No issue link with id '${id}' exists.`);
    const inward = this.site.requireIssue(link.inwardIssueId, principal);
    this.site.requireProjectPermission(principal, this.site.projectOf(inward), 'LINK_ISSUES', 'link issues');
    this.site.store.commit([{ collection: COLLECTIONS.links, id, delete: true }]);
    return { status: 204 };
  }
}
