import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { FrameLocator, Page } from 'playwright-core';
import { resolverCaller, siteRest } from '../support/test-sandbox';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders } from '../support/builders';

/**
 * Issue 18, the matrix, customers and export points: what a demanding user saw mislead them on the
 * project page, each checked as they would meet it.
 */

const env = useBrowserSandbox();
const { openAs } = env;
const call = resolverCaller(env);
const app = (page: Page): FrameLocator => surface(page, 'rt-priority-matrix');
const build = testBuilders(env);
const { rest } = siteRest(env);
const createRequirement = (summary: string) => build.requirement({ summary, description: summary });
/** Every input set, so the requirement is a point on the chart and a row of the ranked list. */
const scored = (fields: Record<string, unknown> = {}) => ({
  fields: {
    MoSCoW: 'Should',
    Urgency: 3,
    Importance: 4,
    Feasibility: 4,
    'Customer value': 4,
    'Business value': 7,
    'Implementation cost': 6,
    ...fields,
  },
});
async function searchKeys(jql: string): Promise<string[]> {
  const found = await rest('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=100`);
  expect(found.status).toBe(200);
  return (found.body.issues as { key: string }[]).map((issue) => issue.key);
}

test('a merged duplicate counts neither in "Showing N of M" nor in the gadget\'s "Not scored yet"', async () => {
  const excelExport = await build.requirement({ summary: 'Export the data to Excel', ...scored() });
  const before = await call<{ total: number; unscored: number }>('pm', 'gadget', 'requirements.distribution', {
    projectKey: 'REQ',
  });
  const duplicate = await createRequirement('Export the list to Excel, please');
  const merged = await call<{ closed: boolean }>(
    'pm',
    'panel',
    'duplicates.merge',
    { otherIssueKey: excelExport, keep: 'other', descriptionFrom: 'other' },
    { issueKey: duplicate },
  );
  expect(merged.ok).toBe(true);
  await env.site.sandbox.idle();
  expect(env.site.issue(duplicate).fields.resolution).toBe('Duplicate');

  const after = await call<{ total: number; unscored: number; closedDuplicates: number }>(
    'pm',
    'gadget',
    'requirements.distribution',
    { projectKey: 'REQ' },
  );
  expect(after.ok && before.ok).toBe(true);
  if (!after.ok || !before.ok) return;
  expect([after.data.total, after.data.unscored, after.data.closedDuplicates]).toEqual([
    before.data.total,
    before.data.unscored,
    1,
  ]);

  // What the list hides until asked: Done or Closed, the merged duplicate aside (it is not counted at all).
  const total = after.data.total;
  const hidden = (await searchKeys(`project = REQ AND status in (Done, Closed) AND key != ${duplicate}`)).length;
  const { context, page, errors } = await openAs('product-manager', 'project/REQ');
  const matrix = app(page);
  await visible(matrix.locator(`g[data-key="${excelExport}"]`));
  await visible(
    matrix.getByText(
      `Showing ${total - hidden} of ${total} requirements · ${hidden} Done or Closed hidden · 1 merged duplicate not counted`,
    ),
  );
  await matrix.getByLabel(`Show Done and Closed (${hidden})`).check();
  await visible(matrix.getByText(new RegExp(`^Showing ${total} of ${total} requirements · 1 merged duplicate`)));
  expect(await matrix.locator(`g[data-key="${duplicate}"]`).count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('"Clear 1 filter" in the singular, and a refused JQL names a position in the query the person typed', async () => {
  const point = await build.requirement(scored());
  const { context, page, errors } = await openAs('manager', 'project/REQ');
  const matrix = app(page);
  await visible(matrix.locator(`g[data-key="${point}"]`));
  await matrix.getByLabel('MoSCoW').first().click();
  await matrix
    .getByText(/^Should have/)
    .first()
    .click();
  await visible(matrix.getByRole('button', { name: 'Clear 1 filter', exact: true }));
  await matrix.getByRole('button', { name: 'Clear 1 filter', exact: true }).click();

  const typed = 'summary ~~ broken';
  await matrix.getByRole('textbox', { name: 'Narrow with JQL' }).fill(typed);
  await matrix.getByRole('button', { name: 'Apply' }).click();
  const refusal = matrix.getByText(/Jira did not accept this JQL/);
  await visible(refusal);
  const position = /\(line 1, character (\d+)\)/.exec((await refusal.textContent()) ?? '');
  expect(position).not.toBeNull();
  // Before: a character of the app's combined query, past the end of what was typed.
  expect(Number(position![1])).toBeLessThanOrEqual(typed.length);
  expect(typed.charAt(Number(position![1]) - 1)).toBe('~');
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the ranked list keeps "11" and "Medium" whole at 1280 px, Chinese headers on one line, and says it scrolls at 375 px', async () => {
  // Three-factor score 3 + 4 + 4 = 11, priority Medium.
  const key = await build.requirement(scored({ Urgency: 3, Importance: 4, Feasibility: 4 }));
  const { context, page, errors } = await openAs('manager', 'project/REQ');
  const matrix = app(page);
  const table = matrix.getByRole('table');
  await visible(table.getByText(key, { exact: true }));
  const row = table.getByRole('row').filter({ has: matrix.getByText(key, { exact: true }) });
  const eleven = row.getByText('11', { exact: true });
  const medium = row.getByText('Medium', { exact: true });
  // One line of 14 px text is at most 24 px high; "1" over "1" is twice that.
  expect((await eleven.boundingBox())!.height).toBeLessThan(24);
  expect(await medium.evaluate((node) => node.scrollWidth <= node.clientWidth + 1)).toBe(true);
  expect(await matrix.getByTestId('rt-ranked-scroll-hint').count()).toBe(0);

  await page.setViewportSize({ width: 375, height: 800 });
  await visible(matrix.getByTestId('rt-ranked-scroll-hint'));
  await visible(matrix.getByText('Scroll sideways for more columns →').first());
  // Each point is at least 24 px across to a finger (WCAG 2.2 target size).
  const point = (await matrix.locator(`g[data-key="${key}"]`).boundingBox())!;
  expect(Math.min(point.width, point.height)).toBeGreaterThanOrEqual(24);
  expect(errors).toEqual([]);
  await context.close();

  const zh = await openAs('manager', 'project/REQ', 'zh-CN');
  const zhTable = app(zh.page).getByRole('table');
  await visible(zhTable.getByText(key, { exact: true }));
  // Before: 价值, 成本 and 客户数 were set one character a line. Now every header has fewer lines than characters.
  const headers = await zhTable.locator('th').evaluateAll((cells) =>
    cells.map((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      const text = walker.nextNode();
      const range = document.createRange();
      if (text) range.selectNodeContents(text);
      return {
        text: text?.textContent ?? '',
        lines: text ? new Set(Array.from(range.getClientRects(), (rect) => Math.round(rect.top))).size : 0,
      };
    }),
  );
  expect(headers.length).toBeGreaterThan(10);
  for (const header of headers.filter((candidate) => [...candidate.text].length >= 2))
    expect([header.text, header.lines < [...header.text].length]).toEqual([header.text, true]);
  expect(headers.find((header) => header.text === '客户数')?.lines).toBe(1);
  await zh.context.close();
}, 90_000);

test('customers at 375 px: names readable, the table says it scrolls, region and contacts reachable', async () => {
  const { context, page, errors } = await openAs('product-manager', 'customers/REQ');
  await page.setViewportSize({ width: 375, height: 800 });
  const customers = app(page);
  const name = customers.getByRole('cell', { name: '中型汽车零部件制造商' });
  await visible(name);
  // Before: one character wide.
  expect((await name.boundingBox())!.width).toBeGreaterThan(100);
  await visible(customers.getByTestId('rt-customers-scroll-hint'));
  const scroller = customers.getByTestId('rt-customers-scroll');
  await scroller.evaluate((node) => node.scrollTo({ left: node.scrollWidth }));
  await visible(customers.getByRole('columnheader', { name: 'Contacts' }));
  const contacts = (await customers.getByRole('columnheader', { name: 'Contacts' }).boundingBox())!;
  expect(contacts.x + contacts.width).toBeLessThanOrEqual(375);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-375-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('customer search finds a name by any part, types read as words, and a customer lists the requirements they raised', async () => {
  const logistics = await build.customer({ name: '华南速运物流集团', type: 'strategic' });
  const manufacturer = await build.customer({ name: '华南精密零部件制造商', type: 'key' });
  const raisedByLogistics = await build.requirement({ customers: [logistics] });
  const raisedByManufacturer = await build.requirement({ customers: [manufacturer] });
  const { context, page, errors } = await openAs('product-manager', 'customers/REQ');
  const customers = app(page);
  await visible(customers.getByText('华南速运物流集团'));
  // Before: the codes "strategic" and "key".
  await visible(customers.getByText('Strategic', { exact: true }).first());
  await visible(customers.getByText('Key account', { exact: true }).first());
  // 速运物流 is in the middle of 华南速运物流集团: Chinese company names start with a city.
  await customers.getByLabel('Search by number or any part of the name').fill('速运物流');
  await customers.getByText('华南精密零部件制造商').waitFor({ state: 'detached', timeout: 15_000 });
  await visible(customers.getByText('华南速运物流集团'));

  await customers.getByRole('button', { name: `Open ${logistics}` }).click();
  const raised = customers.getByTestId('rt-raised-requirements');
  await visible(raised.getByText(raisedByLogistics, { exact: true }));
  expect(await raised.getByText(raisedByManufacturer, { exact: true }).count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-raised-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('a new customer: required fields marked before saving, messages start with the field, inputs keep their height when errors show', async () => {
  const { context, page, errors } = await openAs('product-manager', 'customers/REQ');
  const customers = app(page);
  await customers.getByRole('button', { name: 'New customer' }).click();
  const nameLabel = customers.locator('label', { hasText: /^Name$/ }).first();
  await visible(nameLabel);
  // The asterisk beside the label, before anything was typed or saved.
  expect(await nameLabel.locator('xpath=following-sibling::span[1]').textContent()).toBe('*');
  const firstDeal = customers.locator('label', { hasText: /^First deal$/ });
  expect(await firstDeal.locator('xpath=following-sibling::span').count()).toBe(0);
  await visible(customers.getByText('Fields marked * are required.'));
  const region = customers.getByLabel('Region');
  expect(await region.getAttribute('required')).not.toBeNull();
  const heightBefore = (await region.boundingBox())!.height;

  await customers.getByLabel('Name', { exact: true }).fill('x');
  await customers.getByLabel('Name', { exact: true }).fill('');
  await visible(customers.getByText('Name is required.'));
  expect(await customers.getByText('Name: is required.').count()).toBe(0);
  // Region's neighbour shows an error; Region itself stays as tall as it was.
  expect((await region.boundingBox())!.height).toBe(heightBefore);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-new-required-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the export is named with the day the screen shows (Asia/Shanghai), and its XLSX holds real dates and 0 duplicates', async () => {
  const { context, page, errors } = await openAs('manager', 'project/REQ');
  // 17:30 UTC on 3 December is already 4 December in Shanghai, the zone the sandbox's people use.
  await context.clock.setFixedTime(new Date('2026-12-03T17:30:00Z'));
  await page.reload();
  const matrix = app(page);
  await visible(matrix.getByRole('heading', { name: 'Export' }));
  const downloading = page.waitForEvent('download');
  await matrix.getByRole('button', { name: 'Export', exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('REQ-requirement-register-2026-12-04.xlsx');

  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync((await download.path())!)).buffer);
  const sheet = workbook.worksheets[0]!;
  const headers = (sheet.getRow(1).values as unknown[]).map(String);
  const column = (header: string) => headers.indexOf(header);
  const first = sheet.getRow(2);
  const raised = first.getCell(column('Raised on'));
  expect(raised.value).toBeInstanceOf(Date);
  expect(raised.numFmt).toBe('yyyy-mm-dd');
  const duplicates = [2, 3, 4, 5, 6, 7].map((index) => sheet.getRow(index).getCell(column('Duplicate count')).value);
  expect(duplicates.every((value) => typeof value === 'number')).toBe(true);
  expect(duplicates).toContain(0);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('a matrix view lives in the page address: opened from a shared link, another person sees the same filters, Done and Closed and JQL', async () => {
  const viewed = [
    await build.requirement(scored({ MoSCoW: 'Must' })),
    await build.requirement(scored()),
    await build.requirement({
      ...scored(),
      feasibility: 'feasible',
      moves: ['Confirm', 'Accept', 'Start work', 'Send to test', 'Pass test'],
    }),
  ];
  const jql = `key in (${viewed.join(', ')})`;
  const { context, page, errors } = await openAs('product-manager', 'project/REQ');
  const matrix = app(page);
  await visible(matrix.locator(`g[data-key="${viewed[0]}"]`));
  expect(await matrix.getByTestId('rt-view-link-hint').count()).toBe(0);
  await matrix.getByLabel(/^Show Done and Closed/).check();
  await matrix.getByRole('textbox', { name: 'Narrow with JQL' }).fill(jql);
  await matrix.getByRole('button', { name: 'Apply' }).click();
  await visible(matrix.getByText(/^Showing 3 of 3 requirements/));
  await matrix.getByLabel('MoSCoW').first().click();
  await matrix
    .getByText(/^Must have/)
    .first()
    .click();
  await visible(matrix.getByTestId('rt-view-link-hint'));
  await page.waitForFunction(
    () => location.hash.includes('/view/') && decodeURIComponent(location.hash).includes('"moscow":["Must"]'),
  );
  const link = new URL(page.url()).hash.replace(/^#\//, '');
  await context.close();

  const other = await openAs('manager', link);
  const shared = app(other.page);
  await visible(shared.getByRole('textbox', { name: 'Narrow with JQL' }));
  expect(await shared.getByRole('textbox', { name: 'Narrow with JQL' }).inputValue()).toBe(jql);
  await visible(shared.getByText(/^Showing \d of 3 requirements/));
  expect(await shared.getByLabel(/^Show Done and Closed/).isChecked()).toBe(true);
  await visible(shared.getByRole('button', { name: 'Clear 1 filter', exact: true }));
  expect([...errors, ...other.errors]).toEqual([]);
  await other.context.close();
}, 90_000);
