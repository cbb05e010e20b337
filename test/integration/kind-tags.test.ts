import type { ClassificationView, ExportPage, StoredKindTags } from '../../src/shared/api';
import { DEFAULT_KIND_TAGS } from '../../src/domain/kind-tags';
import { testBuilders } from '../support/builders';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** Second-level tags through the real resolvers: the project's lists, the panel's suggestion and save, the refusals, the export and a JQL filter. */

const env = useTestSandbox();
const invoke = resolverCaller(env);

const build = testBuilders(env);
const fieldId = (name: string): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
const tagOf = (key: string) => env.site.issue(key).fields[fieldId('Second-level tag')];

const createRequirement = (summary: string, description: string, fields: Record<string, string> = {}) =>
  build.requirement({ summary, description, fields });

async function view(key: string): Promise<ClassificationView> {
  const result = await invoke<ClassificationView>('pm', 'panel', 'classification.get', {}, { issueKey: key });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

describe('second-level tags on a requirement', () => {
  test('the panel offers the kind’s tags with a suggestion, saves one as the person, and refuses an unknown tag or a tag of another kind without writing', async () => {
    const key = await createRequirement('导出的对账单格式错乱', '导出的报表数字格式不对，打印出来排版也错位', {
      Kind: 'optimisation',
    });
    const before = await view(key);
    expect(before.kindTag).toMatchObject({
      current: null,
      kind: 'optimisation',
      storedOutsideList: false,
      decision: { kind: 'suggest', value: 'data-output' },
    });
    expect(before.kindTag.values).toEqual(DEFAULT_KIND_TAGS.optimisation.map((tag) => tag.code));
    expect(before.kindTag.tags.find((tag) => tag.code === 'ui-interaction')?.label).toEqual({
      en: 'UI interaction',
      zh: '界面交互',
    });

    const saved = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kindTag: 'data-output' },
      { issueKey: key },
    );
    expect(saved.ok && saved.data.kindTag).toMatchObject({
      current: 'data-output',
      decision: { kind: 'keep-user-choice', value: 'data-output' },
    });
    expect(tagOf(key)).toBe('data-output');

    const otherKind = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kindTag: 'training' },
      { issueKey: key },
    );
    expect(otherKind.ok ? otherKind.data : otherKind.error).toMatchObject({
      kind: 'validation',
      violations: [
        {
          field: 'kindTag',
          rule: 'mismatch',
          params: { value: 'training', tagKind: 'service-experience', kind: 'optimisation' },
        },
      ],
    });
    const unknown = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kind: 'optimisation', kindTag: 'colour' },
      { issueKey: key },
    );
    expect(unknown.ok ? unknown.data : unknown.error).toMatchObject({
      kind: 'validation',
      violations: [{ field: 'kindTag', rule: 'enum' }],
    });
    expect(tagOf(key)).toBe('data-output');
    expect(env.site.issue(key).fields[fieldId('Kind')]).toBe('optimisation');
  }, 60_000);

  test('a tag needs a kind: sent with the kind it is saved with it; a kind change clears a tag of the old kind', async () => {
    const key = await createRequirement('希望增加一个手机APP', '维修师傅在车间只能用手机，希望出一个手机APP');
    const bare = await view(key);
    expect(bare.kind.current).toBeNull();
    const alone = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kindTag: 'mobile' },
      { issueKey: key },
    );
    expect(alone.ok ? alone.data : alone.error).toMatchObject({
      kind: 'validation',
      violations: [{ field: 'kindTag', rule: 'required' }],
    });
    expect(tagOf(key) ?? null).toBeNull();

    const withKind = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kind: 'new-feature', kindTag: 'mobile' },
      { issueKey: key },
    );
    expect(withKind.ok && [withKind.data.kind.current, withKind.data.kindTag.current]).toEqual(['new-feature', 'mobile']);
    const changed = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kind: 'improvement' },
      { issueKey: key },
    );
    expect(changed.ok && [changed.data.kind.current, changed.data.kindTag.current, changed.data.kindTag.kind]).toEqual([
      'improvement',
      null,
      'improvement',
    ]);
    expect(tagOf(key) ?? null).toBeNull();
  }, 60_000);

  test('a project admin edits the lists: a new tag is offered and accepted, a removed one is refused and a stored one is flagged; others may not edit', async () => {
    const key = await createRequirement('报警规则太死板', '报警阈值只能设一个', { Kind: 'optimisation' });
    await invoke<ClassificationView>('pm', 'panel', 'classification.save', { kindTag: 'algorithm' }, { issueKey: key });
    const current = await invoke<StoredKindTags>('admin', 'admin', 'kindTags.get', { projectKey: 'REQ' });
    if (!current.ok) throw new Error(current.error.message);
    const edited = {
      ...current.data.tags,
      optimisation: [
        ...current.data.tags.optimisation.filter((tag) => tag.code !== 'algorithm'),
        { code: 'alarm-rules', label: { en: 'Alarm rules', zh: '报警规则' } },
      ],
    };

    const byPm = await invoke<StoredKindTags>('pm', 'admin', 'kindTags.save', {
      projectKey: 'REQ',
      tags: edited,
      expectedRevision: current.data.revision,
    });
    expect(byPm.ok ? byPm.data : byPm.error.kind).toBe('forbidden');
    const bad = await invoke<StoredKindTags>('admin', 'admin', 'kindTags.save', {
      projectKey: 'REQ',
      tags: { ...edited, improvement: [{ code: 'alarm-rules', label: { en: 'Again', zh: '' } }] },
      expectedRevision: current.data.revision,
    });
    expect(bad.ok ? bad.data : bad.error).toMatchObject({
      kind: 'validation',
      violations: [{ field: 'improvement.0.code', rule: 'unique' }],
    });
    const saved = await invoke<StoredKindTags>('admin', 'admin', 'kindTags.save', {
      projectKey: 'REQ',
      tags: edited,
      expectedRevision: current.data.revision,
    });
    expect(saved.ok && saved.data.revision).toBe(current.data.revision + 1);
    const stale = await invoke<StoredKindTags>('admin', 'admin', 'kindTags.save', {
      projectKey: 'REQ',
      tags: edited,
      expectedRevision: current.data.revision,
    });
    expect(stale.ok ? stale.data : stale.error.kind).toBe('conflict');

    const flagged = await view(key);
    expect(flagged.kindTag).toMatchObject({ current: 'algorithm', storedOutsideList: true });
    expect(flagged.kindTag.values).toContain('alarm-rules');
    const removed = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kindTag: 'algorithm' },
      { issueKey: key },
    );
    expect(removed.ok ? removed.data : removed.error).toMatchObject({
      kind: 'validation',
      violations: [{ field: 'kindTag', rule: 'enum' }],
    });
    const added = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kindTag: 'alarm-rules' },
      { issueKey: key },
    );
    expect(added.ok && added.data.kindTag).toMatchObject({ current: 'alarm-rules', storedOutsideList: false });

    // The register export names the tag as the project lists it, and JQL on the field finds it (how kind is filtered too).
    const customId = fieldId('Second-level tag').replace('customfield_', '');
    const page = await invoke<ExportPage>(
      'pm',
      'matrix',
      'exports.page',
      { projectKey: 'REQ', jql: `cf[${customId}] = "alarm-rules"`, nextPageToken: null },
      { projectKey: 'REQ' },
    );
    if (!page.ok) throw new Error(page.error.message);
    expect(page.data.rows.map((row) => [row.key, row.record.kindTag, row.kindTagLabel])).toEqual([
      [key, 'alarm-rules', { en: 'Alarm rules', zh: '报警规则' }],
    ]);
  }, 60_000);

  test('through REST Jira holds the tag to a 40-character code; the project’s lists are the app’s check, so a stored unknown tag is flagged on the panel', async () => {
    const key = await createRequirement('客服响应太慢', '报了问题三天都没人回复', { Kind: 'service-experience' });
    const edit = (value: string) =>
      fetch(`${env.site.url}/rest/api/3/issue/${key}`, {
        method: 'PUT',
        headers: ACCOUNTS.pm,
        body: JSON.stringify({ fields: { [fieldId('Second-level tag')]: value } }),
      });
    const tooLong = await edit('x'.repeat(41));
    expect(tooLong.status).toBe(400);
    expect(tagOf(key) ?? null).toBeNull();
    expect((await edit('colour')).status).toBe(204);
    expect((await view(key)).kindTag).toMatchObject({
      current: 'colour',
      storedOutsideList: true,
      decision: { kind: 'keep-user-choice', value: 'colour' },
    });
  }, 60_000);
});
