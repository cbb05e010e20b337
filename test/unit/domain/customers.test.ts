import {
  anonymisedCustomer,
  CONTACT_CHANNELS,
  INDUSTRY_CODES,
  MAX_CONTACTS,
  MAX_NAME_LENGTH,
  MAX_TEXT_LENGTH,
  REVENUE_BANDS,
  STAFF_BANDS,
  customerNameKey,
  customerNumberPrefix,
  IMPORT_COLUMNS,
  INDUSTRY_SECTIONS,
  isCustomerNumber,
  MAX_IMPORT_ROWS,
  nextCustomerNumbers,
  suggestedCustomerValueFor,
  validateCustomerDraft,
  validateImportTable,
  type Customer,
  type CustomerDraft,
} from '../../../src/domain/customers';
import { DEFAULT_FRAMEWORK_SETTINGS } from '../../../src/domain/framework';
import type { Violation } from '../../../src/domain/result';

const TODAY = '2024-05-20';

function draft(overrides: Partial<CustomerDraft> = {}): CustomerDraft {
  return {
    name: 'Mid-size auto-parts maker',
    industry: 'C',
    type: 'key',
    staffBand: '300-999',
    revenueBand: '100m-400m',
    region: 'Jiangsu',
    contacts: [
      {
        name: 'Li Na',
        role: 'Quality engineer',
        preferredChannel: 'email',
        email: 'li.na@example.com',
        phone: '+86 138 0000 0000',
        consentGivenOn: '2024-05-01',
      },
    ],
    trade: { firstDealOn: '2021-03-15', dealsLast12Months: 4, totalAmount: 1250000.5, renewed: true, complaints: 1 },
    ...overrides,
  };
}

const problems = (violations: Violation[]): string[] => violations.map((violation) => `${violation.field} ${violation.rule}`);
function violationsOf(raw: unknown): string[] {
  const result = validateCustomerDraft(raw, TODAY);
  if (result.ok) throw new Error('expected violations');
  return problems(result.violations);
}

describe('the industry list is the 20 sections A-T of GB/T 4754-2017, each named in Chinese and English', () => {
  test('codes A to T in order', () => {
    expect(INDUSTRY_SECTIONS.map((section) => section.code).join('')).toBe('ABCDEFGHIJKLMNOPQRST');
    expect(INDUSTRY_SECTIONS.find((section) => section.code === 'C')).toEqual({ code: 'C', zh: '制造业', en: 'Manufacturing' });
    expect(INDUSTRY_SECTIONS.every((section) => section.zh.length > 0 && section.en.length > 0)).toBe(true);
  });
});

test('the choices the form offers are exactly what validation accepts', () => {
  expect(INDUSTRY_CODES).toHaveLength(20);
  for (const staffBand of STAFF_BANDS) expect(validateCustomerDraft(draft({ staffBand }), TODAY).ok).toBe(true);
  for (const revenueBand of REVENUE_BANDS) expect(validateCustomerDraft(draft({ revenueBand }), TODAY).ok).toBe(true);
  for (const preferredChannel of CONTACT_CHANNELS)
    expect(validateCustomerDraft(draft({ contacts: [{ ...draft().contacts[0]!, preferredChannel }] }), TODAY).ok).toBe(true);
  expect(
    violationsOf(
      draft({
        name: 'x'.repeat(MAX_NAME_LENGTH + 1),
        region: 'x'.repeat(MAX_TEXT_LENGTH + 1),
        contacts: Array.from({ length: MAX_CONTACTS + 1 }, () => draft().contacts[0]!),
      }),
    ),
  ).toEqual(['contacts length', 'name length', 'region length']);
});

