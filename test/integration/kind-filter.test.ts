import type { ExportPage, ProjectReports, RequirementPage, RequirementRow, ResolverResult } from '../../src/shared/api';
import { testBuilders } from '../support/builders';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * The matrix's kind and second-level tag filter on requirements each test classifies itself: Jira
 * narrows by it, answering `cf[N] in (…)` on the app's string fields, so the list and the export
 * both follow it; and the report by kind and tag on the report history (sandbox/report-history.ts).
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);

/** The workflow's way from To confirm to Done. */
const TO_DONE = ['Confirm', 'Accept', 'Start work', 'Send to test', 'Pass test'];
const classified = (kind: string, kindTag?: string, more: Parameters<typeof build.requirement>[0] = {}) =>
  build.requirement({ ...more, fields: { Kind: kind, ...(kindTag ? { 'Second-level tag': kindTag } : {}) } });

async function listed(payload: Record<string, unknown>): Promise<RequirementRow[]> {
  const rows: RequirementRow[] = [];
  let nextPageToken: string | null = null;
  do {
    const result: ResolverResult<RequirementPage> = await invoke<RequirementPage>(
      'manager',
      'matrix',
      'requirements.list',
      { ...payload, nextPageToken },
      { projectKey: 'REQ' },
    );
    if (!result.ok) throw new Error(result.error.message);
    rows.push(...result.data.rows);
    nextPageToken = result.data.nextPageToken;
  } while (nextPageToken);
  return rows;
}
/** The keys among `rows` that the test built, in the order it built them. */
const ownAmong = (rows: { key: string }[], built: string[]) => built.filter((key) => rows.some((row) => row.key === key));
const pairs = (rows: RequirementRow[]) => [...new Set(rows.map((row) => `${row.kind}/${row.kindTag}`))].sort();

describe('filtering the matrix by kind and second-level tag', () => {
  test('a tag narrows the list to the requirements carrying it; several tags are any of them', async () => {
    const built = [
      await classified('optimisation', 'data-output'),
      await classified('optimisation', 'algorithm'),
      await classified('optimisation', 'performance'),
    ];
    const dataOutput = await listed({ kindTags: ['data-output'] });
    expect(ownAmong(dataOutput, built)).toEqual([built[0]]);
    expect(pairs(dataOutput)).toEqual(['optimisation/data-output']);
    const either = await listed({ kindTags: ['data-output', 'algorithm'] });
    expect(ownAmong(either, built)).toEqual([built[0], built[1]]);
    expect(pairs(either)).toEqual(['optimisation/algorithm', 'optimisation/data-output']);
  });

  test('a kind narrows to its requirements, with or without a tag; kind and tag together are both', async () => {
    const built = [
      await classified('optimisation', 'performance'),
      await classified('optimisation'),
      await classified('improvement', 'feature-extension'),
      await classified('new-feature', 'mobile'),
    ];
    const optimisation = await listed({ kinds: ['optimisation'] });
    expect(ownAmong(optimisation, built)).toEqual([built[0], built[1]]);
    expect(new Set(optimisation.map((row) => row.kind))).toEqual(new Set(['optimisation']));
    const performance = await listed({ kinds: ['optimisation'], kindTags: ['performance'] });
    expect(ownAmong(performance, built)).toEqual([built[0]]);
    expect(pairs(performance)).toEqual(['optimisation/performance']);
    // A tag of another kind under the chosen kind matches nothing, as Jira's AND says.
    expect(await listed({ kinds: ['improvement'], kindTags: ['performance'] })).toEqual([]);
  });

  test('with the JQL, both narrow; a refused JQL still points into what the person typed', async () => {
    const done = await classified('optimisation', 'data-output', { feasibility: 'feasible', moves: TO_DONE });
    const open = await classified('optimisation', 'data-output');
    const doneDataOutput = await listed({ jql: 'status = Done', kindTags: ['data-output'] });
    expect(ownAmong(doneDataOutput, [done, open])).toEqual([done]);
    expect(doneDataOutput.every((row) => row.statusCategory === 'done' && row.kindTag === 'data-output')).toBe(true);
    const refused = await invoke(
      'manager',
      'matrix',
      'requirements.list',
      { jql: 'status = = Done', kindTags: ['data-output'] },
      { projectKey: 'REQ' },
    );
    expect(refused).toMatchObject({
      ok: false,
      error: { kind: 'validation', violations: [{ field: 'jql', message: expect.stringContaining('(line 1, character 10)') }] },
    });
  });

  test('the export follows the filter', async () => {
    const built = [
      await classified('optimisation', 'data-output'),
      await classified('optimisation', 'data-output'),
      await classified('optimisation', 'performance'),
    ];
    const result = await invoke<ExportPage>('manager', 'matrix', 'exports.page', {
      projectKey: 'REQ',
      kindTags: ['data-output'],
      nextPageToken: null,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(ownAmong(result.data.rows, built)).toEqual([built[0], built[1]]);
    expect(result.data.rows.every((row) => row.record.kindTag === 'data-output' && row.kindTagLabel?.zh === '数据输出')).toBe(
      true,
    );
    // One page holds them all: the total is what the page lists, as many as the list finds.
    expect(result.data.nextPageToken).toBeNull();
    expect(result.data.total).toBe(result.data.rows.length);
    expect(result.data.total).toBe((await listed({ kindTags: ['data-output'] })).length);
  });

  test('a kind or tag not shaped as one is refused, naming the field', async () => {
    const result = await invoke(
      'manager',
      'matrix',
      'requirements.list',
      { kinds: ['gossip'], kindTags: ['Not a code'] },
      { projectKey: 'REQ' },
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'validation' } });
    const fields = result.ok ? [] : (result.error.violations ?? []).map((violation) => violation.field);
    expect(fields).toEqual(expect.arrayContaining(['kinds.0', 'kindTags.0']));
  });
});

describe('on the report history', () => {
  // Its own sandbox, which no other test adds to: the figures are the seeded history's.
  const history = useTestSandbox({ reportHistory: true });
  const invokeOnHistory = resolverCaller(history);

  // Reads the demo data on purpose: the report counts the seeded report history, a year of classified requirements.
  test('the report by kind and second-level tag counts the seeded classification', async () => {
    const now = history.site.sandbox.clock.now();
    const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
    const result = await invokeOnHistory<ProjectReports>('manager', 'matrix', 'reports.get', {
      projectKey: 'REQ',
      from,
      to: now.toISOString().slice(0, 7),
    });
    if (!result.ok) throw new Error(result.error.message);
    const { byKindTag, tagNames } = result.data;
    expect(byKindTag.map((group) => [group.kind, group.total])).toEqual([
      ['new-feature', 10],
      ['optimisation', 12],
      ['improvement', 7],
      ['none', 1],
    ]);
    const optimisation = byKindTag.find((group) => group.kind === 'optimisation')!;
    expect(optimisation.tags.map((entry) => [entry.tag, entry.total])).toEqual([
      ['data-output', 4],
      ['operation-flow', 2],
      ['performance', 2],
      ['ui-interaction', 2],
      ['algorithm', 1],
      ['none', 1],
    ]);
    expect(optimisation.tags[0]).toMatchObject({ open: 0, delivered: 4, grades: { S: 0, A: 4, B: 0, C: 0, none: 0 } });
    expect(optimisation.tags[0]!.averageScore).not.toBeNull();
    expect(byKindTag.reduce((sum, group) => sum + group.open + group.delivered, 0)).toBe(30);
    expect(tagNames['data-output']).toEqual({ en: 'Data output', zh: '数据输出' });
  });
});
