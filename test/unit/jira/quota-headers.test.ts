import { pointsOfCall, readQuotaHeaders } from '../../../src/jira/client';
import { quotaWaitSeconds } from '../../../src/services/rescoring';

const headers = (values: Record<string, string>) => ({ get: (name: string) => values[name.toLowerCase()] ?? null });
const now = new Date('2026-12-03T19:40:00Z');

describe("Jira's hourly allowance from an answer's headers", () => {
  test('the policy gives the hour’s points; the points left only when Jira says them (under a fifth)', () => {
    expect(
      readQuotaHeaders(
        headers({ 'ratelimit-policy': '"global-app-quota";q=65000;w=3600', ratelimit: '"global-app-quota";t=1200' }),
        now,
      ),
    ).toEqual({ pointsPerHour: 65_000, remaining: null, resetsInSeconds: 1200, observedAt: now.toISOString() });
    expect(
      readQuotaHeaders(
        headers({
          'beta-ratelimit-policy': '"tenant-app-quota";q=150000;w=3600',
          'beta-ratelimit': '"tenant-app-quota";r=900;t=30',
        }),
        now,
      ),
    ).toMatchObject({ pointsPerHour: 150_000, remaining: 900, resetsInSeconds: 30 });
    expect(readQuotaHeaders(headers({ ratelimit: '"global-app-quota";r=5;t=30' }), now)).toBeNull();
  });

  test('a read costs a point plus one per object it returns, a write one point', () => {
    expect(pointsOfCall('POST', 'searchJql', { issues: [{}, {}, {}] })).toBe(4);
    expect(pointsOfCall('POST', 'countIssues', { count: 10_000 })).toBe(2);
    expect(pointsOfCall('GET', 'getFields', [{}, {}])).toBe(3);
    expect(pointsOfCall('POST', 'setAppFieldValues', '')).toBe(1);
    expect(pointsOfCall('GET', 'getIssue', '')).toBe(1);
  });

  test('a re-scoring job waits for the renewal only below a tenth of the hour, at most 900 s a time', () => {
    const reading = { pointsPerHour: 65_000, resetsInSeconds: 1_800, observedAt: now.toISOString() };
    expect(quotaWaitSeconds(null)).toBe(0);
    expect(quotaWaitSeconds({ ...reading, remaining: null })).toBe(0);
    expect(quotaWaitSeconds({ ...reading, remaining: 6_500 })).toBe(0);
    expect(quotaWaitSeconds({ ...reading, remaining: 6_499 })).toBe(900);
    expect(quotaWaitSeconds({ ...reading, remaining: 0, resetsInSeconds: 42 })).toBe(42);
    expect(quotaWaitSeconds({ ...reading, remaining: 0, resetsInSeconds: null })).toBe(900);
  });
});