describe('customer numbers: CUS, the month, a three-digit sequence', () => {
  test('the prefix is the UTC month', () => {
    expect(customerNumberPrefix(new Date('2024-05-31T23:59:59Z'))).toBe('CUS202405');
    expect(customerNumberPrefix(new Date('2024-12-01T00:00:00Z'))).toBe('CUS202412');
  });
  test.each([
    ['CUS202405001', true],
    ['CUS202405999', true],
    ['CUS202405000', false],
    ['CUS202413001', false],
    ['CUS20240501', false],
    ['cus202405001', false],
  ])('%s is a customer number: %s', (value, expected) => {
    expect(isCustomerNumber(value)).toBe(expected);
  });
  test('the first number of a month is 001, then they follow the highest', () => {
    expect(nextCustomerNumbers('CUS202405', null, 1)).toEqual({ ok: true, value: ['CUS202405001'] });
    expect(nextCustomerNumbers('CUS202405', 'CUS202405041', 3)).toEqual({
      ok: true,
      value: ['CUS202405042', 'CUS202405043', 'CUS202405044'],
    });
    // The highest number of another month does not count.
    expect(nextCustomerNumbers('CUS202406', 'CUS202405041', 1)).toEqual({ ok: true, value: ['CUS202406001'] });
  });
  test('a month has 999 numbers, and asking past them names the shortage', () => {
    expect(nextCustomerNumbers('CUS202405', 'CUS202405998', 1)).toEqual({ ok: true, value: ['CUS202405999'] });
    const result = nextCustomerNumbers('CUS202405', 'CUS202405998', 2);
    expect(result).toEqual({
      ok: false,
      violations: [
        expect.objectContaining({
          field: 'number',
          rule: 'range',
          message: 'number: the month 202405 has 1 customer numbers left; 2 needed.',
        }),
      ],
    });
  });
});

test('names are compared trimmed, width-folded and in lower case', () => {
  expect(customerNameKey('  ＡＣＭＥ Ltd ')).toBe('acme ltd');
  expect(customerNameKey('上海某公司')).toBe('上海某公司');
});

describe('the suggested customer value is the highest of the customer types', () => {
  test('with the default framework', () => {
    const { strategic, regular } = DEFAULT_FRAMEWORK_SETTINGS.customerTypeValue;
    expect(suggestedCustomerValueFor(['regular', 'strategic'])).toBe(Math.max(strategic, regular));
    expect(suggestedCustomerValueFor([])).toBeNull();
  });
  test('with a project framework', () => {
    const settings = {
      ...DEFAULT_FRAMEWORK_SETTINGS,
      customerTypeValue: { ...DEFAULT_FRAMEWORK_SETTINGS.customerTypeValue, new: 5 },
    };
    expect(suggestedCustomerValueFor(['new'], settings)).toBe(5);
  });
});

describe('a valid customer passes and comes back trimmed', () => {
  test('the source case', () => {
    expect(validateCustomerDraft(draft(), TODAY)).toEqual({ ok: true, value: draft() });
  });
  test('without contacts, a first deal or optional contact details', () => {
    const value = draft({
      contacts: [{ name: ' Wang ', role: '', preferredChannel: 'wechat', email: null, phone: null, consentGivenOn: TODAY }],
      trade: { ...draft().trade, firstDealOn: null },
    });
    const result = validateCustomerDraft(value, TODAY);
    expect(result.ok && result.value.contacts[0]).toEqual({
      name: 'Wang',
      role: '',
      preferredChannel: 'wechat',
      email: null,
      phone: null,
      consentGivenOn: TODAY,
    });
    expect(validateCustomerDraft({ ...draft(), contacts: undefined }, TODAY)).toEqual({
      ok: true,
      value: draft({ contacts: [] }),
    });
  });
});

