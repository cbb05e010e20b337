/**
 * The customer form's state: text as typed, turned into the record the domain checks. Kept apart
 * from the components so the conversions are plain functions.
 */
import type { Customer, CustomerContact, CustomerDraft } from '../../../src/domain/customers';
import type { Violation } from '../../../src/domain/result';
import type { I18n, MessageKey } from '../../shared/i18n';

export interface ContactForm {
  name: string;
  role: string;
  preferredChannel: string;
  email: string;
  phone: string;
  consentGivenOn: string;
}

export interface CustomerForm {
  name: string;
  industry: string;
  type: string;
  staffBand: string;
  revenueBand: string;
  region: string;
  firstDealOn: string;
  dealsLast12Months: string;
  totalAmount: string;
  renewed: string;
  complaints: string;
  contacts: ContactForm[];
}

/** No channel is chosen for the person: a default would be contact data they never gave (and needs consent). */
export const EMPTY_CONTACT: ContactForm = { name: '', role: '', preferredChannel: '', email: '', phone: '', consentGivenOn: '' };

export const EMPTY_FORM: CustomerForm = {
  name: '',
  industry: '',
  type: 'new',
  staffBand: '',
  revenueBand: '',
  region: '',
  firstDealOn: '',
  dealsLast12Months: '0',
  totalAmount: '0',
  renewed: 'no',
  complaints: '0',
  contacts: [],
};

const contactForm = (contact: CustomerContact): ContactForm => ({
  name: contact.name,
  role: contact.role,
  preferredChannel: contact.preferredChannel,
  email: contact.email ?? '',
  phone: contact.phone ?? '',
  consentGivenOn: contact.consentGivenOn,
});

export function formOf(customer: Customer): CustomerForm {
  return {
    name: customer.name,
    industry: customer.industry,
    type: customer.type,
    staffBand: customer.staffBand,
    revenueBand: customer.revenueBand,
    region: customer.region,
    firstDealOn: customer.trade.firstDealOn ?? '',
    dealsLast12Months: String(customer.trade.dealsLast12Months),
    totalAmount: String(customer.trade.totalAmount),
    renewed: customer.trade.renewed ? 'yes' : 'no',
    complaints: String(customer.trade.complaints),
    contacts: customer.contacts.map(contactForm),
  };
}

/** A number as typed; anything else goes through as text so the domain names the problem. */
const numberOf = (text: string): unknown => (/^\s*-?\d+(\.\d+)?\s*$/.test(text) ? Number(text) : text);
const optional = (text: string): string | null => (text.trim() === '' ? null : text);

/** What the server receives: the same shape `validateCustomerDraft` checks. */
export function draftOf(form: CustomerForm): Record<keyof CustomerDraft, unknown> {
  return {
    name: form.name,
    industry: form.industry,
    type: form.type,
    staffBand: form.staffBand,
    revenueBand: form.revenueBand,
    region: form.region,
    contacts: form.contacts.map((contact) => ({
      name: optional(contact.name),
      role: optional(contact.role),
      preferredChannel: optional(contact.preferredChannel),
      email: optional(contact.email),
      phone: optional(contact.phone),
      consentGivenOn: optional(contact.consentGivenOn),
    })),
    trade: {
      firstDealOn: optional(form.firstDealOn),
      dealsLast12Months: numberOf(form.dealsLast12Months),
      totalAmount: numberOf(form.totalAmount),
      renewed: form.renewed === 'yes',
      complaints: numberOf(form.complaints),
    },
  };
}

/** The form label of a violation's field (`contacts.0.email`, `trade.totalAmount`, or an import column). */
const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'customers.field.name',
  industry: 'customers.field.industry',
  type: 'customers.field.type',
  staffBand: 'customers.field.staffBand',
  revenueBand: 'customers.field.revenueBand',
  region: 'customers.field.region',
  firstDealOn: 'customers.field.firstDealOn',
  dealsLast12Months: 'customers.field.dealsLast12Months',
  totalAmount: 'customers.field.totalAmount',
  renewed: 'customers.field.renewed',
  complaints: 'customers.field.complaints',
  contactName: 'customers.field.contactName',
  contactRole: 'customers.field.contactRole',
  contactChannel: 'customers.field.contactChannel',
  contactEmail: 'customers.field.contactEmail',
  contactPhone: 'customers.field.contactPhone',
  contactConsentOn: 'customers.field.contactConsentOn',
};
const CONTACT_COLUMNS: Record<string, string> = {
  name: 'contactName',
  role: 'contactRole',
  preferredChannel: 'contactChannel',
  email: 'contactEmail',
  phone: 'contactPhone',
  consentGivenOn: 'contactConsentOn',
};

/** `contacts.0.email` → `contactEmail`, `trade.totalAmount` → `totalAmount`: one label per column. */
export function columnOf(field: string): string {
  const contact = /^contacts\.\d+\.(\w+)$/.exec(field);
  if (contact) return CONTACT_COLUMNS[contact[1] as string] ?? field;
  return field.replace(/^trade\./, '');
}

export function fieldLabel(i18n: I18n, field: string): string {
  const key = FIELD_LABELS[columnOf(field)];
  return key ? i18n.t(key) : field;
}

const RULE_MESSAGES: Record<string, MessageKey> = {
  required: 'customers.rule.required',
  type: 'customers.rule.type',
  integer: 'customers.rule.integer',
  range: 'customers.rule.range',
  length: 'customers.rule.length',
  enum: 'customers.rule.enum',
  syntax: 'customers.rule.syntax',
  consent: 'customers.rule.consent',
  unique: 'customers.rule.unique',
};

/**
 * A violation in the user's language, as a sentence that starts with the field: "Name is required.".
 * English readers get the server's own predicate, which is more precise ("must be at most 200
 * characters"), except where it lists codes instead of the choices the form shows.
 */
export function describeViolation(i18n: I18n, violation: Violation, field = violation.field): string {
  if (i18n.language === 'en' && violation.rule !== 'consent' && violation.rule !== 'enum') {
    const detail = violation.message.replace(/^(Row \d+, column \w+|[\w.]+): /, '');
    return `${fieldLabel(i18n, field)} ${detail}`;
  }
  return i18n.t(RULE_MESSAGES[violation.rule] ?? 'customers.rule.other', { field: fieldLabel(i18n, field) });
}

/** Fields the archive refuses to save empty; marked before anyone tries. */
export const REQUIRED_FIELDS: ReadonlySet<string> = new Set([
  'name',
  'industry',
  'type',
  'staffBand',
  'revenueBand',
  'region',
  'dealsLast12Months',
  'totalAmount',
  'renewed',
  'complaints',
]);
/** A contact's required details (once they consented, which is required first). */
export const REQUIRED_CONTACT_FIELDS: ReadonlySet<string> = new Set(['consentGivenOn', 'name', 'preferredChannel']);
