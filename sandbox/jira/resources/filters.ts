import type { DurableStore } from '../../store/durable-store';
import {
  badRequest,
  HttpError,
  pageBean,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import { COLLECTIONS, type FilterRecord, type SharePermissionRecord, type ShareTarget } from '../model';
import { isPlainObject } from '../../../src/domain/checks';
import type { Site } from '../site';
import type { JiraSearch } from './search';

/**
 * Saved filters of the emulated site: create, get, search and delete, with Jira's visibility rules for
 * the share types the sandbox supports (private, `global`, `authenticated`, `project`). Shapes follow
 * the platform REST v3 spec (Filter, FilterDetails, PageBeanFilterDetails, SharePermission).
 */

const MAX_FILTER_NAME = 255;
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 100;
// Jira answers 400 with this one message for a filter that does not exist and for one you may not see.
const NOT_AVAILABLE = 'The selected filter is not available to you, perhaps it has been deleted or had its permissions changed.';
const SEARCH_EXPANSIONS = [
  'description',
  'owner',
  'jql',
  'viewUrl',
  'searchUrl',
  'favourite',
  'favouritedCount',
  'sharePermissions',
  'editPermissions',
  'subscriptions',
];
const ORDER_FIELDS = ['description', 'favourite_count', 'id', 'is_favourite', 'name', 'owner', 'is_shared'];
const EMPTY_LIST = { size: 0, items: [], 'max-results': 1000, 'start-index': 0, 'end-index': 0 };

export class JiraFilters {
  constructor(
    private readonly site: Site,
    private readonly search: JiraSearch,
  ) {}

  private get store(): DurableStore {
    return this.site.store;
  }

  register(route: Route): void {
    const api = '/rest/api/3';
    route('POST', `${api}/filter`, (request, principal) => this.createFilter(request, principal));
    // Registered before filter/{id} so "search" is never read as an id.
    route('GET', `${api}/filter/search`, (request, principal) => this.searchFilters(request, principal));
    route('GET', `${api}/filter/{id}`, (_r, principal, [id]) => ({
      status: 200,
      body: this.filterBean(this.requireVisible(id!, principal)),
    }));
    route('DELETE', `${api}/filter/{id}`, (_r, principal, [id]) => this.deleteFilter(principal, id!));
  }

  /** Whether the caller may see the filter: its owner, or anyone a share reaches. */
  canSee(filter: FilterRecord, principal: Principal): boolean {
    if (principal.kind === 'user' && principal.accountId === filter.ownerAccountId) return true;
    return filter.sharePermissions.some((share) => {
      if (share.type !== 'project') return true;
      const project = this.site.findProject(share.projectId);
      return project !== undefined && this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS');
    });
  }

  private requireVisible(id: string, principal: Principal): FilterRecord {
    const filter = this.store.get<FilterRecord>(COLLECTIONS.filters, id);
    if (!filter || !this.canSee(filter, principal)) throw badRequest({}, [NOT_AVAILABLE]);
    return filter;
  }

  private createFilter(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    if (principal.kind !== 'user') throw new HttpError(401, ['Filters belong to a user; apps have no user account to own one.']);
    const body = isPlainObject(request.body) ? request.body : {};
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw badRequest({ filterName: 'You must specify a name to save this filter as.' });
    if (name.length > MAX_FILTER_NAME)
      throw badRequest({ filterName: `The filter name must not exceed ${MAX_FILTER_NAME} characters.` });
    const taken = this.store
      .list<FilterRecord>(COLLECTIONS.filters)
      .some((filter) => filter.ownerAccountId === principal.accountId && filter.name.toLowerCase() === name.toLowerCase());
    if (taken) throw badRequest({ filterName: 'Filter with same name already exists.' });
    const jql = typeof body.jql === 'string' ? body.jql : '';
    // Jira answers 400 when the JQL would not run for the caller.
    this.search.parseQuery(jql, principal);
    const shares = this.parseShares(body.sharePermissions, principal);
    const { ids, counterWrite } = this.site.newIds(['filter', ...shares.map(() => 'sharePermission')]);
    const [id, ...shareIds] = ids as [string, ...string[]];
    const filter: FilterRecord = {
      id,
      ownerAccountId: principal.accountId,
      name,
      description: typeof body.description === 'string' ? body.description : '',
      jql,
      sharePermissions: shares.map((share, index) => ({ ...share, id: shareIds[index]! })),
    };
    this.store.commit([{ collection: COLLECTIONS.filters, id, value: filter }, counterWrite]);
    return { status: 200, body: this.filterBean(filter) };
  }

  /** Share permissions of a create request, without ids; a project share needs a project the caller can browse. */
  private parseShares(value: unknown, principal: Principal): ShareTarget[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw badRequest({ sharePermissions: 'Share permissions must be a list.' });
    return value.map((entry): ShareTarget => {
      const type = isPlainObject(entry) ? entry.type : undefined;
      if (type === 'global') return { type: 'global' };
      if (type === 'authenticated' || type === 'loggedin') return { type: 'loggedin' };
      if (type === 'project' && isPlainObject(entry)) {
        const ref = isPlainObject(entry.project) ? (entry.project.id ?? entry.project.key) : undefined;
        const project = typeof ref === 'string' || typeof ref === 'number' ? this.site.findProject(String(ref)) : undefined;
        if (!project || !this.site.hasProjectPermission(principal, project, 'BROWSE_PROJECTS')) {
          throw badRequest({ sharePermissions: `Project '${String(ref ?? '')}' does not exist or you may not share with it.` });
        }
        return { type: 'project', projectId: project.id };
      }
      throw badRequest({
        sharePermissions: `Share type '${String(type)}' is not supported by this sandbox; use global, authenticated or project.`,
      });
    });
  }

  private deleteFilter(principal: Principal, id: string): EmulatorResponse {
    const filter = this.requireVisible(id, principal);
    const isOwner = principal.kind === 'user' && principal.accountId === filter.ownerAccountId;
    // The spec answers 401, not 403, to someone who may see the filter but not delete it.
    if (!isOwner && !this.site.hasGlobal(principal, 'ADMINISTER'))
      throw new HttpError(401, ['Only the owner of the filter or a Jira administrator can delete it.']);
    this.store.commit([{ collection: COLLECTIONS.filters, id: filter.id, delete: true }]);
    return { status: 204 };
  }

  private searchFilters(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const maxResults = Math.min(
      Math.max(1, Number(queryValue(request.query, 'maxResults') ?? DEFAULT_PAGE_SIZE) || DEFAULT_PAGE_SIZE),
      MAX_PAGE_SIZE,
    );
    const nameText = (queryValue(request.query, 'filterName') ?? '').toLowerCase();
    const ownerId = queryValue(request.query, 'accountId');
    const projectId = queryValue(request.query, 'projectId');
    const ids = ([] as string[])
      .concat(request.query.id ?? [])
      .flatMap((value) => value.split(','))
      .filter(Boolean);
    const expand = new Set((queryValue(request.query, 'expand') ?? '').split(',').map((entry) => entry.trim()));
    const orderBy = queryValue(request.query, 'orderBy') ?? 'name';
    const orderField = orderBy.replace(/^[+-]/, '');
    if (!ORDER_FIELDS.includes(orderField))
      throw badRequest({}, [`orderBy must be one of ${ORDER_FIELDS.join(', ')}, optionally prefixed with + or -.`]);
    const matching = this.store
      .list<FilterRecord>(COLLECTIONS.filters)
      .filter((filter) => this.canSee(filter, principal))
      .filter((filter) => !nameText || filter.name.toLowerCase().includes(nameText))
      .filter((filter) => ownerId === undefined || filter.ownerAccountId === ownerId)
      .filter(
        (filter) =>
          projectId === undefined ||
          filter.sharePermissions.some((share) => share.type === 'project' && share.projectId === projectId),
      )
      .filter((filter) => ids.length === 0 || ids.includes(filter.id))
      .sort((a, b) => this.compareFilters(a, b, orderField) * (orderBy.startsWith('-') ? -1 : 1) || Number(a.id) - Number(b.id));
    const pageUrl = (at: number) => {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query))
        if (key !== 'startAt' && key !== 'maxResults') params.set(key, ([] as string[]).concat(value).join(','));
      params.set('startAt', String(at));
      params.set('maxResults', String(maxResults));
      return `${this.site.baseUrl()}/rest/api/3/filter/search?${params.toString()}`;
    };
    return pageBean(matching, startAt, maxResults, pageUrl, (filter) => this.filterDetailsBean(filter, expand));
  }

  /** Favourites are not modelled, so ordering by them keeps the id order. */
  private compareFilters(a: FilterRecord, b: FilterRecord, field: string): number {
    switch (field) {
      case 'name':
        return a.name.toLowerCase().localeCompare(b.name.toLowerCase());
      case 'description':
        return a.description.toLowerCase().localeCompare(b.description.toLowerCase());
      case 'owner':
        return a.ownerAccountId.localeCompare(b.ownerAccountId);
      case 'is_shared':
        return Number(a.sharePermissions.length > 0) - Number(b.sharePermissions.length > 0);
      case 'id':
        return Number(a.id) - Number(b.id);
      default:
        return 0;
    }
  }

  // ---- rendering -------------------------------------------------------------------------------

  private sharePermissionBean(share: SharePermissionRecord): Record<string, unknown> {
    if (share.type !== 'project') return { id: Number(share.id), type: share.type };
    const project = this.site.findProject(share.projectId);
    return { id: Number(share.id), type: 'project', ...(project ? { project: this.site.projectBean(project, false) } : {}) };
  }

  /** Every property a filter has here, by name; the `Filter` and `FilterDetails` shapes pick from it. */
  private filterProperties(filter: FilterRecord): Record<string, unknown> {
    const ownerAccount = this.site.findUser(filter.ownerAccountId);
    const owner = ownerAccount ? this.site.userBean(ownerAccount, false) : undefined;
    return {
      description: filter.description,
      owner,
      jql: filter.jql,
      viewUrl: `${this.site.baseUrl()}/issues/?filter=${filter.id}`,
      searchUrl: `${this.site.baseUrl()}/rest/api/3/search/jql?jql=${encodeURIComponent(filter.jql)}`,
      favourite: false,
      favouritedCount: 0,
      sharePermissions: filter.sharePermissions.map((share) => this.sharePermissionBean(share)),
      editPermissions: [],
    };
  }

  /** The `Filter` shape of create and get. */
  private filterBean(filter: FilterRecord): Record<string, unknown> {
    const { description, owner, ...rest } = this.filterProperties(filter);
    return {
      self: `${this.site.baseUrl()}/rest/api/3/filter/${filter.id}`,
      id: filter.id,
      name: filter.name,
      ...(description ? { description } : {}),
      ...(owner ? { owner } : {}),
      ...rest,
      sharedUsers: EMPTY_LIST,
      subscriptions: EMPTY_LIST,
    };
  }

  /** The `FilterDetails` shape of search: id, name and self, plus what `expand` asks for. */
  private filterDetailsBean(filter: FilterRecord, expand: ReadonlySet<string>): Record<string, unknown> {
    const properties: Record<string, unknown> = { ...this.filterProperties(filter), subscriptions: [] };
    // An empty description is left out, as Jira does; an empty JQL is still the filter's query.
    const expanded = SEARCH_EXPANSIONS.filter(
      (name) => expand.has(name) && properties[name] !== undefined && !(name === 'description' && properties[name] === ''),
    );
    return {
      expand: SEARCH_EXPANSIONS.join(','),
      self: `${this.site.baseUrl()}/rest/api/3/filter/${filter.id}`,
      id: filter.id,
      name: filter.name,
      ...Object.fromEntries(expanded.map((name) => [name, properties[name]])),
    };
  }
}
