import {
  APP_FIELD_BULK_LIMIT,
  IssueWriteGate,
  JiraClient,
  JiraError,
  packAppFieldUpdates,
  type JiraFetch,
  type JiraHttpResponse,
  type RetryPolicy,
} from '../../../src/jira/client';

/** The Jira client over a recording fake transport: retries, back-off, paging, typed errors. */

interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

function fakeJira(replies: (Reply | Error)[]) {
  const calls: { path: string; method: string; body: unknown }[] = [];
  const fetch: JiraFetch = async (path, init) => {
    calls.push({ path: path.value, method: init.method, body: init.body === undefined ? undefined : JSON.parse(init.body) });
    const reply = replies.shift();
    if (!reply) throw new Error(`unexpected call ${init.method} ${path.value}`);
    if (reply instanceof Error) throw reply;
    const response: JiraHttpResponse = {
      status: reply.status,
      ok: reply.status >= 200 && reply.status < 300,
      headers: { get: (name) => reply.headers?.[name.toLowerCase()] ?? null },
      text: async () =>
        reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body),
    };
    return response;
  };
  return { fetch, calls };
}

function recordingRetry(): RetryPolicy & { waits: number[] } {
  const waits: number[] = [];
  return { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, waits, sleep: async (ms) => void waits.push(ms) };
}

describe('retries', () => {
  test('a 429 is retried after the Retry-After seconds, and the update is applied once', async () => {
    const { fetch, calls } = fakeJira([{ status: 429, headers: { 'retry-after': '2' } }, { status: 204 }]);
    const retry = recordingRetry();
    await new JiraClient(fetch, retry).editIssue('REQ-1', { summary: 'x' });
    expect(retry.waits).toEqual([2000]);
    expect(calls.map((call) => call.method)).toEqual(['PUT', 'PUT']);
  });

  test('503 and network failures back off exponentially with jitter, within the cap', async () => {
    const { fetch } = fakeJira([{ status: 503 }, new Error('socket hang up'), { status: 502 }, { status: 200, body: [] }]);
    const retry = recordingRetry();
    await expect(new JiraClient(fetch, retry).getFields()).resolves.toEqual([]);
    expect(retry.waits).toHaveLength(3);
    retry.waits.forEach((wait, index) => {
      const full = Math.min(1000, 100 * 2 ** index);
      expect(wait).toBeGreaterThanOrEqual(full / 2);
      expect(wait).toBeLessThanOrEqual(full);
    });
  });

  test('when retries run out the failure is reported, not dropped', async () => {
    const { fetch } = fakeJira([
      { status: 429 },
      { status: 429 },
      { status: 429 },
      { status: 429, body: { errorMessages: ['Rate limit exceeded'] } },
    ]);
    await expect(new JiraClient(fetch, recordingRetry()).getFields()).rejects.toMatchObject({
      kind: 'rate-limited',
      status: 429,
      errorMessages: ['Rate limit exceeded'],
    });
  });

  test('a network failure on the last attempt is a network error', async () => {
    const { fetch } = fakeJira([new Error('a'), new Error('b'), new Error('c'), new Error('ECONNRESET')]);
    await expect(new JiraClient(fetch, recordingRetry()).getFields()).rejects.toMatchObject({
      kind: 'network',
      errorMessages: ['ECONNRESET'],
    });
  });
});

