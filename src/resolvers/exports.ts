import { z } from 'zod';
import type { ExportRow } from '../domain/exports';
import { jiraAsApp, jiraAsUser, type IssueBean } from '../jira/client';
import { readLinkedCustomers } from '../domain/customer-links';
import { resolveAppFieldIds } from '../services/app-fields';
import { describeLinkedCustomers } from '../services/customer-links';
import { exportFieldList, readExportRow, weightsLookup } from '../services/exports';
import { frameworkFor } from '../services/framework';
import { getKindTags } from '../storage/kind-tag-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { fetchIssuesById, isCopyBuild, isSnapshotToken, openProjectRows, readPath, snapshotPage } from '../services/requirement-rows';
import type { ResolverDefinition } from './guard';
import { asJqlViolation, narrowedJql, projectKey, ROWS_PER_CALL } from './requirements';
import { projectOf } from '../jira/issue-fields';

/**
 * One page of a project's Requirements for the register and evaluation exports. The browser pages
 * through it, showing progress, and writes the CSV or XLSX file itself: a file built here would
 * have to come back in one answer (25 s, 5 MB) with no progress on the way.
 */
export const exportPage: ResolverDefinition<'exports.page'> = {
  key: 'exports.page',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), jql: z.string().max(2000).optional(), nextPageToken: z.string().max(2000).nullable().optional() }).strict(),
  async run({ payload, caller, target }) {
    const key = target.projectKey as string;
    const jql = narrowedJql(key, payload.jql);
    // Searching as the user returns only the issues they may see, on top of the project check.
    const jira = jiraAsUser();
    const [ids, requirementTypeId, framework, kindTags] = await Promise.all([resolveAppFieldIds(jiraAsApp()), getRequirementIssueTypeId(), frameworkFor(key), getKindTags(key)]);
    const fields = exportFieldList(ids);
    const toRows = async (issues: IssueBean[]): Promise<ExportRow[]> => {
      const weightsOf = weightsLookup();
      // Each customer of the page is looked up once, however many of its requirements name it.
      const customers = await describeLinkedCustomers(issues.flatMap((issue) => readLinkedCustomers(issue.fields[ids.linkedCustomers])));
      return (await Promise.all(issues.map((issue) => readExportRow(issue, ids, framework, requirementTypeId, weightsOf, customers, kindTags.tags)))).filter((row): row is ExportRow => row !== null);
    };
    // The whole project: the ids come from the project's copy (the matrix's), the fields from parallel bulk fetches as the user.
    if (readPath() === 'snapshot' && !payload.jql?.trim()) {
      const onlyThisProject = (issues: IssueBean[]) => issues.filter((issue) => projectOf(issue).key === key);
      const withProject = fields.includes('project') ? fields : [...fields, 'project'];
      if (isSnapshotToken(payload.nextPageToken)) {
        const page = await snapshotPage(key, caller.accountId, payload.nextPageToken);
        return { rows: await toRows(onlyThisProject(await fetchIssuesById(jira, page.rows.map((row) => row.id), withProject))), nextPageToken: null, total: null };
      }
      if (!payload.nextPageToken) {
        const opened = await openProjectRows(key, caller.accountId);
        // Without a usable copy the export searches as before (the matrix's next open builds the copy).
        if (!isCopyBuild(opened)) {
          const issues = onlyThisProject(await fetchIssuesById(jira, opened.rows.map((row) => row.id), withProject));
          return { rows: await toRows(issues), nextPageToken: null, pageTokens: opened.pageTokens, total: opened.total };
        }
      }
    }
    const collectPages = async (): Promise<{ issues: IssueBean[]; nextPageToken: string | null }> => {
      const issues: IssueBean[] = [];
      let nextPageToken = payload.nextPageToken ?? null;
      do {
        const page = await jira.searchPage({ jql, fields, nextPageToken });
        issues.push(...page.items);
        nextPageToken = page.nextPageToken;
      } while (nextPageToken && issues.length < ROWS_PER_CALL);
      return { issues, nextPageToken };
    };
    // The count only feeds the progress bar, so it is asked once, beside the first page.
    const count = payload.nextPageToken ? Promise.resolve(null) : jira.countIssues(jql.replace(/ ORDER BY[\s\S]*$/, ''));
    const [total, { issues, nextPageToken }] = await Promise.all([count, collectPages()]).catch(asJqlViolation);
    return { rows: await toRows(issues), nextPageToken, total };
  },
};
