import { JiraLatency, parseLatencySettings } from '../../../sandbox/forge/latency';
import {
  endpointOf,
  JiraRateLimits,
  parseRateLimitSettings,
  pointsFor,
  RateLimitSettingsError,
} from '../../../sandbox/forge/rate-limits';
import type { EmulatorRequest, EmulatorResponse } from '../../../sandbox/jira/http';

/**
 * The emulator's model of Jira Cloud's rate limits
 * (https://developer.atlassian.com/cloud/jira/platform/rate-limiting/): points per call, the hourly
 * quota, per-endpoint burst buckets and per-issue write windows, each refused with its own reason.
 */

const get = (path: string): EmulatorRequest => ({ method: 'GET', path, query: {}, body: undefined });
const ok = (body?: unknown): EmulatorResponse => ({ status: 200, body });
const users = (count: number) => ({
  values: Array.from({ length: count }, (_, index) => ({ accountId: `u${index}` })),
  isLast: true,
});

describe('the points cost model', () => {
  test('the documented examples: an issue costs 2, a group of 8 members 17, creating an issue 1', () => {
    expect(pointsFor(get('/rest/api/3/issue/ABC-123'), ok({ id: '1', key: 'ABC-123', fields: {} }))).toBe(2);
    expect(pointsFor(get('/rest/api/3/group/member'), ok(users(8)))).toBe(17);
    expect(pointsFor({ method: 'POST', path: '/rest/api/3/issue' }, { status: 201, body: { id: '1', key: 'ABC-1' } })).toBe(1);
  });

  test('a search page costs 1 plus 1 per issue, though it is a POST; identity reads cost 2 per object', () => {
    const page = {
      issues: Array.from({ length: 100 }, (_, index) => ({ id: String(index), key: `REQ-${index}`, fields: {} })),
      isLast: false,
    };
    expect(pointsFor({ method: 'POST', path: '/rest/api/3/search/jql' }, ok(page))).toBe(101);
    expect(
      pointsFor(
        { method: 'POST', path: '/rest/api/3/permissions/check' },
        ok({ globalPermissions: [], projectPermissions: [{ permission: 'EDIT_ISSUES', projects: [], issues: [1] }] }),
      ),
    ).toBe(3);
    expect(pointsFor(get('/rest/api/3/user'), ok({ accountId: 'a' }))).toBe(3);
    expect(pointsFor(get('/rest/api/3/field'), ok([{ id: 'summary' }, { id: 'customfield_1' }]))).toBe(3);
  });

  test('a bulk fetch is a read too: 1 plus 1 per issue it returns', () => {
    const fetched = {
      issues: Array.from({ length: 100 }, (_, index) => ({ id: String(index), key: `REQ-${index}`, fields: {} })),
      issueErrors: [],
    };
    expect(pointsFor({ method: 'POST', path: '/rest/api/3/issue/bulkfetch' }, ok(fetched))).toBe(101);
  });

  test('writes cost 1 whatever they change, and a failed read only its base point', () => {
    expect(pointsFor({ method: 'POST', path: '/rest/api/3/app/field/value' }, { status: 204 })).toBe(1);
    expect(pointsFor({ method: 'PUT', path: '/rest/api/3/issue/REQ-1' }, { status: 204 })).toBe(1);
    expect(pointsFor(get('/rest/api/3/issue/REQ-404'), { status: 404, body: { errorMessages: ['Issue does not exist'] } })).toBe(
      1,
    );
  });

  test('each endpoint and method has its own bucket, whatever ids or keys the path names', () => {
    expect(endpointOf(get('/rest/api/3/issue/REQ-1'))).toBe(endpointOf(get('/rest/api/3/issue/10042')));
    expect(endpointOf(get('/rest/api/3/issue/REQ-1'))).toBe('GET /rest/api/3/issue/{id}');
    expect(endpointOf({ method: 'PUT', path: '/rest/api/3/issue/REQ-1' })).not.toBe(endpointOf(get('/rest/api/3/issue/REQ-1')));
    expect(endpointOf(get('/rest/api/3/project/REQ/role/10002'))).toBe('GET /rest/api/3/project/{id}/role/{id}');
  });
});

