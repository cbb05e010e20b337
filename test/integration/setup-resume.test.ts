import type { ScreenRecord, ScreenSchemeRecord, IssueTypeScreenSchemeRecord } from '../../sandbox/jira/resources/configuration';
import type { FieldRecord } from '../../sandbox/jira/model';
import type { SiteStatusRecord, WorkflowRecord, WorkflowSchemeRecord } from '../../sandbox/jira/resources/workflows';
import { isEditableField, SCREEN_FIELDS } from '../../src/domain/fields';
import type { ResolverResult, SetupReport } from '../../src/shared/api';
import { basicAuth, useTestSandbox } from '../support/test-sandbox';

/** Project setup fails mid-way when Jira keeps refusing, reports the step, and a re-run finishes it. */

const env = useTestSandbox();

const admin = basicAuth('admin@example.com', 'admin-token');

async function runSetup(projectKey: string): Promise<ResolverResult<SetupReport>> {
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ resource: 'admin', resolver: 'setup.run', payload: { projectKey, readerLocale: 'en-US' } }),
  });
  return ((await response.json()) as { result: ResolverResult<SetupReport> }).result;
}

async function setFaults(settings: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${env.site.url}/__sandbox/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(settings),
  });
  expect(response.status).toBe(200);
}

test('a fresh project: Jira answering 503 to everything stops setup at a named step, a re-run completes it', async () => {
  const created = await fetch(`${env.site.url}/rest/api/3/project`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({
      key: 'OPS',
      name: 'Operations requests',
      projectTypeKey: 'business',
      leadAccountId: '5b10ac8d82e05b22cc7d4ef5',
    }),
  });
  expect(created.status).toBe(201);

  await setFaults({ rate: 1, statuses: [503], retryAfterSeconds: 0.01, seed: 1 });
  let failed: ResolverResult<SetupReport>;
  try {
    failed = await runSetup('OPS');
  } finally {
    await setFaults({ rate: 0 });
  }
  // The project lookup itself is refused, so the guard reports Jira as unavailable and nothing was changed.
  expect(failed).toEqual({
    ok: false,
    error: { kind: 'unavailable', message: 'Jira is busy or unreachable; nothing was changed. Try again in a moment.' },
  });

  const finished = await runSetup('OPS');
  expect(finished.ok && finished.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:created',
    'screens:created',
    'workflow:created',
    'record:done',
  ]);

  const again = await runSetup('OPS');
  expect(again.ok && again.data.steps.every((step) => step.status === 'done')).toBe(true);
  const scheme = env.site.sandbox.store
    .list<{ name: string; issueTypeIds: string[] }>('jira-issue-type-schemes')
    .find((candidate) => candidate.name.startsWith('OPS'));
  expect(
    scheme!.issueTypeIds.filter(
      (id) => env.site.sandbox.store.get<{ name: string }>('jira-issue-types', id)?.name === 'Requirement',
    ),
  ).toHaveLength(1);
});

test('a failure inside a step is reported with that step, and nothing after it runs', async () => {
  const created = await fetch(`${env.site.url}/rest/api/3/project`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ key: 'SVC', name: 'Service', projectTypeKey: 'software', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' }),
  });
  expect(created.status).toBe(201);
  // Jira keeps failing only the issue type scheme calls, after the retries the client makes.
  let calls = 0;
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    if (principal.kind === 'app' && request.path.startsWith('/rest/api/3/issuetypescheme')) {
      calls += 1;
      return { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } };
    }
    return handle(request, principal);
  };
  try {
    const report = await runSetup('SVC');
    expect(report.ok && report.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
      'project:done',
      'fields:done',
      'issue-type:done',
      'issue-type-scheme:failed',
    ]);
    expect(report.ok && report.data.steps.at(-1)!.detail).toContain('Internal server error');
    expect(calls).toBeGreaterThan(0);
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
  const resumed = await runSetup('SVC');
  expect(resumed.ok && resumed.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:created',
    'screens:created',
    'workflow:created',
    'record:done',
  ]);
});

