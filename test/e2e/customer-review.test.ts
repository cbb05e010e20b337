import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** In Chromium: the quarterly customer review on the Customers page, in Chinese and English. */

const env = useBrowserSandbox({ reportHistory: true });

test('in Chinese: the customers not confirmed for a quarter are listed with the reminder; "仍然正确" confirms one', async () => {
  const { context, page, errors } = await env.openAs('customer-success', 'customers/REQ', 'zh-CN');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: '季度复核' }));
  await visible(app.getByText('3 位客户超过一个季度未复核'));
  await visible(app.getByText('提醒客户对接职责（Customer success）：点击“仍然正确”确认，或编辑有变化的信息。'));
  const table = app.getByTestId('rt-customer-review');
  await visible(table.getByText('南方电网某供电局'));
  await app.getByRole('heading', { name: '季度复核' }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-review-zh.png'), fullPage: true });
  const row = table.locator('tr', { hasText: '南方电网某供电局' });
  await row.getByRole('button', { name: '仍然正确' }).click();
  await row.waitFor({ state: 'detached', timeout: 15_000 });
  await visible(app.getByText('2 位客户超过一个季度未复核'));
  await visible(app.getByText(/^已确认 CUS\d{9} 本季度的信息。$/));
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in English: a manager who may only browse sees the list without "Still right" and may open a customer', async () => {
  const { context, page, errors } = await env.openAs('manager', 'customers/REQ', 'en-US', 'dark');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: 'Quarterly review' }));
  const table = app.getByTestId('rt-customer-review');
  await visible(table.getByText('成都连锁超市'));
  expect(await table.getByRole('button', { name: 'Still right' }).count()).toBe(0);
  await table.locator('tr', { hasText: '成都连锁超市' }).getByRole('button', { name: 'Open' }).click();
  // The list gives way to the customer's record.
  await table.waitFor({ state: 'detached', timeout: 15_000 });
  await visible(app.locator('input').first());
  expect(await app.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toContain('成都连锁超市');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-review-open-en-dark.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);
