import type { DeliveryDuty, DutyHolder } from '../domain/delivery-settings';
import { JiraError, type JiraClient } from '../jira/client';
import { AccessDeniedError, isGranted } from '../resolvers/guard';
import { getDeliverySettings } from '../storage/delivery-store';

const DUTY_NAMES: Record<DeliveryDuty, string> = {
  technical: 'set the technical feasibility mark',
  business: 'set the business feasibility mark',
  compliance: 'set the compliance feasibility mark',
  customerContact: 'record the notice to the customer and the follow-up',
  waiver: 'waive the follow-up',
};

/**
 * Whether an account holds one of the project roles or groups named in `holders`: it acts in the
 * role in this project itself or through a group, or it belongs to the group. Asked as the app; the
 * account's groups are read once, and only when a group could decide.
 */
async function holdsAny(jira: JiraClient, accountId: string, projectKey: string, holders: DutyHolder[]): Promise<boolean> {
  let groups: Promise<Set<string>> | undefined;
  const groupsOfAccount = () => (groups ??= jira.getUserGroups(accountId).then((found) => new Set(found.flatMap((group) => (group.groupId ? [group.groupId] : [])))));
  for (const holder of holders.filter((candidate) => candidate.kind === 'group')) {
    if ((await groupsOfAccount()).has(holder.id)) return true;
  }
  for (const holder of holders.filter((candidate) => candidate.kind === 'role')) {
    let actors;
    try {
      actors = (await jira.getProjectRole(projectKey, holder.id)).actors ?? [];
    } catch (error) {
      // A role deleted since the settings were saved grants nothing.
      if (error instanceof JiraError && error.kind === 'not-found') continue;
      throw error;
    }
    if (actors.some((actor) => actor.actorUser?.accountId === accountId)) return true;
    const actorGroups = actors.flatMap((actor) => (actor.actorGroup?.groupId ? [actor.actorGroup.groupId] : []));
    if (actorGroups.length > 0) {
      const ids = await groupsOfAccount();
      if (actorGroups.some((id) => ids.has(id))) return true;
    }
  }
  return false;
}

/** Who may carry out a duty of the delivery loop on a project: its configured roles/groups, else whoever may edit issues. */
export async function mayPerformDuty(jira: JiraClient, accountId: string, project: { key: string; id: string }, duty: DeliveryDuty): Promise<boolean> {
  const holders = (await getDeliverySettings(project.key)).duties[duty];
  if (holders.length === 0) return isGranted(jira, accountId, 'EDIT_ISSUES', { projectId: project.id });
  return holdsAny(jira, accountId, project.key, holders);
}

/** Names of the roles or groups holding a duty on a project; empty when it falls back to whoever may edit issues. */
export async function dutyHolderNames(projectKey: string, duty: DeliveryDuty): Promise<string[]> {
  return (await getDeliverySettings(projectKey)).duties[duty].map((holder) => holder.name);
}

/** Refuses, naming who may, when the account may not carry out the duty. */
export async function requireDuty(jira: JiraClient, accountId: string, project: { key: string; id: string }, duty: DeliveryDuty): Promise<void> {
  if (await mayPerformDuty(jira, accountId, project, duty)) return;
  const names = await dutyHolderNames(project.key, duty);
  const who = names.length === 0 ? 'people who may edit issues in the project' : names.join(', ');
  throw new AccessDeniedError(`Only ${who} may ${DUTY_NAMES[duty]} on project ${project.key}.`);
}
