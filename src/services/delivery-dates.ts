import { daysBetween, dueDateForGrade, dueDateProposal, type DueDateProposal } from '../domain/delivery/deadlines';
import { GRADES, type Grade } from '../domain/framework';
import { ConflictError, ValidationError } from '../domain/result';
import { jiraAsApp, jiraAsUser, type IssueBean, type JiraClient } from '../jira/client';
import type { DeliveryView } from '../shared/api';
import { getDeliveryRecord, updateDeliveryRecord, type DeliveryRecord } from '../storage/delivery-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { frameworkForIssue } from './framework';
import { siteClock } from './site-clock';
import { assigneeOf, isRequirementIssue, statusOf } from '../jira/issue-fields';
import { message } from '../domain/messages';

/**
 * Responsibility and dates of one Requirement: owner (the Jira assignee), responsible department,
 * the due date the grade gave on acceptance and, after a grade change, the offer to move it.
 */

export const MAX_DEPARTMENT_LENGTH = 255;

interface DeliveryIssue {
  issue: IssueBean;
  ids: AppFieldIds;
  record: DeliveryRecord;
  today: string;
  proposal: DueDateProposal | null;
}

const jiraToday = async (): Promise<string> => (await siteClock(jiraAsApp())).today;
const isDone = (issue: IssueBean): boolean => statusOf(issue).categoryKey === 'done';
const gradeOf = (value: unknown): Grade | null => ((GRADES as readonly unknown[]).includes(value) ? (value as Grade) : null);
const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

async function loadDeliveryIssue(issueId: string): Promise<DeliveryIssue> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const [issue, record, today] = await Promise.all([
    jira.getIssue(issueId, [
      'summary',
      'status',
      'issuetype',
      'project',
      'assignee',
      'duedate',
      ids.responsibleDepartment,
      ids.priorityGrade,
    ]),
    getDeliveryRecord(issueId),
    jiraToday(),
  ]);
  const framework = await frameworkForIssue(issue);
  const proposal = dueDateProposal({
    accepted: record.accepted,
    keptForGrade: record.dueDateKeptFor,
    grade: gradeOf(issue.fields[ids.priorityGrade]),
    dueDate: textOf(issue.fields.duedate),
    done: isDone(issue),
    deadlineDays: framework.settings.deadlineDays,
  });
  return { issue, ids, record, today, proposal };
}

async function toView({ issue, ids, record, today, proposal }: DeliveryIssue, canEdit: boolean): Promise<DeliveryView> {
  const requirementTypeId = await getRequirementIssueTypeId();
  const assignee = assigneeOf(issue);
  const dueDate = textOf(issue.fields.duedate);
  const done = isDone(issue);
  return {
    issue: { id: issue.id, key: issue.key, summary: textOf(issue.fields.summary) ?? '' },
    isRequirement: isRequirementIssue(issue, requirementTypeId),
    owner: assignee?.accountId
      ? { accountId: assignee.accountId, displayName: assignee.displayName || assignee.accountId }
      : null,
    responsibleDepartment: textOf(issue.fields[ids.responsibleDepartment]),
    dueDate,
    today,
    daysLeft: dueDate && !done ? daysBetween(today, dueDate) : null,
    done,
    grade: gradeOf(issue.fields[ids.priorityGrade]),
    acceptedOn: record.accepted?.on ?? null,
    dueDateProposal: proposal,
    canEdit,
  };
}

export async function getDeliveryView(issueId: string, canEdit: boolean): Promise<DeliveryView> {
  return toView(await loadDeliveryIssue(issueId), canEdit);
}

/**
 * Moves the due date to the new grade's deadline. The caller names the date and grade they saw; if
 * either changed since, nothing is moved. With no offer left (already moved, or the grade went
 * back), nothing is moved either and the answer shows the due date as it is. The acceptance record
 * then names the new grade and date, so the date still counts as "from the grade" next time.
 */
export async function moveDueDate(issueId: string, expected: { dueDate: string; toGrade: Grade }): Promise<DeliveryView> {
  return withIssueEditLock(issueId, async () => {
    const loaded = await loadDeliveryIssue(issueId);
    const proposal = loaded.proposal;
    if (!proposal) return toView(loaded, true);
    if (proposal.from !== expected.dueDate) {
      throw new ConflictError(message('server.conflict.due_date_changed', { issue: loaded.issue.key, date: proposal.from }));
    }
    if (proposal.toGrade !== expected.toGrade) {
      throw new ConflictError(message('server.conflict.grade_changed', { issue: loaded.issue.key, grade: proposal.toGrade }));
    }
    // As the user: Jira checks their permission and records who moved it.
    await jiraAsUser().editIssue(issueId, { duedate: proposal.to });
    const record = await updateDeliveryRecord(issueId, (stored) =>
      stored.accepted
        ? {
            ...stored,
            accepted: { ...stored.accepted, grade: proposal.toGrade, dueDate: proposal.to },
            dueDateKeptFor: undefined,
          }
        : null,
    );
    const moved = { ...loaded.issue, fields: { ...loaded.issue.fields, duedate: proposal.to } };
    return toView({ ...loaded, issue: moved, record, proposal: null }, true);
  });
}

/** Remembers that the due date stays after a change to `grade`, so the panel does not ask again for it. */
export async function keepDueDate(issueId: string, grade: Grade): Promise<DeliveryView> {
  await updateDeliveryRecord(issueId, (stored) =>
    stored.dueDateKeptFor === grade ? null : { ...stored, dueDateKeptFor: grade },
  );
  return getDeliveryView(issueId, true);
}

/** Sets the responsible department (if nobody changed it since the caller looked) and/or assigns the issue to the caller. */
export async function saveResponsibility(
  issueId: string,
  accountId: string,
  change: { department?: string | null; expectedDepartment?: string | null; assignToMe?: boolean },
): Promise<DeliveryView> {
  return withIssueEditLock(issueId, async () => {
    const loaded = await loadDeliveryIssue(issueId);
    const fields: Record<string, unknown> = {};
    if (change.department !== undefined) {
      const department = change.department?.trim() || null;
      if (department !== null && department.length > MAX_DEPARTMENT_LENGTH) {
        throw new ValidationError([
          {
            field: 'department',
            rule: 'length',
            message: `Responsible department must be at most ${MAX_DEPARTMENT_LENGTH} characters.`,
            params: { max: MAX_DEPARTMENT_LENGTH },
          },
        ]);
      }
      const current = textOf(loaded.issue.fields[loaded.ids.responsibleDepartment]);
      if (change.expectedDepartment !== undefined && (change.expectedDepartment?.trim() || null) !== current) {
        throw new ConflictError(
          message('server.conflict.department_changed', { issue: loaded.issue.key, department: current ?? '' }),
        );
      }
      if (department !== current) fields[loaded.ids.responsibleDepartment] = department;
    }
    const owner = assigneeOf(loaded.issue)?.accountId;
    if (change.assignToMe && owner !== accountId) fields.assignee = { accountId };
    if (Object.keys(fields).length > 0) await jiraAsUser().editIssue(issueId, fields);
    return getDeliveryView(issueId, true);
  });
}

/**
 * Accepting a Requirement (Analysing → Pending) starts its clock: the due date becomes acceptance day
 * plus the framework's deadline for its grade. A due date someone already set is kept. The day, the
 * grade and the date set are recorded once, so a later grade change can offer to move the date; a
 * replayed event finds the record and changes nothing.
 */
export async function setDueDateOnAcceptance(jira: JiraClient, issueId: string, ids: AppFieldIds): Promise<void> {
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
