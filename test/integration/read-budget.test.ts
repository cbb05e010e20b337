import { addRequirement } from '../../bench/helpers';
import type { GradeDistribution, RequirementPage, RequirementRow, ResolverResult } from '../../src/shared/api';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * What opening the matrix and the project gadget costs in Jira calls and in issues Jira returns
 * (each returned issue costs a rate-limit point on Jira Cloud): counted, on a project of 1,100
 * requirements, on today's path (the project's copy in KVS) against the path before issue 16
 * (RT_READ_PATH=search); and that the copy follows edits, creations and deletions.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const { rest } = siteRest(env);
const pm = { kind: 'user' as const, accountId: '5b10a2844c20165700ede21g' };

interface Tally {
  calls: number;
  issues: number;
}

/** Counts the Jira calls the app makes while `run` runs, and the issues the answers carried. */
async function counted<T>(run: () => Promise<T>): Promise<{ value: T; tally: Tally }> {
  const tally: Tally = { calls: 0, issues: 0 };
  const emulator = env.site.sandbox.emulator;
  const handle = emulator.handle;
  emulator.handle = (request, principal) => {
    const response = handle.call(emulator, request, principal);
    tally.calls += 1;
    const body = response.body as { issues?: unknown[] } | undefined;
    if (Array.isArray(body?.issues)) tally.issues += body.issues.length;
    return response;
  };
  try {
    return { value: await run(), tally };
  } finally {
    emulator.handle = handle;
  }
}

/** The matrix's reads: the first page, then the pages it names at once, or each next page. */
async function openMatrix(account: 'pm' | 'manager' = 'manager'): Promise<RequirementRow[]> {
  const rows: RequirementRow[] = [];
  let nextPageToken: string | null = null;
  do {
    const first: ResolverResult<RequirementPage> = await invoke<RequirementPage>(
      account,
      'matrix',
      'requirements.list',
      { nextPageToken },
      { projectKey: 'REQ' },
    );
    if (!first.ok) throw new Error(first.error.message);
    rows.push(...first.data.rows);
    nextPageToken = first.data.nextPageToken;
    for (const page of await Promise.all(
      (first.data.pageTokens ?? []).map((token) =>
        invoke<RequirementPage>(account, 'matrix', 'requirements.list', { nextPageToken: token }, { projectKey: 'REQ' }),
      ),
    )) {
      if (!page.ok) throw new Error(page.error.message);
      rows.push(...page.data.rows);
    }
  } while (nextPageToken);
  return rows;
}

async function searchPath<T>(run: () => Promise<T>): Promise<T> {
  process.env.RT_READ_PATH = 'search';
  try {
    return await run();
  } finally {
    delete process.env.RT_READ_PATH;
  }
}

const byKey = (rows: RequirementRow[]) => Object.fromEntries(rows.map((row) => [row.key, row]));

/** The requirements this file builds (with the demo's few, the project holds about 1,100). */
const built: string[] = [];
/** How many requirements the project holds, as Jira counts them. */
let projectSize: number;

