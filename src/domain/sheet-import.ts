import { fitText } from './checks';
import { APP_STRING_MAX_LENGTH, RECORD_FIELDS } from './fields';
import { fail, ok, type Result, type Violation, type ViolationRule } from './result';

/**
 * Importing a questionnaire export or a sales/support spreadsheet into the requirement register:
 * which column feeds which part of the record, what each cell must be, the row's fingerprint (so a
 * file imported twice creates nothing twice), and the import plan built from the people's choice
 * per row. Rows are numbered as the spreadsheet shows them: the header is row 1, data starts at 2.
 */

/** The parts of the requirement record a column can feed, in the register's order. */
export const SHEET_FIELDS = ['summary', 'originalWords', 'customer', 'channel', 'date', 'submitter', 'nature', 'kind'] as const;
export type SheetField = (typeof SHEET_FIELDS)[number];

/** Column index (0-based) per record field; null where no column feeds it. */
export type ColumnMapping = Record<SheetField, number | null>;

/** A table as read from CSV or XLSX: the header row, then the data rows (cells as text). */
export interface SheetTable {
  headers: string[];
  rows: string[][];
  /** Each row's number in the spreadsheet when blank rows were left out; otherwise row i is number i + 2. */
  rowNumbers?: number[];
}

const valuesOf = (name: string): readonly string[] =>
  (RECORD_FIELDS.find((field) => field.name === name) as { values: readonly string[] }).values;
export const SHEET_CHANNELS = valuesOf('sourceChannel');
export const SHEET_NATURES = valuesOf('nature');
export const SHEET_KINDS = valuesOf('kind');

/** What a file may write for each value, besides the value itself: the English and Chinese labels people type. */
const VALUE_WORDS: Record<string, readonly string[]> = {
  'customer-interview': ['customer interview', 'interview', '客户访谈', '访谈', '客户拜访'],
  questionnaire: ['questionnaire', 'survey', '问卷', '问卷调查', '调查问卷', '在线问卷', '问卷星'],
  'business-department': ['business department', 'sales', 'department', '业务部门', '销售', '业务'],
  'data-mining': ['data mining', 'usage data', 'error logs', '数据挖掘', '数据分析', '日志'],
  'support-ticket': ['support ticket', 'ticket', 'support', '工单', '客服工单', '客服'],
  'third-party-platform': [
    'third-party platform',
    'store review',
    'app store',
    'social media',
    '第三方平台',
    '应用商店',
    '应用市场',
    '社交媒体',
  ],
  other: ['other', '其他'],
  functional: ['functional', '功能性', '功能'],
  'non-functional': ['non-functional', 'nonfunctional', '非功能性', '非功能'],
  'business-process': ['business process', 'business-process', '业务流程', '流程'],
  'new-feature': ['new feature', 'feature', '新功能', '新增功能'],
  optimisation: ['optimisation', 'optimization', '功能优化', '优化'],
  improvement: ['improvement', '功能改进', '改进'],
  'service-experience': ['service experience', 'service', '服务体验', '服务'],
  'price-suggestion': ['price suggestion', 'price', 'pricing', '价格建议', '价格'],
  cooperation: ['cooperation', 'partnership', '合作', '合作意向'],
};

/** Header words that name each field, English and Chinese, as survey tools and spreadsheets write them. */
const HEADER_WORDS: Record<SheetField, readonly string[]> = {
  summary: ['summary', 'title', 'requirement', 'requirement name', 'subject', '需求名称', '需求标题', '标题', '需求', '摘要'],
  originalWords: [
    "customer's original words",
    'original words',
    'customer words',
    'feedback',
    'comment',
    'comments',
    'suggestion',
    'answer',
    '客户原话',
    '原话',
    '反馈内容',
    '反馈',
    '意见',
    '建议',
    '您的建议',
    '回答',
  ],
  customer: [
    'customer',
    'customer name',
    'company',
    'account',
    'organisation',
    'organization',
    '客户名称',
    '客户',
    '公司名称',
    '公司',
    '单位',
  ],
  channel: ['source channel', 'channel', 'source', '来源渠道', '渠道', '来源'],
  date: [
    'date',
    'submitted on',
    'submitted at',
    'submission time',
    'created',
    'time',
    '提交日期',
    '提交时间',
    '日期',
    '时间',
    '答题时间',
  ],
  submitter: [
    'submitter',
    'submitted by',
    'name',
    'reporter',
    'contact',
    '提交人',
    '填写人',
    '提交者',
    '姓名',
    '联系人',
    '记录人',
  ],
  nature: ['nature', 'requirement nature', '需求性质', '性质'],
  kind: ['kind', 'category', 'type', 'requirement kind', '需求类别', '类别', '分类', '类型'],
};

