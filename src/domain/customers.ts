/**
 * The customer archive (客户信息档案): the record, its numbering, the consent rule for contact data,
 * and the checks of a CSV import. Pure: callers pass today's date and the parsed CSV cells.
 */
import {
  CUSTOMER_TYPES,
  DEFAULT_FRAMEWORK_SETTINGS,
  suggestedCustomerValue,
  type CustomerType,
  type FrameworkSettings,
} from './framework';
import { fail, ok, type Result, type Violation, type ViolationRule } from './result';
import { isPlainObject } from './checks';

/** The 20 top-level sections (门类) of the national industry classification GB/T 4754-2017. */
export const INDUSTRY_SECTIONS = [
  { code: 'A', zh: '农、林、牧、渔业', en: 'Agriculture, forestry, animal husbandry and fishery' },
  { code: 'B', zh: '采矿业', en: 'Mining' },
  { code: 'C', zh: '制造业', en: 'Manufacturing' },
  { code: 'D', zh: '电力、热力、燃气及水生产和供应业', en: 'Electricity, heat, gas and water production and supply' },
  { code: 'E', zh: '建筑业', en: 'Construction' },
  { code: 'F', zh: '批发和零售业', en: 'Wholesale and retail trade' },
  { code: 'G', zh: '交通运输、仓储和邮政业', en: 'Transport, storage and postal services' },
  { code: 'H', zh: '住宿和餐饮业', en: 'Accommodation and catering' },
  {
    code: 'I',
    zh: '信息传输、软件和信息技术服务业',
    en: 'Information transmission, software and information technology services',
  },
  { code: 'J', zh: '金融业', en: 'Finance' },
  { code: 'K', zh: '房地产业', en: 'Real estate' },
  { code: 'L', zh: '租赁和商务服务业', en: 'Leasing and business services' },
  { code: 'M', zh: '科学研究和技术服务业', en: 'Scientific research and technical services' },
  { code: 'N', zh: '水利、环境和公共设施管理业', en: 'Water conservancy, environment and public facilities management' },
  { code: 'O', zh: '居民服务、修理和其他服务业', en: 'Resident services, repair and other services' },
  { code: 'P', zh: '教育', en: 'Education' },
  { code: 'Q', zh: '卫生和社会工作', en: 'Health and social work' },
  { code: 'R', zh: '文化、体育和娱乐业', en: 'Culture, sports and entertainment' },
  { code: 'S', zh: '公共管理、社会保障和社会组织', en: 'Public administration, social security and social organisations' },
  { code: 'T', zh: '国际组织', en: 'International organisations' },
] as const;
export type IndustryCode = (typeof INDUSTRY_SECTIONS)[number]['code'];
export const INDUSTRY_CODES = INDUSTRY_SECTIONS.map((section) => section.code) as IndustryCode[];

