import { exportTable } from '../../src/domain/exports';
import type { CustomerPage, ExportPage, LinkedCustomersView, MergeState, RequirementPage } from '../../src/shared/api';
import { testBuilders } from '../support/builders';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** Linking requirements to customers of the archive, through the real resolvers and the emulated Jira. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);

const fieldId = (name: string): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
const storedLinks = (key: string): unknown => env.site.issue(key).fields[fieldId('Linked customers')] ?? null;

async function numberOf(namePrefix: string): Promise<string> {
  const result = await invoke<CustomerPage>('pm', 'matrix', 'customers.list', { query: namePrefix }, { projectKey: 'REQ' });
  if (!result.ok || result.data.customers.length !== 1) throw new Error(`no single customer named ${namePrefix}…`);
  return result.data.customers[0]!.number;
}

const createRequirement = (summary: string) => build.requirement({ summary });

const linked = async (issueKey: string, account: keyof typeof ACCOUNTS = 'pm') => {
  const result = await invoke<LinkedCustomersView>(account, 'panel', 'customers.linked', {}, { issueKey });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
};
const link = (
  issueKey: string,
  payload: { add?: string[]; remove?: string[]; expected: string[] },
  account: keyof typeof ACCOUNTS = 'pm',
) => invoke<LinkedCustomersView>(account, 'panel', 'customers.link', payload, { issueKey });

async function searchKeys(jql: string): Promise<string[]> {
  const response = await fetch(`${env.site.url}/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key`, {
    headers: ACCOUNTS.manager,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { issues: { key: string }[] }).issues.map((issue) => issue.key).sort();
}

// Reads the demo data on purpose: the worked case the seed links to two of its customers.
test('the demo case XY2024001: two customers asked, the strategic one suggests customer value 5; a manager reads but may not change', async () => {
  const [autoParts, logistics] = [await numberOf('中型汽车'), await numberOf('华东物流')];
  const view = await linked('REQ-1', 'manager');
  expect(view).toEqual({
    customers: [
      { number: autoParts, name: '中型汽车零部件制造商', type: 'key', erased: false },
      { number: logistics, name: '华东物流集团', type: 'strategic', erased: false },
    ],
    demandCount: 2,
    suggestion: { value: 5, fromType: 'strategic' },
    canEdit: false,
  });
  expect(await link('REQ-1', { remove: [autoParts], expected: [autoParts, logistics] }, 'manager')).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on this issue.' },
  });
  expect(storedLinks('REQ-1')).toEqual([autoParts, logistics]);
});

test('link and unlink: the field holds the numbers in link order, JQL finds them, the matrix rows carry them', async () => {
  const key = await createRequirement('Bulk export of alarms');
  const [internet, logistics] = [await build.customer({ type: 'new' }), await build.customer({ type: 'strategic' })];
  const alsoLinked = await build.requirement({ customers: [internet] });
  expect(await linked(key)).toEqual({ customers: [], demandCount: 0, suggestion: null, canEdit: true });

  const added = await link(key, { add: [internet, logistics], expected: [] });
  expect(added.ok && added.data).toMatchObject({
    demandCount: 2,
    suggestion: { value: 5, fromType: 'strategic' },
    canEdit: true,
  });
  expect(storedLinks(key)).toEqual([internet, logistics]);
  // The customer is the test's own: exactly its two requirements name it.
  expect(await searchKeys(`project = REQ AND "Linked customers" = ${internet}`)).toEqual([key, alsoLinked].sort());

  const rows = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', {
    projectKey: 'REQ',
    jql: `key = ${key}`,
  });
  expect(rows.ok && rows.data.rows[0]!.linkedCustomers).toEqual([internet, logistics]);

  const removed = await link(key, { remove: [logistics], expected: [internet, logistics] });
  expect(removed.ok && removed.data).toMatchObject({
    customers: [{ number: internet }],
    demandCount: 1,
    suggestion: { value: 2, fromType: 'new' },
  });
  const cleared = await link(key, { remove: [internet], expected: [internet] });
  expect(cleared.ok && cleared.data.demandCount).toBe(0);
  expect(storedLinks(key)).toBeNull();
});

test('a change on a stale list is a conflict naming the current links; unknown numbers are named; nothing is written', async () => {
  const key = await createRequirement('Alarm thresholds per site');
  const [internet, logistics] = [await build.customer({ type: 'new' }), await build.customer({ type: 'strategic' })];
  expect((await link(key, { add: [internet], expected: [] })).ok).toBe(true);

  const stale = await link(key, { add: [logistics], expected: [] });
  expect(stale).toEqual({
    ok: false,
    error: {
      kind: 'conflict',
      message: `The customers linked to ${key} changed since you loaded them (now: ${internet}). Nothing was changed; look at the current list and try again.`,
    },
  });

  const unknown = await link(key, { add: [logistics, 'CUS209912998', 'CUS209912999'], expected: [internet] });
  expect(unknown).toEqual({
    ok: false,
    error: expect.objectContaining({
      kind: 'validation',
      violations: [
        expect.objectContaining({ field: 'add', rule: 'enum', message: 'add: there is no customer CUS209912998, CUS209912999.' }),
      ],
    }),
  });
  const malformed = await link(key, { add: ['CUS-1'], expected: [internet] });
  expect(malformed.ok === false && malformed.error.violations?.[0]?.field).toBe('add.0');
  expect(storedLinks(key)).toEqual([internet]);
});

