import { updateDeliveryRecord } from '../../src/storage/delivery-store';
import { basicAuth, useTestSandbox } from '../support/test-sandbox';

/** The rest of the emulator's REST surface over HTTP, every call checked against the OpenAPI spec. */

const env = useTestSandbox();

const pm = basicAuth('pm@example.com', 'pm-token');
const manager = basicAuth('manager@example.com', 'manager-token');
const admin = basicAuth('admin@example.com', 'admin-token');
const guest = basicAuth('guest@example.com', 'guest-token');

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

/** What the app's close rule needs before a requirement closes unfinished: the reason and the notice to the customer (see workflow-rules.test.ts). */
async function readyToReject(key: string): Promise<void> {
  const wontReason = env.site.sandbox.store
    .list<{ id: string; name: string }>('jira-fields')
    .find((field) => field.name === "Won't-have reason")!.id;
  expect(
    (await call(pm, 'PUT', `/rest/api/3/issue/${key}`, { fields: { [wontReason]: 'Covered by the standard report' } })).status,
  ).toBe(204);
  await updateDeliveryRecord(env.site.issue(key).id, (current) => ({
    ...current,
    closure: {
      ...current.closure,
      notice: { channel: 'email', at: '2026-11-20T10:00:00.000Z', summary: 'Not planned', customers: ['CUS202611001'] },
    },
  }));
}

test('transitions: the Requirement workflow lists, refuses a manager, closes with a resolution', async () => {
  // REQ-2 is a Requirement created after setup: it starts in "To confirm" of the requirement workflow.
  const before = (await call(pm, 'GET', '/rest/api/3/issue/REQ-2?fields=status')).body as {
    fields: { status: { name: string; description: string; statusCategory: { key: string } } };
  };
  expect(before.fields.status).toMatchObject({
    name: 'To confirm',
    description: '待确认 · Waiting for confirmation with the customer',
    statusCategory: { key: 'new' },
  });
  const list = await call(pm, 'GET', '/rest/api/3/issue/REQ-2/transitions');
  const transitions = (list.body as { transitions: { id: string; name: string; to: { name: string } }[] }).transitions;
  expect(transitions.map((transition) => `${transition.name} → ${transition.to.name}`)).toEqual([
    'Confirm → Analysing',
    'Reject → Closed',
  ]);
  const reject = transitions.find((transition) => transition.name === 'Reject')!;
  expect((await call(manager, 'POST', '/rest/api/3/issue/REQ-2/transitions', { transition: { id: reject.id } })).status).toBe(
    400,
  );
  await readyToReject('REQ-2');
  expect((await call(pm, 'POST', '/rest/api/3/issue/REQ-2/transitions', { transition: { id: reject.id } })).status).toBe(204);
  const issue = (await call(pm, 'GET', '/rest/api/3/issue/REQ-2?fields=status,resolution')).body as {
    fields: { status: { name: string; statusCategory: { key: string } }; resolution: { name: string } };
  };
  expect([issue.fields.status.name, issue.fields.status.statusCategory.key, issue.fields.resolution.name]).toEqual([
    'Closed',
    'done',
    'Done',
  ]);
  const found = (
    await call(pm, 'POST', '/rest/api/3/search/jql', { jql: 'project = REQ AND status = Closed', fields: ['status'] })
  ).body as { issues: { key: string }[] };
  expect(found.issues.map((entry) => entry.key)).toEqual(['REQ-2']);
  // A directed transition from another status, and an unknown id, are not valid here.
  expect((await call(pm, 'POST', '/rest/api/3/issue/REQ-2/transitions', { transition: { id: '11' } })).status).toBe(400);
  expect((await call(pm, 'POST', '/rest/api/3/issue/REQ-2/transitions', { transition: { id: '999' } })).status).toBe(400);
});

