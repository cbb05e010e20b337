import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultFrameworkVersion } from '../src/domain/framework';
import { scoreRequirement, validateInputs, type RequirementInputs } from '../src/domain/scoring';
import { benchClassify } from './classify';
import { benchChineseClassification } from './classify-chinese';
import { benchChineseDuplicates, benchImportFloor } from './duplicates-chinese';
import { benchDuplicates, syntheticRequirement } from './duplicates';
import { benchExports } from './exports';
import { benchFaults } from './faults';
import { benchFuzz } from './fuzz';
import { benchIntake } from './intake';
import { createBenchRequirements, percentile, seededRandom, withBenchSite } from './helpers';
import { benchLatency } from './latency';
import { benchMatrix } from './matrix';
import { benchPoints } from './points';
import { benchReports } from './reports';
import { benchRules } from './rules';

/**
 * `npm run bench [-- <name>...]`: figures measured side by side in one run. Absolute times vary on
 * shared machines; compare within a run. Record results in docs/BENCHMARKS.md.
 */

type Bench = { name: string; run: () => Promise<void>; byNameOnly?: boolean };

async function benchScoring(): Promise<void> {
  const framework = defaultFrameworkVersion(new Date(0));
  const random = seededRandom(42);
  const factor = () => 1 + Math.floor(random() * 5);
  const tenScale = () => 1 + Math.floor(random() * 10);
  const raw = Array.from({ length: 100_000 }, () => ({
    urgency: factor(),
    importance: factor(),
    feasibility: factor(),
    customerValue: factor(),
    businessValue: tenScale(),
    implementationCost: tenScale(),
    moscow: ['Must', 'Should', 'Could'][Math.floor(random() * 3)],
  }));
  const validated: RequirementInputs[] = raw.map((inputs) => {
    const result = validateInputs(inputs, framework.settings);
    if (!result.ok) throw new Error('bench data invalid');
    return result.value;
  });
  let checksum = 0;
  for (let warm = 0; warm < 2; warm += 1)
    for (const inputs of validated.slice(0, 10_000)) checksum += scoreRequirement(inputs, framework).computed.weightedScore ?? 0;
  const scoreStart = performance.now();
  for (const inputs of validated) checksum += scoreRequirement(inputs, framework).computed.weightedScore ?? 0;
  const scoreMs = performance.now() - scoreStart;
  const fullStart = performance.now();
  for (const inputs of raw) {
    const result = validateInputs(inputs, framework.settings);
    if (result.ok) checksum += scoreRequirement(result.value, framework).computed.threeFactorScore ?? 0;
  }
  const fullMs = performance.now() - fullStart;
  console.log(
    `scoring requirements=${validated.length} score_per_s=${Math.round(validated.length / (scoreMs / 1000))} validate_and_score_per_s=${Math.round(raw.length / (fullMs / 1000))} (checksum ${checksum.toFixed(1)})`,
  );
}

async function benchCreateToComputed(): Promise<void> {
  const count = Number(process.env.BENCH_REQUIREMENTS ?? 1000);
  // The same configuration `npm start` uses: durable store on disk, events delivered after 20 ms.
  await withBenchSite('create-to-computed', { eventDelayMs: 20 }, async ({ url }) => {
    const headers = {
      authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const fields = (await (await fetch(`${url}/rest/api/3/field`, { headers })).json()) as { id: string; name: string }[];
    const id = (name: string) => fields.find((field) => field.name === name)!.id;
    const random = seededRandom(7);
    const factor = () => 1 + Math.floor(random() * 5);
    const latencies: number[] = [];
    const started = performance.now();
    for (let index = 0; index < count; index += 1) {
      const t0 = performance.now();
      const created = await fetch(`${url}/rest/api/3/issue`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          fields: {
            project: { key: 'REQ' },
            issuetype: { name: 'Requirement' },
            summary: `Bench requirement ${index}`,
            [id('Urgency')]: factor(),
            [id('Importance')]: factor(),
            [id('Feasibility')]: factor(),
            [id('Customer value')]: factor(),
          },
        }),
      });
      const { key } = (await created.json()) as { key: string };
      for (;;) {
        const issue = (await (
          await fetch(`${url}/rest/api/3/issue/${key}?fields=${id('Priority grade')}`, { headers })
        ).json()) as { fields: Record<string, unknown> };
        if (issue.fields[id('Priority grade')] !== null) break;
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
      latencies.push(performance.now() - t0);
    }
    const totalS = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `create_to_computed requirements=${count} median_ms=${percentile(latencies, 50).toFixed(1)} p95_ms=${percentile(latencies, 95).toFixed(1)} max_ms=${latencies.at(-1)!.toFixed(1)} event_delay_ms=20 total_s=${totalS.toFixed(1)}`,
    );
  });
}

