import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The Customers subpage of the project page in Chromium: list, create with inline checks, CSV import with a row report, in English and Chinese. */

const env = useBrowserSandbox();
const { openAs } = env;
const customersPage = (page: Parameters<typeof surface>[0]) => surface(page, 'rt-priority-matrix');

test('a product manager creates a customer; a contact without consent is refused inline, naming the field', async () => {
  const { context, page, errors } = await openAs('product-manager', 'customers/REQ');
  const app = customersPage(page);
  await visible(app.getByRole('heading', { name: 'Customers · REQ' }));
  await visible(app.getByText('中型汽车零部件制造商'));
  await app.getByRole('button', { name: 'New customer' }).click();

  await app.getByLabel('Name', { exact: true }).fill('Benchmark steelworks');
  await app.getByLabel('Industry (GB/T 4754-2017)').click();
  await app.getByText('C Manufacturing', { exact: true }).click();
  await app.getByLabel('Staff').click();
  await app.getByText('1,000 or more', { exact: true }).click();
  await app.getByLabel('Yearly revenue (CNY)').click();
  await app.getByText('400 million or more', { exact: true }).click();
  await app.getByLabel('Region').fill('Hebei');
  await app.getByRole('button', { name: 'Add a contact' }).click();
  await app.getByLabel('Contact name').fill('Zhou Min');
  await visible(app.getByText(/^Contact name is contact data: it is stored only with the contact's consent/));
  // The channel has no default, so nothing the person never gave is flagged as needing consent (issue 18).
  expect(await app.getByText(/^Preferred channel is contact data/).count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-consent-en.png'), fullPage: true });

  await app.getByLabel('Consent given on').fill('2024-01-05');
  await visible(app.getByText('Preferred channel is required.'));
  await app.getByLabel('Preferred channel').click();
  await app.getByText('WeChat', { exact: true }).click();
  await app.getByRole('button', { name: 'Save' }).click();
  await visible(app.getByText(/^Customer CUS\d{9} saved\.$/));
  await visible(app.getByText('Benchmark steelworks'));
  const stored = env.site.sandbox.store
    .ids('kvs-entity:customer')
    .map(
      (id) =>
        env.site.sandbox.store.get<{ value: { record: { name: string; contacts: { name: string }[] } } }>(
          'kvs-entity:customer',
          id,
        )!.value.record,
    );
  expect(stored.find((record) => record.name === 'Benchmark steelworks')?.contacts.map((contact) => contact.name)).toEqual([
    'Zhou Min',
  ]);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-list-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('a CSV import with a bad row shows every problem by row and column and imports nothing; fixed, it imports', async () => {
  const { context, page, errors } = await openAs('customer-success', 'customers/REQ', 'en-US');
  const app = customersPage(page);
  await app.getByRole('button', { name: 'Import CSV' }).click();
  const before = env.site.sandbox.store.ids('kvs-entity:customer').length;
  const header = 'name,industry,type,staffBand,revenueBand,region,contactName,contactConsentOn';
  await app
    .getByLabel('CSV text')
    .fill([header, 'Lakeside clinic,Q,new,20-99,3m-20m,Hubei,,', 'Bad industry,Z,key,20-99,3m-20m,Hubei,Gao Yan,'].join('\n'));
  await app.getByRole('button', { name: 'Check and import' }).click();
  const report = app.getByRole('alert');
  await visible(report.getByText('Nothing was imported: 2 problems to fix'));
  await visible(report.getByRole('cell', { name: 'Industry (GB/T 4754-2017)', exact: true }));
  await visible(report.getByRole('cell', { name: 'Contact name', exact: true }));
  await visible(report.getByText(/^Contact name is contact data/));
  expect(await report.getByRole('row').count()).toBe(3);
  expect(env.site.sandbox.store.ids('kvs-entity:customer')).toHaveLength(before);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-import-errors-en.png'), fullPage: true });

  await app
    .getByLabel('CSV text')
    .fill(
      [
        `${header},contactChannel`,
        'Lakeside clinic,Q,new,20-99,3m-20m,Hubei,,,',
        'Good industry,C,key,20-99,3m-20m,Hubei,Gao Yan,2024-03-01,phone',
      ].join('\n'),
    );
  await app.getByRole('button', { name: 'Check and import' }).click();
  await visible(app.getByText(/^Imported 2 customers: CUS\d{9}, CUS\d{9}\.$/));
  expect(env.site.sandbox.store.ids('kvs-entity:customer')).toHaveLength(before + 2);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in Chinese: the list, the import report and a read-only role', async () => {
  const { context, page, errors } = await openAs('manager', 'customers/REQ', 'zh-CN');
  const app = customersPage(page);
  await visible(app.getByRole('heading', { name: '客户档案 · REQ' }));
  await visible(app.getByText('C 制造业').first());
  await visible(app.getByText(/新建和编辑客户需要本项目的“创建问题”或“编辑问题”权限/));
  expect(await app.getByRole('button', { name: '新建客户' }).count()).toBe(0);
  await app.getByLabel('按编号或名称中的任意部分搜索').fill('小型');
  // The search runs once typing pauses: the other demo customers leave the list.
  await app.getByText('中型汽车零部件制造商').waitFor({ state: 'detached', timeout: 15_000 });
  await visible(app.getByText('小型互联网公司'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customers-list-zh.png'), fullPage: true });
  await context.close();

  const writer = await openAs('customer-success', 'customers/REQ', 'zh-CN');
  const writerApp = customersPage(writer.page);
  await writerApp.getByRole('button', { name: '导入 CSV' }).click();
  await writerApp.getByLabel('CSV 文本').fill('name,industry,type,staffBand,revenueBand,region\n,C,key,20-99,3m-20m,湖北');
  await writerApp.getByRole('button', { name: '检查并导入' }).click();
  await visible(writerApp.getByText('未导入任何数据：有 1 个问题需要修正'));
  await visible(writerApp.getByText('请填写名称。'));
  await writer.page.screenshot({ path: path.join(SCREENSHOTS, 'customers-import-errors-zh.png'), fullPage: true });
  expect([...errors, ...writer.errors]).toEqual([]);
  await writer.context.close();
}, 90_000);
