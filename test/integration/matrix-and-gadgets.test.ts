import type { GradeDistribution, RequirementPage, RequirementRow, TriageView } from '../../src/shared/api';
import { testBuilders } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/** The resolvers behind the matrix (filters, JQL, moving points) and the dashboard gadgets. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);
const { rest, fieldId, today } = siteRest(env);

/** Every input set, so a requirement built here counts in each tally of a summary. */
const scored = (fields: Record<string, unknown> = {}) => ({
  MoSCoW: 'Should',
  Urgency: 3,
  Importance: 4,
  Feasibility: 4,
  'Customer value': 4,
  'Business value': 6,
  'Implementation cost': 4,
  ...fields,
});
const daysFrom = (day: string, days: number) => new Date(Date.parse(day) + days * 86_400_000).toISOString().slice(0, 10);
/** A label no other test uses, to find a test's own requirements again. */
let labelsMade = 0;
const uniqueLabel = () => `matrix-test-${(labelsMade += 1)}`;

async function search(jql: string): Promise<{ key: string; fields: { duedate: string | null } }[]> {
  const found = await rest('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=duedate&maxResults=100`);
  expect([found.status, found.body.errorMessages]).toEqual([200, undefined]);
  expect(found.body.nextPageToken).toBeUndefined();
  return found.body.issues as { key: string; fields: { duedate: string | null } }[];
}

describe('the matrix list', () => {
  test('rows carry what the filters need, and whether the caller may edit', async () => {
    const dueDate = daysFrom(await today(), 40);
    const key = await build.requirement({
      fields: scored({ Labels: ['功能优化'], Components: [{ name: 'Alerts' }], 'Due date': dueDate }),
    });
    const asPm = await invoke<RequirementPage>('pm', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    if (!asPm.ok) throw new Error(asPm.error.message);
    expect(asPm.data.rows.find((row) => row.key === key)).toMatchObject({
      key,
      statusCategory: 'new',
      labels: ['功能优化'],
      components: ['Alerts'],
      dueDate,
    });
    expect(asPm.data.canEdit).toBe(true);
    const asManager = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    expect(asManager.ok && asManager.data.canEdit).toBe(false);
  });

  test('JQL narrows the project requirements and never widens them', async () => {
    const [first, second] = [await build.requirement({ fields: scored() }), await build.requirement({ fields: scored() })];
    await build.requirement({ fields: scored() });
    const narrowed = await invoke<RequirementPage>(
      'manager',
      'matrix',
      'requirements.list',
      { jql: `key in (${first}, ${second})` },
      { projectKey: 'REQ' },
    );
    expect(narrowed.ok && narrowed.data.rows.map((row) => row.key)).toEqual([first, second]);
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
  const valueSixCostEight = () => build.requirement({ fields: scored({ 'Business value': 6, 'Implementation cost': 8 }) });

  test('a product manager moves a point: value and cost written, the computed fields follow', async () => {
    const key = await valueSixCostEight();
    const moved = await invoke<RequirementRow>('pm', 'matrix', 'requirements.move', {
      issueKey: key,
      businessValue: 9,
      implementationCost: 2,
      expected: { businessValue: 6, implementationCost: 8 },
    });
    if (!moved.ok) throw new Error(moved.error.message);
    expect(moved.data.inputs).toMatchObject({ businessValue: 9, implementationCost: 2 });
    expect(moved.data.computed.valueCostQuadrant).toBe('quick-win');
    const stored = env.site.issue(key).fields;
    expect(stored[fieldId('Business value')]).toBe(9);
    expect(stored[fieldId('Value/cost quadrant')]).toBe('quick-win');
  });

  test('a move based on values someone else has since changed is refused and nothing is written', async () => {
    const key = await valueSixCostEight();
    const first = await invoke('pm', 'matrix', 'requirements.move', {
      issueKey: key,
      businessValue: 9,
      implementationCost: 2,
      expected: { businessValue: 6, implementationCost: 8 },
    });
    expect(first.ok).toBe(true);
    const before = JSON.stringify(env.site.issue(key).fields);
    const stale = await invoke('pm', 'matrix', 'requirements.move', {
      issueKey: key,
      businessValue: 3,
      implementationCost: 3,
      expected: { businessValue: 6, implementationCost: 8 },
    });
    expect(!stale.ok && stale.error).toEqual({
      kind: 'conflict',
      message: `Someone else changed ${key} while you were editing: Business value is now 9 (you saw 6); Implementation cost is now 2 (you saw 8). Nothing was saved; reload to see the current values.`,
    });
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });

  const valueSevenCostSix = () => build.requirement({ fields: scored({ 'Business value': 7, 'Implementation cost': 6 }) });

  test('a manager may not move points; a guest learns nothing about the issue', async () => {
    const key = await valueSevenCostSix();
    const before = JSON.stringify(env.site.issue(key).fields);
    const payload = {
      issueKey: key,
      businessValue: 2,
      implementationCost: 9,
      expected: { businessValue: 7, implementationCost: 6 },
    };
    expect(await invoke('manager', 'matrix', 'requirements.move', payload)).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${key}.` },
    });
    expect(await invoke('guest', 'matrix', 'requirements.move', payload)).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${key}.` },
    });
    // A key past every issue made: the guest is answered as for one it may not see.
    const missing = `REQ-${Number(key.split('-')[1]) + 1000}`;
    expect(await invoke('guest', 'matrix', 'requirements.move', { ...payload, issueKey: missing })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `You need the "Edit issues" permission on ${missing}.` },
    });
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });

  test('values outside the scale are refused with the field and the rule', async () => {
    const key = await valueSevenCostSix();
    const before = JSON.stringify(env.site.issue(key).fields);
    const result = await invoke('pm', 'matrix', 'requirements.move', {
      issueKey: key,
      businessValue: 11,
      implementationCost: 6,
      expected: { businessValue: 7, implementationCost: 6 },
    });
    expect(!result.ok && result.error.violations?.[0]).toMatchObject({ field: 'businessValue', rule: 'range' });
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });
});

