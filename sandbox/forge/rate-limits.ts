import { isPlainObject } from '../../src/domain/checks';
import type { EmulatorRequest, EmulatorResponse } from '../jira/http';

/**
 * Jira Cloud's rate limits since March 2026, as https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
 * documents them: every app call costs points (1 base point, plus 1 per core object or 2 per identity
 * object a read returns; a write costs 1), charged to an hourly quota that resets at the top of each
 * UTC hour (Tier 1: one pool of 65,000 points for the app across all sites); a token bucket per
 * endpoint and HTTP method (GET and POST 100 requests per second, PUT and DELETE 50, a few endpoints
 * their own); and at most 20 writes per 2 s and 100 per 30 s to one issue. Each refusal is a 429
 * with Retry-After and the limit's own RateLimit-Reason.
 *
 * Points are always counted (GET /__sandbox/points); the three limits are enforced only when
 * configured (POST /__sandbox/rate-limits or SANDBOX_RATE_LIMITS), so tests keep their speed.
 */

export type RateLimitReason =
  'jira-quota-global-based' | 'jira-quota-tenant-based' | 'jira-burst-based' | 'jira-per-issue-on-write';

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface RateLimitSettings {
  /** The hourly points quota. Tier 1 (`global`) is one pool for the app; Tier 2 (`tenant`) one per site. */
  quota: { enforced: boolean; pointsPerHour: number; tier: 'global' | 'tenant' };
  /** Steady-state requests per second per endpoint and method; the bucket holds one second's worth. */
  burst: { enforced: boolean; requestsPerSecond: Record<Method, number> };
  /** Each window allows at most `writes` writes to one issue in any `seconds`. */
  perIssueWrites: { enforced: boolean; windows: { writes: number; seconds: number }[] };
}

/** Documented defaults; the Tier 2 figures depend on the site's edition and users, so Tier 1 is the default. */
export const TIER_1_POINTS_PER_HOUR = 65_000;
const DEFAULT_REQUESTS_PER_SECOND: Record<Method, number> = { GET: 100, POST: 100, PUT: 50, DELETE: 50 };
const DEFAULT_ISSUE_WRITE_WINDOWS = [
  { writes: 20, seconds: 2 },
  { writes: 100, seconds: 30 },
];
/** Endpoints the app calls that the page lists with their own steady-state rate. */
const ENDPOINT_REQUESTS_PER_SECOND: Record<string, number> = {
  'GET /rest/api/3/issue/{id}': 150,
  'GET /rest/api/3/user': 150,
  'GET /rest/api/3/project/{id}/role/{id}': 200,
  'POST /rest/api/3/search/approximate-count': 150,
};
/** "X-RateLimit-NearLimit: true when less than 20% of capacity remains." */
const NEAR_LIMIT_SHARE = 0.2;

export class RateLimitSettingsError extends Error {}

export function defaultRateLimitSettings(): RateLimitSettings {
  return {
    quota: { enforced: false, pointsPerHour: TIER_1_POINTS_PER_HOUR, tier: 'global' },
    burst: { enforced: false, requestsPerSecond: { ...DEFAULT_REQUESTS_PER_SECOND } },
    perIssueWrites: { enforced: false, windows: DEFAULT_ISSUE_WRITE_WINDOWS.map((window) => ({ ...window })) },
  };
}

const isPositiveInteger = (value: unknown): value is number => Number.isSafeInteger(value) && (value as number) > 0;

/**
 * `{}` counts only. `{"quota": true, "burst": true, "perIssueWrites": true}` enforces all three with
 * the documented values; each may instead be an object overriding them, e.g.
 * `{"quota": {"pointsPerHour": 500}}`, `{"burst": {"requestsPerSecond": {"GET": 5}}}`,
 * `{"perIssueWrites": {"windows": [{"writes": 1, "seconds": 2}]}}`; `false` or omitted is off.
 */