/** The project's create screen and edit/view screen, as the emulator stores them. */
function screensOf(projectKey: string): { create: ScreenRecord; editView: ScreenRecord } {
  const store = env.site.sandbox.store;
  const projectId = store.list<{ id: string; key: string }>('jira-projects').find((project) => project.key === projectKey)!.id;
  const scheme = store
    .list<IssueTypeScreenSchemeRecord>('jira-issue-type-screen-schemes')
    .find((candidate) => candidate.projectIds.includes(projectId))!;
  const screenScheme = store.get<ScreenSchemeRecord>('jira-screen-schemes', scheme.mappings.default!)!;
  return {
    create: store.get<ScreenRecord>('jira-screens', screenScheme.screens.create!)!,
    editView: store.get<ScreenRecord>('jira-screens', screenScheme.screens.default)!,
  };
}

function appFieldsOn(screen: ScreenRecord): string[] {
  const byId = new Map(
    env.site.sandbox.store.list<FieldRecord>('jira-fields').map((field) => [field.id, field.schema.custom?.split('/').pop()]),
  );
  return screen.tabs
    .flatMap((tab) => tab.fieldIds)
    .map((id) => byId.get(id))
    .filter((key): key is string => key !== undefined);
}

test('a fresh project gets every app field on its screens in form order, once, after a failure and a resume', async () => {
  const created = await fetch(`${env.site.url}/rest/api/3/project`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ key: 'SCR', name: 'Screens', projectTypeKey: 'business', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' }),
  });
  expect(created.status).toBe(201);
  // Jira refuses the third field placement and keeps refusing: the step fails with two fields placed.
  let placements = 0;
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    if (request.method === 'POST' && /\/screens\/\d+\/tabs\/\d+\/fields$/.test(request.path) && ++placements > 2) {
      return { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } };
    }
    return handle(request, principal);
  };
  try {
    const report = await runSetup('SCR');
    expect(report.ok && report.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
      'project:done',
      'fields:done',
      'issue-type:done',
      'issue-type-scheme:created',
      'screens:failed',
    ]);
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
  expect(appFieldsOn(screensOf('SCR').create)).toHaveLength(2);

  const resumed = await runSetup('SCR');
  expect(resumed.ok && resumed.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:done',
    'screens:created',
    'workflow:created',
    'record:done',
  ]);
  const { create, editView } = screensOf('SCR');
  expect(appFieldsOn(create)).toEqual(SCREEN_FIELDS.filter(isEditableField).map((field) => field.moduleKey));
  expect(appFieldsOn(editView)).toEqual(SCREEN_FIELDS.map((field) => field.moduleKey));
  // Jira's own fields stay first and untouched.
  expect(create.tabs[0]!.fieldIds.slice(0, 3)).toEqual(['summary', 'issuetype', 'reporter']);

  const again = await runSetup('SCR');
  expect(again.ok && again.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:done',
    'screens:done',
    'workflow:done',
    'record:done',
  ]);
  expect(appFieldsOn(screensOf('SCR').editView)).toHaveLength(SCREEN_FIELDS.length);
  // The 500s the tests inject are not in the spec; everything the emulator itself answered is.
  expect(env.site.sandbox.contractViolations.filter((violation) => violation.status !== 500)).toEqual([]);
});

/** The workflow the project's Requirement type follows, as the emulator stores it. */
function requirementWorkflowOf(projectKey: string): WorkflowRecord {
  const store = env.site.sandbox.store;
  const projectId = store.list<{ id: string; key: string }>('jira-projects').find((project) => project.key === projectKey)!.id;
  const typeId = store.list<{ id: string; name: string }>('jira-issue-types').find((type) => type.name === 'Requirement')!.id;
  const scheme = store
    .list<WorkflowSchemeRecord>('jira-workflow-schemes')
    .find((candidate) => candidate.projectIds.includes(projectId))!;
  const name = scheme.issueTypeMappings[typeId] ?? scheme.defaultWorkflow;
  return store.list<WorkflowRecord>('jira-workflows').find((workflow) => workflow.name === name)!;
}

const SEVEN = ['To confirm', 'Analysing', 'Pending', 'In progress', 'In test', 'Done', 'Closed'];

