import type { StoreWrite } from '../../store/durable-store';
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
  type Route,
} from '../http';
import type { IssueRecord } from '../model';
import { isPlainObject } from '../../../src/domain/checks';
import type { Site } from '../site';
import type { JiraIssues } from './issues';

/**
 * Jira Service Management on the emulated site: service desks (a project with a portal and request
 * types), portal customers and organizations, customer requests with public and internal comments,
 * attachments and satisfaction feedback, under `/rest/servicedeskapi/`
 * (https://developer.atlassian.com/cloud/jira/service-desk/rest/intro/). Shapes follow jira.js's
 * service-desk models (there is no JSM OpenAPI file here); test/integration/service-desk.test.ts
 * checks every answer against them.
 *
 * Who may do what: the app and any account with Browse projects on the desk's project are agents
 * (they see every request and comment, and post public or internal comments); a portal customer sees
 * only the requests they raised, only their public comments, posts only public comments, and rates
 * their own request. A request's comments live with the request here, not among the issue's Jira comments.
 */

export const SERVICE_DESK_COLLECTIONS = {
  desks: 'jsm-service-desks',
  customers: 'jsm-customers',
  organizations: 'jsm-organizations',
  requests: 'jsm-requests',
  comments: 'jsm-comments',
} as const;

export interface RequestTypeRecord {
  id: string;
  name: string;
  description: string;
  helpText: string;
  issueTypeId: string;
}

export interface ServiceDeskRecord {
  id: string;
  projectId: string;
  portalName: string;
  requestTypes: RequestTypeRecord[];
}

/** A portal-only account (Jira Service Management customer): no Jira licence, no project permissions. */
export interface PortalCustomerRecord {
  accountId: string;
  emailAddress: string;
  displayName: string;
  timeZone: string;
}

export interface OrganizationRecord {
  id: string;
  name: string;
  memberAccountIds: string[];
  serviceDeskIds: string[];
}

export interface CustomerRequestRecord {
  issueId: string;
  serviceDeskId: string;
  requestTypeId: string;
  reporterAccountId: string;
  createdAt: string;
  attachments: { id: string; filename: string; mimeType: string; size: number }[];
  feedback: { rating: number; comment: string | null } | null;
}

export interface RequestCommentRecord {
  id: string;
  issueId: string;
  authorAccountId: string;
  body: string;
  public: boolean;
  created: string;
}

const MAX_LIMIT = 100;

export class JiraServiceDesk {
  constructor(
    private readonly site: Site,
    private readonly issues: JiraIssues,
  ) {}

  static initialCollections(): Record<string, Record<string, unknown>> {
    return Object.fromEntries(Object.values(SERVICE_DESK_COLLECTIONS).map((collection) => [collection, {}]));
  }

  register(route: Route): void {
    const api = '/rest/servicedeskapi';
    route('GET', `${api}/servicedesk`, (request, principal) => this.listServiceDesks(request, principal));
    route('GET', `${api}/servicedesk/{id}/requesttype`, (request, principal, [id]) =>
      this.listRequestTypes(request, principal, id!),
    );
    route('GET', `${api}/servicedesk/{id}/customer`, (request, principal, [id]) =>
      this.listDeskCustomers(request, principal, id!),
    );
    route('GET', `${api}/organization`, (request, principal) => this.listOrganizations(request, principal));
    route('POST', `${api}/request`, (request, principal) => this.createRequest(request, principal));
    route('GET', `${api}/request/{key}`, (_r, principal, [key]) => ({
      status: 200,
      body: this.requestBean(this.requireVisibleRequest(principal, key!)),
    }));
    route('GET', `${api}/request/{key}/comment`, (request, principal, [key]) => this.listComments(request, principal, key!));
    route('POST', `${api}/request/{key}/comment`, (request, principal, [key]) => this.addComment(request, principal, key!));
    route('GET', `${api}/request/{key}/attachment`, (request, principal, [key]) =>
      this.listAttachments(request, principal, key!),
    );
    route('GET', `${api}/request/{key}/feedback`, (_r, principal, [key]) => this.getFeedback(principal, key!));
    route('POST', `${api}/request/{key}/feedback`, (request, principal, [key]) => this.postFeedback(request, principal, key!));
  }

