import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import {
  openDurableStore,
  openMemoryStore,
  StoreCorruptionError,
  type DurableStore,
  type StoreWrite,
} from '../../../sandbox/store/durable-store';

const tempDirs: string[] = [];
const openStores: DurableStore[] = [];

function makeTempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-store-'));
  tempDirs.push(dir);
  return dir;
}

function open(dir: string, compactEvery?: number): DurableStore {
  const store = openDurableStore(dir, compactEvery === undefined ? {} : { compactEvery });
  openStores.push(store);
  return store;
}

afterEach(() => {
  for (const store of openStores.splice(0)) store.close();
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const put = (collection: string, id: string, value: unknown): StoreWrite => ({ collection, id, value });
const remove = (collection: string, id: string): StoreWrite => ({ collection, id, delete: true });
const journalOf = (dir: string): string => path.join(dir, 'journal.jsonl');
const snapshotOf = (dir: string): string => path.join(dir, 'snapshot.json');
const journalLines = (dir: string): string[] =>
  fs
    .readFileSync(journalOf(dir), 'utf8')
    .split('\n')
    .filter((line) => line !== '');

/** A journal line built independently of the store (zlib's crc32), to pin the on-disk format. */
function journalLine(seq: number, writes: StoreWrite[]): string {
  const payload = JSON.stringify({ seq, writes });
  const crc = zlib.crc32(Buffer.from(payload, 'utf8')).toString(16).padStart(8, '0');
  return `{"crc":"${crc}","commit":${payload}}\n`;
}

/** Everything a store holds, in order, for comparing two stores. */
function contentsOf(store: DurableStore, collections: string[]): Record<string, Array<[string, unknown]>> {
  return Object.fromEntries(
    collections.map((name) => [name, store.ids(name).map((id): [string, unknown] => [id, store.get(name, id)])]),
  );
}

describe.each([
  ['memory store', () => openMemoryStore()],
  ['durable store', () => open(makeTempDir())],
])('%s contract', (_name, makeStore: () => DurableStore) => {
  let store: DurableStore;
  beforeEach(() => {
    store = makeStore();
  });

  test('an unknown collection or id reads as empty', () => {
    expect(store.get('issues', '1')).toBeUndefined();
    expect(store.has('issues', '1')).toBe(false);
    expect(store.list('issues')).toEqual([]);
    expect(store.ids('issues')).toEqual([]);
    expect(store.size('issues')).toBe(0);
  });

  test('commit writes, overwrites and deletes records', () => {
    store.commit([put('issues', '1', { summary: 'one' }), put('issues', '2', { summary: 'two' }), put('users', 'a', 'Ann')]);
    store.commit([put('issues', '1', { summary: 'uno' }), remove('issues', '2'), remove('issues', 'never-there')]);
    expect(store.get('issues', '1')).toEqual({ summary: 'uno' });
    expect(store.has('issues', '2')).toBe(false);
    expect(store.size('issues')).toBe(1);
    expect(store.get('users', 'a')).toBe('Ann');
  });

  test('list and ids keep id-insertion order, also for numeric-looking ids', () => {
    store.commit(['10', '2', 'b', '1', 'a'].map((id) => put('c', id, id)));
    store.commit([put('c', '2', 'two'), remove('c', 'b')]);
    store.commit([put('c', 'b', 'back')]);
    expect(store.ids('c')).toEqual(['10', '2', '1', 'a', 'b']);
    expect(store.list('c')).toEqual(['10', 'two', '1', 'a', 'back']);
  });

  test('later writes to the same id within one commit win', () => {
    store.commit([put('c', 'x', 1), put('c', 'x', 2), remove('c', 'y'), put('c', 'y', 3), remove('c', 'y')]);
    expect(store.get('c', 'x')).toBe(2);
    expect(store.has('c', 'y')).toBe(false);
  });

  test('stored values are deep-frozen and detached from the caller', () => {
    const input = { nested: { list: [1, 2] } };
    store.commit([put('c', 'x', input)]);
    input.nested.list.push(3);
    const stored = store.get<typeof input>('c', 'x')!;
    expect(stored.nested.list).toEqual([1, 2]);
    expect(() => stored.nested.list.push(4)).toThrow(TypeError);
    expect(() => {
      (stored as { extra?: number }).extra = 1;
    }).toThrow(TypeError);
    expect(Object.isFrozen(store.list<typeof input>('c')[0]?.nested)).toBe(true);
  });

  test('list returns a fresh array each time', () => {
    store.commit([put('c', 'b', 2), put('c', 'a', 1)]);
    const listed = store.list<number>('c');
    listed.sort();
    const ids = store.ids('c');
    ids.reverse();
    expect(store.list('c')).toEqual([2, 1]);
    expect(store.ids('c')).toEqual(['b', 'a']);
  });

  test('values are stored with JSON semantics, as a restart would read them', () => {
    store.commit([
      put('c', 'x', { when: new Date('2024-05-01T10:00:00Z'), gone: undefined, nan: Number.NaN, list: [undefined] }),
    ]);
    expect(store.get('c', 'x')).toEqual({ when: '2024-05-01T10:00:00.000Z', nan: null, list: [null] });
  });

  test.each([
    ['an undefined value', { collection: 'c', id: 'y', value: undefined }],
    ['a function value', { collection: 'c', id: 'y', value: () => 1 }],
    ['a BigInt', { collection: 'c', id: 'y', value: { n: BigInt(1) } }],
    ['an empty collection name', { collection: '', id: 'y', value: 1 }],
    ['a non-string id', { collection: 'c', id: 7, value: 1 }],
    ['a write without value or delete', { collection: 'c', id: 'y' }],
  ])('a commit with %s is rejected as a whole', (_label, bad) => {
    expect(() => store.commit([put('c', 'x', 1), bad as StoreWrite])).toThrow();
    expect(store.has('c', 'x')).toBe(false);
  });

  test('a cyclic value is rejected and nothing is written', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => store.commit([put('c', 'x', 1), put('c', 'y', cyclic)])).toThrow(TypeError);
    expect(store.size('c')).toBe(0);
  });

  test('an empty commit changes nothing', () => {
    store.commit([]);
    expect(store.size('c')).toBe(0);
  });

  test('replaceAll swaps the whole state at once', () => {
    store.commit([put('issues', '1', 'old'), put('users', 'a', 'Ann')]);
    store.replaceAll({ issues: { '7': { summary: 'seven' }, '3': 'three' }, projects: { P: { key: 'P' } } });
    expect(store.ids('issues')).toEqual(['3', '7']); // JavaScript's own order for integer-like keys
    expect(store.get('issues', '7')).toEqual({ summary: 'seven' });
    expect(store.size('users')).toBe(0);
    expect(store.get('projects', 'P')).toEqual({ key: 'P' });
    expect(() => store.replaceAll({ issues: { x: undefined } })).toThrow(TypeError);
    expect(store.get('issues', '3')).toBe('three');
  });

  test('a closed store refuses writes', () => {
    store.close();
    expect(() => store.commit([put('c', 'x', 1)])).toThrow(/closed/);
    expect(() => store.replaceAll({})).toThrow(/closed/);
  });
});

