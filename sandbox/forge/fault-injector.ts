import { seededRandom } from '../seeded-random';
import type { EmulatorResponse } from '../jira/http';

/**
 * Makes a share of the app's Jira REST calls fail the way Jira Cloud fails under load (429 with
 * Retry-After, 503), without executing them, so the app's back-off can be exercised locally.
 * Decisions come from a seeded generator: the same seed and the same sequence of calls give the
 * same faults. Only calls arriving through `__forge_fetch__` are affected (see ForgeRuntime).
 */

export interface FaultSettings {
  /** Share of calls answered with a fault, from 0 (off) to 1. */
  rate: number;
  /** Statuses to answer with, picked at random (seeded) per injected fault. */
  statuses: number[];
  /** Sent as Retry-After on 429 and 503. Real Jira sends whole seconds; fractions keep tests fast. */
  retryAfterSeconds: number;
  seed: number;
}

export interface FaultReport extends FaultSettings {
  /** Calls answered with a fault since the setting was last changed. */
  injected: number;
  /** Calls passed on to the emulator since the setting was last changed. */
  passed: number;
}

export class FaultSettingsError extends Error {}

const DEFAULT_STATUSES = [429, 503];
const DEFAULT_RETRY_AFTER_SECONDS = 1;
const STATUSES_WITH_RETRY_AFTER = new Set([429, 503]);

const MESSAGES: Record<number, string> = {
  429: 'Rate limit exceeded.',
  500: 'Internal server error.',
  502: 'Bad gateway.',
  503: 'Service unavailable. Please try again later.',
  504: 'Gateway timeout.',
};

export class FaultInjector {
  private settings: FaultSettings = { rate: 0, statuses: DEFAULT_STATUSES, retryAfterSeconds: DEFAULT_RETRY_AFTER_SECONDS, seed: 0 };
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
  nextFault(): EmulatorResponse | undefined {
    const { rate, statuses, retryAfterSeconds } = this.settings;
    if (rate <= 0 || this.random() >= rate) {
      this.passed += 1;
      return undefined;
    }
    this.injected += 1;
    const status = statuses[Math.floor(this.random() * statuses.length)] ?? 503;
    const headers: Record<string, string> = STATUSES_WITH_RETRY_AFTER.has(status) ? { 'retry-after': String(retryAfterSeconds) } : {};
    return { status, headers, body: { errorMessages: [MESSAGES[status] ?? `HTTP ${status} (injected by the sandbox).`], errors: {} } };
  }
}

function parseSettings(input: unknown): FaultSettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw new FaultSettingsError('Send an object such as {"rate":0.3,"statuses":[429,503],"retryAfterSeconds":1,"seed":42}.');
  const { rate, statuses, retryAfterSeconds, seed } = input as Record<string, unknown>;
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new FaultSettingsError('rate must be a number from 0 to 1.');
  if (statuses !== undefined && (!Array.isArray(statuses) || statuses.length === 0 || !statuses.every((status) => Number.isInteger(status) && status >= 400 && status <= 599))) {
    throw new FaultSettingsError('statuses must be a non-empty array of HTTP error statuses (400-599).');
  }
  if (retryAfterSeconds !== undefined && (typeof retryAfterSeconds !== 'number' || !Number.isFinite(retryAfterSeconds) || retryAfterSeconds < 0)) {
    throw new FaultSettingsError('retryAfterSeconds must be a number of seconds, 0 or more.');
  }
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new FaultSettingsError('seed must be an integer.');
  return {
    rate,
    statuses: (statuses as number[] | undefined) ?? DEFAULT_STATUSES,
    retryAfterSeconds: (retryAfterSeconds as number | undefined) ?? DEFAULT_RETRY_AFTER_SECONDS,
    // Without a seed every setting still gets one, reported back so a run can be repeated.
    seed: (seed as number | undefined) ?? Math.floor(Math.random() * 2 ** 31),
  };
}

