import { z } from 'zod';
import type { ExportRow } from '../domain/exports';
import { withoutOrderBy } from '../domain/jql';
import { jiraAsApp, jiraAsUser, type IssueBean } from '../jira/client';
import { readLinkedCustomers } from '../domain/customer-links';
import { resolveAppFieldIds } from '../services/app-fields';
import { describeLinkedCustomers } from '../services/customer-links';
import { exportFieldList, exportRowOf, readExportRow, weightsLookup } from '../services/exports';
import { frameworkFor } from '../services/framework';
import { siteClock } from '../services/site-clock';
import { getDeliverySettings } from '../storage/delivery-store';
import { getKindTags } from '../storage/kind-tag-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import {
  isCopyBuild,
  isSnapshotToken,
  openProjectCopy,
  parseBuildToken,
  readPath,
  searchBuildingCopy,
  snapshotCopyPage,
} from '../services/requirement-rows';
import type { CopiedRow } from '../storage/row-snapshot-store';
import type { ResolverDefinition } from './guard';
import { hasKindFilter } from '../domain/jql';
import {
  asJqlViolation,
  kindFilterOf,
  kindFilterPayload,
  narrowedJql,
  projectKey,
  requirementsBaseJql,
  ROWS_PER_CALL,
} from './requirements';

/**
 * One page of a project's Requirements for the register and evaluation exports. The browser pages
 * through it, showing progress, and writes the CSV or XLSX file itself: a file built here would
 * have to come back in one answer (25 s, 5 MB) with no progress on the way.
 */
export const exportPage: ResolverDefinition<'exports.page', 'project'> = {
  key: 'exports.page',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      jql: z.string().max(2000).optional(),
      ...kindFilterPayload,
      nextPageToken: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  async run({ payload, caller, target }) {
    const key = target.projectKey;
    // The matrix's kind filter narrows the export as it narrows the matrix.
    const filter = kindFilterOf(payload);
    const jql = narrowedJql(key, payload.jql, await requirementsBaseJql(key, filter));
    // Searching as the user returns only the issues they may see, on top of the project check.
    const jira = jiraAsUser();
    // The site's day marks open milestones past their planned day, as the reminders count them.
    const [ids, requirementTypeId, framework, kindTags, delivery, { today }] = await Promise.all([
      resolveAppFieldIds(jiraAsApp()),
      getRequirementIssueTypeId(),
      frameworkFor(key),
      getKindTags(key),
      getDeliverySettings(key),
      siteClock(jiraAsApp()),
    ]);
    const fields = exportFieldList(ids);
    const toRows = async (issues: IssueBean[]): Promise<ExportRow[]> => {
      const weightsOf = weightsLookup();
      // Each customer of the page is looked up once, however many of its requirements name it.
      const customers = await describeLinkedCustomers(
        issues.flatMap((issue) => readLinkedCustomers(issue.fields[ids.linkedCustomers])),
      );
      return (
        await Promise.all(
          issues.map((issue) =>
            readExportRow(
              issue,
              ids,
              framework,
              requirementTypeId,
              weightsOf,
              customers,
              kindTags.tags,
              delivery.keyDates,
              today,
            ),
          ),
        )
      ).filter((row): row is ExportRow => row !== null);
    };
    // The whole project: from the project's copy in KVS (the matrix's, which keeps the register's details too), checked against Jira as the matrix checks it.
    if (readPath() === 'snapshot' && !payload.jql?.trim() && !hasKindFilter(filter)) {
      const fromCopy = async (rows: CopiedRow[]): Promise<ExportRow[]> => {
        const weightsOf = weightsLookup();
        const customers = await describeLinkedCustomers(rows.flatMap((row) => row.linkedCustomers));
        return Promise.all(
          rows.map((row) => exportRowOf(row, row.register ?? {}, weightsOf, customers, kindTags.tags, delivery.keyDates, today)),
        );
      };
      if (isSnapshotToken(payload.nextPageToken)) {
        const page = await snapshotCopyPage(key, caller.accountId, payload.nextPageToken);
        return { rows: await fromCopy(page.rows), nextPageToken: null, total: null };
      }
      const continued = parseBuildToken(payload.nextPageToken);
      if (!payload.nextPageToken || continued) {
        let cursor = continued;
        let total: number | null = null;
        if (!cursor) {
          const opened = await openProjectCopy(key, caller.accountId);
          if (!isCopyBuild(opened))
            return { rows: await fromCopy(opened.rows), nextPageToken: null, pageTokens: opened.pageTokens, total: opened.total };
          cursor = { build: opened.build, part: 0, jiraToken: null };
          total = await jira.countIssues(withoutOrderBy(jql));
        }
        // No usable copy: search pages as before, which build the copy on the way (as the matrix's do).
        const page = await searchBuildingCopy(key, caller.accountId, jql, cursor, ROWS_PER_CALL).catch(asJqlViolation);
        return { rows: await toRows(page.issues), nextPageToken: page.nextPageToken, total };
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
    const count = payload.nextPageToken ? Promise.resolve(null) : jira.countIssues(withoutOrderBy(jql));
    const [total, { issues, nextPageToken }] = await Promise.all([count, collectPages()]).catch(asJqlViolation);
    return { rows: await toRows(issues), nextPageToken, total };
  },
};
