import path from 'node:path';
import { ACCOUNTS } from '../support/test-sandbox';
import { SCREENSHOTS, surface, useBrowserSandbox, visible } from '../support/browser-sandbox';

/** Second-level tags on the panel (suggested among the kind's tags, chosen, a stored tag off the list flagged) and the project's lists on the admin page, in English and Chinese. */

const env = useBrowserSandbox();
const { openAs } = env;

const paragraph = (text: string) => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});
const fieldId = (name: string): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
const tagOf = (key: string) => env.site.issue(key).fields[fieldId('Second-level tag')];

async function createRequirement(summary: string, description: string, record: Record<string, string>): Promise<string> {
  const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
    method: 'POST',
    headers: ACCOUNTS.pm,
    body: JSON.stringify({
      fields: {
        project: { key: 'REQ' },
        issuetype: { name: 'Requirement' },
        summary,
        description: paragraph(description),
        ...Object.fromEntries(Object.entries(record).map(([name, value]) => [fieldId(name), value])),
      },
    }),
  });
  expect(response.status).toBe(201);
  await env.site.sandbox.idle();
  return ((await response.json()) as { key: string }).key;
}

test('English panel: the tag is suggested among the kind’s tags and accepted', async () => {
  const key = await createRequirement('Exported statement is garbled', '导出的对账单金额格式不对，打印出来排版错位', {
    Kind: 'optimisation',
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`);
  const panel = surface(page, 'rt-triage-panel');
  const tag = panel.getByTestId('rt-classification-kindTag');
  await visible(tag.getByText('Second-level tag', { exact: true }));
  await visible(tag.getByText('Data output'));
  await visible(tag.getByText(/Suggested, \d+/));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'kind-tag-suggested-en.png'), fullPage: true });
  await tag.getByRole('button', { name: 'Accept suggestion' }).click();
  await visible(tag.getByText('Chosen by a person; suggestions never replace it.'));
  expect(tagOf(key)).toBe('data-output');
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('Chinese panel: a stored tag of another kind is flagged, and a tag of the kind is chosen in its place', async () => {
  const key = await createRequirement('界面按钮太多', '这个页面按钮太多，找不到保存在哪里', {
    Kind: 'optimisation',
    'Second-level tag': 'training',
  });
  const { context, page, errors } = await openAs('product-manager', `issue/${key}`, 'zh-CN');
  const panel = surface(page, 'rt-triage-panel');
  const tag = panel.getByTestId('rt-classification-kindTag');
  await visible(tag.getByText('二级标签', { exact: true }));
  await visible(tag.getByText('已存储的标签“training”不在本项目该类别的标签列表中，请从列表中选择。'));
  await tag.locator('#rt-classification-kindTag').fill('界面交互');
  await tag.locator('#rt-classification-kindTag').press('Enter');
  await tag.getByRole('button', { name: '保存二级标签' }).click();
  await visible(tag.getByText('已由人工选择；建议不会覆盖它。'));
  await page.screenshot({ path: path.join(SCREENSHOTS, 'kind-tag-chosen-zh.png'), fullPage: true });
  expect(tagOf(key)).toBe('ui-interaction');
  expect(errors).toEqual([]);
  await context.close();
}, 60_000);

test('the admin edits a project’s tags: a bad code is refused next to the field naming the rule, then a new tag is saved', async () => {
  for (const locale of ['zh-CN', 'en-US'] as const) {
    const en = locale === 'en-US';
    const { context, page, errors } = await openAs('admin', 'admin/tags', locale);
    const admin = surface(page, 'rt-admin');
    await admin.locator('#rt-kind-tags-project').click();
    await admin.locator('#rt-kind-tags-project').press('Enter');
    const form = admin.getByTestId('rt-kind-tags-form');
    await visible(form);
    const optimisation = form.getByTestId('rt-kind-tags-optimisation');
    await visible(optimisation.locator('#rt-kind-tag-optimisation-0-zh'));
    expect(await optimisation.locator('#rt-kind-tag-optimisation-0-zh').inputValue()).toBe('界面交互');
    await optimisation.getByRole('button', { name: en ? 'Add a tag to Function optimisation' : '为“功能优化”添加标签' }).click();
    const added = await optimisation.locator('[id^="rt-kind-tag-optimisation-"][id$="-code"]').count();
    const last = added - 1;
    await optimisation.locator(`#rt-kind-tag-optimisation-${last}-code`).fill('Alarm Rules');
    await optimisation.locator(`#rt-kind-tag-optimisation-${last}-zh`).fill('报警规则');
    await form.getByTestId('rt-kind-tags-save').click();
    await visible(
      optimisation.getByText(
        en
          ? 'Tag code: use lower-case letters, digits and hyphens, starting with a letter.'
          : '标签代码只能使用小写字母、数字和连字符，并以字母开头。',
      ),
    );
    await page.screenshot({ path: path.join(SCREENSHOTS, `kind-tags-invalid-${en ? 'en' : 'zh'}.png`), fullPage: true });
    await optimisation.locator(`#rt-kind-tag-optimisation-${last}-code`).fill(`alarm-rules-${en ? 'en' : 'zh'}`);
    await form.getByTestId('rt-kind-tags-save').click();
    await visible(form.getByText(en ? 'Second-level tags of REQ saved.' : 'REQ 的二级标签已保存。'));
    expect(errors).toEqual([]);
    await context.close();
  }
  const stored = env.site.sandbox.store.get<{ value: { tags: { optimisation: { code: string }[] } } }>(
    'kvs',
    'kind-tags:REQ',
  )?.value;
  expect(stored?.tags.optimisation.map((tag) => tag.code).slice(-2)).toEqual(['alarm-rules-zh', 'alarm-rules-en']);
}, 120_000);
