import { createKvsService } from '../../../sandbox/forge/kvs-service';
import { KVS_UNIT_BYTES, KvsUsage } from '../../../sandbox/forge/kvs-usage';
import { openMemoryStore } from '../../../sandbox/store/durable-store';

const setUp = () => {
  const usage = new KvsUsage();
  const kvs = createKvsService(openMemoryStore(), () => new Date('2026-12-08T00:00:00Z'), { usage });
  return { usage, kvs };
};

test('a small read or write counts one unit; a larger one a unit per started 10 KB', () => {
  const { usage, kvs } = setUp();
  kvs.handle('/api/v1/set', { key: 'small', value: 'x' });
  kvs.handle('/api/v1/set', { key: 'large', value: 'y'.repeat(2 * KVS_UNIT_BYTES + 1) });
  expect(usage.report().writes).toEqual({ calls: 2, units: 1 + 3 });
  kvs.handle('/api/v1/get', { key: 'small' });
  // The request is a few bytes; the answer carries 20 KB and a bit: three units.
  kvs.handle('/api/v1/get', { key: 'large' });
  expect(usage.report().reads).toEqual({ calls: 2, units: 1 + 3 });
});

test('a batch read of 25 keys counts by what it brings back, not per key', () => {
  const { usage, kvs } = setUp();
  const keys = Array.from({ length: 25 }, (_, index) => `record-${index}`);
  for (const key of keys) kvs.handle('/api/v1/set', { key, value: { note: 'z'.repeat(300) } });
  usage.reset();
  kvs.handle(
    '/api/v1/batch/get',
    keys.map((key) => ({ key })),
  );
  expect(usage.report()).toEqual({ reads: { calls: 1, units: 1 }, writes: { calls: 0, units: 0 } });
});

test('a refused call is counted too, and reset starts from nothing', () => {
  const { usage, kvs } = setUp();
  expect(kvs.handle('/api/v1/set', { key: '', value: 1 }).status).toBe(400);
  expect(usage.report().writes.calls).toBe(1);
  usage.reset();
  expect(usage.report()).toEqual({ reads: { calls: 0, units: 0 }, writes: { calls: 0, units: 0 } });
});