function limiter(settings: unknown) {
  let wall = Date.parse('2026-03-02T10:59:00Z');
  let monotonic = 0;
  const limits = new JiraRateLimits({ clock: () => new Date(wall), monotonicMs: () => monotonic });
  limits.configure(settings);
  const call = (
    request: EmulatorRequest,
    response: EmulatorResponse = ok({ id: '1' }),
    attribution = { surface: 'rt-issue-panel', function: 'triage.get' },
  ) => limits.through(request, { app: true, attribution }, async () => response);
  return {
    limits,
    call,
    advance: (ms: number) => {
      wall += ms;
      monotonic += ms;
    },
  };
}

describe('the limits', () => {
  test('points are counted per module and function with no limit enforced, and reset on request', async () => {
    const { limits, call } = limiter({});
    await call(get('/rest/api/3/issue/REQ-1'));
    await call(get('/rest/api/3/issue/REQ-2'));
    await call(
      { method: 'PUT', path: '/rest/api/3/issue/REQ-1', query: {}, body: {} },
      { status: 204 },
      { surface: 'rt-issue-panel', function: 'triage.save' },
    );
    const report = limits.report();
    expect(report.bySurface).toEqual([
      { surface: 'rt-issue-panel', function: 'triage.get', calls: 2, points: 4, rejected: 0 },
      { surface: 'rt-issue-panel', function: 'triage.save', calls: 1, points: 1, rejected: 0 },
    ]);
    expect(report.quota).toMatchObject({ enforced: false, tier: 'global', pointsPerHour: 65_000, used: 5, left: 64_995 });
    limits.reset();
    expect(limits.report().total).toEqual({ calls: 0, points: 0, rejected: {} });
  });

  test('an exhausted quota refuses every app call with jira-quota-global-based until the top of the UTC hour', async () => {
    const { limits, call, advance } = limiter({ quota: { pointsPerHour: 3 } });
    expect((await call(get('/rest/api/3/issue/REQ-1'))).status).toBe(200);
    const near = await call(get('/rest/api/3/issue/REQ-1'));
    expect(near.headers).toMatchObject({
      'ratelimit-policy': '"global-app-quota";q=3;w=3600',
      ratelimit: '"global-app-quota";r=0;t=60',
      'x-ratelimit-nearlimit': 'true',
    });
    const refused = await call(get('/rest/api/3/field'));
    expect(refused).toMatchObject({
      status: 429,
      headers: {
        'ratelimit-reason': 'jira-quota-global-based',
        'retry-after': '60',
        'x-ratelimit-reset': '2026-03-02T11:00:00Z',
        'x-ratelimit-remaining': '0',
      },
    });
    // Calls with API tokens are not charged and not refused by the app's quota.
    expect((await limits.through(get('/rest/api/3/field'), { app: false }, async () => ok([]))).status).toBe(200);
    advance(60_000);
    expect((await call(get('/rest/api/3/field'), ok([]))).status).toBe(200);
    expect(limits.report().total.rejected).toEqual({ 'jira-quota-global-based': 1 });
  });

  test('a Tier 2 quota is refused as jira-quota-tenant-based', async () => {
    const { call } = limiter({ quota: { pointsPerHour: 1, tier: 'tenant' } });
    await call(get('/rest/api/3/field'), ok([]));
    expect((await call(get('/rest/api/3/field'))).headers).toMatchObject({ 'ratelimit-reason': 'jira-quota-tenant-based' });
  });

  test('a burst on one endpoint is refused with jira-burst-based while other endpoints go on, and the bucket refills', async () => {
    const { call, advance } = limiter({ burst: { requestsPerSecond: { GET: 2 } } });
    expect((await call(get('/rest/api/3/issue/REQ-1'))).status).toBe(200);
    expect((await call(get('/rest/api/3/issue/REQ-2'))).status).toBe(200);
    expect(await call(get('/rest/api/3/issue/REQ-3'))).toMatchObject({
      status: 429,
      headers: { 'ratelimit-reason': 'jira-burst-based', 'retry-after': '1', 'x-ratelimit-limit': '2' },
    });
    expect((await call(get('/rest/api/3/field'))).status).toBe(200);
    advance(500);
    expect((await call(get('/rest/api/3/issue/REQ-3'))).status).toBe(200);
  });

  test('writes to one issue beyond a window are refused with jira-per-issue-on-write; other issues and reads go on', async () => {
    const { call, advance } = limiter({
      perIssueWrites: {
        windows: [
          { writes: 2, seconds: 2 },
          { writes: 3, seconds: 30 },
        ],
      },
    });
    const edit = (key: string): EmulatorRequest => ({ method: 'PUT', path: `/rest/api/3/issue/${key}`, query: {}, body: {} });
    const bulk = (ids: number[]): EmulatorRequest => ({
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      query: {},
      body: { updates: [{ customField: 'customfield_1', issueIds: ids, value: 1 }] },
    });
    expect((await call(edit('10001'))).status).toBe(200);
    expect((await call(bulk([10001, 10002]))).status).toBe(200);
    expect(await call(edit('10001'))).toMatchObject({
      status: 429,
      headers: { 'ratelimit-reason': 'jira-per-issue-on-write', 'retry-after': '2' },
    });
    expect((await call(edit('10002'))).status).toBe(200);
    expect((await call(get('/rest/api/3/issue/10001'))).status).toBe(200);
    advance(2000);
    expect((await call(edit('10001'))).status).toBe(200);
    advance(2000);
    // Three writes in 30 s: the long window refuses until the first of them is 30 s old.
    expect(await call(edit('10001'))).toMatchObject({ status: 429, headers: { 'retry-after': '26' } });
  });

  test('the documented values are the defaults of an enforced limit', () => {
    const settings = parseRateLimitSettings({ quota: true, burst: true, perIssueWrites: true });
    expect(settings).toEqual({
      quota: { enforced: true, pointsPerHour: 65_000, tier: 'global' },
      burst: { enforced: true, requestsPerSecond: { GET: 100, POST: 100, PUT: 50, DELETE: 50 } },
      perIssueWrites: {
        enforced: true,
        windows: [
          { writes: 20, seconds: 2 },
          { writes: 100, seconds: 30 },
        ],
      },
    });
    expect(parseRateLimitSettings({}).quota.enforced).toBe(false);
  });

  test.each([
    [[], 'Send an object'],
    [{ quotas: true }, 'Unknown setting quotas'],
    [{ quota: { pointsPerHour: 0 } }, 'quota.pointsPerHour'],
    [{ quota: { tier: 'site' } }, 'quota.tier'],
    [{ burst: { requestsPerSecond: { PATCH: 3 } } }, 'burst.requestsPerSecond.PATCH'],
    [{ perIssueWrites: { windows: [] } }, 'perIssueWrites.windows'],
  ])('a bad setting %j is refused naming the field', (input, message) => {
    expect(() => parseRateLimitSettings(input)).toThrow(RateLimitSettingsError);
    expect(() => parseRateLimitSettings(input)).toThrow(message);
  });
});

