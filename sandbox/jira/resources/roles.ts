import {
  badRequest,
  forbidden,
  notFound,
  pageBean,
  queryValue,
  type EmulatorRequest,
  type EmulatorResponse,
  type Principal,
  type Route,
} from '../http';
import {
  PROJECT_ROLES,
  SEED_USERS,
  SITE_GROUPS,
  type GroupRecord,
  type ProjectRecord,
  type RoleActorRecord,
  type SandboxUser,
} from '../model';
import type { Site } from '../site';

/**
 * Project roles and groups of the emulated site: a project's roles and their actors (accounts and
 * groups), the groups an account belongs to, and the group picker. Shapes follow the platform REST
 * v3 spec (ProjectRole, RoleActor, GroupName, FoundGroups).
 */

const MAX_PICKER_RESULTS = 20;

export class JiraRoles {
  constructor(private readonly site: Site) {}

  register(route: Route): void {
    const api = '/rest/api/3';
    route('GET', `${api}/project/{key}/role`, (_r, principal, [key]) => this.listRoles(principal, key!));
    route('GET', `${api}/project/{key}/role/{id}`, (_r, principal, [key, id]) => this.getRole(principal, key!, id!));
    route('GET', `${api}/user/groups`, (request, principal) => this.userGroups(request, principal));
    route('GET', `${api}/groups/picker`, (request, principal) => this.pickGroups(request, principal));
    route('GET', `${api}/group/member`, (request, principal) => this.groupMembers(request, principal));
  }

  /** The project's actors of a role: its own, else the defaults. */
  static actorsOf(project: ProjectRecord, roleId: number): RoleActorRecord[] {
    return project.roleActors?.[String(roleId)] ?? PROJECT_ROLES.find((role) => role.id === roleId)?.defaultActors ?? [];
  }

  static groupsOf(user: SandboxUser): GroupRecord[] {
    return SITE_GROUPS.filter((group) => group.members.includes(user.role));
  }

  private requireAdministeredProject(principal: Principal, key: string): ProjectRecord {
    const project = this.site.findProject(key);
    // Jira answers 404 both for a missing project and for one the caller may not administer.
    if (!project || !this.mayAdministerProject(principal, project))
      throw notFound(`No project could be found with key '${key}'.`);
    return project;
  }

  /** Jira admins, the app, and project administrators may read a project's roles. */
  private mayAdministerProject(principal: Principal, project: ProjectRecord): boolean {
    return (
      this.site.hasGlobal(principal, 'ADMINISTER') || this.site.hasProjectPermission(principal, project, 'ADMINISTER_PROJECTS')
    );
  }

  private roleUrl(project: ProjectRecord, roleId: number): string {
    return `${this.site.baseUrl()}/rest/api/3/project/${project.key}/role/${roleId}`;
  }

  private listRoles(principal: Principal, key: string): EmulatorResponse {
    const project = this.requireAdministeredProject(principal, key);
    return { status: 200, body: Object.fromEntries(PROJECT_ROLES.map((role) => [role.name, this.roleUrl(project, role.id)])) };
  }

  private getRole(principal: Principal, key: string, id: string): EmulatorResponse {
    const project = this.requireAdministeredProject(principal, key);
    const role = PROJECT_ROLES.find((candidate) => String(candidate.id) === id);
    if (!role) throw notFound(`Can not retrieve a role actor for a null project role.`);
    const actors = JiraRoles.actorsOf(project, role.id)
      .flatMap((actor, index): ({ id: number; displayName: string; type: string } & Record<string, unknown>)[] => {
        const actorId = role.id * 100 + index;
        if (actor.type === 'group') {
          const group = SITE_GROUPS.find((candidate) => candidate.groupId === actor.groupId);
          return group
            ? [
                {
                  id: actorId,
                  displayName: group.name,
                  type: 'atlassian-group-role-actor',
                  name: group.name,
                  actorGroup: { name: group.name, displayName: group.name, groupId: group.groupId },
                },
              ]
            : [];
        }
        const user = SEED_USERS.find((candidate) => candidate.role === actor.role);
        return user
          ? [
              {
                id: actorId,
                displayName: user.displayName,
                type: 'atlassian-user-role-actor',
                actorUser: { accountId: user.accountId },
              },
            ]
          : [];
      })
      .sort((a, b) => a.displayName.localeCompare(b.displayName));
    return {
      status: 200,
      body: { self: this.roleUrl(project, role.id), name: role.name, id: role.id, description: role.description, actors },
    };
  }

