import { createHmac } from 'node:crypto';
import { SEED_USERS } from '../../sandbox/jira/model';
import { loadProjectIndex } from '../../src/storage/duplicate-index-store';
import type { CaptureOutcome, CaptureView, DraftSimilarItem, IntakeStatus } from '../../src/shared/api';
import { testBuilders } from '../support/builders';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * Quick capture through the real resolvers and the emulated Jira: who may capture, a form refused
 * whole by field and rule, a requirement created with its record and customer and found as a
 * duplicate by the next capture at once (the app's own creates raise no event for it), demand added
 * to an existing requirement counted once per customer, and nothing left when Jira refuses half-way.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const onProject = { projectKey: 'REQ' };
const build = testBuilders(env);

const fieldId = (name: string): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
const field = (key: string, name: string): unknown => env.site.issue(key).fields[fieldId(name)] ?? null;
const issueCount = (): number => env.site.sandbox.store.list('jira-issues').length;
const indexHas = async (issueId: string): Promise<boolean> =>
  (await env.site.sandbox.runtime.runInEnvironment(() => loadProjectIndex('REQ')))?.has(issueId) ?? false;

const form = (extra: Record<string, string> = {}) => ({
  summary: '小程序里导出订单列表',
  channel: 'customer-interview',
  originalWords: '我们希望能在小程序里直接导出订单列表，现在只能截图。',
  submitter: '王磊',
  submitterRole: '客户成功经理',
  date: '2026-11-30',
  background: '订单只能截图给财务',
  expectedGoal: '一键导出 Excel',
  beneficiary: 'customer',
  needType: 'explicit',
  nature: 'functional',
  kind: 'new-feature',
  ...extra,
});

const similar = async (summary: string): Promise<DraftSimilarItem[]> => {
  const result = await invoke<DraftSimilarItem[]>('pm', 'matrix', 'capture.similar', { summary }, onProject);
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};

test('the form says what the caller may do: a product manager creates, a manager only reads and is refused', async () => {
  const pm = await invoke<CaptureView>('pm', 'matrix', 'capture.get', {}, onProject);
  expect(pm).toMatchObject({
    ok: true,
    data: { projectKey: 'REQ', setUp: true, canCreate: true, canAddDemand: true, submitter: expect.any(String) },
  });
  const manager = await invoke<CaptureView>('manager', 'matrix', 'capture.get', {}, onProject);
  expect(manager).toMatchObject({ ok: true, data: { canCreate: false, canAddDemand: false } });
  const existing = await build.requirement();
  const before = issueCount();
  const refused = await invoke<CaptureOutcome>('manager', 'matrix', 'capture.create', { form: form() }, onProject);
  expect(refused).toMatchObject({ ok: false, error: { kind: 'forbidden', message: expect.stringContaining('Create issues') } });
  const demand = await invoke<CaptureOutcome>(
    'manager',
    'matrix',
    'capture.addDemand',
    { projectKey: 'REQ', issueKey: existing, form: form() },
    onProject,
  );
  expect(demand).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  expect(field(existing, "Customer's original words")).toBeNull();
  expect(issueCount()).toBe(before);
});

test('a form with problems is refused whole, each problem naming its field and rule, and nothing is written', async () => {
  const before = issueCount();
  const result = await invoke<CaptureOutcome>(
    'pm',
    'matrix',
    'capture.create',
    {
      form: form({
        summary: '',
        channel: 'fax',
        date: '2099-01-01',
        customerNumber: 'CUS209912999',
        background: 'x'.repeat(256),
      }),
    },
    onProject,
  );
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.kind).toBe('validation');
  expect(Object.fromEntries((result.error.violations ?? []).map((violation) => [violation.field, violation.rule]))).toEqual({
    summary: 'required',
    channel: 'enum',
    date: 'range',
    background: 'length',
  });
  // The customer is checked against the archive once the form itself is right.
  const unknown = await invoke<CaptureOutcome>(
    'pm',
    'matrix',
    'capture.create',
    { form: form({ customerNumber: 'CUS209912999' }) },
    onProject,
  );
  expect(unknown).toMatchObject({
    ok: false,
    error: { kind: 'validation', violations: [{ field: 'customerNumber', rule: 'enum' }] },
  });
  expect(issueCount()).toBe(before);
});

