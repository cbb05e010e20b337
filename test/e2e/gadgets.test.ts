import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { seedReportHistory } from '../../sandbox/report-history';
import { SCREENSHOTS, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The dashboard gadgets in Chromium: every kind, edit-mode validation, an empty project. */

const env = useBrowserSandbox();
const { openAs } = env;
const gadget = (page: Page, id: string) =>
  page.frameLocator(`[data-gadget-box="${id}"] iframe[data-module="rt-priority-gadget"]`);
/** How many pixels the gadget's page or a table's scroll region reaches past its width: 0 when nothing scrolls sideways. */
const sidewaysOverflow = (page: Page, id: string) =>
  gadget(page, id)
    .locator('body')
    .evaluate(() =>
      Math.max(
        ...[document.documentElement, ...Array.from(document.querySelectorAll('[role="region"]'))].map(
          (box) => box.scrollWidth - box.clientWidth,
        ),
      ),
    );
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
  // Reads the demo on purpose: the demo dashboard's gadget over the seeded project, whose best three are known.
  const { context, page, errors } = await openAs('manager', 'dashboard');
  await page.locator('button[data-gadget="10000"]').click();
  const edit = gadget(page, '10000');
  await edit.getByLabel('Show').click();
  await edit
    .getByText(/^Top \d+ by weighted score/)
    .last()
    .click();
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
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'moscow', topN: 10 } },
  ]);
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'REQ', kind: 'quadrants', topN: 10 } },
  ]);
  const { context, page } = await openAs('manager', 'dashboard', 'zh-CN');
  await visible(gadget(page, '10000').getByText('MoSCoW 统计'));
  await visible(gadget(page, '10000').getByText('应该有（Should）'));
  await visible(gadget(page, '10001').getByText('价值/成本象限统计'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard-zh.png'), fullPage: true });
  await context.close();
}, 60_000);

test('a project without requirements shows a helpful empty state, not an error', async () => {
  const created = env.site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/project',
      query: {},
      body: { key: 'EMPTY', name: 'Empty project', projectTypeKey: 'business', leadAccountId: '5b10a2844c20165700ede21g' },
    },
    { kind: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
  );
  expect(created.status).toBe(201);
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'EMPTY', kind: 'grades', topN: 10 } },
  ]);
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
  await visible(view.getByRole('heading', { name: 'MoSCoW counts · filter CRM requirements' }));
  await visible(view.getByText('2 requirements'));
  expect(saved('10001')).toMatchObject({ source: 'filter', filterName: 'CRM requirements', kind: 'moscow' });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-filter-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('two gadgets on one dashboard carry distinct titles naming what they show and from where', async () => {
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'grades', topN: 10 } },
  ]);
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10001', value: { source: 'project', projectKey: 'REQ', kind: 'overdue', topN: 10 } },
  ]);
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const { context, page, errors } = await openAs('manager', 'dashboard', locale);
    const titles = await Promise.all(
      ['10000', '10001'].map(async (id) => {
        const heading = gadget(page, id).getByRole('heading', { level: 1 });
        await visible(heading);
        return heading.textContent();
      }),
    );
    expect(titles).toEqual(
      locale === 'en-US' ? ['Grade distribution · REQ', 'Overdue requirements · REQ'] : ['等级分布 · REQ', '逾期需求 · REQ'],
    );
    expect(errors).toEqual([]);
    await context.close();
  }
}, 60_000);

test('a grade bar and the "Not feasible" count open their requirements as a JQL search', async () => {
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'grades', topN: 10 } },
  ]);
  const { context, page, errors } = await openAs('manager', 'dashboard');
  const view = gadget(page, '10000');
  const gradeA = view.getByRole('button', { name: /^Grade A \d+ \(\d+%\) \(open them in the issue search\)$/ });
  await visible(gradeA);
  const counted = Number(/Grade A\s*(\d+)/.exec((await gradeA.textContent())!.replace(/\s+/g, ' ').trim())![1]);
  await gradeA.click();
  await visible(page.locator('#search-count'));
  expect(decodeURIComponent(await page.evaluate(() => location.hash))).toMatch(
    /^#\/search\?jql=\(project = "REQ" AND issuetype = "Requirement"\) AND cf\[\d+\] = "A"$/,
  );
  await expect(page.locator('table.results tbody tr').count()).resolves.toBe(counted);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-search-grade-en.png'), fullPage: true });

  await page.locator('nav a[data-route="dashboard"]').click();
  const notFeasible = gadget(page, '10000').getByRole('button', {
    name: /^Not feasible\s*1\s*\(open them in the issue search\)$/,
  });
  await notFeasible.click();
  await visible(page.locator('table.results tr[data-issue="REQ-4"]'));
  await expect(page.locator('table.results tbody tr').count()).resolves.toBe(1);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('in edit mode the dashboard offers no Done that drops the settings; Cancel warns before discarding and keeps the saved settings', async () => {
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'grades', topN: 10 } },
  ]);
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const en = locale === 'en-US';
    const { context, page, errors } = await openAs('manager', 'dashboard', locale);
    await page.locator('button[data-gadget="10000"]').click();
    await visible(page.locator('[data-gadget-box="10000"][data-mode="edit"]'));
    // Leaving edit mode is the edit view's own business (view.submit): the frame shows no button of its own.
    await expect(page.locator('[data-gadget-box="10000"] h3 button').count()).resolves.toBe(0);
    const edit = gadget(page, '10000');
    await edit.getByLabel(en ? 'Show' : '显示').click();
    await edit.getByText(en ? 'MoSCoW counts' : 'MoSCoW 统计', { exact: true }).click();
    await edit.getByRole('button', { name: en ? 'Cancel' : '取消' }).click();
    const warning = edit.getByTestId('rt-gadget-discard');
    await visible(warning.getByText(en ? 'Discard your changes?' : '放弃你的更改？'));
    await page.screenshot({ path: path.join(SCREENSHOTS, `gadget-discard-${en ? 'en' : 'zh'}.png`), fullPage: true });
    await warning.getByRole('button', { name: en ? 'Keep editing' : '继续编辑' }).click();
    await visible(edit.getByText(en ? 'MoSCoW counts' : 'MoSCoW 统计', { exact: true }));
    await edit.getByRole('button', { name: en ? 'Cancel' : '取消' }).click();
    await warning.getByRole('button', { name: en ? 'Discard changes' : '放弃更改' }).click();
    await visible(page.locator('[data-gadget-box="10000"][data-mode="view"]'));
    await visible(gadget(page, '10000').getByRole('heading', { name: en ? 'Grade distribution · REQ' : '等级分布 · REQ' }));
    expect(saved('10000')).toEqual({ source: 'project', projectKey: 'REQ', kind: 'grades', topN: 10 });
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

