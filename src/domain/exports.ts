/**
 * The source documents' spreadsheets as exports: the requirement register (template 1,
 * 客户需求信息登记表), the priority evaluation table (template 2, 需求优先级评估表) and the
 * requirement analysis table (客户需求分析表: customers, classification, feasibility, scores, owner,
 * plan and status). Columns and
 * their headers in English or Chinese, one requirement per row, and CSV text that Excel and WPS
 * open as UTF-8. The XLSX file is written from the same table by the matrix page.
 */
import type { LinkedCustomer } from './customer-links';
import {
  COMPUTED_FIELDS,
  INPUT_FIELDS,
  RECORD_FIELDS,
  type ComputedFieldName,
  type InputFieldName,
  type RecordFieldName,
} from './fields';
import { daysBetween } from './delivery/deadlines';
import { type FeasibilityDimension, type FeasibilityVerdict } from './delivery/feasibility';
import type { CustomerType, WeightedFactor } from './framework';
import type { ComputedValues, Quadrant, RequirementInputs, ThreeFactorBand } from './scoring';

export const EXPORT_TEMPLATES = ['register', 'evaluation', 'analysis'] as const;
export type ExportTemplate = (typeof EXPORT_TEMPLATES)[number];
export type ExportLanguage = 'en' | 'zh';
export type ExportCell = string | number | null;

type RecordValues = {
  [
    name in Exclude<
      RecordFieldName,
      | 'duplicateCount'
      | 'feasibilityMarks'
      | 'needConfirmedOn'
      | 'submitterRole'
      | 'linkedCustomers'
      | 'lastReviewedOn'
      | 'keyDates'
      | 'nextKeyDate'
    >
  ]: string | null;
} & { duplicateCount: number | null };

/** The register's columns that no matrix row carries, kept beside the row in the project's copy of its rows. */
export type RegisterTextField = Extract<
  RecordFieldName,
  'background' | 'expectedGoal' | 'beneficiary' | 'customerWords' | 'needType' | 'nature' | 'kind' | 'kindTag' | 'closureRecord'
>;

/** Only what is set is kept: the copy holds one per requirement, and most are short or empty. */
export type RegisterDetails = Partial<Record<RegisterTextField | 'recorder', string>> & {
  feasibility?: Partial<Record<FeasibilityDimension, FeasibilityVerdict>>;
};

/** One Requirement with everything either template shows. */
export interface ExportRow {
  key: string;
  summary: string;
  status: string;
  /** The assignee: the person responsible (负责人). */
  owner: string | null;
  /** The reporter: who recorded it (记录人). */
  recorder: string | null;
  /** yyyy-mm-dd: when it was raised (提出时间). */
  created: string | null;
  dueDate: string | null;
  record: RecordValues;
  /** The stored second-level tag's name as the project lists it (the code itself when the list has no such tag); null without a tag. */
  kindTagLabel: Label | null;
  /** The linked customers in link order, named as the archive names them now. */
  customers: LinkedCustomer[];
  inputs: RequirementInputs;
  computed: ComputedValues;
  /** Weights (%) of the framework version the score names; null while unscored. */
  weights: Record<WeightedFactor, number> | null;
  /** The newest feasibility verdict per marked dimension (the analysis table). */
  feasibility?: Partial<Record<FeasibilityDimension, FeasibilityVerdict>>;
  /** The project's milestones with a planned or actual day, in plan order, named as its delivery rules name them (the analysis table). */
  keyDates?: ExportKeyDate[];
  /** yyyy-mm-dd: the planned day of the next open milestone (nextKeyDate in key-dates.ts). */
  nextKeyDate?: string | null;
}

/** One milestone as the analysis table lists it. */
export interface ExportKeyDate {
  /** The milestone's name from the project's delivery rules (its code when it has none in a language). */
  label: Label;
  planned: string | null;
  actual: string | null;
  /** Days an open milestone is past its planned day on the site's day (milestoneStatuses' "late"); absent when it is not late. */
  daysLate?: number;
}

