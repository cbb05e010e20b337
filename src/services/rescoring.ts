import { randomUUID } from 'node:crypto';
import type { FrameworkVersion } from '../domain/framework';
import { changedComputedFields, scoreRequirement } from '../domain/scoring';
import { withoutOrderBy } from '../domain/jql';
import {
  APP_FIELD_BULK_LIMIT,
  JiraError,
  packAppFieldUpdates,
  SEARCH_PAGE_LIMIT,
  type IssueBean,
  type JiraClient,
  type Paged,
} from '../jira/client';
import type { PushRescoringEvent, RescoringEvent } from '../queue/rescoring-queue';
import type { QuotaReading, RescoringJob } from '../shared/api';
import { getFrameworkForProject, getFrameworkVersion, listOverriddenProjects } from '../storage/framework-store';
import {
  getLatestRescoringJob,
  getRescoringJob,
  saveRescoringJob,
  startRescoringJobRecord,
  type PendingUpdate,
  type RescoringChain,
  type StoredRescoringJob,
} from '../storage/job-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds } from './app-fields';
import { projectRequirementsJql, readRequirement, requirementFieldList } from './requirement';

/**
 * Re-scores every Requirement after a new framework version: one queue event per round of pages
 * of 100 (a large scope is split into id ranges, "chains", whose pages are read side by side),
 * changed values collected across pages and written in full bulk calls of 1,000 values. The job
 * record says where to resume, so a replayed or retried event never redoes a finished round.
 */

/**
 * The Requirements a scope's framework applies to: one project's, or for the global default every
 * project's except those with their own framework.
 */
export async function requirementsInScopeJql(projectKey: string | undefined): Promise<string> {
  if (projectKey) return projectRequirementsJql(projectKey);
  const overridden = await listOverriddenProjects();
  const exclusion = overridden.length > 0 ? ` AND project NOT IN (${overridden.map((key) => `"${key}"`).join(', ')})` : '';
  return `issuetype = "Requirement"${exclusion} ORDER BY key ASC`;
}

export interface RescoringDeps {
  jira: JiraClient;
  push: PushRescoringEvent;
  now: () => Date;
  /**
   * Whether this invocation may go on to the next page itself instead of queueing it (time left of
   * its runtime): at Jira's latency each queued page cost about 0.4 s besides its search. Without
   * it every page is its own event.
   */
  keepGoing?: () => boolean;
  /**
   * How a large scope is split into id ranges read side by side: at most `most` chains of about
   * `issuesEach` issues. Without it the scope is one chain (one search page at a time).
   */
  chains?: ChainSplit;
}

export interface ChainSplit {
  most: number;
  issuesEach: number;
}

/**
 * Five searches at once stay far under a search endpoint's burst limit (100 requests a second,
 * docs/PLATFORM.md) and cut 10,000 issues' 100 sequential pages to 20 rounds; a scope under
 * 2,000 issues is one chain, as the pages' order of writes stays simplest there.
 */
export const DEFAULT_CHAIN_SPLIT: ChainSplit = { most: 5, issuesEach: 2_000 };

/** The whole scope as one chain, not yet read. */
const wholeScope = (jql: string): RescoringChain => ({ jql, pageToken: null, done: false });

/** A record saved before chains existed holds its one chain's token on the job itself. */
const chainsOf = (job: StoredRescoringJob): RescoringChain[] =>
  job.chains ?? [{ ...wholeScope(job.jql), pageToken: job.pageToken ?? null }];

/**
 * The scope split into id ranges of about equal width between its lowest and highest issue id
 * (two one-issue searches); the first range is open below and the last above, so every issue of
 * the scope, one created meanwhile included, is in exactly one chain.
 */
async function splitIntoChains(
  job: StoredRescoringJob,
  jira: JiraClient,
  split: ChainSplit | undefined,
): Promise<RescoringChain[]> {
  const whole = [wholeScope(job.jql)];
  const wanted = split ? Math.min(split.most, Math.ceil(job.total / split.issuesEach)) : 1;
  if (wanted <= 1) return whole;
  const scope = withoutOrderBy(job.jql);
  const edge = async (direction: 'ASC' | 'DESC') =>
    (await jira.searchPage({ jql: `${scope} ORDER BY id ${direction}`, fields: ['id'], maxResults: 1 })).items[0];
  const [lowest, highest] = await Promise.all([edge('ASC'), edge('DESC')]);
  if (!lowest || !highest) return whole;
  const low = Number(lowest.id);
  const width = Math.ceil((Number(highest.id) - low + 1) / wanted);
  const bounds = Array.from({ length: wanted - 1 }, (_, index) => low + (index + 1) * width);
  return [undefined, ...bounds].map((from, index) => {
    const to = bounds[index];
    const range = `${from === undefined ? '' : ` AND id >= ${from}`}${to === undefined ? '' : ` AND id < ${to}`}`;
    return wholeScope(`(${scope})${range} ORDER BY id ASC`);
  });
}

