import { performance } from 'node:perf_hooks';
import { defaultFrameworkVersion } from '../src/domain/framework';
import type { ExportPage, GradeDistribution, RequirementPage, RescoringJob, ResolverResult } from '../src/shared/api';
import { panelOpeningResolvers } from '../test/support/action-points';
import { createBenchRequirements, withBenchSite } from './helpers';

/**
 * `npm run bench -- latency`: each surface's and job's Jira work on the path before issue 16 and on
 * today's, side by side in one run, with the emulator answering the app's Jira calls at once and at
 * 250 ± 100 ms (its latency setting), and the Jira points each spent (its points counter, Jira
 * Cloud's cost model). One loop runs every case: for each project size, each latency, each case,
 * each path and each attempt; a table at the end puts the old and the new figures side by side.
 *
 * Paths: `old` is the read before issue 16 (RT_READ_PATH=search: sequential search pages of 100 as
 * the user); `new` is today's (the project's copy in KVS, checked against Jira on each open). On
 * today's path `first` builds the copy (no copy yet: search pages, which build it), `again` reads it,
 * and `stale` opens a copy built two days ago, which is read again by id (parallel bulk fetches).
 * Re-scoring: `old` queues one event per page (RT_RESCORE_PATH=per-event); on `new`, `one-chain` reads
 * page after page within an invocation, asking for the next while one is scored and written, and
 * `chains` (today's) splits the scope into id ranges whose pages are read side by side.
 *
 * Resolver calls are made as the pages make them: the matrix and the exports read the pages the
 * first one names 4 at a time, the panel calls its resolvers at once. `first_ms` is when the first
 * page arrived (the matrix draws its first points then), `all_ms` when the last did. What the
 * emulator does not model: Forge's own invocation overhead and cold starts, KVS latency, and how
 * long Forge takes to deliver a queue event.
 *
 * Settings: BENCH_LATENCY_REQUIREMENTS (5,000: matrix, gadget, issue view), BENCH_LATENCY_EXPORT_REQUIREMENTS
 * (10,000: export, re-scoring), BENCH_LATENCY_LARGE (0, off: matrix and re-scoring at that size, e.g. 50,000),
 * BENCH_LATENCY_CASES (comma-separated case names to run; all unless set), BENCH_LATENCY_LATENCIES
 * (`0ms,250ms` unless set).
 */

type Invoke = <T>(resolver: string, payload: unknown) => Promise<ResolverResult<T>>;
type PathName = 'old' | 'new';
interface Figures {
  rows?: number;
  resolverCalls: number;
  firstMs?: number;
  /** Anything else the case reports (key=value). */
  extra?: string;
}
interface Case {
  name: string;
  paths: readonly PathName[];
  /** `first` and `again` where the first run on today's path builds something later runs read. */
  attempts: (path: PathName) => readonly string[];
  /** Before each attempt (e.g. drop the project's copy so `first` builds it). */
  before?: (attempt: string) => Promise<void> | void;
  run: (path: PathName, attempt: string) => Promise<Figures>;
}
interface Line {
  size: number;
  latency: string;
  name: string;
  path: PathName;
  attempt: string;
  points: number;
  jiraCalls: number;
  firstMs?: number;
  allMs: number;
}

async function inParallel(tokens: readonly string[], limit: number, read: (token: string) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tokens.length) }, async () => {
      while (next < tokens.length) await read(tokens[next++]!);
    }),
  );
}

/** Opens a list the way its page does. */
async function readList<T extends { nextPageToken: string | null; pageTokens?: string[]; rows: unknown[] }>(
  invoke: Invoke,
  resolver: string,
): Promise<Figures> {
  const started = performance.now();
  let resolverCalls = 0;
  let rows = 0;
  let firstMs = 0;
  let nextPageToken: string | null = null;
  const page = async (token: string | null): Promise<T> => {
    const result = await invoke<T>(resolver, { projectKey: 'REQ', nextPageToken: token });
    resolverCalls += 1;
    if (!result.ok) throw new Error(`${resolver} failed: ${result.error.message}`);
    rows += result.data.rows.length;
    return result.data;
  };
  do {
    const first: T = await page(nextPageToken);
    if (resolverCalls === 1) firstMs = performance.now() - started;
    nextPageToken = first.nextPageToken;
    await inParallel(first.pageTokens ?? [], 4, async (token) => void (await page(token)));
  } while (nextPageToken);
  return { rows, resolverCalls, firstMs };
}

