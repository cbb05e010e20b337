import { fitText } from './checks';
import { customerNameKey, type Customer } from './customers';
import { type CustomerNotice, type FollowUp } from './delivery/closure';
import { MAX_NOTE_LENGTH } from './delivery/input-checks';
import { APP_STRING_MAX_LENGTH } from './fields';
import { message, type Message, type MessageLocale } from './messages';
import { withDemand } from './sheet-import';

/**
 * Requirements raised from support tickets (Jira Service Management requests, or any Jira issue):
 * what the requirement records of the ticket, which archive customers the ticket's reporter and
 * organizations are, and what the app says back on the ticket and reads from the customer's answer.
 */

export const SUPPORT_TICKET_CHANNEL = 'support-ticket';
/** The issue link between a ticket and its requirement: Jira's own "relates to", both ways the same. */
export const TICKET_LINK_TYPE = 'Relates';
/** The most tickets one requirement follows (each is read and commented on when the customer is told). */
export const MAX_TICKETS_PER_REQUIREMENT = 50;

/** A ticket as the app reads it: the request's own words, who raised it and what they attached. */
export interface TicketFacts {
  key: string;
  summary: string;
  /** The request's description as plain text (the customer's original words). */
  description: string;
  /** The day the ticket was raised (yyyy-mm-dd). */
  raisedOn: string;
  reporter: TicketParty;
  attachments: { filename: string; url: string | null }[];
}

/** The person who raised a ticket and the JSM organizations they belong to. */
export interface TicketParty {
  accountId: string | null;
  displayName: string;
  email: string | null;
  organizations: string[];
}

// CJK ideographs (with extension A and compatibility ideographs) and CJK punctuation.
const CHINESE = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/**
 * The language the customer wrote the ticket in, which is the language the app answers them in: JSM
 * tells an app no customer locale, so a request with Chinese in it is answered in Chinese.
 */
export function ticketLanguage(text: string): MessageLocale {
  return CHINESE.test(text) ? 'zh-CN' : 'en-US';
}

/** The customer's words a requirement keeps of a ticket: the description, or the summary when it has none. */
export const ticketWords = (ticket: Pick<TicketFacts, 'summary' | 'description'>): string =>
  ticket.description.trim() || ticket.summary.trim();

/** Who raised the ticket, as one line: "李娜 <li.na@example.com> (中型汽车零部件制造商)". */
export function ticketPartyLine(party: TicketParty): string {
  const organizations = party.organizations.length > 0 ? ` (${party.organizations.join(', ')})` : '';
  return `${party.displayName}${party.email ? ` <${party.email}>` : ''}${organizations}`;
}

export interface TicketRequirementDraft {
  summary: string;
  /** The words field's value (it holds 255 characters; the description keeps the rest). */
  customerWords: string;
  /** The description's paragraphs: where it came from, the whole words when cut, the attachments. */
  descriptionLines: string[];
}

/** A new Requirement made of a ticket: its summary, the customer's words, and the ticket's attachments referenced. */
export function requirementDraftFromTicket(ticket: TicketFacts, summary?: string): TicketRequirementDraft {
  const words = ticketWords(ticket);
  const fitted = fitText(words, APP_STRING_MAX_LENGTH);
  const chosen = summary?.trim() || ticket.summary.trim();
  return {
    summary: fitText(chosen, APP_STRING_MAX_LENGTH).text,
    customerWords: fitted.text,
    descriptionLines: [
      `Raised from support ticket ${ticket.key} on ${ticket.raisedOn} by ${ticketPartyLine(ticket.reporter)}.`,
      ...(fitted.leftOut > 0 ? [`Customer's words: ${words}`] : []),
      ...attachmentLines(ticket),
    ],
  };
}

/** The attachments, each named with its address on the ticket (the requirement references them; it does not copy them). */
export function attachmentLines(ticket: Pick<TicketFacts, 'key' | 'attachments'>): string[] {
  if (ticket.attachments.length === 0) return [];
  return [
    `Attachments on ${ticket.key}: ${ticket.attachments.map((file) => (file.url ? `${file.filename} (${file.url})` : file.filename)).join(', ')}.`,
  ];
}