export function parseRateLimitSettings(input: unknown): RateLimitSettings {
  if (!isPlainObject(input))
    throw new RateLimitSettingsError(
      'Send an object such as {"quota":true,"burst":true,"perIssueWrites":true}; {} counts points without enforcing any limit.',
    );
  const unknown = Object.keys(input).filter((key) => !['quota', 'burst', 'perIssueWrites'].includes(key));
  if (unknown.length > 0)
    throw new RateLimitSettingsError(`Unknown setting ${unknown.join(', ')}: use quota, burst and perIssueWrites.`);
  const settings = defaultRateLimitSettings();
  const section = (name: string, value: unknown): Record<string, unknown> | undefined => {
    if (value === undefined || value === false) return undefined;
    if (value === true) return {};
    if (!isPlainObject(value)) throw new RateLimitSettingsError(`${name} must be true, false or an object.`);
    return value;
  };
  const quota = section('quota', input.quota);
  if (quota) {
    settings.quota.enforced = true;
    if (quota.pointsPerHour !== undefined) {
      if (!isPositiveInteger(quota.pointsPerHour))
        throw new RateLimitSettingsError('quota.pointsPerHour must be a whole number of points, 1 or more.');
      settings.quota.pointsPerHour = quota.pointsPerHour;
    }
    if (quota.tier !== undefined) {
      if (quota.tier !== 'global' && quota.tier !== 'tenant')
        throw new RateLimitSettingsError('quota.tier must be "global" (Tier 1) or "tenant" (Tier 2).');
      settings.quota.tier = quota.tier;
    }
  }
  const burst = section('burst', input.burst);
  if (burst) {
    settings.burst.enforced = true;
    if (burst.requestsPerSecond !== undefined) {
      if (!isPlainObject(burst.requestsPerSecond))
        throw new RateLimitSettingsError('burst.requestsPerSecond must be an object such as {"GET": 100, "PUT": 50}.');
      for (const [method, rate] of Object.entries(burst.requestsPerSecond)) {
        if (!(method in DEFAULT_REQUESTS_PER_SECOND))
          throw new RateLimitSettingsError(`burst.requestsPerSecond.${method}: use GET, POST, PUT or DELETE.`);
        if (!isPositiveInteger(rate))
          throw new RateLimitSettingsError(`burst.requestsPerSecond.${method} must be a whole number of requests, 1 or more.`);
        settings.burst.requestsPerSecond[method as Method] = rate;
      }
    }
  }
  const perIssue = section('perIssueWrites', input.perIssueWrites);
  if (perIssue) {
    settings.perIssueWrites.enforced = true;
    if (perIssue.windows !== undefined) {
      const windows = perIssue.windows;
      if (
        !Array.isArray(windows) ||
        windows.length === 0 ||
        !windows.every((window) => isPlainObject(window) && isPositiveInteger(window.writes) && isPositiveInteger(window.seconds))
      ) {
        throw new RateLimitSettingsError(
          'perIssueWrites.windows must be a non-empty list of {"writes": n, "seconds": s} with whole numbers of 1 or more.',
        );
      }
      settings.perIssueWrites.windows = windows.map((window) => ({
        writes: window.writes as number,
        seconds: window.seconds as number,
      }));
    }
  }
  return settings;
}

// ---- the cost model ---------------------------------------------------------------------------

/** Reads the app makes with POST: they return objects like a GET and are charged like one. */
const READS_BY_POST = [
  /\/search\/jql$/,
  /\/issue\/bulkfetch$/,
  /\/search\/approximate-count$/,
  /\/permissions\/check$/,
  /\/issue\/[^/]+\/changelog\/list$/,
  /\/workflows$/,
];
/** "Identity & access: Users, Groups, Project Roles, Permissions" cost 2 points per object. */
const IDENTITY_PATHS = [
  /\/myself$/,
  /\/user(\/|$)/,
  /\/users(\/|$)/,
  /\/group(\/|$)/,
  /\/groups(\/|$)/,
  /\/mypermissions$/,
  /\/permissions\/check$/,
  /\/project\/[^/]+\/role(\/|$)/,
];
const LIST_PROPERTIES = [
  'issues',
  'values',
  'groups',
  'users',
  'histories',
  'transitions',
  'comments',
  'workflows',
  'issueLinkTypes',
];

export const isReadRequest = (request: Pick<EmulatorRequest, 'method' | 'path'>): boolean =>
  request.method === 'GET' || (request.method === 'POST' && READS_BY_POST.some((pattern) => pattern.test(request.path)));

