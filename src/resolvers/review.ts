import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { confirmReview, listReviewQueue } from '../services/review';
import { issueKey } from './duplicates';
import { isGranted, type ResolverDefinition } from './guard';
import { projectKey } from './requirements';

export const listReview: ResolverDefinition<'review.list', 'project'> = {
  key: 'review.list',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), nextPageToken: z.string().max(2000).nullable().optional() }).strict(),
  async run({ payload, caller, target }) {
    const canEdit = await isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { projectId: target.projectId });
    return listReviewQueue(target.projectKey, payload.nextPageToken ?? null, canEdit);
  },
};

export const confirmReviewed: ResolverDefinition<'review.confirm', 'named-issue'> = {
  key: 'review.confirm',
  access: { scope: 'named-issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ issueKey }).strict(),
  async run({ target }) {
    return confirmReview(target.issueId);
  },
};