describe('every bad input gets a violation naming field and rule', () => {
  test.each<[string, unknown, string[]]>([
    [
      'not an object',
      'CUS',
      [
        'customer type',
        'trade required',
        'name required',
        'industry required',
        'type required',
        'staffBand required',
        'revenueBand required',
        'region required',
        'trade.dealsLast12Months integer',
        'trade.totalAmount type',
        'trade.renewed type',
        'trade.complaints integer',
      ],
    ],
    ['a blank name', { ...draft(), name: '   ' }, ['name required']],
    ['a name that is not text', { ...draft(), name: 42 }, ['name type']],
    ['a long name', { ...draft(), name: 'x'.repeat(201) }, ['name length']],
    ['an unknown industry', { ...draft(), industry: 'U' }, ['industry enum']],
    ['a type outside the archive', { ...draft(), type: 'vip' }, ['type enum']],
    ['bands outside the lists', { ...draft(), staffBand: '5', revenueBand: 'lots' }, ['staffBand enum', 'revenueBand enum']],
    ['contacts that are not a list', { ...draft(), contacts: 'Li Na' }, ['contacts type']],
    ['too many contacts', { ...draft(), contacts: Array.from({ length: 21 }, () => draft().contacts[0]) }, ['contacts length']],
    ['a contact that is not an object', { ...draft(), contacts: ['Li Na'] }, ['contacts.0 type']],
    ['a future first deal', { ...draft(), trade: { ...draft().trade, firstDealOn: '2024-05-21' } }, ['trade.firstDealOn range']],
    ['an impossible date', { ...draft(), trade: { ...draft().trade, firstDealOn: '2024-02-30' } }, ['trade.firstDealOn syntax']],
    ['a date that is not text', { ...draft(), trade: { ...draft().trade, firstDealOn: 20240101 } }, ['trade.firstDealOn syntax']],
    [
      'fractional and negative counts',
      { ...draft(), trade: { ...draft().trade, dealsLast12Months: 1.5, complaints: -1 } },
      ['trade.dealsLast12Months integer', 'trade.complaints range'],
    ],
    [
      'an amount with three decimals',
      { ...draft(), trade: { ...draft().trade, totalAmount: 1.005 } },
      ['trade.totalAmount syntax'],
    ],
    ['a negative amount', { ...draft(), trade: { ...draft().trade, totalAmount: -1 } }, ['trade.totalAmount range']],
    ['a renewal that is not yes or no', { ...draft(), trade: { ...draft().trade, renewed: 'yes' } }, ['trade.renewed type']],
    [
      'bad contact details',
      { ...draft(), contacts: [{ name: '', preferredChannel: 'fax', email: 'li.na', phone: 'call me', consentGivenOn: TODAY }] },
      ['contacts.0.name required', 'contacts.0.preferredChannel enum', 'contacts.0.email syntax', 'contacts.0.phone syntax'],
    ],
  ])('%s', (_label, raw, expected) => {
    expect(violationsOf(raw)).toEqual(expected);
  });

  test('messages start with the field', () => {
    const result = validateCustomerDraft({ ...draft(), name: 'x'.repeat(201) }, TODAY);
    expect(result).toEqual({
      ok: false,
      violations: [
        {
          field: 'name',
          rule: 'length',
          message: 'name: must be at most 200 characters (it has 201).',
          params: { max: 200, length: 201 },
        },
      ],
    });
  });
});

describe('contact data is stored only with consent', () => {
  test('without a consent date every detail given is refused, naming the field and the consent rule', () => {
    const result = validateCustomerDraft(
      {
        ...draft(),
        contacts: [{ name: 'Li Na', preferredChannel: 'email', email: 'li.na@example.com', phone: '', consentGivenOn: null }],
      },
      TODAY,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violations).toEqual([
      {
        field: 'contacts.0.name',
        rule: 'consent',
        message:
          "contacts.0.name: is contact data, stored only with the contact's consent; record the date they consented in consentGivenOn first.",
      },
      expect.objectContaining({ field: 'contacts.0.preferredChannel', rule: 'consent' }),
      expect.objectContaining({ field: 'contacts.0.email', rule: 'consent' }),
    ]);
  });
  test('a consent date in the future is no consent yet', () => {
    expect(violationsOf({ ...draft(), contacts: [{ ...draft().contacts[0], consentGivenOn: '2024-06-01' }] })).toEqual([
      'contacts.0.consentGivenOn range',
    ]);
  });
});

test('erasure removes contacts, name and region, keeps the number and the company figures, and counts as a new version', () => {
  const customer: Customer = {
    ...draft(),
    number: 'CUS202405001',
    version: 3,
    createdAt: '2024-05-01T00:00:00.000Z',
    updatedAt: '2024-05-02T00:00:00.000Z',
    erasedAt: null,
  };
  expect(anonymisedCustomer(customer, '2024-05-20T10:00:00.000Z')).toEqual({
    ...customer,
    name: 'Erased customer CUS202405001',
    region: '',
    contacts: [],
    version: 4,
    updatedAt: '2024-05-20T10:00:00.000Z',
    erasedAt: '2024-05-20T10:00:00.000Z',
  });
});

