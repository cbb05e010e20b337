import type { TriageView } from '../../src/shared/api';
import { testBuilders, WORKED_CASE } from '../support/builders';
import { ACCOUNTS, resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/** The app's real resolvers called through the control API exactly as the bridge calls them. */

const env = useTestSandbox();

const invoke = resolverCaller(env);
const build = testBuilders(env);
const { rest, fieldId } = siteRest(env);

/** The source documents' worked case XY2024001, scored as they score it. */
const WORKED_CASE_SCORES = { MoSCoW: 'Must', ...WORKED_CASE };

test('GET /__sandbox/resolvers lists every resolver of every surface', async () => {
  const list = (await (await fetch(`${env.site.url}/__sandbox/resolvers`)).json()) as { resource: string; resolver: string }[];
  const resources = [...new Set(list.map((entry) => entry.resource))].sort();
  expect(resources).toEqual(['admin', 'gadget', 'glance', 'matrix', 'panel', 'ticket']);
  expect(
    list
      .filter((entry) => entry.resource === 'panel')
      .map((entry) => entry.resolver)
      .sort(),
  ).toEqual([
    'capture.addDemand',
    'capture.create',
    'capture.get',
    'capture.similar',
    'classification.get',
    'classification.save',
    'closure.close',
    'closure.followUp',
    'closure.get',
    'closure.notice',
    'closure.reopen',
    'closure.waive',
    'customers.archive',
    'customers.erase',
    'customers.export',
    'customers.get',
    'customers.import',
    'customers.link',
    'customers.linked',
    'customers.list',
    'customers.review.confirm',
    'customers.review.list',
    'customers.save',
    'delivery.dueDate.keep',
    'delivery.dueDate.move',
    'delivery.get',
    'delivery.holders',
    'delivery.responsibility.save',
    'delivery.settings.get',
    'delivery.settings.save',
    'duplicates.merge',
    'duplicates.similar',
    'duplicates.undo',
    'exports.page',
    'feasibility.get',
    'feasibility.mark',
    'filters.distribution',
    'filters.list',
    'framework.current',
    'framework.diff',
    'framework.history',
    'framework.overrides',
    'framework.preview',
    'framework.revert',
    'framework.save',
    'glance.get',
    'intake.rotateSecret',
    'intake.status',
    'keyDates.get',
    'keyDates.save',
    'keyDates.timeline',
    'kindTags.get',
    'kindTags.save',
    'projects.list',
    'reports.gadget',
    'reports.get',
    'requirements.distribution',
    'requirements.list',
    'requirements.move',
    'rescoring.status',
    'review.confirm',
    'review.list',
    'setup.projects',
    'setup.run',
    'sheetImport.preview',
    'sheetImport.start',
    'sheetImport.status',
    'sheetImport.upload',
    'ticket.add',
    'ticket.create',
    'ticket.get',
    'ticket.similar',
    'triage.get',
    'triage.history',
    'triage.save',
  ]);
});

describe('triage panel', () => {
  test('shows the worked case: 4.3, grade A, its breakdown and the framework version', async () => {
    const key = await build.requirement({ fields: WORKED_CASE_SCORES });
    const result = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: key });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.isRequirement).toBe(true);
    expect(result.data.computed).toEqual({
      weightedScore: 4.3,
      priorityGrade: 'A',
      threeFactorScore: 14,
      threeFactorPriority: 'high',
      valueCostQuadrant: 'quick-win',
      frameworkVersion: 1,
    });
    expect(result.data.weighted?.breakdown.map((part) => part.hundredths)).toEqual([120, 150, 60, 100]);
    expect(result.data.canEdit).toBe(true);
    expect(result.data.framework.version).toBe(1);
  });

  test('an implicit need shows "to be confirmed" until a confirmation date is recorded', async () => {
    const implicit = await build.requirement({ fields: { 'Need type': 'implicit' } });
    const explicitKey = await build.requirement({ fields: { 'Need type': 'explicit' } });
    const before = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: implicit });
    expect(before.ok && [before.data.needConfirmation, before.data.needConfirmedOn]).toEqual(['to-confirm', null]);
    const confirmedOn = fieldId('Confirmed with customer on');
    const edited = await rest('PUT', `/rest/api/3/issue/${implicit}`, { fields: { [confirmedOn]: '2026-11-20' } });
    expect(edited.status).toBe(204);
    const after = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: implicit });
    expect(after.ok && [after.data.needConfirmation, after.data.needConfirmedOn]).toEqual(['confirmed', '2026-11-20']);
    const explicit = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: explicitKey });
    expect(explicit.ok && explicit.data.needConfirmation).toBe('not-applicable');
    const badDate = await rest('PUT', `/rest/api/3/issue/${implicit}`, { fields: { [confirmedOn]: 'next week' } });
    expect(badDate.status).toBe(400);
  });

  test('a manager sees the panel read-only', async () => {
    const result = await invoke<TriageView>('manager', 'panel', 'triage.get', {}, { issueKey: await build.requirement() });
    expect(result.ok && result.data.canEdit).toBe(false);
  });

  test('saving new factors recomputes at once and names the rule broken otherwise', async () => {
    const key = await build.requirement({
      fields: { MoSCoW: 'Should', Urgency: 3, Importance: 3, Feasibility: 4, 'Customer value': 2 },
    });
    const saved = await invoke<TriageView>(
      'pm',
      'panel',
      'triage.save',
      { inputs: { urgency: 5, feasibility: 5 } },
      { issueKey: key },
    );
    if (!saved.ok) throw new Error(saved.error.message);
    // 30*5 + 30*3 + 20*5 + 20*2 = 380 → 3.8, A
    expect(saved.data.computed).toMatchObject({ weightedScore: 3.8, priorityGrade: 'A' });
    const before = JSON.stringify(env.site.issue(key).fields);
    const rejected = await invoke<TriageView>(
      'pm',
      'panel',
      'triage.save',
      { inputs: { urgency: 7, moscow: "Won't" } },
      { issueKey: key },
    );
    expect(rejected).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'validation',
        violations: [
          expect.objectContaining({ field: 'urgency', rule: 'range', message: 'Urgency must be from 1 to 5 (got 7).' }),
          expect.objectContaining({ field: 'wontReason', rule: 'required' }),
        ],
      }),
    });
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });

  test('a manager cannot save scores, and nothing is written', async () => {
    const key = await build.requirement({ fields: { Urgency: 3 } });
    const before = JSON.stringify(env.site.issue(key).fields);
    const result = await invoke<TriageView>('manager', 'panel', 'triage.save', { inputs: { urgency: 1 } }, { issueKey: key });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Edit issues" permission on this issue.' },
    });
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });

  test('a payload of the wrong shape is rejected before anything runs', async () => {
    const key = await build.requirement({ fields: { Urgency: 2 } });
    const before = JSON.stringify(env.site.issue(key).fields);
    const result = await invoke<TriageView>(
      'pm',
      'panel',
      'triage.save',
      { inputs: { urgency: 3, bogus: 1 }, extra: true },
      { issueKey: key },
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.kind).toBe('validation');
    expect(JSON.stringify(env.site.issue(key).fields)).toBe(before);
  });
});