const fmtMs = (ms: number | undefined): string =>
  ms === undefined ? '–' : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;

/** The side-by-side table: one row per size, case and attempt; old and new at each latency. */
function summary(lines: Line[], latencies: readonly string[]): string {
  const rows = new Map<string, Line[]>();
  for (const line of lines) {
    const key = `${line.size}\u0000${line.name}\u0000${line.attempt === 'open' ? 'first' : line.attempt}`;
    rows.set(key, [...(rows.get(key) ?? []), line]);
  }
  const cell = (found: Line | undefined) =>
    found ? `${found.firstMs === undefined ? '' : `${fmtMs(found.firstMs)} / `}${fmtMs(found.allMs)}, ${found.points} pts` : '–';
  const header = `| requirements | case | attempt | ${latencies.flatMap((latency) => [`old ${latency}`, `new ${latency}`]).join(' | ')} |`;
  const rule = `|${' --- |'.repeat(3 + latencies.length * 2)}`;
  const body = [...rows.entries()].map(([key, found]) => {
    const [size, name, attempt] = key.split('\u0000');
    const cells = latencies.flatMap((latency) =>
      (['old', 'new'] as const).map((path) =>
        cell(
          found.find(
            (line) =>
              line.latency === latency &&
              line.path === path &&
              (line.attempt === attempt || (attempt === 'first' && line.attempt === 'open')),
          ),
        ),
      ),
    );
    return `| ${size} | ${name} | ${attempt} | ${cells.join(' | ')} |`;
  });
  return [header, rule, ...body].join('\n');
}

