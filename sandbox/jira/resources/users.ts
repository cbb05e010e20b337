import {
  badRequest,
  notFound,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import { SEED_USERS } from '../model';
import type { Site } from '../site';

/** Users, User search and Myself (platform REST v3): the site's accounts as `User` beans. */
export class JiraUsers {
  constructor(private readonly site: Site) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/myself`, (_r, principal) => ({
      status: 200,
      body: this.site.userBean(this.site.requireUser(principal), true),
    }));
    route('GET', `${api}/user`, (request, principal) => this.getUser(request, principal));
    route('GET', `${api}/user/search`, (request, principal) => this.searchUsers(request, principal));
  }

  private getUser(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const accountId = queryValue(request.query, 'accountId');
    if (!accountId) throw badRequest({}, ['The accountId query parameter needs to be provided.']);
    const user = this.site.findUser(accountId);
    if (!user) throw notFound(`Specified user does not exist or you do not have required permissions`);
    return {
      status: 200,
      body: this.site.userBean(
        user,
        this.site.isAdminOrApp(principal) || (principal.kind === 'user' && principal.accountId === accountId),
      ),
    };
  }

  private searchUsers(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const query = (queryValue(request.query, 'query') ?? '').toLowerCase();
    const accountId = queryValue(request.query, 'accountId');
    const startAt = Number(queryValue(request.query, 'startAt') ?? 0);
    const maxResults = Math.min(Number(queryValue(request.query, 'maxResults') ?? 50), 1000);
    if (!query && !accountId) throw badRequest({}, ['One of the query parameters query or accountId is required.']);
    // Without "Browse users and groups" Jira answers with an empty list, not an error.
    if (!this.site.hasGlobal(principal, 'USER_PICKER')) return { status: 200, body: [] };
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
      body: matches
        .slice(startAt, startAt + maxResults)
        .map((user) => this.site.userBean(user, this.site.isAdminOrApp(principal))),
    };
  }
}
