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
import { getFrameworkVersion } from '../storage/framework-store';
import { isGranted, type ResolverDefinition } from './guard';

const inputKeys = INPUT_FIELDS.map((field) => field.name) as [string, ...string[]];

async function toView(requirement: StoredRequirement, need: Pick<TriageView, 'needConfirmation' | 'needConfirmedOn'>, latest: FrameworkVersion, canEdit: boolean): Promise<TriageView> {
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
    return toView(updated, loaded.need, loaded.framework, true);
  },
};