/** Headcount bands. */
export const STAFF_BANDS = ['under-20', '20-99', '100-299', '300-999', '1000-plus'] as const;
export type StaffBand = (typeof STAFF_BANDS)[number];
/** Yearly revenue bands in CNY. */
export const REVENUE_BANDS = ['under-3m', '3m-20m', '20m-100m', '100m-400m', '400m-plus'] as const;
export type RevenueBand = (typeof REVENUE_BANDS)[number];
export const CONTACT_CHANNELS = ['phone', 'email', 'wechat', 'visit', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export interface CustomerContact {
  name: string;
  role: string;
  preferredChannel: ContactChannel;
  email: string | null;
  phone: string | null;
  /** The day the contact agreed that we store their details (yyyy-mm-dd); required for any contact. */
  consentGivenOn: string;
}

export interface TradeSummary {
  firstDealOn: string | null;
  /** Deals in the last 12 months. */
  dealsLast12Months: number;
  /** Total amount traded, CNY, at most two decimals. */
  totalAmount: number;
  renewed: boolean;
  complaints: number;
}

/** What a person enters; the app adds the number, version and timestamps. */
export interface CustomerDraft {
  name: string;
  industry: IndustryCode;
  type: CustomerType;
  staffBand: StaffBand;
  revenueBand: RevenueBand;
  region: string;
  contacts: CustomerContact[];
  trade: TradeSummary;
}

export interface Customer extends CustomerDraft {
  /** CUS + yyyymm + three-digit sequence within the month, e.g. CUS202405001. */
  number: string;
  /** Starts at 1; every save adds one, and a save must name the version it edited. */
  version: number;
  createdAt: string;
  updatedAt: string;
  /** Set once the customer's personal data was erased; the record stays for the requirements that name it. */
  erasedAt: string | null;
  /** The site day someone last confirmed the record as still right (quarterly review) or edited it; absent before the first. */
  reviewedOn?: string | null;
}

export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 100;
export const MAX_CONTACTS = 20;
export const MAX_IMPORT_ROWS = 1000;
const MAX_COUNT = 1_000_000;
const MAX_AMOUNT = 1e13;
const LAST_SEQUENCE = 999;

// ---- numbering ----------------------------------------------------------------------------------

const NUMBER_PATTERN = /^CUS(\d{4})(0[1-9]|1[0-2])(\d{3})$/;

/** The numbers of one month share this prefix, e.g. CUS202405 (the month in UTC). */
export function customerNumberPrefix(now: Date): string {
  return `CUS${now.toISOString().slice(0, 4)}${now.toISOString().slice(5, 7)}`;
}

export function isCustomerNumber(value: string): boolean {
  const match = NUMBER_PATTERN.exec(value);
  return match !== null && match[3] !== '000';
}

/**
 * The `count` numbers that follow the month's highest one (null when the month has none yet).
 * A month has 999 numbers; asking past them is a violation, not a wrap-around.
 */
export function nextCustomerNumbers(prefix: string, highestInMonth: string | null, count: number): Result<string[]> {
  const last = highestInMonth?.startsWith(prefix) ? Number(highestInMonth.slice(prefix.length)) : 0;
  if (last + count > LAST_SEQUENCE) {
    return fail([
      {
        field: 'number',
        rule: 'range',
        message: `number: the month ${prefix.slice(3)} has ${LAST_SEQUENCE - last} customer numbers left; ${count} needed.`,
        params: { min: 1, max: LAST_SEQUENCE },
      },
    ]);
  }
  return ok(Array.from({ length: count }, (_, index) => `${prefix}${String(last + index + 1).padStart(3, '0')}`));
}

/** How names are compared and searched: trimmed, width-folded (NFKC), lower case. */
export function customerNameKey(name: string): string {
  return name.normalize('NFKC').trim().toLowerCase();
}

/** The customer value (1-5) a requirement gets from the customers who raised it: the highest of their types. */
export function suggestedCustomerValueFor(
  types: CustomerType[],
  settings: FrameworkSettings = DEFAULT_FRAMEWORK_SETTINGS,
): number | null {
  return suggestedCustomerValue(types, settings);
}

// ---- validation ---------------------------------------------------------------------------------

type Raw = Record<string, unknown>;
const violation = (field: string, rule: ViolationRule, message: string, params?: Violation['params']): Violation => ({
  field,
  rule,
  message: `${field}: ${message}`,
  ...(params ? { params } : {}),
});

const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_PATTERN = /^\+?[0-9][0-9 ()-]{4,29}$/;

function isRealDay(value: string): boolean {
  return DAY_PATTERN.test(value) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
}

class Checker {
  readonly violations: Violation[] = [];

  text(field: string, value: unknown, options: { required: boolean; max: number }): string {
    if (value === undefined || value === null || value === '') {
      if (options.required) this.violations.push(violation(field, 'required', 'is required.'));
      return '';
    }
    if (typeof value !== 'string') {
      this.violations.push(violation(field, 'type', 'must be text.'));
      return '';
    }
    const trimmed = value.trim();
    if (options.required && trimmed === '') this.violations.push(violation(field, 'required', 'is required.'));
    if (trimmed.length > options.max)
      this.violations.push(
        violation(field, 'length', `must be at most ${options.max} characters (it has ${trimmed.length}).`, {
          max: options.max,
          length: trimmed.length,
        }),
      );
    return trimmed;
  }

  choice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
    if (value === undefined || value === null || value === '') {
      this.violations.push(violation(field, 'required', 'is required.'));
    } else if (!(allowed as readonly unknown[]).includes(value)) {
      this.violations.push(violation(field, 'enum', `must be one of ${allowed.join(', ')}.`, { allowed: allowed.join(', ') }));
    }
    return value as T;
  }

  integer(field: string, value: unknown, max: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.violations.push(violation(field, 'integer', 'must be a whole number.'));
    } else if (value < 0 || value > max) {
      this.violations.push(violation(field, 'range', `must be from 0 to ${max}.`, { min: 0, max }));
    }
    return value as number;
  }

  amount(field: string, value: unknown): number {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      this.violations.push(violation(field, 'type', 'must be a number.'));
    } else if (value < 0 || value > MAX_AMOUNT) {
      this.violations.push(violation(field, 'range', `must be from 0 to ${MAX_AMOUNT}.`, { min: 0, max: MAX_AMOUNT }));
    } else if (Math.round(value * 100) !== value * 100) {
      this.violations.push(violation(field, 'syntax', 'may have at most two decimals.'));
    }
    return value as number;
  }

  boolean(field: string, value: unknown): boolean {
    if (typeof value !== 'boolean') this.violations.push(violation(field, 'type', 'must be yes or no.'));
    return value as boolean;
  }

  /** A past or present calendar day; null when not given. */
  day(field: string, value: unknown, today: string): string | null {
    if (value === undefined || value === null || value === '') return null;
    if (typeof value !== 'string' || !isRealDay(value)) {
      this.violations.push(violation(field, 'syntax', 'must be a date written yyyy-mm-dd.'));
    } else if (value > today) {
      this.violations.push(violation(field, 'range', `cannot be after today (${today}).`, { max: today }));
    }
    return value as string;
  }

  pattern(field: string, value: unknown, pattern: RegExp, what: string): string | null {
    const text = this.text(field, value, { required: false, max: MAX_TEXT_LENGTH });
    if (text === '') return null;
    if (!pattern.test(text)) this.violations.push(violation(field, 'syntax', `must be ${what}.`));
    return text;
  }
}

