import type { InvocationClockOptions } from './forge/invocation-clock';
import type { IssueRecord } from './jira/model';
import { Sandbox } from './sandbox';
import { seedReportHistory } from './report-history';
import { seedDemoData } from './seed';
import { SandboxServer } from './server';

/** A sandbox with demo data on a free port (in memory unless given a folder), contract checking on; tests and benchmarks start it the same way. */
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
  /** Delay before product events are delivered (5 ms unless set). */
  eventDelayMs?: number;
  /** Check every REST call against the OpenAPI spec (on unless set; benchmarks of speed turn it off). */
  checkContract?: boolean;
  /** The site's default time zone (UTC unless set). */
  timeZone?: string;
  /** The clock function time limits are measured on (real time unless set). */
  functionClock?: InvocationClockOptions;
  /** Also seed six months of delivery history for the reports (REQ-7 on); off unless set, so the demo project keeps its six issues. */
  reportHistory?: boolean;
}

export async function startTestSandbox(options: TestSandboxOptions = {}): Promise<TestSandbox> {
  const sandbox = new Sandbox({
    checkContract: options.checkContract ?? true,
    eventDelayMs: options.eventDelayMs ?? 5,
    dataDir: options.dataDir,
    queueDelayScale: options.queueDelayScale,
    timeZone: options.timeZone,
    functionClock: options.functionClock,
  });
  sandbox.initialise();
  const server = new SandboxServer(sandbox);
  const url = await server.listen(0);
  await seedDemoData(sandbox);
  if (options.reportHistory) await seedReportHistory(sandbox);
  // Points count from here: what seeding spent is not the tests' or benchmarks' own.
  sandbox.rateLimits.reset();
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
