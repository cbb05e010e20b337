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
  expect(await app.locator('input').evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value))).toContain(
    '成都连锁超市',
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'customer-review-open-en-dark.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test("after the hourly run: the review says when the duty was last reminded, whom, and links the quarter's issue (en, zh-CN; light, dark; 375 px)", async () => {
  const before = await env.openAs('customer-success', 'customers/REQ', 'en-US');
  await visible(
    surface(before.page, 'rt-priority-matrix').getByText(
      'No reminder sent yet: each quarter the hourly run opens an issue for the customer-contact duty and emails them.',
    ),
  );
  await before.context.close();

  const { from, to } = env.site.sandbox.clock.advance(3_600_000);
  await env.site.sandbox.runtime.runScheduled(from, to);
  await env.site.sandbox.idle();
  const issue = env.site.sandbox.store
    .list<{ key: string; fields: { labels?: string[] } }>('jira-issues')
    .find((candidate) => candidate.fields.labels?.some((label) => label.startsWith('rt-customer-review-')));
  expect(issue).toBeDefined();

  const expected = {
    'zh-CN': new RegExp(`^上次提醒：.+，已提醒 陈静 \\(Customer success\\)，见 ${issue!.key}（当时 2 位待复核）。$`),
    'en-US': new RegExp(`^Last reminder: .+ to 陈静 \\(Customer success\\), in ${issue!.key} \\(2 due then\\)\\.$`),
  } as const;
  for (const locale of ['zh-CN', 'en-US'] as const) {
    for (const theme of ['light', 'dark'] as const) {
      const { context, page, errors } = await env.openAs(
        locale === 'zh-CN' ? 'customer-success' : 'manager',
        'customers/REQ',
        locale,
        theme,
        { width: 375 },
      );
      const app = surface(page, 'rt-priority-matrix');
      const line = app.getByTestId('rt-review-last-reminder');
      await visible(line);
      expect((await line.innerText()).trim()).toMatch(expected[locale]);
      await expect(line.getByRole('link', { name: issue!.key }).count()).resolves.toBe(1);
      await line.evaluate((element) => element.scrollIntoView({ block: 'center' }));
      await page.screenshot({
        path: path.join(SCREENSHOTS, `customer-review-reminded-${locale === 'zh-CN' ? 'zh' : 'en'}-${theme}-375.png`),
      });
      expect(errors).toEqual([]);
      await context.close();
    }
  }
}, 180_000);
