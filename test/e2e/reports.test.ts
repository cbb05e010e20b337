import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * The Reports subpage in Chromium over six months of seeded delivery history: every report with its
 * chart and its table, in English and Chinese, light and dark, at 1280 and 375 px; a CSV and an XLSX
 * downloaded and opened; no serious accessibility violation.
 */

const env = useBrowserSandbox({ reportHistory: true });
const AXE = require.resolve('axe-core/axe.min.js');

const REPORTS = [
  'on-time',
  'notice',
  'satisfaction-type',
  'satisfaction-department',
  'satisfaction-grade',
  'satisfaction-month',
  'open-by-age',
  'demand-industry',
  'demand-region',
  'channel',
  'kind-tag',
];

async function seriousViolations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  const violations = await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: Document,
            options: object,
          ): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }>;
        };
      }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const matrixFrame = (page: Page): Frame => page.frames().find((candidate) => candidate.url().includes('/app/matrix/'))!;

test('in English: every report has its chart and its numbers; the on-time table exports as CSV with a BOM', async () => {
  const { context, page, errors } = await env.openAs('manager', 'reports/REQ');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: 'Reports · REQ' }));
  await visible(app.getByTestId('rt-report-table-on-time').getByRole('cell', { name: 'S', exact: true }));
  for (const id of REPORTS) await visible(app.getByTestId(`rt-report-table-${id}`));
  const onTime = app.getByTestId('rt-report-table-on-time');
  expect(await onTime.locator('thead th').allTextContents()).toEqual([
    'Grade',
    'Delivered',
    'On time',
    'Late',
    'No deadline',
    'Rate',
  ]);
  await visible(app.getByRole('img', { name: 'Chart: On-time delivery by grade' }));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-en.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await app.getByTestId('rt-report-export-on-time-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-report-on-time-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(text.startsWith('\uFEFFGrade,Delivered,On time,Late,No deadline,Rate\r\n')).toBe(true);
  expect(text).toMatch(/\r\nS,\d+,\d+,\d+,\d+,\d*\r\n/);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in Chinese and dark at 375 px: readable, the satisfaction table exports as XLSX with Chinese headers, no serious accessibility violation', async () => {
  const { context, page, errors } = await env.openAs('manager', 'reports/REQ', 'zh-CN', 'dark', { width: 375 });
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: '报表 · REQ' }));
  await visible(app.getByTestId('rt-report-table-satisfaction-type').getByRole('cell', { name: '战略客户' }));
  await visible(app.getByRole('heading', { name: '各等级按期交付率' }));
  // Nothing wider than the phone: the tables scroll inside their own box.
  const overflow = await matrixFrame(page).evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-zh-dark-375.png'), fullPage: true });
  await visible(app.getByTestId('rt-report-table-kind-tag').getByRole('cell', { name: '数据输出' }));
  for (const id of ['on-time', 'open-by-age', 'demand-industry', 'kind-tag'])
    await app.getByTestId(`rt-report-${id}`).screenshot({ path: path.join(SCREENSHOTS, `reports-zh-dark-375-${id}.png`) });
  expect(await seriousViolations(matrixFrame(page))).toEqual([]);

  const downloading = page.waitForEvent('download');
  await app.getByTestId('rt-report-export-satisfaction-type-xlsx').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-report-satisfaction-type-.*\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync((await download.path())!)).buffer);
  const sheet = workbook.worksheets[0]!;
  expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['分组', '评分数', '平均分']);
  const groups = Array.from({ length: sheet.rowCount - 1 }, (_, index) => sheet.getRow(index + 2).getCell(1).value);
  expect(groups).toContain('战略客户');
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in English: requirements by kind and second-level tag, a row per kind then per tag, with a chart; the table exports as CSV', async () => {
  const { context, page, errors } = await env.openAs('manager', 'reports/REQ');
  const app = surface(page, 'rt-priority-matrix');
  const table = app.getByTestId('rt-report-table-kind-tag');
  await visible(table);
  expect(await table.locator('thead th').allTextContents()).toEqual([
    'Kind',
    'Second-level tag',
    'Open',
    'Delivered',
    'Total',
    'Grade S',
    'Grade A',
    'Grade B',
    'Grade C',
    'No grade',
    'Average weighted score',
  ]);
  const rows = await table
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td')).map((td) => td.textContent)));
  // The history's data-output optimisations (three or four in the default six months, by today's date): all delivered, all grade A.
  const dataOutput = rows.find((row) => row[0] === 'Function optimisation' && row[1] === 'Data output')!;
  expect(dataOutput).toEqual([
    'Function optimisation',
    'Data output',
    '0',
    dataOutput[4],
    expect.stringMatching(/^[34]$/),
    '0',
    dataOutput[4],
    '0',
    '0',
    '0',
    expect.stringMatching(/^\d\.\d$/),
  ]);
  expect(rows.map((row) => row[1])).toContain('All tags');
  expect(rows.map((row) => row[1])).toContain('No tag');
  await visible(app.getByRole('img', { name: 'Chart: Requirements by kind and second-level tag' }));
  await app.getByTestId('rt-report-kind-tag').scrollIntoViewIfNeeded();
  await app.getByTestId('rt-report-kind-tag').screenshot({ path: path.join(SCREENSHOTS, 'reports-kind-tag-en.png') });

  const downloading = page.waitForEvent('download');
  await app.getByTestId('rt-report-export-kind-tag-csv').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-report-kind-tag-\d{4}-\d{2}-\d{4}-\d{2}\.csv$/);
  const text = readFileSync((await download.path())!, 'utf8');
  expect(
    text.startsWith(
      '\uFEFFKind,Second-level tag,Open,Delivered,Total,Grade S,Grade A,Grade B,Grade C,No grade,Average weighted score\r\n',
    ),
  ).toBe(true);
  expect(text).toMatch(/\r\nFunction optimisation,Data output,0,([34]),\1,0,\1,0,0,0,\d(\.\d+)?\r\n/);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in Chinese: a narrower period and JQL change the figures; a bad JQL shows Jira’s message and keeps the page', async () => {
  const { context, page, errors } = await env.openAs('product-manager', 'reports/REQ', 'zh-CN');
  const app = surface(page, 'rt-priority-matrix');
  const intro = app.getByTestId('rt-report-intro');
  await visible(intro.getByText(/30 个需求/));
  await app.getByTestId('rt-report-jql').fill('component = CRM');
  await app.getByTestId('rt-report-apply').click();
  await visible(intro.getByText(/2 个需求/));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-jql-zh.png'), fullPage: true });
  await app.getByTestId('rt-report-jql').fill('status = = Done');
  await app.getByTestId('rt-report-apply').click();
  await visible(app.getByRole('alert'));
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
