import { dayInZone, reviewDueBefore } from '../domain/delivery/deadlines';
import { GRADES, type Grade } from '../domain/framework';
import { ValidationError } from '../domain/result';
import { readStoredComputed } from '../domain/scoring';
import { REQUIREMENT_WORKFLOW_STATUSES } from '../domain/workflow';
import { jiraAsApp, jiraAsUser, type IssueBean } from '../jira/client';
import type { ReviewConfirmation, ReviewPage, ReviewRow } from '../shared/api';
import { getDeliverySettings } from '../storage/delivery-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { loadRequirement } from './requirement-edit';
import { writeComputedFields } from './requirement';
import { siteClock } from './site-clock';
import { assigneeOf, statusOf } from '../jira/issue-fields';

/**
 * The periodic review: open Requirements nobody re-scored for the project's `reviewAfterDays` are
 * listed, oldest review first, and "still valid, re-scored" stamps them. The stamp is the app field
 * "Last reviewed on", so Jira's search finds and orders what is due however many requirements a
 * project has.
 */

export const REVIEW_ROWS_PER_PAGE = 50;

const DONE_STATUS_NAMES = REQUIREMENT_WORKFLOW_STATUSES.filter((status) => status.category === 'DONE').map(
  (status) => `"${status.name}"`,
);
const cf = (fieldId: string): string => `cf[${fieldId.replace(/^customfield_/, '')}]`;

/** Never-reviewed requirements (counted from creation) come first, then the reviewed ones by their last review. */
type Phase = 'never' | 'stale';
interface Cursor {
  phase: Phase;
  jiraToken: string | null;
}

function reviewJql(projectKey: string, ids: AppFieldIds, before: string, phase: Phase | 'all'): string {
  const open = `project = "${projectKey}" AND issuetype = "Requirement" AND status not in (${DONE_STATUS_NAMES.join(', ')})`;
  const field = cf(ids.lastReviewedOn);
  const never = `${field} is EMPTY AND created < "${before}"`;
  const stale = `${field} < "${before}"`;
  if (phase === 'never') return `${open} AND ${never} ORDER BY created ASC, key ASC`;
  if (phase === 'stale') return `${open} AND ${stale} ORDER BY ${field} ASC, key ASC`;
  return `${open} AND (${stale} OR (${never}))`;
}

const encodeCursor = (cursor: Cursor): string =>
  Buffer.from(JSON.stringify({ p: cursor.phase, t: cursor.jiraToken })).toString('base64url');

function decodeCursor(token: string): Cursor {
  try {
    const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { p?: unknown; t?: unknown };
    if ((decoded.p === 'never' || decoded.p === 'stale') && (decoded.t === null || typeof decoded.t === 'string'))
      return { phase: decoded.p, jiraToken: decoded.t };
  } catch {
    // reported below
  }
  throw new ValidationError([
    { field: 'nextPageToken', rule: 'type', message: 'nextPageToken: not a page of the review list; load the list again.' },
  ]);
}

const reviewFields = (ids: AppFieldIds): string[] => [
  'summary',
  'status',
  'assignee',
  'created',
  ids.priorityGrade,
  ids.weightedScore,
  ids.lastReviewedOn,
];

/** The row of one requirement; its creation day is the site's day (`timeZone`), as the people reviewing count days. */
function toReviewRow(issue: IssueBean, ids: AppFieldIds, timeZone: string | null): ReviewRow {
  const computed = readStoredComputed({
    priorityGrade: issue.fields[ids.priorityGrade],
    weightedScore: issue.fields[ids.weightedScore],
  });
  const reviewed = issue.fields[ids.lastReviewedOn];
  const created = issue.fields.created;
  return {
    id: issue.id,
    key: issue.key,
    summary: typeof issue.fields.summary === 'string' ? issue.fields.summary : '',
    status: statusOf(issue).name,
    assignee: assigneeOf(issue)?.displayName ?? null,
    grade: (GRADES as readonly unknown[]).includes(computed.priorityGrade) ? (computed.priorityGrade as Grade) : null,
    weightedScore: computed.weightedScore,
    lastReviewedOn: typeof reviewed === 'string' ? reviewed.slice(0, 10) : null,
    createdOn:
      typeof created === 'string' && !Number.isNaN(Date.parse(created)) ? dayInZone(new Date(Date.parse(created)), timeZone) : '',
  };
}

/** One page of the project's requirements due for review, searched as the user so only what they may see is listed. */
export async function listReviewQueue(projectKey: string, nextPageToken: string | null, canEdit: boolean): Promise<ReviewPage> {
  const cursor = nextPageToken ? decodeCursor(nextPageToken) : { phase: 'never' as const, jiraToken: null };
  const [ids, settings, { today, timeZone }] = await Promise.all([
    resolveAppFieldIds(jiraAsApp()),
    getDeliverySettings(projectKey),
    siteClock(jiraAsApp()),
  ]);
  const before = reviewDueBefore(today, settings.reviewAfterDays);
  const jira = jiraAsUser();
  // A page that ends the never-reviewed part goes on into the reviewed part, so pages come full.
  const items: IssueBean[] = [];
  let next: Cursor | null = cursor;
  while (next && items.length < REVIEW_ROWS_PER_PAGE) {
    const page = await jira.searchPage({
      jql: reviewJql(projectKey, ids, before, next.phase),
      fields: reviewFields(ids),
      nextPageToken: next.jiraToken,
      maxResults: REVIEW_ROWS_PER_PAGE - items.length,
    });
    items.push(...page.items);
    if (page.nextPageToken) next = { phase: next.phase, jiraToken: page.nextPageToken };
    else next = next.phase === 'never' ? { phase: 'stale', jiraToken: null } : null;
  }
  const total = nextPageToken ? null : await jira.countIssues(reviewJql(projectKey, ids, before, 'all'));
  return {
    rows: items.map((issue) => toReviewRow(issue, ids, timeZone)),
    nextPageToken: next ? encodeCursor(next) : null,
    total,
    reviewAfterDays: settings.reviewAfterDays,
    today,
    canEdit,
  };
}

/** Records that a person reviewed the requirement today (the site's today); the field is the app's alone. */
export async function stampReviewed(issueId: string): Promise<{ today: string; timeZone: string | null }> {
  const jira = jiraAsApp();
  const [ids, { today, timeZone }] = await Promise.all([resolveAppFieldIds(jira), siteClock(jira)]);
  await jira.setAppFieldValues([{ fieldId: ids.lastReviewedOn, issueIds: [Number(issueId)], value: today }]);
  return { today, timeZone };
}

/**
 * "Still valid, re-scored": the inputs stay as they are, the scores are computed again with the
 * framework the project uses now (written only where they differ) and the review is stamped.
 */
export async function confirmReview(issueId: string): Promise<ReviewConfirmation> {
  return withIssueEditLock(issueId, async () => {
    const { jira, ids, framework, requirement } = await loadRequirement(issueId);
    if (!requirement.isRequirement) {
      throw new ValidationError([
        { field: 'issueKey', rule: 'enum', message: `${requirement.key} is not a Requirement; only Requirements are reviewed.` },
      ]);
    }
    const outcome = await writeComputedFields(jira, requirement, framework, ids);
    const { timeZone } = await stampReviewed(issueId);
    const issue = await jira.getIssue(issueId, reviewFields(ids));
    return { row: toReviewRow(issue, ids, timeZone), rescored: outcome.written };
  });
}
