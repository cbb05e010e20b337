import { ConflictError, ValidationError } from '../domain/result';
import { BULK_FETCH_LIMIT, jiraAsApp, jiraAsUser, type IssueBean, type JiraClient, type Paged } from '../jira/client';
import type { RequirementRow } from '../shared/api';
import {
  dropBuild,
  isBuildOf,
  loadBuildParts,
  parkBuildPart,
  startBuild,
  grantSnapshotRead,
  snapshotGrant,
  loadSnapshotHeader,
  loadSnapshotShards,
  saveSnapshot,
  saveSnapshotShards,
  shardOfIssue,
  withSnapshotWriteLock,
  type CopiedRow,
  type SnapshotHeader,
  type SnapshotShard,
} from '../storage/row-snapshot-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds } from './app-fields';
import { frameworkFor } from './framework';
import { exportFieldList, registerDetailsOf } from './exports';
import { readRequirement, toRow } from './requirement';
import { projectOf } from '../jira/issue-fields';
import { message } from '../domain/messages';

/**
 * How the matrix, the project gadgets and the exports read a project's requirements on Jira Cloud,
 * where every call takes a few hundred milliseconds and every issue returned costs a rate-limit
 * point (issue 16, docs/BENCHMARKS.md "Latency and points").
 *
 * `snapshot` (the default): the project's rows are kept in KVS (src/storage/row-snapshot-store.ts).
 * Each open asks Jira, as the user: how many requirements the user can see, and which changed
 * lately (newest `updated` first, pages of DELTA_PAGE, until a page holds nothing the copy lacks).
 * The changes are merged in; when the user's count equals the copy's, the user sees exactly the copy's issues
 * (see `visibleCopy`), so the rows come from KVS in pages the browser fetches in parallel. When the
 * count differs, the copy is older than a day, or the framework version changed, the open is served
 * by the old path and the copy is rebuilt from its pages (`addBuildPage`); a user who counts fewer
 * issues than the app (issue security) is served by the old path and builds nothing.
 *
 * `search` (RT_READ_PATH=search): the path before issue 16, sequential search pages of 100 as the
 * user; kept to measure both side by side.
 */
export type ReadPath = 'search' | 'snapshot';
export const readPath = (): ReadPath => (process.env.RT_READ_PATH === 'search' ? 'search' : 'snapshot');

/** Newest issues asked for per page; most opens find none changed, and this page is all they read. */
const DELTA_PAGE = 10;
/** More changes than this many pages since the copy was written: a rebuild is cheaper than merging them. */
const DELTA_PAGES_MAX = 20;
/**
 * Search results may lag recent updates, so an issue edited just before a later one can be listed
 * after the copy's watermark moved past it; changes this close to the watermark are fetched again.
 */
const WATERMARK_MARGIN_MS = 10 * 60 * 1000;
const MAX_AGE_MS = 24 * 60 * 60 * 1000;
/** Shards per page: at most 1,200 rows (about 0.7 MB) in one resolver answer. */
export const PAGE_SHARDS = 3;
/** Bulk fetches in flight at once within one resolver call (Jira allows 100 requests a second per endpoint). */
const FETCH_CONCURRENCY = 10;

const baseJql = (projectKey: string): string => `project = "${projectKey}" AND issuetype = "Requirement"`;

/** Runs `work` over `items` with at most `limit` in flight, keeping the order of the answers. */
export async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const chunk = <T>(items: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, index) => items.slice(index * size, (index + 1) * size));

/** The issues with these ids that the client may browse, in the given order, fetched 100 at a time in parallel. */
export async function fetchIssuesById(jira: JiraClient, issueIds: readonly string[], fields: string[]): Promise<IssueBean[]> {
  const pages = await mapConcurrently(chunk(issueIds, BULK_FETCH_LIMIT), FETCH_CONCURRENCY, (ids) =>
    jira.bulkFetchIssues(ids, fields),
  );
  const byId = new Map(pages.flat().map((issue) => [String(issue.id), issue]));
  return issueIds.flatMap((id) => byId.get(id) ?? []);
}

