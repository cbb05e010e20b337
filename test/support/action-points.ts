import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultFrameworkVersion } from '../../src/domain/framework';
import type { PointsReport } from '../../sandbox/forge/rate-limits';
import type { RescoringJob } from '../../src/shared/api';
import type { Sandbox } from '../../sandbox/sandbox';
import { repositoryRoot } from '../../sandbox/forge/runtime';

/**
 * The Jira points each user action costs the app, counted by the sandbox's cost model
 * (sandbox/forge/rate-limits.ts) through the real resolvers, triggers and queue consumers, as the
 * bridge calls them. Shared by `npm run bench -- points` and the points-budget test.
 */

export interface ActionPoints {
  action: string;
  points: number;
  calls: number;
  /** Where the points went: `module function` → points. */
  by: Record<string, number>;
}

const basicAuth = (email: string, token: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
  'content-type': 'application/json',
});
const admin = basicAuth('admin@example.com', 'admin-token');
const pm = basicAuth('pm@example.com', 'pm-token');

/** The resolvers the triage panel calls when it opens, read from its source so a new one is counted too. */
export function panelOpeningResolvers(): string[] {
  const folder = path.join(repositoryRoot, 'static/panel/src');
  const keys = new Set<string>();
  for (const file of readdirSync(folder).filter((name) => name.endsWith('.tsx'))) {
    for (const match of readFileSync(path.join(folder, file), 'utf8').matchAll(/useResolver\('([a-zA-Z]+\.[a-zA-Z]+)'/g))
      keys.add(match[1]!);
  }
  return [...keys].sort();
}

async function invoke<T>(
  url: string,
  headers: Record<string, string>,
  resource: string,
  resolver: string,
  payload: unknown,
  context: Record<string, unknown> = {},
): Promise<T> {
  const response = await fetch(`${url}/__sandbox/invoke`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ resource, resolver, payload, context }),
  });
  const answer = (await response.json()) as { result?: { ok: boolean; data?: T; error?: unknown } };
  if (!answer.result?.ok) throw new Error(`${resolver} failed: ${JSON.stringify(answer)}`);
  return answer.result.data as T;
}

/** Runs `action` from a zeroed ledger, waits for the work it started (triggers, queue events) and returns what it cost. */
async function measured(site: { sandbox: Sandbox }, action: string, run: () => Promise<void>): Promise<ActionPoints> {
  await site.sandbox.idle();
  site.sandbox.rateLimits.reset();
  await run();
  await site.sandbox.idle();
  const report: PointsReport = site.sandbox.rateLimits.report();
  return {
    action,
    points: report.total.points,
    calls: report.total.calls,
    by: Object.fromEntries(report.bySurface.map((entry) => [`${entry.surface} ${entry.function}`, entry.points])),
  };
}

/** Every resolver the panel calls on opening, at once as the panel's sections load. */
export const openPanel = (
  site: { sandbox: Sandbox; url: string },
  issueKey: string,
  action = 'open the panel',
): Promise<ActionPoints> =>
  measured(site, action, async () => {
    await Promise.all(panelOpeningResolvers().map((resolver) => invoke(site.url, pm, 'panel', resolver, {}, { issueKey })));
  });

/** The matrix page: the framework, then every page of requirements (the pages the first names at once), as static/matrix loads them. */
export const openMatrix = (
  site: { sandbox: Sandbox; url: string },
  projectKey: string,
  action = 'open the matrix',
  kindFilter: { kinds?: string[]; kindTags?: string[] } = {},
): Promise<ActionPoints & { rows: number }> => {
  let rows = 0;
  return measured(site, action, async () => {
    await invoke(site.url, pm, 'matrix', 'framework.current', { projectKey });
    let nextPageToken: string | null = null;
    do {
      const page: { rows: unknown[]; nextPageToken: string | null; pageTokens?: string[] } = await invoke(
        site.url,
        pm,
        'matrix',
        'requirements.list',
        { projectKey, ...kindFilter, nextPageToken },
      );
      rows += page.rows.length;
      nextPageToken = page.nextPageToken;
      const further = await Promise.all(
        (page.pageTokens ?? []).map((token) =>
          invoke<{ rows: unknown[] }>(site.url, pm, 'matrix', 'requirements.list', {
            projectKey,
            ...kindFilter,
            nextPageToken: token,
          }),
        ),
      );
      rows += further.reduce((sum, next) => sum + next.rows.length, 0);
    } while (nextPageToken);
  }).then((points) => ({ ...points, rows }));
};

/** A triage save that changes one input, and the trigger runs it causes. */
export const saveScore = (site: { sandbox: Sandbox; url: string }, issueKey: string): Promise<ActionPoints> =>
  measured(site, 'save a score', async () => {
    const view = await invoke<{ inputs: Record<string, unknown> }>(site.url, pm, 'panel', 'triage.get', {}, { issueKey });
    site.sandbox.rateLimits.reset();
    const urgency = view.inputs.urgency === 5 ? 4 : 5;
    await invoke(
      site.url,
      pm,
      'panel',
      'triage.save',
      { inputs: { urgency }, expected: { urgency: view.inputs.urgency } },
      { issueKey },
    );
  });

/** A framework save whose weights move scores, and the whole re-scoring job it starts. */
export const rescoreAll = (site: {
  sandbox: Sandbox;
  url: string;
}): Promise<ActionPoints & { changed: number; processed: number; job: RescoringJob }> => {
  let job = { changed: 0, processed: 0 } as RescoringJob;
  return measured(site, 're-score', async () => {
    const current = await invoke<{ version: number }>(site.url, admin, 'admin', 'framework.current', {});
    site.sandbox.rateLimits.reset();
    const settings = {
      ...defaultFrameworkVersion(new Date(0)).settings,
      weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
    };
    await invoke(site.url, admin, 'admin', 'framework.save', { settings, note: 'points', baseVersion: current.version });
    for (;;) {
      await site.sandbox.idle();
      const status = await invoke<RescoringJob | null>(site.url, admin, 'admin', 'rescoring.status', {});
      if (status && status.status !== 'running') {
        job = status;
        return;
      }
    }
  }).then((points) => ({ ...points, changed: job.changed, processed: job.processed, job }));
};

/** The Reports subpage: one reports.get for the period (from..to, yyyy-mm), as static/matrix's ReportsPage asks. */
export const openReports = (
  site: { sandbox: Sandbox; url: string },
  projectKey: string,
  period: { from: string; to: string },
  action = 'open the reports',
): Promise<ActionPoints & { requirementCount: number }> => {
  let requirementCount = 0;
  return measured(site, action, async () => {
    requirementCount = (
      await invoke<{ requirementCount: number }>(site.url, pm, 'matrix', 'reports.get', { projectKey, ...period })
    ).requirementCount;
  }).then((points) => ({ ...points, requirementCount }));
};

/** A report gadget on a dashboard: one reports.gadget with its saved settings, as static/gadget's ReportGadget asks. */
export const openReportGadget = (
  site: { sandbox: Sandbox; url: string },
  projectKey: string,
  settings: { period?: string; jql?: string } = {},
  action = 'open a report gadget',
): Promise<ActionPoints & { requirementCount: number }> => {
  let requirementCount = 0;
  return measured(site, action, async () => {
    requirementCount = (
      await invoke<{ requirementCount: number }>(site.url, pm, 'gadget', 'reports.gadget', { projectKey, ...settings })
    ).requirementCount;
  }).then((points) => ({ ...points, requirementCount }));
};
