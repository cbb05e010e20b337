import path from 'node:path';
import type { Page } from 'playwright-core';
import { SCREENSHOTS, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The dashboard gadgets in Chromium: every kind, edit-mode validation, an empty project. */

const env = useBrowserSandbox();
const { openAs } = env;
const gadget = (page: Page, id: string) => page.frameLocator(`[data-gadget-box="${id}"] iframe[data-module="rt-priority-gadget"]`);
const saved = (id: string) => env.site.sandbox.store.get<Record<string, unknown>>('sandbox-gadgets', id);

test('the demo dashboard shows the grade distribution and the overdue requirement', async () => {
  const { context, page, errors } = await openAs('manager', 'dashboard');
  await visible(gadget(page, '10000').getByText('Grade distribution'));
  await visible(gadget(page, '10001').getByText('1 requirement is past its due date'));
  await visible(gadget(page, '10001').getByRole('button', { name: 'Open REQ-2' }));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('edit mode checks the settings, then saves the top 3; the gadget lists them best first', async () => {
  const { context, page, errors } = await openAs('manager', 'dashboard');
  await page.locator('button[data-gadget="10000"]').click();
  const edit = gadget(page, '10000');
  await edit.getByLabel('Show').click();
  await edit.getByText(/^Top \d+ by weighted score/).last().click();
  await edit.getByLabel('How many').fill('0');
  await edit.getByRole('button', { name: 'Save' }).click();
  await visible(edit.getByText('How many must be a whole number from 1 to 50.'));
  expect(saved('10000')).toMatchObject({ kind: 'grades' });
  await edit.getByLabel('How many').fill('3');
  await edit.getByRole('button', { name: 'Save' }).click();
  const view = gadget(page, '10000');
  await visible(view.getByText('Top 3 by weighted score'));
  expect(saved('10000')).toEqual({ source: 'project', projectKey: 'REQ', kind: 'top', topN: 3 });
  const keys = await view.getByRole('button', { name: /^Open REQ-/ }).allTextContents();
  expect(keys).toEqual(['REQ-1', 'REQ-5', 'REQ-3']);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-top-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('MoSCoW and quadrant counts, in Chinese', async () => {
  env.site.sandbox.store.commit([{ collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'moscow', topN: 10 } }]);
  env.site.sandbox.store.commit([{ collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'REQ', kind: 'quadrants', topN: 10 } }]);
  const { context, page } = await openAs('manager', 'dashboard', 'zh-CN');
  await visible(gadget(page, '10000').getByText('MoSCoW 统计'));
  await visible(gadget(page, '10000').getByText('应该有（Should）'));
  await visible(gadget(page, '10001').getByText('价值/成本象限统计'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-zh.png'), fullPage: true });
  await context.close();
}, 60_000);

test('a project without requirements shows a helpful empty state, not an error', async () => {
  const created = env.site.sandbox.gateway().handle(
    { method: 'POST', path: '/rest/api/3/project', query: {}, body: { key: 'EMPTY', name: 'Empty project', projectTypeKey: 'business', leadAccountId: '5b10a2844c20165700ede21g' } },
    { kind: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
  );
  expect(created.status).toBe(201);
  env.site.sandbox.store.commit([{ collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'EMPTY', kind: 'grades', topN: 10 } }]);
  const { context, page } = await openAs('manager', 'dashboard');
  await visible(gadget(page, '10001').getByText('No requirements in EMPTY yet'));
  await context.close();
}, 60_000);

test('a gadget can count the requirements of a saved filter', async () => {
  const { context, page, errors } = await openAs('manager', 'dashboard');
  await page.locator('button[data-gadget="10001"]').click();
  const edit = gadget(page, '10001');
  await edit.getByLabel('Requirements from').click();
  await edit.getByText('A saved filter', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  await visible(edit.getByText('Choose a saved filter to save.'));
  await edit.getByLabel('Saved filter').click();
  await edit.getByText(/^CRM requirements/).click();
  await edit.getByLabel('Show').click();
  await edit.getByText('MoSCoW counts', { exact: true }).click();
  await edit.getByRole('button', { name: 'Save' }).click();
  const view = gadget(page, '10001');
  await visible(view.getByText('Requirement priorities · filter CRM requirements'));
  await visible(view.getByText('2 requirements'));
  expect(saved('10001')).toMatchObject({ source: 'filter', filterName: 'CRM requirements', kind: 'moscow' });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-filter-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
