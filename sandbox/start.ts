import path from 'node:path';
import { repositoryRoot } from './forge/runtime';
import { SEED_USERS } from './jira/model';
import { parseLatencySettings } from './forge/latency';
import { Sandbox } from './sandbox';
import { seedReportHistory } from './report-history';
import { seedDemoData } from './seed';
import { SandboxServer } from './server';

/**
 * The demo site's first hourly reminder run, as a real site would have had: the quarterly customer
 * review's issue in REQ (three customers are due), with Jira's email, and the day's overdue reminders.
 */
async function runFirstReminderHour(sandbox: Sandbox): Promise<void> {
  const { from, to } = sandbox.clock.advance(3_600_000);
  await sandbox.runScheduled(from, to);
  await sandbox.idle();
}

/** `npm start`: the local Jira site with the app installed and demo data, on http://localhost:$PORT. */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 8080);
  const dataDir = path.resolve(repositoryRoot, process.env.SANDBOX_DATA ?? '.sandbox');
  const sandbox = new Sandbox({ dataDir, checkContract: process.env.SANDBOX_CONTRACT === '1', log: (line) => console.log(line) });
  if (process.env.SANDBOX_FAULTS) {
    // Same JSON as POST /__sandbox/faults; a bad setting stops the start rather than being ignored.
    const faults = sandbox.faults.configure(JSON.parse(process.env.SANDBOX_FAULTS) as unknown);
    console.log(`Fault injection on: ${JSON.stringify(faults)}`);
  }
  if (process.env.SANDBOX_RATE_LIMITS) {
    // Same JSON as POST /__sandbox/rate-limits, e.g. {"quota":true,"burst":true,"perIssueWrites":true}.
    const limits = sandbox.rateLimits.configure(JSON.parse(process.env.SANDBOX_RATE_LIMITS) as unknown);
    console.log(`Jira rate limits on: ${JSON.stringify(limits.settings)}`);
  }
  // Checked before anything starts; applied once the demo site exists, so creating it is not slowed.
  const latencySetting = process.env.SANDBOX_LATENCY
    ? parseLatencySettings(JSON.parse(process.env.SANDBOX_LATENCY) as unknown)
    : undefined;
  const server = new SandboxServer(sandbox, async (site) => {
    await seedDemoData(site);
    await seedReportHistory(site);
    await runFirstReminderHour(site);
  });
  const url = await server.listen(port, process.env.HOST ?? '127.0.0.1');
  if (sandbox.isEmpty || !sandbox.isCurrentFormat) {
    console.log(
      sandbox.isEmpty
        ? "First start: creating the demo site (project REQ with the source documents' requirements)…"
        : `The data in ${dataDir} was written by an older version of the sandbox; recreating the demo site…`,
    );
    sandbox.initialise();
    await seedDemoData(sandbox);
    await seedReportHistory(sandbox);
    await runFirstReminderHour(sandbox);
    // Points count from here: creating the demo site is not the app's use.
    sandbox.rateLimits.reset();
  } else {
    sandbox.installApp();
    const redelivered = sandbox.redeliverPendingEvents();
    if (redelivered > 0) console.log(`Delivering ${redelivered} product event(s) stored before the last stop.`);
    const queued = sandbox.redeliverQueuedEvents();
    if (queued > 0) console.log(`Delivering ${queued} queued async event(s) stored before the last stop.`);
  }
  if (latencySetting) console.log(`Jira latency on: ${JSON.stringify(sandbox.latency.configure(latencySetting))}`);
  console.log(`\nRequirement Triage sandbox is running: ${url}\n`);
  console.log(`Jira REST API: ${url}/rest/api/3 (Basic auth, e-mail + API token). Data: ${dataDir}`);
  for (const user of SEED_USERS) console.log(`  ${user.role.padEnd(17)} ${user.emailAddress.padEnd(24)} token ${user.apiToken}`);
  const stop = () => {
    void server.close().then(() => {
      sandbox.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