const CONTACT_DETAILS = ['name', 'role', 'preferredChannel', 'email', 'phone'] as const;

function checkContact(check: Checker, field: string, raw: unknown, today: string): CustomerContact {
  const contact = isPlainObject(raw) ? raw : {};
  if (!isPlainObject(raw)) check.violations.push(violation(field, 'type', 'must be a contact.'));
  const consentGivenOn = check.day(`${field}.consentGivenOn`, contact.consentGivenOn, today);
  if (consentGivenOn === null) {
    // Personal data is stored only with consent: refuse each detail given, and keep none of them.
    for (const detail of CONTACT_DETAILS.filter(
      (name) => contact[name] !== undefined && contact[name] !== null && contact[name] !== '',
    )) {
      check.violations.push(
        violation(
          `${field}.${detail}`,
          'consent',
          "is contact data, stored only with the contact's consent; record the date they consented in consentGivenOn first.",
        ),
      );
    }
    return { name: '', role: '', preferredChannel: 'other', email: null, phone: null, consentGivenOn: '' };
  }
  return {
    name: check.text(`${field}.name`, contact.name, { required: true, max: MAX_TEXT_LENGTH }),
    role: check.text(`${field}.role`, contact.role, { required: false, max: MAX_TEXT_LENGTH }),
    preferredChannel: check.choice(`${field}.preferredChannel`, contact.preferredChannel, CONTACT_CHANNELS),
    email: check.pattern(`${field}.email`, contact.email, EMAIL_PATTERN, 'an e-mail address such as name@example.com'),
    phone: check.pattern(`${field}.phone`, contact.phone, PHONE_PATTERN, 'a phone number of digits, spaces, brackets and dashes'),
    consentGivenOn,
  };
}

/**
 * Checks a customer as entered; every problem is reported at once, each naming its field (a dotted
 * path such as `contacts.0.email`) and rule. `today` is yyyy-mm-dd.
 */
