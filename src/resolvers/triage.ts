import { z } from 'zod';
import { INPUT_FIELDS } from '../domain/fields';
import type { FrameworkVersion } from '../domain/framework';
import { diffFrameworkSettings } from '../domain/framework-changes';
import { weightedScore } from '../domain/scoring';
import { jiraAsApp } from '../jira/client';
import type { PayloadOf, TriageView } from '../shared/api';
import type { StoredRequirement } from '../services/requirement';
import { applyInputEdit, loadRequirement } from '../services/requirement-edit';
import { stampReviewed } from '../services/review';
import { requirementScoreHistory } from '../services/score-history';
import { getFrameworkVersion } from '../storage/framework-store';
import { isGranted, noPayload, type ResolverDefinition } from './guard';

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

export const getTriage: ResolverDefinition<'triage.get', 'issue'> = {
  key: 'triage.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  async run({ caller, target }) {
    const issueId = target.issueId;
    const [{ framework, need, requirement, closedAsDuplicateOf }, canEdit] = await Promise.all([
      loadRequirement(issueId),
      isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId }),
    ]);
    return toView(requirement, need, framework, canEdit, closedAsDuplicateOf);
  },
};

const inputValue = z.union([z.number(), z.string().max(2000), z.null()]);
const inputRecord = z.partialRecord(z.enum(inputKeys), inputValue);

export const saveTriage: ResolverDefinition<'triage.save', 'issue'> = {
  key: 'triage.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ inputs: inputRecord, expected: inputRecord.optional() }).strict() as unknown as z.ZodType<
    PayloadOf<'triage.save'>
  >,
  async run({ payload, target }) {
    const { loaded, updated } = await applyInputEdit(target.issueId, payload.inputs, payload.expected);
    // A person re-scoring on the panel counts as the periodic review. The save stands if the stamp
    // fails: the requirement then only shows up in the review queue again.
    await stampReviewed(updated.id).catch((error: unknown) =>
      console.warn('review date not recorded:', error instanceof Error ? error.name : 'unknown error'),
    );
    return toView(updated, loaded.need, loaded.framework, true, null);
  },
};

/** Read as the user from Jira's changelog, so Jira decides who may see the history. */
export const getScoreHistory: ResolverDefinition<'triage.history', 'issue'> = {
  key: 'triage.history',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ target }) => requirementScoreHistory(target.issueId),
};
