import { z } from 'zod';
import {
  addTicketToRequirement,
  createRequirementFromTicket,
  similarForTicket,
  supportTicketView,
} from '../services/support-tickets';
import { noPayload, urlText, type ResolverDefinition } from './guard';

/**
 * The ticket action (jira:issueAction on any issue, a JSM request included). The ticket comes from
 * Forge's context and the caller must browse it; the project or requirement named in the payload is
 * checked in the service with the caller's own permission there (Create issues, Edit issues).
 */

const projectKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,19}$/, 'must be a project key such as REQ');
const issueKey = z.string().regex(/^[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}$/, 'must be an issue key such as REQ-12');
const customerNumbers = z.array(z.string().regex(/^CUS\d{9}$/, 'must be a customer number such as CUS202405001')).max(20);

export const getSupportTicket: ResolverDefinition<'ticket.get', 'issue'> = {
  key: 'ticket.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ caller, target }) => supportTicketView(target.issueId, caller),
};

export const similarForSupportTicket: ResolverDefinition<'ticket.similar', 'issue'> = {
  key: 'ticket.similar',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey }).strict(),
  run: ({ payload, caller, target }) => similarForTicket(target.issueId, payload.projectKey, caller),
};

export const createRequirementFromSupportTicket: ResolverDefinition<'ticket.create', 'issue'> = {
  key: 'ticket.create',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({ projectKey, summary: urlText(255).optional(), customers: customerNumbers, newCustomer: z.unknown().optional() })
    .strict(),
  run: ({ payload, caller, target }) => createRequirementFromTicket(target.issueId, caller, payload),
};

export const addSupportTicketToRequirement: ResolverDefinition<'ticket.add', 'issue'> = {
  key: 'ticket.add',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ requirementKey: issueKey, customers: customerNumbers, newCustomer: z.unknown().optional() }).strict(),
  run: ({ payload, caller, target }) => addTicketToRequirement(target.issueId, caller, payload),
};
