import { z } from 'zod';
import { MAX_LINKED_CUSTOMERS } from '../domain/customer-links';
import { isCustomerNumber } from '../domain/customers';
import { jiraAsApp } from '../jira/client';
import { changeLinkedCustomers, linkedCustomersView } from '../services/customer-links';
import { isGranted, type ResolverDefinition, noPayload } from './guard';

/**
 * The triage panel's Customers section: who may browse the issue sees its linked customers (names
 * come from the archive, which the same people may read); who may edit it links and unlinks them.
 */

const customerNumber = z.string().refine(isCustomerNumber, 'must be a customer number such as CUS202405001');
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
    .refine((payload) => (payload.add?.length ?? 0) + (payload.remove?.length ?? 0) > 0, { message: 'name at least one customer to link or unlink', path: ['add'] }),
  run: ({ payload, target }) => changeLinkedCustomers(target.issueId, { add: payload.add ?? [], remove: payload.remove ?? [], expected: payload.expected }),
};