type Label = { en: string; zh: string };

export interface ExportColumn {
  id: string;
  header: Label;
  value(row: ExportRow, language: ExportLanguage): ExportCell;
  /** Cells are calendar days (yyyy-mm-dd), written to XLSX as dates. */
  isDate?: boolean;
}

/** Names for the stored codes of the record's value lists, the three-factor bands and the quadrants. */
export const VALUE_LABELS: Record<string, Label> = {
  customer: { en: 'Customer', zh: '客户' },
  'business-department': { en: 'Business department', zh: '业务部门' },
  'whole-company': { en: 'Whole company', zh: '全公司' },
  'customer-interview': { en: 'Customer interview', zh: '客户访谈' },
  questionnaire: { en: 'Questionnaire', zh: '问卷调查' },
  'data-mining': { en: 'Data mining', zh: '数据挖掘' },
  'support-ticket': { en: 'Support ticket', zh: '客服工单' },
  'third-party-platform': { en: 'Third-party platform', zh: '第三方平台' },
  other: { en: 'Other', zh: '其他' },
  explicit: { en: 'Explicit', zh: '显性' },
  implicit: { en: 'Implicit', zh: '隐性' },
  functional: { en: 'Functional', zh: '功能性' },
  'non-functional': { en: 'Non-functional', zh: '非功能性' },
  'business-process': { en: 'Business process', zh: '业务流程' },
  'new-feature': { en: 'New feature', zh: '新增功能' },
  optimisation: { en: 'Function optimisation', zh: '功能优化' },
  improvement: { en: 'Function improvement', zh: '功能改进' },
  'service-experience': { en: 'Service experience', zh: '服务体验' },
  'price-suggestion': { en: 'Price suggestion', zh: '价格建议' },
  cooperation: { en: 'Cooperation', zh: '合作' },
};

export const BAND_LABELS: Record<ThreeFactorBand, Label> = {
  high: { en: 'High', zh: '高' },
  medium: { en: 'Medium', zh: '中' },
  low: { en: 'Low', zh: '低' },
};

export const QUADRANT_LABELS: Record<Quadrant, Label> = {
  'quick-win': { en: 'Quick win', zh: '快速见效' },
  'major-project': { en: 'Major project', zh: '重大项目' },
  'fill-in': { en: 'Fill-in', zh: '填充项' },
  avoid: { en: 'Avoid', zh: '避免' },
};

/** A stored code in the export's language; a code the app does not know (set through REST) stays as it is. */
const valueLabel = (code: string | null, language: ExportLanguage): string | null =>
  code === null ? null : (VALUE_LABELS[code]?.[language] ?? code);

const labelOf = (fields: readonly { name: string; label: Label }[], name: string): Label =>
  fields.find((field) => field.name === name)!.label;
const inputHeader = (name: InputFieldName) => labelOf(INPUT_FIELDS, name);
const computedHeader = (name: ComputedFieldName) => labelOf(COMPUTED_FIELDS, name);
const recordHeader = (name: RecordFieldName) => labelOf(RECORD_FIELDS, name);

const ERASED_MARK: Label = { en: '(erased)', zh: '（已删除）' };

/** "CUS202405001 Name; CUS202405002 (erased)": number and name of each linked customer, an erased one marked. */
function customerCell(customers: readonly LinkedCustomer[], language: ExportLanguage): string | null {
  if (customers.length === 0) return null;
  const named = (customer: LinkedCustomer) =>
    customer.erased
      ? `${customer.number} ${ERASED_MARK[language]}`
      : customer.name
        ? `${customer.number} ${customer.name}`
        : customer.number;
  return customers.map(named).join('; ');
}

const KEY_COLUMN: ExportColumn = { id: 'key', header: { en: 'ID', zh: '需求编号' }, value: (row) => row.key };
const SUMMARY_COLUMN: ExportColumn = { id: 'summary', header: { en: 'Name', zh: '需求名称' }, value: (row) => row.summary };