describe('a CSV import checks every row and names row and column', () => {
  const header = [...IMPORT_COLUMNS];
  const row = (cells: Partial<Record<(typeof IMPORT_COLUMNS)[number], string>>): string[] =>
    header.map(
      (column) =>
        ({
          name: 'Small internet company',
          industry: 'i',
          type: 'new',
          staffBand: '20-99',
          revenueBand: 'under-3m',
          region: 'Beijing',
          ...cells,
        })[column] ?? '',
    );

  test('good rows become drafts: codes in any case, loose numbers and yes/no, churn-risk as people write it, one contact per row', () => {
    const result = validateImportTable(
      [
        header,
        row({
          dealsLast12Months: '12',
          totalAmount: '1,200.50',
          renewed: '是',
          complaints: '',
          contactName: 'Zhao',
          contactChannel: 'phone',
          contactPhone: '010-5555 1234',
          contactConsentOn: '2024-01-02',
        }),
        row({ name: 'Second', type: 'churn-risk', renewed: 'no' }),
      ],
      TODAY,
    );
    expect(result).toEqual({
      ok: true,
      value: [
        {
          name: 'Small internet company',
          industry: 'I',
          type: 'new',
          staffBand: '20-99',
          revenueBand: 'under-3m',
          region: 'Beijing',
          contacts: [
            {
              name: 'Zhao',
              role: '',
              preferredChannel: 'phone',
              email: null,
              phone: '010-5555 1234',
              consentGivenOn: '2024-01-02',
            },
          ],
          trade: { firstDealOn: null, dealsLast12Months: 12, totalAmount: 1200.5, renewed: true, complaints: 0 },
        },
        expect.objectContaining({
          name: 'Second',
          type: 'churnRisk',
          contacts: [],
          trade: expect.objectContaining({ renewed: false }),
        }),
      ],
    });
  });

  test('every failing row is reported, by file line and column, and no draft comes back', () => {
    const result = validateImportTable(
      [
        header,
        row({}),
        row({ name: 'Bad one', industry: 'Z', totalAmount: 'a lot', renewed: 'maybe' }),
        row({ name: 'No consent', contactName: 'Qian', contactEmail: 'qian@example.com' }),
        row({ name: ' small internet COMPANY ' }),
      ],
      TODAY,
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.violations.map((violation) => violation.message)).toEqual([
      'Row 3, column industry: must be one of A, B, C, D, E, F, G, H, I, J, K, L, M, N, O, P, Q, R, S, T.',
      'Row 3, column totalAmount: must be a number.',
      'Row 3, column renewed: must be yes or no.',
      "Row 4, column contactName: is contact data, stored only with the contact's consent; record the date they consented in consentGivenOn first.",
      "Row 4, column contactEmail: is contact data, stored only with the contact's consent; record the date they consented in consentGivenOn first.",
      'Row 5, column name: repeats the customer of row 2.',
    ]);
    expect(!result.ok && result.violations[0]).toEqual(
      expect.objectContaining({ field: 'rows.3.industry', rule: 'enum', params: { row: 3, column: 'industry' } }),
    );
  });

  test('a consent date that is not a date is named by its column, with the contact problems it leaves', () => {
    const result = validateImportTable([header, row({ contactConsentOn: 'soon', contactName: 'Sun' })], TODAY);
    expect(!result.ok && result.violations.map((violation) => `${violation.field} ${violation.rule}`)).toEqual([
      'rows.2.contactConsentOn syntax',
      'rows.2.contactChannel required',
    ]);
  });

  test.each<[string, string[][], string[]]>([
    [
      'an unknown and a blank column',
      [[...header, 'fax', ''], row({})],
      [
        'Row 1, column fax: is not a column of the import; use ' + IMPORT_COLUMNS.join(', ') + '.',
        'Row 1, column (blank): is not a column of the import; use ' + IMPORT_COLUMNS.join(', ') + '.',
      ],
    ],
    [
      'a missing required column',
      [header.filter((column) => column !== 'region')],
      [
        'Row 1, column region: is missing from the header row.',
        'Row 2, column name: the file has no customers below its header row.',
      ],
    ],
    [
      'an empty file',
      [],
      [
        ...['name', 'industry', 'type', 'staffBand', 'revenueBand', 'region'].map(
          (column) => `Row 1, column ${column}: is missing from the header row.`,
        ),
        'Row 2, column name: the file has no customers below its header row.',
      ],
    ],
    [
      'too many rows',
      [header, ...Array.from({ length: MAX_IMPORT_ROWS + 1 }, (_, index) => row({ name: `Customer ${index}` }))],
      ['Row 1002, column name: an import holds at most 1000 customers (this file has 1001).'],
    ],
  ])('the file as a whole: %s', (_label, table, expected) => {
    const result = validateImportTable(table, TODAY);
    expect(!result.ok && result.violations.map((violation) => violation.message)).toEqual(expected);
  });

  test('a row shorter than the header reads the missing cells as blank', () => {
    const result = validateImportTable([header, ['Short row', 'C', 'key', '1000-plus', '400m-plus', 'Shanghai']], TODAY);
    expect(result.ok && result.value[0]?.trade).toEqual({
      firstDealOn: null,
      dealsLast12Months: 0,
      totalAmount: 0,
      renewed: false,
      complaints: 0,
    });
  });
});
