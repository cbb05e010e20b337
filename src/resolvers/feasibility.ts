import { z } from 'zod';
import { ValidationError } from '../domain/result';
import { validateDeliverySettings } from '../domain/delivery-settings';
import { jiraAsApp } from '../jira/client';
import type { DutyHolder, PayloadOf } from '../shared/api';
import { feasibilityView, markFeasibility } from '../services/feasibility';
import { getDeliverySettings, saveDeliverySettings } from '../storage/delivery-store';
import { urlText, type ResolverDefinition, noPayload } from './guard';
import { projectKey } from './requirements';


export const getFeasibility: ResolverDefinition<'feasibility.get', 'issue'> = {
  key: 'feasibility.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ caller, target }) => feasibilityView(target.issueId, caller.accountId),
};

export const markFeasibilityResolver: ResolverDefinition<'feasibility.mark', 'issue'> = {
  key: 'feasibility.mark',
  // Browsing the issue lets the caller in; whether they may set this mark is the project's delivery settings' call.
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  // Loose shapes here so validateFeasibilityInput names the field and the rule in the user's terms.
  payload: z.object({ dimension: z.string().max(40), verdict: z.string().max(40), note: z.string().max(20_000).optional() }).strict(),
  run: ({ payload, caller, target }) => markFeasibility(target.issueId, caller.accountId, payload, new Date()),
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
  payload: z.object({ projectKey: projectKey.optional(), settings: z.unknown(), expectedRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) }).strict() as unknown as z.ZodType<PayloadOf<'delivery.settings.save'>>,
  async run({ payload, caller, target }) {
    const settings = validateDeliverySettings(payload.settings);
    if (!settings.ok) throw new ValidationError(settings.violations);
    const { displayName } = await jiraAsApp().getUser(caller.accountId);
    return saveDeliverySettings(target.projectKey, settings.value, payload.expectedRevision, { accountId: caller.accountId, displayName }, new Date());
  },
};

export const listDutyHolders: ResolverDefinition<'delivery.holders', 'project'> = {
  key: 'delivery.holders',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), query: urlText(100).optional() }).strict(),
  async run({ payload, target }) {
    const jira = jiraAsApp();
    const [roles, groups] = await Promise.all([jira.getProjectRoles(target.projectKey), jira.findGroups(payload.query?.trim() ?? '')]);
    return {
      roles: roles.map((role): DutyHolder => ({ kind: 'role', id: role.id, name: role.name })).sort((a, b) => a.name.localeCompare(b.name)),
      groups: groups.flatMap((group): DutyHolder[] => (group.groupId && group.name ? [{ kind: 'group', id: group.groupId, name: group.name }] : [])),
    };
  },
};
