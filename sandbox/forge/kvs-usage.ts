/**
 * Counts the app's KVS and Custom Entity Store use as Forge meters it per installation: reads and
 * writes in 10 KB units ("Request sizes are rounded up to the nearest 10KB. Requests that are 10KB
 * or smaller are counted as 1 request", limits-kvs-ce), against limits of 4,000 of each a minute.
 * The documentation does not say which side of a read is measured; a read is counted by the larger
 * of what it sends and what it gets back (the safe side), a write by what it sends.
 * Counted only, never enforced: the figure an action costs, as the Jira points counter gives it.
 */

export const KVS_UNIT_BYTES = 10 * 1024;
/** Forge's per-installation limit of each kind, in units a minute. */
export const KVS_UNITS_PER_MINUTE = 4000;

const READ_PATHS = new Set([
  '/api/v1/get',
  '/api/v1/query',
  '/api/v1/secret/get',
  '/api/v1/entity/get',
  '/api/v1/entity/query',
  '/api/v1/batch/get',
]);

export interface KvsUsageReport {
  reads: { calls: number; units: number };
  writes: { calls: number; units: number };
}

const unitsOf = (bytes: number) => Math.max(1, Math.ceil(bytes / KVS_UNIT_BYTES));
const bytesOf = (body: unknown) => (body === undefined ? 0 : Buffer.byteLength(JSON.stringify(body)));

export class KvsUsage {
  private usage: KvsUsageReport = { reads: { calls: 0, units: 0 }, writes: { calls: 0, units: 0 } };

  /** One KVS call as the app made it: its endpoint, request and answer bodies. */
  record(path: string, request: unknown, answer: unknown): void {
    const read = READ_PATHS.has(path);
    const tally = read ? this.usage.reads : this.usage.writes;
    tally.calls += 1;
    tally.units += unitsOf(read ? Math.max(bytesOf(request), bytesOf(answer)) : bytesOf(request));
  }

  report(): KvsUsageReport {
    return { reads: { ...this.usage.reads }, writes: { ...this.usage.writes } };
  }

  reset(): void {
    this.usage = { reads: { calls: 0, units: 0 }, writes: { calls: 0, units: 0 } };
  }
}
