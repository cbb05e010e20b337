import { Version3Client } from 'jira.js';
import { testBuilders } from '../support/builders';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * The local Jira site with the app installed, driven by an off-the-shelf client (jira.js) and by
 * plain fetch. Every request and response is checked against Atlassian's OpenAPI spec.
 */

const env = useTestSandbox();
const build = testBuilders(env);
let jira: Version3Client;

beforeAll(() => {
  jira = new Version3Client({
    host: env.site.url,
    authentication: { basic: { email: 'pm@example.com', apiToken: 'pm-token' } },
  });
});

const WORKED_CASE = { urgency: 4, importance: 5, feasibility: 3, customerValue: 5 };

async function fieldIdsByName(): Promise<Record<string, string>> {
  const fields = await jira.issueFields.getFields();
  return Object.fromEntries(fields.filter((field) => field.custom).map((field) => [field.name!, field.id!]));
}

describe('an off-the-shelf client (jira.js) against the sandbox', () => {
  test('creates a Requirement with the worked case and reads back Weighted score 4.3 and Priority grade A', async () => {
    const ids = await fieldIdsByName();
    const created = await jira.issues.createIssue({
      fields: {
        project: { key: 'REQ' },
        issuetype: { name: 'Requirement' },
        summary: 'Worked case from the source documents',
        [ids.Urgency!]: WORKED_CASE.urgency,
        [ids.Importance!]: WORKED_CASE.importance,
        [ids.Feasibility!]: WORKED_CASE.feasibility,
        [ids['Customer value']!]: WORKED_CASE.customerValue,
      },
    });
    expect(created.key).toMatch(/^REQ-\d+$/);
    await env.site.sandbox.idle();
    const issue = await jira.issues.getIssue({
      issueIdOrKey: created.key,
      fields: [
        ids['Weighted score']!,
        ids['Priority grade']!,
        ids['Three-factor score']!,
        ids['Three-factor priority']!,
        ids['Scoring framework version']!,
      ],
    });
    expect(issue.fields[ids['Weighted score']!]).toBe(4.3);
    expect(issue.fields[ids['Priority grade']!]).toBe('A');
    expect(issue.fields[ids['Three-factor score']!]).toBe(14);
    expect(issue.fields[ids['Three-factor priority']!]).toBe('high');
    expect(issue.fields[ids['Scoring framework version']!]).toBe(1);
  });

  test('finds a scored requirement with enhanced JQL search', async () => {
    const key = await build.requirement({
      summary: 'XY2099001 包装线的称重模块读数漂移',
      fields: {
        Urgency: WORKED_CASE.urgency,
        Importance: WORKED_CASE.importance,
        Feasibility: WORKED_CASE.feasibility,
        'Customer value': WORKED_CASE.customerValue,
        'Business value': 8,
        'Implementation cost': 4,
      },
    });
    const ids = await fieldIdsByName();
    const result = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = REQ AND summary ~ "XY2099001" ORDER BY key ASC',
      fields: ['summary', ids['Weighted score']!, ids['Priority grade']!, ids['Value/cost quadrant']!],
    });
    expect(result.issues!.map((issue) => issue.key)).toEqual([key]);
    const fields = result.issues![0]!.fields as Record<string, unknown>;
    expect(fields.summary).toBe('XY2099001 包装线的称重模块读数漂移');
    expect([fields[ids['Weighted score']!], fields[ids['Priority grade']!], fields[ids['Value/cost quadrant']!]]).toEqual([
      4.3,
      'A',
      'quick-win',
    ]);
  });
});

