import type {
  FrameworkDiff,
  FrameworkVersion,
  ResolverResult,
  RescoringJob,
  RescoringPreview,
  SavedVersion,
} from '../../src/shared/api';
import { DEFAULT_FRAMEWORK_SETTINGS } from '../../src/domain/framework';
import { basicAuth, useTestSandbox } from '../support/test-sandbox';

/**
 * Editing the scoring framework as an admin: preview, versioned save with conflict detection, diff,
 * revert, and the queue-driven re-scoring of every Requirement, also under injected 429s.
 */

const env = useTestSandbox();

const admin = basicAuth('admin@example.com', 'admin-token');
const pm = basicAuth('pm@example.com', 'pm-token');

async function invoke<T>(
  headers: Record<string, string>,
  resolver: string,
  payload: Record<string, unknown>,
): Promise<ResolverResult<T>> {
  // In English, as the admin page in English asks.
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ resource: 'admin', resolver, payload: { ...payload, readerLocale: 'en-US' } }),
  });
  return ((await response.json()) as { result: ResolverResult<T> }).result;
}

const data = <T>(result: ResolverResult<T>): T => {
  if (!result.ok) throw new Error(`${result.error.kind}: ${result.error.message}`);
  return result.data;
};

const urgencyFirst = {
  ...DEFAULT_FRAMEWORK_SETTINGS,
  weights: { urgency: 40, importance: 20, feasibility: 20, customerValue: 20 },
};

async function computedOf(key: string): Promise<Record<string, unknown>> {
  const fields = (await (await fetch(`${env.site.url}/rest/api/3/field`, { headers: pm })).json()) as {
    id: string;
    name: string;
  }[];
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
    const job = data(await invoke<RescoringJob | null>(admin, 'rescoring.status', {}));
    if (job && job.status !== 'running') return job;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the re-scoring job did not finish');
}

test('an invalid framework lists every violation and saves nothing', async () => {
  const result = await invoke<SavedVersion>(admin, 'framework.save', {
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
  expect(data(await invoke<FrameworkVersion[]>(admin, 'framework.history', {})).map((version) => version.version)).toEqual([1]);
});

test('the preview counts the moves before saving', async () => {
  const preview = data(
    await invoke<RescoringPreview>(admin, 'framework.preview', {
      settings: { ...DEFAULT_FRAMEWORK_SETTINGS, gradeThresholds: { S: 4.3, A: 3.5, B: 2.5 } },
    }),
  );
  expect(preview.total).toBe(6);
  expect(preview.gradeMoves).toEqual([{ from: 'A', to: 'S', count: 1 }]);
  expect(preview.changes.map((change) => change.key)).toEqual(['REQ-1']);
});

test('only an admin may preview or save', async () => {
  expect(await invoke(pm, 'framework.save', { settings: urgencyFirst, note: 'x', baseVersion: 1 })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'Only a Jira administrator may do this.' },
  });
  expect((await invoke(pm, 'framework.preview', { settings: urgencyFirst })).ok).toBe(false);
});

test('saving creates version 2 by its author and re-scores every Requirement through the queue', async () => {
  const saved = data(
    await invoke<SavedVersion>(admin, 'framework.save', { settings: urgencyFirst, note: 'Urgency matters more', baseVersion: 1 }),
  );
  expect(saved.version).toMatchObject({ version: 2, note: 'Urgency matters more', author: { displayName: 'Ada Admin' } });
  const job = await waitForJob();
  expect(job).toMatchObject({ frameworkVersion: 2, status: 'done', total: 6, processed: 6, failures: [] });
  // REQ-1: 40*4 + 20*5 + 20*3 + 20*5 = 420 → 4.2, A
  expect(await computedOf('REQ-1')).toEqual({ 'Weighted score': 4.2, 'Priority grade': 'A', 'Scoring framework version': 2 });
  for (const key of ['REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6'])
    expect((await computedOf(key))['Scoring framework version']).toBe(2);
});

test('a second admin saving on a stale version gets a conflict naming who saved first', async () => {
  const result = await invoke<SavedVersion>(admin, 'framework.save', {
    settings: DEFAULT_FRAMEWORK_SETTINGS,
    note: 'stale',
    baseVersion: 1,
  });
  expect(result.ok).toBe(false);
  expect(!result.ok && result.error).toMatchObject({
    kind: 'conflict',
    message: expect.stringContaining('Ada Admin saved version 2'),
  });
  expect(data(await invoke<FrameworkVersion[]>(admin, 'framework.history', {})).map((version) => version.version)).toEqual([
    1, 2,
  ]);
});

