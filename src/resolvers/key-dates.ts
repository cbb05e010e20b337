import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { getKeyDatesView, keyDatesTimeline, saveKeyDates, TIMELINE_ROWS_MAX } from '../services/key-dates';
import { isGranted, noPayload, type ResolverDefinition } from './guard';
import { projectKey } from './requirements';

// Loose shapes for the dates, so validateKeyDatesInput names the milestone and the rule in the user's terms.
const dateText = z.string().max(40).nullable();

export const getKeyDates: ResolverDefinition<'keyDates.get', 'issue'> = {
  key: 'keyDates.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  async run({ caller, target }) {
    const issueId = target.issueId;
    return getKeyDatesView(issueId, await isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId }));
  },
};

export const saveKeyDatesResolver: ResolverDefinition<'keyDates.save', 'issue'> = {
  key: 'keyDates.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z
    .object({
      dates: z.array(z.object({ code: z.string().max(40), planned: dateText, actual: dateText }).strict()).max(20),
      expected: z.string().max(1000).nullable(),
    })
    .strict(),
  run: ({ payload, target }) => saveKeyDates(target.issueId, payload),
};

export const getKeyDatesTimeline: ResolverDefinition<'keyDates.timeline', 'project'> = {
  key: 'keyDates.timeline',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      includeDone: z.boolean().optional(),
      limit: z.number().int().min(1).max(TIMELINE_ROWS_MAX).optional(),
    })
    .strict(),
  run: ({ payload, caller, target }) =>
    keyDatesTimeline(target.projectKey, caller.accountId, {
      includeDone: payload.includeDone ?? false,
      limit: payload.limit ?? TIMELINE_ROWS_MAX,
    }),
};
