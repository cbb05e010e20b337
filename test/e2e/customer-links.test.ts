import { readFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders } from '../support/builders';
import { siteRest } from '../support/test-sandbox';

/** Linking customers in the triage panel, and the matrix and the register following the links, on requirements and customers each test builds. */

const env = useBrowserSandbox();
const { openAs } = env;
const { requirement, customer } = testBuilders(env);
const { rest } = siteRest(env);
/** Scored and costed, so the requirement is a point on the matrix. */
const SCORES = { Urgency: 2, Importance: 4, Feasibility: 3, 'Customer value': 3, 'Business value': 6, 'Implementation cost': 8 };

test('in Chinese: link a customer in the panel, use the suggested customer value, filter the matrix by the customer, and find it in the register', async () => {
  const [strategicName, keyName] = ['华东冷链集团', '西南零部件制造商'];
  const [strategic, keyCustomer] = [
    await customer({ name: strategicName, type: 'strategic' }),
    await customer({ name: keyName, type: 'key' }),
  ];
  // No customer linked yet; another requirement was asked for by both customers, a third by neither.
  const target = await requirement({ summary: '客户画像分析', fields: SCORES });
  // Elsewhere on the chart, so its point is not under the target's when hovered.
  const alsoAsked = await requirement({
    summary: '设备预警误报',
    fields: { ...SCORES, 'Business value': 8, 'Implementation cost': 4 },
    customers: [keyCustomer, strategic],
  });
  const unlinked = await requirement({ summary: '数据导出为 Excel', fields: SCORES });
  const { context, page, errors } = await openAs('product-manager', `issue/${target}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  const section = panel.getByTestId('rt-linked-customers');
  await visible(section.getByRole('heading', { name: '客户' }));
  await visible(section.getByText('0 个客户提出此需求'));
  await visible(section.getByText('尚未关联客户。'));

  await section.getByLabel('关联客户').fill('华东冷链');
  await section.getByText(`${strategic} ${strategicName}`, { exact: true }).click();
  await visible(section.getByText('1 个客户提出此需求'));
  const item = section.getByTestId('rt-linked-customer');
  await visible(item.getByText(strategicName));
  await visible(item.getByText('战略客户'));
  const number = (await item.getAttribute('data-number'))!;
  expect(number).toMatch(/^CUS\d{9}$/);
  expect(number).toBe(strategic);

  const suggestion = panel.getByTestId('rt-customer-value-suggestion');
  await visible(suggestion.getByText('根据关联客户建议：5（战略客户 → 5）'));
  await suggestion.getByRole('button', { name: '采用建议的客户价值 5' }).click();
  await expect(panel.getByLabel('客户价值', { exact: true }).inputValue()).resolves.toBe('5');
  await visible(panel.getByText('未保存'));
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'linked-customers-zh.png'), fullPage: true });
  await env.site.sandbox.idle();
  // The suggestion fills the form only; the customer value changes when the person saves.
  const customerValueField = env.site.sandbox.store
    .list<{ id: string; name: string }>('jira-fields')
    .find((field) => field.name === 'Customer value')!.id;
  expect(env.site.issue(target).fields[customerValueField]).toBe(3);
  expect(errors).toEqual([]);
  await context.close();

  const matrixView = await openAs('product-manager', 'project/REQ', 'zh-CN');
  const matrix = surface(matrixView.page, 'rt-priority-matrix');
  await visible(matrix.locator(`g[data-key="${target}"]`));
  await matrix.getByLabel('关联客户').fill(number);
  await matrix.getByText(`${number} ${strategicName} (2)`, { exact: true }).click();
  // Out of every Requirement of the project (none is a closed duplicate), as Jira's search counts them.
  const search = await rest(
    'GET',
    `/rest/api/3/search/jql?jql=${encodeURIComponent('project = REQ AND issuetype = Requirement')}&fields=key&maxResults=100`,
  );
  const total = (search.body.issues as unknown[]).length;
  expect(search.body.nextPageToken).toBeUndefined();
  await visible(matrix.getByText(`显示 2 / ${total} 个需求`));
  const ranked = matrix.getByRole('table');
  await visible(ranked.getByText(target, { exact: true }));
  await visible(ranked.getByText(alsoAsked, { exact: true }));
  await expect(ranked.getByText(unlinked, { exact: true }).count()).resolves.toBe(0);
  await matrix.locator(`g[data-key="${alsoAsked}"]`).hover();
  await visible(matrix.getByTestId('rt-point-tooltip').getByText('2 个客户提出此需求'));
  await matrixView.page.screenshot({ path: path.join(SCREENSHOTS, 'matrix-customer-filter-zh.png'), fullPage: true });

  const downloading = matrixView.page.waitForEvent('download');
  await matrix.getByRole('button', { name: '导出', exact: true }).click();
  const download = await downloading;
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(readFileSync((await download.path())!)).buffer);
  const sheet = workbook.getWorksheet('客户需求信息登记表')!;
  const customerOf = (key: string) => {
    for (let row = 2; row <= sheet.rowCount; row += 1)
      if (sheet.getRow(row).getCell(1).value === key) return sheet.getRow(row).getCell(3).value;
    throw new Error(`${key} is not in the register`);
  };
  expect(sheet.getRow(1).getCell(3).value).toBe('客户信息');
  expect(customerOf(target)).toBe(`${number} ${strategicName}`);
  expect(customerOf(alsoAsked)).toBe(`${keyCustomer} ${keyName}; ${number} ${strategicName}`);
  expect(matrixView.errors).toEqual([]);
  await matrixView.context.close();
}, 120_000);

test('in English, a manager sees the linked customers and the demand count but no way to change them', async () => {
  const keyName = '东北机床厂';
  const customers = [await customer({ name: keyName, type: 'key' }), await customer({ name: '华北物流集团', type: 'strategic' })];
  const key = await requirement({ customers });
  const { context, page, errors } = await openAs('manager', `issue/${key}`);
  const section = surface(page, 'rt-triage-panel').getByTestId('rt-linked-customers');
  await visible(section.getByText('2 customers asked for this'));
  await visible(section.getByText(keyName));
  await visible(section.getByText('strategic'));
  await visible(section.getByText('Linking customers needs the "Edit issues" permission.'));
  await expect(section.getByRole('button').count()).resolves.toBe(0);
  await section.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'linked-customers-read-only-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