/**
 * The objects a read returned: the items of a list answer, else one object. The page counts only
 * what a call returns at the top level (an issue is 1, a group's page of 8 members is 8 users).
 */
export function objectsReturned(body: unknown): number {
  if (body === undefined || body === null || body === '') return 0;
  if (Array.isArray(body)) return body.length;
  if (!isPlainObject(body)) return 1;
  const lists = LIST_PROPERTIES.filter((name) => Array.isArray(body[name]));
  if (lists.length > 0) return lists.reduce((sum, name) => sum + (body[name] as unknown[]).length, 0);
  // permissions/check and mypermissions answer permissions, not a list property of their own.
  if (Array.isArray(body.projectPermissions) || Array.isArray(body.globalPermissions))
    return (
      ((body.projectPermissions as unknown[] | undefined)?.length ?? 0) +
      ((body.globalPermissions as unknown[] | undefined)?.length ?? 0)
    );
  if (isPlainObject(body.permissions)) return Object.keys(body.permissions).length;
  return 1;
}

/** Points one answered call costs: writes 1; reads 1 plus 1 per core object or 2 per identity object (only a successful read returns objects). */
export function pointsFor(
  request: Pick<EmulatorRequest, 'method' | 'path'>,
  response: Pick<EmulatorResponse, 'status' | 'body'>,
): number {
  if (!isReadRequest(request)) return 1;
  if (response.status < 200 || response.status >= 300) return 1;
  const perObject = IDENTITY_PATHS.some((pattern) => pattern.test(request.path)) ? 2 : 1;
  return 1 + perObject * objectsReturned(response.body);
}

/** The burst bucket a request draws from: its method and path with ids and keys replaced, as Jira keys endpoints. */
export function endpointOf(request: Pick<EmulatorRequest, 'method' | 'path'>): string {
  const segments = request.path.split('/').map((segment, index, all) => {
    const isVersion = index > 0 && all[index - 1] === 'api' && /^\d+$/.test(segment);
    return !isVersion && (/\d/.test(segment) || /^[A-Z][A-Z0-9_]+$/.test(segment)) ? '{id}' : segment;
  });
  return `${request.method} ${segments.join('/')}`;
}

/** The issues (by id or key as the request names them) a write changes, for the per-issue limit; none for a read or a create. */
export function issuesWritten(request: EmulatorRequest): string[] {
  if (isReadRequest(request)) return [];
  const onIssue = /\/rest\/api\/3\/issue\/([^/]+)(\/|$)/.exec(request.path);
  if (onIssue) return [decodeURIComponent(onIssue[1]!)];
  const body = isPlainObject(request.body) ? request.body : {};
  if (/\/app\/field(\/[^/]+)?\/value$/.test(request.path) && Array.isArray(body.updates)) {
    return body.updates.flatMap((update) =>
      isPlainObject(update) && Array.isArray(update.issueIds) ? update.issueIds.map(String) : [],
    );
  }
  if (/\/issueLink$/.test(request.path)) {
    return [body.inwardIssue, body.outwardIssue].flatMap((issue) =>
      isPlainObject(issue) ? [String(issue.id ?? issue.key)] : [],
    );
  }
  return [];
}

// ---- the limits --------------------------------------------------------------------------------

/** Who a call's points are charged to: the Forge module (surface or job) and the function or resolver it ran. */
export interface CallAttribution {
  surface: string;
  function: string;
}

interface LedgerEntry extends CallAttribution {
  calls: number;
  points: number;
  rejected: number;
}

export interface PointsReport {
  quota: {
    tier: 'global' | 'tenant';
    enforced: boolean;
    pointsPerHour: number;
    hourStartedAt: string;
    resetsAt: string;
    used: number;
    left: number;
  };
  total: { calls: number; points: number; rejected: Partial<Record<RateLimitReason, number>> };
  /** Per module and function, most points first. */
  bySurface: LedgerEntry[];
  settings: RateLimitSettings;
}

export interface RateLimitsOptions {
  /** The sandbox clock: the hourly quota resets at the top of each of its UTC hours. */
  clock: () => Date;
  /** Monotonic milliseconds for the per-second and per-issue windows. */
  monotonicMs?: () => number;
  /** An issue's id from its key or id, so writes by key and by id count for the same issue. */
  issueIdOf?: (keyOrId: string) => string | undefined;
}

