import { z } from 'zod';
import { MAX_LINKED_CUSTOMERS } from '../domain/customer-links';
import { isCustomerNumber, type Customer } from '../domain/customers';
import { CUSTOMER_TYPES } from '../domain/framework';
import { jiraAsApp } from '../jira/client';
import { confirmedOn, daysSinceConfirmed } from '../domain/customer-review';
import type { CustomerReviewEntry, CustomerSummary } from '../shared/api';
import { changeLinkedCustomers, linkedCustomersView } from '../services/customer-links';
import { siteClock } from '../services/site-clock';
import { lastReviewReminderView } from '../services/customer-review-reminders';
import { getDeliverySettings } from '../storage/delivery-store';
import { jsonByteLength, UPLOAD_PART_MAX_BYTES } from '../domain/upload-parts';
import {
  archivePage,
  confirmCustomerReview,
  createCustomer,
  customersDueForQuarterlyReview,
  eraseCustomer,
  exportCustomer,
  importCustomerPart,
  MAX_IMPORT_CHARACTERS,
  requireCustomer,
  updateCustomer,
} from '../services/customers';
import { searchCustomers } from '../storage/customer-store';
import { AccessDeniedError, isGranted, isJiraAdmin, noPayload, type ProjectPermission, type ResolverDefinition } from './guard';
import { projectKey } from './requirements';
import { message } from '../domain/messages';

/**
 * The customer archive of the Customers project page. Anyone who may browse the project reads it;
 * creating or editing issues there lets one create and edit customers; only Jira administrators
 * export or erase one (a subject-access or erasure request).
 */

const WRITE: readonly ProjectPermission[] = ['CREATE_ISSUES', 'EDIT_ISSUES'];
const PAGE_SIZE = 50;
/** A million characters of control characters (6 bytes each as JSON) in parts of 200,000 bytes. */
const MAX_IMPORT_PARTS = Math.ceil((MAX_IMPORT_CHARACTERS * 6) / UPLOAD_PART_MAX_BYTES);

const customerNumber = z.string().refine(isCustomerNumber, 'must be a customer number such as CUS202405001');
const now = (): Date => new Date();

const summaryOf = (customer: Customer): CustomerSummary => ({
  number: customer.number,
  name: customer.name,
  industry: customer.industry,
  type: customer.type,
  staffBand: customer.staffBand,
  revenueBand: customer.revenueBand,
  region: customer.region,
  contactCount: customer.contacts.length,
  version: customer.version,
  erasedAt: customer.erasedAt,
});

export const listCustomers: ResolverDefinition<'customers.list', 'project'> = {
  key: 'customers.list',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      query: z.string().max(200).optional(),
      type: z.enum(CUSTOMER_TYPES).optional(),
      cursor: z.string().max(2000).nullable().optional(),
    })
    .strict(),
  async run({ payload, caller, target }) {
    const jira = jiraAsApp();
    const [page, canWrite, canAdminister] = await Promise.all([
      searchCustomers({ query: payload.query, type: payload.type, cursor: payload.cursor ?? undefined, limit: PAGE_SIZE }),
      isGranted(jira, caller.accountId, WRITE, { projectId: target.projectId }),
      isJiraAdmin(jira, caller.accountId),
    ]);
    return { customers: page.customers.map(summaryOf), cursor: page.cursor, canWrite, canAdminister };
  },
};

export const getCustomerRecord: ResolverDefinition<'customers.get', 'project'> = {
  key: 'customers.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional(), number: customerNumber }).strict(),
  run: ({ payload }) => requireCustomer(payload.number),
};

export const saveCustomer: ResolverDefinition<'customers.save', 'project'> = {
  key: 'customers.save',
  access: { scope: 'project', permission: WRITE },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      number: customerNumber.optional(),
      expectedVersion: z.number().int().min(1).optional(),
      customer: z.unknown(),
    })
    .strict()
    .refine((payload) => (payload.number === undefined) === (payload.expectedVersion === undefined), {
      message: 'an edit names both number and expectedVersion; a new customer neither',
      path: ['expectedVersion'],
    }),
  run: ({ payload }) =>
    payload.number === undefined || payload.expectedVersion === undefined
      ? createCustomer(payload.customer, now)
      : updateCustomer(payload.number, payload.expectedVersion, payload.customer, now),
};

/**
 * One part of an import file; the last part imports the whole file (see importCustomerPart). A part
 * is at most UPLOAD_PART_MAX_BYTES as JSON, so every invoke stays far below Forge's 500 KB.
 */
