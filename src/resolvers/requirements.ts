import { z } from 'zod';
import { hasKindFilter, kindFilterJql, matchesKindFilter, narrowJql, positionsInUserJql, type KindFilter } from '../domain/jql';
import { KINDS, MAX_TAGS_PER_KIND, TAG_CODE_MAX_LENGTH } from '../domain/kind-tags';
import { ValidationError } from '../domain/result';
import { drillDownJql } from '../domain/gadget-drill-down';
import { summariseRequirements } from '../domain/summary';
import { jiraAsApp, jiraAsUser, JiraError, type IssueBean } from '../jira/client';
import type { GradeDistribution, RequirementPage, RequirementRow } from '../shared/api';
import { resolveAppFieldIds } from '../services/app-fields';
import { frameworkFor } from '../services/framework';
import { projectRequirementsJql, readRequirement, requirementFieldList, toRow } from '../services/requirement';
import { applyInputEdit } from '../services/requirement-edit';
import {
  isCopyBuild,
  isSnapshotToken,
  openProjectRows,
  parseBuildToken,
  readPath,
  rowFieldsOf,
  saveCopyFrom,
  searchBuildingCopy,
  snapshotPage,
} from '../services/requirement-rows';
import { siteClock } from '../services/site-clock';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { isGranted, type ResolverDefinition } from './guard';
import { projectOf } from '../jira/issue-fields';

export const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,49}$/, 'must be a Jira project key such as REQ');
export const topN = z.number().int().min(1).max(50).optional();
const DEFAULT_TOP = 10;

/** Rows per resolver call: several Jira pages of 100, well inside the 25 s and 5 MB limits. */
export const ROWS_PER_CALL = 500;

async function rowsOf(issues: IssueBean[], projectKey: string | null): Promise<RequirementRow[]> {
  const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jiraAsApp()), getRequirementIssueTypeId()]);
  const frameworks = new Map<string, Awaited<ReturnType<typeof frameworkFor>>>();
  const rows: RequirementRow[] = [];
  for (const issue of issues) {
    const issueProject = projectKey ?? projectOf(issue).key;
    if (!frameworks.has(issueProject)) frameworks.set(issueProject, await frameworkFor(issueProject || undefined));
    const requirement = readRequirement(issue, ids, frameworks.get(issueProject)!, requirementTypeId);
    if (requirement.isRequirement) rows.push(toRow(requirement));
  }
  return rows;
}

/** The matrix's kind filter as a payload: kinds and second-level tag codes (any tag code: one dropped from the lists may still be on requirements). */
export const kindFilterPayload = {
  kinds: z.array(z.enum(KINDS)).max(KINDS.length).optional(),
  kindTags: z
    .array(
      z
        .string()
        .max(TAG_CODE_MAX_LENGTH)
        .regex(/^[a-z][a-z0-9-]*$/, 'must be a tag code such as ui-interaction'),
    )
    .max(KINDS.length * MAX_TAGS_PER_KIND)
    .optional(),
};

export const kindFilterOf = (payload: { kinds?: readonly string[]; kindTags?: readonly string[] }): KindFilter => ({
  kinds: payload.kinds ?? [],
  kindTags: payload.kindTags ?? [],
});

/**
 * The project's Requirements, narrowed by the kind filter when there is one (JQL on the app's
 * kind and tag fields): the query a person's JQL narrows further.
 */
export async function requirementsBaseJql(projectKey: string, filter: KindFilter): Promise<string> {
  const base = projectRequirementsJql(projectKey);
  if (!hasKindFilter(filter)) return base;
  return narrowJql(base, kindFilterJql(await resolveAppFieldIds(jiraAsApp()), filter)).jql;
}

/** A user's JQL narrows the project's Requirements (or `base`, the kind-filtered ones); it cannot reorder or widen them. */
export function narrowedJql(projectKey: string, userJql: string | undefined, base = projectRequirementsJql(projectKey)): string {
  const narrowing = userJql?.trim();
  if (!narrowing) return base;
  if (/\border\s+by\b/i.test(narrowing)) {
    throw new ValidationError([
      { field: 'jql', rule: 'syntax', message: 'jql: leave out ORDER BY; the matrix orders requirements itself.' },
    ]);
  }
  return narrowJql(base, narrowing).jql;
}

/**
 * Jira's own words when it rejects the user's JQL, as a violation of the JQL box; with the query
 * the app combined it into, positions count from the start of the user's JQL.
 */
export function asJqlViolation(error: unknown, within?: { base: string; userJql: string }): never {
  if (error instanceof JiraError && error.kind === 'bad-request') {
    const said = error.errorMessages.join(' ') || error.message;
    const narrowing = within?.userJql.trim();
    const message =
      within && narrowing ? positionsInUserJql(said, narrowJql(within.base, narrowing).offset, narrowing.length) : said;
    throw new ValidationError([{ field: 'jql', rule: 'syntax', message }]);
  }
  throw error;
}

export const listRequirements: ResolverDefinition<'requirements.list', 'project'> = {
  key: 'requirements.list',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      jql: z.string().max(2000).optional(),
      ...kindFilterPayload,
      nextPageToken: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  async run(request) {
    // The ranked list marks a milestone late by the site's day: the first page brings it (serverInfo beside the page's own reads); the further pages do not ask again.
    const siteToday = request.payload.nextPageToken ? null : siteClock(jiraAsApp()).then((clock) => clock.today);
    siteToday?.catch(() => undefined);
    const page = await requirementsPage(request);
    return siteToday ? { ...page, siteToday: await siteToday } : page;
  },
};

