import { z } from 'zod';
import { INPUT_FIELDS } from '../domain/fields';
import type { FrameworkVersion } from '../domain/framework';
import { diffFrameworkSettings } from '../domain/framework-changes';
import { weightedScore } from '../domain/scoring';
import { COMPUTED_FIELDS } from '../domain/fields';
import { readStoredComputed } from '../domain/scoring';
import { jiraAsApp, jiraAsUser, JiraError } from '../jira/client';
import type { PayloadOf, TriageView } from '../shared/api';
import type { StoredRequirement } from '../services/requirement';
import { applyInputEdit, loadRequirement } from '../services/requirement-edit';
import { stampReviewed } from '../services/review';
import { requirementScoreHistory } from '../services/score-history';
import { getFrameworkVersion } from '../storage/framework-store';
import { resolveAppFieldIds } from '../services/app-fields';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { isGranted, type ResolverDefinition, missingPermission } from './guard';
import { isRequirementIssue } from '../jira/issue-fields';

const inputKeys = INPUT_FIELDS.map((field) => field.name) as [string, ...string[]];

async function toView(
  requirement: StoredRequirement,
  need: Pick<TriageView, 'needConfirmation' | 'needConfirmedOn'>,
  latest: FrameworkVersion,
  canEdit: boolean,
  closedAsDuplicateOf: string | null,
): Promise<TriageView> {
  // Show the version the stored score was computed with, so a stale score is recognisable.
  const usedVersion = requirement.computed.frameworkVersion;
  const framework = usedVersion && usedVersion !== latest.version ? ((await getFrameworkVersion(usedVersion)) ?? latest) : latest;
  const weighted = weightedScore(requirement.inputs, framework.settings, requirement.problems);
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
    changesSinceScored: framework.version === latest.version ? [] : diffFrameworkSettings(framework.settings, latest.settings),
    // A closed duplicate is worked on through the requirement it was merged into: nothing here is edited any more.
    canEdit: canEdit && closedAsDuplicateOf === null,
    closedAsDuplicateOf,
  };
}

export const getTriage: ResolverDefinition<'triage.get'> = {
  key: 'triage.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  async run({ caller, target }) {
    const issueId = target.issueId as string;
    const [{ framework, need, requirement, closedAsDuplicateOf }, canEdit] = await Promise.all([loadRequirement(issueId), isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId })]);
    return toView(requirement, need, framework, canEdit, closedAsDuplicateOf);
  },
};

/**
 * The glance shows one badge beside the panel on every issue, so it answers in one Jira call: the
 * issue's computed fields read as the caller, which Jira answers only for someone who may browse
 * the issue (https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-get).
 * A check by the app first would be a second round trip for the same answer.
 */
export const getGlance: ResolverDefinition<'glance.get'> = {
  key: 'glance.get',
  access: { scope: 'signed-in' },
  payload: z.object({ issueKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/, 'must be an issue key such as REQ-1') }).strict(),
  async run({ payload }) {
    const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jiraAsApp()), getRequirementIssueTypeId()]);
    const issue = await jiraAsUser()
      .getIssue(payload.issueKey, ['issuetype', ...COMPUTED_FIELDS.map((field) => ids[field.name])])
      .catch((error: unknown) => {
        // The same answer for "no such issue" and "not yours", as the guard gives.
        if (error instanceof JiraError && error.kind === 'not-found') throw missingPermission('BROWSE_PROJECTS', { issueKey: payload.issueKey });
        throw error;
      });
    const isRequirement = isRequirementIssue(issue, requirementTypeId);
    const computed = readStoredComputed(Object.fromEntries(COMPUTED_FIELDS.map((field) => [field.name, issue.fields[ids[field.name]]])));
    return { isRequirement, computed: { priorityGrade: computed.priorityGrade, weightedScore: computed.weightedScore, valueCostQuadrant: computed.valueCostQuadrant } };
  },
};

const inputValue = z.union([z.number(), z.string().max(2000), z.null()]);
const inputRecord = z.partialRecord(z.enum(inputKeys), inputValue);

export const saveTriage: ResolverDefinition<'triage.save'> = {
  key: 'triage.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ inputs: inputRecord, expected: inputRecord.optional() }).strict() as unknown as z.ZodType<PayloadOf<'triage.save'>>,
  async run({ payload, target }) {
    const { loaded, updated } = await applyInputEdit(target.issueId as string, payload.inputs, payload.expected);
    // A person re-scoring on the panel counts as the periodic review. The save stands if the stamp
    // fails: the requirement then only shows up in the review queue again.
    await stampReviewed(updated.id).catch((error: unknown) => console.warn('review date not recorded:', error instanceof Error ? error.name : 'unknown error'));
    return toView(updated, loaded.need, loaded.framework, true, null);
  },
};

/** Read as the user from Jira's changelog, so Jira decides who may see the history. */
export const getScoreHistory: ResolverDefinition<'triage.history'> = {
  key: 'triage.history',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({}).strict() as unknown as z.ZodType<Record<string, never>>,
  run: ({ target }) => requirementScoreHistory(target.issueId as string),
};
