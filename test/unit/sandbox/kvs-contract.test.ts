/**
 * Drives the real `@forge/kvs` client against the emulator's KVS service: the client builds the
 * requests and parses the responses exactly as it does in Forge, so anything the service gets wrong
 * about paths, bodies, status codes or response shapes shows up here.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Filter, FilterConditions, ForgeKvsAPIError, kvs, MetadataField, Sort, WhereConditions } from '@forge/kvs';
import { createKvsService, MAX_KEY_LENGTH, MAX_VALUE_BYTES, type KvsService } from '../../../sandbox/forge/kvs-service';
import { declaredEntityIndexes, readManifest } from '../../../sandbox/forge/runtime';
import { openDurableStore, openMemoryStore, type DurableStore } from '../../../sandbox/store/durable-store';

type ForgeFetch = (
  target: unknown,
  path: string,
  init: { method: string; body: string; headers: Record<string, string> },
) => Promise<Response>;
const forgeGlobals = globalThis as unknown as { __forge_fetch__?: ForgeFetch };

const START = new Date('2025-03-01T12:00:00Z');
const seconds = (date: Date): number => Math.floor(date.getTime() / 1000);

let store: DurableStore;
let now: Date;
let requests: Array<{ path: string; body: unknown }>;

const advance = (ms: number): void => {
  now = new Date(now.getTime() + ms);
};

/** Routes the client's __forge_fetch__ calls to the service, as the sandbox runtime does. */
function serve(service: KvsService): void {
  forgeGlobals.__forge_fetch__ = async (target, path, init) => {
    // The client's own routing, exactly as Forge receives it.
    expect(target).toEqual({ type: 'kvs', provider: 'app', remote: 'kvs' });
    expect(init.method).toBe('POST');
    expect(init.headers['content-type']).toBe('application/json');
    const body = JSON.parse(init.body) as unknown;
    requests.push({ path, body });
    const response = service.handle(path, body);
    return new Response(response.body === undefined ? null : JSON.stringify(response.body), {
      status: response.status,
      headers: { 'content-type': 'application/json' },
    });
  };
}

beforeEach(() => {
  store = openMemoryStore();
  now = START;
  requests = [];
  serve(
    createKvsService(store, () => now, {
      entityIndexes: { employee: ['surname', { name: 'by-year-age', partition: ['employmentyear'], range: ['age'] }] },
    }),
  );
});

afterAll(() => {
  delete forgeGlobals.__forge_fetch__;
});

/** Expects the client to reject with a ForgeKvsAPIError carrying this code and HTTP status. */
async function expectApiError(promise: Promise<unknown>, code: string, status = 400): Promise<ForgeKvsAPIError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ForgeKvsAPIError);
  const apiError = error as ForgeKvsAPIError;
  expect({ code: apiError.code, status: apiError.responseDetails.status }).toEqual({ code, status });
  return apiError;
}

