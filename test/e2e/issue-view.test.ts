import path from 'node:path';
import type { FrameLocator } from 'playwright-core';
import { wallTimeOf } from '../../src/domain/wall-time';
import { WEIGHTED_FACTORS } from '../../src/domain/framework';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { TO_DONE, testBuilders, WORKED_CASE } from '../support/builders';
import { resolverCaller, siteRest } from '../support/test-sandbox';

/**
 * Issue 18, the issue view: the panel, the glance and the closure loop as people use them together.
 */

const env = useBrowserSandbox();
const { openAs } = env;
const build = testBuilders(env);
const invoke = resolverCaller(env);
const { rest, advance, clockNow } = siteRest(env);
/** Done, its completion recorded, and waiting for the notice to its customers. */
const deliveredRequirement = () => build.requirement({ fields: WORKED_CASE, feasibility: 'feasible', moves: TO_DONE });

test('after Save on the panel the glance on the same page shows the new grade without a reload', async () => {
  const key = await build.requirement({ fields: WORKED_CASE });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const glance = surface(page, 'rt-grade-glance');
  await visible(panel.getByText('4.3').first());
  await visible(glance.getByText('A', { exact: true }));
  let loads = 0;
  page.on('framenavigated', () => (loads += 1));

  await panel.getByLabel('Urgency').fill('5');
  await panel.getByLabel('Feasibility').fill('5');
  await panel.getByRole('button', { name: 'Save' }).click();
  await visible(panel.getByText('5.0').first());
  await visible(glance.getByText('S', { exact: true }));
  await visible(glance.getByText('5.0'));
  expect(loads).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

/** The panel's section headings (h2), top to bottom. */
const headingsOf = (panel: FrameLocator): Promise<string[]> => panel.locator('h2').allTextContents();

test('a merge keeps the older, scored requirement by default and says which one it closes; the closed duplicate is read-only and consistent', async () => {
  // The older one has a score, a linked customer and a mark; the new one has nothing yet.
  const older = await build.requirement({
    summary: 'Export the order list to Excel every week',
    description: 'Customers want to export the order list as an Excel spreadsheet every week',
    fields: WORKED_CASE,
    customers: [await build.customer()],
    feasibility: { technical: 'feasible' },
  });
  const key = await build.requirement({
    summary: 'Export the list to Excel',
    description: 'Customers want to export data as an Excel spreadsheet',
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const item = panel.getByTestId('rt-similar-list').locator('li').filter({ hasText: older });
  await item.getByRole('button', { name: `Merge… ${older}` }).click();
  const keep = item.getByRole('group', { name: 'Requirement to keep open' });
  await expect(keep.getByRole('radio', { name: older }).isChecked()).resolves.toBe(true);
  await expect(keep.getByRole('radio', { name: `This one (${key})` }).isChecked()).resolves.toBe(false);
  const outcome = item.getByTestId('rt-merge-outcome');
  await visible(outcome.getByText(`${key} will be closed as a duplicate of ${older}; ${older} stays open`, { exact: false }));
  await visible(outcome.getByText(new RegExp(`^${older}: scored \\d\\.\\d · linked customers: 1 · feasibility marks: 1`)));
  await visible(outcome.getByText(new RegExp(`^${key}: not scored · linked customers: 0 · feasibility marks: 0`)));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'merge-default-en.png'), fullPage: true });
  // Choosing the other way round is allowed, and warned about.
  await keep.getByRole('radio', { name: `This one (${key})` }).check();
  await visible(outcome.getByText(`Careful: ${older} holds more recorded work or is older.`, { exact: false }));
  await keep.getByRole('radio', { name: older }).check();
  await item.getByRole('button', { name: 'Merge', exact: true }).click();

  // This requirement was closed: the panel says so once, and status and details agree.
  const banner = panel.getByTestId('rt-closed-duplicate');
  await visible(banner.getByText(`Closed as a duplicate of ${older}`));
  await env.site.sandbox.idle();
  expect(env.site.issue(key).fields.resolution).toBe('Duplicate');
  await page.waitForFunction(
    () => (document.querySelector('#issue-status option') as HTMLOptionElement | null)?.textContent === 'Closed',
    undefined,
    { timeout: 15_000 },
  );
  await visible(page.locator('table.fields').getByText('Closed', { exact: true }));
  // Nothing offers a change any more.
  await visible(panel.getByRole('heading', { name: 'Scores' }));
  expect(await panel.getByRole('button', { name: 'Save' }).count()).toBe(0);
  await panel.getByRole('button', { name: 'Classification' }).click();
  await visible(panel.getByRole('heading', { name: 'Classification' }));
  expect(await panel.getByRole('button', { name: 'Accept suggestion' }).count()).toBe(0);
  await visible(panel.getByTestId('rt-feasibility-technical'));
  expect(await panel.locator('[data-testid^="rt-feasibility-"][data-testid$="-save"]').count()).toBe(0);
  expect(await panel.getByLabel('Link a customer').count()).toBe(0);
  expect(await panel.getByTestId('rt-closure').count()).toBe(0);
  // The server refuses a save all the same.
  const refused = await invoke('pm', 'panel', 'triage.save', { inputs: { urgency: 5 } }, { issueKey: key });
  expect(refused).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  await page.screenshot({ path: path.join(SCREENSHOTS, 'closed-duplicate-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('each role finds what it came for first: scores for the product manager, marks for the tech lead, closure for customer success', async () => {
  const scored = await build.requirement({ fields: WORKED_CASE });
  // Scored but not marked yet: the tech lead's part is still to do.
  const unmarked = await build.requirement({ fields: WORKED_CASE });
  const delivered = await deliveredRequirement();
  const pm = await openAs('product-manager', `issue/${scored}`);
  const pmPanel = surface(pm.page, 'rt-triage-panel');
  await visible(pmPanel.getByRole('heading', { name: 'Scores' }));
  const pmOrder = await headingsOf(pmPanel);
  expect(pmOrder.slice(0, 2)).toEqual(['Scores', 'Triage inputs']);
  // The weighted score's breakdown: a row per factor under its caption; the column headers are for screen readers.
  const breakdown = pmPanel.getByTestId('rt-breakdown');
  await visible(breakdown.getByText('How the weighted score adds up'));
  expect(await breakdown.locator('tbody th[scope="row"]').count()).toBe(WEIGHTED_FACTORS.length);
  expect((await breakdown.locator('thead').boundingBox())?.height).toBeLessThanOrEqual(1);
  await pmPanel.getByTestId('rt-breakdown').screenshot({ path: path.join(SCREENSHOTS, 'panel-breakdown-en.png') });
  // What was found at intake folds away once the requirement is scored.
  expect(pmOrder).not.toContain('Similar requirements');
  await visible(pmPanel.getByRole('button', { name: 'Similar requirements' }));
  await pmPanel.getByRole('button', { name: 'Similar requirements' }).click();
  await visible(pmPanel.getByRole('heading', { name: 'Similar requirements' }));
  expect(pm.errors).toEqual([]);
  await pm.context.close();

  const lead = await openAs('tech-lead', `issue/${unmarked}`, 'zh-CN');
  const leadPanel = surface(lead.page, 'rt-triage-panel');
  await visible(leadPanel.getByRole('heading', { name: '可行性评估' }));
  expect((await headingsOf(leadPanel))[0]).toBe('可行性评估');
  expect(lead.errors).toEqual([]);
  await lead.context.close();

  const cs = await openAs('customer-success', `issue/${delivered}`);
  const csPanel = surface(cs.page, 'rt-triage-panel');
  await visible(csPanel.getByRole('heading', { name: 'Closure' }));
  expect((await headingsOf(csPanel))[0]).toBe('Closure');
  expect(cs.errors).toEqual([]);
  await cs.context.close();
}, 90_000);

const recordOf = (key: string) =>
  env.site.sandbox.store.get<{ value: { closure: { notice: { at: string; customers: string[] } | null } } }>(
    'kvs',
    `delivery:issue:${env.site.issue(key).id}`,
  )?.value.closure;
const jiraNow = async (): Promise<Date> => new Date(await clockNow());

test('the notice takes its time in the named zone of the dates beside it, whatever the browser zone, and its customers from the archive (zh-CN)', async () => {
  const key = await deliveredRequirement();
  const told = await build.customer({ name: '华南冷链物流集团' });
  // An hour after Done, so a time typed ten minutes ago is after the completion.
  await advance('PT1H');
  // The browser runs in Los Angeles; Jira's user and the dates the panel shows are in Asia/Shanghai.
  const { context, page, errors } = await openAs('customer-success', `issue/${key}`, 'zh-CN', 'light', {
    timezoneId: 'America/Los_Angeles',
  });
  const panel = surface(page, 'rt-triage-panel');
  const closure = panel.getByTestId('rt-closure');
  const at = closure.getByLabel('通知时间（Asia/Shanghai）');
  await visible(at);
  const now = await jiraNow();
  const shanghai = (instant: Date) => wallTimeOf(instant.toISOString(), 'Asia/Shanghai');
  expect(await at.inputValue()).toBe(shanghai(new Date(Math.ceil(now.getTime() / 60_000) * 60_000)));
  // Free text is gone: the customers told come from the archive.
  expect(await closure.getByPlaceholder('客户名称或编号').count()).toBe(0);
  await visible(closure.getByText('本需求尚未关联客户：请从客户档案中选择已通知的客户。'));
  await closure.getByLabel('其他已通知的客户（从客户档案中选择）').fill('华南冷链');
  await panel.getByText(`${told} 华南冷链物流集团`, { exact: true }).click();
  await expect(closure.getByRole('checkbox', { name: '华南冷链物流集团' }).isChecked()).resolves.toBe(true);

  // Ten minutes ago in Shanghai, typed as a person reads the clock there: accepted, not "in the future".
  const typed = new Date(Math.floor(now.getTime() / 60_000) * 60_000 - 10 * 60_000);
  await at.fill(shanghai(typed));
  await visible(closure.getByText(/^即 .+（Asia\/Shanghai）。$/));
  await closure.locator('#rt-closure-channel').click();
  await panel.getByText('微信', { exact: true }).click();
  await closure.getByLabel('解决方案摘要').fill('月度报表改为预先汇总，打开时间从 60 秒降到 3 秒。');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'closure-notice-zone-zh.png'), fullPage: true });
  await closure.getByRole('button', { name: '记录通知' }).click();
  await visible(closure.getByText('已记录。'));
  expect(await closure.getByText('时间不能晚于当前时间。').count()).toBe(0);
  expect(recordOf(key)!.notice).toMatchObject({ at: typed.toISOString(), customers: ['华南冷链物流集团'] });
  // Once told, the 24-hour sentence has done its job.
  await visible(closure.getByText(/且已通知客户/));
  expect(await closure.getByText(/24 小时/).count()).toBe(0);
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('the follow-up warns when it is early, leaves no blank form after it, and ready to close says who closes and offers the Close step', async () => {
  // Told just now: a follow-up now is before the 7-14 day window.
  const key = await deliveredRequirement();
  const customers = ['精密阀门制造商', '华南冷链物流集团'];
  const notice = { channel: 'wechat', at: await clockNow(), summary: '告警推送到企业微信。', customers };
  expect(await invoke('cs', 'panel', 'closure.notice', notice, { issueKey: key })).toMatchObject({ ok: true });
  const cs = await openAs('customer-success', `issue/${key}`);
  const closure = surface(cs.page, 'rt-triage-panel').getByTestId('rt-closure');
  await visible(closure.getByTestId('rt-closure-follow-up-early').getByText(/before the 7–14 day window/));
  await closure.getByTestId('rt-closure-answer-0').getByRole('radio', { name: '5' }).click();
  await closure.getByTestId('rt-closure-answer-1').getByRole('radio', { name: '4' }).click();
  await closure.getByRole('button', { name: 'Record follow-up' }).click();
  await visible(closure.getByText('Recorded.'));
  await visible(closure.getByTestId('rt-closure-recorded').getByText('华南冷链物流集团: 4/5', { exact: false }));
  expect(await closure.getByTestId('rt-closure-follow-up-form').count()).toBe(0);
  // Customer success may not move issues: the step names who closes and how.
  const step = closure.getByTestId('rt-closure-close');
  await visible(step.getByText('Someone who may move issues in this project closes it: choose Closed in the issue status.'));
  expect(await step.getByRole('button', { name: 'Close requirement' }).count()).toBe(0);
  await cs.page.screenshot({ path: path.join(SCREENSHOTS, 'closure-ready-en.png'), fullPage: true });
  expect(cs.errors).toEqual([]);
  await cs.context.close();

  const pm = await openAs('product-manager', `issue/${key}`);
  const pmClosure = surface(pm.page, 'rt-triage-panel').getByTestId('rt-closure');
  await visible(pmClosure.getByTestId('rt-closure-close').getByText('You may close it now.'));
  await pmClosure.getByRole('button', { name: 'Close requirement' }).click();
  await pm.page.waitForFunction(
    () => (document.querySelector('#issue-status option') as HTMLOptionElement | null)?.textContent === 'Closed',
    undefined,
    { timeout: 15_000 },
  );
  await env.site.sandbox.idle();
  const closed = (await rest('GET', `/rest/api/3/issue/${key}?fields=status`)).body as { fields: { status: { name: string } } };
  expect(closed.fields.status.name).toBe('Closed');
  // Closing from the panel archives the closure record as a move in Jira would.
  await visible(surface(pm.page, 'rt-triage-panel').getByTestId('rt-closure-archive'));
  expect(pm.errors).toEqual([]);
  await pm.context.close();
}, 90_000);

test('a feasibility mark saves with a visible confirmation', async () => {
  const key = await build.requirement();
  const { context, page, errors } = await openAs('tech-lead', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const technical = panel.getByTestId('rt-feasibility-technical');
  await technical.locator('#rt-feasibility-technical-verdict').click();
  await panel.getByRole('option', { name: 'Feasible', exact: true }).click();
  await technical.getByRole('button', { name: 'Record Technical mark' }).click();
  await visible(technical.getByRole('status').getByText('Saved: Technical feasibility is Feasible.'));
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the panel lists who changed the scores, when, and under which framework version', async () => {
  const key = await build.requirement({
    fields: { Urgency: 3, Importance: 3, Feasibility: 5, 'Customer value': 2, 'Business value': 5, 'Implementation cost': 2 },
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  await panel.getByLabel('Urgency').fill('5');
  await panel.getByRole('button', { name: 'Save' }).click();
  await visible(panel.getByText(/Saved/).first());
  const history = panel.getByTestId('rt-score-history');
  await history.getByRole('button', { name: 'Show who changed the scores' }).click();
  const newest = history.locator('li');
  await visible(
    newest
      .filter({ hasText: '王芳 (Product manager)' })
      .filter({ hasText: /Urgency: \d → 5/ })
      .first(),
  );
  await visible(
    newest
      .filter({ hasText: 'Requirement Triage (re-scored) · framework version 1' })
      .filter({ hasText: /Weighted score: [\d.]+ → [\d.]+/ })
      .first(),
  );
  await page.screenshot({ path: path.join(SCREENSHOTS, 'score-history-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
