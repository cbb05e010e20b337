import fc from 'fast-check';
import type { Role } from '../../sandbox/jira/model';
import type { DurableStore } from '../../sandbox/store/durable-store';
import { currentState, invokeAs, persistedState, validCallFor } from './resolver-calls';

/**
 * Property-based fuzzing of one resolver through the sandbox: payloads of every wrong shape, and the
 * resolver's valid payload with one field changed, removed or added. Every rejection must be a
 * 4xx-style error without internals, and must leave the persisted state exactly as it was.
 */

const REJECTION_KINDS = new Set(['validation', 'forbidden', 'not-found', 'conflict']);
const POLLUTION_KEYS = ['__proto__', 'constructor', 'prototype'];

const hugeString = fc
  .integer({ min: 10_000, max: 300_000 })
  .chain((length) => fc.constantFrom('x', '需', '😀', '\u0000').map((unit) => unit.repeat(length)));

export const nastyString: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  fc.constantFrom(
    '',
    ' ',
    '需求优先级评估',
    '👩‍💻🔥✅',
    '\u202Eevil\u202C',
    'مرحبا بالعالم',
    'a\u0000b',
    '\uD800',
    '<img src=x onerror=alert(1)>',
    'REQ" OR project = "SECRET',
    '../../etc/passwd',
    '__proto__',
    'REQ',
    'REQ-1',
    'NaN',
  ),
  hugeString,
);

export const nastyNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(-1, 0, -0, 0.5, -0.5, 1.0000001, 2 ** 53 + 2, -(2 ** 31), 1e308, Number.MIN_VALUE),
);

const nastyKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...POLLUTION_KEYS),
  fc.string({ maxLength: 12 }),
  nastyString.filter((key) => key.length < 64),
);

/** Builds an object whose keys are own properties, `__proto__` included (as JSON.parse does). */
const objectFrom = (entries: [string, unknown][]): Record<string, unknown> => Object.fromEntries(entries);

export const nastyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    nastyString,
    nastyNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.array(fc.tuple(nastyKey, tie('value')), { maxLength: 4 }).map(objectFrom),
  ),
})).value;

type Path = string[];

function objectPaths(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return [prefix, ...Object.entries(value).flatMap(([key, child]) => objectPaths(child, [...prefix, key]))];
}

function withChange(
  payload: Record<string, unknown>,
  path: Path,
  key: string,
  change: { set: unknown } | { remove: true },
): Record<string, unknown> {
  const copy = structuredClone(payload);
  let parent: Record<string, unknown> = copy;
  for (const step of path) parent = parent[step] as Record<string, unknown>;
  if ('remove' in change) delete parent[key];
  else Object.defineProperty(parent, key, { value: change.set, enumerable: true, writable: true, configurable: true });
  return copy;
}

/** A payload built from the resolver's valid payload as it is at the time of the call. */
export type PayloadMaker = (valid: Record<string, unknown>) => unknown;

/**
 * Changes one field (at any depth) of the valid payload: a nasty value, a removal, or an added key.
 * The shape is read from `sample`; the change is applied to the valid payload of the moment (a save
 * must name the version in use, which moves when a fuzzed save is accepted).
 */
function mutations(sample: Record<string, unknown>): fc.Arbitrary<PayloadMaker> {
  return fc.constantFrom(...objectPaths(sample)).chain((path) => {
    let target: unknown = sample;
    for (const step of path) target = (target as Record<string, unknown>)[step];
    const existing = Object.keys(target as Record<string, unknown>);
    const key = existing.length > 0 ? fc.oneof(fc.constantFrom(...existing), nastyKey) : nastyKey;
    const set = fc.tuple(key, nastyValue).map(
      ([name, value]): PayloadMaker =>
        (valid) =>
          withChange(valid, path, name, { set: value }),
    );
    if (existing.length === 0) return set;
    return fc.oneof(
      set,
      fc.constantFrom(...existing).map(
        (name): PayloadMaker =>
          (valid) =>
            withChange(valid, path, name, { remove: true }),
      ),
    );
  });
}

