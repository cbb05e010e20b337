import { ARCHIVE_TITLE, archiveFileName, archiveTable, withoutContacts } from '../../../src/domain/customer-archive';
import type { Customer } from '../../../src/domain/customers';

const customer = (overrides: Partial<Customer> = {}): Customer => ({
  number: 'CUS202405001',
  name: '中型汽车零部件制造商',
  industry: 'C',
  type: 'key',
  staffBand: '300-999',
  revenueBand: '100m-400m',
  region: '江苏 苏州',
  contacts: [
    {
      name: '李娜',
      role: '质量工程师',
      preferredChannel: 'email',
      email: 'li.na@example.com',
      phone: null,
      consentGivenOn: '2024-01-10',
    },
  ],
  trade: { firstDealOn: '2021-03-15', dealsLast12Months: 6, totalAmount: 1860000, renewed: true, complaints: 3 },
  version: 2,
  createdAt: '2024-05-02T08:00:00.000Z',
  updatedAt: '2024-06-01T08:00:00.000Z',
  erasedAt: null,
  ...overrides,
});

describe('customer information archive (客户信息档案表)', () => {
  test('the manager’s view: every field but the contacts, Chinese headers and labels, numbers as numbers', () => {
    const table = archiveTable([withoutContacts(customer())], 'zh', { withContacts: false });
    expect(table.title).toBe(ARCHIVE_TITLE.zh);
    expect(table.headers).toEqual([
      '客户编号',
      '客户名称',
      '所属行业',
      '客户类型',
      '人员规模',
      '年营业额（元）',
      '所在地区',
      '首次合作日期',
      '近 12 个月合作次数',
      '累计合作金额（元）',
      '是否续约',
      '投诉次数',
      '建档日期',
      '最近更新日期',
    ]);
    expect(table.rows[0]).toEqual([
      'CUS202405001',
      '中型汽车零部件制造商',
      'C 制造业',
      '重点客户',
      '300-999',
      '100m-400m',
      '江苏 苏州',
      '2021-03-15',
      6,
      1860000,
      '是',
      3,
      '2024-05-02',
      '2024-06-01',
    ]);
    expect(JSON.stringify(table)).not.toContain('li.na');
  });

  test('with contacts: one cell of every contact with its consent day; none is empty; an erased customer has no name', () => {
    const table = archiveTable(
      [
        customer(),
        customer({
          number: 'CUS202405002',
          contacts: [],
          trade: { ...customer().trade, renewed: false },
          region: '',
          erasedAt: '2024-07-01T00:00:00.000Z',
          industry: 'X' as Customer['industry'],
        }),
      ],
      'en',
      { withContacts: true },
    );
    expect(table.headers.at(-1)).toBe('Contacts');
    expect(table.rows[0]!.at(-1)).toBe('李娜 (质量工程师; email; li.na@example.com; consent 2024-01-10)');
    expect(table.rows[1]!.slice(1, 3)).toEqual(['(erased)', 'X']);
    expect(table.rows[1]![6]).toBeNull();
    expect(table.rows[1]![10]).toBe('No');
    expect(table.rows[1]!.at(-1)).toBeNull();
    expect(archiveTable([withoutContacts(customer())], 'en', { withContacts: true }).rows[0]!.at(-1)).toBeNull();
    expect(archiveTable([customer()], 'zh', { withContacts: true }).rows[0]!.at(-1)).toBe(
      '李娜 (质量工程师; email; li.na@example.com; 同意日期 2024-01-10)',
    );
  });

  test('a file with contact data says so in its name', () => {
    expect(archiveFileName('2026-12-03', 'xlsx', false)).toBe('customer-archive-2026-12-03.xlsx');
    expect(archiveFileName('2026-12-03', 'csv', true)).toBe('customer-archive-with-contacts-2026-12-03.csv');
  });
});