test('an erased customer stays linked, shown by number and type without a name, in the panel and the register', async () => {
  const number = await build.customer({
    name: '待删除客户',
    industry: 'F',
    type: 'key',
    staffBand: 'under-20',
    revenueBand: 'under-3m',
    region: '武汉',
    trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
  });
  const key = await createRequirement('Requirement of a customer who asked to be forgotten');
  expect((await link(key, { add: [number], expected: [] })).ok).toBe(true);
  expect((await invoke('admin', 'matrix', 'customers.erase', { number })).ok).toBe(true);

  const view = await linked(key);
  expect(view.customers).toEqual([{ number, name: null, type: 'key', erased: true }]);
  expect(view).toMatchObject({ demandCount: 1, suggestion: { value: 4, fromType: 'key' } });

  const page = await invoke<ExportPage>('manager', 'matrix', 'exports.page', { projectKey: 'REQ', jql: `key = ${key}` });
  if (!page.ok) throw new Error(page.error.message);
  const table = exportTable('register', page.data.rows, 'zh');
  expect(table.rows[0]![table.headers.indexOf('客户信息')]).toBe(`${number} （已删除）`);
  expect(JSON.stringify(page.data.rows)).not.toContain('待删除客户');
});

test('the register names the linked customers of every row, in English and Chinese', async () => {
  const [autoParts, internet, logistics] = [
    await build.customer({ name: '登记表零部件制造商' }),
    await build.customer({ name: '登记表互联网公司' }),
    await build.customer({ name: '登记表物流集团' }),
  ];
  const keys = [
    await build.requirement({ customers: [autoParts, logistics] }),
    await build.requirement({ customers: [internet] }),
    await build.requirement(),
  ];
  const page = await invoke<ExportPage>('manager', 'matrix', 'exports.page', {
    projectKey: 'REQ',
    jql: `key in (${keys.join(', ')})`,
  });
  if (!page.ok) throw new Error(page.error.message);
  const column = (language: 'en' | 'zh') => {
    const table = exportTable('register', page.data.rows, language);
    return table.rows.map((row) => row[table.headers.indexOf(language === 'en' ? 'Customer' : '客户信息')]);
  };
  expect(column('zh')).toEqual([
    `${autoParts} 登记表零部件制造商; ${logistics} 登记表物流集团`,
    `${internet} 登记表互联网公司`,
    null,
  ]);
  expect(column('en')).toEqual(column('zh'));
});

test('a merge moves the duplicate’s customers to the kept requirement; undo takes them back', async () => {
  const [autoParts, internet, logistics] = [
    await build.customer({ type: 'key' }),
    await build.customer({ type: 'new' }),
    await build.customer({ type: 'strategic' }),
  ];
  const kept = await createRequirement('Alarm export for auditors');
  const duplicate = await createRequirement('Auditors want the alarms exported');
  expect((await link(kept, { add: [autoParts], expected: [] })).ok).toBe(true);
  expect((await link(duplicate, { add: [internet, autoParts, logistics], expected: [] })).ok).toBe(true);

  const merged = await invoke<MergeState>(
    'pm',
    'panel',
    'duplicates.merge',
    { otherIssueKey: duplicate, keep: 'this', descriptionFrom: 'this' },
    { issueKey: kept },
  );
  expect(merged.ok && merged.data.state).toBe('merged');
  await env.site.sandbox.idle();
  expect(storedLinks(kept)).toEqual([autoParts, internet, logistics]);
  expect((await linked(kept)).demandCount).toBe(3);
  // The duplicate keeps the record of who raised it, as it keeps its own words.
  expect(storedLinks(duplicate)).toEqual([internet, autoParts, logistics]);

  const undone = await invoke<MergeState>('pm', 'panel', 'duplicates.undo', { otherIssueKey: duplicate }, { issueKey: kept });
  expect(undone.ok && undone.data.state).toBe('undone');
  await env.site.sandbox.idle();
  expect(storedLinks(kept)).toEqual([autoParts]);
  expect(storedLinks(duplicate)).toEqual([internet, autoParts, logistics]);
});

test('customers linked after a merge stop its undo, changing nothing', async () => {
  const [autoParts, internet] = [await build.customer({ type: 'key' }), await build.customer({ type: 'new' })];
  const kept = await createRequirement('Alarm digest by e-mail');
  const duplicate = await createRequirement('Daily alarm e-mail');
  expect((await link(duplicate, { add: [autoParts], expected: [] })).ok).toBe(true);
  expect(
    (
      await invoke<MergeState>(
        'pm',
        'panel',
        'duplicates.merge',
        { otherIssueKey: duplicate, keep: 'this', descriptionFrom: 'this' },
        { issueKey: kept },
      )
    ).ok,
  ).toBe(true);
  expect((await link(kept, { add: [internet], expected: [autoParts] })).ok).toBe(true);

  const undo = await invoke<MergeState>('pm', 'panel', 'duplicates.undo', { otherIssueKey: duplicate }, { issueKey: kept });
  expect(undo.ok === false && undo.error).toMatchObject({
    kind: 'conflict',
    message: expect.stringContaining('(Linked customers)'),
  });
  expect(storedLinks(kept)).toEqual([autoParts, internet]);
});