describe('durable store on disk', () => {
  test('everything committed is there after reopening, in the same order', () => {
    const dir = makeTempDir();
    const first = open(dir);
    first.commit([
      put('issues', '10', { summary: 'ten' }),
      put('issues', '2', { summary: 'two' }),
      put('users', 'u', { name: 'Ünïcødé ✓ 漢字' }),
    ]);
    first.commit([
      remove('issues', '10'),
      put('issues', '10', { summary: 'ten again' }),
      put('issues', '2', { summary: 'deux' }),
    ]);
    const before = contentsOf(first, ['issues', 'users']);
    first.close();
    const second = open(dir);
    expect(contentsOf(second, ['issues', 'users'])).toEqual(before);
    expect(second.ids('issues')).toEqual(['2', '10']);
    expect(second.dataDir).toBe(path.resolve(dir));
  });

  test('each commit is one checksummed JSON line holding all of its writes', () => {
    const dir = makeTempDir();
    const store = open(dir);
    const writes = [put('a', '1', { x: 'ü' }), remove('b', '2')];
    store.commit(writes);
    store.commit([put('a', '3', 3)]);
    const raw = fs.readFileSync(journalOf(dir), 'utf8');
    expect(raw).toBe(journalLine(1, writes) + journalLine(2, [put('a', '3', 3)]));
    expect(JSON.parse(journalLines(dir)[0]!)).toEqual({
      crc: expect.stringMatching(/^[0-9a-f]{8}$/),
      commit: { seq: 1, writes },
    });
  });

  test('a journal written by hand in the documented format is replayed', () => {
    const dir = makeTempDir();
    fs.writeFileSync(journalOf(dir), journalLine(1, [put('c', 'a', 1), put('c', 'b', 2)]) + journalLine(2, [remove('c', 'a')]));
    const store = open(dir);
    expect(store.ids('c')).toEqual(['b']);
    store.commit([put('c', 'd', 4)]);
    expect(JSON.parse(journalLines(dir)[2]!).commit.seq).toBe(3);
  });

  test('compaction writes a snapshot with its sequence number and empties the journal', () => {
    const dir = makeTempDir();
    const store = open(dir, 3);
    for (let i = 1; i <= 7; i += 1) store.commit([put('c', String(i), i)]);
    const snapshot = JSON.parse(fs.readFileSync(snapshotOf(dir), 'utf8'));
    expect(snapshot.snapshot.seq).toBe(6);
    expect(snapshot.snapshot.collections).toEqual([['c', [1, 2, 3, 4, 5, 6].map((i) => [String(i), i])]]);
    expect(snapshot.crc).toBe(
      zlib
        .crc32(Buffer.from(JSON.stringify(snapshot.snapshot)))
        .toString(16)
        .padStart(8, '0'),
    );
    expect(journalLines(dir).map((line) => JSON.parse(line).commit.seq)).toEqual([7]);
    store.close();
    expect(open(dir, 3).list('c')).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  test('a torn last line was never acknowledged: it is dropped and cut off', () => {
    const dir = makeTempDir();
    const store = open(dir);
    store.commit([put('c', 'a', 1)]);
    store.close();
    const torn = journalLine(2, [put('c', 'b', 2), put('c', 'c', 3)]);
    fs.appendFileSync(journalOf(dir), torn.slice(0, torn.length - 9));
    const reopened = open(dir);
    expect(reopened.ids('c')).toEqual(['a']);
    expect(fs.readFileSync(journalOf(dir), 'utf8')).toBe(journalLine(1, [put('c', 'a', 1)]));
    reopened.commit([put('c', 'd', 4)]);
    reopened.close();
    expect(open(dir).ids('c')).toEqual(['a', 'd']);
  });

  test('a complete last line with a wrong checksum is treated as torn too', () => {
    const dir = makeTempDir();
    fs.writeFileSync(
      journalOf(dir),
      journalLine(1, [put('c', 'a', 1)]) + journalLine(2, [put('c', 'b', 2)]).replace('"b"', '"B"'),
    );
    expect(open(dir).ids('c')).toEqual(['a']);
  });

  test('a line whose write lost its newline is dropped even if its checksum is right', () => {
    const dir = makeTempDir();
    fs.writeFileSync(journalOf(dir), journalLine(1, [put('c', 'a', 1)]) + journalLine(2, [put('c', 'b', 2)]).trimEnd());
    expect(open(dir).ids('c')).toEqual(['a']);
    expect(journalLines(dir)).toHaveLength(1);
  });

  test('damage before the last line fails loudly instead of losing acknowledged commits', () => {
    const dir = makeTempDir();
    const damaged = journalLine(2, [put('c', 'b', 2)]).replace('"b"', '"B"');
    fs.writeFileSync(journalOf(dir), journalLine(1, [put('c', 'a', 1)]) + damaged + journalLine(3, [put('c', 'c', 3)]));
    expect(() => open(dir)).toThrow(StoreCorruptionError);
    expect(() => open(dir)).toThrow(/line 2/);
  });

  test('a missing commit in the sequence fails loudly', () => {
    const dir = makeTempDir();
    fs.writeFileSync(journalOf(dir), journalLine(1, [put('c', 'a', 1)]) + journalLine(3, [put('c', 'c', 3)]));
    expect(() => open(dir)).toThrow(/commit 3 follows 1/);
  });

  test('a damaged snapshot fails loudly', () => {
    const dir = makeTempDir();
    const store = open(dir, 1);
    store.commit([put('c', 'a', 'value')]);
    store.close();
    fs.writeFileSync(snapshotOf(dir), fs.readFileSync(snapshotOf(dir), 'utf8').replace('value', 'VALUE'));
    expect(() => open(dir)).toThrow(StoreCorruptionError);
  });

  test('crash while writing the snapshot: the temp file is ignored and removed', () => {
    const dir = makeTempDir();
    const store = open(dir, 100);
    store.commit([put('c', 'a', 1)]);
    store.close();
    fs.writeFileSync(path.join(dir, 'snapshot.json.tmp'), '{"crc":"00000000","snapshot":{"form');
    expect(open(dir).ids('c')).toEqual(['a']);
    expect(fs.existsSync(path.join(dir, 'snapshot.json.tmp'))).toBe(false);
  });

  test('crash after the snapshot rename but before the journal was emptied: stale lines are skipped', () => {
    const dir = makeTempDir();
    const store = open(dir, 4);
    store.commit([put('c', 'a', 1)]);
    store.commit([put('c', 'b', 2)]);
    store.commit([remove('c', 'a')]);
    const journalBeforeCompaction = fs.readFileSync(journalOf(dir));
    store.commit([put('c', 'a', 'again')]); // the fourth commit compacts
    expect(journalLines(dir)).toEqual([]);
    store.close();
    // Put back the journal as it was before truncation (commits 1-3, all inside the snapshot) plus commit 5.
    fs.writeFileSync(journalOf(dir), Buffer.concat([journalBeforeCompaction, Buffer.from(journalLine(5, [put('c', 'e', 5)]))]));
    const reopened = open(dir, 4);
    expect(reopened.ids('c')).toEqual(['b', 'a', 'e']);
    expect(reopened.get('c', 'a')).toBe('again');
    // Opening compacted again, so the stale lines are gone for good.
    expect(journalLines(dir)).toEqual([]);
    reopened.commit([put('c', 'f', 6)]);
    reopened.close();
    expect(open(dir).ids('c')).toEqual(['b', 'a', 'e', 'f']);
  });

  test('replaceAll is a new snapshot: the old journal no longer counts, later commits do', () => {
    const dir = makeTempDir();
    const store = open(dir);
    store.commit([put('issues', '1', 'old one')]);
    store.commit([put('issues', '2', 'old two')]);
    const oldJournal = fs.readFileSync(journalOf(dir));
    store.replaceAll({ issues: { '9': 'demo' }, users: { u: 'demo user' } });
    expect(journalLines(dir)).toEqual([]);
    store.commit([put('issues', '10', 'after reset')]);
    store.close();
    expect(contentsOf(open(dir), ['issues', 'users'])).toEqual({
      issues: [
        ['9', 'demo'],
        ['10', 'after reset'],
      ],
      users: [['u', 'demo user']],
    });
    openStores.pop()?.close();
    // A crash between installing the snapshot and emptying the journal leaves the old lines behind.
    fs.writeFileSync(journalOf(dir), oldJournal);
    expect(contentsOf(open(dir), ['issues', 'users'])).toEqual({ issues: [['9', 'demo']], users: [['u', 'demo user']] });
  });

  test('a directory is opened by one store at a time', () => {
    const dir = makeTempDir();
    const store = open(dir);
    expect(() => openDurableStore(dir)).toThrow(/already open in this process/);
    store.close();
    open(dir).commit([put('c', 'a', 1)]);
  });

  test('a lock held by another live process is respected; a dead owner’s lock is taken over', () => {
    const dir = makeTempDir();
    fs.writeFileSync(path.join(dir, 'store.lock'), `${process.ppid}\n`);
    expect(() => openDurableStore(dir)).toThrow(new RegExp(`in use by process ${process.ppid}`));
    const finished = spawnSync(process.execPath, ['-e', '']);
    fs.writeFileSync(path.join(dir, 'store.lock'), `${finished.pid}\n`);
    const store = open(dir);
    expect(fs.readFileSync(path.join(dir, 'store.lock'), 'utf8').trim()).toBe(String(process.pid));
    store.close();
    expect(fs.existsSync(path.join(dir, 'store.lock'))).toBe(false);
  });

  test('creates a missing data directory, nested', () => {
    const dir = path.join(makeTempDir(), 'a', 'b');
    open(dir).commit([put('c', 'a', 1)]);
    expect(fs.readdirSync(dir).sort()).toEqual(['journal.jsonl', 'store.lock']);
  });

  test('rejects a nonsensical compaction interval', () => {
    expect(() => openDurableStore(makeTempDir(), { compactEvery: 0 })).toThrow(RangeError);
  });

  test('1,500 commits across three compactions reopen to exactly the last state', () => {
    const dir = makeTempDir();
    const store = open(dir, 500);
    const count = 1500;
    for (let i = 0; i < count; i += 1)
      store.commit([put('issues', String(i % 300), { i, summary: 'x'.repeat(200) }), put('meta', 'counter', i)]);
    store.close();
    const reopened = open(dir);
    expect(reopened.get('meta', 'counter')).toBe(count - 1);
    expect(reopened.list('issues')).toHaveLength(300);
    expect(reopened.get('issues', '299')).toEqual({ i: count - 1, summary: 'x'.repeat(200) });
  });
});