describe('latency', () => {
  test('delays are seeded around the median, within the spread, and repeat for the same seed', () => {
    const draw = (seed: number) => {
      const latency = new JiraLatency();
      latency.configure({ medianMs: 250, spreadMs: 100, seed });
      return Array.from({ length: 200 }, () => latency.nextDelayMs());
    };
    const delays = draw(7);
    expect(draw(7)).toEqual(delays);
    expect(draw(8)).not.toEqual(delays);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...delays)).toBeLessThanOrEqual(350);
    const sorted = [...delays].sort((a, b) => a - b);
    expect(Math.abs(sorted[100]! - 250)).toBeLessThan(25);
  });

  test('no delay is drawn while the sandbox clock is fast-forwarded, and delays resume after', async () => {
    const latency = new JiraLatency();
    latency.configure({ medianMs: 1, seed: 2 });
    await latency.suspendedDuring(async () => {
      await latency.wait();
      await latency.wait();
    });
    expect(latency.report().delayedCalls).toBe(0);
    await latency.wait();
    expect(latency.report().delayedCalls).toBe(1);
  });

  test('off by default; a bad setting is refused naming the field', () => {
    expect(new JiraLatency().nextDelayMs()).toBe(0);
    expect(() => parseLatencySettings({ medianMs: -1 })).toThrow('medianMs');
    expect(() => parseLatencySettings({ medianMs: 10, spreadMs: 20 })).toThrow('spreadMs');
    expect(() => parseLatencySettings({ medianMs: 10, jitter: 1 })).toThrow('Unknown setting jitter');
  });
});
