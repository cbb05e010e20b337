import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { SCREENSHOTS, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders, WORKED_CASE } from '../support/builders';
import { siteRest } from '../support/test-sandbox';

/**
 * axe-core inside each surface's iframe, in the light and the dark theme: no serious or critical
 * violation. The dark screenshots are the ones to look at for contrast.
 */

const env = useBrowserSandbox();
const build = testBuilders(env);
/**
 * What the surfaces show: a scored requirement with a linked customer and feasibility marks, so the
 * panel draws each of its parts, and a day overdue, so the dashboard's overdue gadget lists it.
 */
let shown: string;
beforeAll(async () => {
  const yesterday = new Date(Date.parse(await siteRest(env).today()) - 86_400_000).toISOString().slice(0, 10);
  shown = await build.requirement({
    summary: 'XY2099003 设备C的预警误报太多',
    fields: { ...WORKED_CASE, 'Due date': yesterday },
    customers: [await build.customer()],
    feasibility: { technical: 'feasible', business: 'conditional', compliance: 'feasible' },
  });
}, 60_000);
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

/** Each surface: the frame route it is on and what it shows once drawn (`shown` is the built requirement's key). */
const SURFACES = [
  {
    name: 'issue panel and glance',
    role: 'product-manager',
    route: (key: string) => `issue/${key}`,
    ready: { module: 'iframe[data-module="rt-triage-panel"]', text: () => '4.3' },
    screenshot: 'issue',
    resources: ['panel', 'glance'],
  },
  {
    name: 'priority matrix',
    role: 'product-manager',
    route: () => 'project/REQ',
    ready: { module: 'iframe[data-module="rt-priority-matrix"]', text: (key: string) => key },
    screenshot: 'project-REQ',
    resources: ['matrix'],
  },
  {
    name: 'dashboard gadgets',
    role: 'manager',
    route: () => 'dashboard',
    // The demo dashboard's overdue gadget, drawn once it lists the overdue requirement.
    ready: { module: '[data-gadget-box="10001"] iframe', text: (key: string) => key },
    screenshot: 'dashboard',
    resources: ['gadget'],
  },
  {
    name: 'admin page',
    role: 'admin',
    route: () => 'admin',
    ready: { module: 'iframe[data-module="rt-admin"]', text: () => 'Weighted score' },
    screenshot: 'admin',
    resources: ['admin'],
  },
  {
    name: 'admin page, projects',
    role: 'admin',
    route: () => 'admin/projects',
    ready: { module: 'iframe[data-module="rt-admin"]', text: () => 'Run again' },
    screenshot: 'admin-projects',
    resources: ['admin'],
  },
] as const;

describe.each(['light', 'dark'] as const)('%s theme', (theme) => {
  test.each(SURFACES)(
    '$name: no serious accessibility violations',
    async (target) => {
      const { context, page, errors } = await env.openAs(target.role, target.route(shown), 'en-US', theme);
      await visible(page.frameLocator(target.ready.module).getByText(target.ready.text(shown)).first());
      await page.waitForTimeout(200);
      const found: string[] = [];
      const frames = target.resources.flatMap((resource) => framesOf(page, resource));
      expect(frames.length).toBeGreaterThanOrEqual(target.resources.length);
      for (const frame of frames) found.push(...(await seriousViolations(frame)));
      await page.screenshot({
        path: path.join(SCREENSHOTS, `a11y-${target.screenshot}-${theme}.png`),
        fullPage: true,
      });
      expect(found).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
    60_000,
  );
});

test('the check is live: a nameless button planted in a surface is reported', async () => {
  const { context, page } = await env.openAs('manager', 'project/REQ');
  await visible(page.frameLocator('iframe[data-module="rt-priority-matrix"]').getByText(shown).first());
  const [frame] = framesOf(page, 'matrix');
  await frame!.evaluate(() => document.body.append(document.createElement('button')));
  expect((await seriousViolations(frame!)).some((violation) => violation.startsWith('button-name'))).toBe(true);
  await context.close();
}, 60_000);
