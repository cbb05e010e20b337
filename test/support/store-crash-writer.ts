/**
 * Child process of test/integration/store-crash.test.ts: opens the durable store in argv[2] and commits
 * crashCommitWrites(n) for n = last + 1, last + 2, ... forever, printing `ack <n>` once each commit has
 * returned (so is acknowledged), until the test SIGKILLs it.
 *
 *   node --import tsx test/support/store-crash-writer.ts <dataDir> <compactEvery>
 */
import * as fs from 'node:fs';
import { openDurableStore } from '../../sandbox/store/durable-store';
import { crashCommitWrites } from './store-crash-model';

const [dataDir, compactEveryArg] = process.argv.slice(2);
if (!dataDir || !compactEveryArg) throw new Error('usage: store-crash-writer.ts <dataDir> <compactEvery>');

const store = openDurableStore(dataDir, { compactEvery: Number(compactEveryArg) });
let n = store.get<{ n: number }>('meta', 'last')?.n ?? 0;
// writeSync: the line is in the pipe before the next commit starts, nothing waits in a buffer.
fs.writeSync(1, `ready ${n}\n`);
for (;;) {
  n += 1;
  store.commit(crashCommitWrites(n));
  fs.writeSync(1, `ack ${n}\n`);
}
