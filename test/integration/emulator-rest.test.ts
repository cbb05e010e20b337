import { updateDeliveryRecord } from '../../src/storage/delivery-store';
import { paragraph, testBuilders, TO_DONE } from '../support/builders';
import { siteRest, useTestSandbox } from '../support/test-sandbox';

/**
 * The rest of the emulator's REST surface over HTTP, every call checked against the OpenAPI spec.
 * Each test builds the issues it reads.
 */

const env = useTestSandbox();
const build = testBuilders(env);
const { rest } = siteRest(env);
/** A call without an account's credentials, as the sandbox's own endpoints take them. */
const anonymous = async (method: string, path: string, body?: unknown) => {
  const response = await fetch(`${env.site.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
};
const issueId = (key: string) => Number(env.site.issue(key).id);

/** What the app's close rule needs before a requirement closes unfinished: the reason and the notice to the customer (see workflow-rules.test.ts). */
async function readyToReject(key: string): Promise<void> {
  const wontReason = env.site.sandbox.store
    .list<{ id: string; name: string }>('jira-fields')
    .find((field) => field.name === "Won't-have reason")!.id;
  expect(
    (await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { [wontReason]: 'Covered by the standard report' } })).status,
  ).toBe(204);
  await updateDeliveryRecord(env.site.issue(key).id, (current) => ({
    ...current,
    closure: {
      ...current.closure,
      notice: { channel: 'email', at: '2026-11-20T10:00:00.000Z', summary: 'Not planned', customers: ['Test customer told'] },
    },
  }));
}

test('transitions: the Requirement workflow lists, refuses a manager, closes with a resolution', async () => {
  // A Requirement created after setup starts in "To confirm" of the requirement workflow.
  const key = await build.requirement();
  const closed = async () =>
    (
      (await rest('POST', '/rest/api/3/search/jql', { jql: 'project = REQ AND status = Closed', fields: ['status'] })).body as {
        issues: { key: string }[];
      }
    ).issues.map((entry) => entry.key);
  const closedBefore = await closed();
  const before = (await rest('GET', `/rest/api/3/issue/${key}?fields=status`)).body as {
    fields: { status: { name: string; description: string; statusCategory: { key: string } } };
  };
  expect(before.fields.status).toMatchObject({
    name: 'To confirm',
    description: '待确认 · Waiting for confirmation with the customer',
    statusCategory: { key: 'new' },
  });
  const list = await rest('GET', `/rest/api/3/issue/${key}/transitions`);
  const transitions = (list.body as { transitions: { id: string; name: string; to: { name: string } }[] }).transitions;
  expect(transitions.map((transition) => `${transition.name} → ${transition.to.name}`)).toEqual([
    'Confirm → Analysing',
    'Reject → Closed',
  ]);
  const reject = transitions.find((transition) => transition.name === 'Reject')!;
  expect((await rest('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: reject.id } }, 'manager')).status).toBe(
    400,
  );
  await readyToReject(key);
  expect((await rest('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: reject.id } })).status).toBe(204);
  const issue = (await rest('GET', `/rest/api/3/issue/${key}?fields=status,resolution`)).body as {
    fields: { status: { name: string; statusCategory: { key: string } }; resolution: { name: string } };
  };
  expect([issue.fields.status.name, issue.fields.status.statusCategory.key, issue.fields.resolution.name]).toEqual([
    'Closed',
    'done',
    'Done',
  ]);
  expect(await closed()).toEqual([...closedBefore, key]);
  // A directed transition from another status, and an unknown id, are not valid here.
  expect((await rest('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '11' } })).status).toBe(400);
  expect((await rest('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: '999' } })).status).toBe(400);
});

test('transitions: a close may name its resolution, a reopen clears it, and a project may grant a role less', async () => {
  const key = await build.requirement();
  const status = async () =>
    (
      (await rest('GET', `/rest/api/3/issue/${key}?fields=status,resolution`)).body as {
        fields: { status: { name: string }; resolution: { name: string } | null };
      }
    ).fields;
  expect(
    (
      await rest('POST', `/rest/api/3/issue/${key}/transitions`, {
        transition: { id: '11' },
        fields: { resolution: { name: 'Duplicate' } },
      })
    ).status,
  ).toBe(400);
  expect(
    (
      await rest('POST', `/rest/api/3/issue/${key}/transitions`, {
        transition: { id: '121' },
        fields: { resolution: { name: 'Fixed somehow' } },
      })
    ).status,
  ).toBe(400);
  await readyToReject(key);
  expect(
    (
      await rest('POST', `/rest/api/3/issue/${key}/transitions`, {
        transition: { id: '121' },
        fields: { resolution: { name: 'Duplicate' } },
      })
    ).status,
  ).toBe(204);
  expect(await status()).toMatchObject({ status: { name: 'Closed' }, resolution: { name: 'Duplicate' } });
  const transitions = (
    (await rest('GET', `/rest/api/3/issue/${key}/transitions`)).body as { transitions: { id: string; to: { name: string } }[] }
  ).transitions;
  const back = transitions.find((transition) => transition.to.name === 'To confirm')!;
  expect((await rest('POST', `/rest/api/3/issue/${key}/transitions`, { transition: { id: back.id } })).status).toBe(204);
  expect(await status()).toMatchObject({ status: { name: 'To confirm' }, resolution: null });

  const project = env.site.sandbox.store
    .list<{ id: string; key: string }>('jira-projects')
    .find((candidate) => candidate.key === 'REQ')!;
  env.site.sandbox.store.commit([
    {
      collection: 'jira-projects',
      id: project.id,
      value: { ...project, rolePermissions: { 'product-manager': ['BROWSE_PROJECTS'] } },
    },
  ]);
  expect((await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { summary: 'Renamed' } })).status).toBe(403);
  expect((await rest('GET', `/rest/api/3/issue/${key}?fields=summary`)).status).toBe(200);
  env.site.sandbox.store.commit([{ collection: 'jira-projects', id: project.id, value: project }]);
  expect((await rest('PUT', `/rest/api/3/issue/${key}`, { fields: { labels: ['crm'] } })).status).toBe(204);
});

test('comments: a manager may comment in Chinese, a plain string body is refused', async () => {
  const key = await build.requirement();
  const body = paragraph('已与客户确认：误报率降到 3%。');
  const created = await rest('POST', `/rest/api/3/issue/${key}/comment`, { body }, 'manager');
  expect(created.status).toBe(201);
  expect((await rest('POST', `/rest/api/3/issue/${key}/comment`, { body: 'plain' }, 'manager')).status).toBe(400);
  const page = (await rest('GET', `/rest/api/3/issue/${key}/comment`)).body as {
    total: number;
    comments: { body: unknown; author: { displayName: string } }[];
  };
  expect(page.comments.at(-1)).toMatchObject({ body, author: { displayName: 'Maria Manager' } });
  const found = (await rest('POST', '/rest/api/3/search/jql', { jql: 'text ~ "误报率降到"', fields: ['summary'] })).body as {
    issues: { key: string }[];
  };
  expect(found.issues.map((issue) => issue.key)).toEqual([key]);
});

test('issue links appear on both issues and can be removed', async () => {
  const dependent = await build.requirement();
  const dependency = await build.requirement();
  type Link = { id: string; type: { name: string }; inwardIssue?: { key: string }; outwardIssue?: { key: string } };
  const linksOf = async (key: string) =>
    ((await rest('GET', `/rest/api/3/issue/${key}?fields=issuelinks`)).body as { fields: { issuelinks: Link[] } }).fields
      .issuelinks;
  expect(
    (
      await rest('POST', '/rest/api/3/issueLink', {
        type: { name: 'Dependency' },
        outwardIssue: { key: dependent },
        inwardIssue: { key: dependency },
      })
    ).status,
  ).toBe(201);
  const fromDependent = await linksOf(dependent);
  expect(fromDependent).toEqual([
    expect.objectContaining({
      type: expect.objectContaining({ name: 'Dependency' }),
      inwardIssue: expect.objectContaining({ key: dependency }),
    }),
  ]);
  expect(await linksOf(dependency)).toEqual([
    expect.objectContaining({
      id: fromDependent[0]!.id,
      type: expect.objectContaining({ name: 'Dependency' }),
      outwardIssue: expect.objectContaining({ key: dependent }),
    }),
  ]);
  const types = (await rest('GET', '/rest/api/3/issueLinkType')).body as { issueLinkTypes: { name: string }[] };
  expect(types.issueLinkTypes.map((type) => type.name)).toContain('Duplicate');
  expect((await rest('DELETE', `/rest/api/3/issueLink/${fromDependent[0]!.id}`)).status).toBe(204);
  expect([await linksOf(dependent), await linksOf(dependency)]).toEqual([[], []]);
  // A link type by name other than the first.
  expect(
    (
      await rest('POST', '/rest/api/3/issueLink', {
        type: { name: 'Relates' },
        inwardIssue: { key: dependent },
        outwardIssue: { key: dependency },
      })
    ).status,
  ).toBe(201);
});

test('issue properties: create, read, update, list, delete, size limit', async () => {
  const key = await build.requirement();
  expect((await rest('PUT', `/rest/api/3/issue/${key}/properties/rt.note`, { text: '一' })).status).toBe(201);
  expect((await rest('PUT', `/rest/api/3/issue/${key}/properties/rt.note`, { text: '二' })).status).toBe(200);
  expect((await rest('GET', `/rest/api/3/issue/${key}/properties/rt.note`, undefined, 'manager')).body).toEqual({
    key: 'rt.note',
    value: { text: '二' },
  });
  expect(
    ((await rest('GET', `/rest/api/3/issue/${key}/properties`)).body as { keys: { key: string }[] }).keys.map(
      (entry) => entry.key,
    ),
  ).toContain('rt.note');
  expect((await rest('PUT', `/rest/api/3/issue/${key}/properties/rt.note`, { text: 'x' }, 'manager')).status).toBe(403);
  expect((await rest('PUT', `/rest/api/3/issue/${key}/properties/rt.big`, { text: 'x'.repeat(33_000) })).status).toBe(400);
  expect((await rest('DELETE', `/rest/api/3/issue/${key}/properties/rt.note`)).status).toBe(204);
  expect((await rest('GET', `/rest/api/3/issue/${key}/properties/rt.note`)).status).toBe(404);
});

test('users and permissions', async () => {
  const id = issueId(await build.requirement());
  const myself = (await rest('GET', '/rest/api/3/myself')).body as { emailAddress: string; locale: string };
  expect(myself).toMatchObject({ emailAddress: 'pm@example.com', locale: 'zh_CN' });
  const users = (await rest('GET', '/rest/api/3/user/search?query=li')).body as unknown as { displayName: string }[];
  expect(users.map((user) => user.displayName)).toEqual(['Li Wei (Tech lead)']);
  const guestSearch = await rest('GET', '/rest/api/3/user/search?query=li', undefined, 'guest');
  expect(guestSearch).toEqual({ status: 200, body: [] });
  const mine = (
    await rest('GET', '/rest/api/3/mypermissions?projectKey=REQ&permissions=BROWSE_PROJECTS,EDIT_ISSUES', undefined, 'manager')
  ).body as { permissions: Record<string, { havePermission: boolean }> };
  expect([mine.permissions.BROWSE_PROJECTS!.havePermission, mine.permissions.EDIT_ISSUES!.havePermission]).toEqual([true, false]);
  const techLead = (await rest('GET', '/rest/api/3/user/search?query=techlead')).body as unknown as { accountId: string }[];
  const check = {
    accountId: techLead[0]!.accountId,
    globalPermissions: ['ADMINISTER'],
    projectPermissions: [{ permissions: ['EDIT_ISSUES', 'DELETE_ISSUES'], issues: [id] }],
  };
  expect((await rest('POST', '/rest/api/3/permissions/check', check)).status).toBe(403);
  expect((await rest('POST', '/rest/api/3/permissions/check', check, 'admin')).body).toEqual({
    globalPermissions: [],
    projectPermissions: [
      { permission: 'EDIT_ISSUES', issues: [id], projects: [] },
      { permission: 'DELETE_ISSUES', issues: [], projects: [] },
    ],
  });
});

test('a guest sees no projects and gets 404 for an issue it may not browse', async () => {
  const key = await build.requirement();
  expect(((await rest('GET', '/rest/api/3/project/search', undefined, 'guest')).body as { values: unknown[] }).values).toEqual(
    [],
  );
  expect((await rest('GET', `/rest/api/3/issue/${key}`, undefined, 'guest')).status).toBe(404);
  expect((await rest('GET', '/rest/api/3/project/REQ', undefined, 'guest')).status).toBe(404);
});

test('only the app may write app field values, single or bulk', async () => {
  const key = await build.requirement();
  const fields = (await rest('GET', '/rest/api/3/field')).body as unknown as { id: string; name: string }[];
  const grade = fields.find((field) => field.name === 'Priority grade')!.id;
  expect(
    (await rest('PUT', `/rest/api/3/app/field/${grade}/value`, { updates: [{ issueIds: [issueId(key)], value: 'S' }] })).status,
  ).toBe(403);
  const gateway = env.site.sandbox.gateway();
  const asApp = (path: string, method: string, body: unknown) =>
    gateway.handle({ method, path, query: {}, body }, { kind: 'app' });
  expect(
    asApp(`/rest/api/3/app/field/${grade}/value`, 'PUT', { updates: [{ issueIds: [issueId(key)], value: 'C' }] }).status,
  ).toBe(204);
  expect(env.site.issue(key).fields[grade]).toBe('C');
  expect(
    asApp('/rest/api/3/app/field/value', 'POST', { updates: [{ customField: grade, issueIds: [issueId(key)], value: 7 }] }),
  ).toMatchObject({ status: 400 });
  expect(env.site.issue(key).fields[grade]).toBe('C');
});

test('the sandbox clock moves forward on request and refuses nonsense', async () => {
  const before = ((await anonymous('GET', '/__sandbox/clock')).body as { now: string }).now;
  const moved = (await anonymous('POST', '/__sandbox/clock', { advance: 'P1DT12H' })).body as {
    now: string;
  };
  const hours = (Date.parse(moved.now) - Date.parse(before)) / 3_600_000;
  expect(hours).toBeGreaterThanOrEqual(36);
  expect(hours).toBeLessThan(36.1);
  expect((await anonymous('POST', '/__sandbox/clock', { advance: 'yesterday' })).status).toBe(400);
  const created = await rest('POST', '/rest/api/3/issue', {
    fields: { project: { key: 'REQ' }, issuetype: { name: 'Task' }, summary: 'after the jump' },
  });
  const issue = (await rest('GET', `/rest/api/3/issue/${(created.body as { key: string }).key}?fields=created`)).body as {
    fields: { created: string };
  };
  expect(Date.parse(issue.fields.created.replace('+0000', 'Z'))).toBeGreaterThanOrEqual(Date.parse(moved.now) - 1000);
  // 36 hours of hourly reminder runs happen in the jump.
}, 60_000);

// Reads the demo data on purpose: reset brings back the seeded requirements, a deleted one too.
test('reset restores the demo data', async () => {
  await rest('DELETE', '/rest/api/3/issue/REQ-4');
  expect((await rest('GET', '/rest/api/3/issue/REQ-4')).status).toBe(404);
  expect((await anonymous('POST', '/__sandbox/reset')).status).toBe(200);
  const page = (await rest('POST', '/rest/api/3/search/jql', { jql: 'project = REQ ORDER BY key ASC', fields: ['summary'] }))
    .body as { issues: { key: string }[] };
  expect(page.issues.map((issue) => issue.key)).toEqual(['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6']);
});

test('bulk fetch: up to 100 issues by id or key in ascending id order, the fields asked for, nothing the caller may not browse', async () => {
  const [first, second, third] = [await build.requirement(), await build.requirement(), await build.requirement()];
  const ids = [third!, first!, second!].map((key) => env.site.issue(key).id);
  const fetched = (
    await rest(
      'POST',
      '/rest/api/3/issue/bulkfetch',
      {
        issueIdsOrKeys: [ids[0], first, ids[2], '999999'],
        fields: ['summary'],
      },
      'manager',
    )
  ).body as { issues: { id: string; key: string; fields: Record<string, unknown> }[]; issueErrors: unknown[] };
  expect(fetched.issues.map((issue) => issue.key)).toEqual([first, second, third]);
  expect(Object.keys(fetched.issues[0]!.fields)).toEqual(['summary']);
  expect(fetched.issueErrors).toEqual([]);
  expect(
    (
      (await rest('POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ids, fields: ['summary'] }, 'guest')).body as {
        issues: unknown[];
      }
    ).issues,
  ).toEqual([]);
  const tooMany = await rest(
    'POST',
    '/rest/api/3/issue/bulkfetch',
    {
      issueIdsOrKeys: Array.from({ length: 101 }, (_, index) => String(10_000 + index)),
      fields: ['summary'],
    },
    'manager',
  );
  expect(tooMany.status).toBe(400);
});

test('every call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

test('search pages come from one list per search until a change, which the next page then shows', async () => {
  const search = async (nextPageToken?: string) =>
    (
      await rest(
        'POST',
        '/rest/api/3/search/jql',
        {
          jql: 'project = REQ ORDER BY key DESC',
          fields: ['summary'],
          maxResults: 1,
          ...(nextPageToken ? { nextPageToken } : {}),
        },
        'manager',
      )
    ).body as {
      issues: { key: string }[];
      nextPageToken?: string;
    };
  const first = await search();
  expect((await search(first.nextPageToken)).issues.map((issue) => issue.key)).toEqual([
    `REQ-${Number(first.issues[0]!.key.split('-')[1]) - 1}`,
  ]);
  // A new issue sorts first: the same token now starts one later in the changed list.
  const created = (
    await rest('POST', '/rest/api/3/issue', {
      fields: { project: { key: 'REQ' }, issuetype: { name: 'Task' }, summary: 'Sorted first' },
    })
  ).body as { key: string };
  expect((await search()).issues.map((issue) => issue.key)).toEqual([created.key]);
  expect((await search(first.nextPageToken)).issues.map((issue) => issue.key)).toEqual([first.issues[0]!.key]);
});

test('JQL finds issues by status category, by its name or its id', async () => {
  const open = await build.requirement();
  const done = await build.requirement({ feasibility: 'feasible', moves: TO_DONE });
  const keysOf = async (jql: string) => {
    const found = await rest('POST', '/rest/api/3/search/jql', { jql, fields: ['status'], maxResults: 100 });
    expect(found.status).toBe(200);
    return (found.body.issues as { key: string }[]).map((issue) => issue.key);
  };
  const scope = `key in (${open}, ${done})`;
  expect(await keysOf(`${scope} AND statusCategory = Done`)).toEqual([done]);
  expect(await keysOf(`${scope} AND statusCategory in ("To Do", "In Progress")`)).toEqual([open]);
  expect(await keysOf(`${scope} AND statusCategory != 3`)).toEqual([open]);
});

test('notify: queues an email to the named accounts (204); refuses the caller, an unknown account, no recipient (400) and an issue not visible (404)', async () => {
  const key = await build.requirement();
  const cs = '5b10ac8d82e05b22cc7d4ef6';
  const pmId = '5b10a2844c20165700ede21g';
  const email = { subject: 'Quarterly customer review', textBody: 'Please review.', htmlBody: '<p>Please review.</p>' };
  expect((await rest('POST', `/rest/api/3/issue/${key}/notify`, { ...email, to: { users: [{ accountId: cs }] } })).status).toBe(
    204,
  );
  expect(env.site.sandbox.emulator.notifications().at(-1)).toMatchObject({
    issueKey: key,
    recipients: [cs],
    subject: 'Quarterly customer review',
    textBody: 'Please review.',
    sentBy: pmId,
  });
  const count = env.site.sandbox.emulator.notifications().length;
  expect((await rest('POST', `/rest/api/3/issue/${key}/notify`, { ...email, to: { users: [{ accountId: pmId }] } })).status).toBe(
    400,
  );
  expect(
    (
      await rest('POST', `/rest/api/3/issue/${key}/notify`, {
        ...email,
        to: { users: [{ accountId: '5b10ffffffffffffffffffff' }] },
      })
    ).status,
  ).toBe(400);
  expect((await rest('POST', `/rest/api/3/issue/${key}/notify`, { ...email, to: {} })).status).toBe(400);
  expect(
    (await rest('POST', `/rest/api/3/issue/${key}/notify`, { ...email, to: { users: [{ accountId: cs }] } }, 'guest')).status,
  ).toBe(404);
  // Without a subject Jira uses the issue's key and summary.
  expect(
    (await rest('POST', `/rest/api/3/issue/${key}/notify`, { textBody: 'x', to: { users: [{ accountId: cs }] } })).status,
  ).toBe(204);
  const untitled = env.site.sandbox.emulator.notifications();
  expect(untitled).toHaveLength(count + 1);
  expect(untitled.at(-1)!.subject).toMatch(new RegExp(`^${key} \\S`));
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