describe('rate limits by RateLimit-Reason', () => {
  const tooMany = (reason: string, retryAfter?: string): Reply => ({
    status: 429,
    headers: { 'ratelimit-reason': reason, ...(retryAfter === undefined ? {} : { 'retry-after': retryAfter }) },
    body: { errorMessages: ['Rate limit exceeded.'] },
  });

  test.each(['jira-quota-global-based', 'jira-quota-tenant-based'])(
    'an exhausted hourly quota (%s) fails at once, with the wait Jira asked for, instead of retrying',
    async (reason) => {
      const { fetch, calls } = fakeJira([tooMany(reason, '1847')]);
      const retry = recordingRetry();
      const error = await new JiraClient(fetch, retry).editIssue('REQ-1', { summary: 'x' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ kind: 'quota-exhausted', status: 429, rateLimit: { reason, retryAfterSeconds: 1847 } });
      expect(calls).toHaveLength(1);
      expect(retry.waits).toEqual([]);
    },
  );

  test('a burst refusal is retried after Retry-After', async () => {
    const { fetch, calls } = fakeJira([tooMany('jira-burst-based', '1'), { status: 200, body: [] }]);
    const retry = recordingRetry();
    await new JiraClient(fetch, retry).getFields();
    expect(retry.waits).toEqual([1000]);
    expect(calls).toHaveLength(2);
  });

  test('a per-issue refusal holds back writes to that issue until Retry-After, while writes to other issues go at once', async () => {
    let now = 0;
    const gate = new IssueWriteGate(() => now);
    const waits: number[] = [];
    const retry: RetryPolicy = { attempts: 4, baseDelayMs: 100, maxDelayMs: 1000, sleep: async (ms) => void waits.push(ms) };
    const { fetch, calls } = fakeJira([
      tooMany('jira-per-issue-on-write', '2'),
      { status: 204 },
      { status: 204 },
      { status: 204 },
    ]);
    const client = new JiraClient(fetch, retry, gate);
    await client.editIssue('REQ-1', { summary: 'first' });
    expect(waits).toEqual([2000]);
    // The clock has not moved: the next write to REQ-1 waits its turn; one to REQ-2 does not.
    await client.editIssue('REQ-2', { summary: 'other issue' });
    expect(waits).toEqual([2000]);
    await client.addComment('REQ-1', { type: 'doc', version: 1, content: [] });
    expect(waits).toEqual([2000, 2000]);
    now = 2000;
    expect(gate.waitFor(['REQ-1'])).toBe(0);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'PUT /rest/api/3/issue/REQ-1',
      'PUT /rest/api/3/issue/REQ-1',
      'PUT /rest/api/3/issue/REQ-2',
      'POST /rest/api/3/issue/REQ-1/comment',
    ]);
  });

  test('a per-issue refusal without Retry-After waits out the short window of 2 s', async () => {
    const gate = new IssueWriteGate(() => 0);
    const retry = recordingRetry();
    const { fetch } = fakeJira([tooMany('jira-per-issue-on-write'), { status: 204 }]);
    await new JiraClient(fetch, retry, gate).setAppFieldValues([{ fieldId: 'customfield_1', issueIds: [10001], value: 3 }]);
    expect(retry.waits).toEqual([2000]);
    expect(gate.waitFor(['10001'])).toBe(2000);
  });
});

describe('errors', () => {
  test.each([
    [400, 'bad-request'],
    [401, 'unauthorized'],
    [403, 'forbidden'],
    [404, 'not-found'],
    [409, 'conflict'],
    [500, 'server'],
    [418, 'bad-request'],
  ])('HTTP %i is a %s error with Jira messages and field errors', async (status, kind) => {
    // Enough replies for a retry: a read that fails with 500 is retried once.
    const { fetch } = fakeJira(
      Array.from({ length: 2 }, () => ({ status, body: { errorMessages: ['Something'], errors: { summary: 'Required' } } })),
    );
    const error = await new JiraClient(fetch, recordingRetry()).getIssue('REQ-9', ['summary']).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(JiraError);
    expect(error).toMatchObject({
      kind,
      status,
      errorMessages: ['Something'],
      fieldErrors: { summary: 'Required' },
      operation: 'getIssue',
    });
    expect((error as Error).message).toBe('getIssue: Something; summary: Required');
  });

  test('a non-JSON error body is kept as the message', async () => {
    const { fetch } = fakeJira([{ status: 500, body: 'Internal failure' }]);
    await expect(new JiraClient(fetch, recordingRetry()).editIssue('REQ-1', { summary: 'x' })).rejects.toMatchObject({
      errorMessages: ['Internal failure'],
    });
  });

  test('a 500 on a read is retried once; on a write it is not, since the write may have been applied', async () => {
    const read = fakeJira([{ status: 500 }, { status: 200, body: [] }]);
    await expect(new JiraClient(read.fetch, recordingRetry()).getFields()).resolves.toEqual([]);
    expect(read.calls).toHaveLength(2);
    const lasting = fakeJira([{ status: 500 }, { status: 500 }, { status: 200, body: [] }]);
    await expect(new JiraClient(lasting.fetch, recordingRetry()).getFields()).rejects.toMatchObject({ kind: 'server' });
    expect(lasting.calls).toHaveLength(2);
    const write = fakeJira([{ status: 500 }, { status: 204 }]);
    await expect(new JiraClient(write.fetch, recordingRetry()).editIssue('REQ-1', { summary: 'x' })).rejects.toMatchObject({
      kind: 'server',
    });
    expect(write.calls).toHaveLength(1);
  });
});

