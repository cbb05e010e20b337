/**
 * Both locks of the app (an issue's edit lock and a project's similar-requirement index lock) over
 * the sandbox's KVS, which keeps expired keys readable for 48 hours as Forge may: a lock whose holder
 * died is taken over once the expiry it stored has passed, and a live one is never taken.
 */
import { kvs } from '@forge/kvs';
import { createKvsService } from '../../../sandbox/forge/kvs-service';
import { openMemoryStore } from '../../../sandbox/store/durable-store';
import { ConflictError } from '../../../src/domain/result';
import { updateProjectIndex } from '../../../src/storage/duplicate-index-store';
import { withIssueEditLock } from '../../../src/storage/edit-lock';
import { storageKeys } from '../../../src/storage/keys';
import { acquireLease, releaseLease } from '../../../src/storage/lease';

type ForgeFetch = (target: unknown, path: string, init: { body: string }) => Promise<Response>;
const forgeGlobals = globalThis as unknown as { __forge_fetch__?: ForgeFetch };

let kvsNow: Date;
let requests: { path: string; body: { key?: string } }[];

beforeEach(() => {
  kvsNow = new Date();
  requests = [];
  const service = createKvsService(openMemoryStore(), () => kvsNow);
  forgeGlobals.__forge_fetch__ = async (_target, path, init) => {
    const body = JSON.parse(init.body) as { key?: string };
    requests.push({ path, body });
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

/** What a holder leaves behind: its lease with a 30 s TTL, written `agoMs` before now. */
async function leftBehind(key: string, agoMs: number): Promise<void> {
  const since = Date.now() - agoMs;
  await kvs.set(
    key,
    { owner: 'dead-holder', since: new Date(since).toISOString(), expiresAt: since + 30_000 },
    { ttl: { value: 30, unit: 'SECONDS' } },
  );
  // The sandbox's KVS clock moves on as far; the key's TTL has run out, but KVS still returns it.
  kvsNow = new Date(kvsNow.getTime() + agoMs);
}

describe('the issue edit lock', () => {
  const key = storageKeys.issueEditLock('10001');

  test('an expired lock, still readable in KVS, is taken over by its stored expiry', async () => {
    await leftBehind(key, 60_000);
    expect(await kvs.get(key)).toMatchObject({ owner: 'dead-holder' });
    await expect(withIssueEditLock('10001', async () => 'saved')).resolves.toBe('saved');
    // Released after the work: the key is gone, not the dead holder's value put back.
    expect(await kvs.get(key)).toBeUndefined();
  });

  test('a live lock is not taken: the save is refused and its work never runs', async () => {
    await leftBehind(key, 5_000);
    const work = jest.fn(async () => 'saved');
    await expect(withIssueEditLock('10001', work)).rejects.toBeInstanceOf(ConflictError);
    expect(work).not.toHaveBeenCalled();
    expect(await kvs.get(key)).toMatchObject({ owner: 'dead-holder' });
  });

  test('of two callers that find the same expired lock, exactly one takes it over', async () => {
    await leftBehind(key, 60_000);
    const owners = await Promise.all([acquireLease(key, 30), acquireLease(key, 30)]);
    expect(owners.filter((owner) => owner !== null)).toHaveLength(1);
    expect(await kvs.get(key)).toMatchObject({ owner: owners.find((owner) => owner !== null) });
  });

  test('a holding that outlived its lease does not release the lock someone took over', async () => {
    const first = await acquireLease(key, 30);
    expect(first).not.toBeNull();
    const stored = (await kvs.get<{ expiresAt: number }>(key))!;
    await kvs.set(key, { ...stored, expiresAt: Date.now() - 1 });
    const second = await acquireLease(key, 30);
    expect(second).not.toBeNull();
    await releaseLease(key, first!);
    expect(await kvs.get(key)).toMatchObject({ owner: second });
  });
});

describe('the similar-requirement index lock', () => {
  const key = storageKeys.duplicateIndexLock('REQ');

  test('an expired lock is taken over and the change goes ahead', async () => {
    await leftBehind(key, 60_000);
    // No index is stored yet, so the change reports "nothing written" once it holds the lock.
    await expect(updateProjectIndex('REQ', '10001', () => true)).resolves.toBe(false);
    expect(await kvs.get(key)).toBeUndefined();
  });

  test('a live lock is waited for, never taken over', async () => {
    await leftBehind(key, 1_000);
    const change = jest.fn(() => true);
    const update = updateProjectIndex('REQ', '10001', change);
    const attempts = () => requests.filter((request) => request.path === '/api/v1/set' && request.body.key === key).length;
    while (attempts() < 3) await new Promise((resolve) => setImmediate(resolve));
    // Three attempts found it held: the holder's lease is untouched and nothing ran.
    expect(await kvs.get(key)).toMatchObject({ owner: 'dead-holder' });
    expect(requests.some((request) => String(request.body.key).includes(':takeover:'))).toBe(false);
    // The holder finishes; the waiting event then takes its turn.
    await kvs.delete(key);
    await expect(update).resolves.toBe(false);
  }, 20_000);
});