/**
 * Only full bulk calls are written before the last page; the remainder waits for the next page,
 * so the whole job needs the fewest write calls the 1,000-value limit allows.
 */
function splitDue(pending: PendingUpdate[], last: boolean): { due: PendingUpdate[]; kept: PendingUpdate[] } {
  if (last) return { due: pending, kept: [] };
  const batches = packAppFieldUpdates(pending, APP_FIELD_BULK_LIMIT);
  const size = (batch: PendingUpdate[]) => batch.reduce((sum, update) => sum + update.issueIds.length, 0);
  const partial = batches.length > 0 && size(batches[batches.length - 1]!) < APP_FIELD_BULK_LIMIT ? batches.pop()! : [];
  return { due: batches.flat(), kept: partial };
}

function addPending(pending: PendingUpdate[], fieldId: string, value: unknown, issueId: number): void {
  const group = pending.find((update) => update.fieldId === fieldId && update.value === value);
  if (group) group.issueIds.push(issueId);
  else pending.push({ fieldId, value, issueIds: [issueId] });
}

/**
 * Jira sends the points left only when less than a fifth of the hour's is left; below a tenth the
 * job waits for the renewal (at most 900 s a time, Forge's longest delay, then looks again), so the
 * people using the app keep what is left of the hour. Seconds to wait, 0 to go on.
 */
const QUOTA_RESERVE_SHARE = 0.1;
const LONGEST_DELAY_SECONDS = 900;
export function quotaWaitSeconds(quota: QuotaReading | null | undefined): number {
  if (!quota || quota.remaining === null || quota.remaining >= quota.pointsPerHour * QUOTA_RESERVE_SHARE) return 0;
  return Math.min(LONGEST_DELAY_SECONDS, Math.max(1, quota.resetsInSeconds ?? LONGEST_DELAY_SECONDS));
}

export function publicJob(job: StoredRescoringJob): RescoringJob {
  const {
    pageIndex: _pageIndex,
    pageToken: _pageToken,
    chains: _chains,
    queuedPageIndex: _queued,
    pending: _pending,
    pendingKeys: _keys,
    jql: _jql,
    ...visible
  } = job;
  return visible;
}

/**
 * The count only feeds the progress bar, so a failed count must not fail the save that starts the
 * job: the version is stored by then, and a save reported as failed would not be re-run.
 */
async function countForProgress(jira: JiraClient, jql: string): Promise<number> {
  try {
    return await jira.countIssues(withoutOrderBy(jql));
  } catch (error) {
    if (error instanceof JiraError) return 0;
    throw error;
  }
}

export async function startRescoring(version: FrameworkVersion, deps: RescoringDeps): Promise<StoredRescoringJob> {
  const jql = await requirementsInScopeJql(version.projectKey);
  const pointsBefore = deps.jira.pointsSpent;
  const total = await countForProgress(deps.jira, jql);
  const job: StoredRescoringJob = {
    id: randomUUID(),
    frameworkVersion: version.version,
    projectKey: version.projectKey ?? null,
    jql,
    status: 'running',
    total,
    processed: 0,
    changed: 0,
    failures: [],
    startedAt: deps.now().toISOString(),
    finishedAt: null,
    estimatedSecondsLeft: null,
    pointsSpent: deps.jira.pointsSpent - pointsBefore,
    quota: deps.jira.quota,
    waitingForQuotaUntil: null,
    pageIndex: 0,
    chains: [wholeScope(jql)],
    queuedPageIndex: 0,
    pending: [],
    pendingKeys: {},
  };
  await startRescoringJobRecord(job);
  await deps.push({ jobId: job.id, pageIndex: 0 });
  return job;
}

/** Writes pending values; a value Jira refuses is retried issue by issue so one bad issue fails alone. */
async function flush(
  jira: JiraClient,
  pending: PendingUpdate[],
  keys: Record<string, string>,
): Promise<{ key: string; reason: string }[]> {
  if (pending.length === 0) return [];
  try {
    await jira.setAppFieldValues(
      pending.map((update) => ({ fieldId: update.fieldId, value: update.value, issueIds: update.issueIds })),
    );
    return [];
  } catch (error) {
    if (!(error instanceof JiraError) || (error.kind !== 'bad-request' && error.kind !== 'not-found')) throw error;
  }
  const failures = new Map<number, string>();
  const issueIds = [...new Set(pending.flatMap((update) => update.issueIds))];
  for (const issueId of issueIds) {
    const updates = pending
      .filter((update) => update.issueIds.includes(issueId))
      .map((update) => ({ fieldId: update.fieldId, value: update.value, issueIds: [issueId] }));
    try {
      await jira.setAppFieldValues(updates);
    } catch (error) {
      if (!(error instanceof JiraError) || (error.kind !== 'bad-request' && error.kind !== 'not-found')) throw error;
      failures.set(issueId, error.message);
    }
  }
  return [...failures].map(([issueId, reason]) => ({ key: keys[String(issueId)] ?? String(issueId), reason }));
}

