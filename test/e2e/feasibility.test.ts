import path from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_DELIVERY_SETTINGS } from '../../sandbox/seed';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { testBuilders } from '../support/builders';
import { resolverCaller } from '../support/test-sandbox';

/** Feasibility marks in the panel (each role its own mark), the not-feasible flag on the matrix and gadgets, and the delivery rules on the admin page. */

const env = useBrowserSandbox();
const { openAs } = env;
const build = testBuilders(env);
const gadget = (page: Page, id: string) =>
  page.frameLocator(`[data-gadget-box="${id}"] iframe[data-module="rt-priority-gadget"]`);

test('the tech lead marks the technical feasibility in Chinese; a condition needs a note', async () => {
  const key = await build.requirement();
  const { context, page, errors } = await openAs('tech-lead', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  await visible(panel.getByRole('heading', { name: '可行性评估' }));
  const technical = panel.getByTestId('rt-feasibility-technical');
  await visible(technical.getByText('未评估'));
  await technical.locator('#rt-feasibility-technical-verdict').click();
  await panel.getByRole('option', { name: '有条件可行' }).click();
  await technical.getByRole('button', { name: '提交技术评估' }).click();
  await visible(technical.getByText('请填写说明：有哪些条件，或为什么不可行。'));
  await technical.getByLabel('说明（必填）').fill('需要先上线标签服务');
  await technical.getByRole('button', { name: '提交技术评估' }).click();
  await expectVerdict(technical, 'conditional');
  await visible(technical.getByText(/Li Wei \(Tech lead\)，/));
  // The other two marks are read-only for the tech lead, naming who sets them.
  await visible(panel.getByTestId('rt-feasibility-business-who').getByText('由Product managers评估。你可以查看，但不能修改。'));
  expect(await panel.locator('#rt-feasibility-business-verdict').count()).toBe(0);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feasibility-techlead-zh.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

async function expectVerdict(card: ReturnType<ReturnType<typeof surface>['getByTestId']>, verdict: string): Promise<void> {
  await card
    .and(card.page().locator(`[data-verdict="${verdict}"]`))
    .waitFor({ state: 'attached', timeout: 15_000 })
    .catch(() => undefined);
  await expect(card.getAttribute('data-verdict')).resolves.toBe(verdict);
}

test('the compliance officer marks a requirement not feasible; the panel warns', async () => {
  const key = await build.requirement({ feasibility: { technical: 'feasible' } });
  const { context, page, errors } = await openAs('compliance', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const compliance = panel.getByTestId('rt-feasibility-compliance');
  await compliance.locator('#rt-feasibility-compliance-verdict').click();
  await panel.getByRole('option', { name: 'Not feasible' }).click();
  await compliance
    .getByLabel('Note (required)')
    .fill('Exports would carry personal data out of the system without a processing agreement.');
  await compliance.getByRole('button', { name: 'Record Compliance mark' }).click();
  await visible(panel.getByText('Marked not feasible: Compliance.'));
  await visible(compliance.getByText(/^By Carl Compliance, /));
  expect(env.site.issue(key).fields[feasibilityFieldId()]).toBe('technical: feasible; compliance: not feasible');
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feasibility-compliance-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

const feasibilityFieldId = () =>
  env.site.sandbox.store
    .list<{ id: string; schema: { custom?: string } }>('jira-fields')
    .find((field) => field.schema.custom?.endsWith('/static/rt-feasibility-marks'))!.id;

test('the product manager sees the technical mark read-only, sets the business one, and reads the history', async () => {
  const key = await build.requirement({
    feasibility: { technical: 'feasible', business: 'conditional', compliance: 'feasible' },
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const technical = panel.getByTestId('rt-feasibility-technical');
  await visible(technical.getByText('Feasible', { exact: true }));
  await visible(technical.getByText('Set by: Tech leads. You can read it but not change it.'));
  expect(await panel.locator('#rt-feasibility-technical-verdict').count()).toBe(0);
  const business = panel.getByTestId('rt-feasibility-business');
  await visible(business.getByText('Marked conditional by the test', { exact: false }).first());
  await business.locator('#rt-feasibility-business-verdict').click();
  await panel.getByRole('option', { name: 'Feasible', exact: true }).click();
  await business.getByLabel('Note (optional)').fill('');
  await business.getByRole('button', { name: 'Record Business mark' }).click();
  await visible(panel.getByRole('button', { name: 'Show history (4)' }));
  await panel.getByRole('button', { name: 'Show history (4)' }).click();
  expect(await panel.getByTestId('rt-feasibility-history').locator('li').count()).toBe(4);
  await page.screenshot({ path: path.join(SCREENSHOTS, 'feasibility-pm-en.png'), fullPage: true });
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the matrix flags not-feasible requirements: ring, hover line, ranked-list marker and a quick filter', async () => {
  const feasible = await build.requirement({
    fields: { 'Business value': 3, 'Implementation cost': 9 },
    feasibility: 'feasible',
  });
  const refused = await build.requirement({
    fields: { 'Business value': 2, 'Implementation cost': 2 },
    feasibility: { technical: 'feasible', compliance: 'not-feasible' },
  });
  for (const locale of ['en-US', 'zh-CN'] as const) {
    const { context, page, errors } = await openAs('manager', 'project/REQ', locale);
    const matrix = surface(page, 'rt-priority-matrix');
    const flagged = matrix.locator(`g[data-key="${refused}"]`);
    await visible(flagged);
    await expect(flagged.getAttribute('data-not-feasible')).resolves.toBe('true');
    await expect(matrix.locator(`g[data-key="${feasible}"]`).getAttribute('data-not-feasible')).resolves.toBeNull();
    await visible(matrix.getByTestId(`rt-not-feasible-${refused}`));
    await flagged.hover();
    await visible(
      matrix.getByTestId('rt-point-not-feasible').getByText(locale === 'en-US' ? 'Not feasible: Compliance' : '不可行：合规'),
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, `matrix-not-feasible-${locale === 'en-US' ? 'en' : 'zh'}.png`),
      fullPage: true,
    });
    await matrix.getByLabel(locale === 'en-US' ? 'Feasibility' : '可行性', { exact: true }).click();
    await matrix
      .getByText(locale === 'en-US' ? /^Not feasible \(\d+\)/ : /^不可行 \(\d+\)/)
      .first()
      .click();
    await expect(
      matrix.locator('g[data-key]').evaluateAll((points) => points.map((point) => point.getAttribute('data-not-feasible'))),
    ).resolves.toEqual(expect.arrayContaining(['true']));
    expect(await matrix.locator('g[data-key]:not([data-not-feasible])').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  }
}, 90_000);

test('the grade gadget counts the not-feasible requirements', async () => {
  const { context, page, errors } = await openAs('manager', 'dashboard');
  const view = gadget(page, '10000');
  await visible(view.getByTestId('rt-gadget-not-feasible').getByText('Not feasible'));
  await expect(view.getByTestId('rt-gadget-not-feasible').innerText()).resolves.toMatch(/Not feasible\s*[1-9]/);
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the admin edits the delivery rules: violations next to the field, then a save, then a conflict naming who saved', async () => {
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const { context, page, errors } = await openAs('admin', 'admin/delivery', locale);
    const admin = surface(page, 'rt-admin');
    // The only project; the menu opens at the frame's bottom edge, so choose it with the keyboard.
    await admin.locator('#rt-delivery-project').click();
    await admin.locator('#rt-delivery-project').press('Enter');
    const form = admin.getByTestId('rt-delivery-form');
    await visible(form);
    await visible(form.getByText(locale === 'en-US' ? 'Tech leads (role)' : 'Tech leads（角色）'));
    await form.locator('#rt-delivery-followUpDays-to').fill('3');
    await form.getByTestId('rt-delivery-save').click();
    await visible(
      form.getByText(locale === 'en-US' ? 'Must not be earlier than "Follow up from".' : '不能早于“通知后第几天起回访”。'),
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, `delivery-rules-invalid-${locale === 'en-US' ? 'en' : 'zh'}.png`),
      fullPage: true,
    });
    await form.locator('#rt-delivery-followUpDays-to').fill('21');
    await form.getByTestId('rt-delivery-save').click();
    await visible(form.getByText(locale === 'en-US' ? 'Delivery rules of REQ saved.' : '已保存 REQ 的交付规则。'));

    // Someone else saves meanwhile: this editor's next save is refused, naming them.
    const current = await resolverCaller(env)<{ revision: number }>('admin', 'admin', 'delivery.settings.get', {
      projectKey: 'REQ',
    });
    if (!current.ok) throw new Error(current.error.message);
    await resolverCaller(env)('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: DEMO_DELIVERY_SETTINGS,
      expectedRevision: current.data.revision,
    });
    await form.locator('#rt-delivery-reviewAfterDays').fill('45');
    await form.getByTestId('rt-delivery-save').click();
    await visible(
      admin
        .getByTestId('rt-conflict')
        .getByText(locale === 'en-US' ? /^Ada Admin saved these settings at/ : /^Ada Admin已于 .+ 保存了这些设置/),
    );
    await page.screenshot({
      path: path.join(SCREENSHOTS, `delivery-rules-conflict-${locale === 'en-US' ? 'en' : 'zh'}.png`),
      fullPage: true,
    });
    expect(errors).toEqual([]);
    await context.close();
  }
}, 120_000);
