/**
 * What the crash writer commits, as a pure function of the commit number, so the test can rebuild
 * the exact state that N commits must produce and compare it with what survived a SIGKILL.
 */
import type { StoreWrite } from '../../sandbox/store/durable-store';

export const CRASH_COLLECTIONS = ['records', 'groups', 'blobs', 'meta'] as const;

/** Deterministic text of a given length, different per commit, so a mixed-up value cannot pass. */
function filler(n: number, length: number): string {
  const unit = `${n.toString(36)}-ünï-`;
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/** The writes of commit n (n >= 1). The last write names n, so the store tells how far it got. */
export function crashCommitWrites(n: number): StoreWrite[] {
  const writes: StoreWrite[] = [{ collection: 'records', id: `r${n}`, value: { n, body: filler(n, 80 + (n % 50)) } }];
  // Every third commit writes a group of four records that must appear together or not at all.
  if (n % 3 === 0)
    for (const part of ['a', 'b', 'c', 'd'])
      writes.push({ collection: 'groups', id: `g${n}-${part}`, value: { n, part, body: filler(n, 60) } });
  // Deletes and overwrites, so replay order matters.
  if (n % 5 === 0 && n > 10) writes.push({ collection: 'records', id: `r${n - 10}`, delete: true });
  if (n % 4 === 0) writes.push({ collection: 'meta', id: 'overwritten', value: { n } });
  // Now and then a large commit (~40 KB line), to have long writes in flight when the kill comes.
  if (n % 11 === 0) writes.push({ collection: 'blobs', id: `b${n % 5}`, value: { n, body: filler(n, 40_000) } });
  writes.push({ collection: 'meta', id: 'last', value: { n } });
  return writes;
}
