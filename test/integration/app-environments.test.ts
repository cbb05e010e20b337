import type { ForgeRuntime } from '../../sandbox/forge/runtime';
import type { ScreenRecord, ScreenSchemeRecord, IssueTypeScreenSchemeRecord } from '../../sandbox/jira/resources/configuration';
import type { FieldRecord } from '../../sandbox/jira/model';
import type { WorkflowRecord, WorkflowSchemeRecord } from '../../sandbox/jira/resources/workflows';
import type { FeasibilityMark } from '../../src/domain/delivery/feasibility';
import type { ResolverResult, SetupReport } from '../../src/shared/api';
import { updateDeliveryRecord } from '../../src/storage/delivery-store';
import { ACCOUNTS, siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * Two environments of the app on one site (production, set up on REQ by the seed, and development
 * installed beside it): each has its own fields and validator with the same module keys, and each
 * environment's setup, scoring trigger and validator touch only its own.
 */

const env = useTestSandbox();
const DEV_ENVIRONMENT_ID = '1f0e2d3c-4b5a-4697-8877-665544332211';
let dev: ForgeRuntime;

beforeAll(() => {
  dev = env.site.sandbox.installEnvironment(DEV_ENVIRONMENT_ID, 'DEVELOPMENT');
});

const store = () => env.site.sandbox.store;
const fieldsOf = (runtime: ForgeRuntime): FieldRecord[] =>
  store()
    .list<FieldRecord>('jira-fields')
    .filter((field) => runtime.providesModule(field.schema.custom ?? ''));
const fieldOf = (runtime: ForgeRuntime, moduleKey: string): string =>
  fieldsOf(runtime).find((field) => field.schema.custom === runtime.moduleAri(moduleKey))!.id;
const { rest, move } = siteRest(env);
const createRequirement = async (projectKey: string, runtime: ForgeRuntime): Promise<{ id: string; key: string }> => {
  const inputs = { 'rt-urgency': 4, 'rt-importance': 5, 'rt-feasibility': 3, 'rt-customer-value': 5 };
  const created = await rest('POST', '/rest/api/3/issue', {
    fields: {
      project: { key: projectKey },
      issuetype: { name: 'Requirement' },
      summary: `Scored in ${runtime.environmentType}`,
      ...Object.fromEntries(Object.entries(inputs).map(([key, value]) => [fieldOf(runtime, key), value])),
    },
  });
  expect(created.status).toBe(201);
  await env.site.sandbox.idle();
  return { id: String(created.body.id), key: String(created.body.key) };
};
const workflowNamed = (name: string): WorkflowRecord =>
  store()
    .list<WorkflowRecord>('jira-workflows')
    .find((workflow) => workflow.name === name)!;
const ruleKeysOf = (workflow: WorkflowRecord): string[] => [
  ...new Set(
    workflow.transitions.flatMap((transition) => (transition.validators ?? []).map((validator) => validator.parameters.key!)),
  ),
];
const allMarks: FeasibilityMark[] = (['technical', 'business', 'compliance'] as const).map((dimension) => ({
  dimension,
  verdict: 'feasible',
  note: '',
  by: { accountId: 'tech-lead', displayName: 'Tech Lead' },
  at: '2026-11-20T09:00:00Z',
}));

test('each environment has its own fields and validator, named by app id, environment id and module key', () => {
  const production = env.site.sandbox.runtime;
  expect(fieldsOf(dev).length).toBe(fieldsOf(production).length);
  expect(fieldOf(dev, 'rt-urgency')).not.toBe(fieldOf(production, 'rt-urgency'));
  expect(fieldsOf(dev).find((field) => field.schema.custom!.endsWith('/static/rt-urgency'))!.schema.custom).toBe(
    `ari:cloud:ecosystem::extension/${dev.appId}/${DEV_ENVIRONMENT_ID}/static/rt-urgency`,
  );
  expect(env.site.sandbox.forgeRules().map((rule) => rule.id)).toEqual([
    production.moduleAri('rt-delivery-rules'),
    dev.moduleAri('rt-delivery-rules'),
  ]);
});

test("one environment's setup installs its own fields, its own workflow and only its own validator", async () => {
  expect(
    (
      await rest(
        'POST',
        '/rest/api/3/project',
        { key: 'DEV', name: 'Development trials', projectTypeKey: 'business', leadAccountId: '5b10ac8d82e05b22cc7d4ef5' },
        'admin',
      )
    ).status,
  ).toBe(201);
  const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
    method: 'POST',
    headers: ACCOUNTS.admin,
    body: JSON.stringify({
      resource: 'admin',
      resolver: 'setup.run',
      payload: { projectKey: 'DEV' },
      context: { environmentId: DEV_ENVIRONMENT_ID },
    }),
  });
  const result = ((await response.json()) as { result: ResolverResult<SetupReport> }).result;
  expect(result.ok && result.data.steps.every((step) => step.status !== 'failed')).toBe(true);

  const projectId = store()
    .list<{ id: string; key: string }>('jira-projects')
    .find((project) => project.key === 'DEV')!.id;
  const screenSchemeId = store()
    .list<IssueTypeScreenSchemeRecord>('jira-issue-type-screen-schemes')
    .find((scheme) => scheme.projectIds.includes(projectId))!.mappings.default!;
  const screen = store().get<ScreenRecord>(
    'jira-screens',
    store().get<ScreenSchemeRecord>('jira-screen-schemes', screenSchemeId)!.screens.default,
  )!;
  const onScreen = new Set(JSON.stringify(screen).match(/customfield_\d+/g));
  const devIds = new Set(fieldsOf(dev).map((field) => field.id));
  const productionIds = fieldsOf(env.site.sandbox.runtime).map((field) => field.id);
  expect([...onScreen].filter((id) => devIds.has(id)).length).toBe(devIds.size);
  expect(productionIds.filter((id) => onScreen.has(id))).toEqual([]);

  const devWorkflow = `Requirement Triage workflow (development ${DEV_ENVIRONMENT_ID.slice(0, 8)})`;
  const scheme = store()
    .list<WorkflowSchemeRecord>('jira-workflow-schemes')
    .find((candidate) => candidate.projectIds.includes(projectId))!;
  expect(Object.values(scheme.issueTypeMappings)).toEqual([devWorkflow]);
  expect(ruleKeysOf(workflowNamed(devWorkflow))).toEqual([dev.moduleAri('rt-delivery-rules')]);
  // Production's workflow (REQ) keeps production's validator alone.
  expect(ruleKeysOf(workflowNamed('Requirement Triage workflow'))).toEqual([
    env.site.sandbox.runtime.moduleAri('rt-delivery-rules'),
  ]);
});