const recordText = (name: keyof RecordValues & RecordFieldName): ExportColumn => ({
  id: name,
  header: recordHeader(name),
  value: (row) => row.record[name],
});
const recordCode = (name: keyof RecordValues & RecordFieldName): ExportColumn => ({
  id: name,
  header: recordHeader(name),
  value: (row, language) => valueLabel(row.record[name] as string | null, language),
});

const REGISTER_COLUMNS: readonly ExportColumn[] = [
  KEY_COLUMN,
  SUMMARY_COLUMN,
  { id: 'customer', header: { en: 'Customer', zh: '客户信息' }, value: (row, language) => customerCell(row.customers, language) },
  recordCode('sourceChannel'),
  recordText('customerWords'),
  recordText('background'),
  recordText('expectedGoal'),
  recordCode('beneficiary'),
  recordCode('needType'),
  recordCode('nature'),
  recordCode('kind'),
  {
    id: 'kindTag',
    header: recordHeader('kindTag'),
    value: (row, language) => row.kindTagLabel?.[language] ?? row.record.kindTag,
  },
  // No merge yet means none merged: 0, so the column sums and sorts (the field is blank until the first merge).
  { id: 'duplicateCount', header: recordHeader('duplicateCount'), value: (row) => row.record.duplicateCount ?? 0 },
  { id: 'status', header: { en: 'Status', zh: '状态' }, value: (row) => row.status },
  { id: 'owner', header: { en: 'Owner', zh: '负责人' }, value: (row) => row.owner },
  recordText('responsibleDepartment'),
  { id: 'recorder', header: { en: 'Recorded by', zh: '记录人' }, value: (row) => row.recorder },
  { id: 'created', header: { en: 'Raised on', zh: '提出时间' }, value: (row) => row.created, isDate: true },
  { id: 'dueDate', header: { en: 'Due date', zh: '计划完成日期' }, value: (row) => row.dueDate, isDate: true },
  // The archive written on closing: how the customer was told, and the follow-up or its waiver.
  { id: 'closure', header: { en: 'Closure', zh: '闭环记录' }, value: (row) => row.record.closureRecord },
];

const factorColumns = (factor: WeightedFactor): ExportColumn[] => {
  const header = inputHeader(factor);
  return [
    { id: factor, header, value: (row) => row.inputs[factor] },
    {
      id: `${factor}Weight`,
      header: { en: `${header.en} weight (%)`, zh: `${header.zh}权重(%)` },
      value: (row) => row.weights?.[factor] ?? null,
    },
  ];
};

const EVALUATION_COLUMNS: readonly ExportColumn[] = [
  KEY_COLUMN,
  SUMMARY_COLUMN,
  ...factorColumns('urgency'),
  ...factorColumns('importance'),
  ...factorColumns('feasibility'),
  ...factorColumns('customerValue'),
  { id: 'weightedScore', header: computedHeader('weightedScore'), value: (row) => row.computed.weightedScore },
  { id: 'priorityGrade', header: computedHeader('priorityGrade'), value: (row) => row.computed.priorityGrade },
  { id: 'threeFactorScore', header: computedHeader('threeFactorScore'), value: (row) => row.computed.threeFactorScore },
  {
    id: 'threeFactorPriority',
    header: computedHeader('threeFactorPriority'),
    value: (row, language) => (row.computed.threeFactorPriority ? BAND_LABELS[row.computed.threeFactorPriority][language] : null),
  },
  { id: 'businessValue', header: inputHeader('businessValue'), value: (row) => row.inputs.businessValue },
  { id: 'implementationCost', header: inputHeader('implementationCost'), value: (row) => row.inputs.implementationCost },
  {
    id: 'valueCostQuadrant',
    header: computedHeader('valueCostQuadrant'),
    value: (row, language) => (row.computed.valueCostQuadrant ? QUADRANT_LABELS[row.computed.valueCostQuadrant][language] : null),
  },
  { id: 'moscow', header: inputHeader('moscow'), value: (row) => row.inputs.moscow },
  { id: 'wontReason', header: inputHeader('wontReason'), value: (row) => row.inputs.wontReason },
  { id: 'frameworkVersion', header: computedHeader('frameworkVersion'), value: (row) => row.computed.frameworkVersion },
];

