import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders } from '../support/builders';

/** Similar requirements in the panel, in Chinese and English, and merge + undo from a suggestion. */

const env = useBrowserSandbox();
const { openAs } = env;
const build = testBuilders(env);
const createRequirement = (summary: string, description: string) => build.requirement({ summary, description });
/** Scored, as an earlier requirement is, so the new one finds it among its likely duplicates. */
const earlier = (summary: string, description: string) =>
  build.requirement({
    summary,
    description,
    fields: { MoSCoW: 'Must', Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5 },
  });

test('a Chinese requirement shows the earlier false-alarm requirement as similar, in Chinese', async () => {
  const falseAlarms = await earlier('智能预警模块误报太多', '智能预警经常误报，影响正常生产');
  const key = await createRequirement('预警模块误报太多', '智能预警经常误报，影响生产');
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByRole('heading', { name: '相似需求' }));
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText(falseAlarms));
  await visible(first.getByText(/相似度/));
  await visible(panel.getByText('需求性质').first());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'similar-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('an English requirement is merged into the Excel export from its suggestion, then the merge is undone', async () => {
  const excelExport = await earlier('Export the data to Excel', 'Customers want to export the list as an Excel spreadsheet');
  const key = await createRequirement('Export the list to Excel', 'Customers want to export data as an Excel spreadsheet');
  const issueBefore = JSON.stringify([env.site.issue(key).fields.status, env.site.issue(excelExport).fields.description]);
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText(excelExport));
  await visible(first.getByText(/similar/));
  await visible(panel.getByText(/Suggested, \d+/).first());
  await first.getByRole('button', { name: `Merge… ${excelExport}` }).click();
  await first.getByRole('radio', { name: excelExport }).first().check();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-form-en.png'), fullPage: true });
  await first.getByRole('button', { name: 'Merge', exact: true }).click();
  await visible(panel.getByText(`${key} is now a duplicate of ${excelExport}`, { exact: false }));
  await visible(panel.getByText(`${key} was closed with resolution Duplicate.`));
  await env.site.sandbox.idle();
  expect(env.site.issue(key).fields.resolution).toBe('Duplicate');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'merged-en.png'), fullPage: true });

  await panel.getByRole('button', { name: 'Undo' }).click();
  await visible(panel.getByText(`The merge of ${key} into ${excelExport} was undone.`));
  await env.site.sandbox.idle();
  expect(JSON.stringify([env.site.issue(key).fields.status, env.site.issue(excelExport).fields.description])).toBe(issueBefore);
  expect(env.site.issue(key).fields.resolution).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('an unscored requirement shows its likely duplicates first, with the shared words highlighted', async () => {
  const falseAlarms = await earlier('设备A的智能预警模块误报太多了', '智能预警模块误报太多，值班人员受影响');
  const key = await createRequirement('设备告警误报太多，请优化', '值班人员被误报打扰');
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByTestId('rt-similar-intake').getByText(/尚未评分/));
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText(falseAlarms));
  // The earlier one reads 预警 where this one says 告警: the shared concept is marked too.
  const marked = await first.getByTestId('rt-similar-summary').locator('mark').allTextContents();
  expect(marked.join('')).toContain('预警');
  expect(marked.join('')).toContain('误报太多');
  await visible(first.getByText(/共同词语：/));
  // The similar section comes before the scoring inputs while nothing is scored.
  const sections = await panel
    .locator('#rt-similar-heading, #rt-inputs-heading')
    .evaluateAll((nodes) => nodes.map((node) => node.id));
  expect(sections[0]).toBe('rt-similar-heading');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'similar-intake-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
