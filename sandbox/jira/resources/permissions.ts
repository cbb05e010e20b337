import { isPlainObject } from '../../../src/domain/checks';
import {
  badRequest,
  forbidden,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import {
  COLLECTIONS,
  PROJECT_PERMISSIONS,
  type GlobalPermission,
  type IssueRecord,
  type ProjectPermission,
  type ProjectRecord,
} from '../model';
import type { Site } from '../site';

const GLOBAL_PERMISSION_NAMES = ['ADMINISTER', 'USER_PICKER'] as const;

/** Permissions (platform REST v3): bulk permission checks and the caller's own permissions. */
export class JiraPermissions {
  constructor(private readonly site: Site) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('POST', `${api}/permissions/check`, (request, principal) => this.checkPermissions(request, principal));
    route('GET', `${api}/mypermissions`, (request, principal) => this.myPermissions(request, principal));
  }

  private checkPermissions(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const body = isPlainObject(request.body) ? request.body : {};
    const accountId =
      typeof body.accountId === 'string' ? body.accountId : principal.kind === 'user' ? principal.accountId : undefined;
    if (
      accountId &&
      principal.kind === 'user' &&
      accountId !== principal.accountId &&
      !this.site.hasGlobal(principal, 'ADMINISTER')
    ) {
      throw forbidden('Only Jira administrators can check the permissions of other users.');
    }
    // Apps calling without accountId get their own permissions, anonymous users none.
    const subject: Principal = accountId
      ? this.site.findUser(accountId)
        ? { kind: 'user', accountId }
        : { kind: 'anonymous' }
      : principal;
    const globalPermissions = (Array.isArray(body.globalPermissions) ? body.globalPermissions.map(String) : []).filter(
      (permission) =>
        (GLOBAL_PERMISSION_NAMES as readonly string[]).includes(permission) &&
        this.site.hasGlobal(subject, permission as GlobalPermission),
    );
    const requests = Array.isArray(body.projectPermissions) ? body.projectPermissions.filter(isPlainObject) : [];
    const projectPermissions = requests.flatMap((entry) => {
      const permissions = Array.isArray(entry.permissions) ? entry.permissions.map(String) : [];
      const projectIds = Array.isArray(entry.projects) ? entry.projects.map(Number) : [];
      const issueIds = Array.isArray(entry.issues) ? entry.issues.map(Number) : [];
      return permissions.map((permission) => {
        const known = (PROJECT_PERMISSIONS as readonly string[]).includes(permission);
        const allowedOn = (project: ProjectRecord | undefined) =>
          known && project !== undefined && this.site.hasProjectPermission(subject, project, permission as ProjectPermission);
        return {
          permission,
          projects: projectIds.filter((id) => allowedOn(this.site.store.get<ProjectRecord>(COLLECTIONS.projects, String(id)))),
          issues: issueIds.filter((id) => {
            const issue = this.site.store.get<IssueRecord>(COLLECTIONS.issues, String(id));
            return issue !== undefined && allowedOn(this.site.store.get<ProjectRecord>(COLLECTIONS.projects, issue.projectId));
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
      ? this.site.projectOf(this.site.requireIssue(issueRef, principal))
      : projectRef
        ? this.site.requireVisibleProject(projectRef, principal)
        : undefined;
    const permissions = Object.fromEntries(
      names.map((name) => {
        const isGlobal = (GLOBAL_PERMISSION_NAMES as readonly string[]).includes(name);
        const havePermission = isGlobal
          ? this.site.hasGlobal(principal, name as GlobalPermission)
          : (PROJECT_PERMISSIONS as readonly string[]).includes(name) &&
            (project
              ? this.site.hasProjectPermission(principal, project, name as ProjectPermission)
              : this.site.store
                  .list<ProjectRecord>(COLLECTIONS.projects)
                  .some((candidate) => this.site.hasProjectPermission(principal, candidate, name as ProjectPermission)));
        return [name, { id: name, key: name, name, type: isGlobal ? 'GLOBAL' : 'PROJECT', description: name, havePermission }];
      }),
    );
    return { status: 200, body: { permissions } };
  }
}
