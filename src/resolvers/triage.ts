import { z } from 'zod';
import { INPUT_FIELDS } from '../domain/fields';
import type { FrameworkVersion } from '../domain/framework';
import { needConfirmation } from '../domain/record';
import { ValidationError } from '../domain/result';
import { validateInputs, weightedScore, type RequirementInputs } from '../domain/scoring';
import { jiraAsApp, jiraAsUser, JiraError } from '../jira/client';
import type { TriageView } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { frameworkForIssue } from '../services/framework';
import { readRequirement, requirementFieldList, writeComputedFields, type StoredRequirement } from '../services/requirement';
import { getFrameworkVersion } from '../storage/framework-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { isGranted, PartlyAppliedError, type ResolverDefinition } from './guard';

const inputKeys = INPUT_FIELDS.map((field) => field.name) as [string, ...string[]];

async function loadRequirement(issueId: string) {
  const jira = jiraAsApp();
  const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jira), getRequirementIssueTypeId()]);
  const issue = await jira.getIssue(issueId, [...requirementFieldList(ids), ids.needType, ids.needConfirmedOn]);
  const framework = await frameworkForIssue(issue);
  const confirmedOn = issue.fields[ids.needConfirmedOn];
  const need = { needConfirmation: needConfirmation(issue.fields[ids.needType], confirmedOn), needConfirmedOn: typeof confirmedOn === 'string' ? confirmedOn : null };
  return { jira, ids, framework, need, requirement: readRequirement(issue, ids, framework, requirementTypeId) };
}

async function toView(requirement: StoredRequirement, need: Pick<TriageView, 'needConfirmation' | 'needConfirmedOn'>, latest: FrameworkVersion, canEdit: boolean): Promise<TriageView> {
  // Show the version the stored score was computed with, so a stale score is recognisable.
  const usedVersion = requirement.computed.frameworkVersion;
  const framework = usedVersion && usedVersion !== latest.version ? ((await getFrameworkVersion(usedVersion)) ?? latest) : latest;
  const weighted = weightedScore(requirement.inputs, framework.settings);
  return {
    issue: { id: requirement.id, key: requirement.key, summary: requirement.summary },
    isRequirement: requirement.isRequirement,
    inputs: requirement.inputs,
    computed: requirement.computed,
    weighted: weighted.ok ? weighted.value : null,
    problems: requirement.problems,
    ...need,
    framework,
    latestFrameworkVersion: latest.version,
    canEdit,
  };
}

export const getTriage: ResolverDefinition<'triage.get'> = {
  key: 'triage.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run({ caller, target }) {
    const issueId = target.issueId as string;
    const [{ framework, need, requirement }, canEdit] = await Promise.all([loadRequirement(issueId), isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId })]);
    return toView(requirement, need, framework, canEdit);
  },
};

const inputValue = z.union([z.number(), z.string().max(2000), z.null()]);

export const saveTriage: ResolverDefinition<'triage.save'> = {
  key: 'triage.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z
    .object({ inputs: z.partialRecord(z.enum(inputKeys), inputValue) })
    .strict() as unknown as z.ZodType<{ inputs: Partial<Record<keyof RequirementInputs, unknown>> }>,
  async run({ payload, target }) {
    const issueId = target.issueId as string;
    const { jira, ids, framework, need, requirement } = await loadRequirement(issueId);
    if (!requirement.isRequirement) {
      throw new ValidationError([{ field: 'issuetype', rule: 'enum', message: 'Scores can be set only on Requirement issues.' }]);
    }
    // Validate the whole record as it will be after the change, so no rule is checked on half of it.
    const merged = { ...requirement.inputs, ...payload.inputs };
    const validated = validateInputs(merged, framework.settings);
    if (!validated.ok) throw new ValidationError(validated.violations);
    const changedInputs = INPUT_FIELDS.filter((field) => field.name in payload.inputs && validated.value[field.name] !== requirement.inputs[field.name]);
    if (changedInputs.length > 0) {
      // The edit runs as the user, so Jira records who changed what and enforces their permission too.
      await jiraAsUser().editIssue(issueId, Object.fromEntries(changedInputs.map((field) => [ids[field.name], validated.value[field.name]])));
    }
    const updated: StoredRequirement = { ...requirement, inputs: validated.value, problems: [] };
    let outcome;
    try {
      outcome = await writeComputedFields(jira, updated, framework, ids);
    } catch (error) {
      if (!(error instanceof JiraError) || changedInputs.length === 0) throw error;
      // The inputs are in Jira; only the scores are behind (the issue-event trigger also computes them).
      throw new PartlyAppliedError('Your inputs were saved, but Jira was busy and the scores were not updated yet. Save again to update them now.');
    }
    const computed = outcome.sheet?.computed ?? updated.computed;
    return toView({ ...updated, computed }, need, framework, true);
  },
};
