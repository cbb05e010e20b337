import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import type { TransitionRule } from '../domain/delivery/workflow-rules';
import {
  REQUIREMENT_INITIAL_STATUS,
  REQUIREMENT_WORKFLOW,
  requirementWorkflowName,
  REQUIREMENT_WORKFLOW_STATUSES,
  REQUIREMENT_WORKFLOW_TRANSITIONS,
  transitionRuleOf,
  type WorkflowStatusKey,
} from '../domain/workflow';
import { currentAppEnvironment, moduleAri, type AppEnvironment } from '../jira/app-identity';
import { message, type Message } from '../domain/messages';
import {
  JiraTaskError,
  type JiraClient,
  type StatusBean,
  type WorkflowCreateDetails,
  type WorkflowDetails,
  type WorkflowRuleBean,
  type WorkflowTransitionBean,
} from '../jira/client';
import { SetupStepError } from './errors';
import type { SetupStepOutcome } from './setup';

/** The manifest's jira:workflowValidator module, and the rule key Jira gives every Forge validator. */
export const WORKFLOW_RULE_MODULE_KEY = 'rt-delivery-rules';
const FORGE_VALIDATOR_RULE_KEY = 'forge:expression-validator';

const ruleConfig = (rule: TransitionRule): string => JSON.stringify({ rule });
const validatorFor = (ruleId: string, rule: TransitionRule): WorkflowRuleBean => ({
  ruleKey: FORGE_VALIDATOR_RULE_KEY,
  parameters: { key: ruleId, config: ruleConfig(rule) },
});

/** Which rule each of our transitions carries, by transition id. */
const RULES_BY_TRANSITION = new Map(
  REQUIREMENT_WORKFLOW_TRANSITIONS.flatMap((transition) => {
    const rule = transitionRuleOf(transition);
    return rule ? [[transition.id, rule] as const] : [];
  }),
);

/**
 * The ARI of this environment's validator module, as Jira lists it among the rules installed apps
 * provide (another environment of the app lists its own, with the same module key).
 */
async function findRuleId(
  jira: JiraClient,
  projectId: string,
  issueTypeId: string,
  environment: AppEnvironment,
): Promise<string> {
  const rules = await jira.getForgeWorkflowRules(projectId, issueTypeId);
  const wanted = moduleAri(environment, WORKFLOW_RULE_MODULE_KEY);
  const found = rules.find((rule) => rule.ruleType === 'Validator' && rule.id === wanted);
  if (!found?.id) throw new SetupStepError(message('server.setup.validator_missing', { module: WORKFLOW_RULE_MODULE_KEY }));
  return found.id;
}

/**
 * The workflow's transitions with our rule on each transition that should carry it. A rule of ours
 * with another configuration is corrected; other apps' and Jira's own rules stay as they are.
 * Returns the names of the transitions that changed.
 */
function withRules(
  transitions: WorkflowTransitionBean[],
  ruleId: string,
): { transitions: WorkflowTransitionBean[]; changed: string[] } {
  const changed: string[] = [];
  const updated = transitions.map((transition) => {
    const rule = RULES_BY_TRANSITION.get(transition.id);
    if (!rule) return transition;
    const validators = transition.validators ?? [];
    const ours = validators.filter(
      (validator) => validator.ruleKey === FORGE_VALIDATOR_RULE_KEY && validator.parameters?.key === ruleId,
    );
    if (ours.length === 1 && ours[0]!.parameters?.config === ruleConfig(rule)) return transition;
    changed.push(transition.name);
    return {
      ...transition,
      validators: [...validators.filter((validator) => !ours.includes(validator)), validatorFor(ruleId, rule)],
    };
  });
  return { transitions: updated, changed };
}

/** Adds the delivery rules an existing workflow lacks, in one update based on the version just read. */
async function installRules(jira: JiraClient, workflowId: string, ruleId: string): Promise<string[]> {
  const workflow: WorkflowDetails | undefined = await jira.readWorkflow(workflowId);
  if (!workflow) throw new SetupStepError(message('server.setup.workflow_missing', { id: workflowId }));
  const { transitions, changed } = withRules(workflow.transitions, ruleId);
  if (changed.length > 0) await jira.updateWorkflowTransitions(workflow, transitions);
  return changed;
}

/**
 * Publishes the scheme's draft and follows Jira's task. What counts is the scheme afterwards: a task
 * that failed because an earlier run's task had already published the draft is success. A task still
 * running when the wait ends fails the step; the next run of setup finds the mapping published (or
 * sets and publishes it again), so an interrupted setup finishes on re-run.
 */
async function publishDraft(
  jira: JiraClient,
  schemeId: number,
  projectId: string,
  issueTypeId: string,
  workflowName: string,
): Promise<void> {
  let failure: JiraTaskError | undefined;
  try {
    await jira.publishWorkflowSchemeDraft(schemeId);
  } catch (error) {
    if (!(error instanceof JiraTaskError)) throw error;
    failure = error;
  }
  const published = await jira.getWorkflowSchemeForProject(projectId);
  if ((published?.issueTypeMappings?.[issueTypeId] ?? published?.defaultWorkflow) === workflowName) return;
  if (failure?.taskStatus === 'still-running')
    throw new SetupStepError(message('server.setup.scheme_still_publishing', { scheme: schemeId, task: failure.taskId }));
  if (failure)
    throw new SetupStepError(
      message('server.setup.scheme_task_failed', {
        scheme: schemeId,
        task: failure.taskId,
        status: failure.taskStatus,
        reason: failure.taskMessage ?? '',
      }),
    );
  throw new SetupStepError(message('server.setup.scheme_not_published', { scheme: schemeId }));
}

