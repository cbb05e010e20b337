import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders } from '../support/builders';
import { siteRest } from '../support/test-sandbox';

/** In Chromium: the customer archive exported without and with contact data, and the requirement analysis table from the matrix. */

const env = useBrowserSandbox();
const build = testBuilders(env);
const { rest } = siteRest(env);

test('a manager in Chinese exports the customer archive as XLSX without contact data; no contact option is offered', async () => {
  const { context, page, errors } = await env.openAs('manager', 'customers/REQ', 'zh-CN');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: '导出客户信息档案表' }));
  expect(await app.getByTestId('rt-archive-contacts').count()).toBe(0);
  await app.getByRole('heading', { name: '导出客户信息档案表' }).scrollIntoViewIfNeeded();
  const downloading = page.waitForEvent('download');
  await app.getByTestId('rt-archive-xlsx').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-archive-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await visible(app.getByText(/已下载 customer-archive-.*\.xlsx：共 3 位客户。/));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-archive-export-zh.png'), fullPage: true });
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync((await download.path())!)).buffer);
  const sheet = workbook.getWorksheet('客户信息档案表')!;
  expect(sheet.rowCount).toBe(4);
  const headers = (sheet.getRow(1).values as unknown[]).slice(1);
  expect(headers.slice(0, 4)).toEqual(['客户编号', '客户名称', '所属行业', '客户类型']);
  expect(headers).not.toContain('联系人');
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('a Jira admin includes contact data in a CSV; the page says it is audited', async () => {
  const { context, page, errors } = await env.openAs('admin', 'customers/REQ');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: 'Export the archive (客户信息档案表)' }));
  await app.getByTestId('rt-archive-contacts').check();
  await visible(
    app.getByText('Every customer with contact data. Each customer exported with contacts is recorded in its audit trail.'),
  );
  const downloading = page.waitForEvent('download');
  await app.getByTestId('rt-archive-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^customer-archive-with-contacts-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.find((row) => row.Name === '中型汽车零部件制造商')!.Contacts).toContain('li.na@example.com');
  expect(env.site.sandbox.store.ids('kvs').filter((key) => key.endsWith(':archive-export'))).toHaveLength(1);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('the matrix exports the requirement analysis table with the feasibility marks', async () => {
  const askedFor = await build.requirement({
    customers: [
      await build.customer({ name: 'Analysis key customer', type: 'key' }),
      await build.customer({ name: 'Analysis strategic customer', type: 'strategic' }),
    ],
    feasibility: { technical: 'feasible', business: 'conditional' },
  });
  const notFeasible = await build.requirement({ feasibility: { compliance: 'not-feasible' } });
  const found = await rest('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent('project = REQ')}&fields=key&maxResults=100`);
  const keys = (found.body.issues as { key: string }[]).map((issue) => issue.key);
  const { context, page, errors } = await env.openAs('manager', 'project/REQ', 'zh-CN');
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.getByRole('heading', { name: '导出' }));
  await matrix.getByLabel('表格').click();
  await matrix.getByText('客户需求分析表', { exact: true }).click();
  await matrix.getByLabel('格式').click();
  await matrix.getByText(/\.csv/).click();
  const downloading = page.waitForEvent('download');
  await matrix.getByRole('button', { name: '导出', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-requirement-analysis-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parse(readFileSync((await download.path())!), { bom: true, columns: true }) as Record<string, string>[];
  // Every requirement of the project, in key order.
  expect(rows.map((row) => row['需求编号'])).toEqual([...keys].sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])));
  const rowOf = (key: string) => rows.find((row) => row['需求编号'] === key);
  expect(rowOf(askedFor)).toMatchObject({
    技术可行性: '可行',
    业务可行性: '有条件可行',
    客户类型: '重点客户; 战略客户',
    需求客户数: '2',
  });
  expect(rowOf(notFeasible)).toMatchObject({ 合规可行性: '不可行' });
  await matrix.getByRole('heading', { name: '导出' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-export-analysis-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