describe('plain keys', () => {
  test('a missing key reads as undefined', async () => {
    await expect(kvs.get('missing')).resolves.toBeUndefined();
    await expect(kvs.get('missing', { metadataFields: [MetadataField.CREATED_AT] })).resolves.toBeUndefined();
    expect(requests).toEqual([
      { path: '/api/v1/get', body: { key: 'missing' } },
      { path: '/api/v1/get', body: { key: 'missing', options: { metadataFields: ['CREATED_AT'] } } },
    ]);
  });

  test.each([
    ['an object', { title: 'Scoring', weights: { urgency: 30 }, tags: ['a', 'b'], nested: { deep: [{ x: null }] } }],
    ['a string', 'plain text'],
    ['an empty string', ''],
    ['zero', 0],
    ['a negative float', -12.5],
    ['false', false],
    ['an array', [1, 'two', { three: 3 }]],
    ['unicode text', 'Требование ✓ 要求 🎯 é'],
    ['an object with unicode keys', { clé: 'valeur', 键: ['值'] }],
  ])('set and get round-trip %s', async (_label, value) => {
    await kvs.set('round:trip', value);
    await expect(kvs.get('round:trip')).resolves.toEqual(value);
  });

  test('keys may use every documented character', async () => {
    const key = 'a-Z_0.9:# with spaces\ttab';
    await kvs.set(key, 1);
    await expect(kvs.get(key)).resolves.toBe(1);
  });

  test('overwriting keeps createdAt and moves updatedAt (Unix seconds)', async () => {
    await kvs.set('meta', 'v1');
    advance(90_000);
    await kvs.set('meta', 'v2');
    await expect(kvs.get('meta', { metadataFields: [MetadataField.CREATED_AT, MetadataField.UPDATED_AT] })).resolves.toEqual({
      key: 'meta',
      value: 'v2',
      createdAt: seconds(START),
      updatedAt: seconds(START) + 90,
    });
  });

  test('delete removes a key; deleting a missing key is not an error', async () => {
    await kvs.set('gone', { x: 1 });
    await kvs.delete('gone');
    await expect(kvs.get('gone')).resolves.toBeUndefined();
    await expect(kvs.delete('gone')).resolves.toBeUndefined();
  });

  test('keyPolicy FAIL_IF_EXISTS refuses to overwrite', async () => {
    await kvs.set('once', 'first', { keyPolicy: 'FAIL_IF_EXISTS' });
    await expectApiError(kvs.set('once', 'second', { keyPolicy: 'FAIL_IF_EXISTS' }), 'KEY_ALREADY_EXISTS', 409);
    await expect(kvs.get('once')).resolves.toBe('first');
  });

  test('returnValue gives the previous or the latest item', async () => {
    await expect(kvs.set('ret', 'v1', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS' })).resolves.toBeUndefined();
    advance(5_000);
    await expect(
      kvs.set('ret', 'v2', { keyPolicy: 'OVERRIDE', returnValue: 'PREVIOUS', returnMetadataFields: [MetadataField.UPDATED_AT] }),
    ).resolves.toEqual({
      key: 'ret',
      value: 'v1',
      updatedAt: seconds(START),
    });
    await expect(kvs.set('ret', 'v3', { keyPolicy: 'OVERRIDE', returnValue: 'LATEST' })).resolves.toEqual({
      key: 'ret',
      value: 'v3',
    });
  });

  test('a TTL makes the key expire; expireTime is reported', async () => {
    await kvs.set('short-lived', 'soon gone', { ttl: { value: 5, unit: 'MINUTES' } });
    await expect(kvs.get('short-lived', { metadataFields: [MetadataField.EXPIRE_TIME] })).resolves.toEqual({
      key: 'short-lived',
      value: 'soon gone',
      expireTime: '2025-03-01T12:05:00Z',
    });
    advance(4 * 60_000);
    await expect(kvs.get('short-lived')).resolves.toBe('soon gone');
    await expectApiError(kvs.set('bad-ttl', 1, { ttl: { value: 0, unit: 'DAYS' } }), 'BAD_REQUEST');
  });

  test('an expired key is deleted lazily: still read, queried and existing for FAIL_IF_EXISTS until 48 hours after its expiry', async () => {
    await kvs.set('lazy', { holder: 'a' }, { ttl: { value: 30, unit: 'SECONDS' } });
    advance(60_000);
    await expect(kvs.get('lazy', { metadataFields: [MetadataField.EXPIRE_TIME] })).resolves.toEqual({
      key: 'lazy',
      value: { holder: 'a' },
      expireTime: '2025-03-01T12:00:30Z',
    });
    await expect(kvs.query().getMany()).resolves.toEqual({ results: [{ key: 'lazy', value: { holder: 'a' } }] });
    await expectApiError(kvs.set('lazy', { holder: 'b' }, { keyPolicy: 'FAIL_IF_EXISTS' }), 'KEY_ALREADY_EXISTS', 409);
    advance(48 * 3_600_000 - 60_000);
    await expect(kvs.get('lazy')).resolves.toEqual({ holder: 'a' });
    advance(30_000);
    await expect(kvs.get('lazy')).resolves.toBeUndefined();
    await expect(kvs.query().getMany()).resolves.toEqual({ results: [] });
    await expect(kvs.set('lazy', { holder: 'b' }, { keyPolicy: 'FAIL_IF_EXISTS' })).resolves.toBeUndefined();
  });

  test('expiredRetentionMs 0 removes an expired key at its expiry', async () => {
    serve(createKvsService(store, () => now, { expiredRetentionMs: 0 }));
    await kvs.set('strict', 1, { ttl: { value: 5, unit: 'MINUTES' } });
    advance(5 * 60_000);
    await expect(kvs.get('strict')).resolves.toBeUndefined();
  });

  test.each([
    ['empty', '', 'KEY_TOO_SHORT'],
    ['too long', 'k'.repeat(MAX_KEY_LENGTH + 1), 'KEY_TOO_LONG'],
    ['with a slash', 'a/b', 'INVALID_KEY'],
    ['non-ASCII', 'ключ', 'INVALID_KEY'],
    ['only whitespace', '   ', 'INVALID_KEY'],
  ])('an invalid key (%s) is rejected', async (_label, key, code) => {
    await expectApiError(kvs.set(key, 'value'), code);
    await expectApiError(kvs.get(key), code);
    expect(store.size('kvs')).toBe(0);
  });

  test('a key of exactly the maximum length is accepted', async () => {
    await kvs.set('k'.repeat(MAX_KEY_LENGTH), 'fits');
    await expect(kvs.get('k'.repeat(MAX_KEY_LENGTH))).resolves.toBe('fits');
  });

  test('a value over 240 KiB is rejected; one at the limit is stored', async () => {
    const atLimit = 'x'.repeat(MAX_VALUE_BYTES - 2); // the JSON quotes count
    await kvs.set('big', atLimit);
    await expect(kvs.get('big')).resolves.toHaveLength(MAX_VALUE_BYTES - 2);
    const error = await expectApiError(kvs.set('too-big', atLimit + 'x'), 'MAX_SIZE');
    expect(error.message).toMatch(/245761 bytes/);
    // Multi-byte characters count by their UTF-8 size.
    await expectApiError(kvs.set('too-big', 'é'.repeat(MAX_VALUE_BYTES / 2)), 'MAX_SIZE');
    await expect(kvs.get('too-big')).resolves.toBeUndefined();
  });

  test('a value nested deeper than 31 levels is rejected', async () => {
    const nest = (depth: number): unknown => (depth === 0 ? 'leaf' : { child: nest(depth - 1) });
    await kvs.set('deep', nest(31));
    await expectApiError(kvs.set('too-deep', nest(32)), 'MAX_DEPTH');
  });
});

describe('query', () => {
  const pageKeys = Array.from({ length: 25 }, (_, i) => `page:${String(i).padStart(2, '0')}`);

  beforeEach(async () => {
    // Inserted out of order: results come back sorted by key.
    for (const key of [...pageKeys].reverse()) await kvs.set(key, { key });
    await kvs.set('other:1', 'not matched');
    await kvs.setSecret('page:secret', 'never listed');
  });

  test('beginsWith with limit pages through every match with cursors', async () => {
    const pages: string[][] = [];
    let cursor: string | undefined;
    do {
      const query = kvs.query().where('key', WhereConditions.beginsWith('page:')).limit(10);
      const page = await (cursor ? query.cursor(cursor) : query).getMany<{ key: string }>();
      pages.push(page.results.map((result) => result.key));
      for (const result of page.results) expect(result.value).toEqual({ key: result.key });
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages.map((page) => page.length)).toEqual([10, 10, 5]);
    expect(pages.flat()).toEqual(pageKeys);
    expect(requests.filter((request) => request.path === '/api/v1/query').at(-1)?.body).toEqual({
      limit: 10,
      after: expect.any(String),
      where: [{ property: 'key', condition: 'BEGINS_WITH', values: ['page:'] }],
    });
  });

  test('without a limit a page holds 10; without where every plain key matches', async () => {
    const first = await kvs.query().getMany();
    expect(first.results).toHaveLength(10);
    expect(first.nextCursor).toEqual(expect.any(String));
    let total = first.results.length;
    for (let cursor = first.nextCursor; cursor;) {
      const page = await kvs.query().cursor(cursor).getMany();
      total += page.results.length;
      cursor = page.nextCursor;
    }
    expect(total).toBe(26);
  });

  test('getOne returns the first match, or undefined', async () => {
    await expect(kvs.query().where('key', WhereConditions.beginsWith('page:1')).getOne()).resolves.toEqual({
      key: 'page:10',
      value: { key: 'page:10' },
    });
    await expect(kvs.query().where('key', WhereConditions.beginsWith('nothing')).getOne()).resolves.toBeUndefined();
  });

  test('metadata fields are returned when asked for', async () => {
    const page = await kvs
      .query({ metadataFields: [MetadataField.CREATED_AT] })
      .where('key', WhereConditions.beginsWith('other'))
      .getMany();
    expect(page.results).toEqual([{ key: 'other:1', value: 'not matched', createdAt: seconds(START) }]);
  });

  test('a cursor stays valid when keys change between pages', async () => {
    const first = await kvs.query().where('key', WhereConditions.beginsWith('page:')).limit(10).getMany();
    await kvs.delete('page:10');
    await kvs.set('page:05a', 'inserted before the cursor');
    const second = await kvs
      .query()
      .where('key', WhereConditions.beginsWith('page:'))
      .limit(10)
      .cursor(first.nextCursor!)
      .getMany();
    expect(second.results.map((result) => result.key)).toEqual(pageKeys.slice(11, 21));
  });

  test('limits outside 1..100 and foreign cursors are rejected', async () => {
    await expectApiError(kvs.query().limit(101).getMany(), 'BAD_REQUEST');
    await expectApiError(kvs.query().limit(0).getMany(), 'BAD_REQUEST');
    await expectApiError(kvs.query().cursor('not-a-cursor').getMany(), 'INVALID_CURSOR');
  });
});

describe('batch operations', () => {
  test('batchSet stores the valid items in one commit and reports the invalid ones', async () => {
    const commit = jest.spyOn(store, 'commit');
    const result = await kvs.batchSet<unknown>([
      { key: 'b1', value: 'one' },
      { key: 'b2', value: { two: 2 } },
      { key: 'bad/key', value: 'x' },
      { key: 'e1', value: { surname: 'Ng', age: 40, employmentyear: 2020 }, entityName: 'employee' },
    ]);
    expect(result.successfulKeys).toEqual([{ key: 'b1' }, { key: 'b2' }, { key: 'e1', entityName: 'employee' }]);
    expect(result.failedKeys).toEqual([{ key: 'bad/key', error: { code: 'INVALID_KEY', message: expect.any(String) } }]);
    expect(commit).toHaveBeenCalledTimes(1);
    await expect(kvs.get('b2')).resolves.toEqual({ two: 2 });
    await expect(kvs.entity('employee').get('e1')).resolves.toEqual({ surname: 'Ng', age: 40, employmentyear: 2020 });
  });

  test('batchGet returns found items with metadata and reports missing ones', async () => {
    await kvs.set('g1', 'one');
    await kvs.entity('employee').set('g2', { surname: 'Ito', age: 30, employmentyear: 2021 });
    const result = await kvs.batchGet([{ key: 'g1' }, { key: 'g2', entityName: 'employee' }, { key: 'missing' }]);
    expect(result.successfulKeys).toEqual([
      { key: 'g1', value: 'one' },
      { key: 'g2', entityName: 'employee', value: { surname: 'Ito', age: 30, employmentyear: 2021 } },
    ]);
    expect(result.failedKeys).toEqual([{ key: 'missing', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
  });

  test('batchDelete deletes what exists and reports what does not', async () => {
    await kvs.set('d1', 1);
    await kvs.set('d2', 2);
    const result = await kvs.batchDelete([{ key: 'd1' }, { key: 'd2' }, { key: 'd3' }]);
    expect(result.successfulKeys).toEqual([{ key: 'd1' }, { key: 'd2' }]);
    expect(result.failedKeys).toEqual([{ key: 'd3', error: { code: 'KEY_NOT_FOUND', message: expect.any(String) } }]);
    await expect(kvs.get('d1')).resolves.toBeUndefined();
  });

  test('a batch must be non-empty, hold at most 25 items and name each key once', async () => {
    await expectApiError(kvs.batchSet([]), 'BAD_REQUEST');
    await expectApiError(kvs.batchSet(Array.from({ length: 26 }, (_, i) => ({ key: `k${i}`, value: i }))), 'TOO_MANY_ITEMS');
    await expectApiError(kvs.batchGet([{ key: 'same' }, { key: 'same' }]), 'DUPLICATE_KEY');
    expect(store.size('kvs')).toBe(0);
  });
});

interface Employee {
  surname: string;
  age: number;
  employmentyear: number;
  skills?: string[];
}

describe('transactions', () => {
  test('sets and deletes are applied together, in one commit', async () => {
    await kvs.set('t:old', 'to delete');
    const commit = jest.spyOn(store, 'commit');
    await kvs.transact().set('t:a', 1).set('t:b', { b: true }).delete('t:old').delete('t:never-existed').execute();
    expect(commit).toHaveBeenCalledTimes(1);
    await expect(kvs.get('t:a')).resolves.toBe(1);
    await expect(kvs.get('t:b')).resolves.toEqual({ b: true });
    await expect(kvs.get('t:old')).resolves.toBeUndefined();
    expect(requests.at(-4)).toEqual({
      path: '/api/v1/transaction',
      body: {
        set: [
          { key: 't:a', value: 1 },
          { key: 't:b', value: { b: true } },
        ],
        delete: [{ key: 't:old' }, { key: 't:never-existed' }],
      },
    });
  });

  test('a failing check writes nothing at all', async () => {
    await kvs.entity<Employee>('employee').set('emp-1', { surname: 'Ng', age: 30, employmentyear: 2020 });
    await kvs.set('t:keep', 'still here');
    const tooYoung = new Filter<Employee>().and('age', FilterConditions.greaterThan(40));
    await expectApiError(
      kvs
        .transact()
        .set('t:new', 'never written')
        .delete('t:keep')
        .check('emp-1', { entityName: 'employee', conditions: tooYoung })
        .execute(),
      'CONDITION_CHECK_FAILED',
      409,
    );
    await expect(kvs.get('t:new')).resolves.toBeUndefined();
    await expect(kvs.get('t:keep')).resolves.toBe('still here');

    const oldEnough = new Filter<Employee>()
      .and('age', FilterConditions.greaterThanEqualTo(30))
      .and('surname', FilterConditions.equalTo('Ng'));
    await kvs.transact().set('t:new', 'written').check('emp-1', { entityName: 'employee', conditions: oldEnough }).execute();
    await expect(kvs.get('t:new')).resolves.toBe('written');
  });

  test('conditional entity writes see the current item', async () => {
    const employees = kvs.entity<Employee>('employee');
    await employees.set('emp-2', { surname: 'Ito', age: 30, employmentyear: 2021 });
    const stillThirty = new Filter<Employee>().and('age', FilterConditions.equalTo(30));
    await kvs
      .transact()
      .set<Employee>(
        'emp-2',
        { surname: 'Ito', age: 31, employmentyear: 2021 },
        { entityName: 'employee', conditions: stillThirty },
      )
      .execute();
    await expect(employees.get('emp-2')).resolves.toMatchObject({ age: 31 });
    // The same write again no longer meets its condition: optimistic concurrency.
    await expectApiError(
      kvs
        .transact()
        .set<Employee>(
          'emp-2',
          { surname: 'Ito', age: 99, employmentyear: 2021 },
          { entityName: 'employee', conditions: stillThirty },
        )
        .execute(),
      'CONDITION_CHECK_FAILED',
      409,
    );
    // Creating only if absent.
    const absent = new Filter<Employee>().and('surname', FilterConditions.notExists());
    await kvs
      .transact()
      .set<Employee>('emp-3', { surname: 'Roy', age: 50, employmentyear: 2000 }, { entityName: 'employee', conditions: absent })
      .execute();
    await expectApiError(
      kvs.transact().delete<Employee>('emp-3', { entityName: 'employee', conditions: absent }).execute(),
      'CONDITION_CHECK_FAILED',
      409,
    );
    await expect(employees.get('emp-3')).resolves.toMatchObject({ surname: 'Roy' });
  });

  test('an invalid operation, a repeated key or more than 25 operations reject the whole transaction', async () => {
    await expectApiError(kvs.transact().set('t:ok', 1).set('bad/key', 2).execute(), 'INVALID_KEY');
    await expectApiError(kvs.transact().set('t:ok', 1).set('t:too-big', 'x'.repeat(MAX_VALUE_BYTES)).execute(), 'MAX_SIZE');
    await expectApiError(kvs.transact().set('t:ok', 1).delete('t:ok').execute(), 'DUPLICATE_KEY');
    const tooMany = kvs.transact();
    for (let i = 0; i < 26; i += 1) tooMany.set(`t:${i}`, i);
    await expectApiError(tooMany.execute(), 'TOO_MANY_OPERATIONS');
    await expect(kvs.get('t:ok')).resolves.toBeUndefined();
    expect(store.size('kvs')).toBe(0);
  });
});

describe('secrets', () => {
  test('are stored apart from plain keys and read back with their own calls', async () => {
    await kvs.setSecret('api-token', { token: 's3cr3t' });
    await kvs.set('api-token', 'plain value');
    await expect(kvs.getSecret('api-token')).resolves.toEqual({ token: 's3cr3t' });
    await expect(kvs.get('api-token')).resolves.toBe('plain value');
    await expect(kvs.getSecret('api-token', { metadataFields: [MetadataField.CREATED_AT] })).resolves.toEqual({
      key: 'api-token',
      value: { token: 's3cr3t' },
      createdAt: seconds(START),
    });
    await kvs.deleteSecret('api-token');
    await expect(kvs.getSecret('api-token')).resolves.toBeUndefined();
    await expect(kvs.get('api-token')).resolves.toBe('plain value');
    await expect(kvs.deleteSecret('api-token')).resolves.toBeUndefined();
    expect(requests.map((request) => request.path)).toContain('/api/v1/secret/set');
  });

  test('follow the same key and size rules', async () => {
    await expectApiError(kvs.setSecret('bad/key', 1), 'INVALID_KEY');
    await expectApiError(kvs.setSecret('big', 'x'.repeat(MAX_VALUE_BYTES)), 'MAX_SIZE');
  });
});

describe('custom entities', () => {
  const staff: Array<[string, Employee]> = [
    ['e01', { surname: 'Adams', age: 25, employmentyear: 2020, skills: ['jira'] }],
    ['e02', { surname: 'Baker', age: 33, employmentyear: 2020, skills: ['forge', 'jira'] }],
    ['e03', { surname: 'Brown', age: 41, employmentyear: 2021 }],
    ['e04', { surname: 'Burns', age: 29, employmentyear: 2020, skills: ['react'] }],
    ['e05', { surname: 'Clark', age: 35, employmentyear: 2020 }],
    ['e06', { surname: 'Bell', age: 52, employmentyear: 2019, skills: ['forge'] }],
  ];
  const employees = () => kvs.entity<Employee>('employee');

  beforeEach(async () => {
    for (const [key, employee] of staff) await employees().set(key, employee);
  });

  test('set, get with metadata and delete', async () => {
    await expect(employees().get('e01')).resolves.toEqual(staff[0]?.[1]);
    await expect(employees().get('e01', { metadataFields: [MetadataField.UPDATED_AT] })).resolves.toEqual({
      key: 'e01',
      value: staff[0]?.[1],
      updatedAt: seconds(START),
    });
    await employees().delete('e01');
    await expect(employees().get('e01')).resolves.toBeUndefined();
    await expect(kvs.get('e01')).resolves.toBeUndefined(); // entities do not leak into plain keys
    expect(store.size('kvs-entity:employee')).toBe(staff.length - 1);
  });

  test('a range query on a declared index, ascending and descending', async () => {
    const ascending = await employees().query().index('surname').where(WhereConditions.beginsWith('B')).getMany();
    expect(ascending.results.map((result) => result.value.surname)).toEqual(['Baker', 'Bell', 'Brown', 'Burns']);
    const descending = await employees()
      .query()
      .index('surname')
      .where(WhereConditions.beginsWith('B'))
      .sort(Sort.DESC)
      .getMany();
    expect(descending.results.map((result) => result.key)).toEqual(['e04', 'e03', 'e06', 'e02']);
  });

  test('a partitioned index with a range and filters', async () => {
    const result = await employees()
      .query()
      .index('by-year-age', { partition: [2020] })
      .where(WhereConditions.between(26, 40))
      .filters(
        new Filter<Employee>().or('skills', FilterConditions.contains('jira')).or('surname', FilterConditions.equalTo('Clark')),
      )
      .getMany();
    expect(result.results.map((item) => [item.key, item.value.age])).toEqual([
      ['e02', 33],
      ['e05', 35],
    ]);
    const withoutSkills = await employees()
      .query()
      .index('by-year-age', { partition: [2020] })
      .filters(new Filter<Employee>().and('skills', FilterConditions.notExists()))
      .getMany();
    expect(withoutSkills.results.map((item) => item.key)).toEqual(['e05']);
  });

  test('entity queries page with cursors', async () => {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const query = employees().query().index('surname').limit(4);
      const page = await (cursor ? query.cursor(cursor) : query).getMany();
      keys.push(...page.results.map((result) => result.value.surname));
      cursor = page.nextCursor;
    } while (cursor);
    expect(keys).toEqual(['Adams', 'Baker', 'Bell', 'Brown', 'Burns', 'Clark']);
    await expect(employees().query().index('surname').where(WhereConditions.greaterThan('C')).getOne()).resolves.toEqual({
      key: 'e05',
      value: staff[4]?.[1],
    });
  });

  test('an entity without declared indexes can be queried by attribute name', async () => {
    const tasks = kvs.entity<{ title: string; priority: number }>('task');
    await tasks.set('t1', { title: 'low', priority: 1 });
    await tasks.set('t2', { title: 'high', priority: 5 });
    await tasks.set('t3', { title: 'mid', priority: 3 });
    const urgent = await tasks.query().index('priority').where(WhereConditions.greaterThanEqualTo(3)).sort(Sort.DESC).getMany();
    expect(urgent.results.map((result) => result.value.title)).toEqual(['high', 'mid']);
  });

  test('unknown indexes, wrong partitions, bad names and non-object values are rejected', async () => {
    await expectApiError(employees().query().index('by-nothing').getMany(), 'INDEX_NOT_FOUND');
    await expectApiError(employees().query().index('by-year-age').getMany(), 'INVALID_PARTITION');
    await expectApiError(kvs.entity('ab').set('k', { a: 1 }), 'ENTITY_TYPE_TOO_SHORT');
    await expectApiError(kvs.entity('Employee').set('k', { a: 1 }), 'INVALID_ENTITY_TYPE');
    await expectApiError(kvs.entity<unknown>('employee').set('k', 'not an object'), 'BAD_REQUEST');
    await expectApiError(employees().set('', { surname: 'X', age: 1, employmentyear: 1 }), 'EMPTY_KEY');
  });
});

test('unknown endpoints answer 404 like Forge', () => {
  const service = createKvsService(openMemoryStore(), () => START);
  expect(service.handle('/api/v1/nope', {})).toEqual({ status: 404, body: { code: 'NOT_FOUND', message: expect.any(String) } });
  expect(service.handle('/api/v1/get', 'not an object')).toEqual({
    status: 400,
    body: { code: 'BAD_REQUEST', message: expect.any(String) },
  });
});

test('on the durable store, KVS data survives a restart of the emulator', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-kvs-'));
  try {
    const first = openDurableStore(dataDir);
    serve(createKvsService(first, () => now));
    await kvs.set('framework:global:v:0001', { version: 1 });
    await kvs.transact().set('setup:project:REQ', { done: true }).set('latest', 1).execute();
    await kvs.setSecret('token', 'abc');
    first.close();

    const second = openDurableStore(dataDir);
    serve(createKvsService(second, () => now));
    await expect(kvs.get('framework:global:v:0001')).resolves.toEqual({ version: 1 });
    await expect(kvs.batchGet([{ key: 'setup:project:REQ' }, { key: 'latest' }])).resolves.toEqual({
      successfulKeys: [
        { key: 'setup:project:REQ', value: { done: true } },
        { key: 'latest', value: 1 },
      ],
      failedKeys: [],
    });
    await expect(kvs.getSecret('token')).resolves.toBe('abc');
    second.close();
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
});

describe('the sandbox serves the customer entity with the indexes manifest.yml declares', () => {
  const manifest = readManifest(path.resolve(__dirname, '../../../manifest.yml'));

  test('the declaration is read from the manifest', () => {
    expect(declaredEntityIndexes(manifest).customer).toEqual([
      'number',
      'nameKey',
      { name: 'by-type', partition: ['type'], range: ['number'] },
    ]);
  });

  test('a partitioned index answers in range order, and an index the manifest lacks is refused', async () => {
    serve(createKvsService(store, () => now, { entityIndexes: declaredEntityIndexes(manifest) }));
    const customers = kvs.entity<{ number: string; nameKey: string; type: string }>('customer');
    for (const [number, type] of [
      ['CUS202405002', 'key'],
      ['CUS202405001', 'key'],
      ['CUS202405003', 'new'],
    ] as const) {
      await customers.set(number, { number, nameKey: number.toLowerCase(), type });
    }
    const keyCustomers = await customers
      .query()
      .index('by-type', { partition: ['key'] })
      .sort(Sort.DESC)
      .getMany();
    expect(keyCustomers.results.map((result) => result.key)).toEqual(['CUS202405002', 'CUS202405001']);
    await expectApiError(customers.query().index('by-region').getMany(), 'INDEX_NOT_FOUND');
  });
});
