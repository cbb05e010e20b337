/**
 * The emulator's only persistence: named collections of JSON records kept in memory and made durable
 * with a snapshot file plus an append-only journal in one data directory.
 *
 * On disk (all text, UTF-8):
 *   snapshot.json      {"crc":"<crc32 hex>","snapshot":{"format":1,"seq":N,"collections":[[name,[[id,value],...]],...]}}
 *   journal.jsonl      one line per commit: {"crc":"<crc32 hex>","commit":{"seq":N,"writes":[StoreWrite,...]}}
 *   snapshot.json.tmp  a snapshot being written; never read, removed on open
 *   store.lock         pid of the process that has the directory open
 *
 * The crc covers the exact bytes of the JSON after `"snapshot":` / `"commit":`, so a line is checked
 * without re-serialising it. Commit sequence numbers increase by one; the snapshot names the last one it
 * contains, so journal lines it already holds are skipped. That is what makes every crash point of
 * compaction recoverable: the journal is only emptied after the new snapshot is durable.
 *
 * Values go through JSON on every write (as they would on a restart) and are stored deep-frozen, so
 * reads hand out the stored object itself without copying and a caller's accidental mutation throws.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type StoreWrite = { collection: string; id: string; value: unknown } | { collection: string; id: string; delete: true };

export interface DurableStore {
  /** The stored value, deep-frozen: copy it (spread, structuredClone) before changing it. */
  get<T>(collection: string, id: string): T | undefined;
  has(collection: string, id: string): boolean;
  /** Values in id-insertion order; a fresh array (safe to sort) of frozen values. */
  list<T>(collection: string): T[];
  ids(collection: string): string[];
  size(collection: string): number;
  /** Names of the collections that hold at least one record. */
  collections(): string[];
  /** Applies all writes or none; durable (fsynced) before it returns. */
  commit(writes: StoreWrite[]): void;
  /** Replaces every collection at once (collections not named become empty). */
  replaceAll(collections: Record<string, Record<string, unknown>>): void;
  /** Absolute data directory, or ':memory:' for a memory store. */
  readonly dataDir: string;
  /** The last commit's sequence number: it changes whenever the data does. */
  readonly sequence: number;
  close(): void;
}

export interface DurableStoreOptions {
  /** Write a new snapshot and empty the journal once it holds this many commits. */
  compactEvery?: number;
}

/** The files on disk contradict each other or fail their checksum somewhere other than the journal's last line. */
export class StoreCorruptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreCorruptionError';
  }
}

export const MEMORY_DATA_DIR = ':memory:';
const DEFAULT_COMPACT_EVERY = 2000;
const FORMAT_VERSION = 1;
const SNAPSHOT_FILE = 'snapshot.json';
const SNAPSHOT_TEMP_FILE = 'snapshot.json.tmp';
const JOURNAL_FILE = 'journal.jsonl';
const LOCK_FILE = 'store.lock';
const NEWLINE = 0x0a;

type CollectionEntries = Array<[collection: string, records: Array<[id: string, value: unknown]>]>;
interface CommitPayload {
  seq: number;
  writes: StoreWrite[];
}
interface SnapshotPayload {
  format: number;
  seq: number;
  collections: CollectionEntries;
}

export function openMemoryStore(): DurableStore {
  return new StoreImpl(MEMORY_DATA_DIR, new Collections(), 0, undefined);
}

