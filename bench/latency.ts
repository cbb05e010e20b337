import { performance } from 'node:perf_hooks';
import type { Sandbox } from '../sandbox/sandbox';
import type { ExportPage, GradeDistribution, RequirementPage, ResolverResult } from '../src/shared/api';
import { createBenchRequirements, withBenchSite } from './helpers';

/**
 * The Jira work of each surface and job, on the path before issue 16 (RT_READ_PATH=search) and on
 * today's, in one run: resolver calls as the browser makes them (the further pages of the project's
 * copy 4 at a time, as the matrix page does), the Jira calls they made, the issues Jira returned
 * (each costs a rate-limit point), and the time at the emulator's own speed.
 *
 * `points` counts the documented cost model's core part (1 a call plus 1 an issue returned; the
 * few permission checks cost 2 an answer instead, which is left out): the exact figure comes from
 * the emulator's points counter once it is merged, and the times at 250 ms a call from its latency
 * setting (branch `ratelimit`, not in main when this was written).
 */

interface Tally {
  jiraCalls: number;
  issuesReturned: number;
}

type Invoke = <T>(resolver: string, payload: unknown) => Promise<ResolverResult<T>>;

/** Counts every Jira call the app makes (as the app or as the user), and the issues in the answers. */
function countJiraCalls(sandbox: Sandbox): { take: () => Tally } {
  let tally: Tally = { jiraCalls: 0, issuesReturned: 0 };
  const handle = sandbox.emulator.handle.bind(sandbox.emulator);
  sandbox.emulator.handle = (request, principal) => {
    const response = handle(request, principal);
    if (principal.kind === 'app' || principal.kind === 'user') {
      tally.jiraCalls += 1;
      const body = response.body as { issues?: unknown[] } | undefined;
      if (Array.isArray(body?.issues)) tally.issuesReturned += body.issues.length;
      else if (request.method === 'GET' && /\/rest\/api\/3\/issue\/[^/]+$/.test(request.path) && response.status === 200) tally.issuesReturned += 1;
    }
    return response;
  };
  return {
    take: () => {
      const taken = tally;
      tally = { jiraCalls: 0, issuesReturned: 0 };
      return taken;
    },
  };
}

/** The further pages at most `limit` at a time, as static/matrix/src/data.ts reads them. */
async function inParallel(tokens: readonly string[], limit: number, read: (token: string) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, tokens.length) }, async () => {
    while (next < tokens.length) await read(tokens[next++]!);
  }));
}

/** Opens a list the way its page does; `first` is when the first page (the first points) arrived. */
async function readList<T extends { nextPageToken: string | null; pageTokens?: string[]; rows: unknown[] }>(invoke: Invoke, resolver: string): Promise<{ rows: number; resolverCalls: number; firstMs: number; allMs: number }> {
  const started = performance.now();
  let resolverCalls = 0;
  let rows = 0;
  let firstMs = 0;
  let nextPageToken: string | null = null;
  do {
    const result: ResolverResult<T> = await invoke<T>(resolver, { projectKey: 'REQ', nextPageToken });
    resolverCalls += 1;
    if (!result.ok) throw new Error(`${resolver} failed: ${result.error.message}`);
    if (resolverCalls === 1) firstMs = performance.now() - started;
    rows += result.data.rows.length;
    nextPageToken = result.data.nextPageToken;
    const further = result.data.pageTokens ?? [];
    await inParallel(further, 4, async (token) => {
      const page = await invoke<T>(resolver, { projectKey: 'REQ', nextPageToken: token });
      resolverCalls += 1;
      if (!page.ok) throw new Error(`${resolver} failed: ${page.error.message}`);
      rows += page.data.rows.length;
    });
  } while (nextPageToken);
  return { rows, resolverCalls, firstMs, allMs: performance.now() - started };
}

export async function benchLatency(): Promise<void> {
  const matrixCount = Number(process.env.BENCH_LATENCY_REQUIREMENTS ?? 5_000);
  const exportCount = Number(process.env.BENCH_LATENCY_EXPORT_REQUIREMENTS ?? 10_000);
  await withBenchSite('latency', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    await createBenchRequirements(sandbox, matrixCount - 4, 17);
    const counter = countJiraCalls(sandbox);
    const headers = (email: string, token: string) => ({ authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`, 'content-type': 'application/json' });
    const invokeAs =
      (auth: Record<string, string>, resource: string, context: Record<string, string>): Invoke =>
      async <T>(resolver: string, payload: unknown) => {
        const response = await fetch(`${url}/__sandbox/invoke`, { method: 'POST', headers: auth, body: JSON.stringify({ resource, resolver, payload, context }) });
        return ((await response.json()) as { result: ResolverResult<T> }).result;
      };
    const pm = headers('pm@example.com', 'pm-token');
    const manager = headers('manager@example.com', 'manager-token');
    const matrix = invokeAs(pm, 'matrix', { projectKey: 'REQ' });
    const exports = invokeAs(manager, 'matrix', { projectKey: 'REQ' });
    const gadget = invokeAs(manager, 'gadget', {});
    const panel = invokeAs(pm, 'panel', { issueKey: 'REQ-1' });

    const line = (path: string, action: string, figures: { rows?: number; resolverCalls: number; firstMs?: number; allMs: number }, tally: Tally) =>
      console.log(
        `latency path=${path} action=${action}${figures.rows === undefined ? '' : ` rows=${figures.rows}`} resolver_calls=${figures.resolverCalls} jira_calls=${tally.jiraCalls} issues_returned=${tally.issuesReturned}` +
          ` points_core=${tally.jiraCalls + tally.issuesReturned}${figures.firstMs === undefined ? '' : ` first_ms=${figures.firstMs.toFixed(0)}`} all_ms=${figures.allMs.toFixed(0)}`,
      );
    const timed = async (run: () => Promise<unknown>) => {
      const started = performance.now();
      await run();
      return performance.now() - started;
    };

    for (const path of ['search', 'snapshot'] as const) {
      if (path === 'search') process.env.RT_READ_PATH = 'search';
      else delete process.env.RT_READ_PATH;
      for (const attempt of path === 'snapshot' ? ['first', 'again'] : ['open']) {
        // The first open on the new path builds the project's copy; later ones read it.
        const opened = await readList<RequirementPage>(matrix, 'requirements.list');
        line(path, `matrix_${attempt}`, opened, counter.take());
      }
      const gadgetMs = await timed(async () => {
        const result = await gadget<GradeDistribution>('requirements.distribution', { projectKey: 'REQ', topN: 10 });
        if (!result.ok) throw new Error(result.error.message);
      });
      line(path, 'gadget_project', { resolverCalls: 1, allMs: gadgetMs }, counter.take());
      const panelMs = await timed(() => panel('triage.get', {}));
      line(path, 'panel_triage', { resolverCalls: 1, allMs: panelMs }, counter.take());
    }

    await createBenchRequirements(sandbox, exportCount - matrixCount, 18);
    counter.take();
    for (const path of ['search', 'snapshot'] as const) {
      if (path === 'search') process.env.RT_READ_PATH = 'search';
      else delete process.env.RT_READ_PATH;
      for (const attempt of path === 'snapshot' ? ['first', 'again'] : ['open']) {
        const exported = await readList<ExportPage>(exports, 'exports.page');
        line(path, `export_${exportCount}_${attempt}`, exported, counter.take());
      }
    }
    delete process.env.RT_READ_PATH;
  });
}
