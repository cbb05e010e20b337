import { parse } from 'csv-parse/sync';
import {
  anonymisedCustomer,
  customerNumberPrefix,
  nextCustomerNumbers,
  validateCustomerDraft,
  validateImportTable,
  type Customer,
  type CustomerDraft,
} from '../domain/customers';
import { ConflictError, ValidationError } from '../domain/result';
import { withoutContacts } from '../domain/customer-archive';
import { customersDueForReview } from '../domain/customer-review';
import type { CustomerArchivePage, CustomerExport } from '../shared/api';
import {
  createCustomers,
  getCustomer,
  highestNumberWithPrefix,
  NumberTakenError,
  recordCustomerAudit,
  replaceCustomer,
  searchCustomers,
} from '../storage/customer-store';
import {
  claimImportCommit,
  discardStagedImport,
  finishStagedImport,
  openStagedImport,
  readImportParts,
  stageImportPart,
} from '../storage/import-store';
import { message } from '../domain/messages';

/** Tries with fresh numbers when another save took them in between; more than a few means heavy contention. */
const NUMBERING_ATTEMPTS = 5;

const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

function valid(raw: unknown, now: Date): CustomerDraft {
  const result = validateCustomerDraft(raw, dayOf(now));
  if (!result.ok) throw new ValidationError(result.violations);
  return result.value;
}

/** Numbers the drafts with the month's next free numbers and writes them; a number taken meanwhile means trying again. */
async function numberAndCreate(drafts: CustomerDraft[], now: () => Date): Promise<Customer[]> {
  for (let attempt = 1; ; attempt += 1) {
    const at = now();
    const prefix = customerNumberPrefix(at);
    const numbers = nextCustomerNumbers(prefix, await highestNumberWithPrefix(prefix), drafts.length);
    if (!numbers.ok) throw new ValidationError(numbers.violations);
    const stamp = at.toISOString();
    const records = drafts.map((draft, index): Customer => ({
      ...draft,
      number: numbers.value[index] as string,
      version: 1,
      createdAt: stamp,
      updatedAt: stamp,
      erasedAt: null,
    }));
    try {
      await createCustomers(records);
      return records;
    } catch (error) {
      if (!(error instanceof NumberTakenError) || attempt === NUMBERING_ATTEMPTS) throw error;
    }
  }
}

export async function requireCustomer(number: string): Promise<Customer> {
  const customer = await getCustomer(number);
  if (!customer)
    throw new ValidationError([{ field: 'number', rule: 'enum', message: `number: there is no customer ${number}.` }]);
  return customer;
}

export async function createCustomer(raw: unknown, now: () => Date): Promise<Customer> {
  const [created] = await numberAndCreate([valid(raw, now())], now);
  return created as Customer;
}

export async function updateCustomer(number: string, expectedVersion: number, raw: unknown, now: () => Date): Promise<Customer> {
  const draft = valid(raw, now());
  const current = await requireCustomer(number);
  if (current.erasedAt)
    throw new ConflictError(message('server.conflict.customer_erased.edit', { customer: number, erasedAt: current.erasedAt }));
  // Someone looked at the whole record and saved it: that confirms it for the quarterly review too.
  const next: Customer = {
    ...current,
    ...draft,
    version: expectedVersion + 1,
    updatedAt: now().toISOString(),
    reviewedOn: dayOf(now()),
  };
  await replaceCustomer(next, expectedVersion);
  return next;
}

/** CSV text as rows of cells; a file that is not CSV is one violation naming the line. */
export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true, trim: false }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    const reason = error instanceof Error ? error.message : 'unreadable';
    throw new ValidationError([
      {
        field: `rows.${line}`,
        rule: 'syntax',
        message: `Row ${line}: the file is not valid CSV (${reason}).`,
        params: { row: line, column: '' },
      },
    ]);
  }
}

/**
 * Checks every row before writing any. When all pass, the customers are numbered in file order
 * and written in transactions of 25 (each only if its numbers are still free).
 */
export async function importCustomers(csv: string, now: () => Date): Promise<{ created: string[] }> {
  const checked = validateImportTable(parseCsv(csv), dayOf(now()));
  if (!checked.ok) throw new ValidationError(checked.violations);
  const created = await numberAndCreate(checked.value, now);
  return { created: created.map((customer) => customer.number) };
}

/** An import file holds at most this many characters (about 1,000 rows of 17 columns, with room to spare). */
export const MAX_IMPORT_CHARACTERS = 1_000_000;

export interface ImportPart {
  /** Chosen by the page for one file; every part of the file names it. */
  importId: string;
  part: number;
  parts: number;
  text: string;
}

export interface ImportProgress {
  received: number;
  parts: number;
  /** The numbers of the customers created, once the last part arrived and the whole file passed; null before. */
  created: string[] | null;
}

const importViolation = (field: string, rule: 'enum' | 'length' | 'required', message: string) =>
  new ValidationError([{ field, rule, message }]);

/**
 * Receives one part of an import file (a front-end invoke carries at most 500 KB). Parts are staged
 * in KVS under the import's id; when the last one is there, the whole file is checked and, only if
 * every row passes, imported, exactly as a file sent in one piece. An import whose parts never all
 * arrive stores no customer: its staged parts expire after an hour.
 */
