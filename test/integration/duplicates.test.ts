import type { ClassificationView, MergeState, SimilarRequirementItem } from '../../src/shared/api';
import { paragraph, testBuilders } from '../support/builders';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** Similar-requirement suggestions, merging duplicates and classification suggestions, through the real resolvers. */

const env = useTestSandbox();
const invoke = resolverCaller(env);

const build = testBuilders(env);
const fieldId = (name: string): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;

const createRequirement = (summary: string, description: string, fields: Record<string, string> = {}) =>
  build.requirement({ summary, description, fields });

async function similarTo(issueKey: string, account: keyof typeof ACCOUNTS = 'pm'): Promise<SimilarRequirementItem[]> {
  const result = await invoke<SimilarRequirementItem[]>(account, 'panel', 'duplicates.similar', {}, { issueKey });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

const indexKeys = () => env.site.sandbox.store.ids('kvs').filter((key) => key.startsWith('duplicates:REQ:'));

describe('similar requirements', () => {
  // Reads the demo data on purpose: a new requirement is matched against the demo project's worked cases.
  test('a new Chinese requirement finds the earlier one about false alarms first, with a score', async () => {
    const key = await createRequirement('预警模块误报太多，请降低误报率', '设备的智能预警经常误报，影响生产');
    const similar = await similarTo(key);
    expect(similar[0]).toMatchObject({ key: 'REQ-1', summary: 'XY2024001 设备A的智能预警模块误报太多' });
    expect(similar[0]!.similarity).toBeGreaterThan(0.2);
    expect(similar.length).toBeLessThanOrEqual(5);
    expect(similar.map((item) => item.key)).not.toContain(key);
  });

  // Reads the demo data on purpose: the worked case XY2024002 is the Excel export.
  test('an English and a mixed requirement find the Excel export', async () => {
    const english = await createRequirement('Export the list to Excel', 'Customers want to export data as an Excel spreadsheet');
    expect((await similarTo(english))[0]!.key).toBe('REQ-2');
    const mixed = await createRequirement('数据导出 Excel 表格', '希望导出为 xlsx');
    expect((await similarTo(mixed)).map((item) => item.key)).toContain('REQ-2');
  });

  test('the index lives in its project shards and follows edits and deletes', async () => {
    const key = await createRequirement('Dark mode for the mobile app', 'Night shift operators want a dark theme');
    await similarTo(key);
    expect(indexKeys()).toEqual(expect.arrayContaining(['duplicates:REQ:header', 'duplicates:REQ:shard:000000']));
    const probe = await createRequirement('Dark theme on phones', 'A dark mode for the mobile app');
    expect((await similarTo(probe))[0]!.key).toBe(key);

    const edited = await fetch(`${env.site.url}/rest/api/3/issue/${key}`, {
      method: 'PUT',
      headers: ACCOUNTS.pm,
      body: JSON.stringify({
        fields: { summary: 'Invoice numbering per region', description: paragraph('Finance needs separate invoice sequences') },
      }),
    });
    expect(edited.status).toBe(204);
    await env.site.sandbox.idle();
    expect((await similarTo(probe)).map((item) => item.key)).not.toContain(key);
    const invoice = await createRequirement('Regional invoice numbers', 'Separate invoice numbering for each region');
    expect((await similarTo(invoice))[0]!.key).toBe(key);

    const deleted = await fetch(`${env.site.url}/rest/api/3/issue/${key}`, { method: 'DELETE', headers: ACCOUNTS.admin });
    expect(deleted.status).toBe(204);
    await env.site.sandbox.idle();
    expect((await similarTo(invoice)).map((item) => item.key)).not.toContain(key);
  });

  test('late and repeated events converge: a replayed create after the delete does not bring the requirement back', async () => {
    const key = await createRequirement('Bulk import of customer tags', 'Import customer tags from a CSV file');
    const probe = await createRequirement('Import tags from CSV', 'Customer tag import');
    expect((await similarTo(probe))[0]!.key).toBe(key);
    const { id } = env.site.issue(key);
    const storedShards = () =>
      indexKeys()
        .filter((stored) => stored.includes(':shard:'))
        .map((stored) => JSON.stringify(env.site.sandbox.store.get<{ value: unknown }>('kvs', stored)!.value));
    const shardsBefore = storedShards();
    const trigger = env.site.sandbox.runtime.manifest.modules.trigger![0]!;
    const created = { eventType: 'avi:jira:created:issue', issue: { id, key, fields: { project: { key: 'REQ' } } } };
    // The same create twice leaves the stored shards as they were.
    await env.site.sandbox.runtime.redeliver(trigger, created, key);
    await env.site.sandbox.runtime.redeliver(trigger, created, key);
    expect(storedShards()).toEqual(shardsBefore);

    await fetch(`${env.site.url}/rest/api/3/issue/${key}`, { method: 'DELETE', headers: ACCOUNTS.admin });
    await env.site.sandbox.idle();
    await env.site.sandbox.runtime.redeliver(trigger, created, key);
    expect((await similarTo(probe)).map((item) => item.key)).not.toContain(key);
  });

  test('requirements created at the same moment all reach the stored index without a rebuild', async () => {
    const header = () => env.site.sandbox.store.get<{ value: { size: number } }>('kvs', 'duplicates:REQ:header')!.value.size;
    const before = header();
    await Promise.all(
      Array.from({ length: 6 }, (_, at) => createRequirement(`Parallel requirement ${at}`, `Created together, number ${at}`)),
    );
    await env.site.sandbox.idle();
    expect(header()).toBe(before + 6);
  });

  test('a lost index is rebuilt from Jira', async () => {
    const earlier = await createRequirement('冷库温度传感器频繁误报', '温度传感器误报太多');
    for (const key of indexKeys()) env.site.sandbox.store.commit([{ collection: 'kvs', id: key, delete: true }]);
    const key = await createRequirement('温度传感器误报', '误报太多');
    expect((await similarTo(key)).map((item) => item.key)).toContain(earlier);
  });
});

describe('Chinese paraphrases and cross-language pairs', () => {
  test('paraphrases of one need find each other near the top, the list is ordered by the similarity it shows, and shared words are marked', async () => {
    const first = await createRequirement('客户列表一打开就转圈，要等十几秒才出来', '');
    const look = await createRequirement('客户列表希望可以导入Excel，批量创建客户', '');
    const second = await createRequirement('【工单】客户数量超过五万后，客户列表加载非常缓慢，翻页卡顿', '');
    const similar = await similarTo(second);
    // The demo's "report page loads too slowly" is as close a reading; the paraphrase is among the first two.
    expect(similar.slice(0, 2).map((item) => item.key)).toContain(first);
    expect(similar.map((item) => item.key)).toContain(look);
    similar.forEach((item, at) => expect(item.similarity).toBeLessThanOrEqual(similar[at - 1]?.similarity ?? 1));
    const top = similar.find((item) => item.key === first)!;
    expect(top.sharedWords).toEqual(expect.arrayContaining(['客户列表']));
    for (const { start, end } of top.highlights) expect(top.sharedWords).toContain(top.summary.slice(start, end));
  });

  test('traditional and full-width wordings find the simplified one', async () => {
    const simplified = await createRequirement('希望支持钉钉扫码登录 APP', '');
    const traditional = await createRequirement('希望支援釘釘掃碼登錄 ＡＰＰ', '');
    expect((await similarTo(traditional))[0]!.key).toBe(simplified);
  });

  test('a Chinese and an English wording of one need find each other', async () => {
    const chinese = await createRequirement('员工报销要贴发票交纸质单，能不能拍照上传就行', '');
    const english = await createRequirement('Expense claims from a photo of the receipt, uploaded instead of paper', '');
    expect((await similarTo(english)).map((item) => item.key)).toContain(chinese);
    expect((await similarTo(chinese)).map((item) => item.key)).toContain(english);
    const match = (await similarTo(english)).find((item) => item.key === chinese)!;
    expect(match.sharedWords).toEqual(expect.arrayContaining(['报销', '发票', '拍照上传']));
  });
});

describe('merging duplicates', () => {
  const snapshot = (key: string) => {
    const { fields } = env.site.issue(key);
    const links = env.site.sandbox.store
      .list<{ inwardIssueId: string; outwardIssueId: string }>('jira-links')
      .filter((link) => [link.inwardIssueId, link.outwardIssueId].includes(env.site.issue(key).id));
    return {
      status: fields.status,
      resolution: fields.resolution,
      description: fields.description,
      words: fields[fieldId("Customer's original words")],
      channel: fields[fieldId('Source channel')],
      count: fields[fieldId('Duplicate count')] ?? null,
      links,
    };
  };

  test('merge links, closes as Duplicate, appends the words and counts; undo puts both back exactly', async () => {
    const keptKey = await createRequirement('设备A的智能预警模块误报太多', '误报率约 15%', {
      "Customer's original words": '设备A的智能预警模块误报太多，影响正常生产。',
      'Source channel': 'support-ticket',
    });
    const duplicate = await createRequirement('预警误报太多', '同样的误报问题，来自客户访谈', {
      "Customer's original words": '预警老是误报',
      'Source channel': 'customer-interview',
    });
    const keptBefore = snapshot(keptKey);
    const duplicateBefore = snapshot(duplicate);

    const merged = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.merge',
      { otherIssueKey: duplicate, keep: 'this', descriptionFrom: 'other' },
      { issueKey: keptKey },
    );
    expect(merged).toEqual({
      ok: true,
      data: {
        state: 'merged',
        keptKey,
        duplicateKey: duplicate,
        duplicateClosed: true,
        statusRestored: null,
        customerWordsLeftOut: 0,
      },
    });
    await env.site.sandbox.idle();
    const kept = snapshot(keptKey);
    expect(kept.words).toBe(`设备A的智能预警模块误报太多，影响正常生产。\n\n${duplicate} (customer-interview): 预警老是误报`);
    expect(kept.channel).toBe('support-ticket');
    expect(kept.count).toBe(1);
    expect(kept.description).toEqual(paragraph('同样的误报问题，来自客户访谈'));
    const closed = snapshot(duplicate);
    expect(closed.resolution).toBe('Duplicate');
    expect(closed.links).toHaveLength(1);
    expect((await similarTo(keptKey)).map((item) => item.key)).not.toContain(duplicate);

    const again = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.merge',
      { otherIssueKey: duplicate, keep: 'this', descriptionFrom: 'other' },
      { issueKey: keptKey },
    );
    expect(again.ok && again.data.state).toBe('merged');
    expect(snapshot(keptKey).count).toBe(1);

    const undone = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.undo',
      { otherIssueKey: keptKey },
      { issueKey: duplicate },
    );
    expect(undone).toEqual({
      ok: true,
      data: {
        state: 'undone',
        keptKey,
        duplicateKey: duplicate,
        duplicateClosed: true,
        statusRestored: true,
        customerWordsLeftOut: 0,
      },
    });
    await env.site.sandbox.idle();
    expect(snapshot(keptKey)).toEqual(keptBefore);
    expect(snapshot(duplicate)).toEqual(duplicateBefore);
  });

  test('undo refuses, changing nothing, when the kept requirement was edited after the merge', async () => {
    const keptKey = await createRequirement('Export the data as Excel', 'Customers want an .xlsx file');
    const duplicate = await createRequirement('Excel export please', 'Export to Excel');
    const merged = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.merge',
      { otherIssueKey: duplicate, keep: 'other', descriptionFrom: 'other' },
      { issueKey: keptKey },
    );
    expect(merged.ok && merged.data.keptKey).toBe(duplicate);
    await fetch(`${env.site.url}/rest/api/3/issue/${duplicate}`, {
      method: 'PUT',
      headers: ACCOUNTS.pm,
      body: JSON.stringify({ fields: { [fieldId("Customer's original words")]: 'rewritten' } }),
    });
    const before = JSON.stringify([snapshot(keptKey), snapshot(duplicate)]);
    const undone = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.undo',
      { otherIssueKey: duplicate },
      { issueKey: keptKey },
    );
    expect(undone.ok ? undone.data : undone.error.kind).toBe('conflict');
    expect(JSON.stringify([snapshot(keptKey), snapshot(duplicate)])).toBe(before);
  });

  test('merged words longer than the field holds are cut to 255 characters, saying how many were left out; the record keeps them and undo restores', async () => {
    const words = fieldId("Customer's original words");
    const kept = await createRequirement('Alarm thresholds per device', 'Per-device alarm thresholds', {
      "Customer's original words": '阈值'.repeat(100),
    });
    const duplicate = await createRequirement('Alarm thresholds per line', 'Per-line alarm thresholds', {
      "Customer's original words": 'x'.repeat(120),
    });
    const merged = await invoke<MergeState>(
      'pm',
      'panel',
      'duplicates.merge',
      { otherIssueKey: duplicate, keep: 'this', descriptionFrom: 'this' },
      { issueKey: kept },
    );
    const full = `${'阈值'.repeat(100)}\n\n${duplicate}: ${'x'.repeat(120)}`;
    expect(merged).toEqual({
      ok: true,
      data: expect.objectContaining({ state: 'merged', customerWordsLeftOut: full.length - 254 }),
    });
    expect(env.site.issue(kept).fields[words]).toBe(`${full.slice(0, 254)}…`);
    const record = env.site.sandbox.store
      .list<{ value: { keptKey?: string; customerWordsInFull?: string } }>('kvs')
      .find((entry) => entry.value.keptKey === kept)!;
    expect(record.value.customerWordsInFull).toBe(full);
    const undone = await invoke<MergeState>('pm', 'panel', 'duplicates.undo', { otherIssueKey: duplicate }, { issueKey: kept });
    expect(undone.ok && undone.data.state).toBe('undone');
    expect(env.site.issue(kept).fields[words]).toBe('阈值'.repeat(100));
  });

  test('Edit issues is needed on both issues, checked for each', async () => {
    const [keptKey, otherKey] = [await build.requirement(), await build.requirement()];
    const before = JSON.stringify([snapshot(keptKey), snapshot(otherKey)]);
    const manager = await invoke<MergeState>(
      'manager',
      'panel',
      'duplicates.merge',
      { otherIssueKey: otherKey, keep: 'this', descriptionFrom: 'this' },
      { issueKey: keptKey },
    );
    expect(manager.ok ? manager.data : manager.error.kind).toBe('forbidden');

    // A second project where the tech lead may browse but not edit: the panel's issue passes the guard, the other does not.
    const created = await fetch(`${env.site.url}/rest/api/3/project`, {
      method: 'POST',
      headers: ACCOUNTS.admin,
      body: JSON.stringify({ key: 'OPS', name: 'Operations', projectTypeKey: 'business' }),
    });
    expect(created.status).toBe(201);
    const other = env.site.sandbox.store
      .list<{ id: string; key: string }>('jira-projects')
      .find((project) => project.key === 'OPS')!;
    const task = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: ACCOUNTS.admin,
      body: JSON.stringify({ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'Alarm tuning' } }),
    });
    const otherIssue = (await task.json()) as { key: string };
    env.site.sandbox.store.commit([
      {
        collection: 'jira-projects',
        id: other.id,
        value: {
          ...env.site.sandbox.store.get<object>('jira-projects', other.id),
          rolePermissions: { 'tech-lead': ['BROWSE_PROJECTS'] },
        },
      },
    ]);
    const refused = await invoke<MergeState>(
      'techlead',
      'panel',
      'duplicates.merge',
      { otherIssueKey: otherIssue.key, keep: 'this', descriptionFrom: 'this' },
      { issueKey: keptKey },
    );
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${otherIssue.key}.` },
    });
    expect(JSON.stringify([snapshot(keptKey), snapshot(otherKey)])).toBe(before);
  });
});

describe('classification suggestions', () => {
  test('suggests nature and kind for an unclassified requirement and keeps a person’s choice', async () => {
    const key = await createRequirement(
      'Pages must load within 2 seconds',
      'Performance: the report page is slow, response time must be under 2 seconds',
    );
    const view = await invoke<ClassificationView>('pm', 'panel', 'classification.get', {}, { issueKey: key });
    if (!view.ok) throw new Error(view.error.message);
    expect(view.data.nature).toMatchObject({ current: null, decision: { kind: 'suggest', value: 'non-functional' } });
    expect(view.data.kind.values).toContain('optimisation');

    const saved = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { nature: 'functional' },
      { issueKey: key },
    );
    expect(saved.ok && saved.data.nature).toMatchObject({
      current: 'functional',
      decision: { kind: 'keep-user-choice', value: 'functional' },
    });
    expect(env.site.issue(key).fields[fieldId('Nature')]).toBe('functional');

    const manager = await invoke<ClassificationView>(
      'manager',
      'panel',
      'classification.save',
      { nature: 'non-functional' },
      { issueKey: key },
    );
    expect(manager.ok ? manager.data : manager.error.kind).toBe('forbidden');
    const invalid = await invoke<ClassificationView>(
      'pm',
      'panel',
      'classification.save',
      { kind: 'whatever' },
      { issueKey: key },
    );
    expect(invalid.ok ? invalid.data : invalid.error.kind).toBe('validation');
    // Trains the seed models on first use; generous for a loaded shared machine.
  }, 60_000);
});
