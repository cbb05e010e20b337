import path from 'node:path';
import { Version3Client } from 'jira.js';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/**
 * A value Jira stores that the project's scoring framework does not allow (Jira's validation only
 * knows the widest scale; docs/PLATFORM.md, "Fields and validation"): the triage panel flags it
 * with its stored value, asks for a fix, and no score uses it.
 */

const env = useBrowserSandbox();

test('a REST client stores Urgency 7; the panel flags it, names the rule and computes no score from it, in English and Chinese', async () => {
  const jira = new Version3Client({
    host: env.site.url,
    authentication: { basic: { email: 'admin@example.com', apiToken: 'admin-token' } },
  });
  const ids = Object.fromEntries(
    (await jira.issueFields.getFields()).filter((field) => field.custom).map((field) => [field.name!, field.id!]),
  );
  const { key } = await jira.issues.createIssue({
    fields: {
      project: { key: 'REQ' },
      issuetype: { name: 'Requirement' },
      summary: 'Urgency out of the framework scale',
      [ids.Urgency!]: 7,
      [ids.Importance!]: 5,
      [ids.Feasibility!]: 3,
      [ids['Customer value']!]: 5,
    },
  });
  await env.site.sandbox.idle();
  expect(env.site.issue(key).fields[ids['Weighted score']!] ?? null).toBeNull();

  const english = await env.openAs('product-manager', `issue/${key}`, 'en-US');
  const panel = surface(english.page, 'rt-triage-panel');
  const problems = panel.getByTestId('rt-stored-problems');
  await visible(problems.getByText('Some values stored on this issue are invalid and are ignored'));
  await visible(problems.getByText('Urgency must be from 1 to 5. Stored value: 7.'));
  await visible(problems.getByText('Enter valid values and save to replace them.'));
  const notComputable = panel.getByTestId('rt-not-computable');
  await expect(notComputable.allInnerTexts()).resolves.toEqual([
    'Not computable: Urgency must be from 1 to 5.',
    'Not computable: Urgency must be from 1 to 5.',
  ]);
  await english.page.screenshot({ path: path.join(SCREENSHOTS, 'stored-value-out-of-scale.png'), fullPage: true });
  expect(english.errors).toEqual([]);
  await english.context.close();

  const chinese = await env.openAs('product-manager', `issue/${key}`, 'zh-CN');
  const zhPanel = surface(chinese.page, 'rt-triage-panel');
  await visible(zhPanel.getByTestId('rt-stored-problems').getByText('紧急程度必须在 1 到 5 之间。 当前存储值：7。'));
  await visible(zhPanel.getByTestId('rt-not-computable').first());
  expect(chinese.errors).toEqual([]);
  await chinese.context.close();
}, 90_000);
