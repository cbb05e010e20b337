import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import type { JiraClient } from '../jira/client';
import type { SetupReport, SetupStep } from '../shared/api';
import { saveProjectSetup, saveRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds } from './app-fields';

/**
 * Turns a Jira project into a requirement-triage project. Each step first looks for what it would
 * create, so running setup again creates nothing twice and finishes what a failed run left.
 * Nothing of the project's is renamed or deleted. Call only after checking the caller is an admin.
 */
export async function setUpProject(jira: JiraClient, projectKey: string, now: () => Date): Promise<SetupReport> {
  const steps: SetupStep[] = [];
  const report = (): SetupReport => ({ projectKey, steps });
  const run = async <T>(key: string, step: () => Promise<{ result: T; created: boolean; detail: string }>): Promise<T | undefined> => {
    try {
      const { result, created, detail } = await step();
      steps.push({ key, status: created ? 'created' : 'done', detail });
      return result;
    } catch (error) {
      steps.push({ key, status: 'failed', detail: error instanceof Error ? error.message : String(error) });
      return undefined;
    }
  };

  const project = await run('project', async () => {
    const found = await jira.getProject(projectKey);
    return { result: found, created: false, detail: `${found.key} (${found.name})` };
  });
  if (!project) return report();

  const fields = await run('fields', async () => {
    const ids = await resolveAppFieldIds(jira);
    return { result: ids, created: false, detail: `${Object.keys(ids).length} app fields installed` };
  });
  if (!fields) return report();

  const issueType = await run('issue-type', async () => {
    const existing = (await jira.getIssueTypes()).find((type) => type.name === REQUIREMENT_ISSUE_TYPE.name && !type.subtask);
    const type =
      existing ?? (await jira.createIssueType({ name: REQUIREMENT_ISSUE_TYPE.name, description: REQUIREMENT_ISSUE_TYPE.description, hierarchyLevel: 0 }));
    await saveRequirementIssueTypeId(type.id);
    return { result: type, created: !existing, detail: `${type.name} (id ${type.id})` };
  });
  if (!issueType) return report();

  const added = await run('issue-type-scheme', async () => {
    const scheme = await jira.getIssueTypeSchemeForProject(project.id);
    if (!scheme) throw new Error(`Project ${project.key} has no issue type scheme.`);
    // The default scheme holds every issue type already and cannot be edited.
    if (scheme.isDefault) return { result: true, created: false, detail: `${scheme.name} includes every issue type` };
    const items = await jira.getIssueTypeSchemeItems(scheme.id);
    if (items.includes(issueType.id)) return { result: true, created: false, detail: `${scheme.name} already has ${issueType.name}` };
    await jira.addIssueTypesToScheme(scheme.id, [issueType.id]);
    return { result: true, created: true, detail: `${issueType.name} added to ${scheme.name}` };
  });
  if (!added) return report();

  await run('record', async () => {
    await saveProjectSetup({ projectKey: project.key, projectId: project.id, issueTypeId: issueType.id, completedAt: now().toISOString() });
    return { result: true, created: false, detail: `${project.key} is ready for requirements` };
  });
  return report();
}