  // ---- seeding (sandbox/seed.ts) ---------------------------------------------------------------

  /** Makes a project a service desk with its portal and request types (request type ids are given). */
  addServiceDesk(projectId: string, portalName: string, requestTypes: RequestTypeRecord[]): ServiceDeskRecord {
    const { id, counterWrite } = this.site.newId('serviceDesk');
    const desk: ServiceDeskRecord = { id, projectId, portalName, requestTypes };
    this.site.store.commit([{ collection: SERVICE_DESK_COLLECTIONS.desks, id, value: desk }, counterWrite]);
    return desk;
  }

  addCustomer(customer: PortalCustomerRecord): void {
    this.site.store.commit([{ collection: SERVICE_DESK_COLLECTIONS.customers, id: customer.accountId, value: customer }]);
  }

  addOrganization(name: string, memberAccountIds: string[], serviceDeskIds: string[]): OrganizationRecord {
    const { id, counterWrite } = this.site.newId('organization');
    const organization: OrganizationRecord = { id, name, memberAccountIds, serviceDeskIds };
    this.site.store.commit([{ collection: SERVICE_DESK_COLLECTIONS.organizations, id, value: organization }, counterWrite]);
    return organization;
  }

  /** Names files as attached to a request (the emulator keeps no file content). */
  attachFiles(issueIdOrKey: string, files: { filename: string; mimeType: string; size: number }[]): void {
    const record = this.requireRequest(issueIdOrKey);
    const writes: StoreWrite[] = [];
    const attachments = files.map((file) => {
      const { id, counterWrite } = this.site.newId('attachment');
      writes.push(counterWrite);
      return { id, ...file };
    });
    this.site.store.commit([
      ...writes,
      {
        collection: SERVICE_DESK_COLLECTIONS.requests,
        id: record.issueId,
        value: { ...record, attachments: [...record.attachments, ...attachments] },
      },
    ]);
  }

  isPortalCustomer(accountId: string): boolean {
    return this.customer(accountId) !== undefined;
  }

  // ---- who is calling ---------------------------------------------------------------------------

  private customer(accountId: string): PortalCustomerRecord | undefined {
    return this.site.store.get<PortalCustomerRecord>(SERVICE_DESK_COLLECTIONS.customers, accountId);
  }

  private portalCustomerOf(principal: Principal): PortalCustomerRecord | undefined {
    return principal.kind === 'user' ? this.customer(principal.accountId) : undefined;
  }

  private isAgent(principal: Principal, desk: ServiceDeskRecord): boolean {
    const project = this.site.findProject(desk.projectId);
    return project !== undefined && this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS');
  }

  private desks(): ServiceDeskRecord[] {
    return this.site.store.list<ServiceDeskRecord>(SERVICE_DESK_COLLECTIONS.desks);
  }

  /** A desk by id, or by its project's id or key (JSM accepts either). */
  private requireDesk(principal: Principal, idOrProject: string): ServiceDeskRecord {
    const project = this.site.findProject(idOrProject);
    const desk = this.desks().find((candidate) => candidate.id === idOrProject || candidate.projectId === project?.id);
    if (!desk || (!this.isAgent(principal, desk) && !this.portalCustomerOf(principal)))
      throw notFound(`Service Desk with id ${idOrProject} does not exist.`);
    return desk;
  }

  /** A request's issue by its id or its key as written: this API does not fold the key's case. */
  private requestIssue(idOrKey: string): IssueRecord | undefined {
    const issue = this.site.findIssue(idOrKey);
    return issue && (issue.id === idOrKey || issue.key === idOrKey) ? issue : undefined;
  }

  /** Creates the request's issue through the platform REST API as the app. */
  private createIssue(fields: Record<string, unknown>): { id: string; key: string } {
    const created = this.issues.createIssue(
      { method: 'POST', path: '/rest/api/3/issue', query: {}, body: { fields } },
      { kind: 'app' },
    );
    if (created.status !== 201)
      throw new HttpError(created.status, [`The request's issue could not be created: ${JSON.stringify(created.body)}`]);
    return created.body as { id: string; key: string };
  }

