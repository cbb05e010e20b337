import { parse } from 'csv-parse/sync';
import { exportTable, toCsv } from '../../src/domain/exports';
import type { ExportPage, ExportRow, ResolverResult } from '../../src/shared/api';
import { testBuilders, WORKED_CASE } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/** exports.page against the sandbox: the worked cases as the two templates show them, paging, JQL, access. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);
const { rest, fieldId, today } = siteRest(env);

const WORKED_CASE_SUMMARY = 'XY2024001 设备A的智能预警模块误报太多';
/** The worked case XY2024001 as the registration form records it, asked for by a key and a strategic customer. */
let workedCases = 0;
async function workedCase() {
  // Numbered, so no two cases share a customer's name.
  workedCases += 1;
  const customers = [
    { name: `中型汽车零部件制造商 ${workedCases}`, type: 'key' as const },
    { name: `华东物流集团 ${workedCases}`, type: 'strategic' as const },
  ];
  const numbers: string[] = [];
  for (const customer of customers) numbers.push(await build.customer(customer));
  const dueDate = new Date(Date.parse(await today()) + 40 * 86_400_000).toISOString().slice(0, 10);
  const key = await build.requirement({
    summary: WORKED_CASE_SUMMARY,
    fields: {
      MoSCoW: 'Must',
      ...WORKED_CASE,
      'Due date': dueDate,
      'Source channel': 'support-ticket',
      Background: '智能预警模块误报率约 15%，5 家核心客户受影响',
      Beneficiary: 'customer',
      Kind: 'optimisation',
      'Responsible department': '产品部',
    },
    customers: numbers,
    feasibility: { technical: 'feasible', business: 'conditional', compliance: 'feasible' },
  });
  return { key, customers: customers.map((customer, index) => ({ ...customer, number: numbers[index]! })) };
}

