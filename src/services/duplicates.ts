import { linksChangedSince, readLinkedCustomers } from '../domain/customer-links';
import {
  changedSinceMerge,
  mergedFields,
  mergeFieldLabels,
  suggestedKeep,
  type MergeCandidateFacts,
  type MergedFields,
  type MergeSide,
} from '../domain/merge';
import { parseFeasibilityField } from '../domain/delivery/feasibility';
import { message } from '../domain/messages';
import { ConflictError, ValidationError } from '../domain/result';
import { DUPLICATE_RESOLUTION } from '../domain/summary';
import { DuplicateIndex, type IndexedDocument } from '../domain/text';
import { adfText } from '../domain/text/adf';
import { explainMatch } from '../domain/text';
import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import { jiraAsApp, jiraAsUser, JiraError, type IssueBean, type IssueLinkBean, type JiraClient } from '../jira/client';
import type { DraftSimilarItem, MergeState, SimilarRequirementItem } from '../shared/api';
import { loadProjectIndex, saveProjectIndex, updateProjectIndex } from '../storage/duplicate-index-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { getMergeRecord, saveMergeRecord, type MergeRecord } from '../storage/merge-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { isRequirementIssue, projectOf, statusOf } from '../jira/issue-fields';
import { workflowStatusName } from '../domain/workflow';

/**
 * Similar-requirement suggestions and merging duplicates. Each project has its own index in KVS
 * (src/storage/duplicate-index-store.ts), kept current by the issue trigger and rebuilt from Jira
 * when it is missing or its size disagrees with Jira's count (an event was lost).
 */

export const SUGGESTION_LIMIT = 5;
const DUPLICATE_LINK_TYPE = 'Duplicate';

const textFieldsOf = (ids: AppFieldIds): string[] => [
  'summary',
  'description',
  'issuetype',
  'project',
  ids.background,
  ids.expectedGoal,
  ids.customerWords,
];
const mergeFieldsOf = (ids: AppFieldIds): string[] => [
  ...textFieldsOf(ids),
  'status',
  'issuelinks',
  ids.sourceChannel,
  ids.duplicateCount,
  ids.linkedCustomers,
];

const textOf = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What the index knows of a requirement: summary, description, and the record's free text. */
export function indexedDocumentOf(issue: IssueBean, ids: AppFieldIds): IndexedDocument {
  return {
    id: issue.id,
    fields: {
      summary: textOf(issue.fields.summary),
      description: adfText(issue.fields.description),
      details: [ids.background, ids.expectedGoal, ids.customerWords].map((id) => textOf(issue.fields[id])).join('\n'),
    },
  };
}

export const projectKeyOf = (issue: IssueBean): string => projectOf(issue).key;

const requirementsJql = (projectKey: string): string =>
  `project = "${projectKey}" AND issuetype = "${REQUIREMENT_ISSUE_TYPE.name}"`;

/** Reads every Requirement of the project, a page of 100 at a time, into a new index and stores it. */
export async function rebuildProjectIndex(jira: JiraClient, projectKey: string, ids: AppFieldIds): Promise<DuplicateIndex> {
  const index = new DuplicateIndex();
  let nextPageToken: string | null = null;
  do {
    const page = await jira.searchPage({
      jql: `${requirementsJql(projectKey)} ORDER BY key ASC`,
      fields: textFieldsOf(ids),
      nextPageToken,
    });
    for (const issue of page.items) index.upsert(indexedDocumentOf(issue, ids));
    nextPageToken = page.nextPageToken;
  } while (nextPageToken);
  await saveProjectIndex(projectKey, index);
  return index;
}

/** The stored index when it holds as many requirements as Jira counts, else a rebuilt one. */
export async function currentProjectIndex(jira: JiraClient, projectKey: string, ids: AppFieldIds): Promise<DuplicateIndex> {
  const [stored, count] = await Promise.all([loadProjectIndex(projectKey), jira.countIssues(requirementsJql(projectKey))]);
  return stored !== null && stored.size === count ? stored : rebuildProjectIndex(jira, projectKey, ids);
}

