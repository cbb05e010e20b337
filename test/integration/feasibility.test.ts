import { PROJECT_ROLES, SITE_GROUPS, type ProjectRecord } from '../../sandbox/jira/model';
import type { FieldRecord } from '../../sandbox/jira/model';
import type {
  DutyHolderOptions,
  FeasibilityView,
  GradeDistribution,
  RequirementPage,
  StoredDeliverySettings,
} from '../../src/shared/api';
import { DEMO_DELIVERY_SETTINGS } from '../../sandbox/seed';
import { testBuilders } from '../support/builders';
import { persistedState } from '../support/resolver-calls';
import { type ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * Feasibility marks on the demo project, whose delivery settings give each mark to one project role
 * (Tech leads act through their group): each role sets only its own mark, a wrong role is refused
 * naming who may and nothing is stored, bad input names the field, the history is kept, and the
 * read-only "Feasibility marks" field follows every mark.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);
const onIssue = (issueKey: string) => ({ issueKey });
const mark = (account: keyof typeof ACCOUNTS, issueKey: string, payload: Record<string, unknown>) =>
  invoke<FeasibilityView>(account, 'panel', 'feasibility.mark', payload, onIssue(issueKey));
const view = (account: keyof typeof ACCOUNTS, issueKey: string) =>
  invoke<FeasibilityView>(account, 'panel', 'feasibility.get', {}, onIssue(issueKey));
const fieldValue = (issueKey: string) => {
  const field = env.site.sandbox.store
    .list<FieldRecord>('jira-fields')
    .find((candidate) => candidate.schema.custom?.endsWith('/static/rt-feasibility-marks'))!;
  return env.site.issue(issueKey).fields[field.id] ?? null;
};
const groupId = (name: string) => SITE_GROUPS.find((group) => group.name === name)!.groupId;

afterAll(() => expect(env.site.sandbox.contractViolations).toEqual([]));

// Reads the demo data on purpose: the marks the seed sets, by the seeded accounts.
test('the demo marks are shown with who and when; the field summarises them', async () => {
  const result = await view('manager', 'REQ-1');
  if (!result.ok) throw new Error(result.error.message);
  expect(
    result.data.dimensions.map((entry) => [
      entry.dimension,
      entry.latest?.verdict,
      entry.latest?.by.displayName,
      entry.canSet,
      entry.holders.map((holder) => holder.name),
    ]),
  ).toEqual([
    ['technical', 'feasible', 'Li Wei (Tech lead)', false, ['Tech leads']],
    ['business', 'conditional', '王芳 (Product manager)', false, ['Product managers']],
    ['compliance', 'feasible', 'Carl Compliance', false, ['Compliance']],
  ]);
  expect(result.data.summary).toEqual({ missing: [], notFeasible: [] });
  expect(fieldValue('REQ-1')).toBe('technical: feasible; business: conditional; compliance: feasible');
  expect(fieldValue('REQ-4')).toBe('compliance: not feasible');
  expect(fieldValue('REQ-3')).toBeNull();
});

test('each role sets only its own mark; the tech lead through the group that acts in the Tech leads role', async () => {
  const key = await build.requirement();
  expect(fieldValue(key)).toBeNull();
  const technical = await mark('techlead', key, {
    dimension: 'technical',
    verdict: 'conditional',
    note: '需要新的标签服务 / needs a tag service',
  });
  expect(technical.ok).toBe(true);
  expect((await mark('pm', key, { dimension: 'business', verdict: 'feasible' })).ok).toBe(true);
  expect((await mark('compliance', key, { dimension: 'compliance', verdict: 'feasible', note: '' })).ok).toBe(true);
  expect(fieldValue(key)).toBe('technical: conditional; business: feasible; compliance: feasible');
  const seenByTechLead = await view('techlead', key);
  expect(seenByTechLead.ok && seenByTechLead.data.dimensions.map((entry) => entry.canSet)).toEqual([true, false, false]);
});

test('a mark by the wrong role is refused naming who may, and nothing is stored', async () => {
  const key = await build.requirement();
  const before = persistedState(env.site.sandbox.store);
  for (const [account, dimension, who] of [
    ['pm', 'technical', 'Tech leads'],
    ['techlead', 'compliance', 'Compliance'],
    ['admin', 'business', 'Product managers'],
    ['manager', 'technical', 'Tech leads'],
  ] as const) {
    const result = await mark(account, key, { dimension, verdict: 'not-feasible', note: 'no' });
    expect(result).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: `Only ${who} may set the ${dimension} feasibility mark on project REQ.` },
    });
  }
  expect((await mark('guest', key, { dimension: 'technical', verdict: 'feasible' })).ok).toBe(false);
  await env.site.sandbox.idle();
  expect(persistedState(env.site.sandbox.store)).toBe(before);
});

