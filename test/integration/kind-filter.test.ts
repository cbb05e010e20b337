import type { ExportPage, ProjectReports, RequirementPage, ResolverResult } from '../../src/shared/api';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * The matrix's kind and second-level tag filter against the sandbox with the report history
 * (REQ-1 to REQ-30, each classified as sandbox/seed.ts and sandbox/report-history.ts say): Jira
 * narrows by it, answering `cf[N] in (…)` on the app's string fields, so the list and the export
 * both follow it; and the report by kind and tag.
 */

const env = useTestSandbox({ reportHistory: true });
const invoke = resolverCaller(env);

async function listed(payload: Record<string, unknown>): Promise<string[]> {
  const keys: string[] = [];
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
    keys.push(...result.data.rows.map((row) => row.key));
    nextPageToken = result.data.nextPageToken;
  } while (nextPageToken);
  return keys.sort((a, b) => Number(a.slice(4)) - Number(b.slice(4)));
}

describe('filtering the matrix by kind and second-level tag', () => {
  test('a tag narrows the list to the requirements carrying it; several tags are any of them', async () => {
    expect(await listed({ kindTags: ['data-output'] })).toEqual(['REQ-7', 'REQ-13', 'REQ-15', 'REQ-23']);
    expect(await listed({ kindTags: ['data-output', 'algorithm'] })).toEqual(['REQ-1', 'REQ-7', 'REQ-13', 'REQ-15', 'REQ-23']);
  });

  test('a kind narrows to its requirements, with or without a tag; kind and tag together are both', async () => {
    const optimisation = await listed({ kinds: ['optimisation'] });
    expect(optimisation).toHaveLength(12);
    expect(await listed({ kinds: ['optimisation'], kindTags: ['performance'] })).toEqual(['REQ-5', 'REQ-19']);
    // A tag of another kind under the chosen kind matches nothing, as Jira's AND says.
    expect(await listed({ kinds: ['improvement'], kindTags: ['performance'] })).toEqual([]);
  });

  test('with the JQL, both narrow; a refused JQL still points into what the person typed', async () => {
    expect(await listed({ jql: 'status = Done', kindTags: ['data-output'] })).toEqual(['REQ-23']);
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
    const result = await invoke<ExportPage>('manager', 'matrix', 'exports.page', {
      projectKey: 'REQ',
      kindTags: ['data-output'],
      nextPageToken: null,
    });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.data.rows.map((row) => row.key).sort()).toEqual(['REQ-13', 'REQ-15', 'REQ-23', 'REQ-7']);
    expect(result.data.rows.every((row) => row.record.kindTag === 'data-output' && row.kindTagLabel?.zh === '数据输出')).toBe(
      true,
    );
    expect(result.data.total).toBe(4);
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

test('the report by kind and second-level tag counts the seeded classification', async () => {
  const now = env.site.sandbox.clock.now();
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)).toISOString().slice(0, 7);
  const result = await invoke<ProjectReports>('manager', 'matrix', 'reports.get', {
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
