import { getAppContext } from '@forge/api';
import { Queue } from '@forge/events';
import { kvs } from '@forge/kvs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { functionLimitMs, isFunctionTimeout } from '../../sandbox/forge/invocation-clock';
import { createKvsService } from '../../sandbox/forge/kvs-service';
import { ForgeRuntime, readManifest, repositoryRoot } from '../../sandbox/forge/runtime';
import { openMemoryStore, type DurableStore } from '../../sandbox/store/durable-store';

/**
 * Forge stops a function at its time limit: 25 s for resolvers and product event triggers, 55 s for
 * scheduled triggers and queue consumers unless timeoutSeconds raises it (at most 900 s). The
 * sandbox measures it on a virtual clock; here every platform call costs 1 s and real time does not
 * count, so "a function that makes its 25th call at 25 s" is a count, not a wait.
 */

const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000002
modules:
  jira:issuePanel:
    - key: test-panel
      resource: panel
      resolver: { function: resolver }
  trigger:
    - key: on-event
      function: on-event
      events: [avi:jira:updated:issue]
  scheduledTrigger:
    - key: hourly
      function: hourly
      interval: hour
  consumer:
    - key: default-consumer
      queue: default-work
      function: default-work
    - key: long-consumer
      queue: long-work
      function: long-work
  function:
    - key: resolver
      handler: index.resolver
    - key: on-event
      handler: index.onEvent
    - key: hourly
      handler: index.hourly
    - key: default-work
      handler: index.defaultWork
    - key: long-work
      handler: index.longWork
      timeoutSeconds: 120
resources:
  - { key: panel, path: static/panel }