/**
 * An existing requirement after a ticket is added to it as demand: the ticket's words appended to the
 * customer's words (as a spreadsheet row's are) and one more on the duplicate count.
 */
export function requirementWithTicketDemand(
  current: { customerWords: string | null; duplicateCount: number | null },
  ticket: TicketFacts,
  customer: string | null,
) {
  return withDemand(current, [
    {
      summary: ticket.summary,
      originalWords: ticketWords(ticket),
      customer: customer ?? ticket.reporter.organizations[0] ?? ticket.reporter.displayName,
      channel: SUPPORT_TICKET_CHANNEL,
      date: ticket.raisedOn,
      submitter: ticket.reporter.displayName,
      nature: null,
      kind: null,
    },
  ]);
}

// ---- the customer archive ---------------------------------------------------------------------

export type CustomerMatchReason = 'contact-email' | 'organization' | 'name';

export interface TicketCustomerMatch {
  number: string;
  name: string;
  reason: CustomerMatchReason;
}

const REASON_ORDER: CustomerMatchReason[] = ['contact-email', 'organization', 'name'];

/**
 * The archive's customers a ticket's reporter is: a contact with the reporter's e-mail address, a
 * customer named as one of their organizations, or named as the reporter (a person as customer).
 * Erased customers are never matched: their details are gone. Best reason first, each customer once.
 */
export function matchTicketCustomers(party: TicketParty, candidates: readonly Customer[]): TicketCustomerMatch[] {
  const email = party.email?.trim().toLowerCase() || null;
  const organizations = new Set(party.organizations.map(customerNameKey));
  const person = customerNameKey(party.displayName);
  const matches = new Map<string, TicketCustomerMatch>();
  for (const customer of candidates) {
    if (customer.erasedAt !== null) continue;
    const nameKey = customerNameKey(customer.name);
    const reasons: CustomerMatchReason[] = [];
    if (email && customer.contacts.some((contact) => contact.email?.trim().toLowerCase() === email))
      reasons.push('contact-email');
    if (organizations.has(nameKey)) reasons.push('organization');
    if (nameKey === person) reasons.push('name');
    const best = reasons[0];
    if (!best) continue;
    const known = matches.get(customer.number);
    if (!known || REASON_ORDER.indexOf(best) < REASON_ORDER.indexOf(known.reason))
      matches.set(customer.number, { number: customer.number, name: customer.name, reason: best });
  }
  return [...matches.values()].sort(
    (left, right) =>
      REASON_ORDER.indexOf(left.reason) - REASON_ORDER.indexOf(right.reason) || left.number.localeCompare(right.number),
  );
}

/** What the archive is offered when no customer matches: the organization (else the person) as the name, and the reporter as a contact, kept only with their consent. */
export function newCustomerOffer(party: TicketParty): { name: string; contact: { name: string; email: string | null } } {
  return { name: party.organizations[0] ?? party.displayName, contact: { name: party.displayName, email: party.email } };
}

// ---- telling the customer on the ticket -------------------------------------------------------

export type TicketCommentKind = 'notice' | 'follow-up';

/**
 * The line that ends every comment the app posts on a ticket: it names the requirement, what the
 * comment is and the closure round, so a repeated trigger sees the comment is there and posts nothing.
 */
export const ticketCommentMarker = (kind: TicketCommentKind, requirementKey: string, round: string): string =>
  `[Requirement Triage · ${requirementKey} · ${kind} ${round}]`;

/** What the notice says on the ticket: the request is resolved and how. */
export const ticketNoticeMessages = (notice: Pick<CustomerNotice, 'summary'>, ticketSummary: string): Message[] => [
  message('server.ticket.notice', { summary: ticketSummary, solution: notice.summary }),
];

/** The follow-up's question on the ticket: satisfaction from 1 to 5, answered by a reply. */
export const ticketFollowUpMessages = (): Message[] => [message('server.ticket.follow_up')];