/**
 * A version saved while this page was being written has its own job, which may have passed these
 * issues already; a late write must not leave them on the older version. They are read again and
 * given the newest version's values, until no newer version appears. Returns the version they carry.
 */
async function catchUpWithNewerVersions(
  job: StoredRescoringJob,
  written: FrameworkVersion,
  issueIds: number[],
  deps: RescoringDeps,
): Promise<FrameworkVersion> {
  let current = written;
  for (;;) {
    const newest = await getFrameworkForProject(job.projectKey ?? undefined, deps.now);
    if (newest.version === current.version || issueIds.length === 0) return newest;
    const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(deps.jira), getRequirementIssueTypeId()]);
    const pending: PendingUpdate[] = [];
    const keys: Record<string, string> = {};
    for (let start = 0; start < issueIds.length; start += SEARCH_PAGE_LIMIT) {
      const jql = `id IN (${issueIds.slice(start, start + SEARCH_PAGE_LIMIT).join(', ')})`;
      for (const issue of await deps.jira.searchAll({ jql, fields: requirementFieldList(ids) })) {
        const requirement = readRequirement(issue, ids, newest, requirementTypeId);
        const computed = scoreRequirement(requirement.inputs, newest, requirement.problems).computed;
        keys[requirement.id] = requirement.key;
        for (const name of changedComputedFields(requirement.computed, computed))
          addPending(pending, ids[name], computed[name], Number(requirement.id));
      }
    }
    await flush(deps.jira, pending, keys);
    current = newest;
  }
}

/** A chain's page asked for ahead, while the round before was scored and saved. */
interface PrefetchedPage {
  pageToken: string | null;
  page: Promise<Paged<IssueBean>>;
}