test('transitions: a close may name its resolution, a reopen clears it, and a project may grant a role less', async () => {
  const status = async () =>
    (
      (await call(pm, 'GET', '/rest/api/3/issue/REQ-3?fields=status,resolution')).body as {
        fields: { status: { name: string }; resolution: { name: string } | null };
      }
    ).fields;
  expect(
    (
      await call(pm, 'POST', '/rest/api/3/issue/REQ-3/transitions', {
        transition: { id: '11' },
        fields: { resolution: { name: 'Duplicate' } },
      })
    ).status,
  ).toBe(400);
  expect(
    (
      await call(pm, 'POST', '/rest/api/3/issue/REQ-3/transitions', {
        transition: { id: '121' },
        fields: { resolution: { name: 'Fixed somehow' } },
      })
    ).status,
  ).toBe(400);
  await readyToReject('REQ-3');
  expect(
    (
      await call(pm, 'POST', '/rest/api/3/issue/REQ-3/transitions', {
        transition: { id: '121' },
        fields: { resolution: { name: 'Duplicate' } },
      })
    ).status,
  ).toBe(204);
  expect(await status()).toMatchObject({ status: { name: 'Closed' }, resolution: { name: 'Duplicate' } });
  const transitions = (
    (await call(pm, 'GET', '/rest/api/3/issue/REQ-3/transitions')).body as { transitions: { id: string; to: { name: string } }[] }
  ).transitions;
  const back = transitions.find((transition) => transition.to.name === 'To confirm')!;
  expect((await call(pm, 'POST', '/rest/api/3/issue/REQ-3/transitions', { transition: { id: back.id } })).status).toBe(204);
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
  expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-3', { fields: { summary: 'Renamed' } })).status).toBe(403);
  expect((await call(pm, 'GET', '/rest/api/3/issue/REQ-3?fields=summary')).status).toBe(200);
  env.site.sandbox.store.commit([{ collection: 'jira-projects', id: project.id, value: project }]);
  expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-3', { fields: { labels: ['crm'] } })).status).toBe(204);
});

test('comments: a manager may comment in Chinese, a plain string body is refused', async () => {
  const body = {
    type: 'doc',
    version: 1,
    content: [{ type: 'paragraph', content: [{ type: 'text', text: '已与客户确认：误报率降到 3%。' }] }],
  };
  const created = await call(manager, 'POST', '/rest/api/3/issue/REQ-1/comment', { body });
  expect(created.status).toBe(201);
  expect((await call(manager, 'POST', '/rest/api/3/issue/REQ-1/comment', { body: 'plain' })).status).toBe(400);
  const page = (await call(pm, 'GET', '/rest/api/3/issue/REQ-1/comment')).body as {
    total: number;
    comments: { body: unknown; author: { displayName: string } }[];
  };
  expect(page.comments.at(-1)).toMatchObject({ body, author: { displayName: 'Maria Manager' } });
  const found = (await call(pm, 'POST', '/rest/api/3/search/jql', { jql: 'text ~ "误报率降到"', fields: ['summary'] })).body as {
    issues: { key: string }[];
  };
  expect(found.issues.map((issue) => issue.key)).toEqual(['REQ-1']);
});

test('issue links appear on both issues and can be removed', async () => {
  const linked = (await call(pm, 'GET', '/rest/api/3/issue/REQ-3?fields=issuelinks')).body as {
    fields: { issuelinks: { id: string; type: { name: string }; inwardIssue?: { key: string } }[] };
  };
  expect(linked.fields.issuelinks).toEqual([
    expect.objectContaining({
      type: expect.objectContaining({ name: 'Dependency' }),
      inwardIssue: expect.objectContaining({ key: 'REQ-4' }),
    }),
  ]);
  expect(
    (
      await call(pm, 'POST', '/rest/api/3/issueLink', {
        type: { name: 'Relates' },
        inwardIssue: { key: 'REQ-1' },
        outwardIssue: { key: 'REQ-2' },
      })
    ).status,
  ).toBe(201);
  const types = (await call(pm, 'GET', '/rest/api/3/issueLinkType')).body as { issueLinkTypes: { name: string }[] };
  expect(types.issueLinkTypes.map((type) => type.name)).toContain('Duplicate');
  const relates = (
    (await call(pm, 'GET', '/rest/api/3/issue/REQ-1?fields=issuelinks')).body as { fields: { issuelinks: { id: string }[] } }
  ).fields.issuelinks;
  expect((await call(pm, 'DELETE', `/rest/api/3/issueLink/${relates[0]!.id}`)).status).toBe(204);
});