test("one environment's scoring trigger writes only its own computed fields", async () => {
  const production = env.site.sandbox.runtime;
  const inDev = await createRequirement('DEV', dev);
  const inProduction = await createRequirement('REQ', production);
  const fields = (id: string) => store().get<{ fields: Record<string, unknown> }>('jira-issues', id)!.fields;
  expect(fields(inDev.id)[fieldOf(dev, 'rt-weighted-score')]).toBe(4.3);
  expect(fields(inDev.id)[fieldOf(production, 'rt-weighted-score')] ?? null).toBeNull();
  expect(fields(inProduction.id)[fieldOf(production, 'rt-weighted-score')]).toBe(4.3);
  expect(fields(inProduction.id)[fieldOf(dev, 'rt-weighted-score')] ?? null).toBeNull();
});

test("Jira refuses one environment's write to another environment's field (403)", () => {
  const issue = store().list<{ id: string }>('jira-issues')[0]!;
  const asDev = { kind: 'app' as const, appId: dev.appId, environmentId: DEV_ENVIRONMENT_ID };
  const refused = env.site.sandbox.emulator.handle(
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      query: {},
      body: {
        updates: [
          { customField: fieldOf(env.site.sandbox.runtime, 'rt-weighted-score'), issueIds: [Number(issue.id)], value: 1 },
        ],
      },
    },
    asDev,
  );
  expect(refused.status).toBe(403);
  const own = env.site.sandbox.emulator.handle(
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      query: {},
      body: { updates: [{ customField: fieldOf(dev, 'rt-weighted-score'), issueIds: [Number(issue.id)], value: 1 }] },
    },
    asDev,
  );
  expect(own.status).toBe(204);
});

test("one environment's validator decides its own workflow's transitions from its own storage", async () => {
  const { id, key } = await createRequirement('DEV', dev);
  expect((await move(key, 'Confirm')).status).toBe(204);
  expect((await move(key, 'Accept')).status).toBe(204);
  // Production's storage says every mark is there; development's validator does not read it.
  await updateDeliveryRecord(id, (current) => ({ ...current, feasibility: allMarks }));
  const refused = await move(key, 'Start work');
  expect(refused.status).toBe(400);
  expect(JSON.stringify(refused.body)).toContain('Mark the technical feasibility first.');
  await dev.runInEnvironment(() => updateDeliveryRecord(id, (current) => ({ ...current, feasibility: allMarks })));
  expect((await move(key, 'Start work')).status).toBe(204);
});
