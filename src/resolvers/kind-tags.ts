import { z } from 'zod';
import { validateKindTagLists } from '../domain/kind-tags';
import { ValidationError } from '../domain/result';
import { jiraAsApp } from '../jira/client';
import type { PayloadOf } from '../shared/api';
import { getKindTags, saveKindTags } from '../storage/kind-tag-store';
import type { ResolverDefinition } from './guard';
import { projectKey } from './requirements';

export const getKindTagsResolver: ResolverDefinition<'kindTags.get', 'project'> = {
  key: 'kindTags.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional() }).strict(),
  run: ({ target }) => getKindTags(target.projectKey),
};

export const saveKindTagsResolver: ResolverDefinition<'kindTags.save', 'project'> = {
  key: 'kindTags.save',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  // The lists stay loose here so validateKindTagLists names each field and rule in the admin's terms.
  payload: z
    .object({
      projectKey: projectKey.optional(),
      tags: z.unknown(),
      expectedRevision: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
    })
    .strict() as unknown as z.ZodType<PayloadOf<'kindTags.save'>>,
  async run({ payload, caller, target }) {
    const tags = validateKindTagLists(payload.tags);
    if (!tags.ok) throw new ValidationError(tags.violations);
    const { displayName } = await jiraAsApp().getUser(caller.accountId);
    return saveKindTags(target.projectKey, tags.value, payload.expectedRevision, { displayName }, new Date());
  },
};
