import { seededRandom } from '../seeded-random';
import type { EmulatorResponse } from '../jira/http';

/**
 * Makes a share of the app's Jira REST calls fail the way Jira Cloud fails under load (429 with
 * Retry-After, 500, 503), without executing them, so the app's back-off can be exercised locally.
 * Two network faults exist besides statuses: `dropped` (the connection is reset before Jira gets the
 * request) and `timeout` (Jira executes the request but its answer never arrives; the caller's
 * fetch fails after `timeoutSeconds`), the case where a retry repeats work that was done.
 * Decisions come from a seeded generator: the same seed and the same sequence of calls give the
 * same faults. Only calls arriving through `__forge_fetch__` are affected (see ForgeRuntime).
 */

export type NetworkFault = 'timeout' | 'dropped';
const NETWORK_FAULTS: readonly NetworkFault[] = ['timeout', 'dropped'];

export interface FaultSettings {
  /** Share of calls answered with a fault, from 0 (off) to 1. */
  rate: number;
  /** Statuses (or network faults) to answer with, picked at random (seeded) per injected fault. */
  statuses: (number | NetworkFault)[];
  /** Sent as Retry-After on 429 and 503. Real Jira sends whole seconds; fractions keep tests fast. */
  retryAfterSeconds: number;
  /** How long a `timeout` keeps the caller waiting before its fetch fails. */
  timeoutSeconds: number;
  seed: number;
}

/** An injected answer, or with `network` set, a fetch that fails (after `delayMs`) instead of answering. */
export interface InjectedFault extends EmulatorResponse {
  network?: NetworkFault;
  delayMs?: number;
}

export interface FaultReport extends FaultSettings {
  /** Calls answered with a fault since the setting was last changed. */
  injected: number;
  /** Calls passed on to the emulator since the setting was last changed. */
  passed: number;
}

export class FaultSettingsError extends Error {}

const DEFAULT_STATUSES: FaultSettings['statuses'] = [429, 503];
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const DEFAULT_TIMEOUT_SECONDS = 1;
const STATUSES_WITH_RETRY_AFTER = new Set([429, 503]);

const MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable. Please try again later.',
  504: 'Gateway timeout.',
};

export class FaultInjector {
  private settings: FaultSettings = {
    rate: 0,
    statuses: DEFAULT_STATUSES,
    retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS,
    timeoutSeconds: DEFAULT_TIMEOUT_SECONDS,
    seed: 0,
  };
  private random: () => number = seededRandom(0);
  private injected = 0;
  private passed = 0;

  /**
   * Replaces the setting (omitted fields take their defaults, not the previous values) and resets
   * the counters and the generator. Throws FaultSettingsError for an invalid setting.
   */
  configure(input: unknown): FaultReport {
    this.settings = parseSettings(input);
    this.random = seededRandom(this.settings.seed);
    this.injected = 0;
    this.passed = 0;
    return this.report();
  }

  report(): FaultReport {
    return { ...this.settings, statuses: [...this.settings.statuses], injected: this.injected, passed: this.passed };
  }

  /** The fault to answer one call with, or undefined to let it through. */
  nextFault(): InjectedFault | undefined {
    const { rate, statuses, retryAfterSeconds, timeoutSeconds } = this.settings;
    if (rate <= 0 || this.random() >= rate) {
      this.passed += 1;
      return undefined;
    }
    this.injected += 1;
    const status = statuses[Math.floor(this.random() * statuses.length)] ?? 503;
    if (typeof status === 'string')
      return {
        status: 0,
        headers: {},
        body: undefined,
        network: status,
        delayMs: status === 'timeout' ? timeoutSeconds * 1000 : 0,
      };
    const headers: Record<string, string> = STATUSES_WITH_RETRY_AFTER.has(status)
      ? { 'retry-after': String(retryAfterSeconds) }
      : {};
    return {
      status,
      headers,
      body: { errorMessages: [MESSAGES[status] ?? `HTTP ${status} (injected by the sandbox).`], errors: {} },
    };
  }
}

function parseSettings(input: unknown): FaultSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new FaultSettingsError('Send an object such as {"rate":0.3,"statuses":[429,503],"retryAfterSeconds":1,"seed":42}.');
  const { rate, statuses, retryAfterSeconds, timeoutSeconds, seed } = input as Record<string, unknown>;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new FaultSettingsError('rate must be a number from 0 to 1.');
  const isFault = (status: unknown) =>
    (Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599) ||
    NETWORK_FAULTS.includes(status as NetworkFault);
  if (statuses !== undefined && (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every(isFault))) {
    throw new FaultSettingsError('statuses must be a non-empty array of HTTP error statuses (400-599), "timeout" or "dropped".');
  }
  if (
    timeoutSeconds !== undefined &&
    (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 0)
  ) {
    throw new FaultSettingsError('timeoutSeconds must be a number of seconds, 0 or more.');
  }
  if (
    retryAfterSeconds !== undefined &&
    (typeof retryAfterSeconds !== 'number' || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0)
  ) {
    throw new FaultSettingsError('retryAfterSeconds must be a number of seconds, 0 or more.');
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new FaultSettingsError('seed must be an integer.');
  return {
    rate,
    statuses: (statuses as FaultSettings['statuses'] | undefined) ?? DEFAULT_STATUSES,
    retryAfterSeconds: (retryAfterSeconds as number | undefined) ?? DEFAULT_RETRY_AFTER_SECONDS,
    timeoutSeconds: (timeoutSeconds as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS,
    // Without a seed every setting still gets one, reported back so a run can be repeated.
    seed: (seed as number | undefined) ?? Math.floor(Math.random() * 2 ** 31),
  };
}