test('issue properties: create, read, update, list, delete, size limit', async () => {
  expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-1/properties/rt.note', { text: '一' })).status).toBe(201);
  expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-1/properties/rt.note', { text: '二' })).status).toBe(200);
  expect((await call(manager, 'GET', '/rest/api/3/issue/REQ-1/properties/rt.note')).body).toEqual({
    key: 'rt.note',
    value: { text: '二' },
  });
  expect(
    ((await call(pm, 'GET', '/rest/api/3/issue/REQ-1/properties')).body as { keys: { key: string }[] }).keys.map(
      (key) => key.key,
    ),
  ).toContain('rt.note');
  expect((await call(manager, 'PUT', '/rest/api/3/issue/REQ-1/properties/rt.note', { text: 'x' })).status).toBe(403);
  expect((await call(pm, 'PUT', '/rest/api/3/issue/REQ-1/properties/rt.big', { text: 'x'.repeat(33_000) })).status).toBe(400);
  expect((await call(pm, 'DELETE', '/rest/api/3/issue/REQ-1/properties/rt.note')).status).toBe(204);
  expect((await call(pm, 'GET', '/rest/api/3/issue/REQ-1/properties/rt.note')).status).toBe(404);
});

test('users and permissions', async () => {
  const myself = (await call(pm, 'GET', '/rest/api/3/myself')).body as { emailAddress: string; locale: string };
  expect(myself).toMatchObject({ emailAddress: 'pm@example.com', locale: 'zh_CN' });
  const users = (await call(pm, 'GET', '/rest/api/3/user/search?query=li')).body as { displayName: string }[];
  expect(users.map((user) => user.displayName)).toEqual(['Li Wei (Tech lead)']);
  const guestSearch = await call(basicAuth('guest@example.com', 'guest-token'), 'GET', '/rest/api/3/user/search?query=li');
  expect(guestSearch).toEqual({ status: 200, body: [] });
  const mine = (await call(manager, 'GET', '/rest/api/3/mypermissions?projectKey=REQ&permissions=BROWSE_PROJECTS,EDIT_ISSUES'))
    .body as { permissions: Record<string, { havePermission: boolean }> };
  expect([mine.permissions.BROWSE_PROJECTS!.havePermission, mine.permissions.EDIT_ISSUES!.havePermission]).toEqual([true, false]);
  const techLead = (await call(pm, 'GET', '/rest/api/3/user/search?query=techlead')).body as { accountId: string }[];
  const check = {
    accountId: techLead[0]!.accountId,
    globalPermissions: ['ADMINISTER'],
    projectPermissions: [{ permissions: ['EDIT_ISSUES', 'DELETE_ISSUES'], issues: [10001] }],
  };
  expect((await call(pm, 'POST', '/rest/api/3/permissions/check', check)).status).toBe(403);
  expect((await call(admin, 'POST', '/rest/api/3/permissions/check', check)).body).toEqual({
    globalPermissions: [],
    projectPermissions: [
      { permission: 'EDIT_ISSUES', issues: [10001], projects: [] },
      { permission: 'DELETE_ISSUES', issues: [], projects: [] },
    ],
  });
});

test('a guest sees no projects and gets 404 for an issue it may not browse', async () => {
  const guest = basicAuth('guest@example.com', 'guest-token');
  expect(((await call(guest, 'GET', '/rest/api/3/project/search')).body as { values: unknown[] }).values).toEqual([]);
  expect((await call(guest, 'GET', '/rest/api/3/issue/REQ-1')).status).toBe(404);
  expect((await call(guest, 'GET', '/rest/api/3/project/REQ')).status).toBe(404);
});