export function openDurableStore(dataDir: string, options: DurableStoreOptions = {}): DurableStore {
  const compactEvery = options.compactEvery ?? DEFAULT_COMPACT_EVERY;
  if (!Number.isInteger(compactEvery) || compactEvery < 1)
    throw new RangeError(`compactEvery must be a positive integer, got ${compactEvery}`);
  const dir = path.resolve(dataDir);
  const created = fs.mkdirSync(dir, { recursive: true });
  if (created !== undefined) syncNewDirectories(created, dir);
  const releaseLock = acquireLock(dir);
  try {
    fs.rmSync(path.join(dir, SNAPSHOT_TEMP_FILE), { force: true });
    const snapshot = readSnapshot(path.join(dir, SNAPSHOT_FILE));
    const state = new Collections();
    state.load(snapshot.collections);

    const journalPath = path.join(dir, JOURNAL_FILE);
    const journal = readJournal(journalPath);
    let seq = snapshot.seq;
    let replayed = 0;
    let alreadyInSnapshot = 0;
    for (const { commit, line } of journal.commits) {
      // Lines the snapshot already holds can only precede the others (compaction stopped before emptying the journal).
      if (replayed === 0 && commit.seq <= snapshot.seq) {
        alreadyInSnapshot += 1;
        continue;
      }
      if (commit.seq !== seq + 1) {
        throw new StoreCorruptionError(
          `${journalPath} line ${line}: commit ${commit.seq} follows ${seq}; a commit is missing or out of order`,
        );
      }
      state.apply(commit.writes);
      seq = commit.seq;
      replayed += 1;
    }

    const journalExisted = fs.existsSync(journalPath);
    const files = new DataFiles(dir, fs.openSync(journalPath, 'a'), journal.validBytes, releaseLock);
    try {
      if (!journalExisted) syncDirectory(dir);
      // A torn last line was never acknowledged; cut it off so the next commit does not land behind garbage.
      if (journal.validBytes < journal.totalBytes) files.truncateJournal(journal.validBytes);
      const store = new StoreImpl(dir, state, seq, files, { compactEvery, commitsInJournal: replayed });
      if (alreadyInSnapshot > 0) store.compact();
      return store;
    } catch (error) {
      files.close();
      throw error;
    }
  } catch (error) {
    releaseLock();
    throw error;
  }
}

interface DiskSettings {
  compactEvery: number;
  commitsInJournal: number;
}

class StoreImpl implements DurableStore {
  private closed = false;
  private commitsInJournal: number;
  private nextCompactionAt: number;
  private readonly compactEvery: number;

  constructor(
    readonly dataDir: string,
    private readonly state: Collections,
    private seq: number,
    private readonly files: DataFiles | undefined,
    settings: DiskSettings = { compactEvery: DEFAULT_COMPACT_EVERY, commitsInJournal: 0 },
  ) {
    this.compactEvery = settings.compactEvery;
    this.commitsInJournal = settings.commitsInJournal;
    this.nextCompactionAt = settings.compactEvery;
  }

  get sequence(): number {
    return this.seq;
  }

  get<T>(collection: string, id: string): T | undefined {
    return this.state.get(collection, id) as T | undefined;
  }

  has(collection: string, id: string): boolean {
    return this.state.has(collection, id);
  }

  list<T>(collection: string): T[] {
    return this.state.list(collection) as T[];
  }

  ids(collection: string): string[] {
    return this.state.ids(collection);
  }

  size(collection: string): number {
    return this.state.size(collection);
  }

  collections(): string[] {
    return this.state.names();
  }

  commit(writes: StoreWrite[]): void {
    this.assertWritable();
    if (!Array.isArray(writes)) throw new TypeError('commit expects an array of writes');
    if (writes.length === 0) return;
    const payload = JSON.stringify({ seq: this.seq + 1, writes: writes.map(normalizeWrite) } satisfies CommitPayload);
    // Applying what JSON gives back keeps memory identical to what a restart will replay.
    const { writes: normalized } = JSON.parse(payload) as CommitPayload;
    normalized.forEach((write, index) => assertWriteShape(write, `write ${index}`));
    this.files?.appendToJournal(frame('commit', payload));
    this.seq += 1;
    this.state.apply(normalized);
    this.commitsInJournal += 1;
    if (this.files && this.commitsInJournal >= this.nextCompactionAt) this.compactAfterCommit();
  }

