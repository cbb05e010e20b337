import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SEED_USERS } from '../../sandbox/jira/model';
import { Sandbox } from '../../sandbox/sandbox';
import { basicAuth, useTestSandbox } from '../support/test-sandbox';

/** Project components and saved filters over HTTP, every call checked against the OpenAPI spec. */

const env = useTestSandbox();

const admin = basicAuth('admin@example.com', 'admin-token');
const pm = basicAuth('pm@example.com', 'pm-token');
const manager = basicAuth('manager@example.com', 'manager-token');
const guest = basicAuth('guest@example.com', 'guest-token');

const NOT_AVAILABLE = 'The selected filter is not available to you, perhaps it has been deleted or had its permissions changed.';

async function call(
  headers: Record<string, string>,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${env.site.url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** Keys in the components test's own project matching the JQL. */
async function searchKeys(jql: string): Promise<string[]> {
  const page = (
    await call(pm, 'POST', '/rest/api/3/search/jql', { jql: `project = CMP AND (${jql})`, fields: ['key'], maxResults: 100 })
  ).body as { issues: { key: string }[] };
  return page.issues.map((issue) => issue.key).sort();
}

interface Component {
  id: string;
  name: string;
}

describe('components', () => {
  let backend: Component;
  let frontend: Component;

  beforeAll(async () => {
    // A project of its own: the demo project already has components of its own.
    const created = await call(admin, 'POST', '/rest/api/3/project', {
      key: 'CMP',
      name: 'Components',
      projectTypeKey: 'software',
      leadAccountId: SEED_USERS[1]!.accountId,
    });
    expect(created.status).toBe(201);
    backend = (
      await call(admin, 'POST', '/rest/api/3/component', {
        project: 'CMP',
        name: 'Backend',
        description: 'Services and APIs',
        assigneeType: 'PROJECT_LEAD',
      })
    ).body as Component;
    frontend = (
      await call(admin, 'POST', '/rest/api/3/component', {
        project: 'CMP',
        name: 'Frontend',
        leadAccountId: SEED_USERS[2]!.accountId,
        assigneeType: 'COMPONENT_LEAD',
      })
    ).body as Component;
  });

  test('a Jira admin creates components; the result is a ProjectComponent', async () => {
    const listed = (await call(manager, 'GET', '/rest/api/3/project/CMP/components')).body as Record<string, unknown>[];
    expect(listed).toEqual([
      expect.objectContaining({
        id: backend.id,
        name: 'Backend',
        description: 'Services and APIs',
        assigneeType: 'PROJECT_LEAD',
        realAssigneeType: 'PROJECT_LEAD',
        project: 'CMP',
        isAssigneeTypeValid: true,
      }),
      expect.objectContaining({
        id: frontend.id,
        name: 'Frontend',
        lead: expect.objectContaining({ displayName: 'Li Wei (Tech lead)' }),
        realAssignee: expect.objectContaining({ displayName: 'Li Wei (Tech lead)' }),
      }),
    ]);
    const project = (await call(manager, 'GET', '/rest/api/3/project/CMP')).body as { components: { name: string }[] };
    expect(project.components.map((component) => component.name)).toEqual(['Backend', 'Frontend']);
  });

  test('names are unique per project regardless of case, and only project or Jira admins create', async () => {
    expect(await call(admin, 'POST', '/rest/api/3/component', { project: 'CMP', name: 'backend' })).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { name: 'A component with the name backend already exists in this project.' } },
    });
    expect((await call(admin, 'POST', '/rest/api/3/component', { project: 'CMP', name: ' ' })).body).toMatchObject({
      errors: { name: 'The component name specified is invalid - cannot be empty.' },
    });
    expect((await call(pm, 'POST', '/rest/api/3/component', { project: 'CMP', name: 'Mobile' })).status).toBe(403);
    expect((await call(guest, 'POST', '/rest/api/3/component', { project: 'CMP', name: 'Mobile' })).status).toBe(404);
    expect((await call(guest, 'GET', '/rest/api/3/project/CMP/components')).status).toBe(404);
  });

  test('the field list declares components with the JQL clause name component', async () => {
    const fields = (await call(pm, 'GET', '/rest/api/3/field')).body as { id: string; clauseNames: string[]; schema: unknown }[];
    expect(fields.find((field) => field.id === 'components')).toMatchObject({
      clauseNames: ['component'],
      schema: { type: 'array', items: 'component', system: 'components' },
    });
  });

  test('issues take components by name or id, render them, and JQL finds them by name or id', async () => {
    const created = await call(pm, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'CMP' }, issuetype: { name: 'Task' }, summary: 'Export API', components: [{ name: 'backend' }] },
    });
    expect(created.status).toBe(201);
    const key = (created.body as { key: string }).key;
    const issue = (await call(pm, 'GET', `/rest/api/3/issue/${key}?fields=components`)).body as {
      fields: { components: unknown[] };
    };
    expect(issue.fields.components).toEqual([
      {
        self: expect.stringMatching(new RegExp(`/rest/api/3/component/${backend.id}$`)),
        id: backend.id,
        name: 'Backend',
        description: 'Services and APIs',
      },
    ]);

    expect(await searchKeys('component = Backend')).toEqual([key]);
    expect(await searchKeys(`component = ${backend.id}`)).toEqual([key]);
    expect(await searchKeys('component in (Frontend, Backend)')).toEqual([key]);
    expect(await searchKeys('project = REQ AND component is EMPTY')).not.toContain(key);

    expect(
      (
        await call(pm, 'PUT', `/rest/api/3/issue/${key}`, {
          update: { components: [{ add: { id: frontend.id } }, { remove: { name: 'Backend' } }] },
        })
      ).status,
    ).toBe(204);
    expect(await searchKeys('component = Frontend')).toEqual([key]);
    expect(await searchKeys('component != Frontend')).toEqual([]);
    expect(await searchKeys('component not in (Backend)')).toEqual([key]);
  });

  test('an unknown component is a 400 naming it, on create and in JQL', async () => {
    const bad = await call(pm, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: 'CMP' },
        issuetype: { name: 'Task' },
        summary: 'x',
        components: [{ name: 'Backend' }, { name: 'Mobile' }],
      },
    });
    expect(bad).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { components: "Component name 'Mobile' is not valid" } },
    });
    expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-1', { fields: { components: [{ id: '99999' }] } })).body).toMatchObject({
      errors: { components: "Component id '99999' is not valid" },
    });
    expect(await call(pm, 'POST', '/rest/api/3/search/jql', { jql: 'component = Mobile' })).toEqual({
      status: 400,
      body: { errorMessages: ["The value 'Mobile' does not exist for the field 'component'."], errors: {} },
    });
    expect((await call(pm, 'POST', '/rest/api/3/search/jql', { jql: 'components = Backend' })).body).toMatchObject({
      errorMessages: ["Field 'components' does not exist or you do not have permission to view it."],
    });
  });
});

