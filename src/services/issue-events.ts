import { INPUT_FIELDS } from '../domain/fields';
import { workflowStatusName } from '../domain/workflow';
import { JiraError, type JiraClient } from '../jira/client';
import { resolveAppFieldIds } from './app-fields';
import { followStatusChange } from './closure';
import { setDueDateOnAcceptance } from './delivery-dates';
import { updateIndexForIssue } from './duplicates';
import { frameworkForIssue } from './framework';
import { readRequirement, requirementFieldList, writeComputedFields, type RecomputeOutcome } from './requirement';
import { getRequirementIssueTypeId } from '../storage/setup-store';

/** The parts of an issue created / updated / deleted event that are read (the trigger checks their shape). */
export interface IssueEventChange {
  eventType?: string;
  issue: { id: string | number; fields?: { project?: { key?: string } } };
  changelog?: {
    id?: string | number;
    items?: { field?: string; fieldId?: string; fromString?: string | null; toString?: string | null }[];
  };
}

export type IssueEventOutcome = RecomputeOutcome | { status: 'ignored'; reason: string };

const ANALYSING = workflowStatusName('analysing');
const PENDING = workflowStatusName('pending');

/**
 * Keeps the project's similar-requirement index current and recomputes a Requirement's computed
 * fields after it is created or edited. Events arrive late and may repeat, so the handler reads the
 * issue as it is now and writes only what differs.
 */
export async function followIssueEvent(jira: JiraClient, event: IssueEventChange): Promise<IssueEventOutcome> {
  const issueId = String(event.issue.id);
  const deleted = event.eventType === 'avi:jira:deleted:issue';
  // Scores first: they are what people rely on; the index is derived data and catches up.
  const outcome = deleted ? { status: 'ignored' as const, reason: 'issue deleted' } : await recompute(jira, event, issueId);
  await keepIndexCurrent(issueId, event.issue.fields?.project?.key, deleted);
  return outcome;
}

/**
 * A failed index update must not fail the scoring that already happened. The next event for the
 * issue brings it up to date; a lost create or delete shows as a count mismatch and a rebuild.
 */
async function keepIndexCurrent(issueId: string, projectKey: string | undefined, deleted: boolean): Promise<void> {
  try {
    await updateIndexForIssue(issueId, projectKey, deleted);
  } catch (error) {
    // No issue data in the log line, only what failed.
    console.warn('similar-requirement index not updated:', error instanceof Error ? error.name : 'unknown error');
  }
}

async function recompute(jira: JiraClient, event: IssueEventChange, issueId: string): Promise<IssueEventOutcome> {
  const ids = await resolveAppFieldIds(jira);
  const accepted =
    event.changelog?.items?.some(
      (item) => (item.fieldId ?? item.field) === 'status' && item.fromString === ANALYSING && item.toString === PENDING,
    ) ?? false;
  if (accepted) await setDueDateOnAcceptance(jira, issueId, ids);
  // Done starts the closure loop's clock, Closed archives it; both read the change's own time.
  const statusChange = event.changelog?.items?.find((item) => (item.fieldId ?? item.field) === 'status');
  if (statusChange?.toString && event.changelog?.id !== undefined)
    await followStatusChange(jira, issueId, String(event.changelog.id), statusChange.toString);
  if (event.changelog?.items) {
    const relevant = new Set(['issuetype', ...INPUT_FIELDS.map((field) => ids[field.name])]);
    const touched = event.changelog.items.some((item) => relevant.has(item.fieldId ?? '') || relevant.has(item.field ?? ''));
    if (!touched) return { status: 'ignored', reason: 'no scoring input changed' };
  }
  const requirementTypeId = await getRequirementIssueTypeId();
  let issue;
  try {
    issue = await jira.getIssue(issueId, requirementFieldList(ids));
  } catch (error) {
    // Deleted between the event and now: nothing left to score.
    if (error instanceof JiraError && error.kind === 'not-found') return { status: 'ignored', reason: 'issue no longer exists' };
    throw error;
  }
  const framework = await frameworkForIssue(issue);
  return writeComputedFields(jira, readRequirement(issue, ids, framework, requirementTypeId), framework, ids);
}
