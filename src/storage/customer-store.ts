import { Filter, FilterConditions, ForgeKvsAPIError, kvs, Sort, WhereConditions } from '@forge/kvs';
import { customerNameKey, type Customer } from '../domain/customers';
import type { CustomerType } from '../domain/framework';
import { ConflictError } from '../domain/result';
import { storageKeys } from './keys';
import { ValidationError } from '../domain/result';
import { message } from '../domain/messages';

/**
 * The customer archive as Forge Custom Entities (entity `customer`, declared with its indexes in
 * manifest.yml). The key is the customer number; the indexed attributes are copies of record
 * fields, so each lookup the page makes is one index query, whatever the archive's size.
 * Writes are conditional transactions: a new number must be free, an edit must find the version
 * the editor started from.
 */

export const CUSTOMER_ENTITY = 'customer';
/** Forge's limit of operations in one transaction. */
const TRANSACTION_LIMIT = 25;

interface CustomerEntity {
  number: string;
  nameKey: string;
  type: CustomerType;
  version: number;
  record: Customer;
}

const customers = () => kvs.entity<CustomerEntity>(CUSTOMER_ENTITY);

const entityOf = (customer: Customer): CustomerEntity => ({
  number: customer.number,
  nameKey: customerNameKey(customer.name),
  type: customer.type,
  version: customer.version,
  record: customer,
});

/** A condition of the transaction did not hold: the number was taken, or someone saved first. */
const isConditionFailure = (error: unknown): boolean =>
  error instanceof ForgeKvsAPIError && error.code === 'CONDITION_CHECK_FAILED';

export async function getCustomer(number: string): Promise<Customer | undefined> {
  return (await customers().get(number))?.record;
}

export interface CustomerSearch {
  /** A number prefix (CUS…), or any part of a name. */
  query?: string;
  type?: CustomerType;
  cursor?: string;
  limit: number;
}

export interface CustomerSearchPage {
  customers: Customer[];
  cursor: string | null;
}

/**
 * Index pages one name search reads at most before answering with what it found (and the cursor to
 * go on): `contains` is an in-memory filter, so a page can hold few matches or none (Forge
 * documentation, "Custom entities: query", filters).
 */
export const NAME_SEARCH_PAGES = 10;

function searchQuery(search: CustomerSearch) {
  const query = search.query?.trim() ?? '';
  const byType = search.type ? new Filter<CustomerEntity>().and('type', FilterConditions.equalTo(search.type)) : undefined;
  if (/^cus/i.test(query)) {
    const builder = customers().query().index('number').where(WhereConditions.beginsWith(query.toUpperCase()));
    return byType ? builder.filters(byType) : builder;
  }
  if (query) {
    // Chinese company names start with a city (深圳智造科技有限公司), so a name matches anywhere, not only at its start.
    // Read in name order, as the list shows names.
    let byName = new Filter<CustomerEntity>().and('nameKey', FilterConditions.contains(customerNameKey(query)));
    if (search.type) byName = byName.and('type', FilterConditions.equalTo(search.type));
    return customers().query().index('nameKey').filters(byName);
  }
  // Without a query: newest numbers first, within one type when asked.
  const builder = search.type
    ? customers()
        .query()
        .index('by-type', { partition: [search.type] })
    : customers().query().index('number');
  return builder.sort(Sort.DESC);
}

export async function searchCustomers(search: CustomerSearch): Promise<CustomerSearchPage> {
  const query = search.query?.trim() ?? '';
  const byName = query !== '' && !/^cus/i.test(query);
  const found: Customer[] = [];
  let cursor = search.cursor ?? null;
  for (let read = 0; read < (byName ? NAME_SEARCH_PAGES : 1); read += 1) {
    let builder = searchQuery(search).limit(search.limit - found.length);
    if (cursor) builder = builder.cursor(cursor);
    const page = await builder.getMany().catch((error: unknown) => {
      // A cursor the caller made up, not one a page gave: the caller's input, not our failure.
      if (read === 0 && search.cursor && (error as { code?: unknown } | null)?.code === 'INVALID_CURSOR') {
        throw new ValidationError([
          { field: 'cursor', rule: 'syntax', message: 'cursor: not one this list gave; start again from the first page.' },
        ]);
      }
      throw error;
    });
    found.push(...page.results.map((result) => result.value.record));
    cursor = page.nextCursor ?? null;
    if (!cursor || found.length >= search.limit) break;
  }
  return { customers: found, cursor };
}

/** The highest number issued in a month (numbers sort as text, so the last one under the prefix). */
export async function highestNumberWithPrefix(prefix: string): Promise<string | null> {
  const found = await customers()
    .query()
    .index('number')
    .where(WhereConditions.beginsWith(prefix))
    .sort(Sort.DESC)
    .limit(1)
    .getOne();
  return found?.value.number ?? null;
}

export class NumberTakenError extends Error {
  constructor() {
    super('A customer number was taken by another save.');
    this.name = 'NumberTakenError';
  }
}

/**
 * Writes new customers, up to 25 per transaction, each only if its number is still free. A taken
 * number fails its whole transaction (NumberTakenError) and nothing of that transaction is written.
 */
export async function createCustomers(records: Customer[]): Promise<void> {
  for (let start = 0; start < records.length; start += TRANSACTION_LIMIT) {
    let transaction = kvs.transact();
    for (const record of records.slice(start, start + TRANSACTION_LIMIT)) {
      transaction = transaction.set(record.number, entityOf(record), {
        entityName: CUSTOMER_ENTITY,
        conditions: new Filter<CustomerEntity>().and('number', FilterConditions.notExists()),
      });
    }
    try {
      await transaction.execute();
    } catch (error) {
      if (isConditionFailure(error)) throw new NumberTakenError();
      throw error;
    }
  }
}

/** Replaces a customer if it is still at `expectedVersion`; otherwise a conflict naming the version found. */
export async function replaceCustomer(next: Customer, expectedVersion: number): Promise<void> {
  try {
    await kvs
      .transact()
      .set(next.number, entityOf(next), {
        entityName: CUSTOMER_ENTITY,
        conditions: new Filter<CustomerEntity>().and('version', FilterConditions.equalTo(expectedVersion)),
      })
      .execute();
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const current = await getCustomer(next.number);
    throw new ConflictError(
      current
        ? message('server.conflict.customer_saved', {
            customer: next.number,
            version: current.version,
            at: current.updatedAt,
            opened: expectedVersion,
          })
        : message('server.conflict.customer_gone', { customer: next.number }),
    );
  }
}

export type CustomerAuditAction = 'export' | 'erase' | 'archive-export';

/**
 * The audit trail of exports and erasures: who, what, when. It names the customer by number and
 * the person by account id only, so it holds no contact data.
 */
export async function recordCustomerAudit(entry: {
  action: CustomerAuditAction;
  number: string;
  accountId: string;
  at: string;
}): Promise<void> {
  await kvs.set(storageKeys.customerAudit(entry.number, entry.at, entry.action), entry);
}

/** The first 100 audit entries of one customer, oldest first. */
export async function listCustomerAudit(
  number: string,
): Promise<{ action: CustomerAuditAction; number: string; accountId: string; at: string }[]> {
  const page = await kvs
    .query()
    .where('key', WhereConditions.beginsWith(storageKeys.customerAuditPrefix(number)))
    .limit(100)
    .getMany<{ action: CustomerAuditAction; number: string; accountId: string; at: string }>();
  return page.results.map((result) => result.value);
}
