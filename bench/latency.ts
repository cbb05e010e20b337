import { performance } from 'node:perf_hooks';
import type { ExportPage, GradeDistribution, RequirementPage, ResolverResult } from '../src/shared/api';
import { panelOpeningResolvers } from '../test/support/action-points';
import { createBenchRequirements, withBenchSite } from './helpers';

/**
 * `npm run bench -- latency`: each surface's and job's Jira work on the path before issue 16
 * (RT_READ_PATH=search) and on today's (the project's copy in KVS), side by side in one run, with
 * the emulator answering the app's Jira calls at once and at 250 ± 100 ms (its latency setting),
 * and the Jira points each spent (its points counter, Jira Cloud's cost model).
 *
 * Resolver calls are made as the pages make them: the matrix and the exports read the pages the
 * first one names 4 at a time, the panel calls its resolvers at once. `first_ms` is when the first
 * page arrived (the matrix draws its first points then), `all_ms` when the last did. What the
 * emulator does not model: Forge's own invocation overhead and cold starts, and KVS latency.
 */

type Invoke = <T>(resolver: string, payload: unknown) => Promise<ResolverResult<T>>;

async function inParallel(tokens: readonly string[], limit: number, read: (token: string) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tokens.length) }, async () => {
      while (next < tokens.length) await read(tokens[next++]!);
    }),
  );
}

/** Opens a list the way its page does. */
async function readList<T extends { nextPageToken: string | null; pageTokens?: string[]; rows: unknown[] }>(invoke: Invoke, resolver: string): Promise<{ rows: number; resolverCalls: number; firstMs: number }> {
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

export async function benchLatency(): Promise<void> {
  const matrixCount = Number(process.env.BENCH_LATENCY_REQUIREMENTS ?? 5_000);
  const exportCount = Number(process.env.BENCH_LATENCY_EXPORT_REQUIREMENTS ?? 10_000);
  await withBenchSite('latency', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    const headers = (email: string, token: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`, 'content-type': 'application/json' });
    const invokeAs =
      (auth: Record<string, string>, resource: string, context: Record<string, string>): Invoke =>
      async <T>(resolver: string, payload: unknown) => {
        const send = () => fetch(`${url}/__sandbox/invoke`, { method: 'POST', headers: auth, body: JSON.stringify({ resource, resolver, payload, context }) });
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

    /** Runs one action from a zeroed points ledger and prints its line. */
    const measure = async (labels: string, action: () => Promise<{ rows?: number; resolverCalls: number; firstMs?: number }>) => {
      await sandbox.idle();
      sandbox.rateLimits.reset();
      const started = performance.now();
      const figures = await action();
      const allMs = performance.now() - started;
      const { total } = sandbox.rateLimits.report();
      console.log(
        `latency ${labels}${figures.rows === undefined ? '' : ` rows=${figures.rows}`} resolver_calls=${figures.resolverCalls} jira_calls=${total.calls} points=${total.points}` +
          `${figures.firstMs === undefined ? '' : ` first_ms=${figures.firstMs.toFixed(0)}`} all_ms=${allMs.toFixed(0)}`,
      );
    };
    /** Drops the project's copy, so the next open on today's path builds it again. */
    const forgetCopy = () => sandbox.store.commit(sandbox.store.ids('kvs').filter((key) => key.startsWith('rows:REQ:')).map((id) => ({ collection: 'kvs', id, delete: true })));
    const paths = ['search', 'snapshot'] as const;
    const usePath = (path: (typeof paths)[number]) => (path === 'search' ? (process.env.RT_READ_PATH = 'search') : delete process.env.RT_READ_PATH);
    const latencies = [
      { name: '0ms', settings: { medianMs: 0 } },
      { name: '250ms', settings: { medianMs: 250, spreadMs: 100, seed: 16 } },
    ];

    const surfaces = async (size: number) => {
      for (const latency of latencies) {
        sandbox.latency.configure(latency.settings);
        for (const path of paths) {
          usePath(path);
          // The first open on today's path builds the project's copy (as the old path reads); later ones read it.
          if (path === 'snapshot') forgetCopy();
          for (const attempt of path === 'snapshot' ? ['first', 'again'] : ['open']) {
            await measure(`latency=${latency.name} path=${path} action=matrix_${attempt} requirements=${size}`, () => readList<RequirementPage>(matrix, 'requirements.list'));
          }
          await measure(`latency=${latency.name} path=${path} action=gadget_project requirements=${size}`, async () => {
            const result = await gadget<GradeDistribution>('requirements.distribution', { projectKey: 'REQ', topN: 10 });
            if (!result.ok) throw new Error(result.error.message);
            return { resolverCalls: 1 };
          });
        }
        sandbox.latency.configure({ medianMs: 0 });
      }
    };
    const issueView = async () => {
      for (const latency of latencies) {
        sandbox.latency.configure(latency.settings);
        await measure(`latency=${latency.name} action=glance_open`, async () => {
          const result = await glance('glance.get', { issueKey: 'REQ-1' });
          if (!result.ok) throw new Error(result.error.message);
          return { resolverCalls: 1 };
        });
        let triageMs = 0;
        await measure(`latency=${latency.name} action=panel_open`, async () => {
          const started = performance.now();
          const resolvers = panelOpeningResolvers();
          await Promise.all(
            resolvers.map(async (resolver) => {
              const result = await panel(resolver, {});
              if (resolver === 'triage.get') triageMs = performance.now() - started;
              if (!result.ok) throw new Error(`${resolver}: ${result.error.message}`);
            }),
          );
          return { resolverCalls: resolvers.length };
        });
        console.log(`latency latency=${latency.name} action=panel_scores triage_get_ms=${triageMs.toFixed(0)}`);
        sandbox.latency.configure({ medianMs: 0 });
      }
    };

    await createBenchRequirements(sandbox, matrixCount - 4, 17);
    await surfaces(matrixCount);
    await issueView();

    await createBenchRequirements(sandbox, exportCount - matrixCount, 18);
    for (const latency of latencies) {
      sandbox.latency.configure(latency.settings);
      for (const path of paths) {
        usePath(path);
        if (path === 'snapshot') forgetCopy();
        for (const attempt of path === 'snapshot' ? ['first', 'again'] : ['open']) {
          await measure(`latency=${latency.name} path=${path} action=export_${attempt} requirements=${exportCount}`, () => readList<ExportPage>(exports, 'exports.page'));
        }
      }
      sandbox.latency.configure({ medianMs: 0 });
    }
    delete process.env.RT_READ_PATH;
  });
}
