import type { DeliveryDuty, DeliverySettings, DutyHolder } from '../domain/delivery-settings';
import { JiraError, type JiraClient, type ProjectRoleBean } from '../jira/client';
import { AccessDeniedError } from './errors';
import { isGranted } from './permissions';
import { getDeliverySettings } from '../storage/delivery-store';
import { message } from '../domain/messages';

/** A role's actors in a project; a role deleted since the settings were saved has none. */
async function roleActors(jira: JiraClient, projectKey: string, roleId: string): Promise<NonNullable<ProjectRoleBean['actors']>> {
  try {
    return (await jira.getProjectRole(projectKey, roleId)).actors ?? [];
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'not-found') return [];
    throw error;
  }
}

/**
 * Whether an account holds one of the project roles or groups named in `holders`: it acts in the
 * role in this project itself or through a group, or it belongs to the group. Asked as the app; the
 * account's groups are read once, and only when a group could decide.
 */
async function holdsAny(jira: JiraClient, accountId: string, projectKey: string, holders: DutyHolder[]): Promise<boolean> {
  let groups: Promise<Set<string>> | undefined;
  const groupsOfAccount = () =>
    (groups ??= jira
      .getUserGroups(accountId)
      .then((found) => new Set(found.flatMap((group) => (group.groupId ? [group.groupId] : [])))));
  for (const holder of holders.filter((candidate) => candidate.kind === 'group')) {
    if ((await groupsOfAccount()).has(holder.id)) return true;
  }
  for (const holder of holders.filter((candidate) => candidate.kind === 'role')) {
    const actors = await roleActors(jira, projectKey, holder.id);
    if (actors.some((actor) => actor.actorUser?.accountId === accountId)) return true;
    const actorGroups = actors.flatMap((actor) => (actor.actorGroup?.groupId ? [actor.actorGroup.groupId] : []));
    if (actorGroups.length > 0) {
      const ids = await groupsOfAccount();
      if (actorGroups.some((id) => ids.has(id))) return true;
    }
  }
  return false;
}

/**
 * The accounts holding a duty on a project, in the order of its holders: the accounts acting in its
 * roles, directly or through a group, and the members of its groups. Empty when no holders are
 * configured (the duty falls back to whoever may edit issues, whom Jira cannot list). Asked as the app.
 */
export async function dutyHolderAccounts(jira: JiraClient, projectKey: string, duty: DeliveryDuty): Promise<string[]> {
  const accounts = new Set<string>();
  const addGroup = async (groupId: string) => {
    let members;
    try {
      members = await jira.getGroupMembers(groupId);
    } catch (error) {
      // A group deleted since the settings were saved has no one to name.
      if (error instanceof JiraError && error.kind === 'not-found') return;
      throw error;
    }
    for (const member of members) if (member.accountType !== 'app') accounts.add(member.accountId);
  };
  for (const holder of (await getDeliverySettings(projectKey)).duties[duty]) {
    if (holder.kind === 'group') {
      await addGroup(holder.id);
      continue;
    }
    for (const actor of await roleActors(jira, projectKey, holder.id)) {
      if (actor.actorUser?.accountId) accounts.add(actor.actorUser.accountId);
      else if (actor.actorGroup?.groupId) await addGroup(actor.actorGroup.groupId);
    }
  }
  return [...accounts];
}

/**
 * Who may carry out a duty of the delivery loop on a project: its configured roles/groups, else
 * whoever may edit issues. A caller that already read the project's settings passes them.
 */
export async function mayPerformDuty(
  jira: JiraClient,
  accountId: string,
  project: { key: string; id: string },
  duty: DeliveryDuty,
  settings?: DeliverySettings,
): Promise<boolean> {
  const holders = (settings ?? (await getDeliverySettings(project.key))).duties[duty];
  if (holders.length === 0) return isGranted(jira, accountId, 'EDIT_ISSUES', { projectId: project.id });
  return holdsAny(jira, accountId, project.key, holders);
}

/** Names of the roles or groups holding a duty; empty when it falls back to whoever may edit issues. */
export const dutyHolderNames = (settings: DeliverySettings, duty: DeliveryDuty): string[] =>
  settings.duties[duty].map((holder) => holder.name);

/** Refuses, naming who may, when the account may not carry out the duty. */
export async function requireDuty(
  jira: JiraClient,
  accountId: string,
  project: { key: string; id: string },
  duty: DeliveryDuty,
): Promise<void> {
  const settings = await getDeliverySettings(project.key);
  if (await mayPerformDuty(jira, accountId, project, duty, settings)) return;
  const names = dutyHolderNames(settings, duty);
  const who =
    names.length === 0
      ? { 'en-US': 'people who may edit issues in the project', 'zh-CN': '可编辑该项目问题的人' }
      : { 'en-US': names.join(', '), 'zh-CN': names.join('、') };
  throw new AccessDeniedError(message(`server.refusal.duty.${duty}`, { who, project: project.key }));
}
