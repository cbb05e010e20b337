import { InvocationError, InvocationErrorCode, JobDoesNotExistError, Queue, type AsyncEvent } from '@forge/events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createKvsService } from '../../sandbox/forge/kvs-service';
import { QUEUE_COLLECTION, QUEUE_JOB_COLLECTION } from '../../sandbox/forge/queue-service';
import { ForgeRuntime } from '../../sandbox/forge/runtime';
import { openDurableStore, openMemoryStore, type DurableStore } from '../../sandbox/store/durable-store';

/**
 * Forge async events in the runtime shim: the real @forge/events client pushes from code running in
 * the runtime (a resolver), the manifest's consumer module receives the events, retries follow the
 * consumer's InvocationError or failure, and stored events survive a restart.
 */

const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-4000-8000-000000000001
modules:
  jira:issuePanel:
    - key: test-panel
      resource: panel
      resolver: { function: resolver }
  consumer:
    - key: work-consumer
      queue: work
      function: consume-work
  function:
    - key: resolver
      handler: index.resolver
    - key: consume-work
      handler: index.consumeWork
resources:
  - { key: panel, path: static/panel }
`;

/** What the consumer is told to do, per event body. */
interface WorkBody extends Record<string, unknown> {
  label: string;
  /** Ask for a retry (InvocationError) on this many deliveries first. */
  retries?: number;
  /** Throw on every delivery. */
  alwaysThrow?: boolean;
  /** Push this body as a follow-up event from inside the consumer. */
  followUp?: WorkBody;
}

interface Delivery {
  event: AsyncEvent<WorkBody>;
  context: unknown;
  at: number;
}

/** How far queue delays are scaled down: delayInSeconds 1 becomes 20 ms. */
const DELAY_SCALE = 0.02;

let tempDir: string;
beforeEach(() => {
  tempDir = mkdtempSync(path.join(os.tmpdir(), 'rt-queue-'));
  writeFileSync(path.join(tempDir, 'manifest.yml'), MANIFEST);
});
afterEach(() => {
  rmSync(tempDir, { recursive: true, force: true });
});

function startRuntime(
  store: DurableStore,
  consumeWork: (event: AsyncEvent<WorkBody>, context: unknown) => Promise<unknown>,
): ForgeRuntime {
  const appExports = {
    // The resolver pushes what the payload says, through the real client, and returns the jobId.
    resolver: async ({ call }: { call: { payload: { events: { body: WorkBody; delayInSeconds?: number }[] } } }) =>
      new Queue({ key: 'work' }).push(call.payload.events),
    consumeWork,
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
    queueDelayScale: DELAY_SCALE,
  });
  runtime.install();
  return runtime;
}

/** A consumer that records every delivery and does what the body asks. */
function recordingConsumer(deliveries: Delivery[]) {
  return async (event: AsyncEvent<WorkBody>, context: unknown): Promise<unknown> => {
    deliveries.push({ event: structuredClone(event), context, at: Date.now() });
    if (event.body.alwaysThrow) throw new Error(`cannot process ${event.body.label}`);
    if ((event.retryContext?.retryCount ?? 0) < (event.body.retries ?? 0)) {
      return new InvocationError({
        retryAfter: 5,
        retryReason: InvocationErrorCode.FUNCTION_UPSTREAM_RATE_LIMITED,
        retryData: { page: (event.retryContext?.retryCount ?? 0) + 1 },
      });
    }
    if (event.body.followUp) await new Queue({ key: 'work' }).push({ body: event.body.followUp });
    return undefined;
  };
}

function push(runtime: ForgeRuntime, events: { body: WorkBody; delayInSeconds?: number }[]): Promise<{ jobId: string }> {
  return runtime.invokeResolver({
    moduleKey: 'test-panel',
    functionKey: 'push',
    payload: { events },
    accountId: 'user-1',
    context: {},
  }) as Promise<{ jobId: string }>;
}

test('a pushed event reaches the consumer once, as (event, context), and leaves the store', async () => {
  const store = openMemoryStore();
  const deliveries: Delivery[] = [];
  const runtime = startRuntime(store, recordingConsumer(deliveries));

  const { jobId } = await push(runtime, [{ body: { label: 'first', followUp: { label: 'second' } } }]);
  // Accepted means stored: the event waits in the durable store until its consumer finished.
  expect(store.list(QUEUE_COLLECTION)).toEqual([
    expect.objectContaining({ jobId, queueName: 'work', body: { label: 'first', followUp: { label: 'second' } }, retryCount: 0 }),
  ]);
  await runtime.idle();

  expect(deliveries.map(({ event }) => event.body.label)).toEqual(['first', 'second']);
  const [first] = deliveries;
  expect(first!.event).toEqual({
    body: { label: 'first', followUp: { label: 'second' } },
    queueName: 'work',
    jobId,
    eventId: expect.any(String),
  });
  expect(first!.context).toEqual({ installContext: 'ari:cloud:jira::site/test-cloud' });
  expect(store.size(QUEUE_COLLECTION)).toBe(0);
  await expect(new Queue({ key: 'work' }).getStats(jobId)).resolves.toEqual({ success: 1, inProgress: 0, failed: 0 });
  expect(runtime.queues.deliveries.map((record) => record.outcome)).toEqual(['success', 'success']);
});

test('delayInSeconds holds an event back (scaled by queueDelayScale)', async () => {
  const deliveries: Delivery[] = [];
  const runtime = startRuntime(openMemoryStore(), recordingConsumer(deliveries));
  const pushedAt = Date.now();
  const { jobId } = await push(runtime, [{ body: { label: 'later' }, delayInSeconds: 10 }]);
  await expect(new Queue({ key: 'work' }).getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 1, failed: 0 });
  await runtime.idle();
  expect(deliveries[0]!.at - pushedAt).toBeGreaterThanOrEqual(10 * 1000 * DELAY_SCALE - 5);
  expect(deliveries[0]!.event.delayInSeconds).toBe(10);
});

test('an InvocationError asks for a retry after retryAfter, with retryContext; the next delivery succeeds', async () => {
  const deliveries: Delivery[] = [];
  const runtime = startRuntime(openMemoryStore(), recordingConsumer(deliveries));
  const { jobId } = await push(runtime, [{ body: { label: 'flaky', retries: 2 } }]);
  await runtime.idle();

  expect(deliveries.map(({ event }) => event.retryContext)).toEqual([
    undefined,
    { retryCount: 1, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { page: 1 } },
    { retryCount: 2, retryReason: 'FUNCTION_UPSTREAM_RATE_LIMITED', retryData: { page: 2 } },
  ]);
  // Same event every time, each retry at least retryAfter (5 s, scaled) after the previous delivery.
  expect(new Set(deliveries.map(({ event }) => event.eventId)).size).toBe(1);
  for (let index = 1; index < deliveries.length; index += 1)
    expect(deliveries[index]!.at - deliveries[index - 1]!.at).toBeGreaterThanOrEqual(5 * 1000 * DELAY_SCALE - 5);
  await expect(new Queue({ key: 'work' }).getStats(jobId)).resolves.toEqual({ success: 1, inProgress: 0, failed: 0 });
});

test('a consumer that keeps throwing is retried four times, then the event counts as failed', async () => {
  const store = openMemoryStore();
  const deliveries: Delivery[] = [];
  const runtime = startRuntime(store, recordingConsumer(deliveries));
  const { jobId } = await push(runtime, [{ body: { label: 'broken', alwaysThrow: true } }]);
  await runtime.idle();

  expect(deliveries.map(({ event }) => event.retryContext?.retryCount ?? 0)).toEqual([0, 1, 2, 3, 4]);
  expect(deliveries[1]!.event.retryContext?.retryReason).toBe('FUNCTION_PLATFORM_UNKNOWN_ERROR');
  expect(runtime.queues.deliveries.map((record) => record.outcome)).toEqual(['retry', 'retry', 'retry', 'retry', 'failed']);
  expect(runtime.queues.deliveries[0]!.error).toBe('cannot process broken');
  expect(store.size(QUEUE_COLLECTION)).toBe(0);
  await expect(new Queue({ key: 'work' }).getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 0, failed: 1 });
}, 20_000);

test("cancel drops a job's waiting events; unknown jobs and queues without a consumer are refused", async () => {
  const deliveries: Delivery[] = [];
  const runtime = startRuntime(openMemoryStore(), recordingConsumer(deliveries));
  const queue = new Queue({ key: 'work' });
  const { jobId } = await push(
    runtime,
    [1, 2, 3].map((n) => ({ body: { label: `waiting ${n}` }, delayInSeconds: 60 })),
  );
  await queue.cancel(jobId);
  await runtime.idle();
  expect(deliveries).toEqual([]);
  await expect(queue.getStats(jobId)).resolves.toEqual({ success: 0, inProgress: 0, failed: 3 });
  await expect(queue.getStats('no-such-job')).rejects.toBeInstanceOf(JobDoesNotExistError);
  await expect(new Queue({ key: 'nobody-listens' }).push({ body: { label: 'lost' } })).rejects.toThrow(
    /No consumer in manifest.yml listens to queue 'nobody-listens'/,
  );
});

test('at least once: an event whose consumer had not finished when the process stopped is delivered after a restart', async () => {
  const dataDir = path.join(tempDir, 'data');
  let store = openDurableStore(dataDir);
  let releaseStuckConsumer: () => void = () => undefined;
  const firstRun: Delivery[] = [];
  let runtime = startRuntime(store, async (event, context) => {
    firstRun.push({ event, context, at: Date.now() });
    // The process "dies" while this consumer runs.
    await new Promise<void>((resolve) => (releaseStuckConsumer = resolve));
  });
  const { jobId } = await push(runtime, [
    { body: { label: 'running at the crash' } },
    { body: { label: 'not yet due at the crash' }, delayInSeconds: 30 },
  ]);
  while (firstRun.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  runtime.queues.stop();
  store.close();

  store = openDurableStore(dataDir);
  expect(store.list(QUEUE_COLLECTION)).toHaveLength(2);
  const secondRun: Delivery[] = [];
  runtime = startRuntime(store, recordingConsumer(secondRun));
  expect(runtime.redeliverQueuedEvents()).toBe(2);
  // The old consumer finishing late must not touch anything.
  releaseStuckConsumer();
  await runtime.idle();

  expect(secondRun.map(({ event }) => event.body.label).sort()).toEqual(['not yet due at the crash', 'running at the crash']);
  const redelivered = secondRun.find(({ event }) => event.body.label === 'running at the crash')!.event;
  expect(redelivered.eventId).toBe(firstRun[0]!.event.eventId);
  expect(redelivered.jobId).toBe(jobId);
  expect(store.size(QUEUE_COLLECTION)).toBe(0);
  expect(store.get(QUEUE_JOB_COLLECTION, jobId)).toMatchObject({ pushed: 2, success: 2, failed: 0 });
  store.close();
});
