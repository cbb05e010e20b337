import { performance } from 'node:perf_hooks';
import { percentile, withBenchSite } from './helpers';

/**
 * The workflow rule's cost on a transition: a "Start work" the validator refuses (the app's function
 * reads the delivery record and answers), next to a plain issue edit on the same site (no app code).
 * Side by side in one run; the ratio is the figure to compare.
 */
export async function benchRules(): Promise<void> {
  const rounds = Number(process.env.BENCH_RULE_ROUNDS ?? 300);
  await withBenchSite('rules', { eventDelayMs: 0 }, async ({ url, sandbox }) => {
    const headers = {
      authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const created = await fetch(`${url}/rest/api/3/issue`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ fields: { project: { key: 'REQ' }, issuetype: { name: 'Requirement' }, summary: 'Rule bench' } }),
    });
    const { key } = (await created.json()) as { key: string };
    const transitionId = async (name: string) => {
      const { transitions } = (await (await fetch(`${url}/rest/api/3/issue/${key}/transitions`, { headers })).json()) as {
        transitions: { id: string; name: string }[];
      };
      return transitions.find((transition) => transition.name === name)!.id;
    };
    for (const name of ['Confirm', 'Accept'])
      await fetch(`${url}/rest/api/3/issue/${key}/transitions`, {
        method: 'POST',
        headers,
        body: JSON.stringify({ transition: { id: await transitionId(name) } }),
      });
    await sandbox.idle();
    const start = await transitionId('Start work');

    const time = async (request: () => Promise<Response>, expectedStatus: number): Promise<number[]> => {
      const samples: number[] = [];
      for (let round = 0; round < rounds; round += 1) {
        const t0 = performance.now();
        const response = await request();
        await response.arrayBuffer();
        if (response.status !== expectedStatus) throw new Error(`expected ${expectedStatus}, got ${response.status}`);
        samples.push(performance.now() - t0);
      }
      return samples.sort((a, b) => a - b);
    };
    const refused = await time(
      () =>
        fetch(`${url}/rest/api/3/issue/${key}/transitions`, {
          method: 'POST',
          headers,
          body: JSON.stringify({ transition: { id: start } }),
        }),
      400,
    );
    const edits = await time(
      () =>
        fetch(`${url}/rest/api/3/issue/${key}`, {
          method: 'PUT',
          headers,
          body: JSON.stringify({ fields: { labels: ['bench'] } }),
        }),
      204,
    );
    const median = (samples: number[]) => percentile(samples, 50);
    console.log(
      `workflow_rule rounds=${rounds} refused_start_median_ms=${median(refused).toFixed(2)} refused_start_p95_ms=${percentile(refused, 95).toFixed(2)} plain_edit_median_ms=${median(edits).toFixed(2)} plain_edit_p95_ms=${percentile(edits, 95).toFixed(2)} ratio=${(median(refused) / median(edits)).toFixed(2)}`,
    );
  });
}