/**
 * Brings one requirement's entry up to date after an issue event. Reads the issue as it is now,
 * so late and repeated events converge on the same index; rewrites only the requirement's shard.
 */
export async function updateIndexForIssue(
  issueId: string,
  eventProjectKey: string | undefined,
  deleted: boolean,
): Promise<'upserted' | 'removed' | 'unchanged'> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  let issue: IssueBean | null = null;
  if (!deleted) {
    try {
      issue = await jira.getIssue(issueId, textFieldsOf(ids));
    } catch (error) {
      if (!(error instanceof JiraError && error.kind === 'not-found')) throw error;
    }
  }
  const projectKey = issue ? projectKeyOf(issue) : eventProjectKey;
  // No index yet: the first panel that needs one builds it with this issue in it.
  if (!projectKey) return 'unchanged';
  if (issue && isRequirementIssue(issue, await getRequirementIssueTypeId())) {
    const document = indexedDocumentOf(issue, ids);
    const written = await updateProjectIndex(projectKey, issueId, (index) => {
      index.upsert(document);
      return true;
    });
    return written ? 'upserted' : 'unchanged';
  }
  return (await updateProjectIndex(projectKey, issueId, (index) => index.remove(issueId))) ? 'removed' : 'unchanged';
}

/**
 * Adds requirements the app just created to the project's index. Their creation raises no event
 * for the app (ignoreSelf), so this is how the index learns of them before its next rebuild. A
 * project without an index yet is left alone (the first read builds it from Jira, these included);
 * a failure here costs only a rebuild later (the stored size then disagrees with Jira's count), so
 * it does not fail the creation.
 */
export async function indexCreatedRequirements(
  projectKey: string,
  issues: readonly IssueBean[],
  ids: AppFieldIds,
): Promise<void> {
  const documents = issues.map((issue) => indexedDocumentOf(issue, ids));
  try {
    await updateProjectIndex(
      projectKey,
      documents.map((document) => document.id),
      (index) => {
        for (const document of documents) index.upsert(document);
        return documents.length > 0;
      },
    );
  } catch (error) {
    console.warn(
      `similar-requirement index of ${projectKey} not updated after a create (the next read rebuilds it):`,
      error instanceof Error ? error.message : 'unknown error',
    );
  }
}

const linksOf = (issue: IssueBean): IssueLinkBean[] =>
  Array.isArray(issue.fields.issuelinks) ? (issue.fields.issuelinks as IssueLinkBean[]) : [];

/** Issues this one is already linked with as a duplicate, either way: no point suggesting them. */
const duplicateLinkedIds = (issue: IssueBean): string[] =>
  linksOf(issue)
    .filter((link) => link.type.name === DUPLICATE_LINK_TYPE)
    .flatMap((link) => [link.inwardIssue?.id, link.outwardIssue?.id])
    .filter((id): id is string => typeof id === 'string');

/** The project's requirements most like this one, best first, limited to those the caller may see. */
export async function similarRequirements(issueId: string): Promise<SimilarRequirementItem[]> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const issue = await jira.getIssue(issueId, [...textFieldsOf(ids), 'issuelinks', ...factFieldsOf(ids)]);
  const index = await currentProjectIndex(jira, projectKeyOf(issue), ids);
  const document = indexedDocumentOf(issue, ids);
  // No similarity floor: a true duplicate worded differently may score low, and the list has room; the score and the shared words let people judge.
  const hits = index.query(document, { limit: SUGGESTION_LIMIT, exclude: duplicateLinkedIds(issue) });
  if (hits.length === 0) return [];
  // The index is built as the app; reading the hits as the user drops any they may not browse.
  const page = await jiraAsUser().searchPage({
    jql: `id in (${hits.map((hit) => hit.id).join(',')})`,
    fields: ['summary', 'status', ...factFieldsOf(ids)],
  });
  const thisFacts = mergeFactsOf(issue, ids);
  const visible = new Map(page.items.map((found) => [found.id, found]));
  return hits.flatMap((hit) => {
    const found = visible.get(hit.id);
    if (!found) return [];
    const summary = textOf(found.fields.summary);
    const { highlights, sharedWords } = explainMatch(
      Object.values(document.fields).map((text) => text ?? ''),
      summary,
    );
    const otherFacts = mergeFactsOf(found, ids);
    const merge = { this: thisFacts, other: otherFacts, keep: suggestedKeep(thisFacts, otherFacts) };
    return [
      {
        id: found.id,
        key: found.key,
        summary,
        status: statusOf(found).name,
        similarity: Math.round(hit.similarity * 100) / 100,
        highlights,
        sharedWords,
        merge,
      },
    ];
  });
}