test('the panel refuses a save over a newer value with a conflict naming it', async () => {
  const key = await build.requirement({ fields: scored({ Urgency: 3 }) });
  const stale = await invoke<TriageView>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency: 2 }, expected: { urgency: 1 } },
    { issueKey: key },
  );
  expect(!stale.ok && stale.error.kind).toBe('conflict');
  expect(!stale.ok && stale.error.message).toContain('Urgency is now 3 (you saw 1)');
  const fresh = await invoke<TriageView>(
    'pm',
    'panel',
    'triage.save',
    { inputs: { urgency: 2 }, expected: { urgency: 3 } },
    { issueKey: key },
  );
  expect(fresh.ok && fresh.data.inputs.urgency).toBe(2);
});

describe('gadget data', () => {
  test('a project summary counts MoSCoW and quadrants, lists the top N and the overdue requirement', async () => {
    const day = await today();
    const overdue = await build.requirement({ fields: scored({ 'Due date': daysFrom(day, -3) }) });
    await build.requirement({ fields: scored({ 'Due date': daysFrom(day, 20) }) });
    const requirements = await search('project = REQ AND issuetype = Requirement');
    // What Jira finds open (not Done or Closed) and due before today, most overdue first.
    const overdueFound = (
      await search(`project = REQ AND issuetype = Requirement AND status not in (Done, Closed) AND duedate < "${day}"`)
    )
      .sort((a, b) => a.fields.duedate!.localeCompare(b.fields.duedate!) || a.key.localeCompare(b.key, 'en', { numeric: true }))
      .map((issue) => issue.key);
    expect(overdueFound).toContain(overdue);
    const result = await invoke<GradeDistribution>('manager', 'gadget', 'requirements.distribution', {
      projectKey: 'REQ',
      topN: 2,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.source).toEqual({ projectKey: 'REQ' });
    // Every requirement in this file's project has its MoSCoW and quadrant (the demo's and those built with `scored`).
    expect(result.data.total).toBe(requirements.length);
    expect(Object.values(result.data.byMoscow).reduce((a, b) => a + b, 0)).toBe(requirements.length);
    expect(Object.values(result.data.byQuadrant).reduce((a, b) => a + b, 0)).toBe(requirements.length);
    expect(result.data.top).toHaveLength(2);
    expect(result.data.top[0]!.computed.weightedScore! >= result.data.top[1]!.computed.weightedScore!).toBe(true);
    expect(result.data.overdue.rows.map((row) => row.key)).toEqual(overdueFound);
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
  test('a project-shared filter is listed and summarised for a project member', async () => {
    const label = uniqueLabel();
    const found = [
      await build.requirement({ fields: scored({ Labels: [label] }) }),
      await build.requirement({ fields: scored({ Labels: [label] }) }),
    ];
    const name = `Requirements labelled ${label}`;
    const filterId = await build.savedFilter({ name, jql: `project = REQ AND labels = ${label}` });
    const filters = await invoke<{ id: string; name: string; owner: string | null }[]>('manager', 'gadget', 'filters.list', {});
    if (!filters.ok) throw new Error(filters.error.message);
    const listed = filters.data.find((filter) => filter.id === filterId)!;
    expect(listed.name).toBe(name);
    expect(listed.owner).toBeTruthy();
    const summary = await invoke<GradeDistribution>('manager', 'gadget', 'filters.distribution', { filterId, topN: 5 });
    if (!summary.ok) throw new Error(summary.error.message);
    expect(summary.data.source).toEqual({ filterId, filterName: name });
    expect(summary.data.top.map((row) => row.key).sort()).toEqual(found.sort());
  });

  test('a guest cannot see the project-shared filter and gets no data', async () => {
    const filterId = await build.savedFilter({ jql: 'project = REQ' });
    const filters = await invoke<{ id: string; name: string }[]>('guest', 'gadget', 'filters.list', {});
    expect(filters.ok && filters.data).toEqual([]);
    const asManager = await invoke<{ id: string; name: string }[]>('manager', 'gadget', 'filters.list', {});
    expect(asManager.ok && asManager.data.map((filter) => filter.id)).toContain(filterId);
    const refused = await invoke('guest', 'gadget', 'filters.distribution', { filterId });
    expect(refused.ok).toBe(false);
  });

  test('the matrix rows carry their components', async () => {
    const label = uniqueLabel();
    const withComponents = (...names: string[]) =>
      build.requirement({ fields: scored({ Labels: [label], Components: names.map((name) => ({ name })) }) });
    const crm = await withComponents('CRM');
    const crmAndReporting = await withComponents('CRM', 'Reporting');
    await withComponents('Reporting');
    const page = await invoke<RequirementPage>(
      'manager',
      'matrix',
      'requirements.list',
      { jql: `component = CRM AND labels = ${label}` },
      { projectKey: 'REQ' },
    );
    expect(page.ok && page.data.rows.map((row) => [row.key, row.components])).toEqual([
      [crm, ['CRM']],
      [crmAndReporting, ['CRM', 'Reporting']],
    ]);
  });
});

test('two people scoring the same issue at once: one save wins, the other is told, nothing is lost', async () => {
  const key = await build.requirement({ fields: scored({ Urgency: 3 }) });
  const urgency = fieldId('Urgency');
  const before = env.site.issue(key).fields[urgency];
  for (let round = 0; round < 5; round += 1) {
    const current = env.site.issue(key).fields[urgency] as number;
    const [pm, techlead] = await Promise.all([
      invoke<TriageView>(
        'pm',
        'panel',
        'triage.save',
        { inputs: { urgency: current === 5 ? 4 : 5 }, expected: { urgency: current } },
        { issueKey: key },
      ),
      invoke<TriageView>(
        'techlead',
        'panel',
        'triage.save',
        { inputs: { urgency: current === 1 ? 2 : 1 }, expected: { urgency: current } },
        { issueKey: key },
      ),
    ]);
    const outcomes = [pm, techlead].map((result) => (result.ok ? 'saved' : result.error.kind)).sort();
    expect(outcomes).toEqual(['conflict', 'saved']);
    const winner = (pm.ok ? pm : techlead) as { ok: true; data: TriageView };
    expect(env.site.issue(key).fields[urgency]).toBe(winner.data.inputs.urgency);
  }
  expect(before).toBeDefined();
  await env.site.sandbox.idle();
});
