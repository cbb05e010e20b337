import { z } from 'zod';
import { INPUT_FIELDS } from '../domain/fields';
import { dueDateForGrade } from '../domain/delivery';
import { GRADES, type Grade } from '../domain/framework';
import { workflowStatusName } from '../domain/workflow';
import { jiraAsApp, JiraError, type JiraClient } from '../jira/client';
import { resolveAppFieldIds, type AppFieldIds } from '../services/app-fields';
import { followStatusChange } from '../services/closure';
import { frameworkForIssue } from '../services/framework';
import { updateIndexForIssue } from '../services/duplicates';
import { siteClock } from '../services/site-clock';
import { readRequirement, requirementFieldList, writeComputedFields, type RecomputeOutcome } from '../services/requirement';
import { getDeliveryRecord, updateDeliveryRecord } from '../storage/delivery-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';

/** The parts of avi:jira:created:issue / updated / deleted we read; everything else passes through unread. */
const issueEventSchema = z.object({
  eventType: z.string().optional(),
  issue: z.object({
    id: z.union([z.string().regex(/^[1-9][0-9]{0,17}$/), z.number().int().positive()]),
    key: z.string().optional(),
    fields: z.object({ project: z.object({ key: z.string().optional() }).optional() }).optional(),
  }),
  changelog: z
    .object({
      id: z.union([z.string(), z.number()]).optional(),
      items: z.array(z.object({ field: z.string().optional(), fieldId: z.string().optional(), fromString: z.string().nullish(), toString: z.string().nullish() })).optional(),
    })
    .optional(),
});

export type IssueEvent = z.input<typeof issueEventSchema>;

const ANALYSING = workflowStatusName('analysing');
const PENDING = workflowStatusName('pending');

/**
 * Accepting a Requirement (Analysing → Pending) starts its clock: the due date becomes acceptance day
 * plus the framework's deadline for its grade. A due date someone already set is kept. The day, the
 * grade and the date set are recorded once, so a later grade change can offer to move the date; a
 * replayed event finds the record and changes nothing.
 */
async function setDueDateOnAcceptance(jira: JiraClient, issueId: string, ids: AppFieldIds): Promise<void> {
  if ((await getDeliveryRecord(issueId)).accepted) return;
  const issue = await jira.getIssue(issueId, ['duedate', 'project', 'issuetype', ids.priorityGrade, ids.frameworkVersion]);
  const stored = issue.fields[ids.priorityGrade];
  const grade = typeof stored === 'string' && (GRADES as readonly string[]).includes(stored) ? (stored as Grade) : null;
  const { today } = await siteClock(jira);
  let dueDate: string | null = null;
  if (!issue.fields.duedate && grade !== null) {
    const framework = await frameworkForIssue(issue);
    dueDate = dueDateForGrade(today, grade, framework.settings.deadlineDays);
    if (dueDate) await jira.editIssue(issueId, { duedate: dueDate });
  }
  const accepted = { on: today, grade, dueDate };
  await updateDeliveryRecord(issueId, (current) => (current.accepted ? null : { ...current, accepted }));
}

/**
 * Keeps the project's similar-requirement index current and recomputes a Requirement's computed
 * fields after it is created or edited. Events arrive late and may repeat, so the handler reads the
 * issue as it is now and writes only what differs.
 */
export async function onIssueEvent(raw: unknown): Promise<RecomputeOutcome | { status: 'ignored'; reason: string }> {
  const parsed = issueEventSchema.safeParse(raw);
  // A malformed event cannot become valid by retrying it.
  if (!parsed.success) return { status: 'ignored', reason: 'event without an issue id' };
  const event = parsed.data;
  const issueId = String(event.issue.id);
  const deleted = event.eventType === 'avi:jira:deleted:issue';
  // Scores first: they are what people rely on; the index is derived data and catches up.
  const outcome = deleted ? { status: 'ignored' as const, reason: 'issue deleted' } : await recompute(event, issueId);
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

async function recompute(event: z.output<typeof issueEventSchema>, issueId: string): Promise<RecomputeOutcome | { status: 'ignored'; reason: string }> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const accepted = event.changelog?.items?.some((item) => (item.fieldId ?? item.field) === 'status' && item.fromString === ANALYSING && item.toString === PENDING) ?? false;
  if (accepted) await setDueDateOnAcceptance(jira, issueId, ids);
  // Done starts the closure loop's clock, Closed archives it; both read the change's own time.
  const statusChange = event.changelog?.items?.find((item) => (item.fieldId ?? item.field) === 'status');
  if (statusChange?.toString && event.changelog?.id !== undefined) await followStatusChange(jira, issueId, String(event.changelog.id), statusChange.toString);
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