/**
 * Seeds n Requirements, saves a framework version that moves some of them, and counts the app's
 * REST calls during the re-scoring job against the fewest the documented limits allow: one search
 * page per 100 issues and one bulk write per 1,000 changed values.
 */
async function benchRescoring(): Promise<void> {
  const count = Number(process.env.BENCH_RESCORING_REQUIREMENTS ?? 10_000);
  for (const faultRate of [0, 0.3]) {
    await withBenchSite('rescoring', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
      const admin = {
        authorization: `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}`,
        'content-type': 'application/json',
      };
      await createBenchRequirements(sandbox, count - 4, 11);

      const appCalls: string[] = [];
      let valuesWritten = 0;
      const handle = sandbox.emulator.handle.bind(sandbox.emulator);
      sandbox.emulator.handle = (request, principal) => {
        if (principal.kind === 'app') appCalls.push(`${request.method} ${request.path}`);
        const response = handle(request, principal);
        if (principal.kind === 'app' && request.path.endsWith('/app/field/value') && response.status === 204) {
          const updates = (request.body as { updates: { issueIds: unknown[] }[] }).updates;
          valuesWritten += updates.reduce((sum, update) => sum + update.issueIds.length, 0);
        }
        return response;
      };
      if (faultRate > 0)
        await fetch(`${url}/__sandbox/faults`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ rate: faultRate, statuses: [429], retryAfterSeconds: 0.01, seed: 3 }),
        });
      const invoke = async (resolver: string, payload: unknown) =>
        (
          (await (
            await fetch(`${url}/__sandbox/invoke`, {
              method: 'POST',
              headers: admin,
              body: JSON.stringify({ resource: 'admin', resolver, payload }),
            })
          ).json()) as {
            result: {
              ok: boolean;
              data?: { job?: { id: string }; status?: string; changed?: number; processed?: number; failures?: unknown[] };
            };
          }
        ).result;
      const started = performance.now();
      const saved = await invoke('framework.save', {
        settings: {
          ...defaultFrameworkVersion(new Date(0)).settings,
          weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
        },
        note: 'bench',
        baseVersion: 1,
      });
      if (!saved.ok) throw new Error(`save failed: ${JSON.stringify(saved)}`);
      let job = saved.data!.job!;
      for (;;) {
        await sandbox.idle();
        const status = await invoke('rescoring.status', {});
        if (status.data && status.data.status !== 'running') {
          job = status.data as typeof job;
          break;
        }
      }
      const wallS = (performance.now() - started) / 1000;
      const final = job as unknown as { changed: number; processed: number; failures: unknown[] };
      // Only calls that did work count: injected 429s are answered before reaching the emulator.
      const searches = appCalls.filter((call) => call.endsWith('/search/jql')).length;
      const writes = appCalls.filter((call) => call.endsWith('/app/field/value')).length;
      const versionField = sandbox.store
        .list<{ id: string; name: string }>('jira-fields')
        .find((field) => field.name === 'Scoring framework version')!.id;
      const issues = sandbox.store.list<{ fields: Record<string, unknown> }>('jira-issues');
      const onNewVersion = issues.filter((issue) => issue.fields[versionField] === 2).length;
      const bound = Math.ceil(count / 100) + Math.ceil(valuesWritten / 1000);
      console.log(
        `rescoring n=${count} changed=${final.changed} calls=${appCalls.length} bound=${bound} ratio=${(appCalls.length / bound).toFixed(2)} wall=${wallS.toFixed(1)}s` +
          ` (faults=${faultRate} search=${searches} write=${writes} values=${valuesWritten} on_new_version=${onNewVersion} failures=${final.failures.length})`,
      );
    });
  }
}