export async function benchLatency(): Promise<void> {
  const baseCount = Number(process.env.BENCH_LATENCY_REQUIREMENTS ?? 5_000);
  const exportCount = Number(process.env.BENCH_LATENCY_EXPORT_REQUIREMENTS ?? 10_000);
  const largeCount = Number(process.env.BENCH_LATENCY_LARGE ?? 0);
  const wantedCases = process.env.BENCH_LATENCY_CASES?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const allLatencies = [
    { name: '0ms', settings: { medianMs: 0 } },
    { name: '250ms', settings: { medianMs: 250, spreadMs: 100, seed: 16 } },
  ];
  const wantedLatencies = process.env.BENCH_LATENCY_LATENCIES?.split(',').map((name) => name.trim());
  const latencies = allLatencies.filter((latency) => !wantedLatencies || wantedLatencies.includes(latency.name));

  await withBenchSite('latency', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    const headers = (email: string, token: string) => ({
      authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
      'content-type': 'application/json',
    });
    const invokeAs =
      (auth: Record<string, string>, resource: string, context: Record<string, string>): Invoke =>
      async <T>(resolver: string, payload: unknown) => {
        const send = () =>
          fetch(`${url}/__sandbox/invoke`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ resource, resolver, payload, context }),
          });
        // After seeding thousands of issues the server may close a kept-alive socket as it is reused: one new attempt.
        const response = await send().catch(send);
        return ((await response.json()) as { result: ResolverResult<T> }).result;
      };
    const pm = headers('pm@example.com', 'pm-token');
    const manager = headers('manager@example.com', 'manager-token');
    const matrix = invokeAs(pm, 'matrix', { projectKey: 'REQ' });
    const exports = invokeAs(manager, 'matrix', { projectKey: 'REQ' });
    const gadget = invokeAs(manager, 'gadget', {});
    const panel = invokeAs(pm, 'panel', { issueKey: 'REQ-1' });
    const glance = invokeAs(pm, 'glance', { issueKey: 'REQ-1' });
    const admin = invokeAs(headers('admin@example.com', 'admin-token'), 'admin', {});
    const ok = <T>(resolver: string, result: ResolverResult<T>): T => {
      if (!result.ok) throw new Error(`${resolver}: ${result.error.message}`);
      return result.data;
    };

    /** Drops KVS keys with these prefixes: the project's copy of its rows, so the next open on today's path builds it again; the panel's indexes. */
    const forget = (...prefixes: string[]) =>
      sandbox.store.commit(
        sandbox.store
          .ids('kvs')
          .filter((key) => prefixes.some((prefix) => key.startsWith(prefix)))
          .map((id) => ({ collection: 'kvs', id, delete: true })),
      );
    /** Makes the copy two days old: the open after it reads the copy's issues again by id (as after a framework change). */
    const ageCopy = () => {
      const item = sandbox.store.get<{ value: { builtAt: string } }>('kvs', 'rows:REQ:header');
      if (!item) throw new Error('no copy to age');
      sandbox.store.commit([
        {
          collection: 'kvs',
          id: 'rows:REQ:header',
          value: { ...item, value: { ...item.value, builtAt: new Date(Date.now() - 2 * 86_400_000).toISOString() } },
        },
      ]);
    };
    const prepareCopy = (attempt: string) => {
      if (attempt === 'first') forget('rows:REQ:');
      if (attempt === 'stale') ageCopy();
    };
    const usePath = (path: PathName) => {
      if (path === 'old') Object.assign(process.env, { RT_READ_PATH: 'search', RT_RESCORE_PATH: 'per-event' });
      else for (const name of ['RT_READ_PATH', 'RT_RESCORE_PATH']) delete process.env[name];
    };
    const oldAndNew = ['old', 'new'] as const;
    const buildsCopy = (path: PathName) => (path === 'new' ? ['first', 'again', 'stale'] : ['open']);
    const once = () => ['open'];
    let rescoringWeights = 0;

    const cases: Record<string, Case> = {
      matrix: {
        name: 'matrix',
        paths: oldAndNew,
        attempts: buildsCopy,
        before: prepareCopy,
        run: () => readList<RequirementPage>(matrix, 'requirements.list'),
      },
      gadget_project: {
        name: 'gadget_project',
        paths: oldAndNew,
        attempts: once,
        run: async () => {
          ok(
            'requirements.distribution',
            await gadget<GradeDistribution>('requirements.distribution', { projectKey: 'REQ', topN: 10 }),
          );
          return { resolverCalls: 1 };
        },
      },
      glance: {
        name: 'glance',
        paths: ['new'],
        attempts: once,
        run: async () => {
          ok('glance.get', await glance('glance.get', { issueKey: 'REQ-1' }));
          return { resolverCalls: 1 };
        },
      },
      panel: {
        name: 'panel',
        paths: ['new'],
        attempts: () => ['first', 'again'],
        // The first open in a project builds its similar-requirement index and the classification examples' copy.
        before: (attempt) => void (attempt === 'first' && forget('duplicates:REQ:', 'class-examples:REQ:')),
        run: async () => {
          const started = performance.now();
          let triageMs = 0;
          const resolvers = panelOpeningResolvers();
          await Promise.all(
            resolvers.map(async (resolver) => {
              const result = await panel(resolver, {});
              if (resolver === 'triage.get') triageMs = performance.now() - started;
              ok(resolver, result);
            }),
          );
          // The panel draws its scores when triage.get answers: that is its first figure.
          return { resolverCalls: resolvers.length, firstMs: triageMs };
        },
      },
      export: {
        name: 'export',
        paths: oldAndNew,
        attempts: buildsCopy,
        before: prepareCopy,
        run: () => readList<ExportPage>(exports, 'exports.page'),
      },
      rescoring: {
        name: 'rescoring',
        // old: one page per queue event (RT_RESCORE_PATH=per-event); new: `one-chain` reads pages one after another in an
        // invocation, the next asked for while one is written (RT_RESCORE_PATH=one-chain); `chains` reads the id ranges side by side.
        paths: oldAndNew,
        attempts: (path) => (path === 'new' ? ['one-chain', 'chains'] : ['open']),
        before: (attempt) => {
          if (attempt === 'one-chain') process.env.RT_RESCORE_PATH = 'one-chain';
          if (attempt === 'chains') delete process.env.RT_RESCORE_PATH;
        },
        run: async () => {
          // Each run moves every score: the weights alternate between two settings.
          rescoringWeights += 1;
          const weights =
            rescoringWeights % 2 === 1
              ? { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 }
              : { urgency: 25, importance: 25, feasibility: 25, customerValue: 25 };
          const current = ok('framework.current', await admin<{ version: number }>('framework.current', {}));
          const started = performance.now();
          const saved = ok(
            'framework.save',
            await admin<{ job: RescoringJob }>('framework.save', {
              settings: { ...defaultFrameworkVersion(new Date(0)).settings, weights },
              note: 'bench',
              baseVersion: current.version,
            }),
          );
          const firstMs = performance.now() - started;
          let resolverCalls = 2;
          let job = saved.job;
          while (job.status === 'running') {
            await sandbox.idle();
            resolverCalls += 1;
            job = ok('rescoring.status', await admin<RescoringJob | null>('rescoring.status', { jobId: job.id })) ?? job;
          }
          // What the admin page shows: the points the job counted itself and the allowance Jira reported.
          const shown = `shown_points=${job.pointsSpent ?? '?'} shown_quota=${job.quota ? `${job.quota.remaining ?? 'over_20%'}_of_${job.quota.pointsPerHour}` : 'none'}`;
          return {
            rows: job.processed,
            resolverCalls,
            firstMs,
            extra: `changed=${job.changed} failures=${job.failures.length} ${shown}`,
          };
        },
      },
    };

    const lines: Line[] = [];
    /** Runs one attempt from a zeroed points ledger and prints its line. */
    const measure = async (size: number, latency: string, entry: Case, path: PathName, attempt: string) => {
      await sandbox.idle();
      sandbox.rateLimits.reset();
      sandbox.kvsUsage.reset();
      const started = performance.now();
      const figures = await entry.run(path, attempt);
      const allMs = performance.now() - started;
      await sandbox.idle();
      const { total } = sandbox.rateLimits.report();
      const storage = sandbox.kvsUsage.report();
      lines.push({
        size,
        latency,
        name: entry.name,
        path,
        attempt,
        points: total.points,
        jiraCalls: total.calls,
        firstMs: figures.firstMs,
        allMs,
      });
      console.log(
        `latency latency=${latency} path=${path} action=${entry.name}_${attempt} requirements=${size}${figures.rows === undefined ? '' : ` rows=${figures.rows}`} resolver_calls=${figures.resolverCalls}` +
          ` jira_calls=${total.calls} points=${total.points}${figures.firstMs === undefined ? '' : ` first_ms=${figures.firstMs.toFixed(0)}`} all_ms=${allMs.toFixed(0)}` +
          ` kvs_read_units=${storage.reads.units} kvs_write_units=${storage.writes.units}${figures.extra ? ` ${figures.extra}` : ''}`,
      );
    };

    const stages = [
      { size: baseCount, cases: ['matrix', 'gadget_project', 'glance', 'panel'] },
      { size: exportCount, cases: ['export', 'rescoring'] },
      ...(largeCount > 0 ? [{ size: largeCount, cases: ['matrix', 'rescoring'] }] : []),
    ].filter((stage) => stage.cases.some((name) => !wantedCases || wantedCases.includes(name)));
    let created = 4;
    for (const stage of stages) {
      if (stage.size > created) {
        const seeding = performance.now();
        await createBenchRequirements(sandbox, stage.size - created, 17 + created);
        console.log(`latency seeded requirements=${stage.size} seconds=${((performance.now() - seeding) / 1000).toFixed(0)}`);
        created = stage.size;
      }
      for (const latency of latencies) {
        sandbox.latency.configure(latency.settings);
        for (const entry of stage.cases
          .filter((name) => !wantedCases || wantedCases.includes(name))
          .map((name) => cases[name]!)) {
          for (const path of entry.paths) {
            usePath(path);
            for (const attempt of entry.attempts(path)) {
              await entry.before?.(attempt);
              await measure(stage.size, latency.name, entry, path, attempt);
            }
          }
        }
        sandbox.latency.configure({ medianMs: 0 });
      }
    }
    usePath('new');
    console.log(
      `\nlatency summary (first / all, points; old = before issue 16, new = today):\n${summary(
        lines,
        latencies.map((latency) => latency.name),
      )}`,
    );
  });
}
