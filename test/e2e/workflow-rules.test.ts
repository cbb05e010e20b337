import path from 'node:path';
import { FEASIBILITY_DIMENSIONS } from '../../src/domain/delivery/feasibility';
import { updateDeliveryRecord } from '../../src/storage/delivery-store';
import { SCREENSHOTS, useBrowserSandbox, visible } from '../support/browser-sandbox';
import { serverText } from '../support/server-text';
import { ACCOUNTS } from '../support/test-sandbox';

/** The frame's status control moves a Requirement as Jira's issue view does, and shows Jira's refusal in a flag. */

const env = useBrowserSandbox();

async function pendingRequirement(summary: string): Promise<{ id: string; key: string }> {
  const created = await fetch(`${env.site.url}/rest/api/3/issue`, {
    method: 'POST',
    headers: ACCOUNTS.pm,
    body: JSON.stringify({ fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary } }),
  });
  const { id, key } = (await created.json()) as { id: string; key: string };
  for (const transitionId of ['11', '21']) {
    const moved = await fetch(`${env.site.url}/rest/api/3/issue/${key}/transitions`, {
      method: 'POST',
      headers: ACCOUNTS.pm,
      body: JSON.stringify({ transition: { id: transitionId } }),
    });
    expect(moved.status).toBe(204);
  }
  await env.site.sandbox.idle();
  return { id, key };
}

test.each(['en-US', 'zh-CN'] as const)(
  'Start work without the feasibility marks is refused with the rule’s message; with them it moves (%s)',
  async (locale) => {
    const { id, key } = await pendingRequirement(`Night-shift alarm digest ${locale}`);
    const pendingStatus = env.site.issue(key).fields.status;
    const { context, page, errors } = await openAs(key, locale);
    const status = page.getByRole('combobox', { name: locale === 'zh-CN' ? '状态' : 'Status' });
    await visible(status);
    await status.selectOption({ label: 'Start work → In Progress' });
    const flag = page.getByRole('alert');
    await visible(flag);
    await visible(flag.getByText(locale === 'zh-CN' ? '无法转换此问题的状态' : 'We couldn’t move this issue'));
    // Jira tells a validator nobody's language, so the refusal carries both; each reader finds their own.
    const refusal = [
      'server.rule.start.lead',
      'server.blocker.feasibility_missing.technical',
      'server.blocker.feasibility_missing.business',
      'server.blocker.feasibility_missing.compliance',
    ] as const;
    await visible(
      flag.getByText(
        locale === 'zh-CN'
          ? refusal.map((key) => serverText('zh-CN', key)).join('')
          : refusal.map((key) => serverText('en-US', key)).join(' '),
      ),
    );
    expect(env.site.issue(key).fields.status).toBe(pendingStatus);
    await page.screenshot({ path: path.join(SCREENSHOTS, `workflow-rule-refused-${locale}.png`), fullPage: true });
    await flag.getByRole('button', { name: locale === 'zh-CN' ? '关闭' : 'Dismiss' }).click();
    await flag.waitFor({ state: 'detached' });

    await updateDeliveryRecord(id, (current) => ({
      ...current,
      feasibility: FEASIBILITY_DIMENSIONS.map((dimension) => ({
        dimension,
        verdict: 'feasible' as const,
        note: '',
        by: { accountId: 'tl', displayName: 'Tech Lead' },
        at: '2026-11-20T09:00:00Z',
      })),
    }));
    await status.selectOption({ label: 'Start work → In Progress' });
    await page.waitForFunction(
      () => (document.querySelector('#issue-status option') as HTMLOptionElement | null)?.textContent === 'In Progress',
    );
    expect(await page.getByRole('alert').count()).toBe(0);
    expect(env.site.issue(key).fields.status).not.toBe(pendingStatus);
    expect(errors).toEqual([]);
    await context.close();
  },
  90_000,
);

function openAs(key: string, locale: 'en-US' | 'zh-CN') {
  return env.openAs('product-manager', `issue/${key}`, locale);
}
