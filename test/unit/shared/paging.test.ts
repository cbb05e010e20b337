import type { ResolverResult } from '../../../static/shared/api';
import { MAX_PAGES, readEveryPage } from '../../../static/shared/paging';

interface Page {
  rows: number[];
  next: string | null;
  named?: string[];
}

const ok = (data: Page): ResolverResult<Page> => ({ ok: true, data });
const refused: ResolverResult<Page> = { ok: false, error: { kind: 'conflict', message: 'The copy changed' } };

test('follows each next token until there is none, handing over the pages in order', async () => {
  const pages: Record<string, Page> = {
    first: { rows: [1, 2], next: 't2' },
    t2: { rows: [3], next: 't3' },
    t3: { rows: [4], next: null },
  };
  const asked: (string | null)[] = [];
  const seen: [number[], number][] = [];
  const outcome = await readEveryPage<Page>({
    read: async (token) => {
      asked.push(token);
      return ok(pages[token ?? 'first']!);
    },
    next: (page) => page.next,
    onPage: (page, index) => seen.push([page.rows, index]),
  });
  expect(outcome).toEqual({ status: 'done' });
  expect(asked).toEqual([null, 't2', 't3']);
  expect(seen).toEqual([
    [[1, 2], 0],
    [[3], 1],
    [[4], 2],
  ]);
});

test('reads every page the first one names with the named reader, at most four at a time, and no next token after them', async () => {
  const named = ['a', 'b', 'c', 'd', 'e', 'f'];
  let running = 0;
  let most = 0;
  const readByName: string[] = [];
  const rows: number[] = [];
  const outcome = await readEveryPage<Page>({
    read: async () => ok({ rows: [0], next: 'never-followed', named }),
    readNamed: async (token) => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      readByName.push(token);
      return ok({ rows: [named.indexOf(token) + 1], next: null });
    },
    next: (page) => page.next,
    named: (page) => page.named ?? [],
    onPage: (page) => rows.push(...page.rows),
  });
  expect(outcome).toEqual({ status: 'done' });
  expect([...readByName].sort()).toEqual(named);
  expect(most).toBe(4);
  expect([...rows].sort()).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test.each([
  ['the first page', 0, true],
  ['a later page', 2, false],
])('says whether it was %s that failed', async (_case, failingCall, first) => {
  let calls = 0;
  const outcome = await readEveryPage<Page>({
    read: async () => (calls++ === failingCall ? refused : ok({ rows: [calls], next: `t${calls}` })),
    next: (page) => page.next,
    onPage: () => undefined,
  });
  expect(outcome).toEqual({ status: 'failed', error: { kind: 'conflict', message: 'The copy changed' }, first });
  expect(calls).toBe(failingCall + 1);
});

test('a named page that fails fails the read', async () => {
  const outcome = await readEveryPage<Page>({
    read: async (token) => (token === 'b' ? refused : ok({ rows: [], next: null, named: token ? [] : ['a', 'b'] })),
    next: (page) => page.next,
    named: (page) => page.named ?? [],
    onPage: () => undefined,
  });
  expect(outcome).toMatchObject({ status: 'failed', first: false });
});

test('stops reading, and hands nothing more over, once the pages are no longer wanted', async () => {
  let wanted = true;
  const seen: number[] = [];
  const outcome = await readEveryPage<Page>({
    read: async (token) => {
      if (token === 't2') wanted = false;
      return ok({ rows: [Number(token?.slice(1) ?? 1)], next: `t${Number(token?.slice(1) ?? 1) + 1}` });
    },
    next: (page) => page.next,
    onPage: (page) => seen.push(...page.rows),
    wanted: () => wanted,
  });
  expect(outcome).toEqual({ status: 'abandoned' });
  expect(seen).toEqual([1]);
});

test('a token chain that never ends stops after MAX_PAGES pages', async () => {
  let calls = 0;
  const outcome = await readEveryPage<Page>({
    read: async () => ok({ rows: [calls++], next: 'again' }),
    next: (page) => page.next,
    onPage: () => undefined,
  });
  expect(outcome).toEqual({ status: 'done' });
  expect(calls).toBe(MAX_PAGES);
});