/** A row without the register's details: what the matrix, the gadgets and the reports are sent. */
const withoutRegister = ({ register: _register, ...row }: CopiedRow): RequirementRow => row;

async function rowReader(projectKey: string) {
  const [ids, requirementTypeId, framework] = await Promise.all([
    resolveAppFieldIds(jiraAsApp()),
    getRequirementIssueTypeId(),
    frameworkFor(projectKey),
  ]);
  // The copy serves the export too, so it is read with the export's fields (a point per issue, whatever the fields).
  const fields = [...exportFieldList(ids), 'updated'];
  /** Rows of this project's Requirements only (a bulk fetch names issues by id, whatever their project), as the copy keeps them. */
  const copiedRowsOf = (issues: IssueBean[]): CopiedRow[] =>
    issues
      .filter((issue) => projectOf(issue).key === projectKey)
      .flatMap((issue) => {
        const requirement = readRequirement(issue, ids, framework, requirementTypeId);
        return requirement.isRequirement ? [{ ...toRow(requirement), register: registerDetailsOf(issue, ids) }] : [];
      });
  const rowsOf = (issues: IssueBean[]): RequirementRow[] => copiedRowsOf(issues).map(withoutRegister);
  return { fields, framework, rowsOf, copiedRowsOf };
}

const updatedOf = (issue: IssueBean): number => {
  const value = issue.fields.updated;
  return typeof value === 'string' ? Date.parse(value) : Number.NaN;
};
const updatedById = (issues: IssueBean[]): Record<string, string> =>
  Object.fromEntries(
    issues.flatMap((issue) => (typeof issue.fields.updated === 'string' ? [[String(issue.id), issue.fields.updated]] : [])),
  );
const newestUpdated = (issues: IssueBean[], floor: string): string =>
  issues.reduce((latest, issue) => (updatedOf(issue) > Date.parse(latest) ? String(issue.fields.updated) : latest), floor);

/**
 * Without a usable copy, the open is served by the old path (search pages of 100 as the user: a
 * point per issue, the first points as soon as the first page arrives) and the copy is built from
 * those same pages on the way, at no extra cost: each page's rows are parked in KVS, and the last
 * page writes the copy. Only a caller who counts as many requirements as the app builds it.
 */
export interface CopyBuild {
  build: string | null;
}

export async function searchRowsPage(
  projectKey: string,
  jql: string,
  nextPageToken: string | null,
  rowsWanted: number,
): Promise<{ issues: IssueBean[]; rows: RequirementRow[]; nextPageToken: string | null }> {
  const reader = await rowReader(projectKey);
  const user = jiraAsUser();
  const issues: IssueBean[] = [];
  let token = nextPageToken;
  do {
    const page = await user.searchPage({ jql, fields: reader.fields, nextPageToken: token });
    issues.push(...page.items);
    token = page.nextPageToken;
  } while (token && issues.length < rowsWanted);
  return { issues, rows: reader.rowsOf(issues), nextPageToken: token };
}

/** Where a search that builds the copy stands: its build (null when this caller builds none), the part next and Jira's page token. */
export interface BuildCursor {
  build: string | null;
  part: number;
  jiraToken: string | null;
}

/** `b.<build>.<part>.<Jira's page token>`: the next search page of an open that builds the project's copy. */
export function parseBuildToken(token: string | null | undefined): BuildCursor | null {
  const match = typeof token === 'string' ? /^b\.([a-z0-9-]+)\.(\d{1,4})\.(.+)$/.exec(token) : null;
  return match ? { build: match[1]!, part: Number(match[2]), jiraToken: match[3]! } : null;
}

