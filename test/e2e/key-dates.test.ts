import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * Key dates in Chromium over the seeded delivery history: the panel's section (its plan, a refusal
 * naming the milestone and rule, a save), the project page's timeline, and the report gadgets, in
 * English and Chinese, light and dark, at 1280 and 375 px.
 */

const env = useBrowserSandbox({ reportHistory: true });
const frameOf = (page: Page, part: string): Frame => page.frames().find((candidate) => candidate.url().includes(part))!;
const overflowOf = (frame: Frame) =>
  frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
const keyOf = (summary: string): string =>
  env.site.sandbox.store
    .list<{ key: string; fields: { summary?: string } }>('jira-issues')
    .find((issue) => issue.fields.summary?.includes(summary))!.key;
const gadget = (page: Page, id: string) =>
  page.frameLocator(`[data-gadget-box="${id}"] iframe[data-module="rt-priority-gadget"]`);

test('the panel shows the plan against today; an actual day in the future is refused naming the milestone; a save shows it done', async () => {
  const key = keyOf('充电桩故障上报');
  const { context, page, errors } = await env.openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const section = panel.getByTestId('rt-key-dates');
  await visible(section.getByRole('heading', { name: 'Key dates' }));
  const table = section.getByTestId('rt-key-dates-table');
  expect(await table.locator('tbody th').allTextContents()).toEqual([
    'Requirement refinement',
    'Development start',
    'Test acceptance',
  ]);
  // In progress: refinement reached, development start still open past its planned day.
  await visible(table.locator('tr[data-milestone="refinement"][data-state="done"]'));
  await visible(table.locator('tr[data-milestone="development"][data-state="late"]'));
  await section.screenshot({ path: path.join(SCREENSHOTS, 'key-dates-panel-en.png') });

  await section.getByTestId('rt-key-dates-edit').click();
  const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
  const actual = section.getByLabel('Development start: actual day');
  // The date input's max is today; typed past it, the server still refuses (a browser's clock is not Jira's).
  await actual.evaluate((input: HTMLInputElement, value) => {
    input.removeAttribute('max');
    const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!;
    setter.call(input, value);
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }, tomorrow);
  await section.getByTestId('rt-key-dates-save').click();
  const refusal = section.getByTestId('rt-key-dates-error');
  await visible(refusal.getByText('The actual day of “Development start” cannot be after today', { exact: false }));
  expect(await refusal.locator('li').getAttribute('data-rule')).toBe('order');
  await section.screenshot({ path: path.join(SCREENSHOTS, 'key-dates-panel-refused-en.png') });

  const today = await frameOf(page, '/app/panel/').evaluate(() => new Date().toISOString().slice(0, 10));
  await actual.fill(today);
  await section.getByTestId('rt-key-dates-save').click();
  await visible(section.getByText('Key dates saved.'));
  await visible(table.locator('tr[data-milestone="development"][data-state="done-late"]'));
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in Chinese and dark at 375 px: the section names the project’s milestones and fits the phone', async () => {
  const key = keyOf('多语言商品详情');
  const { context, page, errors } = await env.openAs('manager', `issue/${key}`, 'zh-CN', 'dark', { width: 375 });
  const section = surface(page, 'rt-triage-panel').getByTestId('rt-key-dates');
  await visible(section.getByRole('heading', { name: '关键节点' }));
  expect(await section.locator('tbody th').allTextContents()).toEqual(['需求细化', '开发启动', '测试验收']);
  await visible(section.getByText('你可以查看关键节点', { exact: false }));
  expect(await overflowOf(frameOf(page, '/app/panel/'))).toBeLessThanOrEqual(0);
  // The rows stack as label/value pairs: nothing to scroll sideways.
  const stack = section.locator('.rt-table-stack');
  expect(await stack.evaluate((region) => region.scrollWidth - region.clientWidth)).toBeLessThanOrEqual(0);
  await section.screenshot({ path: path.join(SCREENSHOTS, 'key-dates-panel-zh-dark-375.png') });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('the timeline: one row per accepted open requirement, late milestones marked, the today line; the ranked list names the next milestone', async () => {
  const { context, page, errors } = await env.openAs('manager', 'timeline/REQ');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: 'Timeline · REQ' }));
  const rows = app.getByTestId('rt-timeline-row');
  await visible(rows.first());
  const keys = await rows.evaluateAll((items) => items.map((item) => item.getAttribute('data-key')));
  expect(keys).toEqual(expect.arrayContaining([keyOf('充电桩故障上报'), keyOf('多语言商品详情'), keyOf('病历打印水印')]));
  // Not accepted yet: not on the timeline.
  expect(keys).not.toContain(keyOf('仓库温湿度告警'));
  await visible(
    app.locator(
      `[data-testid="rt-timeline-row"][data-key="${keyOf('客户经理移动审批')}"] li[data-milestone="development"][data-state="late"]`,
    ),
  );
  // The first test recorded this one's development start today, after its planned day.
  await visible(
    app.locator(
      `[data-testid="rt-timeline-row"][data-key="${keyOf('充电桩故障上报')}"] li[data-milestone="development"][data-state="done-late"]`,
    ),
  );
  expect(await app.getByTestId('rt-timeline-today').count()).toBe(keys.length);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'timeline-en.png'), fullPage: true });
  await app.getByTestId('rt-timeline-include-done').check();
  await visible(app.getByText(/^\d+ accepted requirements/));
  expect(await rows.count()).toBeGreaterThan(keys.length);
  expect(errors).toEqual([]);
  await context.close();

  const matrix = await env.openAs('manager', 'project/REQ');
  const ranked = surface(matrix.page, 'rt-priority-matrix');
  await visible(ranked.getByRole('columnheader', { name: 'Next milestone' }));
  await matrix.context.close();
}, 90_000);

