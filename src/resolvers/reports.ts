import { z } from 'zod';
import { periodViolations } from '../domain/reports';
import { ValidationError } from '../domain/result';
import { jiraAsUser } from '../jira/client';
import { projectReports } from '../services/reports';
import type { ResolverDefinition } from './guard';
import { asJqlViolation, narrowedJql, projectKey } from './requirements';

const month = z.string().max(7);

/**
 * The Reports subpage: every table for whole months from..to, computed on the server from the
 * project's copy of its rows, the delivery records and the linked customers. With JQL, the rows are
 * narrowed to what a search as the user finds (a point per issue found; without JQL, none).
 */
export const getReports: ResolverDefinition<'reports.get'> = {
  key: 'reports.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), from: month, to: month, jql: z.string().max(2000).optional() }).strict(),
  async run({ payload, caller, target }) {
    const key = target.projectKey as string;
    const period = { from: payload.from, to: payload.to };
    const problems = periodViolations(period);
    if (problems.length > 0) throw new ValidationError(problems.map(({ field, message }) => ({ field, rule: 'syntax', message })));
    let onlyIds: Set<string> | undefined;
    if (payload.jql?.trim()) {
      const found = await jiraAsUser().searchAll({ jql: narrowedJql(key, payload.jql), fields: ['summary'] }).catch(asJqlViolation);
      onlyIds = new Set(found.map((issue) => String(issue.id)));
    }
    return projectReports(key, caller.accountId, period, onlyIds);
  },
};
