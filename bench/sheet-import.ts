import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parse } from 'csv-parse/sync';
import { parseLatencySettings } from '../sandbox/forge/latency';
import { suggestMapping, type SheetTable } from '../src/domain/sheet-import';
import { splitIntoParts } from '../src/domain/upload-parts';
import type { ResolverResult, SheetImportJob, SheetImportPreview } from '../src/shared/api';
import { withBenchSite } from './helpers';

/**
 * `npm run bench -- intake` (with the web intake's figures): a spreadsheet of 10,000 rows imported
 * through the real resolvers and queue consumer at the emulator's latency setting (SANDBOX_LATENCY,
 * 250 ± 100 ms per Jira call unless set), with the Jira points it spent (the sandbox's cost model).
 * Rows are the PROMISE requirements (test/fixtures/promise, CC BY-SA 3.0) with a response number,
 * customer and date, as a survey export has them. Prints the upload, the first preview page, the
 * import (rows/s, calls, points) and a re-import of the same file (which creates nothing).
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);

function benchTable(): SheetTable {
  const promise = (
    parse(readFileSync(path.join(__dirname, '..', 'test', 'fixtures', 'promise', 'PROMISE_exp.csv')), { bom: true }) as string[][]
  ).slice(1);
  const rows = Array.from({ length: ROWS }, (_, index) => {
    const [project, text] = promise[index % promise.length]!;
    return [
      String(index + 1),
      `2024/${1 + (index % 12)}/${1 + (index % 28)} 10:00:00`,
      text!,
      `Customer ${project} ${index % 97}`,
      'questionnaire',
    ];
  });
  return { headers: ['ID', 'Submitted at', 'Feedback', 'Company', 'Channel'], rows };
}

export async function benchSheetImport(): Promise<void> {
  const latency = parseLatencySettings(
    process.env.SANDBOX_LATENCY
      ? (JSON.parse(process.env.SANDBOX_LATENCY) as unknown)
      : { medianMs: 250, spreadMs: 100, seed: 15 },
  );
  await withBenchSite('sheet-import', { eventDelayMs: 0 }, async ({ url, sandbox }) => {
    const pm = {
      authorization: `Basic ${Buffer.from('pm@example.com:pm-token').toString('base64')}`,
      'content-type': 'application/json',
    };
    const invoke = async <T>(resolver: string, payload: unknown): Promise<T> => {
      const send = () =>
        fetch(`${url}/__sandbox/invoke`, {
          method: 'POST',
          headers: pm,
          body: JSON.stringify({ resource: 'matrix', resolver, payload, context: { projectKey: 'REQ' } }),
        });
      // After a long idle the server may close a kept-alive socket as it is reused: one new attempt.
      const response = await send().catch(send);
      const answer = (await response.json()) as { result: ResolverResult<T> };
      if (!answer.result.ok) throw new Error(`${resolver}: ${answer.result.error.message}`);
      return answer.result.data;
    };
    const table = benchTable();
    const mapping = suggestMapping(table.headers);
    const defaults = { channel: 'questionnaire', date: '2026-12-01' };
    sandbox.latency.configure(latency);

    const upload = async (): Promise<{ importId: string; parts: number; largest: number; ms: number }> => {
      const started = performance.now();
      const importId = randomUUID();
      const parts = splitIntoParts(JSON.stringify(table));
      let largest = 0;
      for (const [part, text] of parts.entries()) {
        const body = { projectKey: 'REQ', importId, part, parts: parts.length, text };
        largest = Math.max(largest, Buffer.byteLength(JSON.stringify(body)));
        await invoke('sheetImport.upload', body);
      }
      return { importId, parts: parts.length, largest, ms: performance.now() - started };
    };
    const run = async (label: string) => {
      const sent = await upload();
      const previewStarted = performance.now();
      const preview = await invoke<SheetImportPreview>('sheetImport.preview', {
        importId: sent.importId,
        mapping,
        defaults,
        offset: 0,
        limit: 30,
      });
      const previewMs = performance.now() - previewStarted;
      await sandbox.idle();
      sandbox.rateLimits.reset();
      const started = performance.now();
      const job = await invoke<SheetImportJob>('sheetImport.start', {
        importId: sent.importId,
        fileName: 'bench.csv',
        mapping,
        defaults,
        decisions: [],
      });
      await sandbox.idle();
      const ms = performance.now() - started;
      const done = await invoke<SheetImportJob>('sheetImport.status', { jobId: job.id });
      const { total } = sandbox.rateLimits.report();
      console.log(
        `intake sheet ${label} rows=${table.rows.length} latency=${latency.medianMs}±${latency.spreadMs}ms upload_parts=${sent.parts} largest_invoke_bytes=${sent.largest} upload_ms=${sent.ms.toFixed(0)} ` +
          `preview_page_ms=${previewMs.toFixed(0)} already_imported=${preview.alreadyImported} state=${done.state} created=${done.done.created} import_ms=${ms.toFixed(0)} ` +
          `rows_per_s=${((table.rows.length / ms) * 1000).toFixed(1)} jira_calls=${total.calls} points=${total.points} rejected=${JSON.stringify(total.rejected)}`,
      );
    };
    await run('first');
    await run('again');
    sandbox.latency.configure({ medianMs: 0 });
  });
}