/** One search page of an open without a usable copy (the matrix's or the export's), parked for the copy's build; its next token continues the build. */
export async function searchBuildingCopy(
  projectKey: string,
  accountId: string,
  jql: string,
  cursor: BuildCursor,
  rowsWanted: number,
): Promise<{ issues: IssueBean[]; rows: RequirementRow[]; nextPageToken: string | null }> {
  const page = await searchRowsPage(projectKey, jql, cursor.jiraToken, rowsWanted);
  if (cursor.build)
    await addBuildPage(projectKey, accountId, cursor.build, cursor.part, page.issues, page.nextPageToken === null);
  const next =
    page.nextPageToken === null
      ? null
      : cursor.build
        ? `b.${cursor.build}.${cursor.part + 1}.${page.nextPageToken}`
        : page.nextPageToken;
  return { ...page, nextPageToken: next };
}

/** Parks one page of a build; with `last`, writes the copy from every parked page. */
export async function addBuildPage(
  projectKey: string,
  accountId: string,
  buildId: string,
  part: number,
  issues: IssueBean[],
  last: boolean,
): Promise<void> {
  if (!(await isBuildOf(projectKey, buildId, accountId))) return;
  const reader = await rowReader(projectKey);
  await parkBuildPart(projectKey, buildId, part, { rows: reader.copiedRowsOf(issues), updated: updatedById(issues) });
  if (!last) return;
  const parts = await loadBuildParts(projectKey, buildId, part + 1);
  if (!parts) return;
  const rows = parts.flatMap((parked) => parked.rows);
  const updated = Object.assign({}, ...parts.map((parked) => parked.updated)) as Record<string, string>;
  const watermark = Object.values(updated).reduce(
    (latest, value) => (Date.parse(value) > Date.parse(latest) ? value : latest),
    new Date(0).toISOString(),
  );
  await withSnapshotWriteLock(projectKey, async () => {
    await saveSnapshot(projectKey, rows, updated, {
      frameworkVersion: reader.framework.version,
      watermark,
      builtAt: new Date().toISOString(),
    });
  });
  await dropBuild(projectKey, buildId);
}

/** Writes the copy at once from rows read in one call (the project gadget reads every row anyway). */
export async function saveCopyFrom(projectKey: string, issues: IssueBean[]): Promise<void> {
  const reader = await rowReader(projectKey);
  const updated = updatedById(issues);
  await withSnapshotWriteLock(projectKey, async () => {
    await saveSnapshot(projectKey, reader.copiedRowsOf(issues), updated, {
      frameworkVersion: reader.framework.version,
      watermark: newestUpdated(issues, new Date(0).toISOString()),
      builtAt: new Date().toISOString(),
    });
  });
}

export const rowFieldsOf = async (projectKey: string): Promise<string[]> => (await rowReader(projectKey)).fields;

export interface OpenedRows<Row extends RequirementRow = RequirementRow> {
  /** The first page's rows, or every row with `all`. */
  rows: Row[];
  /** Tokens of the further pages, which may be read in parallel; none when `rows` is everything. */
  pageTokens: string[];
  /** How many requirements all pages hold. */
  total: number;
}

/**
 * Opens the project's rows for the caller: the first page (every row with `all`) and tokens for
 * the rest, or null when this caller must be served by the old path (they see fewer requirements
 * than the app does).
 */
export async function openProjectRows(
  projectKey: string,
  accountId: string,
  options: { all?: boolean; canEdit?: Promise<boolean> } = {},
): Promise<OpenedRows | CopyBuild> {
  const opened = await openProjectCopy(projectKey, accountId, options);
  return isCopyBuild(opened) ? opened : { ...opened, rows: opened.rows.map(withoutRegister) };
}