describe('a plain HTTP client (fetch) against the sandbox', () => {
  const auth = (email: string, token: string) => ({
    authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
    'content-type': 'application/json',
  });
  const pm = auth('pm@example.com', 'pm-token');

  async function fieldIds(): Promise<Record<string, string>> {
    const fields = (await (await fetch(`${env.site.url}/rest/api/3/field`, { headers: pm })).json()) as {
      id: string;
      name: string;
      custom: boolean;
    }[];
    return Object.fromEntries(fields.filter((field) => field.custom).map((field) => [field.name, field.id]));
  }

  test("creates a Requirement and reads the computed fields back once the app's trigger has run", async () => {
    const ids = await fieldIds();
    const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: pm,
      body: JSON.stringify({
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary: '导出报表 Excel',
          [ids.Urgency!]: 5,
          [ids.Importance!]: 4,
          [ids.Feasibility!]: 5,
          [ids['Customer value']!]: 4,
          [ids['Business value']!]: 9,
          [ids['Implementation cost']!]: 7,
        },
      }),
    });
    expect(response.status).toBe(201);
    const { key } = (await response.json()) as { key: string };
    // The issue-created trigger computes the scores; idle() waits until it has run.
    await env.site.sandbox.idle();
    const { fields } = (await (await fetch(`${env.site.url}/rest/api/3/issue/${key}`, { headers: pm })).json()) as {
      fields: Record<string, unknown>;
    };
    // 30*5 + 30*4 + 20*5 + 20*4 = 450 → 4.5, S; 5 + 4 + 4 = 13 high; value 9, cost 7 → major project
    expect([
      fields[ids['Weighted score']!],
      fields[ids['Priority grade']!],
      fields[ids['Three-factor priority']!],
      fields[ids['Value/cost quadrant']!],
    ]).toEqual([4.5, 'S', 'high', 'major-project']);
  });

  test('no or wrong credentials get 401', async () => {
    expect((await fetch(`${env.site.url}/rest/api/3/myself`)).status).toBe(401);
    expect((await fetch(`${env.site.url}/rest/api/3/myself`, { headers: auth('pm@example.com', 'wrong') })).status).toBe(401);
  });

  test('a role without permission gets 403', async () => {
    const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: auth('manager@example.com', 'manager-token'),
      body: JSON.stringify({
        fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary: 'Managers do not create' },
      }),
    });
    expect(response.status).toBe(403);
  });

  test('field values are validated the way Jira does, with errors per field, and nothing is created', async () => {
    const ids = await fieldIds();
    const before = env.site.sandbox.store.size('jira-issues');
    const response = await fetch(`${env.site.url}/rest/api/3/issue`, {
      method: 'POST',
      headers: pm,
      body: JSON.stringify({
        fields: {
          project: { key: 'REQ' },
          issuetype: { name: 'Requirement' },
          summary: 'x',
          [ids.Urgency!]: 'high',
          [ids['Weighted score']!]: 5,
          customfield_99999: 1,
          description: 'plain text',
        },
      }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: Record<string, string> };
    expect(body.errors).toEqual({
      [ids.Urgency!]: 'Operation value must be a number.',
      [ids['Weighted score']!]:
        `Field '${ids['Weighted score']}' cannot be set. It is not on the appropriate screen, or unknown.`,
      customfield_99999: "Field 'customfield_99999' cannot be set. It is not on the appropriate screen, or unknown.",
      description: 'Operation value must be an Atlassian Document (see the Atlassian Document Format).',
    });
    expect(env.site.sandbox.store.size('jira-issues')).toBe(before);
  });

  test('unsupported JQL gets a 400 shaped like Jira', async () => {
    const response = await fetch(
      `${env.site.url}/rest/api/3/search/jql?jql=${encodeURIComponent('project = REQ AND nosuchfield = 1')}`,
      { headers: pm },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorMessages: ["Field 'nosuchfield' does not exist or you do not have permission to view it."],
      errors: {},
    });
  });

  test('search pages with nextPageToken until the last page', async () => {
    const built = [await build.requirement(), await build.requirement(), await build.requirement()];
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const response = await fetch(`${env.site.url}/rest/api/3/search/jql`, {
        method: 'POST',
        headers: pm,
        body: JSON.stringify({
          jql: 'project = REQ ORDER BY key ASC',
          maxResults: 2,
          fields: ['summary'],
          ...(token ? { nextPageToken: token } : {}),
        }),
      });
      const page = (await response.json()) as { issues: { key: string }[]; nextPageToken?: string; isLast: boolean };
      keys.push(...page.issues.map((issue) => issue.key));
      token = page.nextPageToken;
      expect(page.isLast).toBe(token === undefined);
    } while (token);
    const number = (key: string) => Number(key.split('-')[1]);
    expect(keys).toEqual([...keys].sort((left, right) => number(left) - number(right)));
    expect(keys.filter((key) => built.includes(key))).toEqual(built);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys.length).toBe(
      env.site.sandbox.store.list<{ key: string }>('jira-issues').filter((issue) => issue.key.startsWith('REQ-')).length,
    );
  });
});

describe('the recompute trigger', () => {
  test('writes nothing when no input changed, and repeated late deliveries change nothing', async () => {
    const key = await build.requirement({
      fields: { Urgency: 4, Importance: 5, Feasibility: 3, 'Customer value': 5, 'Business value': 8, 'Implementation cost': 4 },
    });
    const issue = env.site.issue(key);
    const appChanges = () => env.site.issue(key).changelog.filter((entry) => entry.authorAccountId === null).length;
    const before = appChanges();
    const jiraPm = await fetch(`${env.site.url}/rest/api/3/issue/${key}`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ fields: { summary: `${String(issue.fields.summary)} ` } }),
    });
    expect(jiraPm.status).toBe(204);
    await env.site.sandbox.idle();
    const trigger = env.site.sandbox.runtime.manifest.modules.trigger![0]!;
    for (let delivery = 0; delivery < 3; delivery += 1) {
      await env.site.sandbox.runtime.redeliver(
        trigger,
        { eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key } },
        issue.key,
      );
    }
    expect(appChanges()).toBe(before);
    expect(env.site.sandbox.runtime.triggerRuns.filter((run) => run.error)).toEqual([]);
  });

  test('an edited input is recomputed and only the changed computed fields are written', async () => {
    // Worth doing at little cost: a quick win until the cost goes up.
    const key = await build.requirement({
      fields: { Urgency: 3, Importance: 3, Feasibility: 5, 'Customer value': 2, 'Business value': 5, 'Implementation cost': 2 },
    });
    const ids = await fieldIdsByName();
    await jira.issues.editIssue({ issueIdOrKey: key, fields: { [ids['Implementation cost']!]: 9 } });
    await env.site.sandbox.idle();
    const last = env.site.issue(key).changelog.at(-1)!;
    expect(last.authorAccountId).toBeNull();
    expect(last.items.map((item) => [item.field, item.toString])).toEqual([['Value/cost quadrant', 'avoid']]);
  });
});

test('the contract check is live: a deprecated endpoint and an undeclared field are caught', () => {
  const checked = env.site.sandbox.contractViolations.length;
  env.site.sandbox
    .gateway()
    .handle(
      { method: 'GET', path: '/rest/api/3/search', query: { jql: 'project = REQ' }, body: undefined },
      { kind: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
    );
  env.site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      query: {},
      body: { updates: [{ field: 'x', issueIds: [1], value: 1 }] },
    },
    { kind: 'app' },
  );
  const caught = env.site.sandbox.contractViolations.splice(checked);
  expect(caught.map((violation) => `${violation.direction} ${violation.method} ${violation.path}`)).toEqual(
    expect.arrayContaining(['request GET /rest/api/3/search', 'request POST /rest/api/3/app/field/value']),
  );
});

test('every Jira call of this suite matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