  private statusOf(issue: IssueRecord): { name: string; categoryKey: string } {
    const status = this.site.status(String(issue.fields.status)) ?? this.site.statuses()[0]!;
    return { name: status.name, categoryKey: status.category.key };
  }

  private requireRequest(idOrKey: string): CustomerRequestRecord {
    const issue = this.requestIssue(idOrKey);
    const record = issue ? this.site.store.get<CustomerRequestRecord>(SERVICE_DESK_COLLECTIONS.requests, issue.id) : undefined;
    if (!record) throw notFound(`Request ${idOrKey} does not exist or you do not have permission to see it.`);
    return record;
  }

  /** An agent sees every request of their desks; a customer only their own; anyone else is told it does not exist. */
  private requireVisibleRequest(principal: Principal, idOrKey: string): CustomerRequestRecord {
    const record = this.requireRequest(idOrKey);
    const desk = this.desks().find((candidate) => candidate.id === record.serviceDeskId)!;
    const customer = this.portalCustomerOf(principal);
    const visible = customer ? customer.accountId === record.reporterAccountId : this.isAgent(principal, desk);
    if (!visible) throw notFound(`Request ${idOrKey} does not exist or you do not have permission to see it.`);
    return record;
  }

  // ---- beans ---------------------------------------------------------------------------------

  private dateBean(iso: string): Record<string, unknown> {
    const date = new Date(iso);
    return {
      iso8601: jiraTimestamp(date),
      jira: jiraTimestamp(date),
      friendly: date.toISOString().slice(0, 16).replace('T', ' '),
      epochMillis: date.getTime(),
    };
  }

  private userBean(accountId: string): Record<string, unknown> {
    const customer = this.customer(accountId);
    const user = customer ?? this.site.findUser(accountId);
    const base = this.site.baseUrl();
    return {
      accountId,
      ...(user
        ? { emailAddress: user.emailAddress, displayName: user.displayName, timeZone: user.timeZone }
        : { displayName: accountId === 'app' ? 'Requirement Triage' : accountId }),
      active: true,
      _links: {
        self: `${base}/rest/api/3/user?accountId=${accountId}`,
        jiraRest: `${base}/rest/api/3/user?accountId=${accountId}`,
      },
    };
  }

  private page<T>(request: EmulatorRequest, path: string, all: readonly T[], toBean: (item: T) => unknown): EmulatorResponse {
    const start = Math.max(0, Number(queryValue(request.query, 'start') ?? 0) || 0);
    const limit = Math.min(MAX_LIMIT, Math.max(1, Number(queryValue(request.query, 'limit') ?? 50) || 50));
    const values = all.slice(start, start + limit).map(toBean);
    const base = `${this.site.baseUrl()}/rest/servicedeskapi`;
    return {
      status: 200,
      body: {
        size: values.length,
        start,
        limit,
        isLastPage: start + values.length >= all.length,
        values,
        _links: {
          base,
          context: '',
          self: `${base}${path}?start=${start}&limit=${limit}`,
          ...(start + values.length < all.length ? { next: `${base}${path}?start=${start + limit}&limit=${limit}` } : {}),
        },
      },
    };
  }

  private deskBean(desk: ServiceDeskRecord): Record<string, unknown> {
    const project = this.site.findProject(desk.projectId)!;
    return {
      id: desk.id,
      projectId: project.id,
      projectName: project.name,
      projectKey: project.key,
      _links: { self: `${this.site.baseUrl()}/rest/servicedeskapi/servicedesk/${desk.id}` },
    };
  }

  private requestTypeBean(desk: ServiceDeskRecord, type: RequestTypeRecord): Record<string, unknown> {
    return {
      id: type.id,
      name: type.name,
      description: type.description,
      helpText: type.helpText,
      issueTypeId: type.issueTypeId,
      serviceDeskId: desk.id,
      portalId: desk.id,
      groupIds: [],
      _links: { self: `${this.site.baseUrl()}/rest/servicedeskapi/servicedesk/${desk.id}/requesttype/${type.id}` },
    };
  }