/** A comment's text followed by its marker, as posted. */
export const ticketCommentBody = (text: string, marker: string): string => `${text}\n\n${marker}`;

// ---- the customer's answer --------------------------------------------------------------------

const DIGITS: Record<string, number> = {
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '１': 1,
  '２': 2,
  '３': 3,
  '４': 4,
  '５': 5,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
};

/**
 * The satisfaction a reply gives: one rating from 1 to 5, as a digit standing alone ("4", "4/5",
 * "打 4 分", full-width "４") or a Chinese numeral with 分 or 星 ("五星"). Several different ratings, or
 * none, give nothing: a reply the app cannot read for sure is left for a person.
 */
export function satisfactionInReply(text: string): number | null {
  const found = new Set<number>();
  for (const match of text.matchAll(/(?<![0-9０-９.])([1-5１-５])(?![0-9０-９.]|\s*[%％])/g)) found.add(DIGITS[match[1]!]!);
  for (const match of text.matchAll(/([一二两三四五])\s*[分星]/g)) found.add(DIGITS[match[1]!]!);
  return found.size === 1 ? [...found][0]! : null;
}

export interface TicketReply {
  authorAccountId: string | null;
  body: string;
  /** ISO time. */
  created: string;
  public: boolean;
}

export interface TicketAnswer {
  satisfaction: number;
  comment: string;
  source: 'reply' | 'csat';
}

/**
 * The customer's answer on one ticket: the newest public reply by the reporter after the app asked
 * that gives one rating, else JSM's own satisfaction rating of the request. The app's own comments
 * and agents' comments are not answers.
 */
export function ticketAnswer(input: {
  reporterAccountId: string | null;
  askedAt: string | null;
  replies: readonly TicketReply[];
  feedback: { rating: number; comment: string | null } | null;
}): TicketAnswer | null {
  const { reporterAccountId, askedAt } = input;
  if (askedAt !== null && reporterAccountId !== null) {
    const replies = input.replies
      .filter(
        (reply) => reply.public && reply.authorAccountId === reporterAccountId && Date.parse(reply.created) > Date.parse(askedAt),
      )
      .sort((left, right) => Date.parse(right.created) - Date.parse(left.created));
    for (const reply of replies) {
      const satisfaction = satisfactionInReply(reply.body);
      if (satisfaction !== null)
        return { satisfaction, comment: fitText(reply.body.trim(), MAX_NOTE_LENGTH).text, source: 'reply' };
    }
  }
  const rating = input.feedback?.rating;
  if (typeof rating === 'number' && Number.isInteger(rating) && rating >= 1 && rating <= 5) {
    return {
      satisfaction: rating,
      comment: fitText(input.feedback?.comment?.trim() ?? '', MAX_NOTE_LENGTH).text,
      source: 'csat',
    };
  }
  return null;
}

/** The customer told, as the notice names them (by number or by name), that a ticket's customers are; null when the notice names none of them. */
export function noticeCustomerOf(
  notice: Pick<CustomerNotice, 'customers'>,
  ticketCustomers: readonly { number: string; name: string | null }[],
): string | null {
  for (const customer of ticketCustomers) {
    const named = notice.customers.find(
      (told) => told === customer.number || (customer.name !== null && customerNameKey(told) === customerNameKey(customer.name)),
    );
    if (named) return named;
  }
  return null;
}

/**
 * The follow-up the tickets' answers make, once every customer told has answered on a ticket (the
 * follow-up records one answer per customer told); null while someone is missing or when a person
 * recorded the follow-up already, which a ticket never overwrites.
 */
export function followUpFromTicketAnswers(
  notice: CustomerNotice,
  recorded: FollowUp | null,
  answers: ReadonlyMap<string, TicketAnswer>,
  at: string,
): Pick<FollowUp, 'at' | 'answers'> | null {
  if (recorded !== null) return null;
  if (!notice.customers.every((customer) => answers.has(customer))) return null;
  return {
    at,
    answers: notice.customers.map((customer) => ({
      customer,
      satisfaction: answers.get(customer)!.satisfaction,
      comment: answers.get(customer)!.comment,
    })),
  };
}
