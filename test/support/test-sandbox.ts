import type { IssueRecord } from '../../sandbox/jira/model';
import type { ResolverResult } from '../../src/shared/api';
import { Sandbox } from '../../sandbox/sandbox';
import { seedDemoData } from '../../sandbox/seed';
import { SandboxServer } from '../../sandbox/server';

/** An in-memory sandbox with demo data on a free port, contract checking on. */
export interface TestSandbox {
  sandbox: Sandbox;
  url: string;
  issue(key: string): IssueRecord;
  stop(): Promise<void>;
}

export interface TestSandboxOptions {
  dataDir?: string;
  /** Multiplies queue delays and retry back-off (1 is real time). */
  queueDelayScale?: number;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = new Sandbox({ checkContract: true, eventDelayMs: 5, dataDir: options.dataDir, queueDelayScale: options.queueDelayScale });
  sandbox.initialise();
  const server = new SandboxServer(sandbox);
  const url = await server.listen(0);
  await seedDemoData(sandbox);
  return {
    sandbox,
    url,
    issue: (key) => {
      const found = sandbox.store.list<IssueRecord>('jira-issues').find((issue) => issue.key === key);
      if (!found) throw new Error(`No issue ${key}`);
      return found;
    },
    stop: async () => {
      await server.close();
      await sandbox.idle();
      sandbox.close();
    },
  };
}

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

/** Calls the app's real resolvers through the control API exactly as the bridge does, as one seeded account. */
export function resolverCaller(env: { site: TestSandbox }) {
  return async <T>(account: keyof typeof ACCOUNTS, resource: string, resolver: string, payload: unknown, context: Record<string, unknown> = {}): Promise<ResolverResult<T>> => {
    const response = await fetch(`${env.site.url}/__sandbox/invoke`, { method: 'POST', headers: ACCOUNTS[account], body: JSON.stringify({ resource, resolver, payload, context }) });
    if (response.status !== 200) throw new Error(`invoke ${resolver} as ${account}: HTTP ${response.status} ${await response.text()}`);
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
