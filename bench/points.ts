import { TIER_1_POINTS_PER_HOUR } from '../sandbox/forge/rate-limits';
import { openMatrix, openPanel, rescoreAll, saveScore, type ActionPoints } from '../test/support/action-points';
import { createBenchRequirements, withBenchSite } from './helpers';

/**
 * `npm run bench -- points`: the Jira points each user action costs under Jira Cloud's points model
 * (counted by the sandbox, not timed), next to the Tier 1 hourly quota the app shares across every
 * site it is installed on. test/integration/points-budget.test.ts holds the same actions to budgets.
 */

function print(result: ActionPoints, detail = ''): void {
  const share = (100 * result.points) / TIER_1_POINTS_PER_HOUR;
  const top = Object.entries(result.by)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([where, points]) => `${where}=${points}`)
    .join(' ');
  console.log(
    `points action="${result.action}"${detail} points=${result.points} calls=${result.calls} quota_per_hour=${TIER_1_POINTS_PER_HOUR} share_of_quota=${share.toFixed(2)}% per_hour_at_quota=${Math.floor(TIER_1_POINTS_PER_HOUR / result.points)} (${top})`,
  );
}

export async function benchPoints(): Promise<void> {
  const matrixRequirements = Number(process.env.BENCH_POINTS_MATRIX ?? 5_000);
  const rescoreRequirements = Number(process.env.BENCH_POINTS_RESCORE ?? 10_000);
  await withBenchSite('points', { eventDelayMs: 0 }, async (site) => {
    await createBenchRequirements(site.sandbox, matrixRequirements - 4, 5);
    // The first opening builds the project's similar-requirement index; later ones read it from KVS.
    print(
      await openPanel(site, 'REQ-1', 'open the panel, first time in the project'),
      ` issue=REQ-1 requirements=${matrixRequirements}`,
    );
    print(await openPanel(site, 'REQ-2'), ` issue=REQ-2 requirements=${matrixRequirements}`);
    const matrix = await openMatrix(site, 'REQ');
    print(matrix, ` requirements=${matrix.rows}`);
    print(await saveScore(site, 'REQ-1'), ' issue=REQ-1');
  });
  await withBenchSite('points-rescore', { eventDelayMs: 0 }, async (site) => {
    await createBenchRequirements(site.sandbox, rescoreRequirements - 4, 11);
    const job = await rescoreAll(site);
    print(job, ` requirements=${job.processed} changed=${job.changed}`);
  });
}
