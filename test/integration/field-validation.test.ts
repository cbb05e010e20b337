import { HttpException, Version3Client } from 'jira.js';
import type { TriageView } from '../../src/shared/api';
import { testBuilders } from '../support/builders';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * Where Jira checks the app's custom field values and where it does not (docs/PLATFORM.md, "Fields
 * and validation"): `edit.validation` on every create and edit, REST included, answered with 400 and
 * `errors` per field; the app's own /app/field/value writes unchecked; the type limits (255
 * characters, 100 list values) everywhere. Driven by an unchanged jira.js client.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const build = testBuilders(env);

const client = (email: string, apiToken: string) =>
  new Version3Client({ host: env.site.url, authentication: { basic: { email, apiToken } } });
let ids: Record<string, string>;

beforeAll(async () => {
  const fields = await client('admin@example.com', 'admin-token').issueFields.getFields();
  ids = Object.fromEntries(fields.filter((field) => field.custom).map((field) => [field.name!, field.id!]));
});

/** What Jira answered a refused call: its status and body. */
async function refusal(call: Promise<unknown>): Promise<{ status: number; body: unknown }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HttpException)
      return { status: error.status, body: (error.response as { data?: unknown }).data ?? error.response };
    throw error;
  }
  throw new Error('Jira accepted the call');
}

const requirement = (summary: string, fields: Record<string, unknown>) => ({
  fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary, ...fields },
});
const issueCount = () => env.site.sandbox.store.size('jira-issues');

const asApp = (path: string, method: string, body: unknown) =>
  env.site.sandbox.gateway().handle({ method, path, query: {}, body }, { kind: 'app' });

test('a REST create with a value the manifest validation refuses gets 400 with the message per field, in the caller language, and nothing is created', async () => {
  const before = issueCount();
  const english = await refusal(
    client('admin@example.com', 'admin-token').issues.createIssue(
      requirement('Urgency 101', { [ids.Urgency!]: 101, [ids.Importance!]: 2.5 }),
    ),
  );
  expect(english).toEqual({
    status: 400,
    body: {
      errorMessages: [],
      errors: {
        [ids.Urgency!]:
          'Urgency must be a whole number from 0 to 100; the scoring framework sets the scale it scores within that.',
        [ids.Importance!]:
          'Importance must be a whole number from 0 to 100; the scoring framework sets the scale it scores within that.',
      },
    },
  });
  // pm@example.com reads Jira in Chinese.
  const chinese = await refusal(
    client('pm@example.com', 'pm-token').issues.createIssue(requirement('MoSCoW Maybe', { [ids.MoSCoW!]: 'Maybe' })),
  );
  expect(chinese).toEqual({
    status: 400,
    body: { errorMessages: [], errors: { [ids.MoSCoW!]: "MoSCoW 必须是 Must、Should、Could 或 Won't 之一。" } },
  });
  expect(issueCount()).toBe(before);
});

test('a REST edit is validated the same way and leaves the stored value as it was', async () => {
  const jira = client('admin@example.com', 'admin-token');
  const { key } = await jira.issues.createIssue(requirement('Valid urgency', { [ids.Urgency!]: 4 }));
  const refused = await refusal(
    jira.issues.editIssue({ issueIdOrKey: key, fields: { [ids.Urgency!]: -1, [ids["Won't-have reason"]!]: 'x'.repeat(256) } }),
  );
  expect(refused).toEqual({
    status: 400,
    body: {
      errorMessages: [],
      errors: {
        [ids.Urgency!]:
          'Urgency must be a whole number from 0 to 100; the scoring framework sets the scale it scores within that.',
        // The type's own limit answers first; the manifest's expression says the same for this field.
        [ids["Won't-have reason"]!]: 'The entered text is too long. It exceeds the allowed limit of 255 characters.',
      },
    },
  });
  expect(env.site.issue(key).fields[ids.Urgency!]).toBe(4);
  await jira.issues.editIssue({ issueIdOrKey: key, fields: { [ids.Urgency!]: null } });
  expect(env.site.issue(key).fields[ids.Urgency!]).toBeNull();
});