// Last in the file: it adds six months of delivery history (REQ-7 to REQ-30) that the counts above do not expect.
test('a report gadget’s period and JQL: a refused JQL is named on its field, the saved settings show and the table exports as CSV, in English and Chinese', async () => {
  await seedReportHistory(env.site.sandbox);
  // Saved before report gadgets had a period: it reads as the last six months.
  env.site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'on-time', topN: 10 } },
  ]);
  const { context, page, errors } = await openAs('manager', 'dashboard', 'en-US', 'light', { width: 375 });
  await visible(
    gadget(page, '10000')
      .getByTestId('rt-gadget-period')
      .getByText(/^Last 6 months · \d{4}-\d{2} to \d{4}-\d{2}$/),
  );
  await page.locator('button[data-gadget="10000"]').click();
  const edit = gadget(page, '10000');
  await edit.getByLabel('Period').click();
  await edit.getByText('Last 12 months', { exact: true }).click();
  await edit.getByLabel('JQL (optional)').fill('status = = Done');
  await edit.getByRole('button', { name: 'Save' }).click();
  // Jira's own words, as the Reports page shows them on its JQL box; nothing saved.
  await visible(edit.getByText(/Error in the JQL Query|expecting/i));
  expect(saved('10000')).toEqual({ source: 'project', projectKey: 'REQ', kind: 'on-time', topN: 10 });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-report-settings-refused-en-375.png'), fullPage: true });
  await edit.getByLabel('JQL (optional)').fill('status in (Done, Closed)');
  await edit.getByRole('button', { name: 'Save' }).click();
  const view = gadget(page, '10000');
  await visible(view.getByTestId('rt-gadget-table-on-time'));
  // Every column fits a phone-wide gadget: nothing to scroll sideways.
  expect(await sidewaysOverflow(page, '10000')).toBeLessThanOrEqual(1);
  expect(saved('10000')).toEqual({
    source: 'project',
    projectKey: 'REQ',
    kind: 'on-time',
    topN: 10,
    period: 'last-12-months',
    jql: 'status in (Done, Closed)',
  });
  const periodText = await view.getByTestId('rt-gadget-period').textContent();
  const [, from, to] = /(\d{4}-\d{2}) to (\d{4}-\d{2})$/.exec(periodText ?? '') ?? [];
  expect(periodText).toMatch(/^Last 12 months · /);
  expect((Number(to!.slice(0, 4)) - Number(from!.slice(0, 4))) * 12 + Number(to!.slice(5)) - Number(from!.slice(5))).toBe(11);
  await visible(view.getByTestId('rt-gadget-jql').getByText('Narrowed by JQL: status in (Done, Closed)'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-report-period-jql-en-375.png'), fullPage: true });
  const downloading = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export “On-time delivery by grade” as CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`REQ-report-on-time-${from}-${to}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFGrade,Delivered,On time,Late,No deadline,Rate\r\n')).toBe(true);
  expect(csv).toMatch(/\r\nS,\d+,\d+,\d+,\d+,\d*\r\n/);
  expect(await view.getByRole('button', { name: 'Export “On-time delivery by grade” as XLSX' }).isEnabled()).toBe(true);
  expect(errors).toEqual([]);
  await context.close();

  const zh = await openAs('manager', 'dashboard', 'zh-CN', 'dark', { width: 375 });
  const zhView = gadget(zh.page, '10000');
  await visible(zhView.getByTestId('rt-gadget-period').getByText(/^最近 12 个月 · \d{4}-\d{2} 至 \d{4}-\d{2}$/));
  await visible(zhView.getByText('按 JQL 缩小范围：status in (Done, Closed)'));
  await visible(zhView.getByRole('button', { name: '将“各等级按期交付率”导出为 CSV' }));
  await visible(zhView.getByTestId('rt-gadget-table-on-time'));
  expect(await sidewaysOverflow(zh.page, '10000')).toBeLessThanOrEqual(1);
  await zh.page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-report-period-jql-zh-dark-375.png'), fullPage: true });
  await zh.page.locator('button[data-gadget="10000"]').click();
  const zhEdit = gadget(zh.page, '10000');
  await visible(zhEdit.getByText('时间段', { exact: true }));
  await zhEdit.getByLabel('JQL（可选）').fill('x'.repeat(2001));
  await zhEdit.getByRole('button', { name: '保存' }).click();
  await visible(zhEdit.getByText('JQL 最多 2,000 个字符。'));
  await zh.page.screenshot({ path: path.join(SCREENSHOTS, 'gadget-report-settings-zh-dark-375.png'), fullPage: true });
  expect(saved('10000')).toMatchObject({ period: 'last-12-months', jql: 'status in (Done, Closed)' });
  expect(zh.errors).toEqual([]);
  await zh.context.close();
}, 120_000);