  replaceAll(collections: Record<string, Record<string, unknown>>): void {
    this.assertWritable();
    if (collections === null || typeof collections !== 'object')
      throw new TypeError('replaceAll expects an object of collections');
    const entries: CollectionEntries = Object.entries(collections).map(([name, records]) => {
      assertName(name, 'collection');
      if (records === null || typeof records !== 'object') throw new TypeError(`collection ${name} must be an object of records`);
      return [name, Object.entries(records).map(([id, value]) => [id, requireStorable(value, `${name}/${id}`)])];
    });
    const payload = snapshotPayload(this.seq + 1, entries);
    const normalized = (JSON.parse(payload) as SnapshotPayload).collections;
    if (this.files) {
      // The new state becomes a snapshot one sequence number ahead; every journal line is then stale.
      this.files.installSnapshot(payload, { mustBeDurable: true });
      this.files.truncateJournalQuietly();
      this.commitsInJournal = 0;
      this.nextCompactionAt = this.compactEvery;
    }
    this.seq += 1;
    this.state.replace(normalized);
  }

  /** Writes the whole state as a snapshot and empties the journal. */
  compact(): void {
    if (!this.files) return;
    const durable = this.files.installSnapshot(snapshotPayload(this.seq, this.state.entries()), { mustBeDurable: false });
    // Emptying the journal is only safe once the rename that replaced the snapshot is on disk.
    if (!durable) throw new Error(`could not fsync ${this.dataDir}; journal kept`);
    this.files.truncateJournal(0);
    this.commitsInJournal = 0;
    this.nextCompactionAt = this.compactEvery;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.files?.close();
  }

  private compactAfterCommit(): void {
    try {
      this.compact();
    } catch (error) {
      // The commit itself is durable, so it must not be reported as failed; retry after another round.
      this.nextCompactionAt = this.commitsInJournal + this.compactEvery;
      process.emitWarning(`durable store ${this.dataDir}: compaction failed, journal keeps growing: ${String(error)}`);
    }
  }

  private assertWritable(): void {
    if (this.closed) throw new Error(`store ${this.dataDir} is closed`);
    this.files?.assertUsable();
  }
}

/** The in-memory state: collection -> id -> frozen value, in insertion order. */
class Collections {
  private readonly byName = new Map<string, Map<string, unknown>>();
  // Arrays handed out by list()/ids() are copied from these, rebuilt only after a write to that collection.
  private readonly valuesCache = new Map<string, unknown[]>();
  private readonly idsCache = new Map<string, string[]>();

  get(collection: string, id: string): unknown {
    return this.byName.get(collection)?.get(id);
  }

  has(collection: string, id: string): boolean {
    return this.byName.get(collection)?.has(id) ?? false;
  }

  size(collection: string): number {
    return this.byName.get(collection)?.size ?? 0;
  }

  names(): string[] {
    return [...this.byName.keys()];
  }

  list(collection: string): unknown[] {
    let values = this.valuesCache.get(collection);
    if (!values) {
      values = [...(this.byName.get(collection)?.values() ?? [])];
      this.valuesCache.set(collection, values);
    }
    return values.slice();
  }

  ids(collection: string): string[] {
    let ids = this.idsCache.get(collection);
    if (!ids) {
      ids = [...(this.byName.get(collection)?.keys() ?? [])];
      this.idsCache.set(collection, ids);
    }
    return ids.slice();
  }

  apply(writes: readonly StoreWrite[]): void {
    for (const write of writes) {
      this.valuesCache.delete(write.collection);
      this.idsCache.delete(write.collection);
      if (isDelete(write)) {
        const records = this.byName.get(write.collection);
        records?.delete(write.id);
        if (records?.size === 0) this.byName.delete(write.collection);
      } else {
        let records = this.byName.get(write.collection);
        if (!records) {
          records = new Map();
          this.byName.set(write.collection, records);
        }
        records.set(write.id, deepFreeze(write.value));
      }
    }
  }

  load(entries: CollectionEntries): void {
    for (const [name, records] of entries) {
      if (records.length === 0) continue;
      this.byName.set(name, new Map(records.map(([id, value]) => [id, deepFreeze(value)])));
    }
  }

  replace(entries: CollectionEntries): void {
    this.byName.clear();
    this.valuesCache.clear();
    this.idsCache.clear();
    this.load(entries);
  }

  entries(): CollectionEntries {
    return [...this.byName].map(([name, records]) => [name, [...records]]);
  }
}

/** Open files of a data directory; after an I/O failure it refuses further writes until reopened. */
class DataFiles {
  private failure: unknown;

