import { randomUUID } from 'node:crypto';
import type { IssueRecord } from '../../sandbox/jira/model';
import { IMPORT_COLUMNS, type Customer } from '../../src/domain/customers';
import { CUSTOMER_ENTITY } from '../../src/storage/customer-store';
import type { CustomerExport, CustomerPage } from '../../src/shared/api';
import { captureConsole } from '../support/log-capture';
import { persistedState } from '../support/resolver-calls';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** The customer archive through the real resolvers on the sandbox: numbering, search, edits, import, export and erasure. */

const env = useTestSandbox();
const invoke = resolverCaller(env);
const onPage = { projectKey: 'REQ' };
const call = <T>(account: Parameters<typeof invoke>[0], resolver: string, payload: unknown) =>
  invoke<T>(account, 'matrix', resolver, payload, onPage);

const customer = (overrides: Record<string, unknown> = {}) => ({
  name: 'Benchmark steelworks',
  industry: 'C',
  type: 'strategic',
  staffBand: '1000-plus',
  revenueBand: '400m-plus',
  region: 'Hebei',
  contacts: [
    {
      name: 'Zhou Min',
      role: 'CIO',
      preferredChannel: 'phone',
      email: 'zhou.min@example.com',
      phone: '+86 311 5555 0101',
      consentGivenOn: '2024-01-05',
    },
  ],
  trade: { firstDealOn: '2020-06-01', dealsLast12Months: 3, totalAmount: 540000, renewed: true, complaints: 0 },
  ...overrides,
});

function data<T>(result: { ok: boolean; data?: T; error?: unknown }): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.data as T;
}

const monthPrefix = () => `CUS${env.site.sandbox.clock.now().toISOString().slice(0, 7).replace('-', '')}`;
const customerCount = () => env.site.sandbox.store.ids(`kvs-entity:${CUSTOMER_ENTITY}`).length;

test('the demo import numbered its three customers in the month, 001 to 003', async () => {
  const page = data(await call<CustomerPage>('manager', 'customers.list', {}));
  expect(page.customers.map((row) => row.number)).toEqual([`${monthPrefix()}003`, `${monthPrefix()}002`, `${monthPrefix()}001`]);
  // The list carries no contact data, only how many contacts there are.
  expect(page.customers.find((row) => row.name === '中型汽车零部件制造商')).toEqual(expect.objectContaining({ contactCount: 1 }));
  expect(JSON.stringify(page)).not.toContain('li.na@example.com');
  expect(page).toEqual(expect.objectContaining({ canWrite: false, canAdminister: false }));
});

test('a created customer gets the next number; it is found by number, name prefix and type', async () => {
  const created = data(await call<Customer>('cs', 'customers.save', { customer: customer() }));
  expect(created).toEqual(
    expect.objectContaining({ number: `${monthPrefix()}004`, version: 1, erasedAt: null, name: 'Benchmark steelworks' }),
  );
  expect(data(await call<Customer>('manager', 'customers.get', { number: created.number }))).toEqual(created);

  const numbersOf = async (payload: object) =>
    data(await call<CustomerPage>('manager', 'customers.list', payload)).customers.map((row) => row.number);
  expect(await numbersOf({ query: created.number.toLowerCase() })).toEqual([created.number]);
  expect(await numbersOf({ query: '  BENCHMARK ' })).toEqual([created.number]);
  expect(await numbersOf({ query: 'bench', type: 'regular' })).toEqual([]);
  expect(await numbersOf({ type: 'strategic' })).toEqual([created.number, `${monthPrefix()}003`]);
  expect(await numbersOf({ query: `${monthPrefix()}00`, type: 'new' })).toEqual([`${monthPrefix()}002`]);
});

