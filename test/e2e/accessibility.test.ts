import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * axe-core inside each surface's iframe, in the light and the dark theme: no serious or critical
 * violation. The dark screenshots are the ones to look at for contrast.
 */

const env = useBrowserSandbox();
const AXE = require.resolve('axe-core/axe.min.js');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

async function seriousViolations(frame: Frame): Promise<string[]> {
  await frame.addScriptTag({ path: AXE });
  const violations = await frame.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return (await axe.run(document, { resultTypes: ['violations'] })).violations;
  });
  return violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`,
    );
}

const framesOf = (page: Page, resource: string): Frame[] =>
  page.frames().filter((candidate) => candidate.url().includes(`/app/${resource}/`));

const SURFACES = [
  {
    name: 'issue panel and glance',
    role: 'product-manager',
    route: 'issue/REQ-1',
    ready: { module: 'iframe[data-module="rt-triage-panel"]', text: '4.3' },
    resources: ['panel', 'glance'],
  },
  {
    name: 'priority matrix',
    role: 'product-manager',
    route: 'project/REQ',
    ready: { module: 'iframe[data-module="rt-priority-matrix"]', text: 'REQ-3' },
    resources: ['matrix'],
  },
  {
    name: 'dashboard gadgets',
    role: 'manager',
    route: 'dashboard',
    ready: { module: '[data-gadget-box="10001"] iframe', text: 'REQ-2' },
    resources: ['gadget'],
  },
  {
    name: 'admin page',
    role: 'admin',
    route: 'admin',
    ready: { module: 'iframe[data-module="rt-admin"]', text: 'Weighted score' },
    resources: ['admin'],
  },
  {
    name: 'admin page, projects',
    role: 'admin',
    route: 'admin/projects',
    ready: { module: 'iframe[data-module="rt-admin"]', text: 'Run again' },
    resources: ['admin'],
  },
] as const;

for (const theme of ['light', 'dark'] as const) {
  describe(`${theme} theme`, () => {
    for (const target of SURFACES) {
      test(`${target.name}: no serious accessibility violations`, async () => {
        const { context, page, errors } = await env.openAs(target.role, target.route, 'en-US', theme);
        await visible(page.frameLocator(target.ready.module).getByText(target.ready.text).first());
        await page.waitForTimeout(200);
        const found: string[] = [];
        const frames = target.resources.flatMap((resource) => framesOf(page, resource));
        expect(frames.length).toBeGreaterThanOrEqual(target.resources.length);
        for (const frame of frames) found.push(...(await seriousViolations(frame)));
        await page.screenshot({
          path: path.join(SCREENSHOTS, `a11y-${target.route.replace(/\W+/g, '-')}-${theme}.png`),
          fullPage: true,
        });
        expect(found).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      }, 60_000);
    }
  });
}

test('the check is live: a nameless button planted in a surface is reported', async () => {
  const { context, page } = await env.openAs('manager', 'project/REQ');
  await visible(page.frameLocator('iframe[data-module="rt-priority-matrix"]').getByText('REQ-3').first());
  const [frame] = framesOf(page, 'matrix');
  await frame!.evaluate(() => document.body.append(document.createElement('button')));
  expect((await seriousViolations(frame!)).some((violation) => violation.startsWith('button-name'))).toBe(true);
  await context.close();
}, 60_000);
