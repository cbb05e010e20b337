import { z } from 'zod';
import { GRADES } from '../domain/framework';
import { MOSCOW_VALUES, QUADRANTS, THREE_FACTOR_BANDS } from '../domain/scoring';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import { SETUP_STEP_KEYS, type GradeDistribution, type RequirementRow } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { frameworkFor } from '../services/framework';
import { projectRequirementsJql, readRequirement, requirementFieldList } from '../services/requirement';
import { setUpProject } from '../services/setup';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import type { ResolverDefinition } from './guard';

const empty = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;
const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as REQ');


async function requirementContext(projectKey: string) {
  const [ids, framework, requirementTypeId] = await Promise.all([resolveAppFieldIds(jiraAsApp()), frameworkFor(projectKey), getRequirementIssueTypeId()]);
  return { ids, framework, requirementTypeId };
}

export const listRequirements: ResolverDefinition<'requirements.list'> = {
  key: 'requirements.list',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), nextPageToken: z.string().max(2000).nullable().optional() }).strict(),
  async run({ payload, target }) {
    const { ids, framework, requirementTypeId } = await requirementContext(target.projectKey as string);
    // Searching as the user returns only the issues they may see, on top of the project check.
    const page = await jiraAsUser().searchPage({
      jql: projectRequirementsJql(target.projectKey as string),
      fields: requirementFieldList(ids),
      nextPageToken: payload.nextPageToken ?? null,
    });
    const rows: RequirementRow[] = page.items.map((issue) => {
      const requirement = readRequirement(issue, ids, framework, requirementTypeId);
      return { id: requirement.id, key: requirement.key, summary: requirement.summary, status: requirement.status, assignee: requirement.assignee, inputs: requirement.inputs, computed: requirement.computed };
    });
    return { rows, nextPageToken: page.nextPageToken };
  },
};

const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> => Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;

export const requirementDistribution: ResolverDefinition<'requirements.distribution'> = {
  key: 'requirements.distribution',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional() }).strict(),
  async run({ target }) {
    const { ids, framework, requirementTypeId } = await requirementContext(target.projectKey as string);
    const issues = await jiraAsUser().searchAll({ jql: projectRequirementsJql(target.projectKey as string), fields: requirementFieldList(ids) });
    const distribution: GradeDistribution = {
      projectKey: target.projectKey as string,
      total: issues.length,
      unscored: 0,
      byGrade: zeroCounts(GRADES),
      byBand: zeroCounts(THREE_FACTOR_BANDS),
      byQuadrant: zeroCounts(QUADRANTS),
      byMoscow: zeroCounts(MOSCOW_VALUES),
    };
    for (const issue of issues) {
      const { computed, inputs } = readRequirement(issue, ids, framework, requirementTypeId);
      if (computed.priorityGrade) distribution.byGrade[computed.priorityGrade] += 1;
      else distribution.unscored += 1;
      if (computed.threeFactorPriority) distribution.byBand[computed.threeFactorPriority] += 1;
      if (computed.valueCostQuadrant) distribution.byQuadrant[computed.valueCostQuadrant] += 1;
      if (inputs.moscow) distribution.byMoscow[inputs.moscow] += 1;
    }
    return distribution;
  },
};

export const listProjects: ResolverDefinition<'projects.list'> = {
  key: 'projects.list',
  access: { scope: 'signed-in' },
  payload: empty,
  async run() {
    const projects = await jiraAsUser().listProjects();
    return projects.map((project) => ({ id: project.id, key: project.key, name: project.name }));
  },
};

export const runSetup: ResolverDefinition<'setup.run'> = {
  key: 'setup.run',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: z.object({ projectKey, through: z.enum(SETUP_STEP_KEYS).optional() }).strict(),
  run: ({ payload }) => setUpProject(jiraAsApp(), payload.projectKey, () => new Date(), payload.through),
};