describe('paging and batching', () => {
  test('searchAll follows nextPageToken and never asks for more than 100 per page', async () => {
    const { fetch, calls } = fakeJira([
      { status: 200, body: { issues: [{ id: '1', key: 'REQ-1', fields: {} }], nextPageToken: 'p2' } },
      { status: 200, body: { issues: [{ id: '2', key: 'REQ-2', fields: {} }] } },
    ]);
    const issues = await new JiraClient(fetch, recordingRetry()).searchAll({ jql: 'project = REQ', fields: ['summary'] });
    expect(issues.map((issue) => issue.key)).toEqual(['REQ-1', 'REQ-2']);
    expect(calls.map((call) => call.body)).toEqual([
      { jql: 'project = REQ', fields: ['summary'], maxResults: 100 },
      { jql: 'project = REQ', fields: ['summary'], maxResults: 100, nextPageToken: 'p2' },
    ]);
    expect(calls[0]!.path).toBe('/rest/api/3/search/jql');
  });

  test('updates naming many issues are packed and split by issue count', () => {
    const packed = packAppFieldUpdates(
      [
        { fieldId: 'a', issueIds: [1, 2, 3], value: 'S' },
        { fieldId: 'b', issueIds: [4, 5, 6, 7, 8], value: 4.5 },
      ],
      4,
    );
    expect(packed.map((batch) => batch.map((update) => `${update.fieldId}:${update.issueIds.join('')}`))).toEqual([
      ['a:123', 'b:4'],
      ['b:5678'],
    ]);
  });

  test('app field values go in bulk calls of at most the Jira limit', async () => {
    const { fetch, calls } = fakeJira([{ status: 204 }, { status: 204 }]);
    const updates = Array.from({ length: APP_FIELD_BULK_LIMIT + 1 }, (_, index) => ({
      fieldId: 'customfield_10101',
      issueIds: [index],
      value: 4.3,
    }));
    await new JiraClient(fetch, recordingRetry()).setAppFieldValues(updates);
    expect(calls.map((call) => (call.body as { updates: unknown[] }).updates.length)).toEqual([APP_FIELD_BULK_LIMIT, 1]);
    expect((calls[0]!.body as { updates: unknown[] }).updates[0]).toEqual({
      customField: 'customfield_10101',
      issueIds: [0],
      value: 4.3,
    });
  });

  test('project listing follows pages until isLast', async () => {
    const { fetch, calls } = fakeJira([
      { status: 200, body: { values: [{ id: '1', key: 'A', name: 'A' }], isLast: false } },
      { status: 200, body: { values: [{ id: '2', key: 'B', name: 'B' }], isLast: true } },
    ]);
    expect((await new JiraClient(fetch, recordingRetry()).listProjects()).map((project) => project.key)).toEqual(['A', 'B']);
    expect(calls[1]!.path).toContain('startAt=1');
  });

  test('path parameters are encoded, so a key cannot reach another resource', async () => {
    const { fetch, calls } = fakeJira([{ status: 404 }]);
    await expect(new JiraClient(fetch, recordingRetry()).getProject('A/../../x')).rejects.toThrow(/path manipulation/);
    expect(calls).toHaveLength(0);
  });
});

