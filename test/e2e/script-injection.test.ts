import type { Page } from 'playwright-core';
import { accountOf, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { currentState, invokeAs } from '../support/resolver-calls';

/**
 * Text that would run as HTML (image error handlers, script tags, javascript: links, attribute
 * break-outs) planted in issue summaries and in the framework's version note: every surface shows
 * it literally, gains no element from it, and no planted handler runs.
 */

const env = useBrowserSandbox();

const PLANTED = [
  '<img src=x onerror="window.__planted=1">',
  '<script>window.__planted=2</script>',
  '<a href="javascript:window.__planted=3">open</a> javascript:window.__planted=3',
  '"><svg onload="window.__planted=4">',
].join(' ');

let issueKey: string;

beforeAll(async () => {
  const site = env.site;
  const fields = Object.fromEntries(
    site.sandbox.store.list<{ id: string; name: string }>('jira-fields').map((field) => [field.name, field.id]),
  );
  const created = site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/issue',
      query: {},
      body: {
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary: PLANTED,
          [fields['Urgency']!]: 5,
          [fields['Importance']!]: 5,
          [fields['Feasibility']!]: 5,
          [fields['Customer value']!]: 5,
        },
      },
    },
    { kind: 'user', accountId: accountOf('product-manager') },
  );
  expect(created.status).toBe(201);
  issueKey = (created.body as { key: string }).key;
  const current = await invokeAs(site.url, 'admin', { resource: 'admin', resolver: 'framework.current', payload: {} });
  const settings = (current.result as { ok: true; data: { settings: unknown } }).data.settings;
  const saved = await invokeAs(site.url, 'admin', {
    resource: 'admin',
    resolver: 'framework.save',
    payload: { settings, note: PLANTED, baseVersion: (await currentState(site.url)).globalFrameworkVersion },
  });
  expect(saved.result?.ok).toBe(true);
  // The top-N gadget lists the planted summary (it scores 5.0, the highest).
  site.sandbox.store.commit([
    { collection: 'sandbox-gadgets', id: '10000', value: { source: 'project', projectKey: 'REQ', kind: 'top', topN: 5 } },
  ]);
  await site.sandbox.idle();
}, 60_000);

/** What the planted text could have done in any frame of the page: elements, handlers that ran, alerts. */
async function injectedAnywhere(page: Page): Promise<string[]> {
  const findings: string[] = [];
  for (const frame of page.frames()) {
    // The sandbox's own frame page has an inline script of its own; the app's surfaces must have none.
    const isSurface = frame.url().includes('/app/');
    const found = await frame.evaluate((surfaceFrame) => {
      const planted = (window as unknown as { __planted?: number }).__planted;
      const selector = `img[src="x"], svg[onload], [onerror], [onload], a[href^="javascript:"]${surfaceFrame ? ', script:not([src])' : ''}`;
      const elements = Array.from(document.querySelectorAll(selector)).map((element) => element.outerHTML.slice(0, 120));
      return [...(planted === undefined ? [] : [`handler ran: __planted=${planted}`]), ...elements];
    }, isSurface);
    findings.push(...found.map((finding) => `${frame.url()}: ${finding}`));
  }
  return findings;
}

const cases: { name: string; route: string; frame: string; showsText: boolean }[] = [
  { name: 'issue panel', route: 'issue/KEY', frame: 'iframe[data-module="rt-triage-panel"]', showsText: false },
  { name: 'issue glance', route: 'issue/KEY', frame: 'iframe[data-module="rt-grade-glance"]', showsText: false },
  { name: 'priority matrix', route: 'project/REQ', frame: 'iframe[data-module="rt-priority-matrix"]', showsText: true },
  { name: 'dashboard gadget', route: 'dashboard', frame: '[data-gadget-box="10000"] iframe', showsText: true },
  { name: 'admin page (version note)', route: 'admin', frame: 'iframe[data-module="rt-admin"]', showsText: true },
];

test.each(cases)(
  'the $name shows planted markup as text and runs none of it',
  async ({ route, frame: frameSelector, showsText }) => {
    const { context, page, errors } = await env.openAs('admin', route.replace('KEY', issueKey));
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const frame = page.frameLocator(frameSelector);
    // The surface has rendered its content (not just its loading state) before the DOM is judged.
    await visible(frame.locator('body *').first());
    if (showsText) await visible(frame.getByText(PLANTED, { exact: false }).first());
    else await page.waitForTimeout(1500);
    expect(await injectedAnywhere(page)).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  },
  60_000,
);
