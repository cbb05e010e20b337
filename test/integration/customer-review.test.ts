import type { Customer } from '../../src/domain/customers';
import type { CustomerReviewEntry, CustomerReviewPage } from '../../src/shared/api';
import { resolverCaller, useTestSandbox } from '../support/test-sandbox';

/** The quarterly customer review on the sandbox with the report history (three customers archived four months ago). */

const env = useTestSandbox({ reportHistory: true });
const invoke = resolverCaller(env);
const call = <T>(account: Parameters<typeof invoke>[0], resolver: string, payload: Record<string, unknown>) =>
  invoke<T>(account, 'matrix', resolver, { projectKey: 'REQ', ...payload }, { projectKey: 'REQ' });

async function due(): Promise<CustomerReviewPage> {
  const result = await call<CustomerReviewPage>('cs', 'customers.review.list', {});
  if (!result.ok) throw new Error(result.error.message);
  return result.data;
}

test('lists the customers nobody confirmed for a quarter, longest first, naming the customer-contact duty to remind', async () => {
  const page = await due();
  expect(page.customers.map((customer) => customer.name)).toEqual(['南方电网某供电局', '成都连锁超市', '杭州城商银行']);
  expect(page.total).toBe(3);
  expect(page.customers[0]!.days).toBe(125);
  expect(page.contactDuty).toEqual(['Customer success']);
  expect(page.canWrite).toBe(true);
});

test('"still right" confirms the record as seen; a stale version is a conflict and changes nothing; an edit confirms it too', async () => {
  const [first, second] = (await due()).customers as [CustomerReviewEntry, CustomerReviewEntry];
  const confirmed = await call<CustomerReviewEntry>('cs', 'customers.review.confirm', {
    number: first.number,
    expectedVersion: first.version,
  });
  expect(confirmed).toMatchObject({ ok: true, data: { number: first.number, version: first.version + 1, days: 0 } });
  const stale = await call('cs', 'customers.review.confirm', { number: first.number, expectedVersion: first.version });
  expect(stale).toMatchObject({ ok: false, error: { kind: 'conflict' } });
  const record = await call<Customer>('pm', 'customers.get', { number: second.number });
  if (!record.ok) throw new Error(record.error.message);
  const {
    number: _number,
    version,
    createdAt: _created,
    updatedAt: _updated,
    erasedAt: _erased,
    reviewedOn: _reviewed,
    ...draft
  } = record.data;
  expect(
    (
      await call('pm', 'customers.save', {
        number: second.number,
        expectedVersion: version,
        customer: { ...draft, region: '四川 成都 高新区' },
      })
    ).ok,
  ).toBe(true);
  const left = await due();
  expect(left.customers.map((customer) => customer.name)).toEqual(['杭州城商银行']);
  expect(left.total).toBe(1);
});

test('someone who may only browse the project sees the list but may not confirm', async () => {
  const page = await call<CustomerReviewPage>('manager', 'customers.review.list', {});
  expect(page).toMatchObject({ ok: true, data: { canWrite: false } });
  const entry = (page.ok ? page.data.customers : [])[0]!;
  expect(
    await call('manager', 'customers.review.confirm', { number: entry.number, expectedVersion: entry.version }),
  ).toMatchObject({ ok: false, error: { kind: 'forbidden' } });
});