  private requestBean(record: CustomerRequestRecord): Record<string, unknown> {
    const issue = this.site.findIssue(record.issueId)!;
    const status = this.statusOf(issue);
    const base = this.site.baseUrl();
    const description = issue.fields.description;
    return {
      issueId: issue.id,
      issueKey: issue.key,
      requestTypeId: record.requestTypeId,
      serviceDeskId: record.serviceDeskId,
      createdDate: this.dateBean(record.createdAt),
      reporter: this.userBean(record.reporterAccountId),
      requestFieldValues: [
        { fieldId: 'summary', label: 'Summary', value: issue.fields.summary },
        {
          fieldId: 'description',
          label: 'Description',
          value: typeof description === 'string' ? description : plainText(description),
        },
      ],
      currentStatus: {
        status: status.name,
        statusCategory: status.categoryKey.toUpperCase(),
        statusDate: this.dateBean(record.createdAt),
      },
      _links: {
        self: `${base}/rest/servicedeskapi/request/${issue.id}`,
        jiraRest: `${base}/rest/api/3/issue/${issue.id}`,
        web: `${base}/servicedesk/customer/portal/${record.serviceDeskId}/${issue.key}`,
        agent: `${base}/browse/${issue.key}`,
      },
    };
  }

  private commentBean(comment: RequestCommentRecord): Record<string, unknown> {
    return {
      id: comment.id,
      body: comment.body,
      public: comment.public,
      author: this.userBean(comment.authorAccountId),
      created: this.dateBean(comment.created),
      _links: { self: `${this.site.baseUrl()}/rest/servicedeskapi/request/${comment.issueId}/comment/${comment.id}` },
    };
  }

  // ---- handlers ------------------------------------------------------------------------------

  private listServiceDesks(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const visible = this.desks().filter(
      (desk) => this.isAgent(principal, desk) || this.portalCustomerOf(principal) !== undefined,
    );
    return this.page(request, '/servicedesk', visible, (desk) => this.deskBean(desk));
  }

  private listRequestTypes(request: EmulatorRequest, principal: Principal, id: string): EmulatorResponse {
    const desk = this.requireDesk(principal, id);
    return this.page(request, `/servicedesk/${desk.id}/requesttype`, desk.requestTypes, (type) =>
      this.requestTypeBean(desk, type),
    );
  }

  private listDeskCustomers(request: EmulatorRequest, principal: Principal, id: string): EmulatorResponse {
    const desk = this.requireDesk(principal, id);
    if (!this.isAgent(principal, desk)) throw forbidden('You do not have permission to view the customers of this service desk.');
    const organizations = this.site.store
      .list<OrganizationRecord>(SERVICE_DESK_COLLECTIONS.organizations)
      .filter((organization) => organization.serviceDeskIds.includes(desk.id));
    const members = new Set(organizations.flatMap((organization) => organization.memberAccountIds));
    const raised = this.site.store
      .list<CustomerRequestRecord>(SERVICE_DESK_COLLECTIONS.requests)
      .filter((record) => record.serviceDeskId === desk.id)
      .map((record) => record.reporterAccountId);
    const customers = this.site.store
      .list<PortalCustomerRecord>(SERVICE_DESK_COLLECTIONS.customers)
      .filter((customer) => members.has(customer.accountId) || raised.includes(customer.accountId));
    return this.page(request, `/servicedesk/${desk.id}/customer`, customers, (customer) => this.userBean(customer.accountId));
  }

  /** Agents (and the app) list every organization, or an account's; a customer only their own. */
  private listOrganizations(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const accountId = queryValue(request.query, 'accountId');
    const customer = this.portalCustomerOf(principal);
    const agent = principal.kind === 'app' || this.desks().some((desk) => this.isAgent(principal, desk));
    if (!customer && !agent) throw forbidden('You do not have permission to view organizations.');
    if (customer && accountId !== undefined && accountId !== customer.accountId)
      throw forbidden('Only agents may list the organizations of another account.');
    const member = customer?.accountId ?? accountId;
    const all = this.site.store
      .list<OrganizationRecord>(SERVICE_DESK_COLLECTIONS.organizations)
      .filter((organization) => member === undefined || organization.memberAccountIds.includes(member));
    return this.page(request, '/organization', all, (organization) => ({
      id: organization.id,
      name: organization.name,
      _links: { self: `${this.site.baseUrl()}/rest/servicedeskapi/organization/${organization.id}` },
    }));
  }