describe('saved filters', () => {
  interface Filter {
    id: string;
    name: string;
    jql?: string;
    owner?: { displayName: string };
    sharePermissions?: { type: string; project?: { key: string } }[];
  }

  const create = async (headers: Record<string, string>, body: Record<string, unknown>) =>
    call(headers, 'POST', '/rest/api/3/filter', body);
  const searchNames = async (headers: Record<string, string>, query = '') =>
    ((await call(headers, 'GET', `/rest/api/3/filter/search${query}`)).body as { values: Filter[] }).values.map(
      (filter) => filter.name,
    );

  let privateFilter: Filter;
  let projectFilter: Filter;
  let globalFilter: Filter;

  beforeAll(async () => {
    const project = (await call(pm, 'GET', '/rest/api/3/project/REQ')).body as { id: string };
    privateFilter = (await create(pm, { name: 'My open requirements', jql: 'project = REQ ORDER BY created DESC' }))
      .body as Filter;
    projectFilter = (
      await create(pm, {
        name: 'REQ backlog',
        jql: 'project = REQ',
        description: 'Everything in REQ',
        sharePermissions: [{ type: 'project', project: { id: project.id } }],
      })
    ).body as Filter;
    globalFilter = (
      await create(admin, {
        name: 'Site-wide requirements',
        jql: 'issuetype = Requirement',
        sharePermissions: [{ type: 'global' }],
      })
    ).body as Filter;
  });

  test('create answers the Filter with owner, jql and share permissions', async () => {
    expect(projectFilter).toMatchObject({
      name: 'REQ backlog',
      jql: 'project = REQ',
      description: 'Everything in REQ',
      owner: { displayName: '王芳 (Product manager)' },
      sharePermissions: [{ type: 'project', project: { key: 'REQ' } }],
      self: expect.stringMatching(new RegExp(`/rest/api/3/filter/${projectFilter.id}$`)),
    });
    expect(privateFilter.sharePermissions).toEqual([]);
  });

  test('a filter is visible to its owner, to project browsers when shared with the project, to everyone when global', async () => {
    const visible = async (headers: Record<string, string>, filter: Filter) =>
      (await call(headers, 'GET', `/rest/api/3/filter/${filter.id}`)).status === 200;
    expect([
      await visible(pm, privateFilter),
      await visible(manager, privateFilter),
      await visible(admin, privateFilter),
    ]).toEqual([true, false, false]);
    expect([await visible(manager, projectFilter), await visible(guest, projectFilter)]).toEqual([true, false]);
    expect([await visible(guest, globalFilter), await visible(manager, globalFilter)]).toEqual([true, true]);
    expect(await call(manager, 'GET', `/rest/api/3/filter/${privateFilter.id}`)).toEqual({
      status: 400,
      body: { errorMessages: [NOT_AVAILABLE], errors: {} },
    });
    expect((await call(pm, 'GET', '/rest/api/3/filter/999999')).status).toBe(400);
  });

  test('search lists what the caller may see, matches names in part, expands jql, pages', async () => {
    // "CRM requirements" is the demo data's filter, shared with the project.
    expect(await searchNames(pm)).toEqual(['CRM requirements', 'My open requirements', 'REQ backlog', 'Site-wide requirements']);
    expect(await searchNames(manager)).toEqual(['CRM requirements', 'REQ backlog', 'Site-wide requirements']);
    expect(await searchNames(guest)).toEqual(['Site-wide requirements']);
    expect(await searchNames(pm, '?filterName=REQUIREMENTS')).toEqual([
      'CRM requirements',
      'My open requirements',
      'Site-wide requirements',
    ]);

    const plain = (await call(pm, 'GET', '/rest/api/3/filter/search?filterName=backlog')).body as {
      values: Record<string, unknown>[];
    };
    expect(Object.keys(plain.values[0]!).sort()).toEqual(['expand', 'id', 'name', 'self']);
    const expanded = (await call(pm, 'GET', '/rest/api/3/filter/search?filterName=backlog&expand=jql,owner')).body as {
      values: Filter[];
    };
    expect(expanded.values[0]).toMatchObject({ jql: 'project = REQ', owner: { displayName: '王芳 (Product manager)' } });

    const first = (await call(pm, 'GET', '/rest/api/3/filter/search?maxResults=2')).body as {
      values: Filter[];
      total: number;
      isLast: boolean;
      startAt: number;
      maxResults: number;
    };
    expect(first).toMatchObject({ startAt: 0, maxResults: 2, total: 4, isLast: false });
    const second = (await call(pm, 'GET', '/rest/api/3/filter/search?maxResults=2&startAt=2')).body as {
      values: Filter[];
      isLast: boolean;
    };
    expect([...first.values, ...second.values].map((filter) => filter.name)).toEqual([
      'CRM requirements',
      'My open requirements',
      'REQ backlog',
      'Site-wide requirements',
    ]);
    expect(second.isLast).toBe(true);
    expect(((await call(pm, 'GET', '/rest/api/3/filter/search?maxResults=500')).body as { maxResults: number }).maxResults).toBe(
      100,
    );
  });

  test('names are unique per owner; JQL is checked with the emulator parser', async () => {
    expect(await create(pm, { name: 'req BACKLOG', jql: 'project = REQ' })).toEqual({
      status: 400,
      body: { errorMessages: [], errors: { filterName: 'Filter with same name already exists.' } },
    });
    expect((await create(manager, { name: 'REQ backlog', jql: 'project = REQ' })).status).toBe(200);
    expect(await create(pm, { name: 'Broken', jql: 'project = REQ AND nosuchfield = 1' })).toEqual({
      status: 400,
      body: { errorMessages: ["Field 'nosuchfield' does not exist or you do not have permission to view it."], errors: {} },
    });
    expect((await create(pm, { name: 'Unterminated', jql: 'summary ~ "abc' })).body).toMatchObject({
      errorMessages: ["Error in the JQL Query: The quoted string 'abc' has not been completed. (line 1, character 11)"],
    });
    expect(
      (await create(guest, { name: 'Guest share', jql: '', sharePermissions: [{ type: 'project', project: { key: 'REQ' } }] }))
        .status,
    ).toBe(400);
  });

  test('only the owner (or a Jira admin) deletes a filter', async () => {
    expect((await call(manager, 'DELETE', `/rest/api/3/filter/${projectFilter.id}`)).status).toBe(401);
    expect((await call(guest, 'DELETE', `/rest/api/3/filter/${projectFilter.id}`)).status).toBe(400);
    expect((await call(pm, 'DELETE', `/rest/api/3/filter/${projectFilter.id}`)).status).toBe(204);
    expect((await call(pm, 'GET', `/rest/api/3/filter/${projectFilter.id}`)).status).toBe(400);
    expect(
      ((await call(manager, 'GET', `/rest/api/3/filter/search?id=${projectFilter.id}`)).body as { total: number }).total,
    ).toBe(0);
  });
});