test('a bad verdict or a missing note names the field, and nothing is stored', async () => {
  const key = await build.requirement();
  const before = persistedState(env.site.sandbox.store);
  expect(await mark('techlead', key, { dimension: 'technical', verdict: 'maybe' })).toMatchObject({
    ok: false,
    error: { kind: 'validation', violations: [{ field: 'verdict', rule: 'enum' }] },
  });
  expect(await mark('techlead', key, { dimension: 'technical', verdict: 'not-feasible', note: '  ' })).toMatchObject({
    ok: false,
    error: { kind: 'validation', violations: [{ field: 'note', rule: 'required' }] },
  });
  expect(await mark('techlead', key, { dimension: 'legal', verdict: 'feasible' })).toMatchObject({
    ok: false,
    error: { kind: 'validation', violations: [{ field: 'dimension', rule: 'enum' }] },
  });
  expect(await mark('techlead', key, { dimension: 'technical', verdict: 'conditional', note: 'x'.repeat(2001) })).toMatchObject({
    ok: false,
    error: { kind: 'validation', violations: [{ field: 'note', rule: 'length' }] },
  });
  expect(persistedState(env.site.sandbox.store)).toBe(before);
});

test('the history keeps every mark, newest first; re-sending the newest mark adds nothing', async () => {
  const key = await build.requirement({ feasibility: { technical: 'feasible' } });
  expect(
    (await mark('techlead', key, { dimension: 'technical', verdict: 'not-feasible', note: 'Excel 导出需要重写报表引擎' })).ok,
  ).toBe(true);
  const again = await mark('techlead', key, {
    dimension: 'technical',
    verdict: 'not-feasible',
    note: 'Excel 导出需要重写报表引擎',
  });
  if (!again.ok) throw new Error(again.error.message);
  expect(again.data.history.filter((entry) => entry.dimension === 'technical').map((entry) => entry.verdict)).toEqual([
    'not-feasible',
    'feasible',
  ]);
  expect(again.data.summary).toEqual({ missing: ['business', 'compliance'], notFeasible: ['technical'] });
  expect(fieldValue(key)).toBe('technical: not feasible');
  const changes = env.site
    .issue(key)
    .changelog.flatMap((entry) => entry.items)
    .filter((item) => item.field === 'Feasibility marks');
  expect(changes.map((item) => item.toString)).toEqual(['technical: feasible', 'technical: not feasible']);
});

test('lists, the matrix and the gadgets read the not-feasible marks from the field', async () => {
  const clear = await build.requirement({ feasibility: 'feasible' });
  const blocked = await build.requirement({ feasibility: { technical: 'not-feasible', compliance: 'not-feasible' } });
  const page = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', { projectKey: 'REQ' });
  if (!page.ok) throw new Error(page.error.message);
  expect(Object.fromEntries(page.data.rows.map((row) => [row.key, row.feasibility.notFeasible]))).toMatchObject({
    [clear]: [],
    [blocked]: ['technical', 'compliance'],
  });
  const notFeasible = page.data.rows.filter((row) => row.feasibility.notFeasible.length > 0).map((row) => row.key);
  expect(notFeasible).toContain(blocked);
  const filtered = await invoke<RequirementPage>('manager', 'matrix', 'requirements.list', {
    projectKey: 'REQ',
    jql: '"Feasibility marks" ~ "not feasible"',
  });
  expect(filtered.ok && filtered.data.rows.map((row) => row.key)).toEqual(notFeasible);
  const gadget = await invoke<GradeDistribution>('manager', 'gadget', 'requirements.distribution', {
    projectKey: 'REQ',
    topN: 10,
  });
  expect(gadget.ok && gadget.data.notFeasible).toBe(notFeasible.length);
});

