/**
 * Reading many delivery records at once (the reports read a whole project's) over the sandbox's KVS,
 * which answers batch reads as Forge documents them: at most 25 keys a batch.
 */
import { kvs } from '@forge/kvs';
import { createKvsService } from '../../../sandbox/forge/kvs-service';
import { openMemoryStore } from '../../../sandbox/store/durable-store';
import { getDeliveryRecords, updateDeliveryRecord } from '../../../src/storage/delivery-store';

type ForgeFetch = (target: unknown, path: string, init: { body: string }) => Promise<Response>;
const forgeGlobals = globalThis as unknown as { __forge_fetch__?: ForgeFetch };
let batches: number[];
let failNext: string | null;

beforeEach(() => {
  batches = [];
  failNext = null;
  const service = createKvsService(openMemoryStore(), () => new Date());
  forgeGlobals.__forge_fetch__ = async (_target, path, init) => {
    const body = JSON.parse(init.body) as unknown;
    if (path === '/api/v1/batch/get') batches.push((body as unknown[]).length);
    if (path === '/api/v1/batch/get' && failNext) {
      const keys = (body as { key: string }[]).map((item) => item.key);
      return new Response(
        JSON.stringify({
          successfulKeys: [],
          failedKeys: keys.map((key) => ({ key, error: { code: failNext, message: 'Storage is busy' } })),
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    }
    const response = service.handle(path, body);
    return new Response(response.body === undefined ? null : JSON.stringify(response.body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
});

afterAll(() => {
  delete forgeGlobals.__forge_fetch__;
});

test('batch reads of at most 25 keys; an issue without a record gets an empty one, in the order asked', async () => {
  const ids = Array.from({ length: 60 }, (_, index) => String(10_000 + index));
  for (const id of ids.filter((_, index) => index % 2 === 0)) {
    await updateDeliveryRecord(id, (current) => ({
      ...current,
      closure: { ...current.closure, completedAt: '2026-05-01T08:00:00.000Z' },
    }));
  }
  const records = await getDeliveryRecords(ids);
  expect(batches.sort((left, right) => left - right)).toEqual([10, 25, 25]);
  expect([...records.keys()]).toEqual(ids);
  expect(records.get('10000')).toMatchObject({
    issueId: '10000',
    revision: 1,
    closure: { completedAt: '2026-05-01T08:00:00.000Z' },
  });
  expect(records.get('10001')).toMatchObject({ issueId: '10001', revision: 0, closure: { completedAt: null } });
  expect(await kvs.get('delivery:issue:10001')).toBeUndefined();
});

test('a batch that fails for another reason than a missing key fails the read: no report from half the records', async () => {
  failNext = 'INTERNAL_SERVER_ERROR';
  await expect(getDeliveryRecords(['10000', '10001'])).rejects.toThrow('Could not read 2 delivery records: Storage is busy');
});