test('only the app may write app field values, single or bulk', async () => {
  const fields = (await call(pm, 'GET', '/rest/api/3/field')).body as { id: string; name: string }[];
  const grade = fields.find((field) => field.name === 'Priority grade')!.id;
  expect(
    (await call(pm, 'PUT', `/rest/api/3/app/field/${grade}/value`, { updates: [{ issueIds: [10001], value: 'S' }] })).status,
  ).toBe(403);
  const gateway = env.site.sandbox.gateway();
  const asApp = (path: string, method: string, body: unknown) =>
    gateway.handle({ method, path, query: {}, body }, { kind: 'app' });
  expect(asApp(`/rest/api/3/app/field/${grade}/value`, 'PUT', { updates: [{ issueIds: [10004], value: 'C' }] }).status).toBe(204);
  expect(env.site.issue('REQ-4').fields[grade]).toBe('C');
  expect(
    asApp('/rest/api/3/app/field/value', 'POST', { updates: [{ customField: grade, issueIds: [10004], value: 7 }] }),
  ).toMatchObject({ status: 400 });
  expect(env.site.issue('REQ-4').fields[grade]).toBe('C');
});

test('the sandbox clock moves forward on request and refuses nonsense', async () => {
  const before = ((await call({}, 'GET', '/__sandbox/clock')).body as { now: string }).now;
  const moved = (await call({ 'content-type': 'application/json' }, 'POST', '/__sandbox/clock', { advance: 'P1DT12H' })).body as {
    now: string;
  };
  const hours = (Date.parse(moved.now) - Date.parse(before)) / 3_600_000;
  expect(hours).toBeGreaterThanOrEqual(36);
  expect(hours).toBeLessThan(36.1);
  expect((await call({ 'content-type': 'application/json' }, 'POST', '/__sandbox/clock', { advance: 'yesterday' })).status).toBe(
    400,
  );
  const created = await call(pm, 'POST', '/rest/api/3/issue', {
    fields: { project: { key: 'REQ' }, issuetype: { name: 'Task' }, summary: 'after the jump' },
  });
  const issue = (await call(pm, 'GET', `/rest/api/3/issue/${(created.body as { key: string }).key}?fields=created`)).body as {
    fields: { created: string };
  };
  expect(Date.parse(issue.fields.created.replace('+0000', 'Z'))).toBeGreaterThanOrEqual(Date.parse(moved.now) - 1000);
  // 36 hours of hourly reminder runs happen in the jump.
}, 60_000);

test('reset restores the demo data', async () => {
  await call(pm, 'DELETE', '/rest/api/3/issue/REQ-4');
  expect((await call(pm, 'GET', '/rest/api/3/issue/REQ-4')).status).toBe(404);
  expect((await call({}, 'POST', '/__sandbox/reset')).status).toBe(200);
  const page = (await call(pm, 'POST', '/rest/api/3/search/jql', { jql: 'project = REQ ORDER BY key ASC', fields: ['summary'] }))
    .body as { issues: { key: string }[] };
  expect(page.issues.map((issue) => issue.key)).toEqual(['REQ-1', 'REQ-2', 'REQ-3', 'REQ-4', 'REQ-5', 'REQ-6']);
});

