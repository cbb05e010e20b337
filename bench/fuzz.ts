import { startTestSandbox } from '../sandbox/seeded-site';
import { captureConsole, linesWithPersonalData } from '../test/support/log-capture';
import { listResolvers } from '../test/support/resolver-calls';
import { fuzzResolver, StateWatch } from '../test/support/resolver-fuzz';

/**
 * `npm run bench -- fuzz`: 10,000 generated payloads per resolver (BENCH_FUZZ_RUNS to change it)
 * through an in-memory sandbox, as the fuzz test does with fewer. One line per resolver with what
 * happened to its payloads, then the totals; a failure is printed in full and fails the run.
 */
export async function benchFuzz(): Promise<void> {
  const runs = Number(process.env.BENCH_FUZZ_RUNS ?? 10_000);
  const seed = Number(process.env.FUZZ_SEED ?? 20261124);
  const site = await startTestSandbox({ eventDelayMs: 0 });
  const { sandbox, url } = site;
  const capture = captureConsole();
  try {
    const watch = new StateWatch(sandbox.store);
    const resolvers = [...new Set((await listResolvers(url)).map((entry) => entry.resolver))];
    const failures: string[] = [];
    let payloads = 0;
    let rejected = 0;
    const started = Date.now();
    for (const resolver of resolvers) {
      const report = await fuzzResolver({ url, watch, idle: () => sandbox.idle(), resolver, runs, seed });
      const kinds = Object.entries(report.rejected).sort(([a], [b]) => a.localeCompare(b));
      const rejectedHere = kinds.reduce((sum, [, count]) => sum + count, 0);
      payloads += report.payloads;
      rejected += rejectedHere;
      failures.push(...report.failures);
      capture.print(
        `fuzz resolver=${resolver} payloads=${report.payloads} accepted=${report.accepted} rejected=${rejectedHere} (${kinds.map(([kind, count]) => `${kind}=${count}`).join(' ')}) failures=${report.failures.length}`,
      );
    }
    const leaks = linesWithPersonalData(capture.lines, sandbox.store);
    capture.print(
      `fuzz total resolvers=${resolvers.length} payloads=${payloads} rejected=${rejected} failures=${failures.length} contract_violations=${sandbox.contractViolations.length} log_lines=${capture.lines.length} personal_data_in_logs=${leaks.length} seed=${seed} wall=${((Date.now() - started) / 1000).toFixed(0)}s`,
    );
    for (const failure of [...failures, ...leaks].slice(0, 50)) capture.print(`  ${failure}`);
    if (failures.length > 0 || leaks.length > 0) process.exitCode = 1;
  } finally {
    capture.restore();
    await site.stop();
  }
}
