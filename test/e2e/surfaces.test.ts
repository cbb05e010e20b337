import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders, WORKED_CASE } from '../support/builders';

/**
 * The real Custom UI bundles in Chromium, inside the sandbox frame, talking to the real resolvers
 * through the bridge shim. Screenshots land in test-results/ (and the README's in docs/screenshots).
 */

const env = useBrowserSandbox();
const { openAs } = env;
const build = testBuilders(env);

test('the triage panel shows the worked case and saves new factors as the product manager', async () => {
  const key = await build.requirement({ summary: 'XY2099002 设备B的预警误报太多', fields: WORKED_CASE });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByText('4.3').first());
  await visible(surface(page, 'rt-grade-glance').getByText('A', { exact: true }));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'issue-panel-en.png'), fullPage: true });

  await panel.getByLabel('Urgency').fill('5');
  await panel.getByLabel('Feasibility').fill('5');
  await panel.getByRole('button', { name: 'Save' }).click();
  // 30*5 + 30*5 + 20*5 + 20*5 = 500 → 5.0, S
  await visible(panel.getByText('5.0').first());
  await env.site.sandbox.idle();
  const ids = Object.fromEntries(
    env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').map((field) => [field.name, field.id]),
  );
  expect(env.site.issue(key).fields[ids['Priority grade']!]).toBe('S');
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('inline validation names the rule as the user types, nothing is saved, and the fix saves', async () => {
  const key = await build.requirement({
    fields: { Urgency: 3, Importance: 3, Feasibility: 5, 'Customer value': 2, 'Business value': 5, 'Implementation cost': 2 },
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const before = JSON.stringify(env.site.issue(key).fields);
  await panel.getByLabel('Urgency').fill('7');
  await visible(panel.getByText(/Urgency must be from 1 to 5/).first());
  await panel
    .getByRole('button', { name: 'Save' })
    .click()
    .catch(() => undefined);
  await page.waitForTimeout(300);
  expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'issue-panel-invalid-en.png'), fullPage: true });

  await panel.getByLabel('Urgency').fill('4');
  expect(await panel.getByText(/Urgency must be from 1 to 5/).count()).toBe(0);
  await panel.getByRole('button', { name: 'Save' }).click();
  await visible(panel.getByText(/Saved/).first());
  await env.site.sandbox.idle();
  const urgency = env.site.sandbox.store
    .list<{ id: string; name: string }>('jira-fields')
    .find((field) => field.name === 'Urgency')!.id;
  expect(env.site.issue(key).fields[urgency]).toBe(4);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('a manager sees the scores read-only, in Chinese', async () => {
  const key = await build.requirement({ fields: WORKED_CASE });
  const { context, page, errors } = await openAs('manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByText('加权得分').first());
  expect(await panel.getByRole('button', { name: '保存' }).count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'issue-panel-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the priority matrix plots and ranks the project requirements', async () => {
  const key = await build.requirement({ fields: WORKED_CASE });
  const { context, page, errors } = await openAs('manager', 'project/REQ');
  const matrix = surface(page, 'rt-priority-matrix');
  await visible(matrix.getByRole('button', { name: new RegExp(`${key}(?!\\d)`) }).first());
  expect(await matrix.locator('svg circle, svg [role="button"]').count()).toBeGreaterThan(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the admin page shows the current framework to an admin', async () => {
  const admin = await openAs('admin', 'admin');
  await visible(
    surface(admin.page, 'rt-admin')
      .getByText(/30\s*%/)
      .first(),
  );
  await admin.page.screenshot({ path: path.join(SCREENSHOTS, 'admin-en.png'), fullPage: true });
  await admin.context.close();
}, 60_000);
