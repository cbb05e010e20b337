import { z } from 'zod';
import { jiraAsApp, JiraError } from '../jira/client';
import { mergeRequirements, similarRequirements, undoMerge } from '../services/duplicates';
import { isGranted, type ResolverDefinition, noPayload, missingPermission } from './guard';

export const issueKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/, 'must be an issue key such as REQ-1');

/**
 * A merge changes two issues, so besides the guard's check on the panel's issue the caller needs
 * Edit issues on the other one too. An issue that does not exist gets the same answer as a hidden one.
 */
async function otherIssueIdFor(accountId: string, otherKey: string): Promise<string> {
  const jira = jiraAsApp();
  const refusal = missingPermission('EDIT_ISSUES', { issueKey: otherKey });
  let otherId: string;
  try {
    otherId = (await jira.getIssue(otherKey, ['project'])).id;
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'not-found') throw refusal;
    throw error;
  }
  if (!(await isGranted(jira, accountId, 'EDIT_ISSUES', { issueId: otherId }))) throw refusal;
  return otherId;
}

export const similarDuplicates: ResolverDefinition<'duplicates.similar', 'issue'> = {
  key: 'duplicates.similar',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ target }) => similarRequirements(target.issueId),
};

export const mergeDuplicates: ResolverDefinition<'duplicates.merge', 'issue'> = {
  key: 'duplicates.merge',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z
    .object({ otherIssueKey: issueKey, keep: z.enum(['this', 'other']), descriptionFrom: z.enum(['this', 'other']) })
    .strict(),
  async run({ payload, caller, target }) {
    const otherIssueId = await otherIssueIdFor(caller.accountId, payload.otherIssueKey);
    return mergeRequirements({
      thisIssueId: target.issueId,
      otherIssueId,
      keep: payload.keep,
      descriptionFrom: payload.descriptionFrom,
      accountId: caller.accountId,
      now: new Date(),
    });
  },
};

export const undoDuplicateMerge: ResolverDefinition<'duplicates.undo', 'issue'> = {
  key: 'duplicates.undo',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ otherIssueKey: issueKey }).strict(),
  async run({ payload, caller, target }) {
    const otherIssueId = await otherIssueIdFor(caller.accountId, payload.otherIssueKey);
    return undoMerge(target.issueId, otherIssueId);
  },
};
