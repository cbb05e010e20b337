import { Version3Client } from 'jira.js';
import { startTestSandbox, type TestSandbox } from '../support/test-sandbox';

/**
 * The local Jira site with the app installed, driven by an off-the-shelf client (jira.js) and by
 * plain fetch. Every request and response is checked against Atlassian's OpenAPI spec.
 */

let site: TestSandbox;
let jira: Version3Client;

beforeAll(async () => {
  site = await startTestSandbox();
  jira = new Version3Client({ host: site.url, authentication: { basic: { email: 'pm@example.com', apiToken: 'pm-token' } } });
}, 60_000);

afterAll(async () => {
  await site?.stop();
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
    await site.sandbox.idle();
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

  test('finds the demo requirements with enhanced JQL search', async () => {
    const ids = await fieldIdsByName();
    const result = await jira.issueSearch.searchForIssuesUsingJqlEnhancedSearch({
      jql: 'project = REQ AND summary ~ "XY2024001" ORDER BY key ASC',
      fields: ['summary', ids['Weighted score']!, ids['Priority grade']!, ids['Value/cost quadrant']!],
    });
    expect(result.issues).toHaveLength(1);
    const fields = result.issues![0]!.fields as Record<string, unknown>;
    expect(fields.summary).toBe('XY2024001 设备A的智能预警模块误报太多');
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
    const fields = (await (await fetch(`${site.url}/rest/api/3/field`, { headers: pm })).json()) as {
      id: string;
      name: string;
      custom: boolean;
    }[];
    return Object.fromEntries(fields.filter((field) => field.custom).map((field) => [field.name, field.id]));
  }

  test('creates a Requirement and reads the computed fields back within 5 seconds', async () => {
    const ids = await fieldIds();
    const started = Date.now();
    const response = await fetch(`${site.url}/rest/api/3/issue`, {
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
    let fields: Record<string, unknown> = {};
    while (Date.now() - started < 5000) {
      const issue = (await (await fetch(`${site.url}/rest/api/3/issue/${key}`, { headers: pm })).json()) as {
        fields: Record<string, unknown>;
      };
      fields = issue.fields;
      if (fields[ids['Priority grade']!] !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // 30*5 + 30*4 + 20*5 + 20*4 = 450 → 4.5, S; 5 + 4 + 4 = 13 high; value 9, cost 7 → major project
    expect([
      fields[ids['Weighted score']!],
      fields[ids['Priority grade']!],
      fields[ids['Three-factor priority']!],
      fields[ids['Value/cost quadrant']!],
    ]).toEqual([4.5, 'S', 'high', 'major-project']);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('no or wrong credentials get 401', async () => {
    expect((await fetch(`${site.url}/rest/api/3/myself`)).status).toBe(401);
    expect((await fetch(`${site.url}/rest/api/3/myself`, { headers: auth('pm@example.com', 'wrong') })).status).toBe(401);
  });

  test('a role without permission gets 403', async () => {
    const response = await fetch(`${site.url}/rest/api/3/issue`, {
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
    const before = site.sandbox.store.size('jira-issues');
    const response = await fetch(`${site.url}/rest/api/3/issue`, {
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
    expect(site.sandbox.store.size('jira-issues')).toBe(before);
  });

  test('unsupported JQL gets a 400 shaped like Jira', async () => {
    const response = await fetch(
      `${site.url}/rest/api/3/search/jql?jql=${encodeURIComponent('project = REQ AND nosuchfield = 1')}`,
      { headers: pm },
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errorMessages: ["Field 'nosuchfield' does not exist or you do not have permission to view it."],
      errors: {},
    });
  });

  test('search pages with nextPageToken until the last page', async () => {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const response = await fetch(`${site.url}/rest/api/3/search/jql`, {
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
    expect(keys.slice(0, 4)).toEqual(['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4']);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('the recompute trigger', () => {
  test('writes nothing when no input changed, and repeated late deliveries change nothing', async () => {
    const issue = site.issue('REQ-1');
    const appChanges = () => site.issue('REQ-1').changelog.filter((entry) => entry.authorAccountId === null).length;
    const before = appChanges();
    const jiraPm = await fetch(`${site.url}/rest/api/3/issue/REQ-1`, {
      method: 'PUT',
      headers: {
        authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ fields: { summary: `${String(issue.fields.summary)} ` } }),
    });
    expect(jiraPm.status).toBe(204);
    await site.sandbox.idle();
    const trigger = site.sandbox.runtime.manifest.modules.trigger![0]!;
    for (let delivery = 0; delivery < 3; delivery += 1) {
      await site.sandbox.runtime.redeliver(
        trigger,
        { eventType: 'avi:jira:updated:issue', issue: { id: issue.id, key: issue.key } },
        issue.key,
      );
    }
    expect(appChanges()).toBe(before);
    expect(site.sandbox.runtime.triggerRuns.filter((run) => run.error)).toEqual([]);
  });

  test('an edited input is recomputed and only the changed computed fields are written', async () => {
    const ids = await fieldIdsByName();
    await jira.issues.editIssue({ issueIdOrKey: 'REQ-2', fields: { [ids['Implementation cost']!]: 9 } });
    await site.sandbox.idle();
    const last = site.issue('REQ-2').changelog.at(-1)!;
    expect(last.authorAccountId).toBeNull();
    expect(last.items.map((item) => [item.field, item.toString])).toEqual([['Value/cost quadrant', 'avoid']]);
  });
});

test('the contract check is live: a deprecated endpoint and an undeclared field are caught', () => {
  const checked = site.sandbox.contractViolations.length;
  site.sandbox
    .gateway()
    .handle(
      { method: 'GET', path: '/rest/api/3/search', query: { jql: 'project = REQ' }, body: undefined },
      { kind: 'user', accountId: '5b10ac8d82e05b22cc7d4ef5' },
    );
  site.sandbox.gateway().handle(
    {
      method: 'POST',
      path: '/rest/api/3/app/field/value',
      query: {},
      body: { updates: [{ field: 'x', issueIds: [1], value: 1 }] },
    },
    { kind: 'app' },
  );
  const caught = site.sandbox.contractViolations.splice(checked);
  expect(caught.map((violation) => `${violation.direction} ${violation.method} ${violation.path}`)).toEqual(
    expect.arrayContaining(['request GET /rest/api/3/search', 'request POST /rest/api/3/app/field/value']),
  );
});

test('every Jira call of this suite matched the OpenAPI spec', () => {
  expect(site.sandbox.contractViolations).toEqual([]);
});