  constructor(
    private readonly dir: string,
    private readonly journalFd: number,
    private journalBytes: number,
    private readonly releaseLock: () => void,
  ) {}

  assertUsable(): void {
    if (this.failure !== undefined)
      throw new Error(`store ${this.dir} stopped after an I/O failure; reopen it to recover: ${String(this.failure)}`);
  }

  appendToJournal(line: Buffer): void {
    try {
      writeFully(this.journalFd, line);
      fs.fsyncSync(this.journalFd);
    } catch (error) {
      // Take the partial line back so the journal stays well-formed; if even that fails, stop.
      try {
        fs.ftruncateSync(this.journalFd, this.journalBytes);
      } catch {
        this.failure = error;
      }
      // After a failed fsync the kernel may have dropped the pages: nothing written since can be trusted.
      if (this.failure === undefined && isFsyncFailure(error)) this.failure = error;
      throw error;
    }
    this.journalBytes += line.length;
  }

  truncateJournal(length: number): void {
    fs.ftruncateSync(this.journalFd, length);
    fs.fsyncSync(this.journalFd);
    this.journalBytes = length;
  }

  /** After a replaceAll the journal's lines are stale anyway; a failure here only costs space. */
  truncateJournalQuietly(): void {
    try {
      this.truncateJournal(0);
    } catch (error) {
      process.emitWarning(`durable store ${this.dir}: could not empty the journal: ${String(error)}`);
    }
  }

  /**
   * Temp file, fsync, rename over the snapshot, fsync the directory. Returns whether the rename is
   * known to be durable. With mustBeDurable a failure after the rename stops the store, because the
   * disk may now hold a state that memory does not.
   */
  installSnapshot(payload: string, { mustBeDurable }: { mustBeDurable: boolean }): boolean {
    const tempPath = path.join(this.dir, SNAPSHOT_TEMP_FILE);
    try {
      writeFileDurably(tempPath, frame('snapshot', payload));
      fs.renameSync(tempPath, path.join(this.dir, SNAPSHOT_FILE));
    } catch (error) {
      fs.rmSync(tempPath, { force: true });
      throw error;
    }
    try {
      syncDirectory(this.dir);
      return true;
    } catch (error) {
      if (mustBeDurable) {
        this.failure = error;
        throw error;
      }
      return false;
    }
  }

  close(): void {
    try {
      fs.closeSync(this.journalFd);
    } finally {
      this.releaseLock();
    }
  }
}

// ---- framing and checksums -------------------------------------------------------------------

type FrameKind = 'commit' | 'snapshot';

/** `{"crc":"xxxxxxxx","<kind>":<payload>}` plus a newline: still one JSON document per line. */
function frame(kind: FrameKind, payload: string): Buffer {
  const body = Buffer.from(payload, 'utf8');
  return Buffer.concat([Buffer.from(`{"crc":"${crc32Hex(body)}","${kind}":`, 'utf8'), body, Buffer.from('}\n', 'utf8')]);
}

