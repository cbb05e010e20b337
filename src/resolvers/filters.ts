import { z } from 'zod';
import { drillDownJql } from '../domain/gadget-drill-down';
import { message } from '../domain/messages';
import { jiraAsApp, jiraAsUser, JiraError } from '../jira/client';
import type { GradeDistribution } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { AccessDeniedError, urlText, type ResolverDefinition } from './guard';
import { asJqlViolation, summarise, topN } from './requirements';

const filterId = z.string().regex(/^[1-9][0-9]{0,17}$/, 'must be a saved filter id');

export const filterDistribution: ResolverDefinition<'filters.distribution', 'signed-in'> = {
  key: 'filters.distribution',
  // Jira decides: the filter is read and searched as the user, so only a filter they may see works.
  access: { scope: 'signed-in' },
  payload: z.object({ filterId, topN }).strict(),
  async run({ payload }): Promise<GradeDistribution> {
    const filter = await jiraAsUser()
      .getFilter(payload.filterId)
      .catch((error: unknown) => {
        // Jira answers 400 for a filter the user may not see, the same as for a deleted one.
        if (error instanceof JiraError && (error.kind === 'bad-request' || error.kind === 'not-found')) {
          throw new AccessDeniedError(message('server.refusal.saved_filter', { filter: payload.filterId }));
        }
        throw error;
      });
    const jql = `issuetype = "Requirement" AND (${(filter.jql ?? '').replace(/\border\s+by\b[\s\S]*$/i, '').trim() || 'issuetype = "Requirement"'})`;
    const summary = await summarise(jql, payload.topN, null).catch(asJqlViolation);
    return {
      source: { filterId: filter.id, filterName: filter.name },
      drillDown: drillDownJql(jql, await resolveAppFieldIds(jiraAsApp())),
      ...summary,
    };
  },
};

export const listFilters: ResolverDefinition<'filters.list', 'signed-in'> = {
  key: 'filters.list',
  access: { scope: 'signed-in' },
  payload: z.object({ query: urlText(255).optional() }).strict(),
  async run({ payload }) {
    const filters = await jiraAsUser().searchFilters(payload.query ?? '');
    return filters.map((filter) => ({ id: filter.id, name: filter.name, owner: filter.owner?.displayName ?? null }));
  },
};
