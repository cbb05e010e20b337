import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import { REQUIREMENT_INITIAL_STATUS, REQUIREMENT_WORKFLOW, REQUIREMENT_WORKFLOW_STATUSES, REQUIREMENT_WORKFLOW_TRANSITIONS, type WorkflowStatusKey } from '../domain/workflow';
import type { JiraClient, StatusBean, WorkflowCreateDetails } from '../jira/client';

/**
 * Setup step `workflow`: statuses → workflow → the project's workflow scheme. Each part looks for
 * what it would create first, so a re-run creates nothing twice and a failed run is finished by
 * the next. Existing statuses and workflows are reused by name and never renamed or changed; the
 * scheme only gains (or changes) the Requirement's mapping.
 */
export async function applyRequirementWorkflow(jira: JiraClient, projectId: string, issueTypeId: string): Promise<{ result: true; created: boolean; detail: string }> {
  const changes: string[] = [];

  // Status names are unique on a site, so an existing status of the same name is the one to use.
  const byName = new Map<string, StatusBean>((await jira.searchStatuses()).map((status) => [status.name.toLowerCase(), status]));
  const missing = REQUIREMENT_WORKFLOW_STATUSES.filter((definition) => !byName.has(definition.name.toLowerCase()));
  if (missing.length > 0) {
    const created = await jira.createStatuses(missing.map((definition) => ({ name: definition.name, statusCategory: definition.category, description: definition.description })));
    for (const status of created) byName.set(status.name.toLowerCase(), status);
    changes.push(`${missing.length} statuses created`);
  }
  const statusIds = new Map<WorkflowStatusKey, string>();
  for (const definition of REQUIREMENT_WORKFLOW_STATUSES) {
    const found = byName.get(definition.name.toLowerCase());
    if (!found) throw new Error(`Jira did not create the status ${definition.name}.`);
    statusIds.set(definition.key, found.id);
  }
  const idOf = (key: WorkflowStatusKey): string => statusIds.get(key)!;

  let workflow = await jira.findWorkflow(REQUIREMENT_WORKFLOW.name);
  if (!workflow) {
    const details: WorkflowCreateDetails = {
      name: REQUIREMENT_WORKFLOW.name,
      description: REQUIREMENT_WORKFLOW.description,
      statuses: REQUIREMENT_WORKFLOW_STATUSES.map((definition) => ({ id: idOf(definition.key), name: byName.get(definition.name.toLowerCase())!.name, statusCategory: definition.category })),
      transitions: [
        { id: '1', name: 'Create', type: 'INITIAL', toStatusId: idOf(REQUIREMENT_INITIAL_STATUS), fromStatusIds: [] },
        ...REQUIREMENT_WORKFLOW_TRANSITIONS.map((transition) => ({
          id: transition.id,
          name: transition.name,
          type: transition.from.length === 0 ? ('GLOBAL' as const) : ('DIRECTED' as const),
          toStatusId: idOf(transition.to),
          fromStatusIds: transition.from.map(idOf),
        })),
      ],
    };
    workflow = await jira.createWorkflow(details);
    changes.push(`workflow ${workflow.name} created`);
  }

  const scheme = await jira.getWorkflowSchemeForProject(projectId);
  // Jira's default workflow scheme has no id and cannot be edited; replacing it is the admin's call.
  if (scheme?.id === undefined) throw new Error("The project uses Jira's default workflow scheme; give it a workflow scheme of its own, then run setup again.");
  const current = scheme.issueTypeMappings?.[issueTypeId] ?? scheme.defaultWorkflow;
  if (current !== workflow.name) {
    // A scheme in use changes through a draft; publishing it (even one a failed run left) applies it.
    const updated = await jira.setWorkflowSchemeIssueType(scheme.id, issueTypeId, workflow.name);
    if (updated.draft) await jira.publishWorkflowSchemeDraft(scheme.id);
    changes.push(`${REQUIREMENT_ISSUE_TYPE.name} uses it in ${scheme.name ?? `scheme ${scheme.id}`}`);
  }

  return {
    result: true,
    created: changes.length > 0,
    detail: changes.length > 0 ? changes.join('; ') : `${REQUIREMENT_ISSUE_TYPE.name} uses ${workflow.name}`,
  };
}
