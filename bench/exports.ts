import { performance } from 'node:perf_hooks';
import ExcelJS from 'exceljs';
import { exportTable, toCsv, type ExportTemplate } from '../src/domain/exports';
import type { ExportPage, ExportRow, ResolverResult } from '../src/shared/api';
import { createBenchRequirements, withBenchSite } from './helpers';

/**
 * Both exports of 10,000 requirements as the matrix page makes them: exports.page called over the
 * sandbox's invoke endpoint until the last page, then the CSV or XLSX written from the rows (here
 * in Node with the same domain code and exceljs the page uses). The browser adds only the download.
 */
export async function benchExports(): Promise<void> {
  const count = Number(process.env.BENCH_EXPORT_REQUIREMENTS ?? 10_000);
  await withBenchSite('exports', { eventDelayMs: 0 }, async ({ sandbox, url }) => {
    await createBenchRequirements(sandbox, count - 4, 13);
    const manager = {
      authorization: `Basic ${Buffer.from('manager@example.com:manager-token').toString('base64')}`,
      'content-type': 'application/json',
    };

    const readPage = async (nextPageToken: string | null): Promise<ExportPage> => {
      const response = await fetch(`${url}/__sandbox/invoke`, {
        method: 'POST',
        headers: manager,
        body: JSON.stringify({
          resource: 'matrix',
          resolver: 'exports.page',
          payload: { projectKey: 'REQ', nextPageToken },
          context: { projectKey: 'REQ' },
        }),
      });
      const { result } = (await response.json()) as { result: ResolverResult<ExportPage> };
      if (!result.ok) throw new Error(`exports.page failed: ${result.error.message}`);
      return result.data;
    };
    /** As the matrix page reads: the pages the first one names, 4 at a time, or each next page token. */
    const readRows = async (): Promise<{ rows: ExportRow[]; calls: number }> => {
      const rows: ExportRow[] = [];
      let nextPageToken: string | null = null;
      let calls = 0;
      do {
        const page = await readPage(nextPageToken);
        calls += 1;
        rows.push(...page.rows);
        nextPageToken = page.nextPageToken;
        const further = [...(page.pageTokens ?? [])];
        await Promise.all(
          Array.from({ length: Math.min(4, further.length) }, async () => {
            for (let token = further.shift(); token !== undefined; token = further.shift()) {
              rows.push(...(await readPage(token)).rows);
              calls += 1;
            }
          }),
        );
      } while (nextPageToken);
      return { rows, calls };
    };

    const runs: { template: ExportTemplate; format: 'csv' | 'xlsx' }[] = [
      { template: 'register', format: 'csv' },
      { template: 'register', format: 'xlsx' },
      { template: 'evaluation', format: 'csv' },
      { template: 'evaluation', format: 'xlsx' },
    ];
    for (const { template, format } of runs) {
      const started = performance.now();
      const { rows, calls } = await readRows();
      const readS = (performance.now() - started) / 1000;
      const table = exportTable(template, rows, 'zh');
      let bytes: number;
      if (format === 'csv') {
        bytes = Buffer.byteLength(toCsv(table), 'utf8');
      } else {
        const workbook = new ExcelJS.Workbook();
        const sheet = workbook.addWorksheet(table.title);
        sheet.addRow(table.headers);
        sheet.addRows(table.rows);
        bytes = (await workbook.xlsx.writeBuffer()).byteLength;
      }
      const seconds = (performance.now() - started) / 1000;
      console.log(
        `exports template=${template} format=${format} rows=${rows.length} calls=${calls} seconds=${seconds.toFixed(1)} (reading ${readS.toFixed(1)}) bytes=${bytes}`,
      );
    }
  });
}
