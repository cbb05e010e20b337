import { closeRuleBlockers, startBlockers, type TransitionRule } from '../domain/delivery/workflow-rules';
import type { Message } from '../domain/messages';
import { REQUIREMENT_WORKFLOW_STATUSES } from '../domain/workflow';
import { jiraAsApp, type IssueBean, type IssueLinkBean, type JiraClient, type RetryPolicy } from '../jira/client';
import { getDeliveryRecord } from '../storage/delivery-store';
import { getMergeRecord } from '../storage/merge-store';
import { resolveAppFieldIds } from './app-fields';
import { statusOf } from '../jira/issue-fields';

/**
 * What the workflow rules read to decide a transition, as the app (Jira calls validators without a
 * user to act for). Jira waits only a few seconds for a validator, so each rule makes at most two
 * reads at once (the app's delivery record and, for closing, the issue) and retries only briefly.
 */

/** One quick retry: a validator that waits out Jira's back-off is timed out by Jira anyway. */
export const VALIDATOR_RETRY: RetryPolicy = {
  attempts: 2,
  baseDelayMs: 200,
  maxDelayMs: 500,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

const DUPLICATE_LINK_TYPE = 'Duplicate';
const DONE_STATUS = REQUIREMENT_WORKFLOW_STATUSES.find((status) => status.key === 'done')!.name.toLowerCase();

const textOf = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

/**
 * Closed by the app's own merge: the issue links out as a duplicate of the kept one and the merge
 * record says so. The link alone is not enough, since anyone who may link issues can add one.
 */
async function isMergedDuplicate(issue: IssueBean): Promise<boolean> {
  const links = Array.isArray(issue.fields.issuelinks) ? (issue.fields.issuelinks as IssueLinkBean[]) : [];
  for (const link of links) {
    if (link.type?.name !== DUPLICATE_LINK_TYPE || !link.outwardIssue) continue;
    const record = await getMergeRecord(issue.id, link.outwardIssue.id);
    if (record?.status === 'merged' && record.duplicateId === issue.id) return true;
  }
  return false;
}

/** The gaps that stop this transition, one sentence each for the blocked user; empty when it may go ahead. */
export async function transitionBlockers(
  rule: TransitionRule,
  target: { id?: string; key?: string },
  jira: JiraClient = jiraAsApp(VALIDATOR_RETRY),
): Promise<Message[]> {
  if (rule === 'start') {
    const issueId = target.id ?? (await jira.getIssue(target.key!, ['status'])).id;
    return startBlockers((await getDeliveryRecord(issueId)).feasibility);
  }
  const ids = await resolveAppFieldIds(jira);
  const fields = ['status', 'issuelinks', ids.moscow, ids.wontReason];
  const [issue, record] = target.id
    ? await Promise.all([jira.getIssue(target.id, fields), getDeliveryRecord(target.id)])
    : await jira.getIssue(target.key!, fields).then(async (found) => [found, await getDeliveryRecord(found.id)] as const);
  const status = statusOf(issue).name.toLowerCase();
  const situation = {
    delivered: status === DONE_STATUS,
    moscow: textOf(issue.fields[ids.moscow]),
    wontHaveReason: textOf(issue.fields[ids.wontReason]),
    mergedDuplicate: false,
  };
  const blockers = closeRuleBlockers(record.closure, situation);
  // Only a close that would be refused looks further, so the usual close costs no extra read.
  if (blockers.length === 0 || !(await isMergedDuplicate(issue))) return blockers;
  return closeRuleBlockers(record.closure, { ...situation, mergedDuplicate: true });
}