  /** A customer raises a request for themselves; an agent or the app may raise one on a customer's behalf. */
  private createRequest(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isPlainObject(request.body) ? request.body : {};
    const errors: Record<string, string> = {};
    const desk =
      typeof body.serviceDeskId === 'string' ? this.desks().find((candidate) => candidate.id === body.serviceDeskId) : undefined;
    if (!desk) throw badRequest({}, ['serviceDeskId: no such service desk.']);
    const type = desk.requestTypes.find((candidate) => candidate.id === body.requestTypeId);
    if (!type) errors.requestTypeId = 'The request type does not exist in this service desk.';
    const values = isPlainObject(body.requestFieldValues) ? body.requestFieldValues : {};
    const summary = typeof values.summary === 'string' ? values.summary.trim() : '';
    if (!summary) errors.summary = 'You must specify a summary of the issue.';
    else if (summary.length > 255) errors.summary = 'Summary must be less than 255 characters.';
    const description = typeof values.description === 'string' ? values.description : '';
    const customer = this.portalCustomerOf(principal);
    let reporter: string;
    if (customer) {
      if (body.raiseOnBehalfOf !== undefined && body.raiseOnBehalfOf !== customer.accountId)
        throw forbidden('Customers raise requests for themselves only.');
      reporter = customer.accountId;
    } else {
      if (!this.isAgent(principal, desk)) throw forbidden('You do not have permission to create requests in this service desk.');
      const onBehalf = typeof body.raiseOnBehalfOf === 'string' ? body.raiseOnBehalfOf : undefined;
      if (onBehalf === undefined || !this.customer(onBehalf))
        errors.raiseOnBehalfOf = 'Name the customer (accountId) the request is raised for.';
      reporter = onBehalf ?? '';
    }
    if (Object.keys(errors).length > 0) throw badRequest(errors);
    const created = this.createIssue({
      project: { id: desk.projectId },
      issuetype: { id: type!.issueTypeId },
      summary,
      ...(description
        ? {
            description: {
              type: 'doc',
              version: 1,
              content: description.split(/\n{2,}/).map((text) => ({ type: 'paragraph', content: [{ type: 'text', text }] })),
            },
          }
        : {}),
    });
    const record: CustomerRequestRecord = {
      issueId: created.id,
      serviceDeskId: desk.id,
      requestTypeId: type!.id,
      reporterAccountId: reporter,
      createdAt: this.site.now().toISOString(),
      attachments: [],
      feedback: null,
    };
    this.site.store.commit([{ collection: SERVICE_DESK_COLLECTIONS.requests, id: created.id, value: record }]);
    return { status: 201, body: this.requestBean(record) };
  }

  private commentsOf(issueId: string): RequestCommentRecord[] {
    return this.site.store
      .list<RequestCommentRecord>(SERVICE_DESK_COLLECTIONS.comments)
      .filter((comment) => comment.issueId === issueId)
      .sort((left, right) => Number(left.id) - Number(right.id));
  }

  private listComments(request: EmulatorRequest, principal: Principal, key: string): EmulatorResponse {
    const record = this.requireVisibleRequest(principal, key);
    const customer = this.portalCustomerOf(principal);
    const publicOnly = customer !== undefined || queryValue(request.query, 'internal') === 'false';
    const comments = this.commentsOf(record.issueId).filter((comment) =>
      publicOnly ? comment.public : queryValue(request.query, 'public') === 'false' ? !comment.public : true,
    );
    return this.page(request, `/request/${record.issueId}/comment`, comments, (comment) => this.commentBean(comment));
  }

