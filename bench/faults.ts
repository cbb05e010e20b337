import { startTestSandbox } from '../sandbox/seeded-site';
import { runFaultScenario } from '../test/support/fault-run';
import { captureConsole, linesWithPersonalData } from '../test/support/log-capture';

/**
 * `npm run bench -- faults`: the fault test's scenario, larger: triage saves, project setups and
 * framework saves (with their re-scoring jobs) while 30 % of the app's Jira calls fail. One line:
 * attempts, completions, attempts reported as failed, values lost and written twice (both must be 0).
 */
export async function benchFaults(): Promise<void> {
  const seed = Number(process.env.FAULT_SEED ?? 20261124);
  const site = await startTestSandbox({ queueDelayScale: 0.01 });
  const { sandbox, url } = site;
  const capture = captureConsole();
  try {
    const started = Date.now();
    const size = { triageSaves: 40, setups: 3, frameworkSaves: 5, rate: 0.3, seed };
    const report = await runFaultScenario({ url, sandbox }, size);
    const leaks = linesWithPersonalData(capture.lines, sandbox.store);
    capture.print(
      `faults operations=${size.triageSaves + size.setups + size.frameworkSaves} attempted=${report.attempted} completed=${report.completed} reported_failed=${report.reportedFailed} lost=${report.lost} duplicates=${report.duplicates}` +
        ` (rate=${size.rate} injected=${report.injected} problems=${report.problems.length} personal_data_in_logs=${leaks.length} seed=${seed} wall=${((Date.now() - started) / 1000).toFixed(0)}s)`,
    );
    for (const problem of [...report.problems, ...leaks].slice(0, 50)) capture.print(`  ${problem}`);
    if (report.problems.length > 0 || leaks.length > 0) process.exitCode = 1;
  } finally {
    capture.restore();
    await site.stop();
  }
}