test('the timeline in Chinese and dark at 375 px stays inside the phone', async () => {
  const { context, page, errors } = await env.openAs('manager', 'timeline/REQ', 'zh-CN', 'dark', { width: 375 });
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: '时间线 · REQ' }));
  await visible(app.getByTestId('rt-timeline-row').first());
  await visible(app.getByText('开发启动').first());
  expect(await overflowOf(frameOf(page, '/app/matrix/'))).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'timeline-zh-dark-375.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('report gadgets: on-time delivery by grade with its table and drill-down, satisfaction, in English and Chinese dark at 375 px', async () => {
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'on-time', topN: 10 } },
  ]);
  env.site.sandbox.store.commit([
    {
      collection: 'sandbox-gadgets',
      id: '10001',
      value: { source: 'project', projectKey: 'REQ', kind: 'satisfaction', topN: 10 },
    },
  ]);
  const { context, page, errors } = await env.openAs('manager', 'dashboard');
  const onTime = gadget(page, '10000');
  await visible(onTime.getByRole('heading', { name: 'On-time delivery by grade · REQ' }));
  const table = onTime.getByTestId('rt-gadget-table-on-time');
  expect(await table.locator('thead th').allTextContents()).toEqual([
    'Grade',
    'Delivered',
    'On time',
    'Late',
    'No deadline',
    'Rate',
  ]);
  await visible(table.getByRole('button', { name: /Open grade S’s delivered requirements in search/ }));
  await visible(gadget(page, '10001').getByTestId('rt-gadget-table-satisfaction-type'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-reports-en.png'), fullPage: true });
  await table.getByRole('button', { name: /Open grade S’s/ }).click();
  await visible(page.locator('#search-count'));
  expect(decodeURIComponent(await page.evaluate(() => location.hash))).toMatch(
    /^#\/search\?jql=project = "REQ" AND issuetype = "Requirement" AND status IN \("Done", "Closed"\) AND cf\[\d+\] = "S"$/,
  );
  // Every delivered grade-S requirement of the history, not only the period's: the search lists at least the table's count.
  expect(await page.locator('table.results tbody tr').count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-reports-search-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();

  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'REQ', kind: 'notice', topN: 10 } },
  ]);
  const zh = await env.openAs('manager', 'dashboard', 'zh-CN', 'dark', { width: 375 });
  await visible(gadget(zh.page, '10000').getByRole('heading', { name: '各等级按期交付率 · REQ' }));
  await visible(gadget(zh.page, '10001').getByTestId('rt-gadget-table-notice'));
  await zh.page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-reports-zh-dark-375.png'), fullPage: true });
  expect(zh.errors).toEqual([]);
  await zh.context.close();
}, 90_000);
