import {
  applyLinkChange,
  customerValueSuggestion,
  demandCount,
  linkedCustomerOf,
  linksChangedSince,
  MAX_LINKED_CUSTOMERS,
  mergedLinkedCustomers,
  readLinkedCustomers,
  unknownNumbersViolation,
} from '../../../src/domain/customer-links';
import { anonymisedCustomer, type Customer } from '../../../src/domain/customers';
import { DEFAULT_FRAMEWORK_SETTINGS } from '../../../src/domain/framework';

const A = 'CUS202405001';
const B = 'CUS202405002';
const C = 'CUS202406003';

test('the stored list reads as customer numbers in link order, each once; anything else is dropped', () => {
  expect(readLinkedCustomers([B, A, B])).toEqual([B, A]);
  expect(readLinkedCustomers([A, 'not a number', 7, null, 'CUS202405000'])).toEqual([A]);
  expect(readLinkedCustomers(null)).toEqual([]);
  expect(readLinkedCustomers(`${A},${B}`)).toEqual([]);
});

test('the demand count is the number of distinct customers', () => {
  expect(demandCount([])).toBe(0);
  expect(demandCount([A, B, A])).toBe(2);
});

test('a change appends new numbers, keeps a repeated one in place and removes the removed ones', () => {
  expect(applyLinkChange([A, B], { add: [C, A], remove: [] })).toEqual({ ok: true, value: [A, B, C] });
  expect(applyLinkChange([A, B], { add: [], remove: [A, C] })).toEqual({ ok: true, value: [B] });
  expect(applyLinkChange([], { add: [A], remove: [A] })).toEqual({ ok: true, value: [] });
});

test(`at most ${MAX_LINKED_CUSTOMERS} customers; more is a violation of add naming the limit`, () => {
  const many = Array.from(
    { length: MAX_LINKED_CUSTOMERS },
    (_, index) => `CUS2024${String(1 + Math.floor(index / 999)).padStart(2, '0')}${String((index % 999) + 1).padStart(3, '0')}`,
  );
  expect(applyLinkChange([], { add: many, remove: [] }).ok).toBe(true);
  const result = applyLinkChange(many, { add: [C], remove: [] });
  expect(result).toEqual({
    ok: false,
    violations: [
      expect.objectContaining({
        field: 'add',
        rule: 'length',
        params: { max: MAX_LINKED_CUSTOMERS, length: MAX_LINKED_CUSTOMERS + 1 },
      }),
    ],
  });
  expect(result.ok ? '' : result.violations[0]!.message).toBe(
    `add: "Linked customers" holds at most ${MAX_LINKED_CUSTOMERS} customers, as every Jira list field of an app does (this change makes ${MAX_LINKED_CUSTOMERS + 1}).`,
  );
});

test('the cap is the 100 values a Forge list field stores', () => {
  expect(MAX_LINKED_CUSTOMERS).toBe(100);
});

test('the links changed since the editor read them when a customer came or went, not when only the order differs', () => {
  expect(linksChangedSince([A, B], [B, A])).toBe(false);
  expect(linksChangedSince([A], [A, B])).toBe(true);
  expect(linksChangedSince([A, B], [A])).toBe(true);
  expect(linksChangedSince([A, B], [A, C])).toBe(true);
});

test('unknown numbers are one violation naming them all', () => {
  expect(unknownNumbersViolation('add', [])).toEqual([]);
  expect(unknownNumbersViolation('add', [A, C])).toEqual([
    {
      field: 'add',
      rule: 'enum',
      message: `add: there is no customer ${A}, ${C}.`,
      params: { allowed: 'numbers of the customer archive' },
    },
  ]);
});

test('the suggested customer value is the framework value of the most valued linked type, with that type as the reason', () => {
  expect(customerValueSuggestion([], DEFAULT_FRAMEWORK_SETTINGS)).toBeNull();
  expect(customerValueSuggestion(['regular', 'strategic', 'new'], DEFAULT_FRAMEWORK_SETTINGS)).toEqual({
    value: DEFAULT_FRAMEWORK_SETTINGS.customerTypeValue.strategic,
    fromType: 'strategic',
  });
  const settings = {
    ...DEFAULT_FRAMEWORK_SETTINGS,
    customerTypeValue: { ...DEFAULT_FRAMEWORK_SETTINGS.customerTypeValue, churnRisk: 5, strategic: 4 },
  };
  expect(customerValueSuggestion(['strategic', 'churnRisk'], settings)).toEqual({ value: 5, fromType: 'churnRisk' });
});

test('a merge keeps the kept links first and adds the missing ones of the duplicate', () => {
  expect(mergedLinkedCustomers([B], [A, B, C])).toEqual({ ok: true, value: [B, A, C] });
});

test('a linked customer is named as the archive holds it; an erased one keeps number and type but no name', () => {
  const customer: Customer = {
    number: A,
    name: '小型互联网公司',
    industry: 'I',
    type: 'new',
    staffBand: '20-99',
    revenueBand: 'under-3m',
    region: '杭州',
    contacts: [],
    trade: { firstDealOn: null, dealsLast12Months: 0, totalAmount: 0, renewed: false, complaints: 0 },
  } as Omit<Customer, 'version' | 'createdAt' | 'updatedAt' | 'erasedAt'> as Customer;
  const stored: Customer = {
    ...customer,
    version: 1,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    erasedAt: null,
  };
  expect(linkedCustomerOf(A, stored)).toEqual({ number: A, name: '小型互联网公司', type: 'new', erased: false });
  expect(linkedCustomerOf(A, anonymisedCustomer(stored, '2024-06-01T00:00:00.000Z'))).toEqual({
    number: A,
    name: null,
    type: 'new',
    erased: true,
  });
  expect(linkedCustomerOf(B, undefined)).toEqual({ number: B, name: null, type: null, erased: false });
});