const DIMENSION_LABELS: Record<FeasibilityDimension, Label> = {
  technical: { en: 'Technical feasibility', zh: '技术可行性' },
  business: { en: 'Business feasibility', zh: '业务可行性' },
  compliance: { en: 'Compliance feasibility', zh: '合规可行性' },
};
const VERDICT_LABELS: Record<FeasibilityVerdict, Label> = {
  feasible: { en: 'Feasible', zh: '可行' },
  conditional: { en: 'Feasible with conditions', zh: '有条件可行' },
  'not-feasible': { en: 'Not feasible', zh: '不可行' },
};
export const CUSTOMER_TYPE_LABELS: Record<CustomerType, Label> = {
  strategic: { en: 'Strategic', zh: '战略客户' },
  key: { en: 'Key', zh: '重点客户' },
  regular: { en: 'Regular', zh: '普通客户' },
  new: { en: 'New', zh: '新客户' },
  churnRisk: { en: 'Churn risk', zh: '流失风险客户' },
};

const feasibilityColumn = (dimension: FeasibilityDimension): ExportColumn => ({
  id: `${dimension}Feasibility`,
  header: DIMENSION_LABELS[dimension],
  value: (row, language) => {
    const verdict = row.feasibility?.[dimension];
    return verdict ? VERDICT_LABELS[verdict][language] : null;
  },
});

/** Each linked customer's type, in link order; an erased or unknown customer's type is left out. */
const customerTypesCell = (customers: readonly LinkedCustomer[], language: ExportLanguage): string | null => {
  const types = [
    ...new Set(customers.flatMap((customer) => (customer.type ? [CUSTOMER_TYPE_LABELS[customer.type][language]] : []))),
  ];
  return types.length > 0 ? types.join('; ') : null;
};

/** The words of the key dates cell: a milestone done after its planned day, or still open past it on the site's day, says by how many days. */
const KEY_DATE_WORDS: Record<
  ExportLanguage,
  { named: string; planned: string; done: string; late: (days: number) => string; between: string; separator: string }
> = {
  en: {
    named: ': ',
    planned: 'planned ',
    done: 'done ',
    late: (days) => ` (${days} ${days === 1 ? 'day' : 'days'} late)`,
    between: ', ',
    separator: '; ',
  },
  zh: { named: '：', planned: '计划 ', done: '实际 ', late: (days) => `（延期 ${days} 天）`, between: '，', separator: '；' },
};

/** "Refinement: planned 2024-05-08, done 2024-05-07; Development start: planned 2024-05-22"; null without any date. */
function keyDatesCell(dates: readonly ExportKeyDate[] | undefined, language: ExportLanguage): string | null {
  if (!dates || dates.length === 0) return null;
  const words = KEY_DATE_WORDS[language];
  const described = ({ label, planned, actual, daysLate }: ExportKeyDate): string => {
    const openLate = !actual && daysLate ? words.late(daysLate) : '';
    const parts = [
      ...(planned ? [`${words.planned}${planned}${openLate}`] : []),
      ...(actual ? [`${words.done}${actual}${planned && actual > planned ? words.late(daysBetween(planned, actual)) : ''}`] : []),
    ];
    return `${label[language]}${words.named}${parts.join(words.between)}`;
  };
  return dates.map(described).join(words.separator);
}

const column = (id: string, columns: readonly ExportColumn[]): ExportColumn => columns.find((candidate) => candidate.id === id)!;

