import { z } from 'zod';
import { periodViolations } from '../domain/reports';
import { ValidationError } from '../domain/result';
import { jiraAsUser } from '../jira/client';
import { DEFAULT_GADGET_PERIOD, GADGET_JQL_MAX, GADGET_PERIODS } from '../domain/gadget-config';
import { projectReports, reportGadgetData } from '../services/reports';
import { projectRequirementsJql } from '../services/requirement';
import type { ResolverDefinition } from './guard';
import { asJqlViolation, narrowedJql, projectKey } from './requirements';

const month = z.string().max(7);

/**
 * A JQL's matches are found by search pages in this call (a point per issue, about 250 ms a page on
 * Jira Cloud): at most this many, so the report stays well inside the 25 s a resolver may run.
 */
export const JQL_MATCHES_MAX = 2_000;

/**
 * The Reports subpage: every table for whole months from..to, computed on the server from the
 * project's copy of its rows, the delivery records and the linked customers. With JQL, the rows are
 * narrowed to what a search as the user finds (a point per issue found; without JQL, none).
 */
export const getReports: ResolverDefinition<'reports.get', 'project'> = {
  key: 'reports.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), from: month, to: month, jql: z.string().max(2000).optional() }).strict(),
  async run({ payload, caller, target }) {
    const key = target.projectKey;
    const period = { from: payload.from, to: payload.to };
    const problems = periodViolations(period);
    if (problems.length > 0)
      throw new ValidationError(problems.map(({ field, message }) => ({ field, rule: 'syntax', message })));
    return projectReports(key, caller.accountId, period, jqlMatches(key, payload.jql));
  },
};

/**
 * The ids of the project's requirements a search as the user finds with the user's JQL (undefined
 * without one): the Reports subpage's and the report gadget's narrowing, refused alike when Jira
 * rejects the JQL or it matches more than JQL_MATCHES_MAX.
 */
async function jqlMatches(projectKey: string, userJql: string | undefined): Promise<ReadonlySet<string> | undefined> {
  if (!userJql?.trim()) return undefined;
  const jira = jiraAsUser();
  const jql = narrowedJql(projectKey, userJql);
  // Jira's positions are counted from the start of the user's JQL, as the matrix's JQL box reports them.
  const refused = (error: unknown) => asJqlViolation(error, { base: projectRequirementsJql(projectKey), userJql });
  const total = await jira.countIssues(jql.replace(/ ORDER BY[\s\S]*$/, '')).catch(refused);
  if (total > JQL_MATCHES_MAX) {
    throw new ValidationError([
      {
        field: 'jql',
        rule: 'range',
        message: `jql: it matches ${total} requirements; narrow it to at most ${JQL_MATCHES_MAX}, or leave it empty to report on the whole project.`,
        params: { max: JQL_MATCHES_MAX },
      },
    ]);
  }
  const found = await jira.searchAll({ jql, fields: ['summary'] }).catch(refused);
  return new Set(found.map((issue) => String(issue.id)));
}

/**
 * A report gadget: one of the reports for its period (counted back from the site's day) and its
 * optional JQL, narrowed as the Reports subpage narrows. Its edit view asks it once with the
 * settings about to be saved, so a JQL Jira rejects is refused there with the subpage's message.
 */
export const getReportGadget: ResolverDefinition<'reports.gadget', 'project'> = {
  key: 'reports.gadget',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      period: z.enum(GADGET_PERIODS).optional(),
      jql: z.string().max(GADGET_JQL_MAX).optional(),
    })
    .strict(),
  run: ({ payload, caller, target }) =>
    reportGadgetData(
      target.projectKey,
      caller.accountId,
      payload.period ?? DEFAULT_GADGET_PERIOD,
      jqlMatches(target.projectKey, payload.jql),
    ),
};
