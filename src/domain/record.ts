import { APP_STRING_MAX_LENGTH, RECORD_FIELDS } from './fields';
import { fail, ok, type Result, type Violation, type ViolationRule } from './result';
import { MAX_WORDS_LENGTH, withDemand, type SheetRecord } from './sheet-import';

/**
 * Rules on the requirement record (the registration form's fields) beyond their value lists.
 */

export type NeedConfirmation = 'not-applicable' | 'to-confirm' | 'confirmed';

/**
 * Implicit needs are inferred from behaviour, so the source documents require confirming them with
 * the customer: until a confirmation date is recorded the requirement shows "to be confirmed".
 */
export function needConfirmation(needType: unknown, confirmedOn: unknown): NeedConfirmation {
  if (needType !== 'implicit') return 'not-applicable';
  return typeof confirmedOn === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(confirmedOn) ? 'confirmed' : 'to-confirm';
}

/**
 * The record every intake channel (web trigger, spreadsheet import, quick capture) brings in: the
 * sheet's fields, plus the register's own fields a person fills in at quick capture. Channels
 * without a field leave it null.
 */
export interface IntakeRecord extends SheetRecord {
  /** The archive's number of the customer (quick capture picks it; other channels name the customer in words). */
  customerNumber: string | null;
  submitterRole: string | null;
  background: string | null;
  expectedGoal: string | null;
  beneficiary: string | null;
  needType: string | null;
}

/** A sheet row as an intake record: the register's fields a sheet does not map stay empty. */
export const intakeRecordOf = (record: SheetRecord): IntakeRecord => ({
  ...record,
  customerNumber: null,
  submitterRole: null,
  background: null,
  expectedGoal: null,
  beneficiary: null,
  needType: null,
});

/**
 * The quick-capture form's fields in the register's order (客户需求信息登记表: name, customer,
 * channel, the customer's words, who raised it and when, then background, goal, beneficiary and the
 * classification), which is the order the form shows them in.
 */
export const CAPTURE_FIELDS = [
  'summary',
  'customerNumber',
  'channel',
  'originalWords',
  'submitter',
  'submitterRole',
  'date',
  'background',
  'expectedGoal',
  'beneficiary',
  'needType',
  'nature',
  'kind',
] as const;
export type CaptureField = (typeof CAPTURE_FIELDS)[number];

const recordValues = (name: string): readonly string[] =>
  (RECORD_FIELDS.find((field) => field.name === name) as { values: readonly string[] }).values;

/** The value lists of the form's choice fields (the record fields' own codes). */
export const CAPTURE_CHOICES = {
  channel: recordValues('sourceChannel'),
  beneficiary: recordValues('beneficiary'),
  needType: recordValues('needType'),
  nature: recordValues('nature'),
  kind: recordValues('kind'),
} as Partial<Record<CaptureField, readonly string[]>>;

/** Text fields go to Forge string fields of at most 255 characters; the words are kept whole up to the intake's limit (the field shows the first 255). */
export const CAPTURE_LIMITS = {
  summary: APP_STRING_MAX_LENGTH,
  originalWords: MAX_WORDS_LENGTH,
  submitter: APP_STRING_MAX_LENGTH,
  submitterRole: APP_STRING_MAX_LENGTH,
  background: APP_STRING_MAX_LENGTH,
  expectedGoal: APP_STRING_MAX_LENGTH,
} as Partial<Record<CaptureField, number>>;

const CAPTURE_REQUIRED: readonly CaptureField[] = ['summary', 'channel', 'submitter', 'date'];
const CUSTOMER_NUMBER = /^CUS\d{4}(0[1-9]|1[0-2])\d{3}$/;

const isCalendarDay = (text: string): boolean =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && new Date(`${text}T00:00:00Z`).toISOString().slice(0, 10) === text;

/**
 * The quick-capture form as a record, or every problem at once, each naming the field and the rule
 * (the page translates them from `field`, `rule` and `params`). `today` is the site's day: a demand
 * cannot have been raised later. The customer's name comes from the archive, so it is not read here.
 */
export function readCaptureForm(form: Readonly<Record<string, unknown>>, today: string): Result<IntakeRecord> {
  const violations: Violation[] = [];
  const values: Partial<Record<CaptureField, string>> = {};
  const problem = (field: CaptureField, rule: ViolationRule, message: string, params: Record<string, string | number> = {}) =>
    violations.push({ field, rule, message: `${field}: ${message}`, params: { field, ...params } });
  for (const field of CAPTURE_FIELDS) {
    const raw = form[field];
    if (raw !== undefined && raw !== null && typeof raw !== 'string') {
      problem(field, 'type', 'must be text.');
      continue;
    }
    const text = (raw ?? '').trim();
    if (text === '') {
      if (CAPTURE_REQUIRED.includes(field)) problem(field, 'required', 'is required.');
      continue;
    }
    const max = CAPTURE_LIMITS[field];
    const allowed = CAPTURE_CHOICES[field];
    if (max !== undefined && text.length > max)
      problem(field, 'length', `must be at most ${max} characters (this one has ${text.length}).`, { max, length: text.length });
    else if (allowed && !allowed.includes(text)) problem(field, 'enum', `must be one of ${allowed.join(', ')}.`, { value: text });
    else if (field === 'customerNumber' && !CUSTOMER_NUMBER.test(text))
      problem(field, 'syntax', 'must be a customer number such as CUS202405001.', { value: text });
    else if (field === 'date' && !isCalendarDay(text))
      problem(field, 'syntax', 'must be a real calendar date written YYYY-MM-DD.', { value: text });
    else if (field === 'date' && text > today)
      problem(field, 'range', `must not be after today (${today}).`, { value: text, max: today });
    else values[field] = text;
  }
  if (violations.length > 0) return fail(violations);
  const optional = (field: CaptureField): string | null => values[field] ?? null;
  return ok({
    summary: values.summary!,
    customer: null,
    customerNumber: optional('customerNumber'),
    channel: values.channel!,
    originalWords: optional('originalWords'),
    submitter: values.submitter!,
    submitterRole: optional('submitterRole'),
    date: values.date!,
    background: optional('background'),
    expectedGoal: optional('expectedGoal'),
    beneficiary: optional('beneficiary'),
    needType: optional('needType'),
    nature: optional('nature'),
    kind: optional('kind'),
  });
}

/**
 * An existing requirement's words and duplicate count after a captured demand is added to it: the
 * demand's words are appended (withDemand), and it counts once per customer: a customer already
 * linked to the requirement asked before, so the count stays.
 */
export function withCapturedDemand(
  current: { customerWords: string | null; duplicateCount: number | null },
  record: IntakeRecord,
  customerAlreadyLinked: boolean,
): { customerWords: string | null; duplicateCount: number; leftOut: number } {
  const next = withDemand(current, [record]);
  return customerAlreadyLinked ? { ...next, duplicateCount: current.duplicateCount ?? 0 } : next;
}
