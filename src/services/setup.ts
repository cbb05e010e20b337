import { isEditableField, REQUIREMENT_ISSUE_TYPE, SCREEN_FIELDS } from '../domain/fields';
import { message, type Message } from '../domain/messages';
import { JiraError, type JiraClient } from '../jira/client';
import { writeFor } from '../platform/translate';
import type { SetupReport, SetupStep, SetupStepKey } from '../shared/api';
import { saveProjectSetup, saveRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, resolveScreenFieldIds } from './app-fields';
import { SetupStepError } from './errors';
import { applyRequirementWorkflow } from './requirement-workflow';

/** What a step found or did, or why it stopped, as sentences the admin page shows in the admin's language. */
export type SetupStepOutcome = { result: true; created: boolean; detail: Message[] };

/**
 * Turns a Jira project into a requirement-triage project. Each step first looks for what it would
 * create, so running setup again creates nothing twice and finishes what a failed run left.
 * Nothing of the project's is renamed or deleted. Call only after checking the caller is an admin.
 * Each step's detail is written in `readerLocale` (both languages when unknown).
 */
export async function setUpProject(
  jira: JiraClient,
  projectKey: string,
  now: () => Date,
  readerLocale: string | null,
  through?: SetupStepKey,
): Promise<SetupReport> {
  const steps: SetupStep[] = [];
  const write = (detail: readonly Message[]) => writeFor(readerLocale, detail);
  const report = (): SetupReport => ({ projectKey, steps });
  let stopped = false;
  const run = async <T>(
    key: SetupStepKey,
    step: () => Promise<{ result: T; created: boolean; detail: Message[] }>,
  ): Promise<T | undefined> => {
    // Steps after `through` are left for a later call.
    if (stopped) return undefined;
    try {
      const { result, created, detail } = await step();
      steps.push({ key, status: created ? 'created' : 'done', detail: await write(detail) });
      stopped = key === through;
      return result;
    } catch (error) {
      steps.push({ key, status: 'failed', detail: await write([failureSentence(error)]) });
      return undefined;
    }
  };

  const project = await run('project', async () => {
    const found = await jira.getProject(projectKey);
    return { result: found, created: false, detail: [message('server.setup.project', { key: found.key, name: found.name })] };
  });
  if (!project) return report();

  const fields = await run('fields', async () => {
    const ids = await resolveAppFieldIds(jira);
    return { result: ids, created: false, detail: [message('server.setup.fields', { count: Object.keys(ids).length })] };
  });
  if (!fields) return report();

  const issueType = await run('issue-type', async () => {
    const existing = (await jira.getIssueTypes()).find((type) => type.name === REQUIREMENT_ISSUE_TYPE.name && !type.subtask);
    const type =
      existing ??
      (await jira.createIssueType({
        name: REQUIREMENT_ISSUE_TYPE.name,
        description: REQUIREMENT_ISSUE_TYPE.description,
        hierarchyLevel: 0,
      }));
    await saveRequirementIssueTypeId(type.id);
    return { result: type, created: !existing, detail: [message('server.setup.issue_type', { name: type.name, id: type.id })] };
  });
  if (!issueType) return report();

  const added = await run('issue-type-scheme', async () => {
    const scheme = await jira.getIssueTypeSchemeForProject(project.id);
    if (!scheme) throw new SetupStepError(message('server.setup.no_issue_type_scheme', { key: project.key }));
    // The default scheme holds every issue type already and cannot be edited.
    if (scheme.isDefault)
      return { result: true, created: false, detail: [message('server.setup.scheme_default', { scheme: scheme.name })] };
    const items = await jira.getIssueTypeSchemeItems(scheme.id);
    if (items.includes(issueType.id))
      return {
        result: true,
        created: false,
        detail: [message('server.setup.scheme_has_type', { scheme: scheme.name, type: issueType.name })],
      };
    await jira.addIssueTypesToScheme(scheme.id, [issueType.id]);
    return {
      result: true,
      created: true,
      detail: [message('server.setup.scheme_type_added', { scheme: scheme.name, type: issueType.name })],
    };
  });
  if (!added) return report();

  const screens = await run('screens', () => placeFieldsOnScreens(jira, project.id, issueType.id));
  if (!screens) return report();

  const workflow = await run('workflow', () => applyRequirementWorkflow(jira, project.id, issueType.id));
  if (!workflow) return report();

  await run('record', async () => {
    await saveProjectSetup({
      projectKey: project.key,
      projectId: project.id,
      issueTypeId: issueType.id,
      completedAt: now().toISOString(),
    });
    return { result: true, created: false, detail: [message('server.setup.ready', { key: project.key })] };
  });
  return report();
}

