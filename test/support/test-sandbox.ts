import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from '../../sandbox/seeded-site';
import { READER_LOCALE_FIELD, type ResolverResult } from '../../src/shared/api';

export { startTestSandbox, type TestSandbox, type TestSandboxOptions };

export const basicAuth = (email: string, token: string): Record<string, string> => ({
  authorization: `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`,
  'content-type': 'application/json',
});

/** Seeded accounts by short name, as Basic auth headers. */
export const ACCOUNTS = {
  admin: basicAuth('admin@example.com', 'admin-token'),
  pm: basicAuth('pm@example.com', 'pm-token'),
  techlead: basicAuth('techlead@example.com', 'techlead-token'),
  manager: basicAuth('manager@example.com', 'manager-token'),
  cs: basicAuth('cs@example.com', 'cs-token'),
  compliance: basicAuth('compliance@example.com', 'compliance-token'),
  guest: basicAuth('guest@example.com', 'guest-token'),
};

/**
 * Calls the app's real resolvers through the control API exactly as the bridge does, as one seeded
 * account: like the app's pages, it says the page's language (English unless the payload names one).
 */
export function resolverCaller(env: { site: TestSandbox }) {
  return async <T>(
    account: keyof typeof ACCOUNTS,
    resource: string,
    resolver: string,
    payload: unknown,
    context: Record<string, unknown> = {},
  ): Promise<ResolverResult<T>> => {
    // A payload that names the field itself keeps it, also as undefined (then no language is sent, as from no page).
    const withLocale =
      typeof payload === 'object' && payload !== null && !Array.isArray(payload) && !(READER_LOCALE_FIELD in payload)
        ? { [READER_LOCALE_FIELD]: 'en-US', ...payload }
        : payload;
    const response = await fetch(`${env.site.url}/__sandbox/invoke`, {
      method: 'POST',
      headers: ACCOUNTS[account],
      body: JSON.stringify({ resource, resolver, payload: withLocale, context }),
    });
    if (response.status !== 200)
      throw new Error(`invoke ${resolver} as ${account}: HTTP ${response.status} ${await response.text()}`);
    return ((await response.json()) as { result: ResolverResult<T> }).result;
  };
}

/** Starts an in-memory sandbox for the test file and stops it after; read `env.site` inside tests. */
export function useTestSandbox(options: TestSandboxOptions = {}): { site: TestSandbox } {
  const env = {} as { site: TestSandbox };
  beforeAll(async () => {
    env.site = await startTestSandbox(options);
  }, 60_000);
  afterAll(async () => {
    await env.site?.stop();
  });
  return env;
}

/**
 * Jira's REST API and the sandbox clock as a test drives them: calls as one seeded account (`pm`
 * unless told), workflow moves by transition name, the clock moved on (scheduled runs and queued
 * work finish before it returns), and field ids by name.
 */
export function siteRest(env: { site: TestSandbox }, defaultAccount: keyof typeof ACCOUNTS = 'pm') {
  const rest = async (method: string, path: string, body?: unknown, account: keyof typeof ACCOUNTS = defaultAccount) => {
    const response = await fetch(`${env.site.url}${path}`, {
      method,
      headers: ACCOUNTS[account],
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as Record<string, unknown> };
  };
  /** Makes the named transition (with `fields` for its screen, if any) and waits for the app's triggers; Jira's answer as it came. */
  const move = async (
    key: string,
    name: string,
    fields?: Record<string, unknown>,
    account: keyof typeof ACCOUNTS = defaultAccount,
  ) => {
    const { body } = await rest('GET', `/rest/api/3/issue/${key}/transitions`, undefined, account);
    const found = (body.transitions as { id: string; name: string }[]).find((candidate) => candidate.name === name);
    if (!found) throw new Error(`${key} has no transition ${name}`);
    const moved = await rest(
      'POST',
      `/rest/api/3/issue/${key}/transitions`,
      { transition: { id: found.id }, ...(fields ? { fields } : {}) },
      account,
    );
    await env.site.sandbox.idle();
    return moved;
  };
  /** A transition the test expects Jira to make. */
  const transition = async (key: string, name: string, account: keyof typeof ACCOUNTS = defaultAccount) => {
    expect((await move(key, name, undefined, account)).status).toBe(204);
  };
  const clockNow = async (): Promise<string> =>
    ((await (await fetch(`${env.site.url}/__sandbox/clock`)).json()) as { now: string }).now;
  const advance = async (duration: string): Promise<{ from: string; to: string }> => {
    const from = await clockNow();
    const response = await fetch(`${env.site.url}/__sandbox/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advance: duration }),
    });
    expect(response.status).toBe(200);
    const to = ((await response.json()) as { now: string }).now;
    await env.site.sandbox.idle();
    return { from, to };
  };
  const today = async (): Promise<string> => (await clockNow()).slice(0, 10);
  const fieldId = (name: string): string =>
    env.site.sandbox.store.list<{ id: string; name: string }>('jira-fields').find((field) => field.name === name)!.id;
  return { rest, move, transition, advance, clockNow, today, fieldId };
}
