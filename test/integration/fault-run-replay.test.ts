import { runFaultScenario } from '../support/fault-run';
import { useTestSandbox } from '../support/test-sandbox';

/**
 * A fault run that once left every Requirement on an older framework version: a re-scoring page's
 * write landed after a newer version's job had passed those issues, the catch-up that follows the
 * write failed, and the retried event only marked the job superseded. Replayed with its seed.
 */

const env = useTestSandbox({ queueDelayScale: 0.01 });

test('a page written late by a superseded re-scoring job is caught up to the newest version (FAULT_SEED=156116132)', async () => {
  const report = await runFaultScenario(env.site, { triageSaves: 8, setups: 1, frameworkSaves: 3, rate: 0.3, seed: 156116132 });
  expect(report.problems).toEqual([]);
  expect({ lost: report.lost, duplicates: report.duplicates, completed: report.completed }).toEqual({
    lost: 0,
    duplicates: 0,
    completed: 12,
  });
}, 300_000);
