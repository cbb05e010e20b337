import { isPlainObject } from '../../../src/domain/checks';
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
import {
  COLLECTIONS,
  COMPONENT_ASSIGNEE_TYPES,
  type ComponentAssigneeType,
  type ComponentRecord,
  type IssueTypeRecord,
  type IssueTypeSchemeRecord,
  type ProjectRecord,
} from '../model';
import type { Site } from '../site';
import type { JiraConfiguration } from './configuration';
import type { JiraWorkflows } from './workflows';

const MAX_COMPONENT_NAME = 255;

/**
 * Projects, Project components, Issue types and Issue type schemes (platform REST v3). Creating a
 * project provisions its screens (configuration) and workflow scheme (workflows) in the same commit.
 */
export class JiraProjects {
  constructor(
    private readonly site: Site,
    private readonly configuration: JiraConfiguration,
    private readonly workflows: JiraWorkflows,
  ) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/issuetype`, () => ({
      status: 200,
      body: this.site.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes).map((type) => this.site.issueTypeBean(type)),
    }));
    route('POST', `${api}/issuetype`, (request, principal) => this.createIssueType(request, principal));
    route('GET', `${api}/issuetype/{id}`, (_r, _p, [id]) => ({
      status: 200,
      body: this.site.issueTypeBean(this.site.requireIssueType(id!)),
    }));
    route('GET', `${api}/issuetypescheme/project`, (request, principal) => this.schemeForProject(request, principal));
    route('GET', `${api}/issuetypescheme/mapping`, (request, principal) => this.schemeMapping(request, principal));
    route('PUT', `${api}/issuetypescheme/{id}/issuetype`, (request, principal, [id]) =>
      this.addToScheme(request, principal, id!),
    );
    // Registered before project/{key} so "search" is never read as a key.
    route('GET', `${api}/project/search`, (request, principal) => this.searchProjects(request, principal));
    route('POST', `${api}/project`, (request, principal) => this.createProject(request, principal));
    route('GET', `${api}/project/{key}`, (_r, principal, [key]) => ({
      status: 200,
      body: this.site.projectBean(this.site.requireVisibleProject(key!, principal), true),
    }));
    route('GET', `${api}/project/{key}/components`, (_r, principal, [key]) => ({
      status: 200,
      body: this.site
        .projectComponents(this.site.requireVisibleProject(key!, principal))
        .map((component) => this.site.componentBean(component)),
    }));
    route('POST', `${api}/component`, (request, principal) => this.createComponent(request, principal));
  }

  private searchProjects(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const maxResults = Math.min(Math.max(1, Number(queryValue(request.query, 'maxResults') ?? 50) || 50), 100);
    const text = (queryValue(request.query, 'query') ?? '').toLowerCase();
    const visible = this.site.store
      .list<ProjectRecord>(COLLECTIONS.projects)
      .filter((project) => this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS'))
      .filter((project) => !text || project.key.toLowerCase().includes(text) || project.name.toLowerCase().includes(text));
    const values = visible.slice(startAt, startAt + maxResults).map((project) => this.site.projectBean(project, false));
    return {
      status: 200,
      body: {
        self: `${this.site.baseUrl()}/rest/api/3/project/search?startAt=${startAt}&maxResults=${maxResults}`,
        maxResults,
        startAt,
        total: visible.length,
        isLast: startAt + values.length >= visible.length,
        values,
      },
    };
  }

  private createProject(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.site.hasGlobal(principal, 'ADMINISTER'))
      throw forbidden('You must have global administrator rights in order to create projects.');
    const body = isPlainObject(request.body) ? request.body : {};
    const errors: Record<string, string> = {};
    const key = typeof body.key === 'string' ? body.key : '';
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!/^[A-Z][A-Z0-9]{1,9}$/.test(key))
      errors.projectKey =
        'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
    else if (this.site.findProject(key))
      errors.projectKey = `Project '${this.site.findProject(key)?.name}' uses this project key.`;
    if (!name) errors.projectName = 'You must specify a valid project name.';
    const projectTypeKey = (['business', 'software', 'service_desk'] as const).find((type) => type === body.projectTypeKey);
    if (!projectTypeKey) errors.projectType = 'The project type key must be software, business or service_desk.';
    const leadAccountId =
      typeof body.leadAccountId === 'string' ? body.leadAccountId : principal.kind === 'user' ? principal.accountId : '';
    if (!this.site.findUser(leadAccountId)) errors.projectLead = 'The project lead must be an existing user.';
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const counters = this.site.counters();
    const id = this.site.nextId(counters, 'project');
    const schemeId = this.site.nextId(counters, 'scheme');
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
    this.site.store.commit([
      { collection: COLLECTIONS.projects, id, value: project },
      { collection: COLLECTIONS.issueTypeSchemes, id: schemeId, value: scheme },
      ...this.configuration.provisionProject(project, (name) => this.site.nextId(counters, name)),
      ...this.workflows.provisionProject(project, (name) => this.site.nextId(counters, name)),
      this.site.counterWrite(counters),
    ]);
    return { status: 201, body: { self: `${this.site.baseUrl()}/rest/api/3/project/${id}`, id: Number(id), key } };
  }

  private createIssueType(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to create issue types.');
    const body = isPlainObject(request.body) ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name || name.length > 60) throw badRequest({ name: 'The issue type name must be 1 to 60 characters.' });
    if (
      this.site.store.list<IssueTypeRecord>(COLLECTIONS.issueTypes).some((type) => type.name.toLowerCase() === name.toLowerCase())
    ) {
      throw new HttpError(409, ['An issue type with this name already exists.']);
    }
    const hierarchyLevel = body.hierarchyLevel === -1 || body.type === 'subtask' ? -1 : 0;
    const counters = this.site.counters();
    const type: IssueTypeRecord = {
      id: this.site.nextId(counters, 'issueType'),
      name,
      description: typeof body.description === 'string' ? body.description : '',
      subtask: hierarchyLevel === -1,
      hierarchyLevel,
    };
    this.site.store.commit([{ collection: COLLECTIONS.issueTypes, id: type.id, value: type }, this.site.counterWrite(counters)]);
    return { status: 201, body: this.site.issueTypeBean(type) };
  }

  private schemeForProject(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to view issue type schemes.');
    const projectIds = ([] as string[]).concat(request.query.projectId ?? []);
    if (projectIds.length === 0) throw badRequest({}, ['projectId is required.']);
    const values = projectIds
      .map((id) => this.site.store.get<ProjectRecord>(COLLECTIONS.projects, id))
      .filter((project): project is ProjectRecord => project !== undefined)
      .map((project) => {
        const scheme = this.site.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, project.issueTypeSchemeId)!;
        return {
          issueTypeScheme: { id: scheme.id, name: scheme.name, isDefault: scheme.isDefault, description: '' },
          projectIds: [project.id],
        };
      });
    return { status: 200, body: { startAt: 0, maxResults: 50, total: values.length, isLast: true, values } };
  }

  private schemeMapping(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to view issue type schemes.');
    const schemeIds = ([] as string[]).concat(request.query.issueTypeSchemeId ?? []);
    const schemes = this.site.store
      .list<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes)
      .filter((scheme) => schemeIds.length === 0 || schemeIds.includes(scheme.id));
    const all = schemes.flatMap((scheme) =>
      (scheme.isDefault ? this.site.store.ids(COLLECTIONS.issueTypes) : scheme.issueTypeIds).map((issueTypeId) => ({
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
    if (!this.site.isAdminOrApp(principal)) throw forbidden('You must be a Jira administrator to edit issue type schemes.');
    const scheme = this.site.store.get<IssueTypeSchemeRecord>(COLLECTIONS.issueTypeSchemes, schemeId);
    if (!scheme) throw notFound(`The issue type scheme ${schemeId} was not found.`);
    if (scheme.isDefault) throw badRequest({}, ["The default issue type scheme can't be modified."]);
    const body = isPlainObject(request.body) ? request.body : {};
    const ids = Array.isArray(body.issueTypeIds) ? body.issueTypeIds.map(String) : [];
    if (ids.length === 0) throw badRequest({ issueTypeIds: 'At least one issue type ID is required.' });
    for (const id of ids) this.site.requireIssueType(id);
    const duplicate = ids.find((id) => scheme.issueTypeIds.includes(id));
    if (duplicate) throw badRequest({}, [`The issue type ${duplicate} is already in the issue type scheme.`]);
    this.site.store.commit([
      {
        collection: COLLECTIONS.issueTypeSchemes,
        id: scheme.id,
        value: { ...scheme, issueTypeIds: [...scheme.issueTypeIds, ...ids] },
      },
    ]);
    return { status: 204 };
  }

  private createComponent(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isPlainObject(request.body) ? request.body : {};
    // Jira's examples name the project by key in `project`; `projectId` works too.
    const projectRef =
      typeof body.project === 'string'
        ? body.project
        : typeof body.projectId === 'number' || typeof body.projectId === 'string'
          ? String(body.projectId)
          : undefined;
    if (projectRef === undefined)
      throw badRequest({ project: 'The project must be specified by its key in project or its ID in projectId.' });
    const project = this.site.requireVisibleProject(projectRef, principal);
    if (
      !this.site.hasGlobal(principal, 'ADMINISTER') &&
      !this.site.hasProjectPermission(principal, project, 'ADMINISTER_PROJECTS')
    ) {
      throw forbidden('You cannot edit the configuration of this project.');
    }
    const errors: Record<string, string> = {};
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) errors.name = 'The component name specified is invalid - cannot be empty.';
    else if (name.length > MAX_COMPONENT_NAME)
      errors.name = `The component name must not exceed ${MAX_COMPONENT_NAME} characters.`;
    else if (this.site.projectComponents(project).some((component) => component.name.toLowerCase() === name.toLowerCase())) {
      errors.name = `A component with the name ${name} already exists in this project.`;
    }
    const leadAccountId = typeof body.leadAccountId === 'string' ? body.leadAccountId : null;
    if (leadAccountId !== null && !this.site.findUser(leadAccountId))
      errors.leadAccountId = `The user with account ID '${leadAccountId}' does not exist.`;
    const assigneeType = body.assigneeType === undefined ? 'PROJECT_DEFAULT' : body.assigneeType;
    if (!(COMPONENT_ASSIGNEE_TYPES as readonly unknown[]).includes(assigneeType)) {
      errors.assigneeType = `The assignee type must be one of ${COMPONENT_ASSIGNEE_TYPES.join(', ')}.`;
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const counters = this.site.counters();
    const component: ComponentRecord = {
      id: this.site.nextId(counters, 'component'),
      projectId: project.id,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      leadAccountId,
      assigneeType: assigneeType as ComponentAssigneeType,
    };
    this.site.store.commit([
      { collection: COLLECTIONS.components, id: component.id, value: component },
      this.site.counterWrite(counters),
    ]);
    return { status: 201, body: this.site.componentBean(component) };
  }
}
