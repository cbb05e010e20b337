import type { DeliveryDuty, DutyHolder } from '../domain/delivery-settings';
import type { JiraClient } from '../jira/client';
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
 * Whether an account holds one of the project roles or groups named in `holders`.
 * Filled in by the feasibility work (project roles and groups from Jira); until then nobody does.
 */
async function holdsAny(_jira: JiraClient, _accountId: string, _projectKey: string, _holders: DutyHolder[]): Promise<boolean> {
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