export function validateCustomerDraft(raw: unknown, today: string): Result<CustomerDraft> {
  const check = new Checker();
  const draft = isPlainObject(raw) ? raw : {};
  if (!isPlainObject(raw)) check.violations.push(violation('customer', 'type', 'must be a customer record.'));
  const trade = isPlainObject(draft.trade) ? draft.trade : {};
  if (!isPlainObject(draft.trade)) check.violations.push(violation('trade', 'required', 'is required.'));
  const contacts = Array.isArray(draft.contacts) ? draft.contacts : [];
  if (draft.contacts !== undefined && !Array.isArray(draft.contacts))
    check.violations.push(violation('contacts', 'type', 'must be a list of contacts.'));
  if (contacts.length > MAX_CONTACTS)
    check.violations.push(
      violation('contacts', 'length', `may hold at most ${MAX_CONTACTS} contacts.`, {
        max: MAX_CONTACTS,
        length: contacts.length,
      }),
    );

  const value: CustomerDraft = {
    name: check.text('name', draft.name, { required: true, max: MAX_NAME_LENGTH }),
    industry: check.choice('industry', draft.industry, INDUSTRY_CODES),
    type: check.choice('type', draft.type, CUSTOMER_TYPES),
    staffBand: check.choice('staffBand', draft.staffBand, STAFF_BANDS),
    revenueBand: check.choice('revenueBand', draft.revenueBand, REVENUE_BANDS),
    region: check.text('region', draft.region, { required: true, max: MAX_TEXT_LENGTH }),
    contacts: contacts.map((contact, index) => checkContact(check, `contacts.${index}`, contact, today)),
    trade: {
      firstDealOn: check.day('trade.firstDealOn', trade.firstDealOn, today),
      dealsLast12Months: check.integer('trade.dealsLast12Months', trade.dealsLast12Months, MAX_COUNT),
      totalAmount: check.amount('trade.totalAmount', trade.totalAmount),
      renewed: check.boolean('trade.renewed', trade.renewed),
      complaints: check.integer('trade.complaints', trade.complaints, MAX_COUNT),
    },
  };
  return check.violations.length > 0 ? fail(check.violations) : ok(value);
}

/**
 * The record after erasure: contacts gone, the name replaced by the number and the region cleared;
 * number, type, industry, size bands and trade figures stay, as they describe a company, not a person,
 * and requirements keep pointing at the number.
 */
export function anonymisedCustomer(customer: Customer, erasedAt: string): Customer {
  return {
    ...customer,
    name: `Erased customer ${customer.number}`,
    region: '',
    contacts: [],
    version: customer.version + 1,
    updatedAt: erasedAt,
    erasedAt,
  };
}

// ---- CSV import ---------------------------------------------------------------------------------

/** The columns of an import file, in the order a template lists them; the contact columns describe one contact. */
export const IMPORT_COLUMNS = [
  'name',
  'industry',
  'type',
  'staffBand',
  'revenueBand',
  'region',
  'firstDealOn',
  'dealsLast12Months',
  'totalAmount',
  'renewed',
  'complaints',
  'contactName',
  'contactRole',
  'contactChannel',
  'contactEmail',
  'contactPhone',
  'contactConsentOn',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED_COLUMNS: ImportColumn[] = ['name', 'industry', 'type', 'staffBand', 'revenueBand', 'region'];

/** Where a draft's field comes from in the file, so a violation can name the column. */
const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  name: 'name',
  industry: 'industry',
  type: 'type',
  staffBand: 'staffBand',
  revenueBand: 'revenueBand',
  region: 'region',
  'trade.firstDealOn': 'firstDealOn',
  'trade.dealsLast12Months': 'dealsLast12Months',
  'trade.totalAmount': 'totalAmount',
  'trade.renewed': 'renewed',
  'trade.complaints': 'complaints',
  'contacts.0.name': 'contactName',
  'contacts.0.role': 'contactRole',
  'contacts.0.preferredChannel': 'contactChannel',
  'contacts.0.email': 'contactEmail',
  'contacts.0.phone': 'contactPhone',
  'contacts.0.consentGivenOn': 'contactConsentOn',
};

const YES = ['yes', 'y', 'true', '1', '是'];
const NO = ['no', 'n', 'false', '0', '否', ''];

/** A cell as the value the record takes: numbers and yes/no read loosely, anything unreadable passed on for the checks to name. */
function numberCell(cell: string): unknown {
  const trimmed = cell.trim().replace(/,/g, '');
  if (trimmed === '') return 0;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : trimmed;
}

function booleanCell(cell: string): unknown {
  const lower = cell.trim().toLowerCase();
  if (YES.includes(lower)) return true;
  return NO.includes(lower) ? false : lower;
}