beforeAll(async () => {
  for (let index = 0; index < 1_094; index += 1) {
    if (index % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    built.push(
      addRequirement(env.site.sandbox, `Budget ${index}`, {
        Urgency: 1 + (index % 5),
        'Business value': 1 + (index % 10),
        'Implementation cost': 1 + (index % 7),
      }),
    );
  }
  await env.site.sandbox.idle();
  const found = await rest('POST', '/rest/api/3/search/jql', {
    jql: 'project = REQ AND issuetype = Requirement',
    fields: ['id'],
    maxResults: 5_000,
  });
  projectSize = (found.body.issues as unknown[]).length;
  expect(projectSize).toBeGreaterThanOrEqual(built.length);
}, 120_000);

test('a second open of the matrix costs at most a tenth of the search path in Jira calls and in issues returned, with the same rows', async () => {
  const searched = await searchPath(() => counted(() => openMatrix()));
  expect(searched.value).toHaveLength(projectSize);
  expect(searched.tally.issues).toBeGreaterThanOrEqual(projectSize);

  const first = await counted(() => openMatrix());
  const again = await counted(() => openMatrix());
  expect(byKey(first.value)).toEqual(byKey(searched.value));
  expect(byKey(again.value)).toEqual(byKey(searched.value));
  expect(again.tally.issues).toBeLessThanOrEqual(searched.tally.issues / 10);
  expect(again.tally.calls).toBeLessThanOrEqual(searched.tally.calls / 2);
  // What a second open asks Jira for: the project and permission checks of each call, the user's count and the newest changes.
  expect(again.tally.issues).toBeLessThanOrEqual(20);
  expect(env.site.sandbox.contractViolations).toEqual([]);
}, 120_000);

test('the project gadget reads the copy too and counts the same as the search path', async () => {
  const searched = await searchPath(() =>
    counted(() => invoke<GradeDistribution>('manager', 'gadget', 'requirements.distribution', { projectKey: 'REQ', topN: 5 })),
  );
  const fromCopy = await counted(() =>
    invoke<GradeDistribution>('manager', 'gadget', 'requirements.distribution', { projectKey: 'REQ', topN: 5 }),
  );
  expect(fromCopy.value).toEqual(searched.value);
  expect(fromCopy.tally.issues).toBeLessThanOrEqual(searched.tally.issues / 10);
});

test('an edit, a new requirement and a deleted one show on the next open', async () => {
  await openMatrix();
  const [renamed, removed] = [built[700]!, built[900]!];
  const target = (await openMatrix()).find((row) => row.key === renamed)!;
  env.site.sandbox
    .gateway()
    .handle(
      { method: 'PUT', path: `/rest/api/3/issue/${target.id}`, query: {}, body: { fields: { summary: 'Renamed in Jira' } } },
      pm,
    );
  const created = env.site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      query: {},
      body: { fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary: 'Raised after the copy' } },
    },
    pm,
  ).body as { key: string };
  await env.site.sandbox.idle();
  const edited = await counted(() => openMatrix());
  expect(byKey(edited.value)[renamed]!.summary).toBe('Renamed in Jira');
  expect(byKey(edited.value)[created.key]!.summary).toBe('Raised after the copy');
  expect(edited.tally.issues).toBeLessThanOrEqual(40);

  const doomed = byKey(edited.value)[removed]!;
  const admin = {
    kind: 'user' as const,
    accountId:
      env.site.sandbox.store.list<{ accountId: string; role?: string }>('jira-users').find((user) => user.role === 'admin')
        ?.accountId ?? '',
  };
  const deleted = env.site.sandbox
    .gateway()
    .handle(
      { method: 'DELETE', path: `/rest/api/3/issue/${doomed.id}`, query: {}, body: undefined },
      admin.accountId ? admin : pm,
    );
  expect(deleted.status).toBe(204);
  await env.site.sandbox.idle();
  const afterDelete = await openMatrix();
  expect(afterDelete.map((row) => row.key)).not.toContain(removed);
  expect(afterDelete).toHaveLength(edited.value.length - 1);
}, 120_000);

test('after a framework change the next open reads the rows again: the copy was read with the earlier version', async () => {
  await openMatrix();
  const current = await invoke<{ version: number; settings: Record<string, unknown> }>('admin', 'admin', 'framework.current', {
    projectKey: 'REQ',
  });
  if (!current.ok) throw new Error(current.error.message);
  const settings = { ...current.data.settings, weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 } };
  const saved = await invoke('admin', 'admin', 'framework.save', {
    settings,
    note: 'Urgency first',
    baseVersion: current.data.version,
    projectKey: 'REQ',
  });
  if (!saved.ok) throw new Error(saved.error.message);
  await env.site.sandbox.idle();
  const reopened = await counted(() => openMatrix());
  expect(reopened.tally.issues).toBeGreaterThanOrEqual(reopened.value.length);
  expect(
    new Set(reopened.value.filter((row) => row.computed.frameworkVersion !== null).map((row) => row.computed.frameworkVersion)),
  ).toEqual(new Set([current.data.version + 1]));
  const again = await counted(() => openMatrix());
  expect(again.tally.issues).toBeLessThanOrEqual(20);
}, 120_000);

test('a page of the copy is refused to a caller the first page did not grant it to', async () => {
  const first = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
  if (!first.ok) throw new Error(first.error.message);
  const token = first.data.pageTokens![0]!;
  const asPm = await invoke('pm', 'matrix', 'requirements.list', { nextPageToken: token }, { projectKey: 'REQ' });
  expect(asPm).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  const forged = await invoke('manager', 'matrix', 'requirements.list', { nextPageToken: 's.forged.3' }, { projectKey: 'REQ' });
  expect(forged).toMatchObject({ ok: false, error: { kind: 'conflict' } });
});