test('every call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

describe('persistence', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'rt-components-filters-'));
  });
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('components and filters survive a sandbox restart', () => {
    const adminUser = { kind: 'user' as const, accountId: SEED_USERS[0]!.accountId };
    const request = (sandbox: Sandbox, method: string, path: string, body?: unknown) =>
      sandbox.gateway().handle({ method, path, query: {}, body }, adminUser);

    const first = new Sandbox({ dataDir, checkContract: true });
    first.initialise();
    expect(
      request(first, 'POST', '/rest/api/3/project', { key: 'OPS', name: 'Operations', projectTypeKey: 'business' }).status,
    ).toBe(201);
    expect(request(first, 'POST', '/rest/api/3/component', { project: 'OPS', name: 'Billing' }).status).toBe(201);
    const filter = request(first, 'POST', '/rest/api/3/filter', { name: 'Billing work', jql: 'component = Billing' }).body as {
      id: string;
    };
    first.close();

    const second = new Sandbox({ dataDir, checkContract: true });
    try {
      expect(
        (request(second, 'GET', '/rest/api/3/project/OPS/components').body as { name: string }[]).map(
          (component) => component.name,
        ),
      ).toEqual(['Billing']);
      expect(request(second, 'GET', `/rest/api/3/filter/${filter.id}`).body).toMatchObject({
        name: 'Billing work',
        jql: 'component = Billing',
      });
      expect([...first.contractViolations, ...second.contractViolations]).toEqual([]);
    } finally {
      second.close();
    }
  });
});
