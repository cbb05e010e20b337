import { z } from 'zod';
import { validateDeliverySettings } from '../domain/delivery-settings';
import { GRADES } from '../domain/framework';
import { ValidationError } from '../domain/result';
import { jiraAsApp } from '../jira/client';
import type { DutyHolder, PayloadOf } from '../shared/api';
import { getDeliveryView, keepDueDate, MAX_DEPARTMENT_LENGTH, moveDueDate, saveResponsibility } from '../services/delivery-dates';
import { getDeliverySettings, saveDeliverySettings } from '../storage/delivery-store';
import { isGranted, noPayload, urlText, type ResolverDefinition } from './guard';
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
  payload: z
    .object({ department: department.optional(), expectedDepartment: department.optional(), assignToMe: z.boolean().optional() })
    .strict(),
  async run({ payload, caller, target }) {
    return saveResponsibility(target.issueId, caller.accountId, payload);
  },
};

export const getDeliverySettingsResolver: ResolverDefinition<'delivery.settings.get', 'project'> = {
  key: 'delivery.settings.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional() }).strict(),
  run: ({ target }) => getDeliverySettings(target.projectKey),
};

export const saveDeliverySettingsResolver: ResolverDefinition<'delivery.settings.save', 'project'> = {
  key: 'delivery.settings.save',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      settings: z.unknown(),
      expectedRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict() as unknown as z.ZodType<PayloadOf<'delivery.settings.save'>>,
  async run({ payload, caller, target }) {
    const settings = validateDeliverySettings(payload.settings);
    if (!settings.ok) throw new ValidationError(settings.violations);
    const { displayName } = await jiraAsApp().getUser(caller.accountId);
    return saveDeliverySettings(
      target.projectKey,
      settings.value,
      payload.expectedRevision,
      { accountId: caller.accountId, displayName },
      new Date(),
    );
  },
};

export const listDutyHolders: ResolverDefinition<'delivery.holders', 'project'> = {
  key: 'delivery.holders',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), query: urlText(100).optional() }).strict(),
  async run({ payload, target }) {
    const jira = jiraAsApp();
    const [roles, groups] = await Promise.all([
      jira.getProjectRoles(target.projectKey),
      jira.findGroups(payload.query?.trim() ?? ''),
    ]);
    return {
      roles: roles
        .map((role): DutyHolder => ({ kind: 'role', id: role.id, name: role.name }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      groups: groups.flatMap((group): DutyHolder[] =>
        group.groupId && group.name ? [{ kind: 'group', id: group.groupId, name: group.name }] : [],
      ),
    };
  },
};