const FRAME_HEAD: Record<FrameKind, RegExp> = {
  commit: /^\{"crc":"([0-9a-f]{8})","commit":$/,
  snapshot: /^\{"crc":"([0-9a-f]{8})","snapshot":$/,
};

/** The payload JSON of a framed line (without its newline), or undefined if malformed or the crc differs. */
function unframe(kind: FrameKind, line: Buffer): string | undefined {
  const prefixLength = `{"crc":"00000000","${kind}":`.length;
  if (line.length < prefixLength + 1 || line[line.length - 1] !== 0x7d /* } */) return undefined;
  const match = FRAME_HEAD[kind].exec(line.subarray(0, prefixLength).toString('latin1'));
  if (!match) return undefined;
  const body = line.subarray(prefixLength, line.length - 1);
  return crc32Hex(body) === match[1] ? body.toString('utf8') : undefined;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let bit = 0; bit < 8; bit += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE, as in zip/zlib), as 8 lowercase hex digits. */
function crc32Hex(bytes: Uint8Array): string {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i += 1) crc = (CRC_TABLE[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (crc >>> 8);
  return ((crc ^ 0xffffffff) >>> 0).toString(16).padStart(8, '0');
}

// ---- reading ----------------------------------------------------------------------------------

function readSnapshot(snapshotPath: string): SnapshotPayload {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(snapshotPath);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { format: FORMAT_VERSION, seq: 0, collections: [] };
    throw error;
  }
  // Snapshots are installed by rename after fsync, so a bad one is real damage, never a torn write.
  const line = raw[raw.length - 1] === NEWLINE ? raw.subarray(0, raw.length - 1) : raw;
  const payload = unframe('snapshot', line);
  if (payload === undefined) throw new StoreCorruptionError(`${snapshotPath}: checksum mismatch or not a snapshot`);
  const snapshot = parseJson(payload) as Partial<SnapshotPayload> | undefined;
  if (
    !snapshot ||
    snapshot.format !== FORMAT_VERSION ||
    !isSequence(snapshot.seq, 0) ||
    !isCollectionEntries(snapshot.collections)
  ) {
    throw new StoreCorruptionError(`${snapshotPath}: unsupported format or malformed content`);
  }
  return snapshot as SnapshotPayload;
}

interface JournalContents {
  commits: Array<{ commit: CommitPayload; line: number }>;
  /** Bytes up to the end of the last good line. */
  validBytes: number;
  totalBytes: number;
}

function readJournal(journalPath: string): JournalContents {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(journalPath);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return { commits: [], validBytes: 0, totalBytes: 0 };
    throw error;
  }
  const commits: JournalContents['commits'] = [];
  let offset = 0;
  for (let line = 1; offset < raw.length; line += 1) {
    const newline = raw.indexOf(NEWLINE, offset);
    const end = newline === -1 ? raw.length : newline;
    // Only newline-terminated lines count: a missing newline means the write was cut short.
    const payload = newline === -1 ? undefined : unframe('commit', raw.subarray(offset, end));
    const commit = payload === undefined ? undefined : parseCommit(payload);
    if (!commit) {
      const isLastLine = newline === -1 || newline === raw.length - 1;
      // A commit is acknowledged only after its line is fsynced, and the next one starts after that,
      // so only the last line can be torn. Damage anywhere else means lost acknowledged data.
      if (isLastLine) break;
      throw new StoreCorruptionError(
        `${journalPath} line ${line} (byte ${offset}): checksum mismatch or malformed commit before the end of the journal`,
      );
    }
    commits.push({ commit, line });
    offset = end + 1;
  }
  return { commits, validBytes: Math.min(offset, raw.length), totalBytes: raw.length };
}

function parseCommit(payload: string): CommitPayload | undefined {
  const commit = parseJson(payload) as Partial<CommitPayload> | undefined;
  if (!commit || !isSequence(commit.seq, 1) || !Array.isArray(commit.writes)) return undefined;
  try {
    commit.writes.forEach((write, index) => assertWriteShape(write, `write ${index}`));
  } catch {
    return undefined;
  }
  return commit as CommitPayload;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

// ---- validation -------------------------------------------------------------------------------

function normalizeWrite(write: StoreWrite, index: number): StoreWrite {
  if (write === null || typeof write !== 'object') throw new TypeError(`write ${index} must be an object`);
  assertName(write.collection, `write ${index} collection`);
  if (typeof write.id !== 'string') throw new TypeError(`write ${index} id must be a string`);
  if ('delete' in write && write.delete === true) return { collection: write.collection, id: write.id, delete: true };
  if (!('value' in write)) throw new TypeError(`write ${index} needs a value or delete: true`);
  return { collection: write.collection, id: write.id, value: requireStorable(write.value, `${write.collection}/${write.id}`) };
}

function isDelete(write: StoreWrite): write is Extract<StoreWrite, { delete: true }> {
  return 'delete' in write && write.delete === true;
}

function assertWriteShape(write: unknown, label: string): asserts write is StoreWrite {
  const candidate = write as Partial<Record<'collection' | 'id' | 'value' | 'delete', unknown>> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.collection !== 'string' ||
    typeof candidate.id !== 'string'
  ) {
    throw new TypeError(`${label} is malformed`);
  }
  if (candidate.delete !== true && !('value' in candidate))
    throw new TypeError(`${label} lost its value in JSON (undefined, a function or a symbol?)`);
}

function requireStorable(value: unknown, label: string): unknown {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol')
    throw new TypeError(`${label}: ${typeof value} cannot be stored as JSON`);
  return value;
}

function assertName(name: unknown, label: string): void {
  if (typeof name !== 'string' || name.length === 0) throw new TypeError(`${label} must be a non-empty string`);
}

function isSequence(value: unknown, min: number): value is number {
  return Number.isSafeInteger(value) && (value as number) >= min;
}

function isCollectionEntries(value: unknown): value is CollectionEntries {
  return (
    Array.isArray(value) &&
    value.every(
      (entry) =>
        Array.isArray(entry) &&
        entry.length === 2 &&
        typeof entry[0] === 'string' &&
        Array.isArray(entry[1]) &&
        (entry[1] as unknown[]).every((record) => Array.isArray(record) && record.length === 2 && typeof record[0] === 'string'),
    )
  );
}

function snapshotPayload(seq: number, collections: CollectionEntries): string {
  return JSON.stringify({ format: FORMAT_VERSION, seq, collections } satisfies SnapshotPayload);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

// ---- file system helpers ----------------------------------------------------------------------

function writeFully(fd: number, bytes: Buffer): void {
  for (let written = 0; written < bytes.length;) written += fs.writeSync(fd, bytes, written, bytes.length - written);
}

function writeFileDurably(filePath: string, bytes: Buffer): void {
  const fd = fs.openSync(filePath, 'w');
  try {
    writeFully(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes renames and new entries in `dir` durable. Some platforms (Windows) cannot fsync a directory. */
function syncDirectory(dir: string): void {
  let fd: number;
  try {
    fd = fs.openSync(dir, 'r');
  } catch (error) {
    if (process.platform === 'win32') return;
    throw error;
  }
  try {
    fs.fsyncSync(fd);
  } catch (error) {
    if (!(process.platform === 'win32' || isErrno(error, 'EISDIR') || isErrno(error, 'EINVAL'))) throw error;
  } finally {
    fs.closeSync(fd);
  }
}

/** mkdir -p made `firstCreated` and everything below it down to `dir`: make those entries durable. */
function syncNewDirectories(firstCreated: string, dir: string): void {
  for (let current = dir; ; current = path.dirname(current)) {
    syncDirectory(path.dirname(current));
    if (current === firstCreated || path.dirname(current) === current) return;
  }
}

// Duck-typed: errors from Node's fs may come from another realm (vm contexts, Jest), failing instanceof.
function isErrno(error: unknown, code: string): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === code;
}

function isFsyncFailure(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).syscall === 'fsync';
}

// ---- single-process lock ----------------------------------------------------------------------

const locksHeldHere = new Set<string>();

/**
 * Two processes appending to one journal would interleave lines, so a directory is opened by one
 * process at a time. A lock left by a process that no longer runs (e.g. after SIGKILL) is taken over.
 */
function acquireLock(dir: string): () => void {
  const lockPath = path.join(dir, LOCK_FILE);
  if (locksHeldHere.has(lockPath)) throw new Error(`durable store ${dir} is already open in this process`);
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      fs.writeFileSync(lockPath, `${process.pid}\n`, { flag: 'wx' });
      locksHeldHere.add(lockPath);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        locksHeldHere.delete(lockPath);
        fs.rmSync(lockPath, { force: true });
      };
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const owner = readLockOwner(lockPath);
    // Our own pid in the file is a leftover (e.g. a container restarted with the same pid): not held here.
    if (owner !== undefined && owner !== process.pid && isProcessAlive(owner)) {
      throw new Error(`durable store ${dir} is in use by process ${owner} (remove ${lockPath} if that is wrong)`);
    }
    fs.rmSync(lockPath, { force: true });
  }
  throw new Error(`could not lock durable store ${dir}`);
}

function readLockOwner(lockPath: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(lockPath, 'utf8').trim(), 10);
    return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return isErrno(error, 'EPERM');
  }
}