/**
 * The project's requirements most like a draft that is not an issue yet (quick capture, as the
 * summary is typed), best first, among those the caller may see. The same index and the same
 * highlighting as the panel's suggestions.
 */
export async function similarToDraft(projectKey: string, draft: { summary: string; words: string }): Promise<DraftSimilarItem[]> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const index = await currentProjectIndex(jira, projectKey, ids);
  const document: IndexedDocument = { id: '', fields: { summary: draft.summary, description: '', details: draft.words } };
  const hits = index.query(document, { limit: SUGGESTION_LIMIT });
  if (hits.length === 0) return [];
  const page = await jiraAsUser().searchPage({
    jql: `id in (${hits.map((hit) => hit.id).join(',')})`,
    fields: ['summary', 'status', ids.linkedCustomers],
  });
  const visible = new Map(page.items.map((found) => [found.id, found]));
  return hits.flatMap((hit) => {
    const found = visible.get(hit.id);
    if (!found) return [];
    const summary = textOf(found.fields.summary);
    const { highlights, sharedWords } = explainMatch([draft.summary, draft.words], summary);
    return [
      {
        id: found.id,
        key: found.key,
        summary,
        status: statusOf(found).name,
        similarity: Math.round(hit.similarity * 100) / 100,
        highlights,
        sharedWords,
        demandCount: readLinkedCustomers(found.fields[ids.linkedCustomers]).length,
      },
    ];
  });
}

const factFieldsOf = (ids: AppFieldIds): string[] => [
  'created',
  ids.weightedScore,
  ids.linkedCustomers,
  ids.feasibilityMarks,
  ids.duplicateCount,
];

function mergeFactsOf(issue: IssueBean, ids: AppFieldIds): MergeCandidateFacts {
  const [created, score, count] = [issue.fields.created, issue.fields[ids.weightedScore], issue.fields[ids.duplicateCount]];
  return {
    key: issue.key,
    created: typeof created === 'string' ? created : null,
    weightedScore: typeof score === 'number' ? score : null,
    linkedCustomers: readLinkedCustomers(issue.fields[ids.linkedCustomers]).length,
    feasibilityMarks: Object.keys(parseFeasibilityField(issue.fields[ids.feasibilityMarks])).length,
    duplicateCount: typeof count === 'number' ? count : 0,
  };
}

function mergeSideOf(issue: IssueBean, ids: AppFieldIds): MergeSide {
  const words = issue.fields[ids.customerWords];
  const channel = issue.fields[ids.sourceChannel];
  const count = issue.fields[ids.duplicateCount];
  return {
    key: issue.key,
    description: issue.fields.description ?? null,
    customerWords: typeof words === 'string' && words !== '' ? words : null,
    sourceChannel: typeof channel === 'string' && channel !== '' ? channel : null,
    duplicateCount: typeof count === 'number' ? count : null,
    linkedCustomers: readLinkedCustomers(issue.fields[ids.linkedCustomers]),
  };
}

const statusIdAndName = (issue: IssueBean): { statusId: string; statusName: string } => {
  const status = statusOf(issue);
  return { statusId: status.id, statusName: status.name };
};