`;

const CALL_COST_MS = 1_000;

let tempDir: string;
let store: DurableStore;
beforeEach(() => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'rt-limits-'));
  writeFileSync(path.join(tempDir, 'manifest.yml'), MANIFEST);
  store = openMemoryStore();
});
afterEach(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

/** Writes keys `<label>:1`, `<label>:2`, … one call each, far past any limit, and reports the time left as it goes. */
function writer(label: string, remaining: number[]) {
  return async (): Promise<string> => {
    for (let index = 1; index <= 1_000; index += 1) {
      remaining.push(getAppContext().invocationRemainingTimeInMillis());
      await kvs.set(`${label}:${index}`, index);
    }
    return 'finished';
  };
}

function startRuntime(remaining: number[] = []): ForgeRuntime {
  const appExports = {
    resolver: writer('resolver', remaining),
    onEvent: writer('trigger', remaining),
    hourly: writer('hourly', remaining),
    defaultWork: writer('default', remaining),
    longWork: writer('long', remaining),
  };
  const runtime = new ForgeRuntime({
    manifestPath: path.join(tempDir, 'manifest.yml'),
    appExports,
    jira: {
      handle: () => ({ status: 404, body: { errorMessages: ['No Jira in this test.'], errors: {} } }),
      handleAsync: async () => ({ status: 404, body: { errorMessages: ['No Jira in this test.'], errors: {} } }),
    },
    kvs: createKvsService(store, () => new Date()),
    now: () => new Date(),
    cloudId: 'test-cloud',
    environmentId: 'test-environment',
    eventDelayMs: 1,
    store,
    queueDelayScale: 0.001,
    functionClock: { timeScale: 0, platformCallCostMs: CALL_COST_MS },
  });
  runtime.install();
  return runtime;
}

/** How many of a label's writes reached KVS. */
const written = (label: string): number => store.ids('kvs').filter((key) => key.startsWith(`${label}:`)).length;

test('the limits follow the manifest: 25 s for resolvers and product triggers, 55 s for scheduled triggers and consumers, timeoutSeconds up to 900 s', () => {
  const modules = readManifest(path.join(tempDir, 'manifest.yml')).modules;
  expect(['resolver', 'on-event', 'hourly', 'default-work', 'long-work'].map((key) => functionLimitMs(modules, key))).toEqual([
    25_000, 25_000, 55_000, 55_000, 120_000,
  ]);
  const raised = (timeoutSeconds: number, extra: Record<string, unknown[]> = {}) =>
    functionLimitMs(
      { consumer: [{ function: 'work' }], ...extra, function: [{ key: 'work', handler: 'index.work', timeoutSeconds }] } as never,
      'work',
    );
  expect(raised(900)).toBe(900_000);
  expect(raised(3_600)).toBe(900_000);
  // Shared with a resolver, a function keeps the resolver's limit whatever it declares.
  expect(raised(600, { 'jira:issuePanel': [{ resolver: { function: 'work' } }] })).toBe(25_000);
  // The app's own functions.
  const app = readManifest(path.join(repositoryRoot, 'manifest.yml')).modules;
  expect(functionLimitMs(app, 'resolver')).toBe(25_000);
  expect(functionLimitMs(app, 'on-issue-event')).toBe(25_000);
});

test('a resolver is stopped at 25 s: the invocation fails with a timeout and nothing it does later happens', async () => {
  const remaining: number[] = [];
  const runtime = startRuntime(remaining);
  const outcome = await runtime
    .invokeResolver({ moduleKey: 'test-panel', functionKey: 'write', payload: {}, accountId: 'user-1', context: {} })
    .then(
      () => 'finished',
      (error: unknown) => error,
    );
  expect(isFunctionTimeout(outcome)).toBe(true);
  expect(String(outcome)).toContain('25 seconds');
  // The 25th call would have been made at 25 s: 24 writes landed, none after.
  expect(written('resolver')).toBe(24);
  await new Promise((resolve) => setTimeout(resolve, 20));
  expect(written('resolver')).toBe(24);
  // getAppContext().invocationRemainingTimeInMillis() counted down on the same clock.
  expect(remaining.slice(0, 3)).toEqual([25_000, 24_000, 23_000]);
});

test('a product event trigger gets 25 s and a scheduled trigger 55 s; a stopped run is recorded as failed', async () => {
  const runtime = startRuntime();
  runtime.dispatchIssueEvent({
    eventType: 'avi:jira:updated:issue',
    issue: { id: '1', key: 'T-1', fields: {} },
    actor: { kind: 'user', accountId: 'user-1' },
  });
  await runtime.idle();
  expect(written('trigger')).toBe(24);
  const hour = 3_600_000;
  await runtime.runScheduled(new Date(10 * hour - 1), new Date(10 * hour));
  expect(written('hourly')).toBe(54);
  expect(runtime.triggerRuns.map((run) => [run.moduleKey, run.error])).toEqual([
    ['on-event', 'Trigger on-event was stopped after 25 seconds, its time limit.'],
    ['hourly', 'Scheduled trigger hourly was stopped after 55 seconds, its time limit.'],
  ]);
});

test('a consumer is stopped at 55 s, or at its timeoutSeconds, and its event is retried as FUNCTION_TIME_OUT', async () => {
  const runtime = startRuntime();
  // Pushed from outside any invocation, so only the consumers' own time counts.
  await new Queue({ key: 'default-work' }).push({ body: { n: 1 } });
  await new Queue({ key: 'long-work' }).push({ body: { n: 1 } });
  const first = (queue: string) => runtime.queues.deliveries.find((delivery) => delivery.queueName === queue);
  while (!first('default-work') || !first('long-work')) await new Promise((resolve) => setTimeout(resolve, 5));
  // The first attempts are what this test is about; the retries are not waited for.
  runtime.queues.stop();
  await runtime.idle();
  expect(first('default-work')).toMatchObject({ outcome: 'retry', error: expect.stringContaining('55 seconds') });
  expect(first('long-work')).toMatchObject({ outcome: 'retry', error: expect.stringContaining('120 seconds') });
  // Each delivery wrote until its limit: 54 and 119 calls per attempt (keys repeat across attempts).
  expect(written('default')).toBe(54);
  expect(written('long')).toBe(119);
  expect(store.list<{ retryReason?: string }>('forge-queue').map((event) => event.retryReason)).toEqual([
    'FUNCTION_TIME_OUT',
    'FUNCTION_TIME_OUT',
  ]);
});