describe('project and admin surfaces', () => {
  test('the matrix lists the project requirements; a guest gets a clear refusal', async () => {
    const built = [await build.requirement(), await build.requirement(), await build.requirement()];
    const page = await invoke<{ rows: { key: string }[] }>('manager', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    // Listed in key order, the ones built here among the rest.
    expect(page.ok && page.data.rows.map((row) => row.key).filter((key) => built.includes(key))).toEqual(built);
    const refused = await invoke('guest', 'matrix', 'requirements.list', {}, { projectKey: 'REQ' });
    expect(refused).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'You need the "Browse projects" permission on project REQ.' },
    });
  });

  test("a refusal is written in the page's language, and in both (Chinese first) when the page names none", async () => {
    const refusalIn = async (readerLocale?: string) => {
      const payload = readerLocale === undefined ? {} : { readerLocale };
      const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
        method: 'POST',
        headers: ACCOUNTS.guest,
        body: JSON.stringify({ resource: 'matrix', resolver: 'requirements.list', payload, context: { projectKey: 'REQ' } }),
      });
      return ((await response.json()) as { result: { ok: false; error: { kind: string; message: string } } }).result.error;
    };
    const chinese = '你需要项目 REQ 的“浏览项目”权限。';
    const english = 'You need the "Browse projects" permission on project REQ.';
    expect(await refusalIn('zh-CN')).toEqual({ kind: 'forbidden', message: chinese });
    expect(await refusalIn('zh_CN')).toEqual({ kind: 'forbidden', message: chinese });
    expect(await refusalIn('en-GB')).toEqual({ kind: 'forbidden', message: english });
    expect(await refusalIn()).toEqual({ kind: 'forbidden', message: `${chinese} / ${english}` });
    // A conflict says what changed in the reader's words too (a per-language parameter: the field's name).
    const key = await build.requirement({ fields: { Urgency: 3 } });
    const shown = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: key });
    if (!shown.ok) throw new Error(`${key} did not load`);
    const seen = shown.data.inputs.urgency === 1 ? 2 : 1;
    const stale = await invoke(
      'pm',
      'panel',
      'triage.save',
      { inputs: { urgency: 3 }, expected: { urgency: seen }, readerLocale: 'zh-CN' },
      { issueKey: key },
    );
    expect(stale).toMatchObject({
      ok: false,
      error: {
        kind: 'conflict',
        message: expect.stringContaining(
          `你编辑期间，其他人修改了 ${key}：紧急程度现在是 ${shown.data.inputs.urgency ?? '空'}（你看到的是 ${seen}）。`,
        ),
      },
    });
  });

  test('the gadget counts grades of a configured project', async () => {
    const result = await invoke<{ total: number; byGrade: Record<string, number> }>(
      'manager',
      'gadget',
      'requirements.distribution',
      { projectKey: 'REQ' },
    );
    expect(result.ok).toBe(true);
    if (result.ok) expect(Object.values(result.data.byGrade).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(result.data.total);
  });

  test('only a Jira admin may run setup; running it again creates nothing twice', async () => {
    const refused = await invoke('pm', 'admin', 'setup.run', { projectKey: 'REQ' });
    expect(refused).toEqual({ ok: false, error: { kind: 'forbidden', message: 'Only a Jira administrator may do this.' } });
    const again = await invoke<{ steps: { key: string; status: string }[] }>('admin', 'admin', 'setup.run', {
      projectKey: 'REQ',
    });
    expect(again.ok && again.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
      'project:done',
      'fields:done',
      'issue-type:done',
      'issue-type-scheme:done',
      'screens:done',
      'workflow:done',
      'record:done',
    ]);
  });

  test('setup can run step by step, so the page shows each step as it finishes', async () => {
    const partial = await invoke<{ steps: { key: string }[] }>('admin', 'admin', 'setup.run', {
      projectKey: 'REQ',
      through: 'issue-type',
    });
    expect(partial.ok && partial.data.steps.map((step) => step.key)).toEqual(['project', 'fields', 'issue-type']);
    const unknown = await invoke('admin', 'admin', 'setup.run', { projectKey: 'REQ', through: 'coffee' });
    expect(!unknown.ok && unknown.error.kind).toBe('validation');
  });

  test('framework history is for admins', async () => {
    const history = await invoke<{ version: number }[]>('admin', 'admin', 'framework.history', {});
    expect(history.ok && history.data.map((version) => version.version)).toEqual([1]);
    expect((await invoke('manager', 'admin', 'framework.history', {})).ok).toBe(false);
  });
});

test('every Jira call made by the resolvers matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
