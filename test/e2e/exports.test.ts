import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import type { Download } from 'playwright-core';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The matrix page's export: both templates downloaded as a real browser does, then opened. */

const env = useBrowserSandbox();
const { openAs } = env;

async function saved(download: Download): Promise<Buffer> {
  return readFileSync((await download.path())!);
}

test('a manager in Chinese downloads the requirement register as XLSX; the workbook has the template’s headers and the demo cases', async () => {
  // Reads the demo on purpose: the register must show the source documents' cases (XY2024001 …) as the seed holds them.
  const { context, page, errors } = await openAs('manager', 'project/REQ', 'zh-CN');
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.getByRole('heading', { name: '导出' }));
  // The user's language picks Chinese headers; the register and XLSX are the defaults.
  await visible(matrix.getByText('客户需求信息登记表（模板 1）'));
  await matrix.getByRole('heading', { name: '导出' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-export-zh.png'), fullPage: true });

  const downloading = page.waitForEvent('download');
  await matrix.getByRole('button', { name: '导出', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-requirement-register-\d{4}-\d{2}-\d{2}\.xlsx$/);
  await visible(matrix.getByText(/已下载 REQ-requirement-register-.*\.xlsx，共 6 个需求/));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-export-done-zh.png'), fullPage: true });

  const workbook = new ExcelJS.Workbook();
  // A copy as a plain ArrayBuffer: exceljs declares its own Buffer type.
  await workbook.xlsx.load(new Uint8Array(await saved(download)).buffer);
  const sheet = workbook.getWorksheet('客户需求信息登记表')!;
  expect(sheet.rowCount).toBe(7);
  expect((sheet.getRow(1).values as unknown[]).slice(1, 5)).toEqual(['需求编号', '需求名称', '客户信息', '来源渠道']);
  const first = sheet.getRow(2);
  expect([first.getCell(1).value, first.getCell(2).value, first.getCell(3).value, first.getCell(4).value]).toEqual([
    'REQ-1',
    'XY2024001 设备A的智能预警模块误报太多',
    expect.stringMatching(/^CUS\d{9} 中型汽车零部件制造商; CUS\d{9} 华东物流集团$/),
    '客服工单',
  ]);
  // The worked case's second-level tag, named as the project lists it, next to its kind.
  expect([sheet.getRow(1).getCell(11).value, first.getCell(11).value, first.getCell(12).value]).toEqual([
    '需求类别',
    '功能优化',
    '算法模块',
  ]);
  expect(sheet.getRow(4).getCell(16).value).toBe('销售运营部');
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('with JQL applied, the evaluation table comes as CSV with a BOM and English headers, only the matching requirements, numbers as numbers', async () => {
  // Reads the demo on purpose: the JQL picks the seed's two grade-A cases, whose scores the source documents give.
  const { context, page, errors } = await openAs('product-manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.locator('g[data-key="REQ-1"]'));
  await matrix.getByRole('textbox', { name: 'Narrow with JQL' }).fill('key in (REQ-1, REQ-3)');
  await matrix.getByRole('button', { name: 'Apply' }).click();
  await visible(
    matrix.getByText(
      'Every Requirement of REQ matching the JQL "key in (REQ-1, REQ-3)". The quick filters above only narrow the view and are not applied.',
    ),
  );
  await matrix.getByLabel('Table').click();
  await matrix.getByText('Priority evaluation table (template 2)').click();
  await matrix.getByLabel('Format').click();
  await matrix.getByText('CSV, UTF-8 (.csv)').click();

  const downloading = page.waitForEvent('download');
  await matrix.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^REQ-priority-evaluation-\d{4}-\d{2}-\d{2}\.csv$/);
  const bytes = await saved(download);
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
  expect(rows.map((row) => row.ID)).toEqual(['REQ-1', 'REQ-3']);
  expect(rows[0]).toMatchObject({
    Urgency: '4',
    'Urgency weight (%)': '30',
    'Weighted score': '4.3',
    'Priority grade': 'A',
    'Three-factor score': '14',
    'Three-factor priority': 'High',
    'Value/cost quadrant': 'Quick win',
    MoSCoW: 'Must',
    'Scoring framework version': '1',
  });
  await visible(matrix.getByText(/Downloaded REQ-priority-evaluation-.*\.csv with 2 requirements/));
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
