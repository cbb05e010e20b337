import path from 'node:path';
import { ACCOUNTS } from '../support/test-sandbox';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** Similar requirements in the panel, in Chinese and English, and merge + undo from a suggestion. */

const env = useBrowserSandbox();
const { openAs } = env;

const paragraph = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

async function createRequirement(summary: string, description: string): Promise<string> {
  const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
    method: 'POST',
    headers: ACCOUNTS.pm,
    body: JSON.stringify({
      fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary, description: paragraph(description) },
    }),
  });
  await env.site.sandbox.idle();
  return ((await response.json()) as { key: string }).key;
}

test('a Chinese requirement shows the earlier false-alarm requirement as similar, in Chinese', async () => {
  const key = await createRequirement('预警模块误报太多', '智能预警经常误报，影响生产');
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByRole('heading', { name: '相似需求' }));
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText('REQ-1'));
  await visible(first.getByText(/相似度/));
  await visible(panel.getByText('需求性质').first());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'similar-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('an English requirement is merged into the Excel export from its suggestion, then the merge is undone', async () => {
  const key = await createRequirement('Export the list to Excel', 'Customers want to export data as an Excel spreadsheet');
  const issueBefore = JSON.stringify([env.site.issue(key).fields.status, env.site.issue('REQ-2').fields.description]);
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText('REQ-2'));
  await visible(first.getByText(/similar/));
  await visible(panel.getByText(/Suggested, \d+/).first());
  await first.getByRole('button', { name: 'Merge… REQ-2' }).click();
  await first.getByRole('radio', { name: 'REQ-2' }).first().check();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-form-en.png'), fullPage: true });
  await first.getByRole('button', { name: 'Merge', exact: true }).click();
  await visible(panel.getByText(`${key} is now a duplicate of REQ-2`, { exact: false }));
  await visible(panel.getByText(`${key} was closed with resolution Duplicate.`));
  await env.site.sandbox.idle();
  expect(env.site.issue(key).fields.resolution).toBe('Duplicate');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'merged-en.png'), fullPage: true });

  await panel.getByRole('button', { name: 'Undo' }).click();
  await visible(panel.getByText(`The merge of ${key} into REQ-2 was undone.`));
  await env.site.sandbox.idle();
  expect(JSON.stringify([env.site.issue(key).fields.status, env.site.issue('REQ-2').fields.description])).toBe(issueBefore);
  expect(env.site.issue(key).fields.resolution).toBeNull();
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('an unscored requirement shows its likely duplicates first, with the shared words highlighted', async () => {
  const key = await createRequirement('设备告警误报太多，请优化', '值班人员被误报打扰');
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByTestId('rt-similar-intake').getByText(/尚未评分/));
  const first = panel.getByTestId('rt-similar-list').locator('li').first();
  await visible(first.getByText('REQ-1'));
  // REQ-1 reads 预警 where this one says 告警: the shared concept is marked too.
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
