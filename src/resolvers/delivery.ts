import { z } from 'zod';
import { GRADES } from '../domain/framework';
import { jiraAsApp } from '../jira/client';
import { getDeliveryView, keepDueDate, MAX_DEPARTMENT_LENGTH, moveDueDate, saveResponsibility } from '../services/delivery-dates';
import { confirmReview, listReviewQueue } from '../services/review';
import { issueKey } from './duplicates';
import { isGranted, noPayload, type ResolverDefinition } from './guard';
import { projectKey } from './requirements';

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date such as 2024-07-15');
const grade = z.enum(GRADES);
const department = z.string().max(MAX_DEPARTMENT_LENGTH).nullable();

export const getDelivery: ResolverDefinition<'delivery.get', 'issue'> = {
  key: 'delivery.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  async run({ caller, target }) {
    const issueId = target.issueId;
    return getDeliveryView(issueId, await isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId }));
  },
};

export const moveDeliveryDueDate: ResolverDefinition<'delivery.dueDate.move', 'issue'> = {
  key: 'delivery.dueDate.move',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ expectedDueDate: day, toGrade: grade }).strict(),
  async run({ payload, target }) {
    return moveDueDate(target.issueId, { dueDate: payload.expectedDueDate, toGrade: payload.toGrade });
  },
};

export const keepDeliveryDueDate: ResolverDefinition<'delivery.dueDate.keep', 'issue'> = {
  key: 'delivery.dueDate.keep',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ grade }).strict(),
  async run({ payload, target }) {
    return keepDueDate(target.issueId, payload.grade);
  },
};

export const saveDeliveryResponsibility: ResolverDefinition<'delivery.responsibility.save', 'issue'> = {
  key: 'delivery.responsibility.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ department: department.optional(), expectedDepartment: department.optional(), assignToMe: z.boolean().optional() }).strict(),
  async run({ payload, caller, target }) {
    return saveResponsibility(target.issueId, caller.accountId, payload);
  },
};

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
