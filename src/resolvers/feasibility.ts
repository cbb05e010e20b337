import { z } from 'zod';
import { feasibilityView, markFeasibility } from '../services/feasibility';
import { type ResolverDefinition, noPayload } from './guard';

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
  payload: z
    .object({ dimension: z.string().max(40), verdict: z.string().max(40), note: z.string().max(20_000).optional() })
    .strict(),
  run: ({ payload, caller, target }) => markFeasibility(target.issueId, caller.accountId, payload, new Date()),
};