/** Writes the merged fields on the kept issue: people's fields as the user, the count and the linked customers as the app. */
async function writeKeptFields(issue: { id: string }, from: MergedFields, to: MergedFields, ids: AppFieldIds): Promise<void> {
  const edits: Record<string, unknown> = {};
  if (JSON.stringify(from.description) !== JSON.stringify(to.description)) edits.description = to.description;
  if (from.customerWords !== to.customerWords) edits[ids.customerWords] = to.customerWords;
  if (from.sourceChannel !== to.sourceChannel) edits[ids.sourceChannel] = to.sourceChannel;
  if (Object.keys(edits).length > 0) await jiraAsUser().editIssue(issue.id, edits);
  const appValues = [];
  if (from.duplicateCount !== to.duplicateCount)
    appValues.push({ fieldId: ids.duplicateCount, issueIds: [Number(issue.id)], value: to.duplicateCount });
  // A merge recorded before customers were linked has no list: it changed none.
  const [linksBefore, linksAfter] = [from.linkedCustomers ?? [], to.linkedCustomers ?? []];
  if (linksChangedSince(linksBefore, linksAfter))
    appValues.push({
      fieldId: ids.linkedCustomers,
      issueIds: [Number(issue.id)],
      value: linksAfter.length > 0 ? linksAfter : null,
    });
  if (appValues.length > 0) await jiraAsApp().setAppFieldValues(appValues);
}

const stateOf = (record: MergeRecord | undefined): MergeState =>
  record
    ? {
        state: record.status,
        keptKey: record.keptKey,
        duplicateKey: record.duplicateKey,
        duplicateClosed: record.closed,
        statusRestored: record.statusRestored ?? null,
        customerWordsLeftOut: record.customerWordsLeftOut ?? 0,
      }
    : { state: 'none', keptKey: null, duplicateKey: null, duplicateClosed: false, statusRestored: null, customerWordsLeftOut: 0 };

export interface MergeRequest {
  thisIssueId: string;
  otherIssueId: string;
  keep: 'this' | 'other';
  descriptionFrom: 'this' | 'other';
  accountId: string;
  now: Date;
}

/**
 * Merges two requirements; callers have checked Edit issues on both. The record is stored before
 * anything changes in Jira and updated after each step, so an undo knows what exists to undo.
 * Merging a pair that is already merged changes nothing.
 */
export async function mergeRequirements(request: MergeRequest): Promise<MergeState> {
  if (request.thisIssueId === request.otherIssueId)
    throw new ValidationError([
      { field: 'otherIssueKey', rule: 'type', message: 'otherIssueKey: choose another requirement than this one.' },
    ]);
  const existing = await getMergeRecord(request.thisIssueId, request.otherIssueId);
  if (existing?.status === 'merged') return stateOf(existing);
  const [keptId, duplicateId] =
    request.keep === 'this' ? [request.thisIssueId, request.otherIssueId] : [request.otherIssueId, request.thisIssueId];
  return withIssueEditLock(keptId, async () => {
    const jira = jiraAsApp();
    const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jira), getRequirementIssueTypeId()]);
    const [kept, duplicate] = await Promise.all([
      jira.getIssue(keptId, mergeFieldsOf(ids)),
      jira.getIssue(duplicateId, mergeFieldsOf(ids)),
    ]);
    if (!isRequirementIssue(kept, requirementTypeId) || !isRequirementIssue(duplicate, requirementTypeId)) {
      throw new ValidationError([
        { field: 'otherIssueKey', rule: 'enum', message: 'otherIssueKey: only Requirements can be merged.' },
      ]);
    }
    const keptBefore = mergeSideOf(kept, ids);
    const descriptionSource = request.descriptionFrom === request.keep ? 'kept' : 'duplicate';
    // Refused before anything is written: a merge that cannot be stored whole is not started.
    const outcome = mergedFields(keptBefore, mergeSideOf(duplicate, ids), descriptionSource);
    if (!outcome.ok) throw new ValidationError(outcome.violations);
    const keptAfter = outcome.value.fields;
    const record: MergeRecord = {
      keptId,
      keptKey: kept.key,
      duplicateId,
      duplicateKey: duplicate.key,
      status: 'merged',
      mergedBy: request.accountId,
      mergedAt: request.now.toISOString(),
      keptBefore: {
        description: keptBefore.description,
        customerWords: keptBefore.customerWords,
        sourceChannel: keptBefore.sourceChannel,
        duplicateCount: keptBefore.duplicateCount,
        linkedCustomers: keptBefore.linkedCustomers,
      },
      keptAfter,
      customerWordsInFull: outcome.value.customerWordsInFull,
      customerWordsLeftOut: outcome.value.customerWordsLeftOut,
      duplicateBefore: statusIdAndName(duplicate),
      linkId: null,
      closed: false,
    };
    await saveMergeRecord(record);
    const user = jiraAsUser();
    await user.linkIssues({ typeName: DUPLICATE_LINK_TYPE, inwardIssueId: duplicateId, outwardIssueId: keptId });
    const linked = await jira.getIssue(duplicateId, ['issuelinks']);
    record.linkId =
      linksOf(linked).find((link) => link.type.name === DUPLICATE_LINK_TYPE && link.outwardIssue?.id === keptId)?.id ?? null;
    await saveMergeRecord(record);
    await writeKeptFields(kept, record.keptBefore, keptAfter, ids);
    record.closed = await closeAsDuplicate(user, duplicateId);
    await saveMergeRecord(record);
    return stateOf(record);
  });
}

