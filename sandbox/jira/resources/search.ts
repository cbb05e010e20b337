import { createHash } from 'node:crypto';
import { isPlainObject } from '../../../src/domain/checks';
import { compareForOrder, matchesJql, parseJql, type JqlExpr, type JqlFieldRef, type JqlQuery } from '../jql';
import { badRequest, queryValue, type EmulatorRequest, type EmulatorResponse, type Principal, type Route } from '../http';
import {
  COLLECTIONS,
  JQL_SYSTEM_FIELDS,
  PRIORITIES,
  type ComponentRecord,
  type FieldRecord,
  type IssueRecord,
  type IssueTypeRecord,
  type ProjectRecord,
} from '../model';
import { adfText, type Site } from '../site';

/** Searches whose sorted matches are kept for their next pages: a few people paging at once. */
const SEARCH_RESULTS_KEPT = 8;

/**
 * Issue search (platform REST v3): JQL search with page tokens, the approximate count, and the bulk
 * fetch of issues by id or key; JQL names resolve to the site's fields.
 */
export class JiraSearch {
  /** Sorted search matches by store sequence, caller and JQL (see sortedMatches). */
  private readonly searchResults = new Map<string, IssueRecord[]>();

  constructor(private readonly site: Site) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/search/jql`, (request, principal) =>
      this.search(principal, {
        jql: queryValue(request.query, 'jql'),
        nextPageToken: queryValue(request.query, 'nextPageToken'),
        maxResults: queryValue(request.query, 'maxResults'),
        fields: queryValue(request.query, 'fields')?.split(','),
        properties: queryValue(request.query, 'properties')?.split(','),
      }),
    );
    route('POST', `${api}/search/jql`, (request, principal) => {
      const body = isPlainObject(request.body) ? request.body : {};
      return this.search(principal, {
        jql: typeof body.jql === 'string' ? body.jql : undefined,
        nextPageToken: typeof body.nextPageToken === 'string' ? body.nextPageToken : undefined,
        maxResults: body.maxResults === undefined ? undefined : String(body.maxResults),
        fields: Array.isArray(body.fields) ? body.fields.map(String) : undefined,
        properties: Array.isArray(body.properties) ? body.properties.map(String) : undefined,
      });
    });
    route('POST', `${api}/issue/bulkfetch`, (request, principal) => this.bulkFetch(request, principal));
    route('POST', `${api}/search/approximate-count`, (request, principal) => {
      const body = isPlainObject(request.body) ? request.body : {};
      return {
        status: 200,
        body: { count: this.matchingIssues(principal, typeof body.jql === 'string' ? body.jql : '').length },
      };
    });
  }

  private resolveJqlField(name: string): JqlFieldRef | undefined {
    const lower = name.toLowerCase();
    const builtIn = JQL_SYSTEM_FIELDS[lower];
    if (builtIn) return builtIn;
    const cf = /^(?:cf\[(\d+)\]|customfield_(\d+))$/i.exec(name);
    const field = this.site.store
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
          const project = this.site.projectOf(issue);
          return forOrdering ? project.key : [project.key, project.id, project.name];
        }
        case 'issuetype': {
          const type = this.site.store.get<IssueTypeRecord>(COLLECTIONS.issueTypes, String(fields.issuetype));
          return forOrdering ? type?.name : [type?.name ?? '', String(fields.issuetype)];
        }
        case 'status': {
          const status = this.site.status(String(fields.status));
          return forOrdering ? status?.name : [status?.name ?? '', String(fields.status)];
        }
        case 'statusCategory': {
          const category = this.site.status(String(fields.status))?.category;
          return forOrdering ? category?.name : [category?.name ?? '', String(category?.id ?? '')];
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
          const user = typeof fields[fieldId] === 'string' ? this.site.findUser(fields[fieldId] as string) : undefined;
          return user ? (forOrdering ? user.displayName : [user.accountId, user.displayName, user.emailAddress]) : null;
        }
        case 'components': {
          const components = this.site.issueComponents(issue);
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
    const body = isPlainObject(request.body) ? request.body : {};
    const requested = Array.isArray(body.issueIdsOrKeys) ? body.issueIdsOrKeys.map(String) : [];
    if (requested.length === 0) throw badRequest({}, ['issueIdsOrKeys must name at least one issue.']);
    if (requested.length > 100) throw badRequest({}, ['You can request up to 100 issues.']);
    const fields = Array.isArray(body.fields) ? body.fields.map(String) : undefined;
    const found = new Map<string, IssueRecord>();
    for (const idOrKey of requested) {
      const issue = this.site.findIssue(idOrKey);
      if (issue && this.site.hasProjectPermission(principal, this.site.projectOf(issue), 'BROWSE_PROJECTS'))
        found.set(issue.id, issue);
    }
    const issues = [...found.values()].sort((a, b) => Number(a.id) - Number(b.id));
    return {
      status: 200,
      body: { issues: issues.map((issue) => this.site.issueBean(issue, fields ?? ['*navigable'])), issueErrors: [] },
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
        issues: page.map((issue) => this.site.issueBean(issue, params.fields ?? ['id'], params.properties)),
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
    const key = JSON.stringify([this.site.store.sequence, caller, jql]);
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
    return this.site.store
      .list<IssueRecord>(COLLECTIONS.issues)
      .filter((issue) => this.site.hasProjectPermission(principal, this.site.projectOf(issue), 'BROWSE_PROJECTS'))
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
        const known = this.site.store
          .list<ComponentRecord>(COLLECTIONS.components)
          .filter((component) => {
            const project = this.site.store.get<ProjectRecord>(COLLECTIONS.projects, component.projectId);
            return project !== undefined && this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS');
          })
          .flatMap((component) => [component.id, component.name.toLowerCase()]);
        const values = expr.type === 'in' ? expr.values : [expr.value];
        return values
          .filter((value) => !known.includes(String(value).toLowerCase()))
          .map((value) => `The value '${String(value)}' does not exist for the field '${expr.fieldName}'.`);
      }
    }
  }
}
