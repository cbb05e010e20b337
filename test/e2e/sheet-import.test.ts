import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * The Import subpage in Chromium: a 问卷星 questionnaire export (CSV with BOM) mapped by its Chinese
 * headers, a bad row refusing the whole import, likely duplicates shown per row, and an import with
 * per-row choices in zh-CN; the same file again shows every row as imported before.
 */

const env = useBrowserSandbox();
const FILE = path.resolve(__dirname, '../fixtures/questionnaire/wenjuanxing-export.csv');
const AXE = require.resolve('axe-core/axe.min.js');
const importPage = (page: Page) => surface(page, 'rt-priority-matrix');
const matrixFrame = (page: Page): Frame => page.frames().find((frame) => frame.url().includes('/app/matrix/'))!;

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

const requirementCount = () =>
  env.site.sandbox.store.list<{ key: string }>('jira-issues').filter((issue) => issue.key.startsWith('REQ-')).length;

test('English: the survey columns are mapped, and a bad row refuses the whole import by row, column and rule', async () => {
  // Reads the demo on purpose: the shipped questionnaire file repeats the seed's XY2024002, which the check must find.
  const { context, page, errors } = await env.openAs('product-manager', 'import/REQ', 'en-US');
  const app = importPage(page);
  await visible(app.getByRole('heading', { name: 'Import requirements · REQ' }));
  await app.getByLabel('CSV or XLSX file').setInputFiles(FILE);
  await visible(app.getByText('wenjuanxing-export.csv: 8 rows, 8 columns.'));
  // Mapped from 问卷星's own headers.
  expect(await app.getByLabel("Customer's original words").inputValue()).toBe('2');
  expect(await app.getByLabel('Date raised').inputValue()).toBe('1');
  expect(await app.getByLabel('Summary').inputValue()).toBe('');
  await app.getByRole('button', { name: 'Check rows and duplicates' }).click();
  await visible(app.getByText('8 rows: 1 with problems, 0 imported before, 0 repeating an earlier row.'));
  await visible(app.getByText('Rows with problems (fix the file, or skip them)'));
  // XY2024002 (REQ-2) already asks for the Excel export.
  await visible(app.getByRole('link', { name: 'REQ-2' }).first());
  await visible(app.getByText('Row 2 (', { exact: false }).first());

  const before = requirementCount();
  await app.getByRole('button', { name: 'Import', exact: true }).click();
  const alert = app.getByRole('alert');
  await visible(alert.getByText('Nothing was imported. Problems to fix: 1'));
  await visible(alert.getByRole('cell', { name: '提交答卷时间', exact: true }));
  await visible(alert.getByText('提交答卷时间: “2024/13/1” is not a real date (write it as YYYY-MM-DD).'));
  expect(requirementCount()).toBe(before);
  expect(await seriousViolations(matrixFrame(page))).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'sheet-import-refused-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);

test('中文：逐行选择新建、跳过或计入已有需求，导入后显示结果', async () => {
  const { context, page, errors } = await env.openAs('product-manager', 'import/REQ', 'zh-CN');
  const app = importPage(page);
  await visible(app.getByRole('heading', { name: '导入需求 · REQ' }));
  await app.getByLabel('CSV 或 XLSX 文件').setInputFiles(FILE);
  await visible(app.getByText('wenjuanxing-export.csv：8 行，8 列。'));
  await app.getByRole('button', { name: '检查各行与重复' }).click();
  await visible(app.getByText('共 8 行：1 行有问题，0 行以前导入过，0 行与前面的行重复。'));
  await visible(app.getByText('提交答卷时间：“2024/13/1” 不是有效日期（请写作 YYYY-MM-DD）。').first());

  // Row 2 asks for what REQ-2 holds: count it there. Row 9 is the same respondent again: skip. Row 10 has no real date: skip.
  await app.getByLabel('第 2 行的处理方式').selectOption('demand:REQ-2');
  await app.getByLabel('第 9 行的处理方式').selectOption('skip');
  await app.getByLabel('第 10 行的处理方式').selectOption('skip');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'sheet-import-preview-zh.png'), fullPage: true });
  const before = requirementCount();
  await app.getByRole('button', { name: '导入', exact: true }).click();
  await visible(
    app.getByText('已导入 wenjuanxing-export.csv：新建需求 5 个，计入已有需求 1 行，跳过 2 行，以前导入过 0 行。'),
    60_000,
  );
  expect(requirementCount()).toBe(before + 5);
  expect(await seriousViolations(matrixFrame(page))).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'sheet-import-done-zh.png'), fullPage: true });

  // The same file again: every imported row is recognised, and its choice is fixed to skip.
  await app.getByRole('button', { name: '导入另一个文件' }).click();
  await app.getByLabel('CSV 或 XLSX 文件').setInputFiles(FILE);
  await app.getByRole('button', { name: '检查各行与重复' }).click();
  await visible(app.getByText('共 8 行：1 行有问题，6 行以前导入过，0 行与前面的行重复。'));
  await visible(app.getByText('已导入为 REQ-2'));
  expect(await app.getByLabel('第 2 行的处理方式').isDisabled()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();
}, 120_000);
