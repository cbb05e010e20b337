/**
 * SIGKILLs a process that is committing to the durable store, again and again, at random moments
 * (compaction included: it compacts every few commits), and checks after every kill that the store
 * holds exactly the state of some prefix of the commits: every acknowledged commit, complete, and at
 * most the one commit that was in flight, also complete or not at all.
 *
 * Set STORE_CRASH_SEED to replay a failing run's kill timings.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openDurableStore, openMemoryStore, type DurableStore } from '../../sandbox/store/durable-store';
import { CRASH_COLLECTIONS, crashCommitWrites } from '../support/store-crash-model';
import { seededRandom } from '../../sandbox/seeded-random';

const ROUNDS = 15;
const COMPACT_EVERY = 12;
const MAX_KILL_DELAY_MS = 250;
const ROOT = path.resolve(__dirname, '../..');
const WRITER = path.join(ROOT, 'test/support/store-crash-writer.ts');

interface RoundResult {
  acks: number[];
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the writer until `killAfterMs` past its first line, SIGKILLs it and collects every ack it printed. */
function runWriterAndKill(dataDir: string, killAfterMs: number): Promise<RoundResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, String(COMPACT_EVERY)], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acks: number[] = [];
    let pending = '';
    let stderr = '';
    let killTimer: NodeJS.Timeout | undefined;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const ack = /^ack (\d+)$/.exec(line);
        if (ack) acks.push(Number(ack[1]));
        else if (/^ready \d+$/.test(line)) killTimer ??= setTimeout(() => child.kill('SIGKILL'), killAfterMs);
        else reject(new Error(`unexpected writer output: ${line}`));
      }
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    // 'close' comes after stdout has been drained: every ack the child wrote has been read.
    child.on('close', (_code, signal) => {
      clearTimeout(killTimer);
      resolve({ acks, signal, stderr });
    });
  });
}

/** The state a store must hold after commits 1..last, built by replaying the model into memory. */
function expectedContents(last: number): Record<string, Array<[string, unknown]>> {
  const model = openMemoryStore();
  for (let n = 1; n <= last; n += 1) model.commit(crashCommitWrites(n));
  return contentsOf(model);
}

function contentsOf(store: DurableStore): Record<string, Array<[string, unknown]>> {
  return Object.fromEntries(
    CRASH_COLLECTIONS.map((name) => [name, store.ids(name).map((id): [string, unknown] => [id, store.get(name, id)])]),
  );
}

/** What the kill left on disk, before recovery touches it: tells which step it interrupted. */
function describeLeftovers(dataDir: string): string[] {
  const findings: string[] = [];
  if (fs.existsSync(path.join(dataDir, 'snapshot.json.tmp')))
    findings.push('snapshot temp file (killed while writing a snapshot)');
  const journal = fs.existsSync(path.join(dataDir, 'journal.jsonl'))
    ? fs.readFileSync(path.join(dataDir, 'journal.jsonl'), 'utf8')
    : '';
  if (journal.length > 0 && !journal.endsWith('\n')) findings.push('torn journal tail');
  const snapshotPath = path.join(dataDir, 'snapshot.json');
  const firstLine = journal.split('\n')[0];
  if (firstLine && fs.existsSync(snapshotPath)) {
    const snapshotSeq = (JSON.parse(fs.readFileSync(snapshotPath, 'utf8')) as { snapshot: { seq: number } }).snapshot.seq;
    const firstSeq = (JSON.parse(firstLine) as { commit: { seq: number } }).commit.seq;
    if (firstSeq <= snapshotSeq) findings.push('journal lines already in the snapshot (killed between rename and truncate)');
  }
  return findings;
}

describe('durable store under SIGKILL', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rt-store-crash-'));
  });
  afterAll(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test(`keeps every acknowledged commit, whole, across ${ROUNDS} kills`, async () => {
    const seed = Number(process.env.STORE_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 32));
    const random = seededRandom(seed);
    const context = `(STORE_CRASH_SEED=${seed})`;
    let highestAck = 0;
    let inFlightSurvived = 0;
    const leftovers = new Map<string, number>();

    for (let round = 1; round <= ROUNDS; round += 1) {
      const killAfterMs = Math.floor(random() * MAX_KILL_DELAY_MS);
      const result = await runWriterAndKill(dataDir, killAfterMs);
      if (result.signal !== 'SIGKILL')
        throw new Error(`round ${round}: writer ended with ${result.signal ?? 'an exit'} ${context}\n${result.stderr}`);
      const acks = result.acks;
      // Acks continue where the previous round stopped, one by one.
      acks.forEach((ack, index) => expect(ack).toBeGreaterThan(index === 0 ? highestAck : (acks[index - 1] ?? 0)));
      highestAck = Math.max(highestAck, ...acks);
      for (const finding of describeLeftovers(dataDir)) leftovers.set(finding, (leftovers.get(finding) ?? 0) + 1);

      const store = openDurableStore(dataDir, { compactEvery: COMPACT_EVERY });
      try {
        const last = store.get<{ n: number }>('meta', 'last')?.n ?? 0;
        // Everything acknowledged survived; beyond that, only the single commit that was in flight.
        if (last < highestAck || last > highestAck + 1)
          throw new Error(`round ${round}: store reached commit ${last}, highest ack ${highestAck} ${context}`);
        if (last === highestAck + 1) inFlightSurvived += 1;
        highestAck = last;
        const actual = contentsOf(store);
        const expected = expectedContents(last);
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
          expect({ round, seed, contents: actual }).toEqual({ round, seed, contents: expected });
        }
      } finally {
        store.close();
      }
    }

    // The writer made real progress, so the kills met a store under load.
    expect(highestAck).toBeGreaterThan(ROUNDS * 10);
    console.log(
      `store crash test ${context}: ${ROUNDS} kills, ${highestAck} commits acknowledged and verified, ` +
        `${inFlightSurvived} unacknowledged in-flight commits found complete; leftovers seen: ` +
        (leftovers.size === 0 ? 'none' : [...leftovers].map(([finding, count]) => `${finding} x${count}`).join(', ')),
    );
  }, 60_000);
});
