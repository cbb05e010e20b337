import type { GradeDistribution, RequirementPage, RequirementRow, TriageView } from '../../src/shared/api';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** The resolvers behind the matrix (filters, JQL, moving points) and the dashboard gadgets. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const fieldId = (name: string) =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;

describe('the matrix list', () => {
  test('rows carry what the filters need, and whether the caller may edit', async () => {
    const asPm = await invoke<RequirementPage>('pm', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    if (!asPm.ok) throw new Error(asPm.error.message);
    const first = asPm.data.rows[0]!;
    expect(first).toMatchObject({
      key: 'REQ-1',
      statusCategory: 'new',
      labels: expect.any(Array),
      components: ['Alerts'],
      dueDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
    });
    expect(asPm.data.canEdit).toBe(true);
    const asManager = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    expect(asManager.ok && asManager.data.canEdit).toBe(false);
  });

  test('JQL narrows the project requirements and never widens them', async () => {
    const narrowed = await invoke<RequirementPage>(
      'manager',
      'matrix',
      'requirements.list',
      { jql: 'key in (REQ-2, REQ-3)' },
      { projectKey: 'REQ' },
    );
    expect(narrowed.ok && narrowed.data.rows.map((row) => row.key)).toEqual(['REQ-2', 'REQ-3']);
  });

  test("invalid JQL comes back as Jira's message on the jql field; ORDER BY is refused", async () => {
    const invalid = await invoke('manager', 'matrix', 'requirements.list', { jql: 'summary ~~ "x' }, { projectKey: 'REQ' });
    expect(!invalid.ok && invalid.error.kind).toBe('validation');
    expect(!invalid.ok && invalid.error.violations?.[0]).toMatchObject({ field: 'jql', rule: 'syntax' });
    const ordered = await invoke(
      'manager',
      'matrix',
      'requirements.list',
      { jql: 'labels = x ORDER BY key' },
      { projectKey: 'REQ' },
    );
    expect(!ordered.ok && ordered.error.violations?.[0]?.message).toMatch(/ORDER BY/);
  });
});

describe('moving a point', () => {
  test('a product manager moves REQ-4: value and cost written, the computed fields follow', async () => {
    const moved = await invoke<RequirementRow>('pm', 'matrix', 'requirements.move', {
      issueKey: 'REQ-4',
      businessValue: 9,
      implementationCost: 2,
      expected: { businessValue: 6, implementationCost: 8 },
    });
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.data.inputs).toMatchObject({ businessValue: 9, implementationCost: 2 });
    expect(moved.data.computed.valueCostQuadrant).toBe('quick-win');
    const stored = env.site.issue('REQ-4').fields;
    expect(stored[fieldId('Business value')]).toBe(9);
    expect(stored[fieldId('Value/cost quadrant')]).toBe('quick-win');
  });

  test('a move based on values someone else has since changed is refused and nothing is written', async () => {
    const before = JSON.stringify(env.site.issue('REQ-4').fields);
    const stale = await invoke('pm', 'matrix', 'requirements.move', {
      issueKey: 'REQ-4',
      businessValue: 3,
      implementationCost: 3,
      expected: { businessValue: 6, implementationCost: 8 },
    });
    expect(!stale.ok && stale.error).toEqual({
      kind: 'conflict',
      message:
        'Someone else changed REQ-4 while you were editing: Business value is now 9 (you saw 6); Implementation cost is now 2 (you saw 8). Nothing was saved; reload to see the current values.',
    });
    expect(JSON.stringify(env.site.issue('REQ-4').fields)).toBe(before);
  });

  test('a manager may not move points; a guest learns nothing about the issue', async () => {
    const before = JSON.stringify(env.site.issue('REQ-3').fields);
    const payload = {
      issueKey: 'REQ-3',
      businessValue: 2,
      implementationCost: 9,
      expected: { businessValue: 7, implementationCost: 6 },
    };
    expect(await invoke('manager', 'matrix', 'requirements.move', payload)).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on REQ-3.' },
    });
    expect(await invoke('guest', 'matrix', 'requirements.move', payload)).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on REQ-3.' },
    });
    expect(await invoke('guest', 'matrix', 'requirements.move', { ...payload, issueKey: 'REQ-999' })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on REQ-999.' },
    });
    expect(JSON.stringify(env.site.issue('REQ-3').fields)).toBe(before);
  });

  test('values outside the scale are refused with the field and the rule', async () => {
    const result = await invoke('pm', 'matrix', 'requirements.move', {
      issueKey: 'REQ-3',
      businessValue: 11,
      implementationCost: 6,
      expected: { businessValue: 7, implementationCost: 6 },
    });
    expect(!result.ok && result.error.violations?.[0]).toMatchObject({ field: 'businessValue', rule: 'range' });
  });
});