const ANALYSIS_COLUMNS: readonly ExportColumn[] = [
  KEY_COLUMN,
  SUMMARY_COLUMN,
  column('customer', REGISTER_COLUMNS),
  {
    id: 'customerTypes',
    header: { en: 'Customer type', zh: '客户类型' },
    value: (row, language) => customerTypesCell(row.customers, language),
  },
  {
    id: 'demand',
    header: { en: 'Demand count', zh: '需求客户数' },
    value: (row) => new Set(row.customers.map((customer) => customer.number)).size,
  },
  recordCode('needType'),
  recordCode('nature'),
  recordCode('kind'),
  feasibilityColumn('technical'),
  feasibilityColumn('business'),
  feasibilityColumn('compliance'),
  column('weightedScore', EVALUATION_COLUMNS),
  column('priorityGrade', EVALUATION_COLUMNS),
  column('threeFactorScore', EVALUATION_COLUMNS),
  column('valueCostQuadrant', EVALUATION_COLUMNS),
  column('moscow', EVALUATION_COLUMNS),
  column('owner', REGISTER_COLUMNS),
  recordText('responsibleDepartment'),
  column('created', REGISTER_COLUMNS),
  column('dueDate', REGISTER_COLUMNS),
  { id: 'nextKeyDate', header: recordHeader('nextKeyDate'), value: (row) => row.nextKeyDate ?? null, isDate: true },
  { id: 'keyDates', header: recordHeader('keyDates'), value: (row, language) => keyDatesCell(row.keyDates, language) },
  column('status', REGISTER_COLUMNS),
];

export const EXPORT_COLUMNS: Record<ExportTemplate, readonly ExportColumn[]> = {
  register: REGISTER_COLUMNS,
  evaluation: EVALUATION_COLUMNS,
  analysis: ANALYSIS_COLUMNS,
};

export const TEMPLATE_TITLES: Record<ExportTemplate, Label> = {
  register: { en: 'Requirement register', zh: '客户需求信息登记表' },
  evaluation: { en: 'Priority evaluation', zh: '需求优先级评估表' },
  analysis: { en: 'Requirement analysis', zh: '客户需求分析表' },
};

export interface ExportTable {
  title: string;
  headers: string[];
  /** Numbers stay numbers so spreadsheets can sort and sum them. */
  rows: ExportCell[][];
  /** Positions of the columns holding calendar days (yyyy-mm-dd text in CSV, dates in XLSX); none when absent. */
  dateColumns?: number[];
}

export function exportTable(template: ExportTemplate, rows: readonly ExportRow[], language: ExportLanguage): ExportTable {
  const columns = EXPORT_COLUMNS[template];
  return {
    title: TEMPLATE_TITLES[template][language],
    headers: columns.map((column) => column.header[language]),
    rows: rows.map((row) => columns.map((column) => column.value(row, language))),
    dateColumns: columns.flatMap((column, index) => (column.isDate ? [index] : [])),
  };
}

/** Excel and WPS read a CSV as the local code page unless it starts with the UTF-8 byte order mark. */
export const UTF8_BOM = '\uFEFF';

/** Spreadsheets run text starting with these as a formula (CSV injection); a leading apostrophe keeps it text. */
const FORMULA_START = /^[=+\-@\t\r]/;

function csvField(cell: ExportCell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return String(cell);
  const text = FORMULA_START.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV (CRLF line ends, quoted where needed) with the BOM in front. */
export function toCsv(table: Pick<ExportTable, 'headers' | 'rows'>): string {
  const lines = [table.headers, ...table.rows].map((cells) => cells.map(csvField).join(','));
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}

/** e.g. `REQ-requirement-register-2026-11-23.csv`; Jira project keys are safe in file names. */
export function exportFileName(template: ExportTemplate, projectKey: string, today: string, extension: 'csv' | 'xlsx'): string {
  const name = { register: 'requirement-register', evaluation: 'priority-evaluation', analysis: 'requirement-analysis' }[
    template
  ];
  return `${projectKey}-${name}-${today}.${extension}`;
}
