import {
  formatKeyDatesField,
  milestoneStatuses,
  nextKeyDate,
  nextMilestone,
  parseKeyDatesField,
  proposedPlan,
  validateKeyDatesInput,
  type KeyDate,
} from '../domain/key-dates';
import { ConflictError, ValidationError } from '../domain/result';
import { jiraAsApp, type IssueBean, type JiraClient } from '../jira/client';
import { isRequirementIssue, projectOf, statusOf } from '../jira/issue-fields';
import type { KeyDatesTimeline, KeyDatesView, ReportsCopyNeeded, TimelineRow } from '../shared/api';
import { getDeliveryRecord, getDeliveryRecords, getDeliverySettings } from '../storage/delivery-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { projectRows } from './reports';
import { siteClock } from './site-clock';
import { message } from '../domain/messages';

/**
 * Key dates of one Requirement: the project's milestones (delivery rules) with the planned and
 * actual day of each, stored in the app's read-only "Key dates" field (and the next open planned
 * day in "Next key date", for the reminder run's JQL). Both are written only by the app, after the
 * guard checked the caller may edit the issue, so nobody can set a date the rules would refuse.
 */

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

interface Loaded {
  issue: IssueBean;
  ids: AppFieldIds;
  today: string;
}

async function load(jira: JiraClient, issueId: string): Promise<Loaded> {
  const ids = await resolveAppFieldIds(jira);
  const [issue, clock] = await Promise.all([
    jira.getIssue(issueId, ['summary', 'status', 'issuetype', 'project', 'duedate', ids.keyDates]),
    siteClock(jira),
  ]);
  return { issue, ids, today: clock.today };
}

async function viewOf({ issue, ids, today }: Loaded, canEdit: boolean): Promise<KeyDatesView> {
  const project = projectOf(issue);
  const [settings, record, requirementTypeId] = await Promise.all([
    getDeliverySettings(project.key),
    getDeliveryRecord(issue.id),
    getRequirementIssueTypeId(),
  ]);
  const stored = textOf(issue.fields[ids.keyDates]);
  const statuses = milestoneStatuses(parseKeyDatesField(stored), settings.keyDates, today);
  const acceptedOn = record.accepted?.on ?? null;
  const dueDate = textOf(issue.fields.duedate);
  return {
    issue: { id: issue.id, key: issue.key, summary: textOf(issue.fields.summary) ?? '' },
    isRequirement: isRequirementIssue(issue, requirementTypeId),
    milestones: settings.keyDates,
    dates: statuses,
    next: nextMilestone(statuses),
    stored,
    acceptedOn,
    dueDate,
    proposal: acceptedOn ? proposedPlan(acceptedOn, dueDate, settings.keyDates) : null,
    today,
    done: statusOf(issue).categoryKey === 'done',
    canEdit,
  };
}

export async function getKeyDatesView(issueId: string, canEdit: boolean): Promise<KeyDatesView> {
  const jira = jiraAsApp();
  return viewOf(await load(jira, issueId), canEdit);
}

/**
 * Saves the caller's key dates when the field still holds what their panel showed (`expected`);
 * otherwise a conflict, and nothing is written. Refusals name the milestone and the rule.
 */
export async function saveKeyDates(issueId: string, raw: { dates: unknown; expected: string | null }): Promise<KeyDatesView> {
  const jira = jiraAsApp();
  return withIssueEditLock(issueId, async () => {
    const loaded = await load(jira, issueId);
    const { issue, ids, today } = loaded;
    const requirementTypeId = await getRequirementIssueTypeId();
    if (!isRequirementIssue(issue, requirementTypeId))
      throw new ValidationError([{ field: 'issue', rule: 'type', message: 'Key dates are kept on Requirements only.' }]);
    const stored = textOf(issue.fields[ids.keyDates]);
    if ((raw.expected ?? null) !== stored) {
      throw new ConflictError(message('server.conflict.key_dates_changed', { issue: issue.key }));
    }
    const settings = await getDeliverySettings(projectOf(issue).key);
    const input = validateKeyDatesInput({ dates: raw.dates }, settings.keyDates, today);
    if (!input.ok) throw new ValidationError(input.violations);
    // Dates of milestones the project dropped stay in the field: renaming or re-adding one brings them back.
    const kept = parseKeyDatesField(stored).filter(
      (date) => !settings.keyDates.some((milestone) => milestone.code === date.code),
    );
    const dates: KeyDate[] = [...input.value, ...kept];
    const text = formatKeyDatesField(dates);
    const next = nextKeyDate(dates, settings.keyDates);
    if (text !== stored) {
      await jira.setAppFieldValues([
        { fieldId: ids.keyDates, issueIds: [Number(issueId)], value: text },
        { fieldId: ids.nextKeyDate, issueIds: [Number(issueId)], value: next },
      ]);
    }
    return viewOf({ ...loaded, issue: { ...issue, fields: { ...issue.fields, [ids.keyDates]: text } } }, true);
  });
}

/** Rows the timeline sends at most: a screenful many times over; the page says how many more there are. */
export const TIMELINE_ROWS_MAX = 500;

/**
 * The timeline of a project's accepted requirements: rows from the project's copy (the matrix's read
 * model, no Jira points for the rows when it is usable), acceptance days from the delivery records
 * (KVS batch reads), milestones from the delivery rules. Ordered by next key date (late first),
 * then by acceptance day; requirements done or closed only with `includeDone`.
 */
export async function keyDatesTimeline(
  projectKey: string,
  accountId: string,
  options: { includeDone: boolean; limit: number },
): Promise<KeyDatesTimeline | ReportsCopyNeeded> {
  const [rows, clock, settings] = await Promise.all([
    projectRows(projectKey, accountId),
    siteClock(jiraAsApp()),
    getDeliverySettings(projectKey),
  ]);
  if (!Array.isArray(rows)) return rows;
  const records = await getDeliveryRecords(rows.map((row) => row.id));
  const accepted: TimelineRow[] = rows.flatMap((row) => {
    const acceptedOn = records.get(row.id)?.accepted?.on;
    const done = row.statusCategory === 'done';
    if (!acceptedOn || (done && !options.includeDone) || row.resolution === 'Duplicate') return [];
    const dates = milestoneStatuses(parseKeyDatesField(row.keyDates), settings.keyDates, clock.today);
    return [
      {
        id: row.id,
        key: row.key,
        summary: row.summary,
        status: row.status,
        assignee: row.assignee,
        grade: row.computed.priorityGrade,
        acceptedOn,
        dueDate: row.dueDate,
        done,
        dates,
        next: done ? null : nextMilestone(dates),
      },
    ];
  });
  const sortKey = (row: TimelineRow) => row.next?.planned ?? '9999-99-99';
  accepted.sort((left, right) =>
    sortKey(left) < sortKey(right)
      ? -1
      : sortKey(left) > sortKey(right)
        ? 1
        : left.acceptedOn < right.acceptedOn
          ? -1
          : left.acceptedOn > right.acceptedOn
            ? 1
            : left.key < right.key
              ? -1
              : 1,
  );
  const lateMilestones = accepted.reduce(
    (sum, row) => sum + (row.done ? 0 : row.dates.filter((date) => date.state === 'late').length),
    0,
  );
  return {
    projectKey,
    milestones: settings.keyDates,
    today: clock.today,
    rows: accepted.slice(0, options.limit),
    total: accepted.length,
    lateMilestones,
  };
}
