import { readLinkedCustomers } from '../domain/customer-links';
import { summariseFeasibilityField } from '../domain/delivery/feasibility';
import { COMPUTED_FIELDS, INPUT_FIELDS } from '../domain/fields';
import type { FrameworkVersion } from '../domain/framework';
import type { Violation } from '../domain/result';
import {
  changedComputedFields,
  readStoredComputed,
  readStoredInputs,
  scoreRequirement,
  type ScoreSheet,
} from '../domain/scoring';
import type { IssueBean, JiraClient } from '../jira/client';
import type { RequirementRow, StatusCategory } from '../shared/api';
import type { AppFieldIds } from './app-fields';
import { isRequirementIssue } from '../jira/issue-fields';

/** One Requirement as read from Jira, with what the app's fields currently hold. */
export interface StoredRequirement extends RequirementRow {
  projectKey: string;
  isRequirement: boolean;
  problems: Violation[];
}

/** The row the surfaces see: the stored requirement without its server-side bookkeeping. */
export function toRow({
  projectKey: _project,
  isRequirement: _isRequirement,
  problems: _problems,
  ...row
}: StoredRequirement): RequirementRow {
  return row;
}

/** The Requirements of one project, in key order (stable for paging). */
export const projectRequirementsJql = (projectKey: string): string =>
  `project = "${projectKey}" AND issuetype = "Requirement" ORDER BY key ASC`;

export function requirementFieldList(ids: AppFieldIds): string[] {
  return [
    'summary',
    'status',
    'resolution',
    'issuetype',
    'project',
    'assignee',
    'labels',
    'components',
    'duedate',
    ids.duplicateCount,
    ids.linkedCustomers,
    ids.feasibilityMarks,
    ...INPUT_FIELDS.map((field) => ids[field.name]),
    ...COMPUTED_FIELDS.map((field) => ids[field.name]),
    // Every row carries what the reports count by, whichever path read it (the copy or a search).
    ...reportFieldList(ids),
  ];
}

const nameOf = (value: unknown, property: 'name' | 'displayName' | 'key'): string | null => {
  if (typeof value !== 'object' || value === null) return null;
  const found = (value as Record<string, unknown>)[property];
  return typeof found === 'string' ? found : null;
};

const STATUS_CATEGORIES: Record<string, StatusCategory> = { new: 'new', indeterminate: 'indeterminate', done: 'done' };

function statusCategoryOf(status: unknown): StatusCategory | null {
  const category =
    typeof status === 'object' && status !== null ? (status as { statusCategory?: { key?: unknown } }).statusCategory : undefined;
  return typeof category?.key === 'string' ? (STATUS_CATEGORIES[category.key] ?? null) : null;
}

const stringsOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const namesOf = (value: unknown): string[] =>
  Array.isArray(value) ? value.map((item) => nameOf(item, 'name')).filter((name): name is string => name !== null) : [];

export function readRequirement(
  issue: IssueBean,
  ids: AppFieldIds,
  framework: FrameworkVersion,
  requirementTypeId: string | undefined,
): StoredRequirement {
  const isRequirement = isRequirementIssue(issue, requirementTypeId);
  const rawInputs = Object.fromEntries(INPUT_FIELDS.map((field) => [field.name, issue.fields[ids[field.name]]]));
  const rawComputed = Object.fromEntries(COMPUTED_FIELDS.map((field) => [field.name, issue.fields[ids[field.name]]]));
  const { inputs, problems } = readStoredInputs(rawInputs, framework.settings);
  return {
    id: issue.id,
    key: issue.key,
    summary: typeof issue.fields.summary === 'string' ? issue.fields.summary : '',
    status: nameOf(issue.fields.status, 'name') ?? '',
    statusCategory: statusCategoryOf(issue.fields.status),
    resolution: nameOf(issue.fields.resolution, 'name'),
    assignee: nameOf(issue.fields.assignee, 'displayName'),
    labels: stringsOf(issue.fields.labels),
    components: namesOf(issue.fields.components),
    dueDate: typeof issue.fields.duedate === 'string' ? issue.fields.duedate : null,
    duplicateCount: typeof issue.fields[ids.duplicateCount] === 'number' ? (issue.fields[ids.duplicateCount] as number) : null,
    linkedCustomers: readLinkedCustomers(issue.fields[ids.linkedCustomers]),
    feasibility: summariseFeasibilityField(issue.fields[ids.feasibilityMarks]),
    projectKey: nameOf(issue.fields.project, 'key') ?? '',
    isRequirement,
    inputs,
    problems,
    computed: readStoredComputed(rawComputed),
    // Present only when the read asked for them (requirementFieldList does; some reads ask for fewer fields).
    ...(issue.fields.created !== undefined
      ? { created: typeof issue.fields.created === 'string' ? issue.fields.created : null }
      : {}),
    ...(issue.fields[ids.responsibleDepartment] !== undefined
      ? { department: textOrNull(issue.fields[ids.responsibleDepartment]) }
      : {}),
    ...(issue.fields[ids.sourceChannel] !== undefined ? { sourceChannel: textOrNull(issue.fields[ids.sourceChannel]) } : {}),
    ...(issue.fields[ids.keyDates] !== undefined ? { keyDates: textOrNull(issue.fields[ids.keyDates]) } : {}),
    ...(issue.fields[ids.kind] !== undefined ? { kind: textOrNull(issue.fields[ids.kind]) } : {}),
    ...(issue.fields[ids.kindTag] !== undefined ? { kindTag: textOrNull(issue.fields[ids.kindTag]) } : {}),
  };
}

const textOrNull = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/** What the reports count by (when it was raised, the responsible department, the source channel, kind and second-level tag) and the key dates the ranked list and timeline show. */
const reportFieldList = (ids: AppFieldIds): string[] => [
  'created',
  ids.responsibleDepartment,
  ids.sourceChannel,
  ids.kind,
  ids.kindTag,
  ids.keyDates,
];

export interface RecomputeOutcome {
  issueKey: string;
  status: 'written' | 'unchanged' | 'not-requirement';
  written: string[];
  sheet?: ScoreSheet;
}

/**
 * Scores a Requirement and writes only the computed fields whose value changed, so replays and
 * late duplicate events write nothing. Must be called with an app client: computed fields are
 * written only by the app.
 */
export async function writeComputedFields(
  jiraAsApp: JiraClient,
  requirement: StoredRequirement,
  framework: FrameworkVersion,
  ids: AppFieldIds,
): Promise<RecomputeOutcome> {
  if (!requirement.isRequirement) return { issueKey: requirement.key, status: 'not-requirement', written: [] };
  const sheet = scoreRequirement(requirement.inputs, framework, requirement.problems);
  const changed = changedComputedFields(requirement.computed, sheet.computed);
  if (changed.length === 0) return { issueKey: requirement.key, status: 'unchanged', written: [], sheet };
  await jiraAsApp.setAppFieldValues(
    changed.map((name) => ({ fieldId: ids[name], issueIds: [Number(requirement.id)], value: sheet.computed[name] })),
  );
  return { issueKey: requirement.key, status: 'written', written: changed, sheet };
}