/** Customer types may be written as in the framework (churnRisk) or as people write them (churn-risk). */
function typeCell(cell: string): string {
  const trimmed = cell.trim();
  return trimmed.toLowerCase() === 'churn-risk' ? 'churnRisk' : trimmed;
}

function draftOfRow(cells: Record<ImportColumn, string>): Raw {
  const contactGiven = ['contactName', 'contactRole', 'contactChannel', 'contactEmail', 'contactPhone', 'contactConsentOn'].some(
    (column) => cells[column as ImportColumn].trim() !== '',
  );
  const optional = (cell: string): string | null => (cell.trim() === '' ? null : cell.trim());
  return {
    name: cells.name,
    industry: cells.industry.trim().toUpperCase(),
    type: typeCell(cells.type),
    staffBand: cells.staffBand.trim(),
    revenueBand: cells.revenueBand.trim(),
    region: cells.region,
    contacts: contactGiven
      ? [
          {
            name: optional(cells.contactName),
            role: optional(cells.contactRole),
            preferredChannel: optional(cells.contactChannel),
            email: optional(cells.contactEmail),
            phone: optional(cells.contactPhone),
            consentGivenOn: optional(cells.contactConsentOn),
          },
        ]
      : [],
    trade: {
      firstDealOn: optional(cells.firstDealOn),
      dealsLast12Months: numberCell(cells.dealsLast12Months),
      totalAmount: numberCell(cells.totalAmount),
      renewed: booleanCell(cells.renewed),
      complaints: numberCell(cells.complaints),
    },
  };
}

const rowViolation = (row: number, column: string, rule: ViolationRule, message: string): Violation => ({
  field: `rows.${row}.${column}`,
  rule,
  message: `Row ${row}, column ${column}: ${message}`,
  params: { row, column },
});

/**
 * Checks every row of an import file (the header row first, as parsed cells). Row numbers are the
 * file's line numbers, so the header is row 1. Any violation anywhere means nothing is imported.
 */
export function validateImportTable(table: string[][], today: string): Result<CustomerDraft[]> {
  const [header = [], ...rows] = table;
  const columns = header.map((cell) => cell.trim());
  const violations: Violation[] = [];
  for (const column of columns.filter((name) => !(IMPORT_COLUMNS as readonly string[]).includes(name))) {
    violations.push(
      rowViolation(1, column || '(blank)', 'enum', `is not a column of the import; use ${IMPORT_COLUMNS.join(', ')}.`),
    );
  }
  for (const column of REQUIRED_COLUMNS.filter((name) => !columns.includes(name))) {
    violations.push(rowViolation(1, column, 'required', 'is missing from the header row.'));
  }
  if (rows.length === 0) violations.push(rowViolation(2, 'name', 'required', 'the file has no customers below its header row.'));
  if (rows.length > MAX_IMPORT_ROWS)
    violations.push(
      rowViolation(
        MAX_IMPORT_ROWS + 2,
        'name',
        'length',
        `an import holds at most ${MAX_IMPORT_ROWS} customers (this file has ${rows.length}).`,
      ),
    );
  if (violations.length > 0) return fail(violations);

  const drafts: CustomerDraft[] = [];
  const seenNames = new Map<string, number>();
  rows.forEach((cellsOfRow, index) => {
    const row = index + 2;
    const cells = Object.fromEntries(
      IMPORT_COLUMNS.map((column) => [column, cellsOfRow[columns.indexOf(column)] ?? '']),
    ) as Record<ImportColumn, string>;
    const result = validateCustomerDraft(draftOfRow(cells), today);
    if (!result.ok) {
      for (const problem of result.violations) {
        // Every field a row can fill has its column (a row holds one contact and no lists).
        const column = COLUMN_OF_FIELD[problem.field] as ImportColumn;
        violations.push(rowViolation(row, column, problem.rule, problem.message.slice(problem.field.length + 2)));
      }
      return;
    }
    const nameKey = customerNameKey(result.value.name);
    const firstRow = seenNames.get(nameKey);
    if (firstRow !== undefined) violations.push(rowViolation(row, 'name', 'unique', `repeats the customer of row ${firstRow}.`));
    seenNames.set(nameKey, firstRow ?? row);
    drafts.push(result.value);
  });
  return violations.length > 0 ? fail(violations) : ok(drafts);
}
