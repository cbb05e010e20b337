/**
 * The customer information archive (客户信息档案表) as an export, in the register's conventions
 * (ExportTable, CSV with a BOM, XLSX from the same table). A manager's view has no contact data;
 * the contacts column is there only when the caller may see contact data (the server decides and
 * records it in each customer's audit trail).
 */
import { INDUSTRY_SECTIONS, type Customer } from './customers';
import { CUSTOMER_TYPE_LABELS, type ExportCell, type ExportLanguage, type ExportTable } from './exports';

type Label = { en: string; zh: string };

/** A customer as the archive export carries it: contacts only when the caller may see them. */
export type ArchiveCustomer = Omit<Customer, 'contacts'> & { contacts?: Customer['contacts'] };

interface ArchiveColumn {
  header: Label;
  value(customer: ArchiveCustomer, language: ExportLanguage): ExportCell;
}

const YES_NO: Record<'yes' | 'no', Label> = { yes: { en: 'Yes', zh: '是' }, no: { en: 'No', zh: '否' } };
const ERASED: Label = { en: '(erased)', zh: '（已删除）' };

const industryLabel = (code: string, language: ExportLanguage): string => {
  const section = INDUSTRY_SECTIONS.find((candidate) => candidate.code === code);
  return section ? `${section.code} ${section[language]}` : code;
};

const COLUMNS: readonly ArchiveColumn[] = [
  { header: { en: 'Customer number', zh: '客户编号' }, value: (customer) => customer.number },
  {
    header: { en: 'Name', zh: '客户名称' },
    value: (customer, language) => (customer.erasedAt ? ERASED[language] : customer.name),
  },
  {
    header: { en: 'Industry (GB/T 4754-2017)', zh: '所属行业' },
    value: (customer, language) => industryLabel(customer.industry, language),
  },
  {
    header: { en: 'Customer type', zh: '客户类型' },
    value: (customer, language) => CUSTOMER_TYPE_LABELS[customer.type][language],
  },
  { header: { en: 'Headcount', zh: '人员规模' }, value: (customer) => customer.staffBand },
  { header: { en: 'Yearly revenue (CNY)', zh: '年营业额（元）' }, value: (customer) => customer.revenueBand },
  { header: { en: 'Region', zh: '所在地区' }, value: (customer) => customer.region || null },
  { header: { en: 'First deal on', zh: '首次合作日期' }, value: (customer) => customer.trade.firstDealOn },
  {
    header: { en: 'Deals in the last 12 months', zh: '近 12 个月合作次数' },
    value: (customer) => customer.trade.dealsLast12Months,
  },
  { header: { en: 'Total amount (CNY)', zh: '累计合作金额（元）' }, value: (customer) => customer.trade.totalAmount },
  {
    header: { en: 'Renewed', zh: '是否续约' },
    value: (customer, language) => YES_NO[customer.trade.renewed ? 'yes' : 'no'][language],
  },
  { header: { en: 'Complaints', zh: '投诉次数' }, value: (customer) => customer.trade.complaints },
  { header: { en: 'Created', zh: '建档日期' }, value: (customer) => customer.createdAt.slice(0, 10) },
  { header: { en: 'Last updated', zh: '最近更新日期' }, value: (customer) => customer.updatedAt.slice(0, 10) },
];

/** "Li Na (quality engineer; email; li.na@example.com; consent 2024-01-10)", one per contact. */
const contactsCell = (customer: ArchiveCustomer, language: ExportLanguage): string | null => {
  const contacts = customer.contacts ?? [];
  if (contacts.length === 0) return null;
  const consent = language === 'zh' ? '同意日期' : 'consent';
  return contacts
    .map(
      (contact) =>
        `${contact.name} (${[contact.role, contact.preferredChannel, contact.email, contact.phone, `${consent} ${contact.consentGivenOn}`].filter(Boolean).join('; ')})`,
    )
    .join(' | ');
};

export const ARCHIVE_TITLE: Label = { en: 'Customer information archive', zh: '客户信息档案表' };

export function archiveTable(
  customers: readonly ArchiveCustomer[],
  language: ExportLanguage,
  options: { withContacts: boolean },
): ExportTable {
  const contactsHeader = language === 'zh' ? '联系人' : 'Contacts';
  return {
    title: ARCHIVE_TITLE[language],
    headers: [...COLUMNS.map((column) => column.header[language]), ...(options.withContacts ? [contactsHeader] : [])],
    rows: customers.map((customer) => [
      ...COLUMNS.map((column) => column.value(customer, language)),
      ...(options.withContacts ? [contactsCell(customer, language)] : []),
    ]),
  };
}

/** e.g. `customer-archive-2026-12-03.xlsx`, or `customer-archive-with-contacts-…` when it holds contact data. */
export const archiveFileName = (today: string, extension: 'csv' | 'xlsx', withContacts: boolean): string =>
  `customer-archive${withContacts ? '-with-contacts' : ''}-${today}.${extension}`;

/** What a manager's view leaves out: every contact (names, e-mails, phones are personal data). */
export const withoutContacts = ({ contacts: _contacts, ...customer }: Customer): ArchiveCustomer => customer;
