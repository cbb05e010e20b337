import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { accountOf, SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * The admin page as a Jira admin meets it (issue 18, point 13): subpages in the admin sidebar
 * instead of one long scroll, the preview of a framework change beside the weights with the score
 * changes, which projects are set up, and day inputs of one size.
 */

const env = useBrowserSandbox();
const admin = (page: Page): FrameLocator => surface(page, 'rt-admin');
const box = async (locator: Locator) => {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not rendered');
  return found;
};

test('the admin page is organised in subpages: each shows its own part, the framework page is short', async () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const { context, page, errors } = await env.openAs('admin', 'admin', locale);
    const en = locale === 'en-US';
    const subpages = page.locator('nav #admin-pages a');
    // The frame writes its labels once it has read the session; wait for them before reading all.
    await visible(subpages.filter({ hasText: en ? 'Web intake' : '网页接入' }));
    expect(await subpages.allTextContents()).toEqual(
      en
        ? ['Scoring framework', 'Framework versions', 'Projects', 'Delivery rules', 'Second-level tags', 'Web intake']
        : ['评分框架', '框架版本', '项目', '交付规则', '二级标签', '网页接入'],
    );
    await visible(admin(page).getByRole('button', { name: en ? 'Edit framework' : '编辑框架' }));
    // Only the framework: no setup, rules, intake or history on this subpage.
    await expect(admin(page).getByRole('heading', { level: 2 }).allTextContents()).resolves.toEqual([
      en ? 'Scoring framework' : '评分框架',
    ]);
    await page.locator('nav a[data-route="admin/delivery"]').click();
    await visible(admin(page).getByRole('heading', { level: 2, name: en ? 'Delivery rules' : '交付规则' }));
    await expect(admin(page).getByRole('heading', { level: 2 }).count()).resolves.toBe(1);
    await page.locator('nav a[data-route="admin/history"]').click();
    await visible(admin(page).getByTestId('rt-history-list'));
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

test('the preview of a change sits beside the weights at 1280 px, under them at 375 px, and lists score changes beside grade moves', async () => {
  for (const width of [1280, 375]) {
    const { context, page, errors } = await env.openAs('admin', 'admin');
    await page.setViewportSize({ width, height: 900 });
    const frame = admin(page);
    await frame.getByRole('button', { name: 'Edit framework' }).click();
    // 4/5/3/5 (REQ-1) with weights 40/20/20/20: 1.6 + 1.0 + 0.6 + 1.0 = 4.2, still A.
    await frame.getByLabel('Weight of Urgency').fill('40');
    await frame.getByLabel('Weight of Importance').fill('20');
    const preview = frame.getByTestId('rt-preview');
    await visible(preview.getByTestId('rt-preview-scores').getByText(/^Scores change for \d+ requirements?\.$/));
    await visible(preview.getByRole('row', { name: /REQ-1 4\.3 → 4\.2 unchanged/ }));
    const weights = await box(frame.locator('fieldset').filter({ hasText: 'Weights' }).first());
    const shown = await box(preview);
    if (width === 1280) {
      expect(shown.x).toBeGreaterThanOrEqual(weights.x + weights.width);
      expect(shown.y).toBeLessThan(weights.y + weights.height);
    } else {
      expect(shown.y).toBeGreaterThanOrEqual(weights.y + weights.height);
      expect(shown.y - (weights.y + weights.height)).toBeLessThan(80);
    }
    await page.screenshot({ path: path.join(SCREENSHOTS, `admin-preview-${width}-en.png`), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

test("the projects subpage shows which projects are set up, and a project's button picks it for setup", async () => {
  const created = env.site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/project',
      query: {},
      body: { key: 'OPS', name: 'Operations', projectTypeKey: 'business', leadAccountId: accountOf('admin') },
    },
    { kind: 'user', accountId: accountOf('admin') },
  );
  expect(created.status).toBe(201);
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const en = locale === 'en-US';
    const { context, page, errors } = await env.openAs('admin', 'admin/projects', locale);
    const frame = admin(page);
    const list = frame.getByTestId('rt-setup-projects');
    await visible(list.locator('[data-project="REQ"]').getByText(en ? 'Set up' : '已设置', { exact: true }));
    await visible(list.locator('[data-project="OPS"]').getByText(en ? 'Not set up' : '未设置', { exact: true }));
    await visible(
      frame.getByTestId('rt-setup-summary').getByText(en ? 'Set up in 1 of 3 projects.' : '已在 3 个项目中的 1 个完成设置。'),
    );
    await list.getByRole('button', { name: en ? 'Set up project OPS' : '设置项目 OPS' }).click();
    await visible(frame.locator('form').getByText(/^Operations\s*[(（]OPS[)）]$/));
    await page.screenshot({ path: path.join(SCREENSHOTS, `admin-projects-${en ? 'en' : 'zh'}.png`), fullPage: true });
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

test('"Escalate after" is as tall as its neighbours and on their line', async () => {
  const { context, page, errors } = await env.openAs('admin', 'admin/delivery');
  const frame = admin(page);
  await frame.locator('#rt-delivery-project').click();
  await frame.locator('#rt-delivery-project').press('Enter');
  const form = frame.getByTestId('rt-delivery-form');
  await visible(form);
  const boxes = await Promise.all(
    ['escalateAfterDays', 'followUpDays-from', 'followUpDays-to', 'reviewAfterDays'].map((id) =>
      box(form.locator(`#rt-delivery-${id}`).locator('xpath=..')),
    ),
  );
  for (const other of boxes.slice(1)) {
    expect(other.height).toBe(boxes[0]!.height);
    expect(other.y).toBe(boxes[0]!.y);
    expect(other.width).toBeCloseTo(boxes[0]!.width, 0);
  }
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test.each([
  ['zh-CN', 'light', 1280],
  ['en-US', 'dark', 375],
] as const)(
  'the language of the app’s comments is chosen in the delivery rules and kept (%s, %s, %i px)',
  async (locale, theme, width) => {
    const { context, page, errors } = await env.openAs('admin', 'admin/delivery', locale, theme, { width });
    const zh = locale === 'zh-CN';
    const frame = admin(page);
    await frame.locator('#rt-delivery-project').click();
    await frame.locator('#rt-delivery-project').press('Enter');
    const form = frame.getByTestId('rt-delivery-form');
    await visible(form);
    await visible(form.getByText(zh ? '应用评论与记录的语言' : 'Language of the app’s comments and records'));
    await form.locator('#rt-delivery-language').click();
    await form.getByText(zh ? '仅中文' : 'English only', { exact: true }).click();
    await form.getByTestId('rt-delivery-save').click();
    // Whichever project the picker offers first (earlier tests may have added one).
    await visible(frame.getByText(zh ? /^已保存 \S+ 的交付规则。$/ : /^Delivery rules of \S+ saved\.$/));
    await page.screenshot({
      path: path.join(SCREENSHOTS, `admin-delivery-language-${zh ? 'zh' : 'en'}-${theme}-${width}.png`),
      fullPage: true,
    });
    await page.reload();
    const again = admin(page);
    await again.locator('#rt-delivery-project').click();
    await again.locator('#rt-delivery-project').press('Enter');
    await visible(again.getByTestId('rt-delivery-form').getByText(zh ? '仅中文' : 'English only', { exact: true }));
    expect(errors).toEqual([]);
    await context.close();
  },
  90_000,
);
