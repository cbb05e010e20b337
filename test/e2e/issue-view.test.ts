import { surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * Issue 18, the issue view: the panel, the glance and the closure loop as people use them together.
 */

const env = useBrowserSandbox();
const { openAs } = env;

test('after Save on the panel the glance on the same page shows the new grade without a reload', async () => {
  const { context, page, errors } = await openAs('product-manager', 'issue/REQ-1');
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