test('the panel refuses a save over a newer value with a conflict naming it', async () => {
  const stale = await invoke<TriageView>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency: 2 }, expected: { urgency: 1 } },
    { issueKey: 'REQ-2' },
  );
  expect(!stale.ok && stale.error.kind).toBe('conflict');
  expect(!stale.ok && stale.error.message).toContain('Urgency is now 3 (you saw 1)');
  const fresh = await invoke<TriageView>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency: 2 }, expected: { urgency: 3 } },
    { issueKey: 'REQ-2' },
  );
  expect(fresh.ok && fresh.data.inputs.urgency).toBe(2);
});

describe('gadget data', () => {
  test('a project summary counts MoSCoW and quadrants, lists the top N and the overdue requirement', async () => {
    const result = await invoke<GradeDistribution>('manager', 'gadget', 'requirements.distribution', {
      projectKey: 'REQ',
      topN: 2,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.source).toEqual({ projectKey: 'REQ' });
    expect(result.data.total).toBe(6);
    expect(Object.values(result.data.byMoscow).reduce((a, b) => a + b, 0)).toBe(6);
    expect(Object.values(result.data.byQuadrant).reduce((a, b) => a + b, 0)).toBe(6);
    expect(result.data.top).toHaveLength(2);
    expect(result.data.top[0]!.computed.weightedScore! >= result.data.top[1]!.computed.weightedScore!).toBe(true);
    expect(result.data.overdue.rows.map((row) => row.key)).toEqual(['REQ-2']);
  });

  test('topN outside 1..50 is refused naming the field', async () => {
    const result = await invoke('manager', 'gadget', 'requirements.distribution', { projectKey: 'REQ', topN: 0 });
    expect(!result.ok && result.error.violations?.[0]?.field).toBe('topN');
  });
});

test('every Jira call made by these resolvers matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

describe('saved filters as a gadget source', () => {
  test('the demo filter is listed and summarised for a project member', async () => {
    const filters = await invoke<{ id: string; name: string; owner: string | null }[]>('manager', 'gadget', 'filters.list', {});
    if (!filters.ok) throw new Error(filters.error.message);
    const crm = filters.data.find((filter) => filter.name === 'CRM requirements')!;
    expect(crm.owner).toBeTruthy();
    const summary = await invoke<GradeDistribution>('manager', 'gadget', 'filters.distribution', { filterId: crm.id, topN: 5 });
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.data.source).toEqual({ filterId: crm.id, filterName: 'CRM requirements' });
    expect(summary.data.top.map((row) => row.key).sort()).toEqual(['REQ-3', 'REQ-4']);
  });

  test('a guest cannot see the project-shared filter and gets no data', async () => {
    const filters = await invoke<{ id: string; name: string }[]>('guest', 'gadget', 'filters.list', {});
    expect(filters.ok && filters.data).toEqual([]);
    const asManager = await invoke<{ id: string; name: string }[]>('manager', 'gadget', 'filters.list', {});
    const id = asManager.ok ? asManager.data[0]!.id : '0';
    const refused = await invoke('guest', 'gadget', 'filters.distribution', { filterId: id });
    expect(refused.ok).toBe(false);
  });

  test('the matrix rows carry their components', async () => {
    const page = await invoke<RequirementPage>(
      'manager',
      'matrix',
      'requirements.list',
      { jql: 'component = CRM' },
      { projectKey: 'REQ' },
    );
    expect(page.ok && page.data.rows.map((row) => [row.key, row.components])).toEqual([
      ['REQ-3', ['CRM']],
      ['REQ-4', ['CRM', 'Reporting']],
    ]);
  });
});

test('two people scoring the same issue at once: one save wins, the other is told, nothing is lost', async () => {
  const urgency = fieldId('Urgency');
  const before = env.site.issue('REQ-1').fields[urgency];
  for (let round = 0; round < 5; round += 1) {
    const current = env.site.issue('REQ-1').fields[urgency] as number;
    const [pm, techlead] = await Promise.all([
      invoke<TriageView>(
        'pm',
        'panel',
        'triage.save',
        { inputs: { urgency: current === 5 ? 4 : 5 }, expected: { urgency: current } },
        { issueKey: 'REQ-1' },
      ),
      invoke<TriageView>(
        'techlead',
        'panel',
        'triage.save',
        { inputs: { urgency: current === 1 ? 2 : 1 }, expected: { urgency: current } },
        { issueKey: 'REQ-1' },
      ),
    ]);
    const outcomes = [pm, techlead].map((result) => (result.ok ? 'saved' : result.error.kind)).sort();
    expect(outcomes).toEqual(['conflict', 'saved']);
    const winner = (pm.ok ? pm : techlead) as { ok: true; data: TriageView };
    expect(env.site.issue('REQ-1').fields[urgency]).toBe(winner.data.inputs.urgency);
  }
  expect(before).toBeDefined();
  await env.site.sandbox.idle();
});