test('an edit names the version it started from; a stale one is a conflict and changes nothing', async () => {
  const created = data(await call<Customer>('pm', 'customers.save', { customer: customer({ name: 'Edited later' }) }));
  const edited = data(
    await call<Customer>('techlead', 'customers.save', {
      number: created.number,
      expectedVersion: 1,
      customer: customer({ name: 'Edited later', type: 'churnRisk' }),
    }),
  );
  expect(edited).toEqual(expect.objectContaining({ version: 2, type: 'churnRisk', createdAt: created.createdAt }));
  const before = persistedState(env.site.sandbox.store);
  const stale = await call('pm', 'customers.save', {
    number: created.number,
    expectedVersion: 1,
    customer: customer({ name: 'Edited later', type: 'regular' }),
  });
  expect(stale).toEqual({
    ok: false,
    error: {
      kind: 'conflict',
      message: expect.stringContaining(`Customer ${created.number} was saved by someone else (version 2`),
    },
  });
  expect(persistedState(env.site.sandbox.store)).toBe(before);
});

test('contact details without consent are refused, naming the field and the rule', async () => {
  const count = customerCount();
  const result = await call('pm', 'customers.save', {
    customer: customer({ contacts: [{ name: 'Wu Lei', preferredChannel: 'wechat', consentGivenOn: null }] }),
  });
  expect(result).toEqual({
    ok: false,
    error: expect.objectContaining({
      kind: 'validation',
      violations: [
        expect.objectContaining({ field: 'contacts.0.name', rule: 'consent' }),
        expect.objectContaining({ field: 'contacts.0.preferredChannel', rule: 'consent' }),
      ],
    }),
  });
  expect(customerCount()).toBe(count);
});

test('who may write: browse-only roles and outsiders are refused before anything is read', async () => {
  expect(await call('manager', 'customers.save', { customer: customer() })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'You need the "Create issues" or "Edit issues" permission on project REQ.' },
  });
  expect(await call('guest', 'customers.list', {})).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'You need the "Browse projects" permission on project REQ.' },
  });
  expect(await call('pm', 'customers.export', { number: `${monthPrefix()}001` })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'Only a Jira administrator may do this.' },
  });
  expect(await call('pm', 'customers.erase', { number: `${monthPrefix()}001` })).toEqual({
    ok: false,
    error: { kind: 'forbidden', message: 'Only a Jira administrator may do this.' },
  });
});

describe('CSV import', () => {
  const header = IMPORT_COLUMNS.join(',');
  /** A file small enough for one part. */
  const onePiece = (csv: string) => ({ importId: randomUUID(), part: 0, parts: 1, text: csv });
  test('one bad row means nothing is written, and every problem names its row and column', async () => {
    const before = persistedState(env.site.sandbox.store);
    const csv = [
      header,
      'Good row,F,regular,20-99,3m-20m,Hunan,,,,,,,,,,,',
      'Bad row,X,regular,20-99,3m-20m,Hunan,2099-01-01,,,,,,,,,,',
      'No consent,F,new,under-20,under-3m,Hunan,,,,,,Ma Li,,email,ma.li@example.com,,',
    ].join('\n');
    const result = await call('cs', 'customers.import', onePiece(csv));
    if (result.ok) throw new Error('the import should have been refused');
    const violations = result.error.violations ?? [];
    expect(violations.map((violation) => `${violation.params?.row}:${violation.params?.column}:${violation.rule}`)).toEqual([
      '3:industry:enum',
      '3:firstDealOn:range',
      '4:contactName:consent',
      '4:contactChannel:consent',
      '4:contactEmail:consent',
    ]);
    expect(persistedState(env.site.sandbox.store)).toBe(before);
  });

  test('a file that is not CSV is refused with the line', async () => {
    const result = await call('cs', 'customers.import', onePiece(`${header}\n"unclosed,F`));
    expect(result).toEqual({
      ok: false,
      error: expect.objectContaining({
        kind: 'validation',
        violations: [expect.objectContaining({ rule: 'syntax', field: 'rows.2' })],
      }),
    });
  });

  test('a clean file is numbered in file order, in several transactions; the list pages through all of it', async () => {
    const count = customerCount();
    const rows = Array.from(
      { length: 60 },
      (_, index) => `Imported ${String(index).padStart(2, '0')},L,regular,20-99,3m-20m,Hubei,,,,,,,,,,,`,
    );
    const result = data(await call<{ created: string[] }>('pm', 'customers.import', onePiece([header, ...rows].join('\r\n'))));
    expect(result.created).toHaveLength(60);
    expect(customerCount()).toBe(count + 60);
    const first = data(await call<Customer>('pm', 'customers.get', { number: result.created[0] }));
    const last = data(await call<Customer>('pm', 'customers.get', { number: result.created[59] }));
    expect([first.name, last.name]).toEqual(['Imported 00', 'Imported 59']);
    expect(Number(result.created[59]!.slice(-3)) - Number(result.created[0]!.slice(-3))).toBe(59);

    const firstPage = data(await call<CustomerPage>('manager', 'customers.list', { query: 'imported' }));
    expect(firstPage.customers).toHaveLength(50);
    const secondPage = data(
      await call<CustomerPage>('manager', 'customers.list', { query: 'imported', cursor: firstPage.cursor }),
    );
    expect(secondPage.cursor).toBeNull();
    // Name order: the first page ends where the second begins.
    expect([...firstPage.customers, ...secondPage.customers].map((row) => row.name)).toEqual(
      rows.map((row) => row.split(',')[0]),
    );

    // Issue 18: a name matches by any part of it (Chinese company names start with a city), within a type when asked.
    const inside = data(await call<CustomerPage>('manager', 'customers.list', { query: 'PORTED 5' }));
    expect(inside.customers.map((row) => row.name)).toEqual(rows.slice(50).map((row) => row.split(',')[0]));
    expect(
      data(await call<CustomerPage>('manager', 'customers.list', { query: 'ported 5', type: 'regular' })).customers,
    ).toHaveLength(10);
    expect(data(await call<CustomerPage>('manager', 'customers.list', { query: 'ported 5', type: 'key' })).customers).toEqual([]);
  });
});

