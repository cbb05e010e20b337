import path from 'node:path';
import type { Page } from 'playwright-core';
import { accountOf, SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * The sandbox's Jira-like frame itself (issue 18, point 15): Basic credentials sign in as that
 * account, ?locale= is honoured, the frame's own words follow the language, and Create opens a
 * dialog like Jira's that creates a Requirement through REST, so the app's trigger runs.
 */

const env = useBrowserSandbox();
const basic = (email: string, token: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
/** The account the frame shows as signed in, read once the frame has filled its account list (it does so after loading). */
async function signedIn(page: Page): Promise<string> {
  await page.locator('#account option:checked').waitFor({ state: 'attached' });
  return page.locator('#account').inputValue();
}

test('Basic credentials sign in as that account, also over an earlier session; wrong ones are refused', async () => {
  // A browser asked to sign in answers with the product manager's e-mail and API token.
  const asked = await env.browser.newContext({ httpCredentials: { username: 'pm@example.com', password: 'pm-token' } });
  const page = await asked.newPage();
  await page.goto(`${env.site.url}/#/admin`);
  await expect(signedIn(page)).resolves.toBe(accountOf('product-manager'));
  // The app sees the same account (in the product manager's Jira language): the admin page says it is for admins.
  await visible(surface(page, 'rt-admin').getByText('只有 Jira 管理员可以修改评分框架。'));
  await asked.close();

  // Credentials sent with the page win over the session an earlier visit chose.
  const { context, page: second } = await env.openAs('admin', 'dashboard');
  await expect(signedIn(second)).resolves.toBe(accountOf('admin'));
  await context.setExtraHTTPHeaders({ authorization: basic('techlead@example.com', 'techlead-token') });
  await second.reload();
  await expect(signedIn(second)).resolves.toBe(accountOf('tech-lead'));
  await context.close();

  const wrong = await fetch(`${env.site.url}/`, { headers: { authorization: basic('pm@example.com', 'not-the-token') } });
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
  await expect(wrong.text()).resolves.toContain('These credentials do not match a sandbox account.');
}, 60_000);

test('?locale=zh-CN shows the frame and the app in Chinese, every label of the frame included', async () => {
  const { context, page, errors } = await env.openAs('product-manager', 'dashboard', 'en-US');
  await page.goto(`${env.site.url}/?locale=zh-CN#/issue/REQ-1`);
  await visible(page.getByRole('button', { name: '创建', exact: true }));
  await expect(page.locator('html').getAttribute('lang')).resolves.toBe('zh-CN');
  await expect(page.title()).resolves.toBe('Jira 沙箱 · 需求分诊');
  await expect(page.locator('.logo').textContent()).resolves.toBe('Jira 沙箱 · 需求分诊');
  await expect(page.locator('#theme option').allTextContents()).resolves.toEqual(['浅色', '深色']);
  await expect(page.locator('#account option:checked').textContent()).resolves.toMatch(/ · 产品经理$/);
  await expect(page.locator('.fields th').allTextContents()).resolves.toEqual(['状态', '问题类型', '经办人', '标签']);
  await expect(page.locator('nav').getAttribute('aria-label')).resolves.toBe('沙箱');
  await expect(page.locator('iframe[data-module="rt-triage-panel"]').getAttribute('src')).resolves.toContain('locale=zh-CN');
  await visible(surface(page, 'rt-grade-glance').getByText('A', { exact: true }).first());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'sandbox-frame-issue-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test("Create opens a dialog like Jira's: the summary is required, and a created Requirement is scored by the app's trigger", async () => {
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const en = locale === 'en-US';
    const { context, page, errors } = await env.openAs('product-manager', 'dashboard', locale);
    await page.getByRole('button', { name: en ? 'Create' : '创建', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: en ? 'Create issue' : '创建问题' });
    await visible(dialog);
    await expect(
      dialog
        .getByLabel(en ? 'Issue type' : '问题类型')
        .locator('option:checked')
        .textContent(),
    ).resolves.toBe('Requirement');
    await dialog.getByRole('button', { name: en ? 'Create' : '创建' }).click();
    await visible(dialog.getByText(en ? 'Summary is required.' : '请填写概要。'));
    await page.screenshot({ path: path.join(SCREENSHOTS, `sandbox-create-${en ? 'en' : 'zh'}.png`), fullPage: true });
    const summary = en ? 'Created from the sandbox Create dialog' : '从沙箱创建对话框创建的需求';
    await dialog.getByLabel(en ? 'Summary' : '概要').fill(summary);
    await dialog.getByLabel(en ? 'Description' : '描述').fill(en ? 'Customers ask for it.' : '客户提出的需求。');
    await dialog.getByRole('button', { name: en ? 'Create' : '创建' }).click();
    const flag = page.locator('#flag');
    await visible(flag.getByText(en ? /^REQ-\d+ has been created$/ : /^已创建 REQ-\d+$/));
    const key = /REQ-\d+/.exec((await flag.locator('h2').textContent())!)![0];
    await env.site.sandbox.idle();
    const created = env.site.issue(key);
    expect(created.fields.summary).toBe(summary);
    expect(created.fields.reporter).toBe(accountOf('product-manager'));
    // Created through Jira's REST API, so Jira raised the event and the app's issue trigger ran on it.
    expect(
      env.site.sandbox.runtime.triggerRuns.some(
        (run) => run.issueKey === key && run.eventType === 'avi:jira:created:issue' && !run.error,
      ),
    ).toBe(true);
    await flag.getByRole('link', { name: en ? 'View issue' : '查看问题' }).click();
    await visible(surface(page, 'rt-triage-panel').locator('body *').first());
    await expect(page.locator('h1').textContent()).resolves.toBe(summary);
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

test("a role that may not create issues sees Jira's refusal in the dialog; nothing is created", async () => {
  const { context, page } = await env.openAs('manager', 'dashboard');
  const before = env.site.sandbox.store.list('jira-issues').length;
  await page.getByRole('button', { name: 'Create', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Create issue' });
  await dialog.getByLabel('Summary').fill('Not allowed');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await visible(dialog.locator('#create-error').getByText(/^We couldn’t create the issue: .+/));
  expect(env.site.sandbox.store.list('jira-issues').length).toBe(before);
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByRole('dialog').count()).resolves.toBe(0);
  await context.close();
}, 60_000);

test("at 375 px the frame's navigation folds behind Menu, as Jira's sidebar does, and folds again after a choice", async () => {
  const { context, page, errors } = await env.openAs('manager', 'dashboard', 'zh-CN');
  await page.setViewportSize({ width: 375, height: 800 });
  const menu = page.getByRole('button', { name: '菜单' });
  await visible(menu);
  await expect(page.locator('#sandbox-nav').isVisible()).resolves.toBe(false);
  await menu.click();
  await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
  await page.locator('#sandbox-nav a[data-route="admin/projects"]').click();
  await visible(surface(page, 'rt-admin').locator('body *').first());
  await expect(page.locator('#sandbox-nav').isVisible()).resolves.toBe(false);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
