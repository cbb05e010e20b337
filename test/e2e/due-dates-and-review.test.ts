import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { siteRest } from '../support/test-sandbox';

/**
 * In Chromium: a grade change on the panel offers to move the due date and "Move due date" moves it;
 * the review subpage lists what nobody re-scored for 30 days and "Still valid, re-scored" confirms a
 * row, in Chinese.
 */

const env = useBrowserSandbox();
const { openAs } = env;
const DAY_MS = 86_400_000;

const { rest, transition, fieldId, today } = siteRest(env);
const plusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

test('raising the grade on the panel offers the earlier due date, and "Move due date" moves it', async () => {
  const created = await rest('POST', '/rest/api/3/issue', {
    fields: {
      project: { key: 'REQ' },
      issuetype: { name: 'Requirement' },
      summary: 'Reduce false alarms of device A',
      [fieldId('Urgency')]: 4,
      [fieldId('Importance')]: 5,
      [fieldId('Feasibility')]: 3,
      [fieldId('Customer value')]: 5,
    },
  });
  const key = String(created.body.key);
  await env.site.sandbox.idle();
  await transition(key, 'Confirm');
  await transition(key, 'Accept');
  const acceptedOn = await today();
  expect(env.site.issue(key).fields.duedate).toBe(plusDays(acceptedOn, 60));

  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByRole('heading', { name: 'Delivery' }));
  await visible(panel.getByTestId('rt-delivery-due-date').getByText('60 days left'));
  expect(await panel.getByTestId('rt-due-date-proposal').count()).toBe(0);

  await panel.getByLabel('Urgency').fill('5');
  await panel.getByLabel('Feasibility').fill('5');
  await panel.getByRole('button', { name: 'Save' }).click();
  const proposal = panel.getByTestId('rt-due-date-proposal');
  await visible(proposal.getByText(/^Grade A → S: the deadline for S moves the due date from .+ to .+\. Move it\?$/));
  await proposal.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, 'due-date-proposal-en.png'), fullPage: true });

  await proposal.getByRole('button', { name: 'Move due date' }).click();
  await visible(panel.getByText(/^Due date moved to /));
  await visible(panel.getByTestId('rt-delivery-due-date').getByText('30 days left'));
  expect(await panel.getByTestId('rt-due-date-proposal').count()).toBe(0);
  expect(env.site.issue(key).fields.duedate).toBe(plusDays(acceptedOn, 30));
  expect(errors).toEqual([]);
  await context.close();
}, 90_000);

test('in Chinese: a month later the review page lists what nobody re-scored, and a row is confirmed', async () => {
  // Reads the demo on purpose: a month on, the seeded requirements are due for review, and the seed's REQ-1 is confirmed.
  const response = await fetch(`${env.site.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: 'P31D' }),
  });
  expect(response.status).toBe(200);
  const { context, page, errors } = await openAs('product-manager', 'review/REQ', 'zh-CN');
  const app = surface(page, 'rt-priority-matrix');
  await visible(app.getByRole('heading', { name: '月度复核 · REQ' }));
  const count = app.locator('#rt-review-count');
  await visible(count);
  const before = Number(/(\d+)/.exec((await count.textContent()) ?? '')?.[1]);
  expect(before).toBeGreaterThan(0);
  await visible(app.getByTestId('rt-review-row-REQ-1'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'review-queue-zh.png'), fullPage: true });

  await app.getByRole('button', { name: '仍然有效，已重新评分：REQ-1' }).click();
  await visible(app.getByText(/^REQ-1 已确认/));
  await app.getByTestId('rt-review-row-REQ-1').waitFor({ state: 'detached', timeout: 15_000 });
  await visible(app.getByText(`本月有 ${before - 1} 条需求待复核`));
  const lastReviewed = env.site.issue('REQ-1').fields[fieldId('Last reviewed on')];
  expect(lastReviewed).toBe(await today());
  await page.screenshot({ path: path.join(SCREENSHOTS, 'review-confirmed-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();

  // English, read-only: the manager sees the queue without the confirm button.
  const manager = await openAs('manager', 'review/REQ', 'en-US');
  const managerApp = surface(manager.page, 'rt-priority-matrix');
  await visible(managerApp.getByRole('heading', { name: 'Monthly review · REQ' }));
  await visible(managerApp.getByText(/requirements? to review this month$/));
  expect(await managerApp.getByRole('button', { name: /^Still valid, re-scored/ }).count()).toBe(0);
  await visible(managerApp.getByRole('button', { name: 'Open REQ-2' }));
  await manager.page.screenshot({ path: path.join(SCREENSHOTS, 'review-queue-en.png'), fullPage: true });
  expect(manager.errors).toEqual([]);
  await manager.context.close();
}, 120_000);
