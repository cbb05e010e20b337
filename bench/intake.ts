import { createHmac } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { INTAKE_REQUESTS_PER_MINUTE, WEB_INTAKE_MODULE_KEY } from '../src/services/web-intake';
import { withBenchSite } from './helpers';
import { benchSheetImport } from './sheet-import';

/**
 * The web intake over HTTP: a minute's budget of signed valid requests (each creates a Requirement),
 * mixed with refused ones (unsigned, wrong signature, stale, bad schema), then requests over the
 * rate limit. Prints accepted requests per second and the count of each answer; then the
 * spreadsheet import of 10,000 rows (bench/sheet-import.ts).
 */
export async function benchIntake(): Promise<void> {
  await withBenchSite('intake', { eventDelayMs: 0 }, async ({ url }) => {
    const admin = {
      authorization: `Basic ${Buffer.from('admin@example.com:admin-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const rotated = (await (
      await fetch(`${url}/__sandbox/invoke`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ resource: 'admin', resolver: 'intake.rotateSecret', payload: { projectKey: 'REQ' } }),
      })
    ).json()) as {
      result: { ok: boolean; data: { secret: string } };
    };
    const secret = rotated.result.data.secret;
    const listed = (await (await fetch(`${url}/__sandbox/webtriggers`)).json()) as {
      moduleKey: string;
      projectKey: string;
      url: string;
    }[];
    const target = listed.find((entry) => entry.moduleKey === WEB_INTAKE_MODULE_KEY && entry.projectKey === 'REQ')!.url;
    const sign = (timestamp: number, body: string) =>
      `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
    const counts = new Map<number, number>();
    const send = async (body: string, headers: Record<string, string>): Promise<number> => {
      const response = await fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
      await response.arrayBuffer();
      counts.set(response.status, (counts.get(response.status) ?? 0) + 1);
      return response.status;
    };
    const valid = (index: number) =>
      JSON.stringify({
        summary: `Intake bench ${index}`,
        originalWords: '希望能导出订单',
        channel: 'third-party-platform',
        submitter: { name: 'Bench' },
        date: '2026-12-01',
      });
    const now = () => Math.floor(Date.now() / 1000);

    let acceptedMs = 0;
    for (let index = 0; counts.get(201) === undefined || counts.get(201)! < INTAKE_REQUESTS_PER_MINUTE - 10; index += 1) {
      const body = valid(index);
      const t0 = performance.now();
      const status = await send(body, { 'X-RT-Timestamp': String(now()), 'X-RT-Signature': sign(now(), body) });
      if (status === 201) acceptedMs += performance.now() - t0;
      else if (status === 429) break;
      await send(body, {});
      await send(body, { 'X-RT-Timestamp': String(now()), 'X-RT-Signature': 'sha256=00' });
      await send(body, { 'X-RT-Timestamp': String(now() - 600), 'X-RT-Signature': sign(now() - 600, body) });
    }
    // Ten schema refusals spend the rest of the minute's budget; the next are over the limit.
    for (let index = 0; index < 10 + 5; index += 1)
      await send('{"summary":""}', { 'X-RT-Timestamp': String(now()), 'X-RT-Signature': sign(now(), '{"summary":""}') });
    const accepted = counts.get(201) ?? 0;
    console.log(
      `intake accepted=${accepted} in ${acceptedMs.toFixed(0)} ms (${((accepted / acceptedMs) * 1000).toFixed(1)} accepted requests/s, sequential)`,
    );
    console.log(
      `intake answers ${[...counts.entries()]
        .sort(([left], [right]) => left - right)
        .map(([status, count]) => `${status}=${count}`)
        .join(' ')}`,
    );
  });
  await benchSheetImport();
}