test('a fresh project gets the requirement workflow; a failed publish resumes; nothing is created twice', async () => {
  const created = await fetch(`${env.site.url}/rest/api/3/project`, {
    method: 'POST',
    headers: admin,
    body: JSON.stringify({ key: 'WFL', name: 'Workflow', projectTypeKey: 'software', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' }),
  });
  expect(created.status).toBe(201);
  const store = env.site.sandbox.store;
  const statusCount = store.list('jira-statuses').length;
  const workflowCount = store.list('jira-workflows').length;
  // Jira keeps failing the draft publish: the workflow step fails after the draft was made.
  const handle = env.site.sandbox.emulator.handle.bind(env.site.sandbox.emulator);
  env.site.sandbox.emulator.handle = (request, principal) => {
    if (request.method === 'POST' && request.path.endsWith('/draft/publish'))
      return { status: 500, body: { errorMessages: ['Internal server error'], errors: {} } };
    return handle(request, principal);
  };
  try {
    const report = await runSetup('WFL');
    expect(report.ok && report.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
      'project:done',
      'fields:done',
      'issue-type:done',
      'issue-type-scheme:created',
      'screens:created',
      'workflow:failed',
    ]);
  } finally {
    env.site.sandbox.emulator.handle = handle;
  }
  expect(requirementWorkflowOf('WFL').name).toBe('Sandbox simple workflow');

  const resumed = await runSetup('WFL');
  expect(resumed.ok && resumed.data.steps.map((step) => `${step.key}:${step.status}`)).toEqual([
    'project:done',
    'fields:done',
    'issue-type:done',
    'issue-type-scheme:done',
    'screens:done',
    'workflow:created',
    'record:done',
  ]);
  const workflow = requirementWorkflowOf('WFL');
  expect(workflow.name).toBe('Requirement Triage workflow');
  const statuses = workflow.statusIds.map((id) => store.get<SiteStatusRecord>('jira-statuses', id)!);
  // Status names are unique regardless of case: Jira's own "In Progress" and "Done" are reused as they are.
  expect(statuses.map((status) => status.name)).toEqual([
    'To confirm',
    'Analysing',
    'Pending',
    'In Progress',
    'In test',
    'Done',
    'Closed',
  ]);
  expect(statuses.map((status) => status.category.key)).toEqual([
    'new',
    'new',
    'new',
    'indeterminate',
    'indeterminate',
    'done',
    'done',
  ]);
  expect(store.get<SiteStatusRecord>('jira-statuses', workflow.initialStatusId)!.name).toBe('To confirm');
  // The statuses setup created carry their Chinese name in the description.
  expect(statuses.find((status) => status.name === 'Analysing')!.description).toBe('分析中 · Being analysed and scored');
  // Other issue types keep the simple workflow.
  const scheme = store.list<WorkflowSchemeRecord>('jira-workflow-schemes').find((candidate) => candidate.name.startsWith('WFL'))!;
  expect([scheme.defaultWorkflow, scheme.draft]).toEqual(['Sandbox simple workflow', undefined]);

  const again = await runSetup('WFL');
  expect(again.ok && again.data.steps.every((step) => step.status === 'done')).toBe(true);
  // The REQ project set the workflow up when the sandbox was seeded: nothing is created twice.
  expect(store.list('jira-statuses')).toHaveLength(statusCount);
  expect(store.list('jira-workflows')).toHaveLength(workflowCount);
  for (const name of SEVEN)
    expect(
      store.list<SiteStatusRecord>('jira-statuses').filter((status) => status.name.toLowerCase() === name.toLowerCase()),
    ).toHaveLength(1);

  // A new Requirement starts in "To confirm"; a Task in the same project still starts in "To Do".
  const issue = async (issuetype: string): Promise<string> => {
    const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ fields: { project: { key: 'WFL' }, issuetype: { name: issuetype }, summary: issuetype } }),
    });
    const { key } = (await response.json()) as { key: string };
    const read = await fetch(`${env.site.url}/rest/api/3/issue/${key}?fields=status`, { headers: admin });
    return ((await read.json()) as { fields: { status: { name: string } } }).fields.status.name;
  };
  expect(await issue('Requirement')).toBe('To confirm');
  expect(await issue('Task')).toBe('To Do');
  expect(env.site.sandbox.contractViolations.filter((violation) => violation.status !== 500)).toEqual([]);
});
