import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The priority matrix in Chromium: filters, JQL, moving points as an editor and as a reader. */

const env = useBrowserSandbox();
const { openAs } = env;
const fieldId = (name: string) => env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;

test('a product manager drags REQ-4 into the quick wins, sees the new grade, and undoes it', async () => {
  const { context, page, errors } = await openAs('product-manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  const point = matrix.locator('g[data-key="REQ-4"]');
  await visible(point);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-pm-en.png'), fullPage: true });

  const frame = page.frames().find((candidate) => candidate.url().includes('/app/matrix/'))!;
  // The target cell's centre: value 9, cost 2, computed from the axis ticks the chart draws.
  const box = (await point.boundingBox())!;
  const from = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  const target = await frame.evaluate(() => {
    const svg = document.querySelector('svg[role="group"]')!;
    const ticks = Array.from(svg.querySelectorAll('g[aria-hidden="true"] text')).map((text) => ({ text: text.textContent, box: text.getBoundingClientRect() }));
    const x = ticks.find((tick) => tick.text === '2' && tick.box.top > 300)!.box;
    const y = ticks.filter((tick) => tick.text === '9').sort((a, b) => a.box.left - b.box.left)[0]!.box;
    return { x: x.left + x.width / 2, y: y.top + y.height / 2 };
  });
  const offset = (await page.locator('iframe[data-module="rt-priority-matrix"]').boundingBox())!;
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move(offset.x + target.x, offset.y + target.y, { steps: 12 });
  await visible(matrix.getByTestId('rt-drag-target'));
  await page.mouse.up();

  await visible(matrix.getByText(/REQ-4 moved to value 9, cost 2/));
  await env.site.sandbox.idle();
  expect(env.site.issue('REQ-4').fields[fieldId('Business value')]).toBe(9);
  expect(env.site.issue('REQ-4').fields[fieldId('Implementation cost')]).toBe(2);
  expect(env.site.issue('REQ-4').fields[fieldId('Value/cost quadrant')]).toBe('quick-win');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-moved-en.png'), fullPage: true });

  await matrix.getByRole('button', { name: 'Undo' }).click();
  // The point moves back at once; the undo is saved once it is no longer busy (Jira takes its time).
  await visible(matrix.locator('g[data-key="REQ-4"][aria-label*="Value 6 · cost 8"]:not([aria-busy])'));
  await env.site.sandbox.idle();
  expect(env.site.issue('REQ-4').fields[fieldId('Business value')]).toBe(6);
  expect(env.site.issue('REQ-4').fields[fieldId('Implementation cost')]).toBe(8);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('points move with the arrow keys for keyboard users', async () => {
  const { context, page } = await openAs('product-manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  const point = matrix.locator('g[data-key="REQ-2"]');
  await visible(point);
  await point.focus();
  await page.keyboard.press('ArrowUp');
  await visible(matrix.getByText(/REQ-2 moved to value 6, cost 2/));
  await matrix.getByRole('button', { name: 'Undo' }).click();
  await visible(matrix.locator('g[data-key="REQ-2"][aria-label*="Value 5 · cost 2"]'));
  await context.close();
}, 60_000);

test('a manager cannot move points: the drag does nothing and the page says why', async () => {
  const { context, page } = await openAs('manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  const point = matrix.locator('g[data-key="REQ-3"]');
  await visible(point);
  await visible(matrix.getByText(/You can look but not move points/));
  const before = JSON.stringify(env.site.issue('REQ-3').fields);
  const box = (await point.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x - 150, box.y - 120, { steps: 8 });
  expect(await matrix.getByTestId('rt-drag-target').count()).toBe(0);
  await page.mouse.move(box.x + box.width / 2 + 1, box.y + box.height / 2, { steps: 8 });
  await page.keyboard.press('Escape');
  await point.focus();
  await page.keyboard.press('ArrowUp');
  await page.waitForTimeout(300);
  expect(JSON.stringify(env.site.issue('REQ-3').fields)).toBe(before);
  await context.close();
}, 60_000);

test('filters and JQL narrow the chart and the list; refused JQL keeps the view and shows Jira\'s message', async () => {
  const { context, page, errors } = await openAs('manager', 'project/REQ', 'zh-CN');
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.locator('g[data-key="REQ-1"]'));
  await visible(matrix.getByText('显示 6 / 6 个需求'));

  await matrix.getByLabel('MoSCoW').first().click();
  await matrix.getByText(/^应该有（Should）/).first().click();
  await visible(matrix.getByText('显示 3 / 6 个需求'));
  expect(await matrix.locator('g[data-key]').count()).toBe(3);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-filtered-zh.png'), fullPage: true });
  await matrix.getByRole('button', { name: /清除 1 个筛选/ }).click();
  await visible(matrix.getByText('显示 6 / 6 个需求'));

  await matrix.getByRole('textbox', { name: '用 JQL 缩小范围' }).fill('key in (REQ-1, REQ-2)');
  await matrix.getByRole('button', { name: '应用' }).click();
  await visible(matrix.getByText('显示 2 / 2 个需求'));

  await matrix.getByRole('textbox', { name: '用 JQL 缩小范围' }).fill('summary ~~ "broken');
  await matrix.getByRole('button', { name: '应用' }).click();
  await visible(matrix.getByText(/Jira 不接受此 JQL/));
  expect(await matrix.locator('g[data-key]').count()).toBe(2);
  expect(await matrix.getByRole('textbox', { name: '用 JQL 缩小范围' }).inputValue()).toBe('summary ~~ "broken');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-jql-error-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('hovering a point shows its key, summary and scores; colour switches to MoSCoW with its legend', async () => {
  const { context, page } = await openAs('manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  const point = matrix.locator('g[data-key="REQ-1"]');
  await visible(point);
  await point.hover();
  await visible(matrix.getByTestId('rt-point-tooltip').getByText(/REQ-1/));
  await matrix.getByLabel('Colour points by').click();
  await matrix.getByText('MoSCoW', { exact: true }).last().click();
  await visible(matrix.getByText('Must have (2)'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-moscow-en.png'), fullPage: true });
  await context.close();
}, 60_000);

test('usable at 375 px: the chart and the filters fit without sideways scrolling of the page', async () => {
  const { context, page } = await openAs('manager', 'project/REQ');
  await page.setViewportSize({ width: 375, height: 800 });
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.locator('g[data-key="REQ-1"]'));
  const frame = page.frames().find((candidate) => candidate.url().includes('/app/matrix/'))!;
  const overflow = await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-375.png'), fullPage: true });
  await context.close();
}, 60_000);