test('an admin exports a customer with contacts and erases it; requirements stay; audit entries and logs hold no contact data', async () => {
  const capture = captureConsole();
  try {
    const created = data(await call<Customer>('pm', 'customers.save', { customer: customer({ name: 'To be erased' }) }));
    const requirementsBefore = env.site.sandbox.store.list<IssueRecord>('jira-issues').length;

    const exported = data(await call<CustomerExport>('admin', 'customers.export', { number: created.number }));
    expect(exported.customer.contacts).toEqual([
      expect.objectContaining({ name: 'Zhou Min', email: 'zhou.min@example.com', consentGivenOn: '2024-01-05' }),
    ]);

    const erased = data(await call<Customer>('admin', 'customers.erase', { number: created.number }));
    expect(erased).toEqual(
      expect.objectContaining({
        number: created.number,
        name: `Erased customer ${created.number}`,
        region: '',
        contacts: [],
        version: 2,
        type: 'strategic',
      }),
    );
    expect(data(await call<Customer>('manager', 'customers.get', { number: created.number }))).toEqual(erased);
    expect(await call('pm', 'customers.save', { number: created.number, expectedVersion: 2, customer: customer() })).toEqual({
      ok: false,
      error: expect.objectContaining({ kind: 'conflict' }),
    });
    expect(env.site.sandbox.store.list<IssueRecord>('jira-issues')).toHaveLength(requirementsBefore);

    const audit = env.site.sandbox.store.ids('kvs').filter((key) => key.startsWith(`audit:customer:${created.number}:`));
    expect(audit.map((key) => key.split(':').pop()).sort()).toEqual(['erase', 'export']);
    const stored = JSON.stringify(audit.map((key) => env.site.sandbox.store.get('kvs', key)));
    const entity = JSON.stringify(env.site.sandbox.store.get(`kvs-entity:${CUSTOMER_ENTITY}`, created.number));
    for (const personal of ['Zhou Min', 'zhou.min@example.com', '5555 0101', 'To be erased']) {
      expect(stored).not.toContain(personal);
      expect(entity).not.toContain(personal);
      expect(capture.lines.join('\n')).not.toContain(personal);
    }
    expect(capture.lines).toEqual(
      expect.arrayContaining([`customers.export: ${created.number}`, `customers.erase: ${created.number}`]),
    );
  } finally {
    capture.restore();
  }
});