test('the diff names each changed setting, and revert makes a new version equal to the old one', async () => {
  const diff = data(await invoke<FrameworkDiff>(admin, 'framework.diff', { from: 1, to: 2 }));
  expect(diff.changes).toEqual([
    { setting: 'weights.urgency', before: 30, after: 40 },
    { setting: 'weights.importance', before: 30, after: 20 },
  ]);
  expect((await invoke(admin, 'framework.diff', { from: 1, to: 9 })).ok).toBe(false);

  const reverted = data(
    await invoke<SavedVersion>(admin, 'framework.revert', { version: 1, note: 'Back to the documents', baseVersion: 2 }),
  );
  expect(reverted.version).toMatchObject({ version: 3, settings: DEFAULT_FRAMEWORK_SETTINGS });
  await waitForJob();
  expect(await computedOf('REQ-1')).toEqual({ 'Weighted score': 4.3, 'Priority grade': 'A', 'Scoring framework version': 3 });
});

test("with 30 % of the app's Jira calls answered 429, re-scoring still writes every value once", async () => {
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
      await invoke<SavedVersion>(admin, 'framework.save', { settings: urgencyFirst, note: 'Again, under load', baseVersion: 3 }),
    );
    const job = await waitForJob();
    expect(job).toMatchObject({ frameworkVersion: saved.version.version, status: 'done', processed: 6, failures: [] });
    for (const key of ['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6'])
      expect((await computedOf(key))['Scoring framework version']).toBe(4);
    const faults = (await (await fetch(`${env.site.url}/__sandbox/faults`)).json()) as { injected: number };
    expect(faults.injected).toBeGreaterThan(0);
  } finally {
    await fetch(`${env.site.url}/__sandbox/faults`, { method: 'POST', headers, body: JSON.stringify({ rate: 0 }) });
  }
});

describe('a project with its own framework', () => {
  const headers = admin;
  const projectSettings = { ...DEFAULT_FRAMEWORK_SETTINGS, gradeThresholds: { S: 4.2, A: 3.5, B: 2.5 } };

  test('saving for a project creates its override; only its requirements are re-scored', async () => {
    const created = await fetch(`${env.site.url}/rest/api/3/project`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        key: 'OPS',
        name: 'Operations',
        projectTypeKey: 'business',
        leadAccountId: '5b10ac8d82e05b22cc7d4ef5',
      }),
    });
    expect(created.status).toBe(201);
    expect(data(await invoke<{ steps: unknown[] }>(admin, 'setup.run', { projectKey: 'OPS' })).steps.length).toBeGreaterThan(0);
    const fields = (await (await fetch(`${env.site.url}/rest/api/3/field`, { headers: pm })).json()) as {
      id: string;
      name: string;
    }[];
    const id = (name: string) => fields.find((field) => field.name === name)!.id;
    const opsIssue = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: pm,
      body: JSON.stringify({
        fields: {
          project: { key: 'OPS' },
          issuetype: { name: 'Requirement' },
          summary: 'Ops worked case',
          [id('Urgency')]: 4,
          [id('Importance')]: 5,
          [id('Feasibility')]: 3,
          [id('Customer value')]: 5,
        },
      }),
    });
    const { key } = (await opsIssue.json()) as { key: string };
    await env.site.sandbox.idle();
    const globalInUse = data(await invoke<FrameworkVersion>(admin, 'framework.current', { projectKey: 'OPS' }));
    expect(globalInUse.projectKey).toBeUndefined();
    const reqBefore = await computedOf('REQ-1');

    const saved = data(
      await invoke<SavedVersion>(admin, 'framework.save', {
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
    expect(await computedOf('REQ-1')).toEqual(reqBefore);
    expect(data(await invoke<string[]>(admin, 'framework.overrides', {}))).toEqual(['OPS']);
    expect(
      data(await invoke<FrameworkVersion[]>(admin, 'framework.history', { projectKey: 'OPS' })).map((version) => version.version),
    ).toEqual([saved.version.version]);
  });

  test('the global default no longer re-scores a project with its own framework', async () => {
    const globalInUse = data(await invoke<FrameworkVersion>(admin, 'framework.current', {}));
    const saved = data(
      await invoke<SavedVersion>(admin, 'framework.save', {
        settings: DEFAULT_FRAMEWORK_SETTINGS,
        note: 'Global back to the documents',
        baseVersion: globalInUse.version,
      }),
    );
    const job = await waitForJob();
    expect(job).toMatchObject({ projectKey: null, status: 'done', processed: 6 });
    const ops = data(await invoke<FrameworkVersion>(admin, 'framework.current', { projectKey: 'OPS' }));
    expect(ops.projectKey).toBe('OPS');
    expect(ops.version).toBeLessThan(saved.version.version);
  });

  test('a project the site does not have is refused by name', async () => {
    const result = await invoke<SavedVersion>(admin, 'framework.save', {
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