export async function importCustomerPart(input: ImportPart, accountId: string, now: () => Date): Promise<ImportProgress> {
  const staged = await openStagedImport(input.importId, accountId, input.parts, now().getTime());
  if (staged.owner !== accountId)
    throw importViolation('importId', 'enum', 'importId: this import was started by someone else; start a new import.');
  if (staged.created) return { received: staged.parts, parts: staged.parts, created: staged.created };
  if (staged.expiresAt <= now().getTime())
    throw importViolation(
      'importId',
      'enum',
      'importId: this import was started more than an hour ago and has expired; send the file again.',
    );
  if (staged.parts !== input.parts)
    throw importViolation('parts', 'enum', `parts: this import has ${staged.parts} parts, not ${input.parts}.`);
  await stageImportPart(input.importId, input.part, input.text);
  const texts = await readImportParts(input.importId, input.parts);
  const received = texts.filter((text) => text !== undefined).length;
  if (received < input.parts) return { received, parts: input.parts, created: null };

  const csv = texts.join('');
  if (csv.length > MAX_IMPORT_CHARACTERS) {
    await discardStagedImport(input.importId, input.parts);
    throw importViolation(
      'csv',
      'length',
      `csv: an import file holds at most ${MAX_IMPORT_CHARACTERS} characters (this one has ${csv.length}).`,
    );
  }
  if (!(await claimImportCommit(input.importId))) {
    throw new ConflictError(message('server.conflict.customer_import_claimed'));
  }
  let created: string[];
  try {
    ({ created } = await importCustomers(csv, now));
  } catch (error) {
    // A refused file wrote nothing: drop what was staged, so it can be fixed and sent again.
    if (error instanceof ValidationError) await discardStagedImport(input.importId, input.parts);
    throw error;
  }
  await finishStagedImport(input.importId, staged, created);
  return { received: input.parts, parts: input.parts, created };
}

/** The audit line in the function log names the action and the customer number, never personal data. */
function logAudit(action: string, number: string): void {
  console.info(`customers.${action}: ${number}`);
}

export async function exportCustomer(number: string, accountId: string, now: () => Date): Promise<CustomerExport> {
  const customer = await requireCustomer(number);
  const exportedAt = now().toISOString();
  await recordCustomerAudit({ action: 'export', number, accountId, at: exportedAt });
  logAudit('export', number);
  return { exportedAt, customer };
}

export async function eraseCustomer(number: string, accountId: string, now: () => Date): Promise<Customer> {
  const current = await requireCustomer(number);
  const erasedAt = now().toISOString();
  const erased = anonymisedCustomer(current, current.erasedAt ?? erasedAt);
  await replaceCustomer(erased, current.version);
  await recordCustomerAudit({ action: 'erase', number, accountId, at: erasedAt });
  logAudit('erase', number);
  return erased;
}

/** Customers per archive page (a Custom Entity query returns at most 100). */
export const ARCHIVE_PAGE_SIZE = 100;

/**
 * One page of the archive, newest numbers first. With contacts (the resolver checked the caller may
 * see them), each customer that has any is recorded as exported with contacts by the caller.
 */
export async function archivePage(
  cursor: string | undefined,
  withContacts: boolean,
  accountId: string,
  now: () => Date,
): Promise<CustomerArchivePage> {
  const page = await searchCustomers({ cursor, limit: ARCHIVE_PAGE_SIZE });
  if (!withContacts) return { customers: page.customers.map(withoutContacts), cursor: page.cursor, withContacts };
  const exportedAt = now().toISOString();
  const personal = page.customers.filter((customer) => customer.contacts.length > 0);
  await Promise.all(
    personal.map((customer) =>
      recordCustomerAudit({ action: 'archive-export', number: customer.number, accountId, at: exportedAt }),
    ),
  );
  for (const customer of personal) logAudit('archive-export', customer.number);
  return { customers: page.customers, cursor: page.cursor, withContacts };
}

/** Customers read per page while looking for those due for review. */
const REVIEW_SCAN_PAGE = 100;
/** At most this many are listed at once; confirming them brings the next ones. */
export const REVIEW_LIST_MAX = 200;

/** Customers not confirmed for a quarter, longest first, with how many are due in all. */
export async function customersDueForQuarterlyReview(today: string): Promise<{ customers: Customer[]; total: number }> {
  const all: Customer[] = [];
  let cursor: string | undefined;
  do {
    const page = await searchCustomers({ cursor, limit: REVIEW_SCAN_PAGE });
    all.push(...page.customers);
    cursor = page.cursor ?? undefined;
  } while (cursor);
  const due = customersDueForReview(all, today);
  return { customers: due.slice(0, REVIEW_LIST_MAX), total: due.length };
}

/** "Still right": stamps the review on the version the caller saw (a conflict if someone saved since). */
export async function confirmCustomerReview(
  number: string,
  expectedVersion: number,
  today: string,
  now: () => Date,
): Promise<Customer> {
  const current = await requireCustomer(number);
  if (current.erasedAt)
    throw new ConflictError(message('server.conflict.customer_erased.review', { customer: number, erasedAt: current.erasedAt }));
  const next: Customer = { ...current, version: expectedVersion + 1, updatedAt: now().toISOString(), reviewedOn: today };
  await replaceCustomer(next, expectedVersion);
  return next;
}