export const payloadsFor = (sample: Record<string, unknown>): fc.Arbitrary<PayloadMaker> =>
  fc.oneof(
    {
      weight: 1,
      arbitrary: nastyValue.map(
        (value): PayloadMaker =>
          () =>
            value,
      ),
    },
    { weight: 3, arbitrary: mutations(sample) },
  );

/** Counts writes to the store, so an unchanged state is confirmed without serialising it every time. */
export class StateWatch {
  private commits = 0;
  private snapshot: string;
  private snapshotAt = 0;

  constructor(private readonly store: DurableStore) {
    const commit = store.commit.bind(store);
    store.commit = (writes) => {
      this.commits += 1;
      commit(writes);
    };
    this.snapshot = persistedState(store);
  }

  /** The persisted state now, serialised again only if something was committed since. */
  current(): string {
    if (this.commits !== this.snapshotAt) {
      this.snapshot = persistedState(this.store);
      this.snapshotAt = this.commits;
    }
    return this.snapshot;
  }
}

export interface FuzzReport {
  resolver: string;
  payloads: number;
  accepted: number;
  rejected: Record<string, number>;
  /** Each a description of a payload that broke a rule; empty when all is well. */
  failures: string[];
}

const describe = (payload: unknown): string => {
  const text = JSON.stringify(payload) ?? String(payload);
  return text.length > 300 ? `${text.slice(0, 300)}… (${text.length} characters)` : text;
};

const STACK_TRACE = /\n\s+at |\bat .+\.(ts|js):\d+|node_modules|\/src\//;

/** Fuzzes one resolver with `runs` payloads as `role`; returns what happened, failures included. */
export async function fuzzResolver(options: {
  url: string;
  watch: StateWatch;
  idle: () => Promise<void>;
  resolver: string;
  runs: number;
  seed: number;
  role?: Role;
}): Promise<FuzzReport> {
  const { url, watch, idle, resolver, runs, seed, role = 'admin' } = options;
  const call = validCallFor(resolver);
  let valid = call.payload(await currentState(url));
  const report: FuzzReport = { resolver, payloads: 0, accepted: 0, rejected: {}, failures: [] };
  await fc.assert(
    fc.asyncProperty(payloadsFor(valid), async (makePayload) => {
      const payload = makePayload(valid);
      report.payloads += 1;
      // Work an accepted payload started (a trigger, a re-scoring job) must finish before the next one is judged.
      await idle();
      const before = watch.current();
      const outcome = await invokeAs(url, role, { resource: call.resource, resolver, payload, context: call.context });
      await idle();
      const result = outcome.result;
      let failure: string | undefined;
      // Forge refuses a front-end payload over 500 KB before the function runs (the sandbox answers 413 as the bridge does).
      if (outcome.status === 413) {
        report.rejected['payload-too-large'] = (report.rejected['payload-too-large'] ?? 0) + 1;
        if (watch.current() !== before) failure = 'refused as too large, yet the persisted state changed';
      } else if (outcome.status !== 200 || !result) failure = `HTTP ${outcome.status}: ${outcome.text.slice(0, 300)}`;
      else if (result.ok) {
        report.accepted += 1;
        valid = call.payload(await currentState(url));
      } else {
        report.rejected[result.error.kind] = (report.rejected[result.error.kind] ?? 0) + 1;
        if (!REJECTION_KINDS.has(result.error.kind)) failure = `error kind ${result.error.kind}: ${result.error.message}`;
        else if (STACK_TRACE.test(outcome.text)) failure = `internals in the answer: ${outcome.text.slice(0, 300)}`;
        else if (watch.current() !== before) failure = 'rejected, yet the persisted state changed';
      }
      if (failure) report.failures.push(`${resolver} ${describe(payload)}: ${failure}`);
    }),
    // The property records failures instead of throwing, so one run reports every problem it finds.
    { numRuns: runs, seed },
  );
  return report;
}