describe('asynchronous tasks', () => {
  const task = (status: string, extra: Record<string, unknown> = {}) => ({
    status: 200,
    body: { id: '10042', self: 'https://site/rest/api/3/task/10042', status, progress: 0, ...extra },
  });

  test('publishing a draft follows the 303 to its task with back-off until the task completes', async () => {
    const { fetch, calls } = fakeJira([
      { status: 303, headers: { location: 'https://site/rest/api/3/task/10042' }, body: { id: '10042', status: 'ENQUEUED' } },
      task('ENQUEUED'),
      task('RUNNING'),
      task('COMPLETE', { progress: 100 }),
    ]);
    const retry = recordingRetry();
    await new JiraClient(fetch, retry).publishWorkflowSchemeDraft(10001);
    expect(calls.map((call) => `${call.method} ${call.path}`)).toEqual([
      'POST /rest/api/3/workflowscheme/10001/draft/publish',
      'GET /rest/api/3/task/10042',
      'GET /rest/api/3/task/10042',
      'GET /rest/api/3/task/10042',
    ]);
    expect(retry.waits).toEqual([250, 500]);
  });

  test('a transport that followed the redirect itself still yields the task to wait for', async () => {
    const { fetch, calls } = fakeJira([
      { status: 200, body: { id: '7', status: 'RUNNING' } },
      { status: 200, body: { id: '7', status: 'COMPLETE' } },
    ]);
    await new JiraClient(fetch, recordingRetry()).publishWorkflowSchemeDraft(3);
    expect(calls.at(-1)!.path).toBe('/rest/api/3/task/7');
  });

  test('a failed task is an error naming its status and message; a 204 (nothing to wait for) is not', async () => {
    const failed = fakeJira([
      { status: 303, headers: { location: '/rest/api/3/task/9' } },
      { status: 200, body: { id: '9', status: 'FAILED', message: 'Draft workflow scheme was not found.' } },
    ]);
    await expect(new JiraClient(failed.fetch, recordingRetry()).publishWorkflowSchemeDraft(3)).rejects.toMatchObject({
      name: 'JiraTaskError',
      taskStatus: 'FAILED',
      taskMessage: 'Draft workflow scheme was not found.',
    });
    const immediate = fakeJira([{ status: 204 }]);
    await new JiraClient(immediate.fetch, recordingRetry()).publishWorkflowSchemeDraft(3);
    expect(immediate.calls).toHaveLength(1);
  });

  test('a task still running when the wait budget is spent is reported as still running, after sleeps within the budget', async () => {
    const { fetch } = fakeJira([
      { status: 303, headers: { location: '/rest/api/3/task/5' } },
      ...Array.from({ length: 20 }, () => task('RUNNING')),
    ]);
    const retry = recordingRetry();
    await expect(new JiraClient(fetch, retry).publishWorkflowSchemeDraft(3)).rejects.toMatchObject({
      taskStatus: 'still-running',
      taskId: '5',
    });
    expect(retry.waits).toEqual([250, 500, 1000, 2000, 2000, 2000]);
    expect(retry.waits.reduce((sum, wait) => sum + wait, 0)).toBeLessThanOrEqual(8000);
  });

  test('a workflow update that names a task completes only when the task does', async () => {
    const workflow = {
      id: 'w1',
      name: 'W',
      version: { id: 'v', versionNumber: 1 },
      statuses: [],
      transitions: [],
      statusDetails: [],
    };
    const { fetch, calls } = fakeJira([
      { status: 200, body: { workflows: [], statuses: [], taskId: '88' } },
      { status: 200, body: { id: '88', status: 'COMPLETE' } },
    ]);
    await new JiraClient(fetch, recordingRetry()).updateWorkflowTransitions(workflow, []);
    expect(calls.map((call) => call.path)).toEqual(['/rest/api/3/workflows/update', '/rest/api/3/task/88']);
  });
});
