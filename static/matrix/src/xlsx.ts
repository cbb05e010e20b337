import type { ExportCell, ExportTable } from '../../../src/domain/exports';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Column widths in characters, from the longest value in the first rows (CJK characters count double). */
function columnWidths(table: ExportTable): number[] {
  const width = (cell: unknown) =>
    [...String(cell ?? '')].reduce((sum, character) => sum + (character.charCodeAt(0) > 0x2e80 ? 2 : 1), 0);
  return table.headers.map((header, column) =>
    Math.min(60, Math.max(8, width(header), ...table.rows.slice(0, 200).map((row) => width(row[column]))) + 2),
  );
}

const DATE_FORMAT = 'yyyy-mm-dd';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar day as midnight UTC: exceljs stores a Date as its UTC time, so the day never shifts. */
function withDates(row: ExportCell[], dateColumns: readonly number[]): (ExportCell | Date)[] {
  if (dateColumns.length === 0) return row;
  return row.map((cell, index) =>
    dateColumns.includes(index) && typeof cell === 'string' && DAY.test(cell) ? new Date(`${cell}T00:00:00Z`) : cell,
  );
}

/**
 * Writes the XLSX in the browser. exceljs is about 240 KB gzip, so it is imported on demand: it
 * becomes a lazy chunk fetched on the first XLSX export and the matrix's initial load stays inside
 * the 300 KB budget. Building the file here rather than in a resolver keeps the progress visible
 * while pages arrive and avoids the resolver's 25 s and 5 MB limits on 10,000 rows.
 */
export async function xlsxBlob(table: ExportTable): Promise<Blob> {
  const loaded = await import('exceljs');
  // The browser build of exceljs is a UMD bundle: its exports arrive as the CommonJS default.
  const ExcelJS = (loaded as unknown as { default?: typeof loaded }).default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.title, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow(table.headers).font = { bold: true };
  sheet.addRows(table.rows.map((row) => withDates(row, table.dateColumns ?? [])));
  columnWidths(table).forEach((width, index) => {
    sheet.getColumn(index + 1).width = width;
  });
  // Real dates, so a spreadsheet sorts, filters and subtracts them; shown as the day was written.
  for (const index of table.dateColumns ?? []) sheet.getColumn(index + 1).numFmt = DATE_FORMAT;
  return new Blob([await workbook.xlsx.writeBuffer()], { type: XLSX_TYPE });
}
