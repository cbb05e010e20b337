import { assertNoInputConflicts, findInputConflicts } from '../domain/edits';
import { INPUT_FIELDS } from '../domain/fields';
import { needConfirmation, type NeedConfirmation } from '../domain/record';
import { ConflictError, ValidationError } from '../domain/result';
import { validateInputs, type RequirementInputs } from '../domain/scoring';
import type { FrameworkVersion } from '../domain/framework';
import { jiraAsApp, jiraAsUser, JiraError, type IssueBean, type IssueLinkBean, type JiraClient } from '../jira/client';
import type { ExpectedInputs } from '../shared/api';
import { withIssueEditLock } from '../storage/edit-lock';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { PartlyAppliedError } from './errors';
import { frameworkForIssue } from './framework';
import { readRequirement, requirementFieldList, writeComputedFields, type StoredRequirement } from './requirement';
import { message } from '../domain/messages';

export interface LoadedRequirement {
  jira: JiraClient;
  ids: AppFieldIds;
  framework: FrameworkVersion;
  need: { needConfirmation: NeedConfirmation; needConfirmedOn: string | null };
  requirement: StoredRequirement;
  /** The requirement this one was closed as a duplicate of (a merge links and closes it); null when it is not such a duplicate. */
  closedAsDuplicateOf: string | null;
}

/** A done issue that "duplicates" another (the inward side of a Duplicate link) was closed by a merge into it. */
function closedAsDuplicateOf(issue: IssueBean, requirement: StoredRequirement): string | null {
  if (requirement.statusCategory !== 'done') return null;
  const links = Array.isArray(issue.fields.issuelinks) ? (issue.fields.issuelinks as IssueLinkBean[]) : [];
  return links.find((link) => link.type.name === 'Duplicate' && link.outwardIssue)?.outwardIssue?.key ?? null;
}

/** One issue read as the app, with its framework; callers have already checked the user's permission. */
export async function loadRequirement(issueIdOrKey: string): Promise<LoadedRequirement> {
  const jira = jiraAsApp();
  const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jira), getRequirementIssueTypeId()]);
  const issue = await jira.getIssue(issueIdOrKey, [
    ...requirementFieldList(ids),
    ids.needType,
    ids.needConfirmedOn,
    'issuelinks',
  ]);
  const framework = await frameworkForIssue(issue);
  const confirmedOn = issue.fields[ids.needConfirmedOn];
  const need = {
    needConfirmation: needConfirmation(issue.fields[ids.needType], confirmedOn),
    needConfirmedOn: typeof confirmedOn === 'string' ? confirmedOn : null,
  };
  const requirement = readRequirement(issue, ids, framework, requirementTypeId);
  return { jira, ids, framework, need, requirement, closedAsDuplicateOf: closedAsDuplicateOf(issue, requirement) };
}

/**
 * Applies a score edit to a loaded Requirement: refuses it when someone else changed an edited
 * field since the editor loaded it, validates the whole record as it will be, writes the changed
 * inputs as the user (Jira records who changed what and enforces their permission) and the
 * computed fields as the app. Returns the requirement as stored afterwards.
 */
export async function applyInputEdit(
  issueId: string,
  changes: Partial<Record<keyof RequirementInputs, unknown>>,
  expected: ExpectedInputs = {},
): Promise<{ loaded: LoadedRequirement; updated: StoredRequirement }> {
  // The check and the write happen under the issue's edit lock, on values read inside it.
  return withIssueEditLock(issueId, async () => {
    const loaded = await loadRequirement(issueId);
    if (loaded.closedAsDuplicateOf)
      throw new ConflictError(
        message('server.conflict.closed_duplicate', { issue: loaded.requirement.key, kept: loaded.closedAsDuplicateOf }),
      );
    return { loaded, updated: await applyToLoaded(loaded, changes, expected) };
  });
}

async function applyToLoaded(
  loaded: LoadedRequirement,
  changes: Partial<Record<keyof RequirementInputs, unknown>>,
  expected: ExpectedInputs,
): Promise<StoredRequirement> {
  const { jira, ids, framework, requirement } = loaded;
  if (!requirement.isRequirement) {
    throw new ValidationError([{ field: 'issuetype', rule: 'enum', message: 'Scores can be set only on Requirement issues.' }]);
  }
  assertNoInputConflicts(requirement.key, findInputConflicts(requirement.inputs, changes, expected));
  const validated = validateInputs({ ...requirement.inputs, ...changes }, framework.settings);
  if (!validated.ok) throw new ValidationError(validated.violations);
  const changedInputs = INPUT_FIELDS.filter(
    (field) => field.name in changes && validated.value[field.name] !== requirement.inputs[field.name],
  );
  if (changedInputs.length > 0) {
    await jiraAsUser().editIssue(
      requirement.id,
      Object.fromEntries(changedInputs.map((field) => [ids[field.name], validated.value[field.name]])),
    );
  }
  const updated: StoredRequirement = { ...requirement, inputs: validated.value, problems: [] };
  let outcome;
  try {
    outcome = await writeComputedFields(jira, updated, framework, ids);
  } catch (error) {
    if (!(error instanceof JiraError) || changedInputs.length === 0) throw error;
    throw new PartlyAppliedError(message('server.partly.scores'));
  }
  return { ...updated, computed: outcome.sheet?.computed ?? updated.computed };
}