  private addComment(request: EmulatorRequest, principal: Principal, key: string): EmulatorResponse {
    const record = this.requireVisibleRequest(principal, key);
    const body = isPlainObject(request.body) ? request.body : {};
    const text = typeof body.body === 'string' ? body.body : '';
    if (!text.trim()) throw badRequest({}, ['The comment body is required.']);
    if (body.public !== undefined && typeof body.public !== 'boolean') throw badRequest({}, ['public must be true or false.']);
    const customer = this.portalCustomerOf(principal);
    // Customers' comments are always public; an agent's is public unless it says otherwise.
    const isPublic = body.public !== false;
    if (customer && !isPublic) throw badRequest({}, ['Customers can set comments to public visibility only.']);
    if (!customer) {
      const project = this.site.findProject(this.desks().find((desk) => desk.id === record.serviceDeskId)!.projectId)!;
      if (!this.site.hasProjectPermission(principal, project, 'ADD_COMMENTS'))
        throw forbidden('You do not have permission to add comments to this request.');
    }
    const { id, counterWrite } = this.site.newId('jsmComment');
    const comment: RequestCommentRecord = {
      id,
      issueId: record.issueId,
      authorAccountId: principal.kind === 'user' ? principal.accountId : 'app',
      body: text,
      public: isPublic,
      created: this.site.now().toISOString(),
    };
    this.site.store.commit([counterWrite, { collection: SERVICE_DESK_COLLECTIONS.comments, id, value: comment }]);
    return { status: 201, body: this.commentBean(comment) };
  }

  private listAttachments(request: EmulatorRequest, principal: Principal, key: string): EmulatorResponse {
    const record = this.requireVisibleRequest(principal, key);
    const base = this.site.baseUrl();
    return this.page(request, `/request/${record.issueId}/attachment`, record.attachments, (file) => ({
      filename: file.filename,
      author: this.userBean(record.reporterAccountId),
      created: this.dateBean(record.createdAt),
      size: file.size,
      mimeType: file.mimeType,
      _links: {
        self: `${base}/rest/servicedeskapi/request/${record.issueId}/attachment/${file.id}`,
        jiraRest: `${base}/rest/api/3/attachment/${file.id}`,
        content: `${base}/secure/attachment/${file.id}/${encodeURIComponent(file.filename)}`,
      },
    }));
  }

  private getFeedback(principal: Principal, key: string): EmulatorResponse {
    const record = this.requireVisibleRequest(principal, key);
    if (!record.feedback) throw notFound(`No feedback was given on request ${key}.`);
    return {
      status: 200,
      body: {
        type: 'csat',
        rating: record.feedback.rating,
        ...(record.feedback.comment ? { comment: { body: record.feedback.comment } } : {}),
      },
    };
  }

  /** Only the request's reporter (or an app) rates it: 1-5, type csat. */
  private postFeedback(request: EmulatorRequest, principal: Principal, key: string): EmulatorResponse {
    const record = this.requireVisibleRequest(principal, key);
    if (principal.kind !== 'app' && !(principal.kind === 'user' && principal.accountId === record.reporterAccountId))
      throw new HttpError(403, ['Only the reporter of the request may give feedback.']);
    const body = isPlainObject(request.body) ? request.body : {};
    if (body.type !== undefined && body.type !== 'csat') throw badRequest({}, ['type: the supported value is csat.']);
    if (typeof body.rating !== 'number' || !Number.isInteger(body.rating) || body.rating < 1 || body.rating > 5)
      throw badRequest({}, ['rating must be an integer value between 1 and 5.']);
    const comment =
      isPlainObject(body.comment) && typeof body.comment.body === 'string' && body.comment.body.trim()
        ? body.comment.body.trim()
        : null;
    const next: CustomerRequestRecord = { ...record, feedback: { rating: body.rating, comment } };
    this.site.store.commit([{ collection: SERVICE_DESK_COLLECTIONS.requests, id: record.issueId, value: next }]);
    return { status: 201, body: { type: 'csat', rating: body.rating, ...(comment ? { comment: { body: comment } } : {}) } };
  }
}

/** The text of an ADF description, paragraphs apart (JSM answers a description field as text). */
function plainText(node: unknown): string {
  if (!isPlainObject(node)) return '';
  if (typeof node.text === 'string') return node.text;
  const parts = Array.isArray(node.content) ? node.content.map(plainText) : [];
  return node.type === 'doc' ? parts.join('\n\n') : parts.join('');
}