test('bulk fetch: up to 100 issues by id or key in ascending id order, the fields asked for, nothing the caller may not browse', async () => {
  const ids = ['REQ-3', 'REQ-1', 'REQ-2'].map((key) => env.site.issue(key).id);
  const fetched = (
    await call(manager, 'POST', '/rest/api/3/issue/bulkfetch', {
      issueIdsOrKeys: [ids[0], 'REQ-1', ids[2], '999999'],
      fields: ['summary'],
    })
  ).body as { issues: { id: string; key: string; fields: Record<string, unknown> }[]; issueErrors: unknown[] };
  expect(fetched.issues.map((issue) => issue.key)).toEqual(['REQ-1', 'REQ-2', 'REQ-3']);
  expect(Object.keys(fetched.issues[0]!.fields)).toEqual(['summary']);
  expect(fetched.issueErrors).toEqual([]);
  expect(
    (
      (await call(guest, 'POST', '/rest/api/3/issue/bulkfetch', { issueIdsOrKeys: ids, fields: ['summary'] })).body as {
        issues: unknown[];
      }
    ).issues,
  ).toEqual([]);
  const tooMany = await call(manager, 'POST', '/rest/api/3/issue/bulkfetch', {
    issueIdsOrKeys: Array.from({ length: 101 }, (_, index) => String(10_000 + index)),
    fields: ['summary'],
  });
  expect(tooMany.status).toBe(400);
});

test('every call matched the OpenAPI spec', () => {
  expect(env.site.sandbox.contractViolations).toEqual([]);
});

test('search pages come from one list per search until a change, which the next page then shows', async () => {
  const search = async (nextPageToken?: string) =>
    (
      await call(manager, 'POST', '/rest/api/3/search/jql', {
        jql: 'project = REQ ORDER BY key DESC',
        fields: ['summary'],
        maxResults: 1,
        ...(nextPageToken ? { nextPageToken } : {}),
      })
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
    await call(pm, 'POST', '/rest/api/3/issue', {
      fields: { project: { key: 'REQ' }, issuetype: { name: 'Task' }, summary: 'Sorted first' },
    })
  ).body as { key: string };
  expect((await search()).issues.map((issue) => issue.key)).toEqual([created.key]);
  expect((await search(first.nextPageToken)).issues.map((issue) => issue.key)).toEqual([first.issues[0]!.key]);
});

test('notify: queues an email to the named accounts (204); refuses the caller, an unknown account, no recipient (400) and an issue not visible (404)', async () => {
  const cs = '5b10ac8d82e05b22cc7d4ef6';
  const pmId = '5b10a2844c20165700ede21g';
  const email = { subject: 'Quarterly customer review', textBody: 'Please review.', htmlBody: '<p>Please review.</p>' };
  expect(
    (await call(pm, 'POST', '/rest/api/3/issue/REQ-3/notify', { ...email, to: { users: [{ accountId: cs }] } })).status,
  ).toBe(204);
  expect(env.site.sandbox.emulator.notifications().at(-1)).toMatchObject({
    issueKey: 'REQ-3',
    recipients: [cs],
    subject: 'Quarterly customer review',
    textBody: 'Please review.',
    sentBy: pmId,
  });
  const count = env.site.sandbox.emulator.notifications().length;
  expect(
    (await call(pm, 'POST', '/rest/api/3/issue/REQ-3/notify', { ...email, to: { users: [{ accountId: pmId }] } })).status,
  ).toBe(400);
  expect(
    (
      await call(pm, 'POST', '/rest/api/3/issue/REQ-3/notify', {
        ...email,
        to: { users: [{ accountId: '5b10ffffffffffffffffffff' }] },
      })
    ).status,
  ).toBe(400);
  expect((await call(pm, 'POST', '/rest/api/3/issue/REQ-3/notify', { ...email, to: {} })).status).toBe(400);
  expect(
    (await call(guest, 'POST', '/rest/api/3/issue/REQ-3/notify', { ...email, to: { users: [{ accountId: cs }] } })).status,
  ).toBe(404);
  // Without a subject Jira uses the issue's key and summary.
  expect(
    (await call(pm, 'POST', '/rest/api/3/issue/REQ-3/notify', { textBody: 'x', to: { users: [{ accountId: cs }] } })).status,
  ).toBe(204);
  const untitled = env.site.sandbox.emulator.notifications();
  expect(untitled).toHaveLength(count + 1);
  expect(untitled.at(-1)!.subject).toMatch(/^REQ-3 \S/);
  expect(env.site.sandbox.contractViolations).toEqual([]);
});
