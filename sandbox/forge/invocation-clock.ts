/**
 * How long a Forge function may run, and the clock the sandbox measures it on.
 *
 * Forge stops a function at its limit (developer.atlassian.com/platform/forge/limits-invocation/):
 * 25 s for resolvers and product event triggers, 55 s for a function referenced only by consumer or
 * scheduledTrigger modules unless its `timeoutSeconds` (1-900) says otherwise. A stopped invocation
 * fails with a timeout and nothing after that point happens.
 *
 * The sandbox measures an invocation's time on a virtual clock: real time elapsed times
 * `timeScale` (1 = real time; 0 = real time does not count), plus `platformCallCostMs` for every
 * platform call it made (Jira REST, KVS, queue), a deterministic stand-in for network latency. So a
 * test sees a 55 s limit after 550 calls at 100 ms each, without waiting 55 s, and asserts counts.
 */

export const RESOLVER_LIMIT_MS = 25_000;
export const PRODUCT_TRIGGER_LIMIT_MS = 25_000;
export const ASYNC_DEFAULT_LIMIT_MS = 55_000;
export const ASYNC_MAX_LIMIT_MS = 900_000;

/** The invocation failed because it reached its limit (Forge's retry reason FUNCTION_TIME_OUT). */
export class FunctionTimeoutError extends Error {
  readonly code = 'FUNCTION_TIME_OUT';
  constructor(description: string, limitMs: number) {
    super(`${description} was stopped after ${limitMs / 1000} seconds, its time limit.`);
    this.name = 'FunctionTimeoutError';
  }
}

export const isFunctionTimeout = (error: unknown): boolean => (error as { code?: unknown } | null)?.code === 'FUNCTION_TIME_OUT';

interface ModuleRef {
  function?: string;
  resolver?: { function?: string };
}

interface FunctionDeclaration {
  key: string;
  timeoutSeconds?: unknown;
}

/**
 * The limit of one function of the manifest. Only a function that no module other than consumer and
 * scheduledTrigger references gets the async limit (and may raise it with timeoutSeconds); a function
 * shared with a resolver or a product trigger keeps 25 s.
 */
export function functionLimitMs(modules: Record<string, ModuleRef[] | undefined>, functionKey: string): number {
  const referencing = Object.entries(modules).filter(
    ([type, list]) =>
      type !== 'function' &&
      (list ?? []).some((module) => module.function === functionKey || module.resolver?.function === functionKey),
  );
  const asyncOnly = referencing.length > 0 && referencing.every(([type]) => type === 'consumer' || type === 'scheduledTrigger');
  if (!asyncOnly) return RESOLVER_LIMIT_MS;
  const declared = (modules.function as FunctionDeclaration[] | undefined)?.find((fn) => fn.key === functionKey)?.timeoutSeconds;
  if (typeof declared === 'number' && Number.isInteger(declared) && declared >= 1)
    return Math.min(declared * 1000, ASYNC_MAX_LIMIT_MS);
  return ASYNC_DEFAULT_LIMIT_MS;
}

export interface InvocationClockOptions {
  /** Multiplies real elapsed time; 1 (default) is real time, 0 counts platform calls only. */
  timeScale?: number;
  /** Function time each platform call costs (default 0). */
  platformCallCostMs?: number;
}

/** One platform call an invocation is about to make, as a test's kill switch sees it. */
export interface PlatformCall {
  kind: 'jira' | 'kvs' | 'queue';
  method: string;
  path: string;
  body: unknown;
  moduleKey: string;
}

/** The time of one invocation on the virtual clock. */
export class InvocationTimer {
  private readonly startedAt = Date.now();
  private calls = 0;
  ended = false;

  constructor(
    readonly limitMs: number,
    private readonly options: InvocationClockOptions,
  ) {}

  get platformCalls(): number {
    return this.calls;
  }

  countCall(): void {
    this.calls += 1;
  }

  elapsedMs(): number {
    return (Date.now() - this.startedAt) * (this.options.timeScale ?? 1) + this.calls * (this.options.platformCallCostMs ?? 0);
  }

  remainingMs(): number {
    return Math.max(0, this.limitMs - this.elapsedMs());
  }

  /** Real milliseconds until real time alone would reach the limit; undefined when real time does not count. */
  realMsToLimit(): number | undefined {
    const scale = this.options.timeScale ?? 1;
    return scale > 0 ? this.limitMs / scale : undefined;
  }
}
