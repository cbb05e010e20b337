import { seededRandom } from '../seeded-random';

/**
 * How long the app waits for each of its Jira calls. The emulator answers in about a millisecond;
 * Jira Cloud takes hundreds, which is where races between a save and the next read show up.
 * Each delay is drawn uniformly from medianMs ± spreadMs (so medianMs is the median) from a seeded
 * generator: the same seed and the same sequence of calls give the same delays. Off (0) by default.
 * Only Jira calls are delayed, not KVS or queue pushes, and not while the sandbox clock is being
 * fast-forwarded (POST /__sandbox/clock).
 */

export interface LatencySettings {
  medianMs: number;
  spreadMs: number;
  seed: number;
}

export class LatencySettingsError extends Error {}

export function parseLatencySettings(input: unknown): LatencySettings {
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    throw new LatencySettingsError(
      'Send an object such as {"medianMs":250,"spreadMs":100,"seed":1}; {"medianMs":0} turns latency off.',
    );
  const { medianMs, spreadMs, seed, ...rest } = input as Record<string, unknown>;
  const unknown = Object.keys(rest);
  if (unknown.length > 0)
    throw new LatencySettingsError(`Unknown setting ${unknown.join(', ')}: use medianMs, spreadMs and seed.`);
  const isMs = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 60_000;
  if (!isMs(medianMs)) throw new LatencySettingsError('medianMs must be a number of milliseconds from 0 to 60000.');
  if (spreadMs !== undefined && !isMs(spreadMs))
    throw new LatencySettingsError('spreadMs must be a number of milliseconds from 0 to 60000.');
  if (((spreadMs as number | undefined) ?? 0) > (medianMs as number))
    throw new LatencySettingsError('spreadMs must not be larger than medianMs: a call cannot answer before it is sent.');
  if (seed !== undefined && !Number.isSafeInteger(seed)) throw new LatencySettingsError('seed must be an integer.');
  return {
    medianMs: medianMs as number,
    spreadMs: (spreadMs as number | undefined) ?? 0,
    seed: (seed as number | undefined) ?? 1,
  };
}

export class JiraLatency {
  private settings: LatencySettings = { medianMs: 0, spreadMs: 0, seed: 1 };
  private random = seededRandom(1);
  private delayedCalls = 0;
  private totalDelayMs = 0;
  private suspended = 0;

  /** Replaces the setting and restarts the generator and the counters. Throws LatencySettingsError. */
  configure(input: unknown): LatencySettings & { delayedCalls: number; totalDelayMs: number } {
    this.settings = parseLatencySettings(input);
    this.random = seededRandom(this.settings.seed);
    this.delayedCalls = 0;
    this.totalDelayMs = 0;
    return this.report();
  }

  report(): LatencySettings & { delayedCalls: number; totalDelayMs: number } {
    return { ...this.settings, delayedCalls: this.delayedCalls, totalDelayMs: Math.round(this.totalDelayMs) };
  }

  /** The next call's delay in milliseconds (0 when off). */
  nextDelayMs(): number {
    const { medianMs, spreadMs } = this.settings;
    if (medianMs <= 0) return 0;
    const delay = medianMs + (this.random() * 2 - 1) * spreadMs;
    this.delayedCalls += 1;
    this.totalDelayMs += delay;
    return delay;
  }

  /**
   * Runs work without delays: fast-forwarding the sandbox clock runs a month of hourly work at once,
   * where on Jira those runs are an hour apart and their latency would only stretch the jump.
   */
  async suspendedDuring<T>(work: () => Promise<T>): Promise<T> {
    this.suspended += 1;
    try {
      return await work();
    } finally {
      this.suspended -= 1;
    }
  }

  /** Waits the next call's delay. */
  async wait(): Promise<void> {
    if (this.suspended > 0) return;
    const delay = this.nextDelayMs();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
