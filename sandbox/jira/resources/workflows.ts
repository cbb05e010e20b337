import { randomUUID } from 'node:crypto';
import type { DurableStore, StoreWrite } from '../../store/durable-store';
import {
  badRequest,
  forbidden,
  HttpError,
  notFound,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import type { JiraTasks } from './tasks';
import { COLLECTIONS, STATUSES, TRANSITIONS, type IssueRecord, type IssueTypeRecord, type StatusRecord } from '../model';
import { isPlainObject } from '../../../src/domain/checks';
import type { Site } from '../site';

/**
 * Statuses, workflows and workflow schemes of the emulated site. Every project gets a workflow
 * scheme of its own mapping every issue type to the simple workflow (today's STATUSES and
 * TRANSITIONS); issues follow the workflow their type is mapped to. Shapes follow the platform REST
 * v3 spec (PageOfStatuses, JiraStatus, WorkflowCreateRequest, JiraWorkflow, WorkflowScheme).
 */

export const WORKFLOW_COLLECTIONS = {
  statuses: 'jira-statuses',
  workflows: 'jira-workflows',
  workflowSchemes: 'jira-workflow-schemes',
} as const;

export interface SiteStatusRecord extends StatusRecord {
  description: string;
}

/** A validator on a transition (WorkflowRuleConfiguration); parameters are strings, as in Jira. */
export interface WorkflowRuleRecord {
  id: string;
  ruleKey: string;
  parameters: Record<string, string>;
}

export interface WorkflowTransitionRecord {
  id: string;
  name: string;
  /** Status ids the transition starts from; empty for a global transition (from any status). */
  from: string[];
  to: string;
  /** Checked before the transition is made; only Forge validators are supported here. */
  validators?: WorkflowRuleRecord[];
}

export interface WorkflowRecord {
  id: string;
  name: string;
  description: string;
  statusIds: string[];
  initialStatusId: string;
  transitions: WorkflowTransitionRecord[];
  /** Bumped on every update; an update based on another version is refused (409). */
  version: { id: string; versionNumber: number };
}

/** A rule type an installed Forge app provides (AvailableWorkflowForgeRule); `id` is the module's ARI. */
export interface ForgeRuleDeclaration {
  id: string;
  name: string;
  description: string;
  ruleKey: string;
  ruleType: 'Validator';
}

/** The rule key of every Forge validator; `parameters.key` names the module, `parameters.config` its configuration. */
export const FORGE_VALIDATOR_RULE_KEY = 'forge:expression-validator';
const MAX_RULE_CONFIG_CHARS = 100_000;

interface SchemeMappings {
  defaultWorkflow: string;
  /** Workflow names by issue type id. */
  issueTypeMappings: Record<string, string>;
}

export interface WorkflowSchemeRecord extends SchemeMappings {
  id: string;
  name: string;
  description: string;
  projectIds: string[];
  /** Edits to a scheme in use wait here until published, as in Jira. */
  draft?: SchemeMappings;
}

type SpecCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';
const CATEGORIES: Record<SpecCategory, StatusRecord['category']> = {
  TODO: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' },
  IN_PROGRESS: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' },
  DONE: { id: 3, key: 'done', name: 'Done', colorName: 'green' },
};
const specCategory = (status: StatusRecord): SpecCategory =>
  status.category.key === 'new' ? 'TODO' : status.category.key === 'done' ? 'DONE' : 'IN_PROGRESS';

export const SIMPLE_WORKFLOW: WorkflowRecord = {
  id: '5a4c1b6e-0000-4000-8000-000000000001',
  name: 'Sandbox simple workflow',
  description: 'Every status can move to every other.',
  statusIds: STATUSES.map((status) => status.id),
  initialStatusId: STATUSES[0]!.id,
  transitions: TRANSITIONS.map((transition) => ({ id: transition.id, name: transition.name, from: [], to: transition.to })),
  version: { id: '5a4c1b6e-0000-4000-8000-100000000001', versionNumber: 1 },
};

const PUBLISH_DRAFT_TASK = 'publish-workflow-scheme-draft';

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

export class JiraWorkflows {
  constructor(
    private readonly site: Site,
    private readonly tasks: JiraTasks,
  ) {
    tasks.define(PUBLISH_DRAFT_TASK, ({ schemeId }) => {
      const scheme = this.requireScheme(schemeId!);
      const draft = this.publishableDraft(scheme);
      const { draft: _published, ...rest } = scheme;
      return {
        writes: [{ collection: WORKFLOW_COLLECTIONS.workflowSchemes, id: scheme.id, value: { ...rest, ...draft } }],
        result: null,
      };
    });
  }

  private get store(): DurableStore {
    return this.site.store;
  }

  /** The rules installed Forge apps provide (their jira:workflowValidator modules). */
  private forgeRules(): ForgeRuleDeclaration[] {
    return this.site.options.forgeRules?.() ?? [];
  }

  static initialCollections(): Record<string, Record<string, unknown>> {
    return {
      [WORKFLOW_COLLECTIONS.statuses]: Object.fromEntries(
        STATUSES.map((status) => [status.id, { ...status, description: '' } satisfies SiteStatusRecord]),
      ),
      [WORKFLOW_COLLECTIONS.workflows]: { [SIMPLE_WORKFLOW.id]: SIMPLE_WORKFLOW },
      [WORKFLOW_COLLECTIONS.workflowSchemes]: {},
    };
  }

  /** A new project's own workflow scheme, every type on the simple workflow. */
  provisionProject(project: { id: string; key: string }, nextId: (name: string) => string): StoreWrite[] {
    const scheme: WorkflowSchemeRecord = {
      id: nextId('workflowScheme'),
      name: `${project.key}: Workflow Scheme`,
      description: '',
      defaultWorkflow: SIMPLE_WORKFLOW.name,
      issueTypeMappings: {},
      projectIds: [project.id],
    };
    return [{ collection: WORKFLOW_COLLECTIONS.workflowSchemes, id: scheme.id, value: scheme }];
  }

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/status`, () => ({
      status: 200,
      body: this.site.statuses().map((status) => this.site.statusBean(status.id)),
    }));
    route('GET', `${api}/statuses/search`, (request, principal) => this.searchStatuses(request, principal));
    route('POST', `${api}/statuses`, (request, principal) => this.createStatuses(request, principal));
    route('GET', `${api}/workflows/search`, (request, principal) => this.searchWorkflows(request, principal));
    route('POST', `${api}/workflows/create`, (request, principal) => this.createWorkflows(request, principal));
    route('GET', `${api}/workflows/capabilities`, (request, principal) => this.capabilities(request, principal));
    route('POST', `${api}/workflows`, (request, principal) => this.readWorkflows(request, principal));
    route('POST', `${api}/workflows/update`, (request, principal) => this.updateWorkflows(request, principal));
    route('GET', `${api}/workflowscheme/project`, (request, principal) => this.schemesForProjects(request, principal));
    route('PUT', `${api}/workflowscheme/{id}/issuetype/{issueType}`, (request, principal, [id, type]) =>
      this.setIssueTypeWorkflow(request, principal, id!, type!),
    );
    route('POST', `${api}/workflowscheme/{id}/draft/publish`, (request, principal, [id]) =>
      this.publishDraft(request, principal, id!),
    );
  }

  // ---- lookups the emulator uses ---------------------------------------------------------------

  /** The workflow an issue type follows in a project: project's scheme → type mapping or default. */
  workflowFor(projectId: string, issueTypeId: string): WorkflowRecord {
    const scheme = this.schemeOfProject(projectId);
    const name = scheme ? (scheme.issueTypeMappings[issueTypeId] ?? scheme.defaultWorkflow) : SIMPLE_WORKFLOW.name;
    return this.workflowByName(name) ?? SIMPLE_WORKFLOW;
  }

  /** Transitions available from the issue's status: directed ones from it, and global ones to elsewhere. */
  availableTransitions(issue: IssueRecord): WorkflowTransitionRecord[] {
    const status = String(issue.fields.status);
    return this.workflowFor(issue.projectId, String(issue.fields.issuetype)).transitions.filter(
      (transition) => transition.to !== status && (transition.from.length === 0 || transition.from.includes(status)),
    );
  }

  // ---- handlers --------------------------------------------------------------------------------

  private requireAdmin(principal: Principal): void {
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to manage workflows.');
  }

  private schemeOfProject(projectId: string): WorkflowSchemeRecord | undefined {
    return this.store
      .list<WorkflowSchemeRecord>(WORKFLOW_COLLECTIONS.workflowSchemes)
      .find((scheme) => scheme.projectIds.includes(projectId));
  }

  private workflowByName(name: string): WorkflowRecord | undefined {
    return this.store.list<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows).find((workflow) => workflow.name === name);
  }

  private paging(request: EmulatorRequest, limit: number): { startAt: number; maxResults: number } {
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const maxResults = Math.min(Math.max(1, Number(queryValue(request.query, 'maxResults') ?? limit) || limit), limit);
    return { startAt, maxResults };
  }

  private statusBean(status: SiteStatusRecord): Record<string, unknown> {
    return {
      id: status.id,
      name: status.name,
      description: status.description,
      statusCategory: specCategory(status),
      scope: { type: 'GLOBAL' },
    };
  }

  private searchStatuses(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const text = (queryValue(request.query, 'searchString') ?? '').toLowerCase();
    const all = this.site.statuses().filter((status) => status.name.toLowerCase().includes(text));
    const { startAt, maxResults } = this.paging(request, 200);
    const values = all.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        total: all.length,
        isLast: startAt + values.length >= all.length,
        values: values.map((status) => this.statusBean(status)),
      },
    };
  }

  private createStatuses(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const body = isPlainObject(request.body) ? request.body : {};
    if (!isPlainObject(body.scope) || body.scope.type !== 'GLOBAL')
      throw badRequest({}, ['Only GLOBAL scope statuses are supported in this sandbox.']);
    const existing = this.site.statuses();
    const taken = new Set(existing.map((status) => status.name.toLowerCase()));
    // Status ids are numeric and unique site-wide; new ones follow the highest in use.
    let nextId = Math.max(...existing.map((status) => Number(status.id)).filter(Number.isFinite), 10000);
    const created: SiteStatusRecord[] = [];
    for (const entry of list(body.statuses)) {
      const name = isPlainObject(entry) && typeof entry.name === 'string' ? entry.name.trim() : '';
      const category =
        isPlainObject(entry) && typeof entry.statusCategory === 'string'
          ? CATEGORIES[entry.statusCategory as SpecCategory]
          : undefined;
      if (!name || name.length > 255 || !category)
        throw badRequest({}, ['Each status needs a name (1 to 255 characters) and a status category.']);
      if (taken.has(name.toLowerCase())) throw new HttpError(409, [`A status with the name '${name}' already exists.`]);
      taken.add(name.toLowerCase());
      nextId += 1;
      created.push({
        id: String(nextId),
        name,
        description: isPlainObject(entry) && typeof entry.description === 'string' ? entry.description : '',
        category,
      });
    }
    if (created.length === 0) throw badRequest({}, ['At least one status is required.']);
    this.store.commit(created.map((status) => ({ collection: WORKFLOW_COLLECTIONS.statuses, id: status.id, value: status })));
    return { status: 200, body: created.map((status) => this.statusBean(status)) };
  }

  private workflowBean(workflow: WorkflowRecord): Record<string, unknown> {
    return {
      id: workflow.id,
      name: workflow.name,
      description: workflow.description,
      scope: { type: 'GLOBAL' },
      isEditable: workflow.id !== SIMPLE_WORKFLOW.id,
    };
  }

  private searchWorkflows(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const text = (queryValue(request.query, 'queryString') ?? '').toLowerCase();
    const all = this.store
      .list<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows)
      .filter((workflow) => workflow.name.toLowerCase().includes(text));
    const { startAt, maxResults } = this.paging(request, 50);
    const values = all.slice(startAt, startAt + maxResults);
    return {
      status: 200,
      body: {
        startAt,
        maxResults,
        total: all.length,
        isLast: startAt + values.length >= all.length,
        values: values.map((workflow) => this.workflowBean(workflow)),
      },
    };
  }

  /** Statuses named by `id` in a request's status list, by the reference the workflows use for them. */
  private statusReferences(body: Record<string, unknown>): (reference: unknown) => SiteStatusRecord {
    const references = new Map<string, SiteStatusRecord>();
    for (const entry of list(body.statuses)) {
      const status = isPlainObject(entry) && typeof entry.id === 'string' ? this.site.status(entry.id) : undefined;
      if (!status || !isPlainObject(entry) || typeof entry.statusReference !== 'string')
        throw badRequest({}, ['Every status must reference an existing status by id in this sandbox.']);
      references.set(entry.statusReference, status);
    }
    return (reference) => {
      const status = typeof reference === 'string' ? references.get(reference) : undefined;
      if (!status) throw badRequest({}, [`The status reference ${String(reference)} is not defined.`]);
      return status;
    };
  }

  /** Validators as Jira takes them: Forge validators of installed apps, with string parameters. */
  private parseValidators(value: unknown, transitionName: string): WorkflowRuleRecord[] {
    return list(value).map((item) => {
      if (!isPlainObject(item) || typeof item.ruleKey !== 'string')
        throw badRequest({}, [`Transition '${transitionName}': every validator needs a ruleKey.`]);
      const parameters = isPlainObject(item.parameters) ? item.parameters : {};
      if (Object.values(parameters).some((parameter) => typeof parameter !== 'string'))
        throw badRequest({}, [`Transition '${transitionName}': rule parameters must be strings.`]);
      if (item.ruleKey !== FORGE_VALIDATOR_RULE_KEY)
        throw badRequest({}, [
          `Transition '${transitionName}': this sandbox supports only Forge validators (${FORGE_VALIDATOR_RULE_KEY}), not ${item.ruleKey}.`,
        ]);
      if (!this.forgeRules().some((rule) => rule.id === parameters.key))
        throw badRequest({}, [`Transition '${transitionName}': no installed app provides the rule ${String(parameters.key)}.`]);
      if (String(parameters.config ?? '').length > MAX_RULE_CONFIG_CHARS)
        throw badRequest({}, [`Transition '${transitionName}': a rule's configuration is at most 100 kB.`]);
      return {
        id: typeof item.id === 'string' && item.id ? item.id : randomUUID(),
        ruleKey: item.ruleKey,
        parameters: parameters as Record<string, string>,
      };
    });
  }

  /** A workflow's statuses and transitions from a create or update request. */
  private parseDefinition(
    entry: Record<string, unknown>,
    resolve: (reference: unknown) => SiteStatusRecord,
  ): Pick<WorkflowRecord, 'statusIds' | 'initialStatusId' | 'transitions'> {
    const statusIds = list(entry.statuses).map(
      (layout) => resolve(isPlainObject(layout) ? layout.statusReference : undefined).id,
    );
    const transitions: WorkflowTransitionRecord[] = [];
    let initialStatusId: string | undefined;
    for (const item of list(entry.transitions)) {
      if (!isPlainObject(item)) continue;
      const to = resolve(item.toStatusReference).id;
      if (!statusIds.includes(to))
        throw badRequest({}, [`Transition '${String(item.name)}' goes to a status that is not in the workflow.`]);
      if (item.type === 'INITIAL') {
        initialStatusId = to;
        continue;
      }
      const from =
        item.type === 'GLOBAL'
          ? []
          : list(item.links).map((link) => resolve(isPlainObject(link) ? link.fromStatusReference : undefined).id);
      if (item.type !== 'GLOBAL' && from.length === 0)
        throw badRequest({}, [`Directed transition '${String(item.name)}' needs a from status.`]);
      const validators = this.parseValidators(item.validators, String(item.name ?? ''));
      transitions.push({
        id: typeof item.id === 'string' ? item.id : String((transitions.length + 1) * 10 + 1),
        name: String(item.name ?? ''),
        from,
        to,
        ...(validators.length > 0 ? { validators } : {}),
      });
    }
    if (!initialStatusId) throw badRequest({}, ['A workflow needs exactly one INITIAL transition.']);
    return { statusIds, initialStatusId, transitions };
  }

  /** Creates workflows from existing statuses (statuses named by `id` in the request's status list). */
  private createWorkflows(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const body = isPlainObject(request.body) ? request.body : {};
    if (!isPlainObject(body.scope) || body.scope.type !== 'GLOBAL')
      throw badRequest({}, ['Only GLOBAL scope workflows are supported in this sandbox.']);
    const resolve = this.statusReferences(body);
    const existing = this.store.list<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows);
    const created: WorkflowRecord[] = [];
    list(body.workflows).forEach((entry, index) => {
      if (!isPlainObject(entry)) throw badRequest({}, ['A workflow must be an object.']);
      const name = typeof entry.name === 'string' ? entry.name.trim() : '';
      if (!name) throw badRequest({}, ['A workflow needs a name.']);
      if ([...existing, ...created].some((workflow) => workflow.name === name))
        throw new HttpError(409, [`A workflow with the name '${name}' already exists.`]);
      created.push({
        id: `5a4c1b6e-0000-4000-8000-${String(existing.length + index + 1).padStart(12, '0')}`,
        name,
        description: typeof entry.description === 'string' ? entry.description : '',
        ...this.parseDefinition(entry, resolve),
        version: { id: randomUUID(), versionNumber: 1 },
      });
    });
    this.store.commit(
      created.map((workflow) => ({ collection: WORKFLOW_COLLECTIONS.workflows, id: workflow.id, value: workflow })),
    );
    return {
      status: 200,
      body: { statuses: this.workflowStatusBeans(created), workflows: created.map((workflow) => this.workflowBean(workflow)) },
    };
  }

  private workflowStatusBeans(workflows: WorkflowRecord[]): Record<string, unknown>[] {
    const used = [...new Set(workflows.flatMap((workflow) => workflow.statusIds))].map((id) => this.site.status(id)!);
    return used.map((status) => ({ ...this.statusBean(status), statusReference: status.id }));
  }

  /** A workflow with its layout, transitions and rules (JiraWorkflow), as the bulk read and the update answer. */
  private workflowDetailsBean(workflow: WorkflowRecord): Record<string, unknown> {
    const rule = (validator: WorkflowRuleRecord) => ({
      id: validator.id,
      ruleKey: validator.ruleKey,
      parameters: { ...validator.parameters },
    });
    return {
      ...this.workflowBean(workflow),
      version: { ...workflow.version },
      statuses: workflow.statusIds.map((statusReference) => ({ statusReference, properties: {}, deprecated: false })),
      transitions: [
        {
          id: '1',
          name: 'Create',
          description: '',
          type: 'INITIAL',
          toStatusReference: workflow.initialStatusId,
          links: [],
          actions: [],
          validators: [],
          triggers: [],
          properties: {},
        },
        ...workflow.transitions.map((transition) => ({
          id: transition.id,
          name: transition.name,
          description: '',
          type: transition.from.length === 0 ? 'GLOBAL' : 'DIRECTED',
          toStatusReference: transition.to,
          links: transition.from.map((fromStatusReference) => ({ fromStatusReference })),
          actions: [],
          validators: (transition.validators ?? []).map(rule),
          triggers: [],
          properties: {},
        })),
      ],
    };
  }

  /** The rules available on a workflow: here only the Forge rules of installed apps. */
  private capabilities(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const workflowId = queryValue(request.query, 'workflowId');
    const projectId = queryValue(request.query, 'projectId');
    const issueTypeId = queryValue(request.query, 'issueTypeId');
    if (workflowId !== undefined) {
      if (!this.store.get<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows, workflowId))
        throw badRequest({}, [`The workflow ${workflowId} was not found.`]);
    } else if (projectId === undefined || issueTypeId === undefined)
      throw badRequest({}, ['Give either workflowId, or projectId and issueTypeId.']);
    else if (!this.store.has(COLLECTIONS.projects, projectId) || !this.store.get(COLLECTIONS.issueTypes, issueTypeId))
      throw badRequest({}, ['The project or issue type was not found.']);
    return {
      status: 200,
      body: {
        editorScope: 'GLOBAL',
        projectTypes: ['software', 'business'],
        systemRules: [],
        connectRules: [],
        triggerRules: [],
        forgeRules: this.forgeRules().map((rule) => ({ ...rule })),
      },
    };
  }

  /** POST /workflows: workflows by id, by name, or by the project and issue type that use them. */
  private readWorkflows(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const body = isPlainObject(request.body) ? request.body : {};
    const all = this.store.list<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows);
    const ids = new Set(list(body.workflowIds).map(String));
    const names = new Set(list(body.workflowNames).map(String));
    for (const pair of list(body.projectAndIssueTypes)) {
      if (isPlainObject(pair) && typeof pair.projectId === 'string' && typeof pair.issueTypeId === 'string')
        ids.add(this.workflowFor(pair.projectId, pair.issueTypeId).id);
    }
    const found = all.filter((workflow) => ids.has(workflow.id) || names.has(workflow.name));
    return {
      status: 200,
      body: { statuses: this.workflowStatusBeans(found), workflows: found.map((workflow) => this.workflowDetailsBean(workflow)) },
    };
  }

  /**
   * Replaces workflows' statuses and transitions. The request names the version it was based on;
   * another version is a conflict, so two admins cannot overwrite each other. Issues in a status
   * the update removes would need status mappings, which this sandbox refuses as it does on publish.
   */
  private updateWorkflows(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const body = isPlainObject(request.body) ? request.body : {};
    const resolve = this.statusReferences(body);
    const updated: WorkflowRecord[] = [];
    for (const entry of list(body.workflows)) {
      if (!isPlainObject(entry) || typeof entry.id !== 'string') throw badRequest({}, ['Each workflow to update needs its id.']);
      const current = this.store.get<WorkflowRecord>(WORKFLOW_COLLECTIONS.workflows, entry.id);
      if (!current) throw badRequest({}, [`The workflow ${entry.id} was not found.`]);
      if (current.id === SIMPLE_WORKFLOW.id) throw badRequest({}, [`The workflow '${current.name}' cannot be edited.`]);
      const versionNumber = isPlainObject(entry.version) ? entry.version.versionNumber : undefined;
      if (versionNumber !== current.version.versionNumber) {
        throw new HttpError(409, [
          `The workflow '${current.name}' was changed since version ${String(versionNumber)}; it is at version ${current.version.versionNumber}. Read it again and retry.`,
        ]);
      }
      const definition = this.parseDefinition(entry, resolve);
      const inUse = new Set(
        this.store
          .list<IssueRecord>(COLLECTIONS.issues)
          .filter((issue) => this.workflowFor(issue.projectId, String(issue.fields.issuetype)).id === current.id)
          .map((issue) => String(issue.fields.status)),
      );
      if ([...inUse].some((statusId) => !definition.statusIds.includes(statusId)))
        throw badRequest({}, [
          'Status mappings are required for issues in a removed status (this sandbox does not support them).',
        ]);
      updated.push({
        ...current,
        ...definition,
        description: typeof entry.description === 'string' ? entry.description : current.description,
        version: { id: randomUUID(), versionNumber: current.version.versionNumber + 1 },
      });
    }
    this.store.commit(
      updated.map((workflow) => ({ collection: WORKFLOW_COLLECTIONS.workflows, id: workflow.id, value: workflow })),
    );
    return {
      status: 200,
      body: {
        statuses: this.workflowStatusBeans(updated),
        workflows: updated.map((workflow) => this.workflowDetailsBean(workflow)),
      },
    };
  }

  private schemeBean(scheme: WorkflowSchemeRecord, draft: boolean): Record<string, unknown> {
    const shown = draft && scheme.draft ? scheme.draft : scheme;
    return {
      id: Number(scheme.id),
      name: scheme.name,
      description: scheme.description,
      defaultWorkflow: shown.defaultWorkflow,
      issueTypeMappings: { ...shown.issueTypeMappings },
      self: `${this.site.baseUrl()}/rest/api/3/workflowscheme/${scheme.id}`,
      ...(draft && scheme.draft
        ? {
            draft: true,
            originalDefaultWorkflow: scheme.defaultWorkflow,
            originalIssueTypeMappings: { ...scheme.issueTypeMappings },
          }
        : { draft: false }),
    };
  }

  private schemesForProjects(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    this.requireAdmin(principal);
    const projectIds = ([] as string[]).concat(request.query.projectId ?? []).flatMap((id) => id.split(','));
    if (projectIds.length === 0) throw badRequest({}, ['projectId is required.']);
    const values = projectIds
      .filter((projectId) => this.store.has(COLLECTIONS.projects, projectId))
      .map((projectId) => ({ projectId, scheme: this.schemeOfProject(projectId) }))
      .filter((entry): entry is { projectId: string; scheme: WorkflowSchemeRecord } => entry.scheme !== undefined)
      .map((entry) => ({ projectIds: [entry.projectId], workflowScheme: this.schemeBean(entry.scheme, false) }));
    return { status: 200, body: { values } };
  }

  private requireScheme(id: string): WorkflowSchemeRecord {
    const scheme = this.store.get<WorkflowSchemeRecord>(WORKFLOW_COLLECTIONS.workflowSchemes, id);
    if (!scheme) throw notFound(`The workflow scheme ${id} was not found.`);
    return scheme;
  }

  /** A scheme in use by a project is only changed through a draft, and only if the caller allows one. */
  private setIssueTypeWorkflow(
    request: EmulatorRequest,
    principal: Principal,
    schemeId: string,
    issueTypeId: string,
  ): EmulatorResponse {
    this.requireAdmin(principal);
    const scheme = this.requireScheme(schemeId);
    if (!this.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, issueTypeId))
      throw notFound(`The issue type ${issueTypeId} was not found.`);
    const body = isPlainObject(request.body) ? request.body : {};
    const workflow = typeof body.workflow === 'string' ? body.workflow : '';
    if (!this.workflowByName(workflow)) throw badRequest({}, [`The workflow '${workflow}' was not found.`]);
    if (scheme.projectIds.length === 0) {
      const updated = { ...scheme, issueTypeMappings: { ...scheme.issueTypeMappings, [issueTypeId]: workflow } };
      this.store.commit([{ collection: WORKFLOW_COLLECTIONS.workflowSchemes, id: scheme.id, value: updated }]);
      return { status: 200, body: this.schemeBean(updated, false) };
    }
    if (body.updateDraftIfNeeded !== true)
      throw badRequest({}, ['The workflow scheme is active; set updateDraftIfNeeded to update its draft.']);
    const base = scheme.draft ?? { defaultWorkflow: scheme.defaultWorkflow, issueTypeMappings: scheme.issueTypeMappings };
    const updated: WorkflowSchemeRecord = {
      ...scheme,
      draft: { defaultWorkflow: base.defaultWorkflow, issueTypeMappings: { ...base.issueTypeMappings, [issueTypeId]: workflow } },
    };
    this.store.commit([{ collection: WORKFLOW_COLLECTIONS.workflowSchemes, id: scheme.id, value: updated }]);
    return { status: 200, body: this.schemeBean(updated, true) };
  }

  /**
   * Publishing is asynchronous in Jira: the request is checked, then answered 303 with a task that
   * applies the draft when it runs (it fails if the draft is gone or no longer publishable by then).
   * Issues whose status is not in their new workflow would need status mappings, which this sandbox
   * does not take: it refuses such a publish rather than leave issues in a status their workflow lacks.
   */
  private publishDraft(request: EmulatorRequest, principal: Principal, schemeId: string): EmulatorResponse {
    this.requireAdmin(principal);
    const scheme = this.requireScheme(schemeId);
    this.publishableDraft(scheme);
    if (queryValue(request.query, 'validateOnly') === 'true') return { status: 204 };
    return this.tasks.submit(
      PUBLISH_DRAFT_TASK,
      `Publishing the draft of workflow scheme ${scheme.name}`,
      { schemeId: scheme.id },
      principal,
    );
  }

  private publishableDraft(scheme: WorkflowSchemeRecord): SchemeMappings {
    if (!scheme.draft) throw notFound(`The workflow scheme ${scheme.id} has no draft.`);
    const draft = scheme.draft;
    const stranded = this.store.list<IssueRecord>(COLLECTIONS.issues).filter((issue) => {
      if (!scheme.projectIds.includes(issue.projectId)) return false;
      const name = draft.issueTypeMappings[String(issue.fields.issuetype)] ?? draft.defaultWorkflow;
      return !(this.workflowByName(name) ?? SIMPLE_WORKFLOW).statusIds.includes(String(issue.fields.status));
    });
    if (stranded.length > 0)
      throw badRequest({}, [`Status mappings are required for ${stranded.length} issues (this sandbox does not support them).`]);
    return draft;
  }
}