/** Handles one queue event: reads one round of pages, scores them, writes what is due, queues the next round. */
export async function processRescoringEvent(
  event: RescoringEvent,
  deps: RescoringDeps,
  prefetched?: (PrefetchedPage | undefined)[],
  /** Going on in the same invocation: the client's count the round before saved, so pages asked for ahead are counted once. */
  countedUpTo?: number,
): Promise<void> {
  const job = await getRescoringJob(event.jobId);
  if (!job || job.status !== 'running') return;
  const pointsBefore = countedUpTo ?? deps.jira.pointsSpent;
  /** What the job shows the admin: the points it spent, this event's included, and the allowance as Jira last described it. */
  const spending = (pointsNow = deps.jira.pointsSpent) => ({
    pointsSpent: (job.pointsSpent ?? 0) + pointsNow - pointsBefore,
    quota: deps.jira.quota ?? job.quota ?? null,
    waitingForQuotaUntil: null,
  });
  if (event.pageIndex < job.pageIndex) {
    // A replay of a handled page: queue the current page again only if its event was lost.
    if (job.queuedPageIndex < job.pageIndex) {
      await deps.push({ jobId: job.id, pageIndex: job.pageIndex });
      await saveRescoringJob({ ...job, queuedPageIndex: job.pageIndex });
    }
    return;
  }
  if (event.pageIndex > job.pageIndex) return;

  const latest = await getFrameworkForProject(job.projectKey ?? undefined, deps.now);
  if (latest.version !== job.frameworkVersion) {
    // A newer version of the scope has its own job; writing older values now would undo its work.
    // A page this job wrote before failing may have landed after that job passed it: catch it up first.
    if (job.catchUpIssueIds?.length)
      await catchUpWithNewerVersions(job, (await getFrameworkVersion(job.frameworkVersion)) ?? latest, job.catchUpIssueIds, deps);
    await saveRescoringJob({
      ...job,
      ...spending(),
      catchUpIssueIds: [],
      status: 'superseded',
      finishedAt: deps.now().toISOString(),
      estimatedSecondsLeft: 0,
    });
    return;
  }
  const framework = (await getFrameworkVersion(job.frameworkVersion)) ?? latest;
  const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(deps.jira), getRequirementIssueTypeId()]);
  const search = (chain: RescoringChain) =>
    deps.jira.searchPage({
      jql: chain.jql,
      fields: requirementFieldList(ids),
      nextPageToken: chain.pageToken,
      maxResults: SEARCH_PAGE_LIMIT,
    });
  const startingChains = chainsOf(job);
  const chains =
    job.pageIndex === 0 && startingChains.length === 1 ? await splitIntoChains(job, deps.jira, deps.chains) : startingChains;
  // Each chain's page, side by side; one asked for while the round before was scored and saved (same invocation) if it is the one due.
  const pages = await Promise.all(
    chains.map((chain, index) => {
      if (chain.done) return null;
      const ahead = prefetched?.[index];
      return ahead && ahead.pageToken === chain.pageToken ? ahead.page : search(chain);
    }),
  );
  const nextChains = chains.map((chain, index) => {
    const page = pages[index];
    return page ? { ...chain, pageToken: page.nextPageToken, done: page.nextPageToken === null } : chain;
  });
  const items = pages.flatMap((page) => page?.items ?? []);
  const last = nextChains.every((chain) => chain.done);
  // Going on in this invocation: the next round is asked for now, while this one is scored and written.
  const goingOn = !last && deps.keepGoing?.() === true;
  const nextPrefetch = goingOn
    ? nextChains.map((chain) => (chain.done ? undefined : { pageToken: chain.pageToken, page: search(chain) }))
    : undefined;
  for (const ahead of nextPrefetch ?? []) ahead?.page.catch(() => undefined);

  const pending = structuredClone(job.pending);
  const pendingKeys = { ...job.pendingKeys };
  let changed = 0;
  for (const issue of items) {
    const requirement = readRequirement(issue, ids, framework, requirementTypeId);
    if (!requirement.isRequirement) continue;
    const computed = scoreRequirement(requirement.inputs, framework, requirement.problems).computed;
    const names = changedComputedFields(requirement.computed, computed);
    if (names.length === 0) continue;
    changed += 1;
    pendingKeys[requirement.id] = requirement.key;
    for (const name of names) addPending(pending, ids[name], computed[name], Number(requirement.id));
  }
  const { due, kept } = splitDue(pending, last);
  const written = [...new Set(due.flatMap((update) => update.issueIds))];
  if (written.length > 0) await saveRescoringJob({ ...job, catchUpIssueIds: written });
  const failures = await flush(deps.jira, due, pendingKeys);
  const newest = await catchUpWithNewerVersions(job, framework, written, deps);
  if (newest.version !== job.frameworkVersion) {
    await saveRescoringJob({
      ...job,
      ...spending(),
      catchUpIssueIds: [],
      status: 'superseded',
      finishedAt: deps.now().toISOString(),
      estimatedSecondsLeft: 0,
    });
    return;
  }
  const keptIds = new Set(kept.flatMap((update) => update.issueIds.map(String)));
  const pointsNow = deps.jira.pointsSpent;

  const processed = job.processed + items.length;
  const total = last ? processed : Math.max(job.total, processed + 1);
  const elapsedSeconds = (deps.now().getTime() - Date.parse(job.startedAt)) / 1000;
  const next: StoredRescoringJob = {
    ...job,
    processed,
    total,
    changed: job.changed + changed,
    failures: [...job.failures, ...failures],
    estimatedSecondsLeft: last ? 0 : Math.round((elapsedSeconds / Math.max(processed, 1)) * (total - processed)),
    pending: kept,
    pendingKeys: Object.fromEntries(Object.entries(pendingKeys).filter(([issueId]) => keptIds.has(issueId))),
    pageIndex: job.pageIndex + 1,
    chains: nextChains,
    // A record from before the chains loses its own token once its chain is saved.
    pageToken: undefined,
    catchUpIssueIds: [],
    ...spending(pointsNow),
    ...(last ? { status: 'done' as const, finishedAt: deps.now().toISOString() } : {}),
  };
  const wait = last ? 0 : quotaWaitSeconds(next.quota);
  if (wait > 0) next.waitingForQuotaUntil = new Date(deps.now().getTime() + wait * 1000).toISOString();
  await saveRescoringJob(next);
  if (last) return;
  // The saved page index is what a retry resumes from, so going on here is as safe as a new event:
  // if this invocation stops, Forge redelivers its event and the replay branch queues the page.
  if (wait === 0 && nextPrefetch) {
    // Lets the process's other work run between pages (where Jira answers at once, nothing else would until the loop ends).
    await new Promise((resolve) => setImmediate(resolve));
    return processRescoringEvent({ jobId: job.id, pageIndex: next.pageIndex }, deps, nextPrefetch, pointsNow);
  }
  await deps.push({ jobId: job.id, pageIndex: next.pageIndex }, wait > 0 ? { delayInSeconds: wait } : undefined);
  await saveRescoringJob({ ...next, queuedPageIndex: next.pageIndex });
}

export async function rescoringStatus(jobId: string | undefined): Promise<RescoringJob | null> {
  const job = jobId ? await getRescoringJob(jobId) : await getLatestRescoringJob();
  return job ? publicJob(job) : null;
}
