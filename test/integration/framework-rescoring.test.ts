import type {
  FrameworkDiff,
  FrameworkVersion,
  ResolverResult,
  RescoringJob,
  RescoringPreview,
  SavedVersion,
} from '../../src/shared/api';
import { DEFAULT_FRAMEWORK_SETTINGS } from '../../src/domain/framework';
import { testBuilders } from '../support/builders';
import { resolverCaller, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Editing the scoring framework as an admin: preview, versioned save with conflict detection, diff,
 * revert, and the queue-driven re-scoring of every Requirement, also under injected 429s.
 */

const env = useTestSandbox();
const build = testBuilders(env);
const { rest, fieldId } = siteRest(env);

/** The source documents' worked case XY2024001: 4.3, grade A, under the documents' framework. */
const workedCase = () => build.requirement({ fields: { Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5 } });

/** Keys of what Jira finds, as the product manager sees it: the re-scoring's figures are counted from it. */
async function searchKeys(jql: string): Promise<string[]> {
  const found = await rest('GET', `/rest/api/3/search/jql?jql=${encodeURIComponent(jql)}&fields=key&maxResults=100`);
  expect([found.status, found.body.errorMessages, found.body.nextPageToken]).toEqual([200, undefined, undefined]);
  return (found.body.issues as { key: string }[]).map((issue) => issue.key);
}
const allRequirements = () => searchKeys('issuetype = Requirement');

const callResolver = resolverCaller(env);
/** The admin page's resolvers, in English as the admin page in English asks. */
const invoke = <T>(account: 'admin' | 'pm', resolver: string, payload: Record<string, unknown>) =>
  callResolver<T>(account, 'admin', resolver, payload);

const data = <T>(result: ResolverResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.data;
};

const urgencyFirst = {
  ...DEFAULT_FRAMEWORK_SETTINGS,
  weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
};

async function computedOf(key: string): Promise<Record<string, unknown>> {
  const fields = (await rest('GET', '/rest/api/3/field')).body as unknown as { id: string; name: string }[];
  const issue = env.site.issue(key);
  return Object.fromEntries(
    fields
      .filter((field) => ['Weighted score', 'Priority grade', 'Scoring framework version'].includes(field.name))
      .map((field) => [field.name, issue.fields[field.id]]),
  );
}

async function waitForJob(): Promise<RescoringJob> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    await env.site.sandbox.idle();
    const job = data(await invoke<RescoringJob | null>('admin', 'rescoring.status', {}));
    if (job && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the re-scoring job did not finish');
}

test('an invalid framework lists every violation and saves nothing', async () => {
  const result = await invoke<SavedVersion>('admin', 'framework.save', {
    settings: {
      ...DEFAULT_FRAMEWORK_SETTINGS,
      weights: { urgency: 50, importance: 30, feasibility: 20, customerValue: 20 },
      gradeThresholds: { S: 3, A: 4, B: 2.5 },
    },
    note: 'bad',
    baseVersion: 1,
  });
  expect(!result.ok && result.error.violations?.map((violation) => `${violation.field}:${violation.rule}`)).toEqual([
    'weights:sum',
    'gradeThresholds.A:order',
  ]);
  expect(data(await invoke<FrameworkVersion[]>('admin', 'framework.history', {})).map((version) => version.version)).toEqual([1]);
});

test('the preview counts the moves before saving', async () => {
  const built = await workedCase();
  const requirements = await allRequirements();
  // Raising S to 4.3 moves up what is now A at 4.3 or more (the worked case among them).
  const movingUp = await searchKeys('issuetype = Requirement AND "Priority grade" = "A" AND "Weighted score" >= 4.3');
  expect(movingUp).toContain(built);
  const preview = data(
    await invoke<RescoringPreview>('admin', 'framework.preview', {
      settings: { ...DEFAULT_FRAMEWORK_SETTINGS, gradeThresholds: { S: 4.3, A: 3.5, B: 2.5 } },
    }),
  );
  expect(preview.total).toBe(requirements.length);
  expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'S', count: movingUp.length }]);
  expect(preview.changes.map((change) => change.key).sort()).toEqual(movingUp.sort());
});