/** Lower case, full-width folded (NFKC), spaces and punctuation dropped: how headers and values are compared. */
export function foldWords(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/**
 * The mapping a header row suggests: each field takes the first column whose header is one of its
 * words, then (for fields still free) the first whose header contains one; a column feeds one field.
 */
export function suggestMapping(headers: readonly string[]): ColumnMapping {
  const folded = headers.map(foldWords);
  const mapping = Object.fromEntries(SHEET_FIELDS.map((field) => [field, null])) as ColumnMapping;
  const taken = new Set<number>();
  const pick = (matches: (header: string, word: string) => boolean) => {
    for (const field of SHEET_FIELDS) {
      if (mapping[field] !== null) continue;
      const words = HEADER_WORDS[field].map(foldWords);
      const column = folded.findIndex(
        (header, index) => !taken.has(index) && header !== '' && words.some((word) => matches(header, word)),
      );
      if (column >= 0) {
        mapping[field] = column;
        taken.add(column);
      }
    }
  };
  pick((header, word) => header === word);
  pick((header, word) => header.includes(word));
  return mapping;
}

/** Checks a mapping against the table: known columns, one field per column, and a column for the summary or the words. */
export function validateMapping(mapping: ColumnMapping, columnCount: number): Violation[] {
  const violations: Violation[] = [];
  const seen = new Map<number, SheetField>();
  for (const field of SHEET_FIELDS) {
    const column = mapping[field];
    if (column === null) continue;
    if (!Number.isInteger(column) || column < 0 || column >= columnCount) {
      violations.push({
        field: `mapping.${field}`,
        rule: 'range',
        message: `mapping.${field}: column ${column + 1} is not in the file (it has ${columnCount}).`,
        params: { field },
      });
      continue;
    }
    const other = seen.get(column);
    if (other)
      violations.push({
        field: `mapping.${field}`,
        rule: 'unique',
        message: `mapping.${field}: column ${column + 1} already feeds ${other}; a column feeds one field.`,
        params: { field, other },
      });
    else seen.set(column, field);
  }
  if (mapping.summary === null && mapping.originalWords === null) {
    violations.push({
      field: 'mapping.summary',
      rule: 'required',
      message: "mapping.summary: map a column to the summary or to the customer's original words.",
      params: { field: 'summary' },
    });
  }
  return violations;
}

/** What an import fills in where the file has no column or a blank cell. */
export interface SheetDefaults {
  channel: string;
  /** YYYY-MM-DD: the import's day, for rows without a date. */
  date: string;
}

/** One row as it will be recorded. */
export interface SheetRecord {
  summary: string;
  originalWords: string | null;
  customer: string | null;
  channel: string;
  date: string;
  submitter: string | null;
  nature: string | null;
  kind: string | null;
}

/** Longest summary derived from the words when the file has no summary. */
export const DERIVED_SUMMARY_LENGTH = 80;
/** The customer's words are kept whole up to this (the web intake's limit); the field shows the first 255. */
export const MAX_WORDS_LENGTH = 10_000;

function enumValue(cell: string, allowed: readonly string[]): string | undefined {
  const folded = foldWords(cell);
  return allowed.find((value) => foldWords(value) === folded || VALUE_WORDS[value]!.some((word) => foldWords(word) === folded));
}

/** A real calendar date as YYYY-MM-DD, from the ways survey tools and spreadsheets write one (a time after it is ignored). */
export function parseSheetDate(cell: string): string | undefined {
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s].*)?$/u.exec(cell.normalize('NFKC').trim());
  if (!match) return undefined;
  const [year, month, day] = [match[1]!, match[2]!.padStart(2, '0'), match[3]!.padStart(2, '0')];
  const text = `${year}-${month}-${day}`;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text ? text : undefined;
}

/** The first sentence of the words, cut to DERIVED_SUMMARY_LENGTH characters. */
function summaryFromWords(words: string): string {
  const sentence = words
    .split(/(?<=[。！？!?；;\n])|(?<=[.])\s/u)[0]!
    .trim()
    .replace(/[。！？!?；;.]$/u, '');
  return fitText(sentence.replace(/\s+/g, ' '), DERIVED_SUMMARY_LENGTH).text;
}

const ENUMS: Partial<Record<SheetField, readonly string[]>> = {
  channel: SHEET_CHANNELS,
  nature: SHEET_NATURES,
  kind: SHEET_KINDS,
};
const LIMITS: Partial<Record<SheetField, number>> = {
  summary: APP_STRING_MAX_LENGTH,
  originalWords: MAX_WORDS_LENGTH,
  customer: APP_STRING_MAX_LENGTH,
  submitter: APP_STRING_MAX_LENGTH,
};

/**
 * One data row under the mapping. Every problem is a violation naming the row, the column's header
 * and the rule, so the page can show (and translate) "row 7, Date: must be a real calendar date".
 */