/** Closes the duplicate with resolution Duplicate when the workflow offers a way to Closed; false when it does not. */
async function closeAsDuplicate(user: JiraClient, duplicateId: string): Promise<boolean> {
  const transition = (await user.getTransitions(duplicateId)).find(
    (candidate) => candidate.to.name === workflowStatusName('closed'),
  );
  if (!transition) return false;
  try {
    await user.transitionIssue(duplicateId, transition.id, { resolution: { name: DUPLICATE_RESOLUTION } });
  } catch (error) {
    // The transition has no resolution on its screen: close it with the workflow's own resolution.
    if (!(error instanceof JiraError && error.kind === 'bad-request')) throw error;
    await user.transitionIssue(duplicateId, transition.id);
  }
  return true;
}

/**
 * Undoes the merge of two issues: reopens the duplicate to its old status, removes the link and puts
 * the kept issue's fields back. Refuses, changing nothing, when someone edited the kept issue's merged
 * fields since. Undoing twice, or a pair never merged, changes nothing.
 */
export async function undoMerge(thisIssueId: string, otherIssueId: string): Promise<MergeState> {
  const record = await getMergeRecord(thisIssueId, otherIssueId);
  if (record?.status !== 'merged') return stateOf(record);
  return withIssueEditLock(record.keptId, async () => {
    const jira = jiraAsApp();
    const ids = await resolveAppFieldIds(jira);
    const [kept, duplicate] = await Promise.all([
      jira.getIssue(record.keptId, mergeFieldsOf(ids)),
      jira.getIssue(record.duplicateId, ['status']),
    ]);
    const current = mergeSideOf(kept, ids);
    const changed = changedSinceMerge(record.keptAfter, current);
    if (changed.length > 0)
      throw new ConflictError(
        message('server.conflict.edited_after_merge', {
          issue: record.keptKey,
          fields: {
            'en-US': changed.map((name) => mergeFieldLabels('en')[name]).join(', '),
            'zh-CN': changed.map((name) => mergeFieldLabels('zh')[name]).join('、'),
          },
        }),
      );
    const user = jiraAsUser();
    let statusRestored = true;
    if (record.closed && statusIdAndName(duplicate).statusId !== record.duplicateBefore.statusId) {
      const back = (await user.getTransitions(record.duplicateId)).find(
        (transition) => transition.to.id === record.duplicateBefore.statusId,
      );
      if (back) await user.transitionIssue(record.duplicateId, back.id);
      else statusRestored = false;
    }
    if (record.linkId) {
      await user.deleteIssueLink(record.linkId).catch((error: unknown) => {
        // Someone removed the link already.
        if (!(error instanceof JiraError && error.kind === 'not-found')) throw error;
      });
    }
    await writeKeptFields(kept, current, record.keptBefore, ids);
    const undone: MergeRecord = { ...record, status: 'undone', statusRestored };
    await saveMergeRecord(undone);
    return stateOf(undone);
  });
}