/** As openProjectRows, with the rows as the copy keeps them (the register's details too, for the export). */
export async function openProjectCopy(
  projectKey: string,
  accountId: string,
  options: { all?: boolean; canEdit?: Promise<boolean> } = {},
): Promise<OpenedRows<CopiedRow> | CopyBuild> {
  const user = jiraAsUser();
  const reading = rowReader(projectKey);
  // The newest changes are asked for beside the count (one round trip on Jira Cloud, not two); unused when the copy is rebuilt.
  const newest = reading.then((reader) => newestPage(user, projectKey, reader, null));
  newest.catch(() => undefined);
  const [reader, header, userCount] = await Promise.all([
    reading,
    loadSnapshotHeader(projectKey),
    user.countIssues(baseJql(projectKey)),
  ]);
  const fresh =
    header && header.frameworkVersion === reader.framework.version && Date.now() - Date.parse(header.builtAt) < MAX_AGE_MS;
  if (fresh) {
    const served = await mergeChanges(projectKey, accountId, header, reader, user, userCount, newest, options);
    if (served) return served;
  }
  // The copy needs building: by this caller's reads only if they see what the app sees.
  const appCount = await jiraAsApp().countIssues(baseJql(projectKey));
  if (!visibleCopy(appCount, userCount)) return { build: null };
  if (header) {
    const refreshed = await refreshCopyById(projectKey, accountId, header, reader, appCount, options);
    if (refreshed) return refreshed;
  }
  return { build: await startBuild(projectKey, accountId) };
}

/** Above this many rows a refresh by id would take too long for one resolver call at Jira's latency (100 bulk fetches of 100, 10 at a time, take about 3.5 s at 250 ms a call). */
const REFRESH_BY_ID_MAX_ROWS = 20_000;
/** More new requirements than this since the copy: they come from sequential search pages, so the search build is as quick. */
const REFRESH_NEW_MAX = 1_000;
/** Issue keys of one project in their number order (REQ-2 before REQ-10), as `ORDER BY key` lists them. */
const keyOrder = new Intl.Collator('en', { numeric: true });

/**
 * A copy that is stale as a whole (another framework version, older than a day, too many changes
 * to merge) still names the project's issues: they are read again by id, 100 a bulk fetch and
 * many at once, plus the issues created since (ids above the copy's highest), instead of one
 * search page after another. The same points as the search build (a point per issue), in a few
 * round trips instead of one per 100 issues. Null, writing nothing, when the result does not account
 * for every requirement the app counts (an issue moved in, say): the search build then reads them all.
 */
async function refreshCopyById(
  projectKey: string,
  accountId: string,
  header: SnapshotHeader,
  reader: Awaited<ReturnType<typeof rowReader>>,
  appCount: number,
  options: { all?: boolean; canEdit?: Promise<boolean> },
): Promise<OpenedRows<CopiedRow> | null> {
  if (header.count > REFRESH_BY_ID_MAX_ROWS || appCount - header.count > REFRESH_NEW_MAX) return null;
  const shards = await loadSnapshotShards(
    projectKey,
    Array.from({ length: header.shardCount }, (_, shard) => shard),
  );
  if (!shards) return null;
  const ids = shards.flatMap((shard) => shard.rows.map((row) => row.id));
  const app = jiraAsApp();
  const highest = ids.reduce<string | undefined>(
    (top, id) => (top === undefined || Number(id) > Number(top) ? id : top),
    undefined,
  );
  const [known, added] = await Promise.all([
    fetchIssuesById(app, ids, reader.fields),
    highest === undefined
      ? app.searchAll({ jql: baseJql(projectKey), fields: reader.fields })
      : app.searchAll({ jql: `${baseJql(projectKey)} AND id > ${highest}`, fields: reader.fields }),
  ]);
  const issues = [...known, ...added];
  // In key order, as the search pages list them (the copy's own order is its shards').
  const rows = reader.copiedRowsOf(issues).sort((left, right) => keyOrder.compare(left.key, right.key));
  if (rows.length !== appCount) return null;
  let written: SnapshotHeader | null = null;
  await withSnapshotWriteLock(projectKey, async () => {
    written = await saveSnapshot(projectKey, rows, updatedById(issues), {
      frameworkVersion: reader.framework.version,
      watermark: newestUpdated(issues, new Date(0).toISOString()),
      builtAt: new Date().toISOString(),
    });
  });
  const saved = written as SnapshotHeader | null;
  // Another open is writing the copy: its pages are not these rows, so this open is served by the search pages.
  if (!saved) return null;
  if (options.all || saved.shardCount <= PAGE_SHARDS) return { rows, pageTokens: [], total: rows.length };
  await grantSnapshotRead(projectKey, accountId, { revision: saved.revision, canEdit: (await options.canEdit) ?? false });
  return {
    rows: rows.filter((row) => shardOfIssue(row.id, saved.shardCount) < PAGE_SHARDS),
    pageTokens: pageTokensOf(saved),
    total: rows.length,
  };
}