/**
 * Setup step `workflow`: statuses → workflow (with the app's delivery rules on the transitions into
 * In progress and Closed) → the project's workflow scheme. Each part looks for
 * what it would create first, so a re-run creates nothing twice and a failed run is finished by
 * the next. Existing statuses and workflows are reused by name and never renamed or changed; the
 * scheme only gains (or changes) the Requirement's mapping.
 */
export async function applyRequirementWorkflow(
  jira: JiraClient,
  projectId: string,
  issueTypeId: string,
): Promise<SetupStepOutcome> {
  const changes: Message[] = [];

  // Status names are unique on a site, so an existing status of the same name is the one to use.
  const byName = new Map<string, StatusBean>((await jira.searchStatuses()).map((status) => [status.name.toLowerCase(), status]));
  const missing = REQUIREMENT_WORKFLOW_STATUSES.filter((definition) => !byName.has(definition.name.toLowerCase()));
  if (missing.length > 0) {
    const created = await jira.createStatuses(
      missing.map((definition) => ({
        name: definition.name,
        statusCategory: definition.category,
        description: definition.description,
      })),
    );
    for (const status of created) byName.set(status.name.toLowerCase(), status);
    changes.push(message('server.setup.statuses_created', { count: missing.length }));
  }
  const statusIds = new Map<WorkflowStatusKey, string>();
  for (const definition of REQUIREMENT_WORKFLOW_STATUSES) {
    const found = byName.get(definition.name.toLowerCase());
    if (!found) throw new SetupStepError(message('server.setup.status_not_created', { name: definition.name }));
    statusIds.set(definition.key, found.id);
  }
  const idOf = (key: WorkflowStatusKey): string => statusIds.get(key)!;

  const environment = currentAppEnvironment();
  const ruleId = await findRuleId(jira, projectId, issueTypeId, environment);
  const workflowName = requirementWorkflowName(environment);
  let workflow = await jira.findWorkflow(workflowName);
  if (workflow) {
    // A workflow from before the rules existed, or one an admin edited: add what is missing.
    const changed = await installRules(jira, workflow.id, ruleId);
    if (changed.length > 0)
      changes.push(message('server.setup.rules_added', { count: changed.length, transitions: changed.join(', ') }));
  } else {
    const details: WorkflowCreateDetails = {
      name: workflowName,
      description: REQUIREMENT_WORKFLOW.description,
      statuses: REQUIREMENT_WORKFLOW_STATUSES.map((definition) => ({
        id: idOf(definition.key),
        name: byName.get(definition.name.toLowerCase())!.name,
        statusCategory: definition.category,
      })),
      transitions: [
        { id: '1', name: 'Create', type: 'INITIAL', toStatusId: idOf(REQUIREMENT_INITIAL_STATUS), fromStatusIds: [] },
        ...REQUIREMENT_WORKFLOW_TRANSITIONS.map((transition) => ({
          id: transition.id,
          name: transition.name,
          type: transition.from.length === 0 ? ('GLOBAL' as const) : ('DIRECTED' as const),
          toStatusId: idOf(transition.to),
          fromStatusIds: transition.from.map(idOf),
          ...(RULES_BY_TRANSITION.has(transition.id)
            ? { validators: [validatorFor(ruleId, RULES_BY_TRANSITION.get(transition.id)!)] }
            : {}),
        })),
      ],
    };
    workflow = await jira.createWorkflow(details);
    changes.push(message('server.setup.workflow_created', { workflow: workflow.name, count: RULES_BY_TRANSITION.size }));
  }

  const scheme = await jira.getWorkflowSchemeForProject(projectId);
  // Jira's default workflow scheme has no id and cannot be edited; replacing it is the admin's call.
  if (scheme?.id === undefined) throw new SetupStepError(message('server.setup.default_workflow_scheme'));
  const current = scheme.issueTypeMappings?.[issueTypeId] ?? scheme.defaultWorkflow;
  if (current !== workflow.name) {
    // A scheme in use changes through a draft; publishing it (even one a failed run left) applies it.
    const updated = await jira.setWorkflowSchemeIssueType(scheme.id, issueTypeId, workflow.name);
    if (updated.draft) await publishDraft(jira, scheme.id, projectId, issueTypeId, workflow.name);
    changes.push(
      message('server.setup.scheme_uses_workflow', {
        type: REQUIREMENT_ISSUE_TYPE.name,
        scheme: scheme.name ?? String(scheme.id),
      }),
    );
  }

  return {
    result: true,
    created: changes.length > 0,
    detail:
      changes.length > 0
        ? changes
        : [message('server.setup.workflow_in_place', { type: REQUIREMENT_ISSUE_TYPE.name, workflow: workflow.name })],
  };
}
