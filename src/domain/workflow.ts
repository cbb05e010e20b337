/**
 * The Requirement workflow that project setup installs. Jira has no REST API for status name
 * translations, so each status carries its zh-CN name at the start of its description.
 *
 * Lifecycle (→ forward, ← back-step, * from any status):
 *   (create) → To confirm → Analysing → Pending → In progress → In test → Done → Closed
 *   Analysing ← back to To confirm       Pending ← back to Analysing
 *   In progress ← back to Pending        In test ← back to In progress (test failed)
 *   Done ← back to In progress (reopen)
 *   * → Closed: rejected or Won't-have, from any status
 *   Closed → any other status: reopened (a rejection reconsidered, a duplicate merge undone)
 */

export type WorkflowStatusKey = 'to-confirm' | 'analysing' | 'pending' | 'in-progress' | 'in-test' | 'done' | 'closed';

export interface WorkflowStatusDefinition {
  key: WorkflowStatusKey;
  name: string;
  zh: string;
  category: 'TODO' | 'IN_PROGRESS' | 'DONE';
  description: string;
}

export interface WorkflowTransitionDefinition {
  /** Transition ids are per workflow; fixed so they are the same on every site. */
  id: string;
  name: string;
  /** Empty: a global transition, available from every status. */
  from: WorkflowStatusKey[];
  to: WorkflowStatusKey;
}

const status = (
  key: WorkflowStatusKey,
  name: string,
  zh: string,
  category: WorkflowStatusDefinition['category'],
  meaning: string,
): WorkflowStatusDefinition => ({
  key,
  name,
  zh,
  category,
  description: `${zh} · ${meaning}`,
});

export const REQUIREMENT_WORKFLOW_STATUSES: readonly WorkflowStatusDefinition[] = [
  status('to-confirm', 'To confirm', '待确认', 'TODO', 'Waiting for confirmation with the customer'),
  status('analysing', 'Analysing', '分析中', 'TODO', 'Being analysed and scored'),
  status('pending', 'Pending', '待处理', 'TODO', 'Accepted, waiting to be scheduled'),
  status('in-progress', 'In progress', '进行中', 'IN_PROGRESS', 'Being implemented'),
  status('in-test', 'In test', '测试中', 'IN_PROGRESS', 'Being tested'),
  status('done', 'Done', '已完成', 'DONE', 'Delivered to the customer'),
  status('closed', 'Closed', '已关闭', 'DONE', "Closed: delivered, rejected or Won't-have"),
];

/** A status's name in Jira (the English name the app's workflow creates it with). */
export const workflowStatusName = (key: WorkflowStatusKey): string =>
  REQUIREMENT_WORKFLOW_STATUSES.find((definition) => definition.key === key)!.name;

/** Where a new Requirement starts. */
export const REQUIREMENT_INITIAL_STATUS: WorkflowStatusKey = 'to-confirm';

export const REQUIREMENT_WORKFLOW_TRANSITIONS: readonly WorkflowTransitionDefinition[] = [
  { id: '11', name: 'Confirm', from: ['to-confirm'], to: 'analysing' },
  { id: '21', name: 'Accept', from: ['analysing'], to: 'pending' },
  { id: '31', name: 'Start work', from: ['pending'], to: 'in-progress' },
  { id: '41', name: 'Send to test', from: ['in-progress'], to: 'in-test' },
  { id: '51', name: 'Pass test', from: ['in-test'], to: 'done' },
  { id: '61', name: 'Close', from: ['done'], to: 'closed' },
  { id: '71', name: 'Back to confirmation', from: ['analysing'], to: 'to-confirm' },
  { id: '81', name: 'Back to analysis', from: ['pending'], to: 'analysing' },
  { id: '91', name: 'Back to pending', from: ['in-progress'], to: 'pending' },
  { id: '101', name: 'Fail test', from: ['in-test'], to: 'in-progress' },
  { id: '111', name: 'Reopen', from: ['done'], to: 'in-progress' },
  { id: '121', name: 'Reject', from: [], to: 'closed' },
  // A closed requirement can go back to where it was: a rejection reconsidered, a merge undone.
  { id: '131', name: 'Reopen to confirm', from: ['closed'], to: 'to-confirm' },
  { id: '141', name: 'Reopen for analysis', from: ['closed'], to: 'analysing' },
  { id: '151', name: 'Reopen as pending', from: ['closed'], to: 'pending' },
  { id: '161', name: 'Reopen in progress', from: ['closed'], to: 'in-progress' },
  { id: '171', name: 'Reopen in test', from: ['closed'], to: 'in-test' },
  { id: '181', name: 'Reopen as done', from: ['closed'], to: 'done' },
];

/**
 * The app's workflow rule on a transition: every way into In progress checks the feasibility marks
 * ("Start work", and the way back after a failed test, a reopen or a reconsidered rejection, since
 * a mark may have turned not feasible meanwhile); every way into Closed checks the closure loop.
 */
export function transitionRuleOf(transition: Pick<WorkflowTransitionDefinition, 'to'>): 'start' | 'close' | null {
  if (transition.to === 'in-progress') return 'start';
  return transition.to === 'closed' ? 'close' : null;
}

export const REQUIREMENT_WORKFLOW = {
  name: 'Requirement Triage workflow',
  description: 'Requirement lifecycle installed by Requirement Triage.',
} as const;

/**
 * Workflow names are unique on a site and each app environment puts its own validator on the
 * workflow it installs, so a development or staging environment installed beside production gets a
 * workflow of its own: its rules then never block (or let through) production's requirements.
 */
export function requirementWorkflowName(environment: { environmentType: string; environmentId: string }): string {
  if (environment.environmentType === 'PRODUCTION') return REQUIREMENT_WORKFLOW.name;
  return `${REQUIREMENT_WORKFLOW.name} (${environment.environmentType.toLowerCase()} ${environment.environmentId.slice(0, 8)})`;
}