export const isCopyBuild = <Row extends RequirementRow>(opened: OpenedRows<Row> | CopyBuild): opened is CopyBuild =>
  'build' in opened;

/** A page of the project's requirements, most recently updated first. */
const newestPage = (
  user: JiraClient,
  projectKey: string,
  reader: Awaited<ReturnType<typeof rowReader>>,
  nextPageToken: string | null,
): Promise<Paged<IssueBean>> =>
  user.searchPage({
    jql: `${baseJql(projectKey)} ORDER BY updated DESC`,
    fields: reader.fields,
    nextPageToken,
    maxResults: DELTA_PAGE,
  });

const pageTokensOf = (header: SnapshotHeader): string[] =>
  Array.from(
    { length: Math.ceil(header.shardCount / PAGE_SHARDS) - 1 },
    (_, index) => `s.${header.revision}.${(index + 1) * PAGE_SHARDS}`,
  );

/** The copy with the changes since its watermark merged in, when the caller's count confirms it; null to rebuild. */
async function mergeChanges(
  projectKey: string,
  accountId: string,
  header: SnapshotHeader,
  reader: Awaited<ReturnType<typeof rowReader>>,
  user: JiraClient,
  userCount: number,
  firstPage: Promise<Paged<IssueBean>>,
  options: { all?: boolean; canEdit?: Promise<boolean> },
): Promise<OpenedRows<CopiedRow> | null> {
  const since = Date.parse(header.watermark) - WATERMARK_MARGIN_MS;
  const allShards = Array.from({ length: header.shardCount }, (_, shard) => shard);
  const shards = new Map<number, SnapshotShard>();
  const loadShards = async (wanted: number[]): Promise<boolean> => {
    const missing = [...new Set(wanted)].filter((shard) => !shards.has(shard));
    const loaded = await loadSnapshotShards(projectKey, missing);
    if (!loaded) return false;
    missing.forEach((shard, index) => shards.set(shard, loaded[index]!));
    return true;
  };
  if (!(await loadShards(options.all ? allShards : allShards.slice(0, PAGE_SHARDS)))) return null;
  const shardOf = (issueId: string) => shardOfIssue(issueId, header.shardCount);
  const changed: IssueBean[] = [];
  let nextPageToken: string | null = null;
  for (let page = 0; ; page += 1) {
    if (page >= DELTA_PAGES_MAX) return null;
    const found: Paged<IssueBean> = page === 0 ? await firstPage : await newestPage(user, projectKey, reader, nextPageToken);
    const recent = found.items.filter((issue) => updatedOf(issue) >= since);
    if (!(await loadShards(recent.map((issue) => shardOf(String(issue.id)))))) return null;
    // Issues the copy already has as Jira last updated them; a page of only those (or of older ones) ends the look back.
    const fresh = recent.filter(
      (issue) => shards.get(shardOf(String(issue.id)))!.updated[String(issue.id)] !== issue.fields.updated,
    );
    changed.push(...fresh);
    nextPageToken = found.nextPageToken;
    if (fresh.length === 0 || recent.length < found.items.length || !nextPageToken) break;
  }
  const changedRows = reader.copiedRowsOf(changed);
  const changedUpdated = updatedById(changed);
  const touched = new Set(changedRows.map((row) => shardOf(row.id)));
  let count = header.count;
  for (const row of changedRows) {
    const shard = shards.get(shardOf(row.id))!;
    const at = shard.rows.findIndex((candidate) => candidate.id === row.id);
    if (at === -1) {
      shard.rows.push(row);
      count += 1;
    } else shard.rows[at] = row;
    if (changedUpdated[row.id]) shard.updated[row.id] = changedUpdated[row.id]!;
  }
  if (!visibleCopy(count, userCount)) return null;
  let current = header;
  const watermark = newestUpdated(changed, header.watermark);
  if (changedRows.length > 0 || watermark !== header.watermark) {
    // One writer at a time; when another open is writing, its copy stands.
    await withSnapshotWriteLock(projectKey, async () => {
      current =
        (await saveSnapshotShards(projectKey, header, new Map([...touched].map((shard) => [shard, shards.get(shard)!])), {
          watermark,
          count,
        })) ?? header;
    });
    // Not written (another writer, or a shard outgrew its value): later pages would read the shards
    // without these changes, so the copy is rebuilt instead.
    if (current === header && !options.all && [...touched].some((shard) => shard >= PAGE_SHARDS)) return null;
  }
  const pageRows = [...shards.entries()]
    .filter(([shard]) => options.all || shard < PAGE_SHARDS)
    .flatMap(([, shard]) => shard.rows);
  if (options.all || current.shardCount <= PAGE_SHARDS) return { rows: pageRows, pageTokens: [], total: count };
  await grantSnapshotRead(projectKey, accountId, { revision: current.revision, canEdit: (await options.canEdit) ?? false });
  return { rows: pageRows, pageTokens: pageTokensOf(current), total: count };
}