  private groupBean(group: GroupRecord): Record<string, unknown> {
    return { groupId: group.groupId, name: group.name, self: `${this.site.baseUrl()}/rest/api/3/group?groupId=${group.groupId}` };
  }

  private userGroups(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const accountId = queryValue(request.query, 'accountId');
    if (!accountId) throw badRequest({}, ['The accountId query parameter needs to be provided.']);
    if (!this.site.hasGlobal(principal, 'USER_PICKER'))
      throw forbidden('You do not have the Browse users and groups permission.');
    const user = SEED_USERS.find((candidate) => candidate.accountId === accountId);
    if (!user) throw notFound('Specified user does not exist or you do not have required permissions');
    return { status: 200, body: JiraRoles.groupsOf(user).map((group) => this.groupBean(group)) };
  }

  /** A page of a group's members (PageBeanUserDetails), ordered by name as Jira orders them. */
  private groupMembers(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const groupId = queryValue(request.query, 'groupId');
    const groupName = queryValue(request.query, 'groupname');
    if (!groupId && !groupName) throw badRequest({}, ['You must specify the group name or group ID.']);
    if (!this.site.hasGlobal(principal, 'USER_PICKER'))
      throw forbidden('You do not have the Browse users and groups permission.');
    const group = SITE_GROUPS.find((candidate) => (groupId ? candidate.groupId === groupId : candidate.name === groupName));
    if (!group) throw notFound(`Group not found.`);
    const startAt = Math.max(0, Number(queryValue(request.query, 'startAt') ?? 0) || 0);
    const requested = Number(queryValue(request.query, 'maxResults') ?? 50);
    const maxResults = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 50) : 50;
    const members = SEED_USERS.filter((user) => group.members.includes(user.role)).sort((a, b) =>
      a.displayName.localeCompare(b.displayName),
    );
    const pageUrl = (from: number) =>
      `${this.site.baseUrl()}/rest/api/3/group/member?groupId=${group.groupId}&includeInactiveUsers=false&startAt=${from}&maxResults=${maxResults}`;
    return pageBean(members, startAt, maxResults, pageUrl, (user) => this.site.userBean(user, false, false));
  }

  private pickGroups(request: EmulatorRequest, principal: Principal): EmulatorResponse {
    const query = (queryValue(request.query, 'query') ?? '').toLowerCase();
    const requested = Number(queryValue(request.query, 'maxResults') ?? MAX_PICKER_RESULTS);
    const maxResults = Number.isInteger(requested) && requested > 0 ? Math.min(requested, 1000) : MAX_PICKER_RESULTS;
    // Without "Browse users and groups" the picker finds nothing rather than failing.
    const matches = this.site.hasGlobal(principal, 'USER_PICKER')
      ? SITE_GROUPS.filter((group) => group.name.toLowerCase().includes(query)).sort((a, b) => a.name.localeCompare(b.name))
      : [];
    const shown = matches.slice(0, maxResults);
    const highlight = (name: string): string => {
      if (!query) return name;
      const at = name.toLowerCase().indexOf(query);
      return `${name.slice(0, at)}<b>${name.slice(at, at + query.length)}</b>${name.slice(at + query.length)}`;
    };
    return {
      status: 200,
      body: {
        header: `Showing ${shown.length} of ${matches.length} matching groups`,
        total: matches.length,
        groups: shown.map((group) => ({ name: group.name, html: highlight(group.name), groupId: group.groupId, labels: [] })),
      },
    };
  }
}
