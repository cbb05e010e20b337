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

const REPORTS = ['on-time', 'notice', 'satisfaction-type', 'satisfaction-department', 'satisfaction-grade', 'satisfaction-month', 'open-by-age', 'demand-industry', 'demand-region', 'channel'];

async function seriousViolations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  const violations = await frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[] }> } }).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical').map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
}

const matrixFrame = (page: Page): Frame => page.frames().find((candidate) => candidate.url().includes('/app/matrix/'))!;

test('in English: every report has its chart and its numbers; the on-time table exports as CSV with a BOM', async () => {
  const { context, page, errors } = await env.openAs('manager', 'reports/REQ');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: 'Reports · REQ' }));
  await visible(app.getByTestId('rt-report-table-on-time').getByRole('cell', { name: 'S', exact: true }));
  for (const id of REPORTS) await visible(app.getByTestId(`rt-report-table-${id}`));
  const onTime = app.getByTestId('rt-report-table-on-time');
  expect(await onTime.locator('thead th').allTextContents()).toEqual(['Grade', 'Delivered', 'On time', 'Late', 'No deadline', 'Rate']);
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
  const overflow = await matrixFrame(page).evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'reports-zh-dark-375.png'), fullPage: true });
  for (const id of ['on-time', 'open-by-age', 'demand-industry']) await app.getByTestId(`rt-report-${id}`).screenshot({ path: path.join(SCREENSHOTS, `reports-zh-dark-375-${id}.png`) });
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