test('only an admin may preview or save', async () => {
  expect(await invoke('pm', 'framework.save', { settings: urgencyFirst, note: 'x', baseVersion: 1 })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'Only a Jira administrator may do this.' },
  });
  expect((await invoke('pm', 'framework.preview', { settings: urgencyFirst })).ok).toBe(false);
});

test('saving creates version 2 by its author and re-scores every Requirement through the queue', async () => {
  const built = await workedCase();
  const requirements = await allRequirements();
  const saved = data(
    await invoke<SavedVersion>('admin', 'framework.save', {
      settings: urgencyFirst,
      note: 'Urgency matters more',
      baseVersion: 1,
    }),
  );
  expect(saved.version).toMatchObject({ version: 2, note: 'Urgency matters more', author: { displayName: 'Ada Admin' } });
  const job = await waitForJob();
  expect(job).toMatchObject({
    frameworkVersion: 2,
    status: 'done',
    total: requirements.length,
    processed: requirements.length,
    failures: [],
  });
  // The worked case: 40*4 + 20*5 + 20*3 + 20*5 = 420 → 4.2, A
  expect(await computedOf(built)).toEqual({ 'Weighted score': 4.2, 'Priority grade': 'A', 'Scoring framework version': 2 });
  for (const key of requirements) expect((await computedOf(key))['Scoring framework version']).toBe(2);
});

test('a second admin saving on a stale version gets a conflict naming who saved first', async () => {
  const result = await invoke<SavedVersion>('admin', 'framework.save', {
    settings: DEFAULT_FRAMEWORK_SETTINGS,
    note: 'stale',
    baseVersion: 1,
  });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.error).toMatchObject({
    kind: 'conflict',
    message: expect.stringContaining('Ada Admin saved version 2'),
  });
  expect(data(await invoke<FrameworkVersion[]>('admin', 'framework.history', {})).map((version) => version.version)).toEqual([
    1, 2,
  ]);
});

test('the diff names each changed setting, and revert makes a new version equal to the old one', async () => {
  // Made under version 2, so scored by it until the revert re-scores it.
  const built = await workedCase();
  expect(await computedOf(built)).toEqual({ 'Weighted score': 4.2, 'Priority grade': 'A', 'Scoring framework version': 2 });
  const diff = data(await invoke<FrameworkDiff>('admin', 'framework.diff', { from: 1, to: 2 }));
  expect(diff.changes).toEqual([
    { setting: 'weights.urgency', before: 30, after: 40 },
    { setting: 'weights.importance', before: 30, after: 20 },
  ]);
  expect((await invoke('admin', 'framework.diff', { from: 1, to: 9 })).ok).toBe(false);

  const reverted = data(
    await invoke<SavedVersion>('admin', 'framework.revert', { version: 1, note: 'Back to the documents', baseVersion: 2 }),
  );
  expect(reverted.version).toMatchObject({ version: 3, settings: DEFAULT_FRAMEWORK_SETTINGS });
  await waitForJob();
  expect(await computedOf(built)).toEqual({ 'Weighted score': 4.3, 'Priority grade': 'A', 'Scoring framework version': 3 });
});

test("with 30 % of the app's Jira calls answered 429, re-scoring still writes every value once", async () => {
  await workedCase();
  const requirements = await allRequirements();
  const headers = { 'content-type': 'application/json' };
  expect(
    (
      await fetch(`${env.site.url}/__sandbox/faults`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ rate: 0.3, statuses: [429], retryAfterSeconds: 0.01, seed: 7 }),
      })
    ).status,
  ).toBe(200);
  try {
    const saved = data(
      await invoke<SavedVersion>('admin', 'framework.save', {
        settings: urgencyFirst,
        note: 'Again, under load',
        baseVersion: 3,
      }),
    );
    const job = await waitForJob();
    expect(job).toMatchObject({
      frameworkVersion: saved.version.version,
      status: 'done',
      processed: requirements.length,
      failures: [],
    });
    for (const key of requirements) expect((await computedOf(key))['Scoring framework version']).toBe(4);
    const faults = (await (await fetch(`${env.site.url}/__sandbox/faults`)).json()) as { injected: number };
    expect(faults.injected).toBeGreaterThan(0);
  } finally {
    await fetch(`${env.site.url}/__sandbox/faults`, { method: 'POST', headers, body: JSON.stringify({ rate: 0 }) });
  }
});