describe('capturing an interview', () => {
  let first: CaptureOutcome;
  let customer: string;

  test("creates the Requirement as the caller with the record in its fields and the archive's customer linked", async () => {
    // The project's index exists (the first suggestion list builds it).
    await similar('导出');
    customer = await build.customer({ name: '小型互联网公司 (capture)' });
    const result = await invoke<CaptureOutcome>(
      'pm',
      'matrix',
      'capture.create',
      { form: form({ customerNumber: customer }) },
      onProject,
    );
    if (!result.ok) throw new Error(result.error.message);
    first = result.data;
    expect(first).toMatchObject({ action: 'created', demandCount: 1, duplicateCount: 0 });
    const issue = env.site.issue(first.key);
    expect(issue.fields.summary).toBe('小程序里导出订单列表');
    expect(field(first.key, 'Source channel')).toBe('customer-interview');
    expect(field(first.key, "Customer's original words")).toBe('我们希望能在小程序里直接导出订单列表，现在只能截图。');
    expect([
      field(first.key, 'Background'),
      field(first.key, 'Expected goal'),
      field(first.key, 'Beneficiary'),
      field(first.key, 'Need type'),
      field(first.key, 'Submitter role'),
    ]).toEqual(['订单只能截图给财务', '一键导出 Excel', 'customer', 'explicit', '客户成功经理']);
    expect(field(first.key, 'Linked customers')).toEqual([customer]);
    const description = JSON.stringify(issue.fields.description);
    expect(description).toContain('Raised on 2026-11-30 by 王磊 (客户成功经理)');
    expect(description).toContain(`小型互联网公司 (capture) ${customer}`);
    // Created as the caller: Jira records the product manager as its reporter.
    expect(JSON.stringify(issue.fields.reporter)).toContain(
      SEED_USERS.find((user) => user.emailAddress === 'pm@example.com')!.accountId,
    );
  });

  test('is in the similar-requirement index at once, so the next capture is offered it as a duplicate', async () => {
    await env.site.sandbox.idle();
    expect(await indexHas(env.site.issue(first.key).id)).toBe(true);
    const hits = await similar('导出订单列表');
    expect(hits[0]).toMatchObject({ key: first.key, demandCount: 1, sharedWords: ['导出订单列表'] });
    expect(hits[0]!.highlights.length).toBeGreaterThan(0);
  });

  test("adds a second customer's demand to it; the same customer again adds words but counts once", async () => {
    const other = await build.customer({ name: '华东物流集团 (capture)' });
    const added = await invoke<CaptureOutcome>(
      'pm',
      'matrix',
      'capture.addDemand',
      { projectKey: 'REQ', issueKey: first.key, form: form({ customerNumber: other, originalWords: '物流单也要导出' }) },
      onProject,
    );
    expect(added).toMatchObject({
      ok: true,
      data: { key: first.key, action: 'demand', demandCount: 2, duplicateCount: 1, customerAlreadyCounted: false },
    });
    expect(field(first.key, 'Linked customers')).toEqual([customer, other]);
    expect(String(field(first.key, "Customer's original words"))).toContain(
      '2026-11-30 customer-interview 华东物流集团 (capture): 物流单也要导出',
    );
    const again = await invoke<CaptureOutcome>(
      'pm',
      'matrix',
      'capture.addDemand',
      { projectKey: 'REQ', issueKey: first.key, form: form({ customerNumber: other, originalWords: '再说一次' }) },
      onProject,
    );
    expect(again).toMatchObject({ ok: true, data: { demandCount: 2, duplicateCount: 1, customerAlreadyCounted: true } });
    expect(field(first.key, 'Duplicate count')).toBe(1);
    expect(String(field(first.key, "Customer's original words"))).toContain('再说一次');
  });

  test('demand goes only to a Requirement of the project, and a refused one changes nothing', async () => {
    const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: ACCOUNTS.pm,
      body: JSON.stringify({ fields: { project: { key: 'REQ' }, issuetype: { name: 'Task' }, summary: 'Order the team lunch' } }),
    });
    const task = ((await response.json()) as { key: string }).key;
    const result = await invoke<CaptureOutcome>(
      'pm',
      'matrix',
      'capture.addDemand',
      { projectKey: 'REQ', issueKey: task, form: form() },
      onProject,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation', violations: [{ field: 'issueKey', rule: 'enum' }] } });
    expect(field(task, "Customer's original words")).toBeNull();
  });
});

test('when Jira refuses the customer link after the create, the new requirement is deleted again', async () => {
  const customer = await build.customer();
  const before = issueCount();
  env.site.sandbox.runtime.endInvocationWhen = (call) => {
    // Jira refuses the link as it would a field that is gone: an unknown field id.
    if (call.path.startsWith('/rest/api/3/app/field/value'))
      (call.body as { updates: { customField: string }[] }).updates[0]!.customField = 'customfield_99999';
    return false;
  };
  try {
    const result = await invoke<CaptureOutcome>(
      'pm',
      'matrix',
      'capture.create',
      { form: form({ summary: '半途失败的需求', customerNumber: customer }) },
      onProject,
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'not-found' } });
  } finally {
    env.site.sandbox.runtime.endInvocationWhen = undefined;
  }
  expect(
    env.site.sandbox.store
      .list<{ fields: { summary?: string } }>('jira-issues')
      .filter((issue) => issue.fields.summary === '半途失败的需求'),
  ).toEqual([]);
  expect(issueCount()).toBe(before);
});

test('a web intake request is in the similar-requirement index at once too', async () => {
  const rotated = await invoke<IntakeStatus & { secret: string }>('admin', 'admin', 'intake.rotateSecret', { projectKey: 'REQ' });
  if (!rotated.ok) throw new Error(rotated.error.message);
  const listed = (await (await fetch(`${env.site.url}/__sandbox/webtriggers`)).json()) as {
    moduleKey: string;
    projectKey: string;
    url: string;
  }[];
  const url = listed.find((entry) => entry.projectKey === 'REQ' && entry.moduleKey === 'rt-requirement-intake')!.url;
  const body = JSON.stringify({
    summary: '应用商店评论：希望支持深色模式',
    originalWords: '晚上看太刺眼了',
    channel: 'third-party-platform',
    submitter: { name: 'review script' },
    date: '2026-11-29',
  });
  const timestamp = Math.floor(Date.now() / 1000);
  const signature = `sha256=${createHmac('sha256', rotated.data.secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'X-RT-Timestamp': String(timestamp), 'X-RT-Signature': signature },
    body,
  });
  expect(response.status).toBe(201);
  const { issueId, issueKey } = (await response.json()) as { issueId: string; issueKey: string };
  expect(await indexHas(issueId)).toBe(true);
  expect((await similar('深色模式'))[0]).toMatchObject({ key: issueKey });
});