async function requirementKeys(): Promise<string[]> {
  const keys: string[] = [];
  let nextPageToken: unknown;
  do {
    const token = nextPageToken ? `&nextPageToken=${encodeURIComponent(String(nextPageToken))}` : '';
    const found = await rest('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = REQ')}&fields=key${token}`);
    expect(found.status).toBe(200);
    keys.push(...(found.body.issues as { key: string }[]).map((issue) => issue.key));
    nextPageToken = found.body.nextPageToken;
  } while (nextPageToken);
  return keys.sort((a, b) => keyNumber(a) - keyNumber(b));
}

/** Every page as the matrix page reads them: the pages the first one names (at once), or each next page token. */
async function exportAll(
  account: Parameters<typeof invoke>[0],
  payload: Record<string, unknown>,
): Promise<{ pages: ExportPage[]; rows: ExportRow[] }> {
  const pages: ExportPage[] = [];
  let nextPageToken: string | null = null;
  do {
    const result: ResolverResult<ExportPage> = await invoke<ExportPage>(account, 'matrix', 'exports.page', {
      projectKey: 'REQ',
      ...payload,
      nextPageToken,
    });
    if (!result.ok) throw new Error(result.error.message);
    pages.push(result.data);
    nextPageToken = result.data.nextPageToken;
    const further = await Promise.all(
      (result.data.pageTokens ?? []).map((token) =>
        invoke<ExportPage>(account, 'matrix', 'exports.page', { projectKey: 'REQ', ...payload, nextPageToken: token }),
      ),
    );
    for (const page of further) {
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.data);
    }
  } while (nextPageToken);
  return { pages, rows: pages.flatMap((page) => page.rows) };
}

const keyNumber = (key: string) => Number(key.split('-')[1]);

describe('a small project', () => {
  test('XY2024001 with its record, owner, recorder and dates; the weights of the version that scored it', async () => {
    const { key } = await workedCase();
    const unrecorded = await build.requirement();
    const keys = await requirementKeys();
    const { pages, rows } = await exportAll('manager', {});
    expect(pages).toHaveLength(1);
    expect(pages[0]!.total).toBe(keys.length);
    expect(rows.map((row) => row.key)).toEqual(keys);
    expect(rows.find((row) => row.key === key)).toMatchObject({
      key,
      summary: WORKED_CASE_SUMMARY,
      recorder: expect.any(String),
      created: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
      record: {
        sourceChannel: 'support-ticket',
        background: '智能预警模块误报率约 15%，5 家核心客户受影响',
        beneficiary: 'customer',
        kind: 'optimisation',
        responsibleDepartment: '产品部',
      },
      computed: {
        weightedScore: 4.3,
        priorityGrade: 'A',
        threeFactorScore: 14,
        threeFactorPriority: 'high',
        frameworkVersion: 1,
      },
      weights: { urgency: 30, importance: 30, feasibility: 20, customerValue: 20 },
    });
    // Fields the form leaves empty stay empty rather than becoming "".
    expect(rows.find((row) => row.key === unrecorded)!.record.background).toBeNull();
  });

  test('the register and the evaluation table as CSV read back in Chinese', async () => {
    const { key, customers } = await workedCase();
    const { rows } = await exportAll('manager', { jql: `key = ${key}` });
    const register = parse(toCsv(exportTable('register', rows, 'zh')), { bom: true }) as string[][];
    expect(register[0]!.slice(0, 4)).toEqual(['需求编号', '需求名称', '客户信息', '来源渠道']);
    expect(register[1]!.slice(0, 4)).toEqual([
      key,
      WORKED_CASE_SUMMARY,
      customers.map((customer) => `${customer.number} ${customer.name}`).join('; '),
      '客服工单',
    ]);
    expect(customers[0]!.number).toMatch(/^CUS\d{9}$/);
    const evaluation = parse(toCsv(exportTable('evaluation', rows, 'en')), { bom: true, columns: true }) as Record<
      string,
      string
    >[];
    expect(evaluation[0]).toMatchObject({
      ID: key,
      'Weighted score': '4.3',
      'Priority grade': 'A',
      'Three-factor priority': 'High',
      'Urgency weight (%)': '30',
    });
  });

  test('JQL narrows the export; refused JQL comes back on the jql field; a guest gets nothing', async () => {
    const asked = [await build.requirement(), await build.requirement()];
    await build.requirement();
    const { rows, pages } = await exportAll('manager', { jql: `key in (${asked.join(', ')})` });
    expect(rows.map((row) => row.key)).toEqual(asked);
    expect(pages[0]!.total).toBe(2);
    const invalid = await invoke('manager', 'matrix', 'exports.page', { projectKey: 'REQ', jql: 'summary ~~ "x' });
    expect(!invalid.ok && invalid.error.violations?.[0]).toMatchObject({ field: 'jql', rule: 'syntax' });
    expect(await invoke('guest', 'matrix', 'exports.page', { projectKey: 'REQ' })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Browse projects" permission on project REQ.' },
    });
  });
});

test('1,100 requirements come each once with the total on the first page: from the copy in pages read at once, or searched in pages of 500 in key order', async () => {
  const pm = { kind: 'user' as const, accountId: '5b10a2844c20165700ede21g' };
  // Up to 1,100 in all, over what the tests before made.
  const toAdd = 1_100 - (await requirementKeys()).length;
  let lastKey = '';
  for (let index = 0; index < toAdd; index += 1) {
    // Let the server's timers run now and then, so it does not close a kept-alive socket just as the next call reuses it.
    if (index % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    const created = env.site.sandbox.gateway().handle(
      {
        method: 'POST',
        path: '/rest/api/3/issue',
        query: {},
        body: {
          fields: {
            project: { key: 'REQ' },
            issuetype: { name: 'Requirement' },
            summary: `Export ${index}`,
            [fieldId('Urgency')]: 3,
          },
        },
      },
      pm,
    );
    lastKey = (created.body as { key: string }).key;
  }
  await env.site.sandbox.idle();
  const { pages, rows } = await exportAll('manager', {});
  expect(pages.length).toBeGreaterThan(1);
  expect(pages.every((page) => page.rows.length <= 1_200)).toBe(true);
  expect(pages.map((page) => page.total)).toEqual([1_100, ...pages.slice(1).map(() => null)]);
  expect(new Set(rows.map((row) => row.key)).size).toBe(1_100);
  expect(Math.max(...rows.map((row) => keyNumber(row.key)))).toBe(keyNumber(lastKey));

  process.env.RT_READ_PATH = 'search';
  try {
    const searched = await exportAll('manager', {});
    expect(searched.pages.map((page) => page.rows.length)).toEqual([500, 500, 100]);
    expect(searched.pages.map((page) => page.total)).toEqual([1_100, null, null]);
    expect(searched.rows.map((row) => keyNumber(row.key))).toEqual(
      [...searched.rows.map((row) => keyNumber(row.key))].sort((a, b) => a - b),
    );
    expect(searched.rows.at(-1)!.key).toBe(lastKey);
  } finally {
    delete process.env.RT_READ_PATH;
  }
}, 120_000);

test('a later export of the 1,100 reads the copy of the project: the same rows as the search path, and a tenth of its points', async () => {
  const sorted = (rows: ExportRow[]) => [...rows].sort((left, right) => keyNumber(left.key) - keyNumber(right.key));
  const points = async (run: () => Promise<{ rows: ExportRow[] }>) => {
    await env.site.sandbox.idle();
    env.site.sandbox.rateLimits.reset();
    const { rows } = await run();
    return { rows: sorted(rows), points: env.site.sandbox.rateLimits.report().total.points };
  };
  process.env.RT_READ_PATH = 'search';
  const searched = await points(() => exportAll('manager', {})).finally(() => delete process.env.RT_READ_PATH);
  // The copy was built by the previous test's export (its search pages), and is only checked now.
  const fromCopy = await points(() => exportAll('manager', {}));
  expect(fromCopy.rows).toHaveLength(1_100);
  expect(fromCopy.rows).toEqual(searched.rows);
  expect(searched.points).toBeGreaterThan(1_100);
  expect(fromCopy.points).toBeLessThanOrEqual(searched.points / 10);
}, 120_000);

test('after a framework change each row carries the weights of the version that scored it', async () => {
  const { key } = await workedCase();
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
  const { rows } = await exportAll('manager', { jql: `key = ${key}` });
  expect(rows[0]).toMatchObject({
    computed: { weightedScore: 4.2, frameworkVersion: current.data.version + 1 },
    weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
  });
}, 120_000);

test('after a framework change the stale copy is read again by id: the rows the search path gives, at its points, then a tenth of them', async () => {
  const sorted = (rows: ExportRow[]) => [...rows].sort((left, right) => keyNumber(left.key) - keyNumber(right.key));
  const measured = async (run: () => Promise<{ rows: ExportRow[] }>) => {
    await env.site.sandbox.idle();
    env.site.sandbox.rateLimits.reset();
    const { rows } = await run();
    const report = env.site.sandbox.rateLimits.report();
    return { rows: sorted(rows), points: report.total.points, calls: report.total.calls };
  };
  // The previous test saved a new framework version: the copy names an older one.
  process.env.RT_READ_PATH = 'search';
  const searched = await measured(() => exportAll('manager', {})).finally(() => delete process.env.RT_READ_PATH);
  const paths: string[] = [];
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    paths.push(request.path);
    return handle(request, principal);
  };
  const refreshed = await measured(() => exportAll('manager', {})).finally(() => (env.site.sandbox.emulator.handle = handle));
  // Bulk fetches of 100 (made at once), not one search page after another: only the newest-changes page and the new-issues search remain.
  expect(paths.filter((path) => path.endsWith('/issue/bulkfetch'))).toHaveLength(11);
  expect(paths.filter((path) => path.endsWith('/search/jql')).length).toBeLessThanOrEqual(2);
  const again = await measured(() => exportAll('manager', {}));
  expect(refreshed.rows).toEqual(searched.rows);
  expect(again.rows).toEqual(searched.rows);
  // A point per issue either way (bulk fetches of 100 instead of search pages of 100), plus the copy's checks.
  expect(refreshed.points).toBeLessThanOrEqual(Math.ceil(searched.points * 1.05));
  expect(again.points).toBeLessThanOrEqual(searched.points / 10);
}, 120_000);

describe('the requirement analysis table (客户需求分析表)', () => {
  test('XY2024001 with its customers and their types, classification, feasibility marks, scores, owner, plan and status', async () => {
    const { key } = await workedCase();
    const notFeasible = await build.requirement({ feasibility: { compliance: 'not-feasible' } });
    // Pages of the project's copy arrive in its shards' order; the page sorts them by key before writing the file (static/matrix/src/Export.tsx).
    const rows = (await exportAll('manager', {})).rows.sort((left, right) => keyNumber(left.key) - keyNumber(right.key));
    const table = exportTable('analysis', rows, 'zh');
    const rowOf = (wanted: string) => {
      const index = rows.findIndex((row) => row.key === wanted);
      return Object.fromEntries(table.headers.map((header, column) => [header, table.rows[index]![column]]));
    };
    expect(rowOf(key)).toMatchObject({
      需求编号: key,
      客户类型: '重点客户; 战略客户',
      需求客户数: 2,
      技术可行性: '可行',
      业务可行性: '有条件可行',
      合规可行性: '可行',
      加权得分: expect.any(Number),
    });
    expect(rowOf(notFeasible)).toMatchObject({ 需求编号: notFeasible, 合规可行性: '不可行', 技术可行性: null });
  });
});