export function readSheetRow(
  cells: readonly string[],
  rowNumber: number,
  mapping: ColumnMapping,
  headers: readonly string[],
  defaults: SheetDefaults,
): Result<SheetRecord> {
  const violations: Violation[] = [];
  const problem = (field: SheetField, rule: ViolationRule, message: string, extra: Record<string, string | number> = {}) => {
    const column = mapping[field];
    const header = column === null ? field : headers[column]?.trim() || `#${column + 1}`;
    violations.push({
      field: `rows.${rowNumber}.${field}`,
      rule,
      message: `Row ${rowNumber}, ${header}: ${message}`,
      params: { row: rowNumber, column: header, field, ...extra },
    });
  };
  const cell = (field: SheetField): string => {
    const column = mapping[field];
    return column === null ? '' : (cells[column] ?? '').trim();
  };
  const values = Object.fromEntries(SHEET_FIELDS.map((field) => [field, cell(field)])) as Record<SheetField, string>;
  for (const [field, max] of Object.entries(LIMITS) as [SheetField, number][]) {
    if (values[field].length > max)
      problem(field, 'length', `must be at most ${max} characters (this one has ${values[field].length}).`, { max });
  }
  const enums: Partial<Record<SheetField, string | null>> = {};
  for (const [field, allowed] of Object.entries(ENUMS) as [SheetField, readonly string[]][]) {
    if (values[field] === '') {
      enums[field] = null;
      continue;
    }
    const value = enumValue(values[field], allowed);
    if (value === undefined)
      problem(field, 'enum', `"${values[field]}" is not one of ${allowed.join(', ')}.`, { value: values[field] });
    enums[field] = value ?? null;
  }
  const date = values.date === '' ? defaults.date : parseSheetDate(values.date);
  if (date === undefined)
    problem('date', 'syntax', `"${values.date}" is not a real calendar date (write it as YYYY-MM-DD).`, { value: values.date });
  const summary =
    values.summary !== '' ? values.summary : values.originalWords !== '' ? summaryFromWords(values.originalWords) : '';
  if (summary === '')
    problem(
      mapping.summary === null ? 'originalWords' : 'summary',
      'required',
      "is blank; a requirement needs a summary or the customer's words.",
    );
  if (violations.length > 0) return fail(violations);
  return ok({
    summary,
    originalWords: values.originalWords || null,
    customer: values.customer || null,
    channel: enums.channel ?? defaults.channel,
    date: date!,
    submitter: values.submitter || null,
    nature: enums.nature ?? null,
    kind: enums.kind ?? null,
  });
}

/**
 * A row's fingerprint: a hash of all its cells (NFKC, trimmed, inner spaces collapsed, trailing
 * blank cells dropped), so the same row in a re-exported or re-mapped file is recognised. Two
 * independent 32-bit FNV-1a lanes give 16 hex digits; among a million rows a collision is about
 * one chance in thirty million.
 */
export function rowFingerprint(cells: readonly string[]): string {
  const normal = cells.map((cell) => cell.normalize('NFKC').trim().replace(/\s+/g, ' '));
  while (normal.length > 0 && normal[normal.length - 1] === '') normal.pop();
  const text = normal.join('\u001f');
  let left = 0x811c9dc5;
  let right = 0x01000193 ^ 0x5bd1e995;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    left = Math.imul(left ^ code, 0x01000193);
    right = Math.imul(right ^ code, 0x0100019b);
  }
  return `${(left >>> 0).toString(16).padStart(8, '0')}${(right >>> 0).toString(16).padStart(8, '0')}`;
}

/** What happens to one row. */
export type RowDecision = { action: 'new' } | { action: 'skip' } | { action: 'demand'; target: string };

/** A row as the plan needs it: its number, fingerprint and record (null when it breaks a rule). */
export interface CheckedRow {
  row: number;
  fingerprint: string;
  record: SheetRecord | null;
  violations: Violation[];
}

export interface ImportPlan {
  /** Rows that become new requirements, in file order. */
  create: { row: number; fingerprint: string; record: SheetRecord }[];
  /** Rows added as demand, grouped by the requirement they are added to (in first-mention order). */
  demand: { target: string; rows: { row: number; fingerprint: string; record: SheetRecord }[] }[];
  skipped: number;
  /** Rows a previous import already brought in (skipped, whatever was chosen). */
  alreadyImported: number;
}

export interface PlanInputs {
  rows: readonly CheckedRow[];
  /** Choices people made; a row without one becomes new (or is skipped when already imported or repeated). */
  decisions: ReadonlyMap<number, RowDecision>;
  /** Fingerprints earlier imports into this project created, with the requirement each became. */
  imported: ReadonlyMap<string, string>;
  /** The requirement keys a row may be added to as demand (Requirements of this project). */
  targets: ReadonlySet<string>;
}