/**
 * The panel's similar-requirement and classification calls through the real resolvers on a project
 * of BENCH_SUGGESTIONS_REQUIREMENTS synthetic zh/en requirements: the first call rebuilds the index
 * from Jira (pages of 100), later ones load the project's shards from KVS.
 */
async function benchSuggestions(): Promise<void> {
  const count = Number(process.env.BENCH_SUGGESTIONS_REQUIREMENTS ?? 2000);
  await withBenchSite('suggestions', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    const pm = { kind: 'user' as const, accountId: '5b10a2844c20165700ede21g' };
    const random = seededRandom(5);
    for (let index = 0; index < count; index += 1) {
      const { fields } = syntheticRequirement(random, index);
      const description = {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: fields.description }] }],
      };
      sandbox.gateway().handle(
        {
          method: 'POST',
          path: '/rest/api/3/issue',
          query: {},
          body: {
            fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary: fields.summary, description },
          },
        },
        pm,
      );
      if (index % 500 === 0) await sandbox.idle();
    }
    await sandbox.idle();
    const headers = {
      authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const timed = async (resolver: string): Promise<number> => {
      const started = performance.now();
      const answer = (await (
        await fetch(`${url}/__sandbox/invoke`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ resource: 'panel', resolver, payload: {}, context: { issueKey: 'REQ-1' } }),
        })
      ).json()) as { result: { ok: boolean } };
      if (!answer.result.ok) throw new Error(`${resolver} failed: ${JSON.stringify(answer.result)}`);
      return performance.now() - started;
    };
    const coldMs = await timed('duplicates.similar');
    const warm = [await timed('duplicates.similar'), await timed('duplicates.similar'), await timed('duplicates.similar')].sort(
      (left, right) => left - right,
    );
    const classify = [
      await timed('classification.get'),
      await timed('classification.get'),
      await timed('classification.get'),
    ].sort((left, right) => left - right);
    const shards = sandbox.store.ids('kvs').filter((key) => key.startsWith('duplicates:REQ:shard:')).length;
    console.log(
      `suggestions requirements=${count + 4} shards=${shards} similar_rebuild_ms=${coldMs.toFixed(0)} similar_warm_median_ms=${warm[1]!.toFixed(0)} classification_median_ms=${classify[1]!.toFixed(0)}`,
    );
  });
}

/** Each surface's bundle as the build reports it: what a page loads up front, raw and gzip. */
async function benchBundles(): Promise<void> {
  const output = execFileSync(process.execPath, [path.resolve(__dirname, '../scripts/build-ui.mjs')], { encoding: 'utf8' });
  for (const line of output.split('\n').filter((candidate) => candidate.startsWith('✓'))) console.log(`bundle ${line.slice(2)}`);
}

const BENCHES: Bench[] = [
  { name: 'bundles', run: benchBundles },
  { name: 'scoring', run: benchScoring },
  { name: 'sandbox', run: benchCreateToComputed },
  { name: 'rescoring', run: benchRescoring },
  { name: 'matrix', run: benchMatrix },
  { name: 'duplicates', run: benchDuplicates },
  { name: 'suggestions', run: benchSuggestions },
  { name: 'classify', run: benchClassify },
  { name: 'faults', run: benchFaults },
  { name: 'exports', run: benchExports },
  { name: 'rules', run: benchRules },
  { name: 'points', run: benchPoints },
  { name: 'latency', run: benchLatency },
  { name: 'intake', run: benchIntake },
  { name: 'reports', run: benchReports, byNameOnly: true },
  // The Chinese set's lines alone (quick, for choosing on BENCH_CHINESE_PART=tuning).
  { name: 'classify-zh', run: async () => benchChineseClassification(), byNameOnly: true },
  {
    name: 'duplicates-zh',
    run: async () => {
      benchChineseDuplicates();
      benchImportFloor();
    },
    byNameOnly: true,
  },
  // 10,000 payloads per resolver take about 15 minutes: run it by name.
  { name: 'fuzz', run: benchFuzz, byNameOnly: true },
];

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !BENCHES.some((bench) => bench.name === name));
  if (unknown.length > 0)
    throw new Error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${BENCHES.map((bench) => bench.name).join(', ')}`);
  console.log(`node ${process.version} on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`);
  for (const bench of BENCHES) if (wanted.includes(bench.name) || (wanted.length === 0 && !bench.byNameOnly)) await bench.run();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