test('Urgency 7 passes Jira (the manifest allows every scale a framework may use) but no score uses it, and the panel names the broken rule', async () => {
  const jira = client('admin@example.com', 'admin-token');
  const created = await jira.issues.createIssue(
    requirement('Urgency 7 under a 1-5 framework', {
      [ids.Urgency!]: 7,
      [ids.Importance!]: 5,
      [ids.Feasibility!]: 3,
      [ids['Customer value']!]: 5,
    }),
  );
  await env.site.sandbox.idle();
  const stored = env.site.issue(created.key).fields;
  expect(stored[ids.Urgency!]).toBe(7);
  expect([
    stored[ids['Weighted score']!] ?? null,
    stored[ids['Three-factor score']!] ?? null,
    stored[ids['Priority grade']!] ?? null,
  ]).toEqual([null, null, null]);
  const view = await invoke<TriageView>('pm', 'panel', 'triage.get', {}, { issueKey: created.key });
  if (!view.ok) throw new Error(view.error.message);
  expect(view.data.problems).toEqual([
    { field: 'urgency', rule: 'range', message: 'Urgency must be from 1 to 5 (got 7).', params: { min: 1, max: 5, value: 7 } },
  ]);
  expect(view.data.inputs.urgency).toBeNull();
  expect(view.data.weighted).toBeNull();
});

test("the app's own writes are not validated by the manifest expression, but the field types' limits hold for them too", async () => {
  const key = await build.requirement();
  const issueId = Number(env.site.issue(key).id);
  expect(
    asApp(`/rest/api/3/app/field/${ids.Urgency!}/value`, 'PUT', { updates: [{ issueIds: [issueId], value: 150 }] }).status,
  ).toBe(204);
  expect(env.site.issue(key).fields[ids.Urgency!]).toBe(150);

  const linked = ids['Linked customers']!;
  const customers = (count: number) =>
    Array.from(
      { length: count },
      (_, index) => `CUS2024${String(1 + Math.floor(index / 999)).padStart(2, '0')}${String((index % 999) + 1).padStart(3, '0')}`,
    );
  expect(
    asApp(`/rest/api/3/app/field/${linked}/value`, 'PUT', { updates: [{ issueIds: [issueId], value: customers(100) }] }).status,
  ).toBe(204);
  expect(
    asApp('/rest/api/3/app/field/value', 'POST', {
      updates: [{ customField: linked, issueIds: [issueId], value: customers(101) }],
    }),
  ).toEqual({
    status: 400,
    body: { errorMessages: [`${linked}: The field can hold at most 100 values (got 101).`], errors: {} },
  });
  expect(env.site.issue(key).fields[linked]).toHaveLength(100);

  const record = ids['Closure record']!;
  expect(
    asApp(`/rest/api/3/app/field/${record}/value`, 'PUT', { updates: [{ issueIds: [issueId], value: 'x'.repeat(256) }] }),
  ).toMatchObject({ status: 400 });
});

test('a REST value longer than a string field holds is refused, naming the field', async () => {
  const refused = await refusal(
    client('admin@example.com', 'admin-token').issues.createIssue(
      requirement('Long words', { [ids["Customer's original words"]!]: '话'.repeat(256) }),
    ),
  );
  expect(refused).toEqual({
    status: 400,
    body: {
      errorMessages: [],
      errors: {
        [ids["Customer's original words"]!]: 'The entered text is too long. It exceeds the allowed limit of 255 characters.',
      },
    },
  });
});

test('a bulk app write of more than 1,000 issue values, or one naming a field and issue twice, is refused whole', async () => {
  // Scored, so it has a grade the refused writes would have changed.
  const key = await build.requirement({ fields: { Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5 } });
  const issueId = Number(env.site.issue(key).id);
  const grade = ids['Priority grade']!;
  const before = env.site.issue(key).fields[grade] ?? null;
  expect(before).toBe('A');
  const issueIds = Array.from({ length: 1001 }, () => issueId);
  expect(asApp('/rest/api/3/app/field/value', 'POST', { updates: [{ customField: grade, issueIds, value: 'S' }] })).toMatchObject(
    { status: 400 },
  );
  const twice = [
    { customField: grade, issueIds: [issueId], value: 'S' },
    { customField: grade, issueIds: [issueId], value: 'B' },
  ];
  expect(asApp('/rest/api/3/app/field/value', 'POST', { updates: twice })).toMatchObject({ status: 400 });
  expect(env.site.issue(key).fields[grade] ?? null).toBe(before);
});

test('every call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