describe('a project with its own framework', () => {
  const projectSettings = { ...DEFAULT_FRAMEWORK_SETTINGS, gradeThresholds: { S: 4.2, A: 3.5, B: 2.5 } };

  test('saving for a project creates its override; only its requirements are re-scored', async () => {
    const created = await rest(
      'POST',
      '/rest/api/3/project',
      { key: 'OPS', name: 'Operations', projectTypeKey: 'business', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' },
      'admin',
    );
    expect(created.status).toBe(201);
    expect(data(await invoke<{ steps: unknown[] }>('admin', 'setup.run', { projectKey: 'OPS' })).steps.length).toBeGreaterThan(0);
    const opsIssue = await rest('POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'OPS' },
        issuetype: { name: 'Requirement' },
        summary: 'Ops worked case',
        [fieldId('Urgency')]: 4,
        [fieldId('Importance')]: 5,
        [fieldId('Feasibility')]: 3,
        [fieldId('Customer value')]: 5,
      },
    });
    expect(opsIssue.status).toBe(201);
    const key = String(opsIssue.body.key);
    await env.site.sandbox.idle();
    const globalInUse = data(await invoke<FrameworkVersion>('admin', 'framework.current', { projectKey: 'OPS' }));
    expect(globalInUse.projectKey).toBeUndefined();
    const inReq = await workedCase();
    const reqBefore = await computedOf(inReq);

    const saved = data(
      await invoke<SavedVersion>('admin', 'framework.save', {
        settings: projectSettings,
        note: 'Ops grades S from 4.2',
        baseVersion: globalInUse.version,
        projectKey: 'OPS',
      }),
    );
    expect(saved.version).toMatchObject({ projectKey: 'OPS', version: globalInUse.version + 1 });
    expect(saved.job.projectKey).toBe('OPS');
    const job = await waitForJob();
    expect(job).toMatchObject({ projectKey: 'OPS', status: 'done', processed: 1 });
    // 4.3 is S under the project's thresholds; REQ keeps the global default.
    expect(await computedOf(key)).toEqual({
      'Weighted score': 4.3,
      'Priority grade': 'S',
      'Scoring framework version': saved.version.version,
    });
    expect(await computedOf(inReq)).toEqual(reqBefore);
    expect(data(await invoke<string[]>('admin', 'framework.overrides', {}))).toEqual(['OPS']);
    expect(
      data(await invoke<FrameworkVersion[]>('admin', 'framework.history', { projectKey: 'OPS' })).map(
        (version) => version.version,
      ),
    ).toEqual([saved.version.version]);
  });

  test('the global default no longer re-scores a project with its own framework', async () => {
    await workedCase();
    const inReq = await searchKeys('project = REQ AND issuetype = Requirement');
    const globalInUse = data(await invoke<FrameworkVersion>('admin', 'framework.current', {}));
    const saved = data(
      await invoke<SavedVersion>('admin', 'framework.save', {
        settings: DEFAULT_FRAMEWORK_SETTINGS,
        note: 'Global back to the documents',
        baseVersion: globalInUse.version,
      }),
    );
    const job = await waitForJob();
    expect(job).toMatchObject({ projectKey: null, status: 'done', processed: inReq.length });
    const ops = data(await invoke<FrameworkVersion>('admin', 'framework.current', { projectKey: 'OPS' }));
    expect(ops.projectKey).toBe('OPS');
    expect(ops.version).toBeLessThan(saved.version.version);
  });

  test('a project the site does not have is refused by name', async () => {
    const result = await invoke<SavedVersion>('admin', 'framework.save', {
      settings: projectSettings,
      note: 'x',
      baseVersion: 1,
      projectKey: 'NOPE',
    });
    expect(!result.ok && result.error).toMatchObject({
      kind: 'validation',
      violations: [expect.objectContaining({ field: 'projectKey', message: 'There is no project NOPE.' })],
    });
  });
});

test('every Jira call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
