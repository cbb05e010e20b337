import type { IssueRecord } from '../../sandbox/jira/model';
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
