import type { SheetTable } from '../../../src/domain/sheet-import';

/**
 * Reads a CSV or XLSX file in the browser into the table the import sends: the first non-blank row
 * is the header, blank rows are left out but every row keeps its number in the spreadsheet (so
 * "row 7" is row 7 in Excel). CSV is UTF-8 (with or without BOM) or, failing that, GB18030, which
 * is what Chinese Excel and survey tools such as 问卷星 often write. csv-parse and exceljs are
 * imported on demand: exceljs is about 240 KB gzip and only an XLSX file needs it.
 */

export const SHEET_FILE_TYPES = '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export class SheetFileError extends Error {
  constructor(
    readonly reason: 'type' | 'unreadable' | 'empty',
    message: string,
  ) {
    super(message);
  }
}

function decodeCsv(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('gb18030').decode(bytes);
  }
}

const isBlank = (cells: readonly string[]) => cells.every((cell) => cell.trim() === '');

/** Rows (with their 1-based numbers in the file) → the table: header first, blank rows out. */
export function tableFromRows(numbered: readonly { number: number; cells: string[] }[]): SheetTable {
  const filled = numbered.filter((row) => !isBlank(row.cells));
  const [header, ...rows] = filled;
  if (!header) throw new SheetFileError('empty', 'The file has no rows.');
  return {
    headers: header.cells.map((cell) => cell.trim()),
    rows: rows.map((row) => row.cells),
    rowNumbers: rows.map((row) => row.number),
  };
}

/** csv-parse's sync parse: the browser build here, the Node one in tests (both the same parser). */
export type CsvParse = (
  text: string,
  options: { bom: boolean; relax_column_count: boolean; skip_empty_lines: boolean },
) => unknown;

/** CSV bytes → the table. Row numbers are record numbers (a quoted cell may hold line breaks). */
export function csvTable(bytes: Uint8Array, parse: CsvParse): SheetTable {
  let records: string[][];
  try {
    records = parse(decodeCsv(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  } catch (error) {
    throw new SheetFileError('unreadable', error instanceof Error ? error.message : String(error));
  }
  return tableFromRows(records.map((cells, index) => ({ number: index + 1, cells })));
}

async function readCsv(bytes: Uint8Array): Promise<SheetTable> {
  const { parse } = await import('csv-parse/browser/esm/sync');
  return csvTable(bytes, parse as CsvParse);
}

type CellValue =
  | string
  | number
  | boolean
  | Date
  | null
  | undefined
  | { text?: string; result?: unknown; richText?: { text: string }[]; hyperlink?: string; error?: string };

/** A cell as the text a person sees; dates as ISO (the import reads YYYY-MM-DD and ignores the time). */
export function cellText(value: CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value.richText)) return value.richText.map((part) => part.text).join('');
  if ('result' in value) return cellText(value.result as CellValue);
  if (typeof value.text === 'string') return value.text;
  return value.error ?? '';
}

export async function readXlsx(bytes: Uint8Array): Promise<SheetTable> {
  const loaded = await import('exceljs');
  // The browser build of exceljs is a UMD bundle: its exports arrive as the CommonJS default.
  const ExcelJS = (loaded as unknown as { default?: typeof loaded }).default ?? loaded;
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  } catch (error) {
    throw new SheetFileError('unreadable', error instanceof Error ? error.message : String(error));
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SheetFileError('empty', 'The workbook has no sheet.');
  const numbered: { number: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cells[column - 1] = cellText(cell.value as CellValue);
    });
    numbered.push({ number, cells: Array.from(cells, (cell) => cell ?? '') });
  });
  return tableFromRows(numbered);
}

/** The file's table, by its name's extension. */
export async function readSheetFile(name: string, bytes: Uint8Array): Promise<SheetTable> {
  const lower = name.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) return readCsv(bytes);
  if (lower.endsWith('.xlsx')) return readXlsx(bytes);
  throw new SheetFileError('type', 'Choose a .csv or .xlsx file.');
}
