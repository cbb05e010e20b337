import { createHmac } from 'node:crypto';
import { SEED_USERS } from '../../sandbox/jira/model';
import type { IntakeStatus } from '../../src/shared/api';
import { ACCOUNTS, resolverCaller, useTestSandbox } from '../support/test-sandbox';

/**
 * The web intake over real HTTP to the sandbox's web trigger URL: every refusal creates nothing,
 * a signed valid request creates one Requirement, and only a project admin handles the secret.
 */

const env = useTestSandbox();
const invoke = resolverCaller(env);

interface Listed {
  moduleKey: string;
  projectKey: string;
  url: string;
}

const sign = (secret: string, timestamp: number, body: string): string =>
  `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
const nowSeconds = (): number => Math.floor(Date.now() / 1000);

const validBody = (summary = 'Export the order list from the mini-program') => ({
  summary,
  originalWords: '我们希望能在小程序里直接导出订单列表。',
  channel: 'third-party-platform',
  submitter: { name: 'Li Na', role: 'Store manager' },
  date: '2026-11-30',
  customer: { name: 'Hangzhou Tea Co.', number: 'CUS202401001' },
});

async function urlFor(projectKey: string): Promise<string> {
  const listed = (await (await fetch(`${env.site.url}/__sandbox/webtriggers`)).json()) as Listed[];
  const found = listed.find((entry) => entry.projectKey === projectKey && entry.moduleKey === 'rt-requirement-intake');
  if (!found) throw new Error(`No web trigger listed for ${projectKey}`);
  return found.url;
}

async function rotate(projectKey: string): Promise<IntakeStatus & { secret: string }> {
  const result = await invoke<IntakeStatus & { secret: string }>('admin', 'admin', 'intake.rotateSecret', { projectKey });
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

interface Sent {
  status: number;
  headers: Headers;
  body: {
    issueKey?: string;
    error?: string;
    replayed?: boolean;
    violations?: { field: string; rule: string; message: string }[];
  };
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<Sent> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Sent['body'] };
}

/** A request signed with `secret` now (or at `timestamp`). */
const signed = (url: string, secret: string, body: string, extra: Record<string, string> = {}, timestamp = nowSeconds()) =>
  post(url, body, { 'X-RT-Timestamp': String(timestamp), 'X-RT-Signature': sign(secret, timestamp, body), ...extra });

const requirementCount = (): number => env.site.sandbox.store.list<{ projectId: string; summary?: string }>('jira-issues').length;

let secret = '';
let url = '';

beforeAll(async () => {
  const rotated = await rotate('REQ');
  secret = rotated.secret;
  url = await urlFor('REQ');
}, 60_000);

describe('web intake security', () => {
  test('the listed URL is the one the admin page shows, and the secret is shown once', async () => {
    const status = await invoke<IntakeStatus>('admin', 'admin', 'intake.status', { projectKey: 'REQ' });
    expect(status.ok && status.data.url).toBe(url);
    expect(status.ok && status.data.secretCreatedAt).toMatch(/^\d{4}-/);
    expect(JSON.stringify(status)).not.toContain(secret);
  });

  test('an unsigned request is refused with 401 and creates nothing', async () => {
    const before = requirementCount();
    const sent = await post(url, JSON.stringify(validBody()), {});
    expect(sent.status).toBe(401);
    expect(sent.body.violations?.[0]).toMatchObject({ field: 'x-rt-timestamp', rule: 'required' });
    const noSignature = await post(url, JSON.stringify(validBody()), { 'X-RT-Timestamp': String(nowSeconds()) });
    expect(noSignature.status).toBe(401);
    expect(noSignature.body.violations?.[0]).toMatchObject({ field: 'x-rt-signature', rule: 'required' });
    expect(requirementCount()).toBe(before);
  });

  test('a stale timestamp (older than 5 minutes) is refused with 401', async () => {
    const sent = await signed(url, secret, JSON.stringify(validBody()), {}, nowSeconds() - 330);
    expect(sent.status).toBe(401);
    expect(sent.body.violations?.[0]).toMatchObject({ field: 'x-rt-timestamp', rule: 'range' });
  });

  test('a timestamp more than 5 minutes in the future is refused with 401', async () => {
    const sent = await signed(url, secret, JSON.stringify(validBody()), {}, nowSeconds() + 330);
    expect(sent.status).toBe(401);
    expect(sent.body.violations?.[0]).toMatchObject({ field: 'x-rt-timestamp', rule: 'range' });
  });

  test('a bad signature (another secret) is refused with 401 and creates nothing', async () => {
    const before = requirementCount();
    const sent = await signed(url, 'not-the-secret', JSON.stringify(validBody()));
    expect(sent.status).toBe(401);
    expect(sent.body.violations?.[0]).toMatchObject({ field: 'x-rt-signature' });
    expect(requirementCount()).toBe(before);
  });

  test('a tampered body (signed, then changed) is refused with 401', async () => {
    const timestamp = nowSeconds();
    const original = JSON.stringify(validBody());
    const tampered = JSON.stringify(validBody('Something else entirely'));
    const sent = await post(url, tampered, {
      'X-RT-Timestamp': String(timestamp),
      'X-RT-Signature': sign(secret, timestamp, original),
    });
    expect(sent.status).toBe(401);
  });

  test('a refusal is written in the sender’s Accept-Language, both languages (Chinese first) when it names neither', async () => {
    const stale = nowSeconds() - 330;
    const chinese = await signed(
      url,
      secret,
      JSON.stringify(validBody()),
      { 'Accept-Language': 'zh-CN,zh;q=0.9,en;q=0.8' },
      stale,
    );
    expect(chinese.body.violations?.[0]?.message).toBe('X-RT-Timestamp：必须在当前时间前后 5 分钟内；请重新签名。');
    const english = await signed(url, secret, JSON.stringify(validBody()), { 'Accept-Language': 'en-GB' }, stale);
    expect(english.body.violations?.[0]?.message).toBe(
      'X-RT-Timestamp: must be within 5 minutes of now; sign the request again.',
    );
    const neither = await signed(url, secret, JSON.stringify(validBody()), {}, stale);
    expect(neither.body.violations?.[0]?.message).toBe(
      'X-RT-Timestamp：必须在当前时间前后 5 分钟内；请重新签名。 / X-RT-Timestamp: must be within 5 minutes of now; sign the request again.',
    );
    const get = await fetch(url, { method: 'GET', headers: { 'Accept-Language': 'zh-CN' } });
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect(((await get.json()) as Sent['body']).violations).toEqual([
      { field: 'method', rule: 'enum', message: 'method：请用 POST 发送需求。' },
    ]);
    // The schema's refusals name field and rule in Chinese too.
    const bad = await signed(url, secret, JSON.stringify({ ...validBody(), channel: 'carrier-pigeon' }), {
      'Accept-Language': 'zh-CN',
    });
    expect(bad.body.violations?.find((violation) => violation.field === 'channel')?.message).toBe('channel：不是允许的取值。');
  });

  test('a body over 64 KB is refused with 413 before anything else', async () => {
    const huge = JSON.stringify({ ...validBody(), originalWords: 'x'.repeat(64 * 1024) });
    const sent = await signed(url, secret, huge);
    expect(sent.status).toBe(413);
    expect(sent.body.violations?.[0]).toMatchObject({ field: 'body', rule: 'length' });
  });

  test('a body not matching the schema is refused with 400 naming each field and rule', async () => {
    const before = requirementCount();
    const bad = { ...validBody(), summary: 's'.repeat(256), channel: 'carrier-pigeon', date: '2026-02-30', extra: 1 } as Record<
      string,
      unknown
    >;
    delete bad.originalWords;
    const sent = await signed(url, secret, JSON.stringify(bad));
    expect(sent.status).toBe(400);
    const byField = Object.fromEntries((sent.body.violations ?? []).map((violation) => [violation.field, violation.rule]));
    expect(byField).toMatchObject({ summary: 'length', originalWords: 'required', channel: 'enum', date: 'syntax' });
    expect(sent.body.violations?.some((violation) => violation.message.includes('extra'))).toBe(true);
    const notJson = await signed(url, secret, 'not json');
    expect(notJson.status).toBe(400);
    expect(notJson.body.violations?.[0]).toMatchObject({ field: 'body', rule: 'syntax' });
    expect(requirementCount()).toBe(before);
  });

  test('a replayed Idempotency-Key creates nothing twice and answers the first result', async () => {
    const body = JSON.stringify(validBody('Replay-safe intake'));
    const first = await signed(url, secret, body, { 'Idempotency-Key': 'form-42' });
    expect(first.status).toBe(201);
    const count = requirementCount();
    const again = await signed(url, secret, body, { 'Idempotency-Key': 'form-42' });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ issueKey: first.body.issueKey, replayed: true });
    const otherBody = await signed(url, secret, JSON.stringify(validBody('Another need')), { 'Idempotency-Key': 'form-42' });
    expect(otherBody.status).toBe(409);
    expect(otherBody.body.violations?.[0]).toMatchObject({ field: 'idempotency-key', rule: 'unique' });
    expect(requirementCount()).toBe(count);
  });

  test('a captured request replayed without an Idempotency-Key creates nothing twice', async () => {
    const timestamp = nowSeconds();
    const body = JSON.stringify(validBody('Captured and replayed'));
    const headers = { 'X-RT-Timestamp': String(timestamp), 'X-RT-Signature': sign(secret, timestamp, body) };
    const first = await post(url, body, headers);
    expect(first.status).toBe(201);
    const count = requirementCount();
    const replay = await post(url, body, headers);
    expect(replay.body.issueKey).toBe(first.body.issueKey);
    expect(requirementCount()).toBe(count);
  });

  test('an unknown project, or one without a secret, is refused with 404; a project not set up by the app with 409', async () => {
    const unknown = new URL(url);
    unknown.searchParams.set('project', 'NOPE');
    const sent = await signed(unknown.toString(), secret, JSON.stringify(validBody()));
    expect(sent.status).toBe(404);
    expect(sent.body.violations?.[0]?.message).toContain('NOPE');
    const missing = new URL(url);
    missing.searchParams.delete('project');
    expect((await signed(missing.toString(), secret, JSON.stringify(validBody()))).status).toBe(400);

    const created = await fetch(`${env.site.url}/rest/api/3/project`, {
      method: 'POST',
      headers: ACCOUNTS.admin,
      body: JSON.stringify({
        key: 'RAW',
        name: 'Not set up',
        projectTypeKey: 'business',
        leadAccountId: SEED_USERS[0]!.accountId,
      }),
    });
    expect(created.status).toBe(201);
    const rawSecret = (await rotate('RAW')).secret;
    const before = requirementCount();
    const notSetUp = await signed(await urlFor('RAW'), rawSecret, JSON.stringify(validBody()));
    expect(notSetUp.status).toBe(409);
    expect(notSetUp.body.violations?.[0]?.message).toContain('RAW');
    expect(requirementCount()).toBe(before);
  });

  test('secret rotation invalidates the old secret at once', async () => {
    const old = secret;
    secret = (await rotate('REQ')).secret;
    expect(secret).not.toBe(old);
    expect((await signed(url, old, JSON.stringify(validBody('Signed with the old secret')))).status).toBe(401);
    expect((await signed(url, secret, JSON.stringify(validBody('Signed with the new secret')))).status).toBe(201);
  });

  test('the admin resolvers refuse a non-admin of the project, and reveal no secret', async () => {
    for (const account of ['pm', 'cs', 'guest'] as const) {
      const rotated = await invoke(account, 'admin', 'intake.rotateSecret', { projectKey: 'REQ' });
      expect(rotated).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
      const status = await invoke(account, 'admin', 'intake.status', { projectKey: 'REQ' });
      expect(status).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
    }
    // The refused rotations left the secret as it was.
    expect((await signed(url, secret, JSON.stringify(validBody('Still the same secret')))).status).toBe(201);
  });

  test('the rate limit answers 429 with Retry-After after 60 signed requests in a minute, and creates nothing', async () => {
    // The count is per wall-clock minute: start early in one, so the loop and the last check share it.
    const intoMinute = nowSeconds() % 60;
    if (intoMinute > 45) await new Promise((resolve) => setTimeout(resolve, (61 - intoMinute) * 1000));
    // Requests counted earlier in this minute by the tests above count too; fill the rest with refused bodies.
    let sent: Sent | undefined;
    for (let index = 0; index < 61; index += 1) {
      sent = await signed(url, secret, JSON.stringify({ summary: '' }));
      if (sent.status === 429) break;
      expect(sent.status).toBe(400);
    }
    expect(sent?.status).toBe(429);
    expect(Number(sent?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(sent?.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const before = requirementCount();
    expect((await signed(url, secret, JSON.stringify(validBody('Over the limit')))).status).toBe(429);
    expect(requirementCount()).toBe(before);
  }, 30_000);
});

describe('web intake happy path', () => {
  test('a signed valid request creates a Requirement with channel, original words, submitter and date, answering 201 with its key', async () => {
    // A project of its own, set up here, so REQ's spent rate budget plays no part.
    const created = await fetch(`${env.site.url}/rest/api/3/project`, {
      method: 'POST',
      headers: ACCOUNTS.admin,
      body: JSON.stringify({
        key: 'FORM',
        name: 'Form intake',
        projectTypeKey: 'business',
        leadAccountId: SEED_USERS[0]!.accountId,
      }),
    });
    expect(created.status).toBe(201);
    const setup = await invoke('admin', 'admin', 'setup.run', { projectKey: 'FORM' });
    expect(setup.ok).toBe(true);
    const formSecret = (await rotate('FORM')).secret;
    const sent = await signed(await urlFor('FORM'), formSecret, JSON.stringify(validBody('Export orders from WeChat')));
    expect(sent.status).toBe(201);
    expect(sent.body.issueKey).toMatch(/^FORM-\d+$/);
    const issue = (await (
      await fetch(`${env.site.url}/rest/api/3/issue/${sent.body.issueKey}`, { headers: ACCOUNTS.admin })
    ).json()) as { fields: Record<string, unknown>; names?: Record<string, string> };
    const fields = (await (await fetch(`${env.site.url}/rest/api/3/field`, { headers: ACCOUNTS.admin })).json()) as {
      id: string;
      name: string;
    }[];
    const value = (name: string) => issue.fields[fields.find((field) => field.name === name)!.id];
    expect(issue.fields.summary).toBe('Export orders from WeChat');
    expect((issue.fields.issuetype as { name: string }).name).toBe('Requirement');
    expect(value('Source channel')).toBe('third-party-platform');
    expect(value("Customer's original words")).toBe('我们希望能在小程序里直接导出订单列表。');
    expect(value('Submitter role')).toBe('Store manager');
    expect(JSON.stringify(issue.fields.description)).toContain('Raised on 2026-11-30 by Li Na (Store manager)');
    expect(JSON.stringify(issue.fields.description)).toContain('CUS202401001');
  });
});