describe('delivery settings', () => {
  const settingsOf = async () => {
    const result = await invoke<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.get', { projectKey: 'REQ' });
    if (!result.ok) throw new Error(result.error.message);
    return result.data;
  };

  test('the picker lists the project roles and the groups matching a query', async () => {
    const result = await invoke<DutyHolderOptions>('admin', 'admin', 'delivery.holders', { projectKey: 'REQ', query: 'te' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.roles.map((role) => role.name)).toEqual([...PROJECT_ROLES.map((role) => role.name)].sort());
    expect(result.data.groups.map((group) => group.name)).toEqual(['compliance-team', 'product-team', 'tech-leads']);
    expect(await invoke('pm', 'admin', 'delivery.holders', { projectKey: 'REQ' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
  });

  test('a save from an older revision is a conflict naming who saved; invalid settings name the field', async () => {
    const current = await settingsOf();
    expect(current).toMatchObject({ ...DEMO_DELIVERY_SETTINGS, projectKey: 'REQ', updatedBy: 'Ada Admin' });
    const saved = await invoke<StoredDeliverySettings>('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: { ...DEMO_DELIVERY_SETTINGS, escalateAfterDays: 5 },
      expectedRevision: current.revision,
    });
    expect(saved.ok && [saved.data.revision, saved.data.escalateAfterDays]).toEqual([current.revision + 1, 5]);
    const stale = await invoke('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: DEMO_DELIVERY_SETTINGS,
      expectedRevision: current.revision,
    });
    expect(stale).toMatchObject({
      ok: false,
      error: { kind: 'conflict', message: expect.stringMatching(/^Ada Admin saved these settings at .+; nothing was saved\./) },
    });
    const invalid = await invoke('admin', 'admin', 'delivery.settings.save', {
      projectKey: 'REQ',
      settings: { ...DEMO_DELIVERY_SETTINGS, followUpDays: { from: 14, to: 7 } },
      expectedRevision: current.revision + 1,
    });
    expect(invalid).toMatchObject({
      ok: false,
      error: { kind: 'validation', violations: [{ field: 'followUpDays.to', rule: 'order' }] },
    });
    expect((await settingsOf()).revision).toBe(current.revision + 1);
    expect(
      await invoke('pm', 'admin', 'delivery.settings.save', {
        projectKey: 'REQ',
        settings: DEMO_DELIVERY_SETTINGS,
        expectedRevision: current.revision + 1,
      }),
    ).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
  });

  test('a duty given to a group: its members may, others may not; a role whose actors change follows them', async () => {
    const key = await build.requirement();
    const current = await settingsOf();
    const settings = {
      ...DEMO_DELIVERY_SETTINGS,
      duties: { ...DEMO_DELIVERY_SETTINGS.duties, business: [{ kind: 'group', id: groupId('managers'), name: 'managers' }] },
    };
    expect(
      (
        await invoke('admin', 'admin', 'delivery.settings.save', {
          projectKey: 'REQ',
          settings,
          expectedRevision: current.revision,
        })
      ).ok,
    ).toBe(true);
    expect((await mark('manager', key, { dimension: 'business', verdict: 'feasible' })).ok).toBe(true);
    expect(await mark('pm', key, { dimension: 'business', verdict: 'feasible' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden', message: 'Only managers may set the business feasibility mark on project REQ.' },
    });

    // The tech lead leaves the Tech leads role: the role's actor is now only the product manager's account.
    const project = env.site.sandbox.store.list<ProjectRecord>('jira-projects').find((candidate) => candidate.key === 'REQ')!;
    const techLeads = PROJECT_ROLES.find((role) => role.name === 'Tech leads')!;
    env.site.sandbox.store.commit([
      {
        collection: 'jira-projects',
        id: project.id,
        value: { ...project, roleActors: { [techLeads.id]: [{ type: 'user', role: 'product-manager' }] } },
      },
    ]);
    expect(await mark('techlead', key, { dimension: 'technical', verdict: 'feasible' })).toMatchObject({
      ok: false,
      error: { kind: 'forbidden' },
    });
    expect((await mark('pm', key, { dimension: 'technical', verdict: 'feasible' })).ok).toBe(true);
    env.site.sandbox.store.commit([{ collection: 'jira-projects', id: project.id, value: project }]);
  });

  test('with nobody named, whoever may edit issues sets the mark', async () => {
    const key = await build.requirement();
    const current = await settingsOf();
    const settings = { ...DEMO_DELIVERY_SETTINGS, duties: { ...DEMO_DELIVERY_SETTINGS.duties, compliance: [] } };
    expect(
      (
        await invoke('admin', 'admin', 'delivery.settings.save', {
          projectKey: 'REQ',
          settings,
          expectedRevision: current.revision,
        })
      ).ok,
    ).toBe(true);
    expect((await mark('pm', key, { dimension: 'compliance', verdict: 'feasible' })).ok).toBe(true);
    expect(await mark('compliance', key, { dimension: 'compliance', verdict: 'feasible' })).toMatchObject({
      ok: false,
      error: {
        kind: 'forbidden',
        message: 'Only people who may edit issues in the project may set the compliance feasibility mark on project REQ.',
      },
    });
  });
});