export const importCustomerFile: ResolverDefinition<'customers.import', 'project'> = {
  key: 'customers.import',
  access: { scope: 'project', permission: WRITE },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      importId: z.string().uuid(),
      part: z.number().int().min(0),
      parts: z.number().int().min(1).max(MAX_IMPORT_PARTS),
      text: z
        .string()
        .refine(
          (text) => jsonByteLength(text) <= UPLOAD_PART_MAX_BYTES,
          `must be at most ${UPLOAD_PART_MAX_BYTES} bytes as JSON; send the file in more parts`,
        ),
    })
    .strict()
    .refine((payload) => payload.part < payload.parts, { message: 'must be less than parts', path: ['part'] }),
  run: ({ payload, caller }) => importCustomerPart(payload, caller.accountId, now),
};

export const exportCustomerRecord: ResolverDefinition<'customers.export', 'global'> = {
  key: 'customers.export',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: z.object({ number: customerNumber }).strict(),
  run: ({ payload, caller }) => exportCustomer(payload.number, caller.accountId, now),
};

export const archiveCustomers: ResolverDefinition<'customers.archive', 'project'> = {
  key: 'customers.archive',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      cursor: z.string().max(2000).nullable().optional(),
      withContacts: z.boolean().optional(),
    })
    .strict(),
  async run({ payload, caller }) {
    const withContacts = payload.withContacts === true;
    // Contact data is personal data: only those who may export a customer's whole record (Jira admins) get it, audited.
    if (withContacts && !(await isJiraAdmin(jiraAsApp(), caller.accountId)))
      throw new AccessDeniedError(message('server.refusal.contact_export'));
    return archivePage(payload.cursor ?? undefined, withContacts, caller.accountId, now);
  },
};

const reviewEntryOf = (customer: Customer, today: string): CustomerReviewEntry => ({
  ...summaryOf(customer),
  confirmedOn: confirmedOn(customer),
  days: daysSinceConfirmed(customer, today),
});

export const listCustomerReview: ResolverDefinition<'customers.review.list', 'project'> = {
  key: 'customers.review.list',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional() }).strict(),
  async run({ caller, target }) {
    const jira = jiraAsApp();
    const [{ today }, canWrite, settings, lastReminder] = await Promise.all([
      siteClock(jira),
      isGranted(jira, caller.accountId, WRITE, { projectId: target.projectId }),
      getDeliverySettings(target.projectKey),
      lastReviewReminderView(jira, target.projectKey),
    ]);
    const due = await customersDueForQuarterlyReview(today);
    return {
      customers: due.customers.map((customer) => reviewEntryOf(customer, today)),
      total: due.total,
      canWrite,
      contactDuty: settings.duties.customerContact.map((holder) => holder.name),
      lastReminder,
    };
  },
};

export const confirmCustomerReviewResolver: ResolverDefinition<'customers.review.confirm', 'project'> = {
  key: 'customers.review.confirm',
  access: { scope: 'project', permission: WRITE },
  payload: z
    .object({ projectKey: projectKey.optional(), number: customerNumber, expectedVersion: z.number().int().min(1) })
    .strict(),
  async run({ payload }) {
    const { today } = await siteClock(jiraAsApp());
    return reviewEntryOf(await confirmCustomerReview(payload.number, payload.expectedVersion, today, now), today);
  },
};

export const eraseCustomerRecord: ResolverDefinition<'customers.erase', 'global'> = {
  key: 'customers.erase',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: z.object({ number: customerNumber }).strict(),
  run: ({ payload, caller }) => eraseCustomer(payload.number, caller.accountId, now),
};

/**
 * The triage panel's Customers section: who may browse the issue sees its linked customers (names
 * come from the archive, which the same people may read); who may edit it links and unlinks them.
 */

const numbers = z.array(customerNumber).max(MAX_LINKED_CUSTOMERS);

export const getLinkedCustomers: ResolverDefinition<'customers.linked', 'issue'> = {
  key: 'customers.linked',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  async run({ caller, target }) {
    const issueId = target.issueId;
    const canEdit = await isGranted(jiraAsApp(), caller.accountId, 'EDIT_ISSUES', { issueId });
    return linkedCustomersView(issueId, canEdit);
  },
};

export const linkCustomers: ResolverDefinition<'customers.link', 'issue'> = {
  key: 'customers.link',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  payload: z
    .object({ add: numbers.optional(), remove: numbers.optional(), expected: numbers })
    .strict()
    .refine((payload) => (payload.add?.length ?? 0) + (payload.remove?.length ?? 0) > 0, {
      message: 'name at least one customer to link or unlink',
      path: ['add'],
    }),
  run: ({ payload, target }) =>
    changeLinkedCustomers(target.issueId, { add: payload.add ?? [], remove: payload.remove ?? [], expected: payload.expected }),
};
