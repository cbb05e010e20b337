import type { TaskRecord } from '../../sandbox/jira/resources/tasks';
import type { WorkflowSchemeRecord } from '../../sandbox/jira/resources/workflows';
import { REQUIREMENT_WORKFLOW } from '../../src/domain/workflow';
import type { ResolverResult, SetupReport } from '../../src/shared/api';
import { ACCOUNTS, useTestSandbox } from '../support/test-sandbox';

/**
 * Publishing a workflow scheme's draft is asynchronous in Jira (303 to a task). Setup follows the
 * task until it completes, and a setup interrupted while the task runs finishes on a re-run.
 */

const env = useTestSandbox({ checkContract: true });

async function runSetup(projectKey: string): Promise<SetupReport> {
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: JSON.stringify({ resource: 'admin', resolver: 'setup.run', payload: { projectKey } }),
  });
  const result = ((await response.json()) as { result: ResolverResult<SetupReport> }).result;
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

async function createProject(key: string): Promise<string> {
  const created = await fetch(`${env.site.url}/rest/api/3/project`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: JSON.stringify({ key, name: `${key} requests`, projectTypeKey: 'business', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' }),
  });
  expect(created.status).toBe(201);
  return String(((await created.json()) as { id: number | string }).id);
}

const schemeOf = (projectId: string): WorkflowSchemeRecord =>
  env.site.sandbox.store
    .list<WorkflowSchemeRecord>('jira-workflow-schemes')
    .find((scheme) => scheme.projectIds.includes(projectId))!;
const requirementTypeId = (): string =>
  env.site.sandbox.store.list<{ id: string; name: string }>('jira-issue-types').find((type) => type.name === 'Requirement')!.id;
const tasks = (): TaskRecord[] => env.site.sandbox.store.list<TaskRecord>('jira-tasks');
const stepStatuses = (report: SetupReport): string[] => report.steps.map((step) => `${step.key}:${step.status}`);

afterEach(() => {
  env.site.sandbox.emulator.tasks.durationMs = 300;
});

test('the emulator answers a publish with 303 and a task; setup waits for the task and the scheme is published', async () => {
  const projectId = await createProject('ASY');
  const response = await fetch(`${env.site.url}/rest/api/3/workflowscheme/${schemeOf(projectId).id}/draft/publish`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: '{}',
    redirect: 'manual',
  });
  // No draft yet: refused at once, as documented (404), and no task is started.
  expect(response.status).toBe(404);
  const before = tasks().length;

  const report = await runSetup('ASY');
  expect(stepStatuses(report)).toContain('workflow:created');
  const started = tasks().slice(before);
  expect(started.map((task) => task.status)).toEqual(['COMPLETE']);
  expect(schemeOf(projectId).issueTypeMappings[requirementTypeId()]).toBe(REQUIREMENT_WORKFLOW.name);
  expect(schemeOf(projectId).draft).toBeUndefined();
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

test('GET /task/{id} reports the task ENQUEUED, then RUNNING, then COMPLETE, and the draft is applied only when it completes', async () => {
  const projectId = await createProject('TSK');
  const scheme = schemeOf(projectId);
  const typeId = requirementTypeId();
  const put = await fetch(`${env.site.url}/rest/api/3/workflowscheme/${scheme.id}/issuetype/${typeId}`, {
    method: 'PUT',
    headers: ACCOUNTS.admin,
    body: JSON.stringify({ issueType: typeId, workflow: 'Sandbox simple workflow', updateDraftIfNeeded: true }),
  });
  expect(put.status).toBe(200);
  env.site.sandbox.emulator.tasks.durationMs = 2 * 3600_000;
  const publish = await fetch(`${env.site.url}/rest/api/3/workflowscheme/${scheme.id}/draft/publish`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: '{}',
    redirect: 'manual',
  });
  expect(publish.status).toBe(303);
  const location = publish.headers.get('location')!;
  expect(location).toMatch(/\/rest\/api\/3\/task\/\d+$/);
  const read = async () =>
    (await (await fetch(location, { headers: ACCOUNTS.admin })).json()) as { status: string; progress: number };
  expect(await read()).toMatchObject({ status: 'ENQUEUED', progress: 0 });
  expect(schemeOf(projectId).draft).toBeDefined();
  // Another account did not submit it and is no Jira admin.
  expect((await fetch(location, { headers: ACCOUNTS.pm })).status).toBe(403);
  await fetch(`${env.site.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: 'PT1H' }),
  });
  expect(await read()).toMatchObject({ status: 'RUNNING' });
  expect(schemeOf(projectId).draft).toBeDefined();
  await fetch(`${env.site.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: 'PT1H' }),
  });
  expect(await read()).toMatchObject({ status: 'COMPLETE', progress: 100 });
  expect(schemeOf(projectId).draft).toBeUndefined();
  expect(schemeOf(projectId).issueTypeMappings[typeId]).toBe('Sandbox simple workflow');
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

test('a setup interrupted while the publish task runs finishes on re-run', async () => {
  const projectId = await createProject('INT');
  env.site.sandbox.emulator.tasks.durationMs = 3600_000;
  // The app loses Jira while it follows the task: every read of the task fails.
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) =>
    principal.kind === 'app' && request.path.startsWith('/rest/api/3/task/')
      ? { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } }
      : handle(request, principal);
  let interrupted: SetupReport;
  try {
    interrupted = await runSetup('INT');
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
  expect(stepStatuses(interrupted).at(-1)).toBe('workflow:failed');
  expect(schemeOf(projectId).issueTypeMappings[requirementTypeId()]).toBeUndefined();
  expect(tasks().at(-1)!.status).toBe('ENQUEUED');

  // The task finishes in Jira's own time; the re-run finds the scheme published and completes.
  await fetch(`${env.site.url}/__sandbox/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advance: 'PT1H' }),
  });
  const resumed = await runSetup('INT');
  expect(stepStatuses(resumed)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:done',
    'screens:done',
    'workflow:done',
    'record:done',
  ]);
  expect(schemeOf(projectId).issueTypeMappings[requirementTypeId()]).toBe(REQUIREMENT_WORKFLOW.name);
});

test('a re-run while the first task still runs publishes again; the second task failing because the first published is success', async () => {
  const projectId = await createProject('TWO');
  env.site.sandbox.emulator.tasks.durationMs = 1500;
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) =>
    principal.kind === 'app' && request.path.startsWith('/rest/api/3/task/')
      ? { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } }
      : handle(request, principal);
  try {
    expect(stepStatuses(await runSetup('TWO')).at(-1)).toBe('workflow:failed');
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
  const resumed = await runSetup('TWO');
  expect(stepStatuses(resumed).at(-2)).toBe('workflow:created');
  expect(
    tasks()
      .slice(-2)
      .map((task) => task.status),
  ).toEqual(['COMPLETE', 'FAILED']);
  expect(schemeOf(projectId).issueTypeMappings[requirementTypeId()]).toBe(REQUIREMENT_WORKFLOW.name);
});