/**
 * Puts the app fields on the Requirement's create, edit and view screens, in SCREEN_FIELDS order,
 * appended to each screen's first tab. Fields already on a screen (any tab) are left where they are,
 * so a re-run adds only what is missing and a resumed run still ends in form order. The create
 * screen gets only the fields people fill in; a screen that also edits or views gets them all.
 */
async function placeFieldsOnScreens(jira: JiraClient, projectId: string, issueTypeId: string): Promise<SetupStepOutcome> {
  const scheme = await jira.getIssueTypeScreenSchemeForProject(projectId);
  if (!scheme) throw new SetupStepError(message('server.setup.no_screen_scheme'));
  const mappings = await jira.getIssueTypeScreenSchemeMappings(scheme.id);
  const mapping =
    mappings.find((item) => item.issueTypeId === issueTypeId) ?? mappings.find((item) => item.issueTypeId === 'default');
  if (!mapping)
    throw new SetupStepError(
      message('server.setup.no_screen_mapping', { scheme: scheme.name, type: REQUIREMENT_ISSUE_TYPE.name }),
    );
  const screenScheme = await jira.getScreenScheme(mapping.screenSchemeId);
  if (!screenScheme?.screens)
    throw new SetupStepError(message('server.setup.screen_scheme_missing', { id: mapping.screenSchemeId }));
  const { default: fallback, create, edit, view } = screenScheme.screens;
  const wanted = new Map<string, 'editable' | 'all'>();
  wanted.set(String(create ?? fallback), 'editable');
  for (const screenId of [edit ?? fallback, view ?? fallback]) wanted.set(String(screenId), 'all');

  const fieldIds = await resolveScreenFieldIds(jira);
  let added = 0;
  for (const [screenId, which] of wanted) {
    const tabs = await jira.getScreenTabs(screenId);
    const first = tabs[0];
    if (!first) throw new SetupStepError(message('server.setup.screen_without_tab', { id: screenId }));
    const readPresent = async () => {
      const present = new Set<string>();
      for (const tab of tabs) for (const field of await jira.getScreenTabFields(screenId, String(tab.id))) present.add(field.id);
      return present;
    };
    const present = await readPresent();
    for (const definition of SCREEN_FIELDS) {
      if (which === 'editable' && !isEditableField(definition)) continue;
      const fieldId = fieldIds[definition.moduleKey]!;
      if (present.has(fieldId)) continue;
      try {
        await jira.addScreenTabField(screenId, String(first.id), fieldId);
      } catch (error) {
        // The client resends a POST whose answer was lost; Jira then refuses the field it already placed
        // (documented only as 400 "the request is invalid"), so the screen itself says whether it is there.
        if (!(error instanceof JiraError && error.status === 400) || !(await readPresent()).has(fieldId)) throw error;
      }
      added += 1;
    }
  }
  return {
    result: true,
    created: added > 0,
    detail: [
      added > 0
        ? message('server.setup.fields_placed', { added, screens: wanted.size })
        : message('server.setup.fields_in_place', { type: REQUIREMENT_ISSUE_TYPE.name }),
    ],
  };
}

/** Why a step stopped: the app's own sentence, or what Jira answered (in Jira's words). */
function failureSentence(error: unknown): Message {
  if (error instanceof SetupStepError) return error.sentence;
  return message('server.setup.jira_refused', { reason: error instanceof Error ? error.message : String(error) });
}