async function requirementsPage({
  payload,
  caller,
  target,
}: Parameters<(typeof listRequirements)['run']>[0]): Promise<RequirementPage> {
  const key = target.projectKey;
  const filter = kindFilterOf(payload);
  const mayEdit = () => isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { projectId: target.projectId });
  // The whole project, or its kinds and tags (rows carry both): from the project's copy in KVS, pages read in parallel.
  if (readPath() === 'snapshot' && !payload.jql?.trim()) {
    const kept = (rows: RequirementRow[]) =>
      hasKindFilter(filter) ? rows.filter((row) => matchesKindFilter(row, filter)) : rows;
    if (isSnapshotToken(payload.nextPageToken)) {
      const page = await snapshotPage(key, caller.accountId, payload.nextPageToken);
      return { rows: kept(page.rows), nextPageToken: null, canEdit: page.canEdit };
    }
    const continued = parseBuildToken(payload.nextPageToken);
    if (!payload.nextPageToken || continued) {
      const canEdit = mayEdit();
      canEdit.catch(() => undefined);
      let build = continued;
      if (!build) {
        const opened = await openProjectRows(key, caller.accountId, { canEdit });
        if (!isCopyBuild(opened))
          return { rows: kept(opened.rows), nextPageToken: null, pageTokens: opened.pageTokens, canEdit: await canEdit };
        build = { build: opened.build, part: 0, jiraToken: null };
      }
      // No usable copy: this open is served by search pages of the whole project, which build the copy.
      const page = await searchBuildingCopy(key, caller.accountId, projectRequirementsJql(key), build, ROWS_PER_CALL).catch(
        asJqlViolation,
      );
      return { rows: kept(page.rows), nextPageToken: page.nextPageToken, canEdit: await canEdit };
    }
  }
  const base = await requirementsBaseJql(key, filter);
  const jql = narrowedJql(key, payload.jql, base);
  // Searching as the user returns only the issues they may see, on top of the project check.
  const jira = jiraAsUser();
  const fields = requirementFieldList(await resolveAppFieldIds(jiraAsApp()));
  const issues: IssueBean[] = [];
  let nextPageToken = payload.nextPageToken ?? null;
  do {
    const page = await jira
      .searchPage({ jql, fields, nextPageToken })
      .catch((error: unknown) => asJqlViolation(error, { base, userJql: payload.jql ?? '' }));
    issues.push(...page.items);
    nextPageToken = page.nextPageToken;
  } while (nextPageToken && issues.length < ROWS_PER_CALL);
  const [rows, canEdit] = await Promise.all([rowsOf(issues, key), mayEdit()]);
  return { rows, nextPageToken, canEdit };
}

export const moveRequirement: ResolverDefinition<'requirements.move', 'named-issue'> = {
  key: 'requirements.move',
  access: { scope: 'named-issue', permission: 'EDIT_ISSUES' },
  payload: z
    .object({
      issueKey: z.string().regex(/^[A-Z][A-Z0-9_]{0,49}-[1-9][0-9]{0,9}$/, 'must be an issue key such as REQ-1'),
      businessValue: z.number(),
      implementationCost: z.number(),
      expected: z.object({ businessValue: z.number().nullable(), implementationCost: z.number().nullable() }).strict(),
    })
    .strict(),
  async run({ payload, target }) {
    const { businessValue, implementationCost } = payload;
    const { updated } = await applyInputEdit(target.issueId, { businessValue, implementationCost }, payload.expected);
    return toRow(updated);
  },
};

/** Grade distribution and top rows of what a JQL finds, searched as the user. */
export async function summarise(jql: string, requestedTop: number | undefined, projectKey: string | null) {
  const [ids, { today }] = await Promise.all([resolveAppFieldIds(jiraAsApp()), siteClock(jiraAsApp())]);
  const issues = await jiraAsUser().searchAll({ jql, fields: requirementFieldList(ids) });
  return summariseRequirements(await rowsOf(issues, projectKey), { topN: requestedTop ?? DEFAULT_TOP, today });
}

export const requirementDistribution: ResolverDefinition<'requirements.distribution', 'project'> = {
  key: 'requirements.distribution',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), topN }).strict(),
  async run({ payload, caller, target }): Promise<GradeDistribution> {
    const key = target.projectKey;
    const drillDown = drillDownJql(projectRequirementsJql(key), await resolveAppFieldIds(jiraAsApp()));
    if (readPath() === 'search')
      return { source: { projectKey: key }, drillDown, ...(await summarise(projectRequirementsJql(key), payload.topN, key)) };
    const [opened, { today }] = await Promise.all([
      openProjectRows(key, caller.accountId, { all: true }),
      siteClock(jiraAsApp()),
    ]);
    const summary = (rows: RequirementRow[]) => ({
      source: { projectKey: key },
      drillDown,
      ...summariseRequirements(rows, { topN: payload.topN ?? DEFAULT_TOP, today }),
    });
    if (!isCopyBuild(opened)) return summary(opened.rows);
    // Every row is read here anyway: the copy is written from them when this caller sees what the app sees.
    const issues = await jiraAsUser().searchAll({ jql: projectRequirementsJql(key), fields: await rowFieldsOf(key) });
    if (opened.build) await saveCopyFrom(key, issues);
    return summary(await rowsOf(issues, key));
  },
};
