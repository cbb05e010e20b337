import {
  appendMark,
  FEASIBILITY_DIMENSIONS,
  formatFeasibilityField,
  latestMarks,
  summariseFeasibility,
  validateFeasibilityInput,
  type FeasibilityMark,
} from '../domain/delivery/feasibility';
import { ValidationError } from '../domain/result';
import { jiraAsApp, type JiraClient } from '../jira/client';
import type { FeasibilityView } from '../shared/api';
import { getDeliveryRecord, getDeliverySettings, MAX_MARK_HISTORY, updateDeliveryRecord } from '../storage/delivery-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds } from './app-fields';
import { mayPerformDuty, requireDuty } from './delivery-access';
import { PartlyAppliedError } from './errors';
import { isRequirementIssue, projectOf } from '../jira/issue-fields';
import { message } from '../domain/messages';

/** Rounds of "write the field, check nobody marked meanwhile" before giving up on a busy issue. */
const FIELD_SYNC_ROUNDS = 3;

interface MarkedIssue {
  project: { key: string; id: string };
  isRequirement: boolean;
}

async function issueProject(jira: JiraClient, issueId: string): Promise<MarkedIssue> {
  const [issue, requirementTypeId] = await Promise.all([
    jira.getIssue(issueId, ['project', 'issuetype']),
    getRequirementIssueTypeId(),
  ]);
  return { project: projectOf(issue), isRequirement: isRequirementIssue(issue, requirementTypeId) };
}

async function viewOf(
  jira: JiraClient,
  issueId: string,
  accountId: string,
  project: { key: string; id: string },
  history: readonly FeasibilityMark[],
): Promise<FeasibilityView> {
  const settings = await getDeliverySettings(project.key);
  const allowed = await Promise.all(
    FEASIBILITY_DIMENSIONS.map((dimension) => mayPerformDuty(jira, accountId, project, dimension, settings)),
  );
  const latest = latestMarks(history);
  return {
    issueId,
    projectKey: project.key,
    dimensions: FEASIBILITY_DIMENSIONS.map((dimension, index) => ({
      dimension,
      latest: latest[dimension] ?? null,
      canSet: allowed[index]!,
      holders: settings.duties[dimension],
    })),
    history: [...history].reverse(),
    summary: summariseFeasibility(history),
  };
}

export async function feasibilityView(issueId: string, accountId: string): Promise<FeasibilityView> {
  const jira = jiraAsApp();
  const [{ project }, record] = await Promise.all([issueProject(jira, issueId), getDeliveryRecord(issueId)]);
  return viewOf(jira, issueId, accountId, project, record.feasibility);
}

/**
 * Brings the read-only "Feasibility marks" field in line with the stored marks. Two marks at once
 * could write the field in the wrong order, so after writing it checks the record did not change
 * meanwhile, and writes again if it did.
 */
async function syncFeasibilityField(jira: JiraClient, issueId: string): Promise<void> {
  const ids = await resolveAppFieldIds(jira);
  for (let round = 0; round < FIELD_SYNC_ROUNDS; round += 1) {
    const record = await getDeliveryRecord(issueId);
    const wanted = formatFeasibilityField(record.feasibility);
    const current = (await jira.getIssue(issueId, [ids.feasibilityMarks])).fields[ids.feasibilityMarks] ?? null;
    if (current !== wanted)
      await jira.setAppFieldValues([{ fieldId: ids.feasibilityMarks, issueIds: [Number(issueId)], value: wanted }]);
    if ((await getDeliveryRecord(issueId)).revision === record.revision) return;
  }
}

/**
 * Records a mark by the caller, who must hold the dimension's duty. Re-sending the newest mark
 * unchanged stores nothing new (a retry after a lost answer is safe) but still brings the field up to date.
 */
export async function markFeasibility(issueId: string, accountId: string, raw: unknown, now: Date): Promise<FeasibilityView> {
  const input = validateFeasibilityInput(raw);
  if (!input.ok) throw new ValidationError(input.violations);
  const jira = jiraAsApp();
  const { project, isRequirement } = await issueProject(jira, issueId);
  if (!isRequirement)
    throw new ValidationError([{ field: 'issue', rule: 'type', message: 'Feasibility is marked on Requirements only.' }]);
  await requireDuty(jira, accountId, project, input.value.dimension);
  const { displayName } = await jira.getUser(accountId);
  const mark: FeasibilityMark = { ...input.value, by: { accountId, displayName }, at: now.toISOString() };
  const record = await updateDeliveryRecord(issueId, (current) => {
    const feasibility = appendMark(current.feasibility, mark, MAX_MARK_HISTORY);
    return feasibility ? { ...current, feasibility } : null;
  });
  try {
    await syncFeasibilityField(jira, issueId);
  } catch {
    throw new PartlyAppliedError(message('server.partly.feasibility_field'));
  }
  return viewOf(jira, issueId, accountId, project, record.feasibility);
}