/** The row each fingerprint first appears in; a later row with the same fingerprint repeats it. */
export function firstRowsByFingerprint(rows: readonly { row: number; fingerprint: string }[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const row of rows) if (!first.has(row.fingerprint)) first.set(row.fingerprint, row.row);
  return first;
}

/** The choice a row starts with in the preview. */
export function defaultDecision(
  row: { row: number; fingerprint: string },
  first: ReadonlyMap<string, number>,
  imported: ReadonlyMap<string, string>,
): RowDecision {
  return imported.has(row.fingerprint) || first.get(row.fingerprint) !== row.row ? { action: 'skip' } : { action: 'new' };
}

/**
 * Checks every row and every choice before anything is written, and returns what to write. Refused
 * (every problem at once): a row that breaks a rule and is not skipped; a choice for a row the file
 * does not have; "new" for a row that repeats an earlier row or was imported before; demand for a
 * requirement that is not one of the project's.
 */
export function planImport({ rows, decisions, imported, targets }: PlanInputs): Result<ImportPlan> {
  const violations: Violation[] = [];
  const byRow = new Map(rows.map((row) => [row.row, row]));
  for (const rowNumber of decisions.keys()) {
    if (!byRow.has(rowNumber))
      violations.push({
        field: `decisions.${rowNumber}`,
        rule: 'range',
        message: `Row ${rowNumber}: the file has no such data row.`,
        params: { row: rowNumber, column: '' },
      });
  }
  const first = firstRowsByFingerprint(rows);
  const plan: ImportPlan = { create: [], demand: [], skipped: 0, alreadyImported: 0 };
  const demandByTarget = new Map<string, ImportPlan['demand'][number]>();
  for (const row of rows) {
    const decision = decisions.get(row.row) ?? defaultDecision(row, first, imported);
    if (decision.action === 'skip') {
      if (imported.has(row.fingerprint)) plan.alreadyImported += 1;
      else plan.skipped += 1;
      continue;
    }
    const importedAs = imported.get(row.fingerprint);
    if (importedAs) {
      violations.push({
        field: `rows.${row.row}`,
        rule: 'unique',
        message: `Row ${row.row}: was imported before as ${importedAs}; skip it.`,
        params: { row: row.row, column: '', key: importedAs },
      });
      continue;
    }
    if (row.record === null) {
      violations.push(...row.violations);
      continue;
    }
    const firstRow = first.get(row.fingerprint)!;
    if (decision.action === 'new') {
      if (firstRow !== row.row) {
        violations.push({
          field: `rows.${row.row}`,
          rule: 'unique',
          message: `Row ${row.row}: repeats row ${firstRow} exactly; skip it or add it as demand.`,
          params: { row: row.row, column: '', first: firstRow },
        });
      } else plan.create.push({ row: row.row, fingerprint: row.fingerprint, record: row.record });
      continue;
    }
    if (!targets.has(decision.target)) {
      violations.push({
        field: `decisions.${row.row}`,
        rule: 'enum',
        message: `Row ${row.row}: ${decision.target} is not a requirement of this project.`,
        params: { row: row.row, column: '', key: decision.target },
      });
      continue;
    }
    let group = demandByTarget.get(decision.target);
    if (!group) {
      group = { target: decision.target, rows: [] };
      demandByTarget.set(decision.target, group);
      plan.demand.push(group);
    }
    group.rows.push({ row: row.row, fingerprint: row.fingerprint, record: row.record });
  }
  return violations.length > 0 ? fail(violations) : ok(plan);
}

/** The words line a demand row adds to its requirement: "2024-05-03 questionnaire, Acme: words". */
export function demandLine(record: SheetRecord): string {
  const origin = [record.date, record.channel, record.customer].filter(Boolean).join(' ');
  return `${origin}: ${record.originalWords ?? record.summary}`;
}

/**
 * The requirement's customer words and duplicate count after the demand rows are added: each row's
 * line is appended (the field holds APP_STRING_MAX_LENGTH characters; the requirement's own words
 * stay and the cut says how much was left out) and each row counts once.
 */
export function withDemand(
  current: { customerWords: string | null; duplicateCount: number | null },
  records: readonly SheetRecord[],
): { customerWords: string | null; duplicateCount: number; leftOut: number } {
  const lines = [current.customerWords?.trim() ?? '', ...records.map(demandLine)].filter((line) => line !== '');
  const fitted = lines.length === 0 ? { text: null, leftOut: 0 } : fitText(lines.join('\n\n'), APP_STRING_MAX_LENGTH);
  return { customerWords: fitted.text, duplicateCount: (current.duplicateCount ?? 0) + records.length, leftOut: fitted.leftOut };
}