/**
 * The caller's own count equals the copy's: the copy was read as the app (everything), plus changes
 * the caller could see. Had the caller lacked access to any issue, or had any issue been deleted,
 * the caller would count fewer than the copy holds; so equal counts mean the same issues.
 */
export const visibleCopy = (copyCount: number, userCount: number): boolean => copyCount === userCount;

/** A further page of the copy, for a caller the first page granted; a conflict when the copy changed since. */
export async function snapshotPage(
  projectKey: string,
  accountId: string,
  token: string,
): Promise<{ rows: RequirementRow[]; canEdit: boolean }> {
  const page = await snapshotCopyPage(projectKey, accountId, token);
  return { ...page, rows: page.rows.map(withoutRegister) };
}

/** As snapshotPage, with the rows as the copy keeps them. */
export async function snapshotCopyPage(
  projectKey: string,
  accountId: string,
  token: string,
): Promise<{ rows: CopiedRow[]; canEdit: boolean }> {
  const match = /^s\.([a-z0-9-]+)\.(\d{1,6})$/.exec(token);
  if (!match)
    throw new ValidationError([{ field: 'nextPageToken', rule: 'syntax', message: 'nextPageToken: not a page of this list.' }]);
  const [, revision, first] = match;
  const [header, granted] = await Promise.all([loadSnapshotHeader(projectKey), snapshotGrant(projectKey, accountId, revision!)]);
  if (!header || header.revision !== revision || !granted) throw new ConflictError(message('server.conflict.rows_changed'));
  const shards = Array.from({ length: PAGE_SHARDS }, (_, offset) => Number(first) + offset).filter(
    (shard) => shard < header.shardCount,
  );
  const loaded = await loadSnapshotShards(projectKey, shards);
  if (!loaded) throw new ConflictError(message('server.conflict.rows_changed'));
  return { rows: loaded.flatMap((shard) => shard.rows), canEdit: granted.canEdit };
}

export const isSnapshotToken = (token: string | null | undefined): token is string =>
  typeof token === 'string' && token.startsWith('s.');
