import { createBenchRequirements } from '../../bench/helpers';
import type { PointsReport } from '../../sandbox/forge/rate-limits';
import { testBuilders } from '../support/builders';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * Jira Cloud's rate limits in the sandbox (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/):
 * the app's calls are charged points per surface and resolver, and each limit, once configured,
 * refuses with 429, Retry-After and its own RateLimit-Reason, which the app's Jira client answers
 * as the page asks: wait and retry a burst or a busy issue, fail at once on an exhausted quota.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);
const json = { 'content-type': 'application/json' };

async function control<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${env.site.url}/__sandbox/${path}`, {
    method,
    headers: json,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as T };
}
const points = async () => (await control<PointsReport>('GET', 'points')).body;

afterEach(async () => {
  await env.site.sandbox.idle();
  await control('POST', 'rate-limits', {});
  await control('POST', 'latency', { medianMs: 0 });
});

test('GET /__sandbox/points shows what each surface and resolver spent and the quota left; reset zeroes it', async () => {
  const key = await build.requirement();
  await control('POST', 'points/reset');
  const view = await invoke<unknown>('pm', 'panel', 'triage.get', {}, { issueKey: key });
  expect(view.ok).toBe(true);
  const report = await points();
  const entry = report.bySurface.find(
    (candidate) => candidate.surface === 'rt-triage-panel' && candidate.function === 'triage.get',
  );
  expect(entry).toMatchObject({ rejected: 0 });
  expect(entry!.calls).toBeGreaterThan(0);
  // Reading an issue alone is 2 points: every call costs at least its base point.
  expect(entry!.points).toBeGreaterThanOrEqual(entry!.calls);
  expect(report.total.points).toBe(report.bySurface.reduce((sum, candidate) => sum + candidate.points, 0));
  expect(report.quota).toMatchObject({
    tier: 'global',
    enforced: false,
    pointsPerHour: 65_000,
    used: report.total.points,
    left: 65_000 - report.total.points,
  });
  // The tests' own REST calls use API tokens: no points.
  await fetch(`${env.site.url}/rest/api/3/issue/${key}`, { headers: ACCOUNTS.pm });
  expect((await points()).total.points).toBe(report.total.points);
  const reset = await control<PointsReport>('POST', 'points/reset');
  expect(reset.body.total).toEqual({ calls: 0, points: 0, rejected: {} });
  expect(reset.body.quota.used).toBe(0);
});

test('with the hourly quota used up a resolver fails at once with a message saying so, and works again after the top of the hour', async () => {
  const key = await build.requirement();
  const readPanel = () => invoke<unknown>('pm', 'panel', 'triage.get', {}, { issueKey: key });
  await readPanel();
  await control('POST', 'points/reset');
  await readPanel();
  const cost = (await points()).total.points;
  const configured = await control<PointsReport['settings']>('POST', 'rate-limits', { quota: { pointsPerHour: cost } });
  expect(configured.body.quota).toEqual({ enforced: true, pointsPerHour: cost, tier: 'global' });
  // The quota holds exactly one more reading of the panel; the one after is refused at its first call.
  expect((await readPanel()).ok).toBe(true);
  const refused = await readPanel();
  expect(refused).toMatchObject({ ok: false, error: { kind: 'quota-exhausted' } });
  if (refused.ok) return;
  expect(refused.error.message).toMatch(
    /used up its hourly allowance of Jira requests.*nothing was changed.*renews in about \d+ minutes?/,
  );
  // Refused once, not retried: the client does not wait out the hour.
  expect((await points()).total.rejected).toEqual({ 'jira-quota-global-based': 1 });
  // The quota renews at the top of the (sandbox clock's) UTC hour; no scheduled work runs meanwhile.
  env.site.sandbox.clock.advance(3_600_000);
  expect((await readPanel()).ok).toBe(true);
});

test('a triage save that meets the per-issue write limit waits for the issue and lands', async () => {
  const key = await build.requirement({ fields: { Urgency: 3, Importance: 4, Feasibility: 4, 'Customer value': 4 } });
  const before = await invoke<{ inputs: { urgency: number | null } }>('pm', 'panel', 'triage.get', {}, { issueKey: key });
  if (!before.ok) throw new Error('triage.get failed');
  await control('POST', 'rate-limits', { perIssueWrites: { windows: [{ writes: 1, seconds: 1 }] } });
  const urgency = before.data.inputs.urgency === 5 ? 4 : 5;
  const saved = await invoke<{ inputs: { urgency: number }; computed: { weightedScore: number | null } }>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency }, expected: { urgency: before.data.inputs.urgency } },
    { issueKey: key },
  );
  expect(saved).toMatchObject({ ok: true, data: { inputs: { urgency } } });
  const report = await points();
  // The save's input write and its score write go to one issue: the second was refused, then retried.
  expect(report.total.rejected['jira-per-issue-on-write']).toBeGreaterThanOrEqual(1);
  const save = report.bySurface.find((entry) => entry.function === 'triage.save')!;
  expect(save.rejected).toBeGreaterThanOrEqual(1);
  await env.site.sandbox.idle();
  const after = await invoke<{ computed: { weightedScore: number | null } }>('pm', 'panel', 'triage.get', {}, { issueKey: key });
  expect(after.ok && saved.ok && after.data.computed.weightedScore).toBe(saved.ok && saved.data.computed.weightedScore);
});

test('a burst on one endpoint is refused with jira-burst-based, Retry-After and the rate, while other endpoints answer', async () => {
  await control('POST', 'rate-limits', { burst: { requestsPerSecond: { GET: 1 } } });
  const first = await fetch(`${env.site.url}/rest/api/3/field`, { headers: ACCOUNTS.pm });
  expect(first.status).toBe(200);
  const second = await fetch(`${env.site.url}/rest/api/3/field`, { headers: ACCOUNTS.pm });
  expect(second.status).toBe(429);
  expect(
    Object.fromEntries(
      ['ratelimit-reason', 'retry-after', 'x-ratelimit-limit', 'x-ratelimit-remaining'].map((name) => [
        name,
        second.headers.get(name),
      ]),
    ),
  ).toEqual({
    'ratelimit-reason': 'jira-burst-based',
    'retry-after': '1',
    'x-ratelimit-limit': '1',
    'x-ratelimit-remaining': '0',
  });
  expect(second.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect((await fetch(`${env.site.url}/rest/api/3/myself`, { headers: ACCOUNTS.pm })).status).toBe(200);
});

test('bad rate-limit and latency settings are refused with 400 naming the setting, and the previous setting stays', async () => {
  await control('POST', 'rate-limits', { quota: { pointsPerHour: 500 } });
  const bad = await control<{ errorMessages: string[] }>('POST', 'rate-limits', { quota: { pointsPerHour: -5 } });
  expect(bad.status).toBe(400);
  expect(bad.body.errorMessages[0]).toContain('quota.pointsPerHour');
  expect((await control<PointsReport['settings']>('GET', 'rate-limits')).body.quota.pointsPerHour).toBe(500);
  const badLatency = await control<{ errorMessages: string[] }>('POST', 'latency', { medianMs: 'slow' });
  expect(badLatency.status).toBe(400);
  expect(badLatency.body.errorMessages[0]).toContain('medianMs');
});

test('with latency on, every Jira call the app makes is delayed, and KVS calls are not', async () => {
  const key = await build.requirement();
  const set = await control<{ medianMs: number; spreadMs: number; seed: number; delayedCalls: number }>('POST', 'latency', {
    medianMs: 5,
    spreadMs: 2,
    seed: 3,
  });
  expect(set.body).toEqual({ medianMs: 5, spreadMs: 2, seed: 3, delayedCalls: 0, totalDelayMs: 0 });
  await control('POST', 'points/reset');
  expect((await invoke<unknown>('pm', 'panel', 'triage.get', {}, { issueKey: key })).ok).toBe(true);
  const latency = (await control<{ delayedCalls: number }>('GET', 'latency')).body;
  const report = await points();
  expect(latency.delayedCalls).toBe(report.total.calls + report.bySurface.reduce((sum, entry) => sum + entry.rejected, 0));
  expect(latency.delayedCalls).toBeGreaterThan(0);
});

test('a search/jql page holds at most 100 issues when fields are asked for, and up to 5,000 with ids only', async () => {
  await createBenchRequirements(env.site.sandbox, 120, 3);
  const search = async (fields: string[]) => {
    const response = await fetch(`${env.site.url}/rest/api/3/search/jql`, {
      method: 'POST',
      headers: ACCOUNTS.pm,
      body: JSON.stringify({ jql: 'project = REQ ORDER BY key ASC', fields, maxResults: 5000 }),
    });
    return (await response.json()) as { issues: unknown[]; nextPageToken?: string };
  };
  const withFields = await search(['summary']);
  expect(withFields.issues).toHaveLength(100);
  expect(withFields.nextPageToken).toEqual(expect.any(String));
  const idsOnly = await search(['id']);
  expect(idsOnly.issues.length).toBeGreaterThan(120);
  expect(idsOnly.nextPageToken).toBeUndefined();
}, 60_000);

describe('a re-scoring job that meets an exhausted quota', () => {
  const jobSite = useTestSandbox({ queueDelayScale: 0.001 });
  const asAdmin = resolverCaller(jobSite);
  const post = (path: string, body: unknown) =>
    fetch(`${jobSite.site.url}/__sandbox/${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) });

  test('asks Forge to deliver its page again after the reset instead of spending its retries, then finishes', async () => {
    const current = await asAdmin<{ version: number; settings: Record<string, unknown> }>(
      'admin',
      'admin',
      'framework.current',
      {},
    );
    if (!current.ok) throw new Error('framework.current failed');
    const save = (version: number, urgency: number) =>
      asAdmin<{ job: { id: string } }>('admin', 'admin', 'framework.save', {
        settings: {
          ...current.data.settings,
          weights: { urgency, importance: 30, feasibility: 20, customerValue: 50 - urgency },
        },
        note: 'quota',
        baseVersion: version,
      });
    // What a framework save costs without its job: the quota then admits the save and refuses the job's first call.
    expect((await save(current.data.version, 40)).ok).toBe(true);
    await jobSite.site.sandbox.idle();
    const cost = jobSite.site.sandbox.rateLimits.report().bySurface.find((entry) => entry.function === 'framework.save')!.points;
    await post('rate-limits', { quota: { pointsPerHour: cost } });
    expect((await save(current.data.version + 1, 35)).ok).toBe(true);
    const deliveries = async () =>
      (
        (await (await fetch(`${jobSite.site.url}/__sandbox/queue`)).json()) as {
          deliveries: { moduleKey?: string; outcome: string }[];
        }
      ).deliveries.filter((delivery) => delivery.moduleKey === 'rescoring-consumer');
    const before = (await deliveries()).length;
    for (
      let wait = 0;
      wait < 200 && !(await deliveries()).slice(before).some((delivery) => delivery.outcome === 'retry');
      wait += 1
    )
      await new Promise((resolve) => setTimeout(resolve, 10));
    const retries = (await deliveries()).slice(before).filter((delivery) => delivery.outcome === 'retry').length;
    const refusals = jobSite.site.sandbox.rateLimits.report().bySurface.find((entry) => entry.surface === 'rescoring-consumer');
    expect(retries).toBeGreaterThanOrEqual(1);
    // One refused call per delivery: the client gave up at once each time (the next delivery may
    // already have been refused while its outcome is not yet recorded).
    expect(refusals?.rejected).toBeGreaterThanOrEqual(retries);
    expect(refusals?.rejected).toBeLessThanOrEqual(retries + 1);
    const queued = ((await (await fetch(`${jobSite.site.url}/__sandbox/queue`)).json()) as { queued: { retryReason?: string }[] })
      .queued;
    expect(queued.map((event) => event.retryReason)).toContain('FUNCTION_UPSTREAM_RATE_LIMITED');
    // The quota renews: the redelivered page runs and the job finishes.
    await post('rate-limits', {});
    await jobSite.site.sandbox.idle();
    const status = await asAdmin<{ status: string; frameworkVersion: number }>('admin', 'admin', 'rescoring.status', {});
    expect(status).toMatchObject({ ok: true, data: { status: 'done', frameworkVersion: current.data.version + 2 } });
  });
});
