import type { DurableStore } from './store/durable-store';

/**
 * The sandbox's clock: real time plus an offset that tests move forward (never back) with
 * POST /__sandbox/clock. The offset is stored, so a restart keeps the sandbox's date.
 */
export class SandboxClock {
  constructor(private readonly store: DurableStore) {}

  private get offsetMs(): number {
    return this.store.get<number>('sandbox-meta', 'clock-offset-ms') ?? 0;
  }

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  advance(durationMs: number): { from: Date; to: Date } {
    const from = this.now();
    this.store.commit([{ collection: 'sandbox-meta', id: 'clock-offset-ms', value: this.offsetMs + durationMs }]);
    return { from, to: this.now() };
  }
}

/** ISO 8601 durations such as P1D, PT36H, P2W, P1DT12H30M (no months or years: their length varies). */
export function parseDuration(text: string): number | undefined {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/.exec(text);
  if (!match || text === 'P' || text.endsWith('T')) return undefined;
  const [, weeks, days, hours, minutes, seconds] = match.map((part) => Number(part ?? 0));
  return ((((weeks! * 7 + days!) * 24 + hours!) * 60 + minutes!) * 60 + seconds!) * 1000;
}