const HOUR_MS = 3_600_000;

export class JiraRateLimits {
  private settings = defaultRateLimitSettings();
  private readonly ledger = new Map<string, LedgerEntry>();
  private rejectedByReason: Partial<Record<RateLimitReason, number>> = {};
  private hourStart = 0;
  private usedThisHour = 0;
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly issueWrites = new Map<string, number[]>();
  private readonly monotonicMs: () => number;

  constructor(private readonly options: RateLimitsOptions) {
    this.monotonicMs = options.monotonicMs ?? (() => performance.now());
    this.hourStart = this.currentHourStart();
  }

  /** Replaces the setting (omitted limits are off) and starts counting afresh. Throws RateLimitSettingsError. */
  configure(input: unknown): PointsReport {
    this.settings = parseRateLimitSettings(input);
    this.reset();
    return this.report();
  }

  /** Forgets what was spent, the hour's usage and the windows; the setting stays. */
  reset(): void {
    this.ledger.clear();
    this.rejectedByReason = {};
    this.hourStart = this.currentHourStart();
    this.usedThisHour = 0;
    this.buckets.clear();
    this.issueWrites.clear();
  }

  report(): PointsReport {
    this.rollHour();
    const entries = [...this.ledger.values()]
      .map((entry) => ({ ...entry }))
      .sort((a, b) => b.points - a.points || a.surface.localeCompare(b.surface) || a.function.localeCompare(b.function));
    const { pointsPerHour, tier, enforced } = this.settings.quota;
    return {
      quota: {
        tier,
        enforced,
        pointsPerHour,
        hourStartedAt: new Date(this.hourStart).toISOString(),
        resetsAt: new Date(this.hourStart + HOUR_MS).toISOString(),
        used: this.usedThisHour,
        left: Math.max(0, pointsPerHour - this.usedThisHour),
      },
      total: {
        calls: entries.reduce((sum, entry) => sum + entry.calls, 0),
        points: entries.reduce((sum, entry) => sum + entry.points, 0),
        rejected: { ...this.rejectedByReason },
      },
      bySurface: entries,
      settings: structuredClone(this.settings),
    };
  }

  /**
   * Passes one call through the limits: a refusal answers instead of Jira (nothing executed, nothing
   * charged); otherwise the call runs and an app call is charged its points. Calls with API tokens
   * (`app: false`) pay no points ("API token-based traffic is not affected") but meet the burst and
   * per-issue limits.
   */
  async through(
    request: EmulatorRequest,
    caller: { app: boolean; attribution?: CallAttribution },
    execute: () => Promise<EmulatorResponse>,
  ): Promise<EmulatorResponse> {
    const refusal = this.refusal(request, caller.app);
    const entry = caller.app ? this.entryFor(caller.attribution ?? { surface: 'none', function: 'none' }) : undefined;
    if (refusal) {
      if (entry) entry.rejected += 1;
      return refusal;
    }
    const response = await execute();
    if (!entry) return response;
    const points = pointsFor(request, response);
    entry.calls += 1;
    entry.points += points;
    this.usedThisHour += points;
    return { ...response, headers: { ...response.headers, ...this.quotaHeaders() } };
  }

  private entryFor(attribution: CallAttribution): LedgerEntry {
    const key = `${attribution.surface}\u0000${attribution.function}`;
    let entry = this.ledger.get(key);
    if (!entry) {
      entry = { ...attribution, calls: 0, points: 0, rejected: 0 };
      this.ledger.set(key, entry);
    }
    return entry;
  }

  private currentHourStart(): number {
    const now = this.options.clock().getTime();
    return now - (now % HOUR_MS);
  }

  private rollHour(): void {
    const start = this.currentHourStart();
    if (start !== this.hourStart) {
      this.hourStart = start;
      this.usedThisHour = 0;
    }
  }

  private policyName(): string {
    return this.settings.quota.tier === 'global' ? 'global-app-quota' : 'tenant-app-quota';
  }

