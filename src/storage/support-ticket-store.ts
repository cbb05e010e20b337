import { kvs } from '@forge/kvs';
import { ConflictError } from '../domain/result';
import type { TicketAnswer, TicketCommentKind } from '../domain/support-tickets';
import { storageKeys } from './keys';
import { acquireLease, releaseLease } from './lease';
import { message, type MessageLocale } from '../domain/messages';

/**
 * Which support tickets a requirement came from: the app's own record (Jira's issue link says
 * that they are linked; this says with which customers, in which language the customer is answered,
 * and what they answered). Version 1.
 */

export interface TicketLink {
  issueId: string;
  key: string;
  summary: string;
  /** Whose replies are the customer's answers; null for an issue without a reporter. */
  reporterAccountId: string | null;
  /** The archive customers the ticket stands for (linked to the requirement too). */
  customers: { number: string; name: string | null }[];
  language: MessageLocale;
  /** Whether the ticket is a JSM request (public comments and CSAT) or a plain Jira issue (comments only). */
  serviceRequest: boolean;
  linkedAt: string;
  /** The customer's answer to the follow-up of one closure round, once read. */
  answer?: TicketAnswer & { round: string; readAt: string };
}

export interface RequirementTickets {
  version: 1;
  requirementId: string;
  tickets: TicketLink[];
}

export interface PostedTicketComment {
  commentId: string;
  /** Jira's time of posting: replies to a follow-up question after it are answers. */
  postedAt: string;
}

const LOCK_SECONDS = 30;

export async function getRequirementTickets(requirementId: string): Promise<RequirementTickets> {
  return (
    (await kvs.get<RequirementTickets>(storageKeys.supportTickets(requirementId))) ?? { version: 1, requirementId, tickets: [] }
  );
}

/** Changes a requirement's ticket record under its lock; `change` returning null writes nothing. */
export async function updateRequirementTickets(
  requirementId: string,
  change: (current: RequirementTickets) => RequirementTickets | null,
): Promise<RequirementTickets> {
  const key = storageKeys.supportTicketsLock(requirementId);
  const owner = await acquireLease(key, LOCK_SECONDS);
  if (owner === null) throw new ConflictError(message('server.conflict.ticket_adding_now'));
  try {
    const current = await getRequirementTickets(requirementId);
    const next = change(current);
    if (next === null) return current;
    await kvs.set(storageKeys.supportTickets(requirementId), next);
    return next;
  } finally {
    await releaseLease(key, owner);
  }
}

/** The requirements a ticket feeds, oldest first. */
export async function getTicketRequirements(ticketId: string): Promise<string[]> {
  return (await kvs.get<string[]>(storageKeys.ticketRequirements(ticketId))) ?? [];
}

export async function addTicketRequirement(ticketId: string, requirementId: string): Promise<void> {
  const current = await getTicketRequirements(ticketId);
  if (!current.includes(requirementId)) await kvs.set(storageKeys.ticketRequirements(ticketId), [...current, requirementId]);
}

export async function getPostedTicketComment(
  ticketId: string,
  kind: TicketCommentKind,
  round: string,
): Promise<PostedTicketComment | undefined> {
  return kvs.get<PostedTicketComment>(storageKeys.ticketComment(ticketId, kind, round));
}

export async function savePostedTicketComment(
  ticketId: string,
  kind: TicketCommentKind,
  round: string,
  posted: PostedTicketComment,
): Promise<void> {
  await kvs.set(storageKeys.ticketComment(ticketId, kind, round), posted);
}
