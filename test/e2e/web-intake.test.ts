import { createHmac } from 'node:crypto';
import path from 'node:path';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** The admin page's Web intake section: the URL, a secret created and shown once, and that it signs. */

const env = useBrowserSandbox();

test('a project admin creates the web intake secret on the admin page; it is shown once and signs a request that creates a Requirement', async () => {
  const { context, page, errors } = await env.openAs('admin', 'admin/intake', 'en-US');
  const admin = surface(page, 'rt-admin');
  // The only project; the menu opens at the frame's bottom edge, so choose it with the keyboard.
  await admin.locator('#rt-intake-project').click();
  await admin.locator('#rt-intake-project').press('Enter');
  await visible(admin.getByText('This project has no secret yet, so the URL accepts nothing.'));
  const url = await admin.locator('#rt-intake-url').inputValue();
  expect(url).toMatch(/\/x1\/.+\?project=REQ$/);
  await admin.getByRole('button', { name: 'Create secret' }).click();
  await visible(admin.getByText('Copy this secret now: it is shown only once.', { exact: false }));
  const secret = await admin.locator('#rt-intake-secret').inputValue();
  expect(secret).toMatch(/^rtwh_[0-9a-f]{64}$/);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'web-intake-secret-en.png'), fullPage: true });

  const body = JSON.stringify({
    summary: 'From the admin page secret',
    originalWords: '来自飞书表单',
    channel: 'questionnaire',
    submitter: { name: 'Wang Fang' },
    date: '2026-12-01',
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-RT-Timestamp': String(timestamp), 'X-RT-Signature': signature },
    body,
  });
  expect(response.status).toBe(201);
  expect(((await response.json()) as { issueKey: string }).issueKey).toMatch(/^REQ-\d+$/);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);