  /** The structured headers the page shows (without the Beta- prefix, as at enforcement); `r` only near the limit. */
  private quotaHeaders(): Record<string, string> {
    const { pointsPerHour } = this.settings.quota;
    const secondsLeft = Math.max(0, Math.ceil((this.hourStart + HOUR_MS - this.options.clock().getTime()) / 1000));
    const remaining = Math.max(0, pointsPerHour - this.usedThisHour);
    const near = remaining < pointsPerHour * NEAR_LIMIT_SHARE;
    return {
      'ratelimit-policy': `"${this.policyName()}";q=${pointsPerHour};w=3600`,
      ratelimit: `"${this.policyName()}";${near ? `r=${remaining};` : ''}t=${secondsLeft}`,
      ...(near ? { 'x-ratelimit-nearlimit': 'true' } : {}),
    };
  }

  private refusal(request: EmulatorRequest, app: boolean): EmulatorResponse | undefined {
    this.rollHour();
    const now = this.monotonicMs();
    const { quota, burst, perIssueWrites } = this.settings;
    if (app && quota.enforced && this.usedThisHour >= quota.pointsPerHour) {
      const resetsAt = this.hourStart + HOUR_MS;
      const seconds = Math.max(1, Math.ceil((resetsAt - this.options.clock().getTime()) / 1000));
      return this.refuse(
        quota.tier === 'global' ? 'jira-quota-global-based' : 'jira-quota-tenant-based',
        seconds,
        quota.pointsPerHour,
        new Date(resetsAt),
      );
    }
    let bucket: { tokens: number; at: number } | undefined;
    if (burst.enforced) {
      const endpoint = endpointOf(request);
      const method = (request.method in DEFAULT_REQUESTS_PER_SECOND ? request.method : 'GET') as Method;
      // An endpoint the page lists with its own rate keeps it, unless the setting changed its method's rate.
      const rate =
        burst.requestsPerSecond[method] !== DEFAULT_REQUESTS_PER_SECOND[method]
          ? burst.requestsPerSecond[method]
          : (ENDPOINT_REQUESTS_PER_SECOND[endpoint] ?? burst.requestsPerSecond[method]);
      bucket = this.buckets.get(endpoint) ?? { tokens: rate, at: now };
      bucket.tokens = Math.min(rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
      bucket.at = now;
      this.buckets.set(endpoint, bucket);
      if (bucket.tokens < 1) {
        const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / rate));
        return this.refuse('jira-burst-based', seconds, rate, new Date(this.options.clock().getTime() + seconds * 1000));
      }
    }
    const issues = perIssueWrites.enforced
      ? [...new Set(issuesWritten(request).map((issue) => this.options.issueIdOf?.(issue) ?? issue))]
      : [];
    const longest = Math.max(0, ...perIssueWrites.windows.map((window) => window.seconds)) * 1000;
    for (const issue of issues) {
      const recent = (this.issueWrites.get(issue) ?? []).filter((at) => now - at < longest);
      this.issueWrites.set(issue, recent);
      for (const window of perIssueWrites.windows) {
        const inWindow = recent.filter((at) => now - at < window.seconds * 1000);
        if (inWindow.length >= window.writes) {
          const freedAt = inWindow[inWindow.length - window.writes]! + window.seconds * 1000;
          const seconds = Math.max(1, Math.ceil((freedAt - now) / 1000));
          return this.refuse(
            'jira-per-issue-on-write',
            seconds,
            window.writes,
            new Date(this.options.clock().getTime() + seconds * 1000),
          );
        }
      }
    }
    // Admitted: only now does the call take its token and count as a write to its issues.
    if (bucket) bucket.tokens -= 1;
    for (const issue of issues) this.issueWrites.get(issue)!.push(now);
    return undefined;
  }

  private refuse(reason: RateLimitReason, retryAfterSeconds: number, limit: number, resetsAt: Date): EmulatorResponse {
    this.rejectedByReason[reason] = (this.rejectedByReason[reason] ?? 0) + 1;
    return {
      status: 429,
      headers: {
        'retry-after': String(retryAfterSeconds),
        'ratelimit-reason': reason,
        'x-ratelimit-limit': String(limit),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': resetsAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
      body: { errorMessages: ['Rate limit exceeded.'], errors: {} },
    };
  }
}
