import { adfText } from '../domain/text/adf';
import { validateFollowUp } from '../domain/delivery/closure';
import { ValidationError } from '../domain/result';
import { intakeRecordOf } from '../domain/record';
import {
  attachmentLines,
  followUpFromTicketAnswers,
  matchTicketCustomers,
  MAX_TICKETS_PER_REQUIREMENT,
  newCustomerOffer,
  noticeCustomerOf,
  requirementDraftFromTicket,
  requirementWithTicketDemand,
  SUPPORT_TICKET_CHANNEL,
  ticketAnswer,
  ticketCommentBody,
  ticketCommentMarker,
  ticketFollowUpMessages,
  ticketLanguage,
  ticketNoticeMessages,
  ticketPartyLine,
  ticketWords,
  TICKET_LINK_TYPE,
  type TicketAnswer,
  type TicketCommentKind,
  type TicketFacts,
  type TicketReply,
} from '../domain/support-tickets';
import type { Customer } from '../domain/customers';
import { jiraAsApp, jiraAsUser, JiraError, type IssueBean, type JiraClient } from '../jira/client';
import { attachmentsOf, isRequirementIssue, projectOf, reporterOf, statusOf } from '../jira/issue-fields';
import { writeFor } from '../platform/translate';
import type { SupportTicketView, TicketSimilarRequirement } from '../shared/api';
import { getCustomer, searchCustomers } from '../storage/customer-store';
import { getDeliveryRecord, updateDeliveryRecord } from '../storage/delivery-store';
import { getProjectSetup, getRequirementIssueTypeId, listProjectSetups } from '../storage/setup-store';
import {
  addTicketRequirement,
  getPostedTicketComment,
  getRequirementTickets,
  getTicketRequirements,
  savePostedTicketComment,
  updateRequirementTickets,
  type TicketLink,
} from '../storage/support-ticket-store';
import { resolveAppFieldIds } from './app-fields';
import { changeLinkedCustomers, describeLinkedCustomers, linkedCustomerNumbers } from './customer-links';
import { createCustomer } from './customers';
import { createRequirement } from './requirement-intake';
import { currentProjectIndex } from './duplicates';
import { isGranted, missingPermission, type Caller } from './permissions';

/**
 * Support tickets into requirements and the answer back on the ticket. A ticket is any Jira issue;
 * a Jira Service Management request adds its reporter's organizations, its attachments, public
 * replies and the customer's satisfaction rating. Every read of a ticket or requirement is as the
 * app after the caller's permission was checked; the caller's own permissions decide what they may
 * create or edit.
 */

const SIMILAR_LIMIT = 5;
const APP_ACTOR = { accountId: 'app', displayName: 'Requirement Triage (support tickets)' };

interface ReadTicket {
  facts: TicketFacts;
  serviceRequest: boolean;
  projectKey: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const dayOf = (iso: string | undefined): string => {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(at) ? new Date().toISOString().slice(0, 10) : new Date(at).toISOString().slice(0, 10);
};

/** The ticket as a JSM request when it is one, else as a plain issue (its reporter, description and attachments). */
async function readTicket(jira: JiraClient, issueId: string): Promise<ReadTicket> {
  const issue = await jira.getIssue(issueId, ['summary', 'description', 'created', 'reporter', 'project', 'attachment']);
  const projectKey = projectOf(issue).key;
  let request;
  try {
    request = await jira.getCustomerRequest(issue.id);
  } catch (error) {
    if (!(error instanceof JiraError && error.kind === 'not-found')) throw error;
  }
  if (request) {
    const accountId = request.reporter?.accountId ?? null;
    const [organizations, attachments] = await Promise.all([
      accountId ? jira.getOrganizationsOf(accountId) : Promise.resolve([]),
      jira.getRequestAttachments(issue.id),
    ]);
    const description = request.requestFieldValues?.find((field) => field.fieldId === 'description')?.value;
    return {
      projectKey,
      serviceRequest: true,
      facts: {
        key: issue.key,
        summary: text(issue.fields.summary),
        description: typeof description === 'string' ? description : adfText(description).trim(),
        raisedOn: dayOf(request.createdDate?.iso8601 ?? text(issue.fields.created)),
        reporter: {
          accountId,
          displayName: request.reporter?.displayName ?? '',
          email: request.reporter?.emailAddress ?? null,
          organizations: organizations.map((organization) => organization.name ?? '').filter(Boolean),
        },
        attachments: attachments.map((file) => ({ filename: file.filename ?? '', url: file._links?.content ?? null })),
      },
    };
  }
  const reporter = reporterOf(issue);
  return {
    projectKey,
    serviceRequest: false,
    facts: {
      key: issue.key,
      summary: text(issue.fields.summary),
      description: adfText(issue.fields.description).trim(),
      raisedOn: dayOf(text(issue.fields.created)),
      reporter: {
        ...reporter,
        organizations: [],
      },
      attachments: attachmentsOf(issue),
    },
  };
}

/** Archive customers found by the reporter's organizations and name (contacts' e-mail is matched among them). */
async function candidateCustomers(facts: TicketFacts): Promise<Customer[]> {
  const names = [
    ...new Set([...facts.reporter.organizations, facts.reporter.displayName].map((name) => name.trim()).filter(Boolean)),
  ];
  const pages = await Promise.all(names.map((query) => searchCustomers({ query, limit: 10 })));
  return pages.flatMap((page) => page.customers);
}

/** The requirement projects the caller may raise a requirement in: set up by the app, and Create issues there. */
async function creatableProjects(jira: JiraClient, accountId: string): Promise<{ key: string; id: string }[]> {
  const setups = await listProjectSetups();
  const granted = await Promise.all(
    setups.map(async (setup) =>
      (await isGranted(jira, accountId, 'CREATE_ISSUES', { projectId: setup.projectId }))
        ? [{ key: setup.projectKey, id: setup.projectId }]
        : [],
    ),
  );
  return granted.flat().sort((left, right) => left.key.localeCompare(right.key));
}

/** What the ticket action shows: the ticket's words and people, the customers they are, where a requirement can go, and where the ticket went already. */
export async function supportTicketView(ticketId: string, caller: Caller): Promise<SupportTicketView> {
  const jira = jiraAsApp();
  const ticket = await readTicket(jira, ticketId);
  const [candidates, projects, requirementIds] = await Promise.all([
    candidateCustomers(ticket.facts),
    creatableProjects(jira, caller.accountId),
    getTicketRequirements(ticketId),
  ]);
  const matches = matchTicketCustomers(ticket.facts.reporter, candidates);
  const linked =
    requirementIds.length > 0
      ? (await jira.bulkFetchIssues(requirementIds, ['summary'])).map((issue) => ({
          key: issue.key,
          summary: text(issue.fields.summary),
        }))
      : [];
  return {
    ticket: {
      key: ticket.facts.key,
      summary: ticket.facts.summary,
      words: ticketWords(ticket.facts),
      raisedOn: ticket.facts.raisedOn,
      reporter: ticket.facts.reporter,
      attachments: ticket.facts.attachments,
      serviceRequest: ticket.serviceRequest,
      language: ticketLanguage(`${ticket.facts.summary} ${ticket.facts.description}`),
    },
    matches,
    newCustomer: matches.length === 0 ? newCustomerOffer(ticket.facts.reporter) : null,
    projects: projects.map((project) => project.key),
    linkedRequirements: linked,
  };
}

/** The requirements of a project most like the ticket, best first (its likely duplicates), only those the caller may browse. */
export async function similarForTicket(
  ticketId: string,
  projectKey: string,
  caller: Caller,
): Promise<TicketSimilarRequirement[]> {
  const jira = jiraAsApp();
  const setup = await requireSetUpProject(projectKey);
  if (!(await isGranted(jira, caller.accountId, 'BROWSE_PROJECTS', { projectId: setup.projectId })))
    throw missingPermission('BROWSE_PROJECTS', { projectKey });
  const ticket = await readTicket(jira, ticketId);
  const ids = await resolveAppFieldIds(jira);
  const index = await currentProjectIndex(jira, projectKey, ids);
  const hits = index.query(
    { id: '', fields: { summary: ticket.facts.summary, details: ticketWords(ticket.facts) } },
    { limit: SIMILAR_LIMIT },
  );
  if (hits.length === 0) return [];
  // The index is the app's; reading the hits as the user drops any they may not browse.
  const page = await jiraAsUser().searchPage({
    jql: `id in (${hits.map((hit) => hit.id).join(',')})`,
    fields: ['summary', 'status'],
  });
  const visible = new Map(page.items.map((issue) => [issue.id, issue]));
  return hits.flatMap((hit) => {
    const issue = visible.get(hit.id);
    if (!issue) return [];
    return [
      {
        key: issue.key,
        summary: text(issue.fields.summary),
        status: statusOf(issue).name,
        similarity: Math.round(hit.similarity * 100) / 100,
      },
    ];
  });
}

async function requireSetUpProject(projectKey: string): Promise<{ projectId: string; issueTypeId: string }> {
  const setup = await getProjectSetup(projectKey);
  if (!setup)
    throw new ValidationError([
      {
        field: 'projectKey',
        rule: 'enum',
        message: `projectKey: ${projectKey} is not a requirement project (Requirement Triage is not set up there).`,
      },
    ]);
  return setup;
}

/** The archive numbers to link: each must be in the archive; a new customer (from the offer) is created first, with the archive's own checks (contacts only with consent). */
async function customersToLink(
  numbers: readonly string[],
  newCustomer: unknown,
): Promise<{ number: string; name: string | null }[]> {
  const found = await Promise.all([...new Set(numbers)].map(async (number) => ({ number, customer: await getCustomer(number) })));
  const unknown = found.filter((entry) => entry.customer === undefined).map((entry) => entry.number);
  if (unknown.length > 0)
    throw new ValidationError([
      {
        field: 'customers',
        rule: 'enum',
        message: `customers: ${unknown.join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not in the customer archive.`,
      },
    ]);
  const customers = found.map((entry) => ({ number: entry.number, name: entry.customer!.name }));
  if (newCustomer !== undefined) {
    const created = await createCustomer(newCustomer, () => new Date());
    customers.push({ number: created.number, name: created.name });
  }
  return customers;
}

function ticketLinkOf(ticket: ReadTicket, issueId: string, customers: TicketLink['customers']): TicketLink {
  return {
    issueId,
    key: ticket.facts.key,
    summary: ticket.facts.summary,
    reporterAccountId: ticket.facts.reporter.accountId,
    customers,
    language: ticketLanguage(`${ticket.facts.summary} ${ticket.facts.description}`),
    serviceRequest: ticket.serviceRequest,
    linkedAt: new Date().toISOString(),
  };
}

async function rememberTicket(requirementId: string, link: TicketLink): Promise<void> {
  await updateRequirementTickets(requirementId, (current) => {
    if (current.tickets.some((ticket) => ticket.issueId === link.issueId)) return null;
    if (current.tickets.length >= MAX_TICKETS_PER_REQUIREMENT) {
      throw new ValidationError([
        {
          field: 'requirementKey',
          rule: 'range',
          message: `requirementKey: a requirement follows at most ${MAX_TICKETS_PER_REQUIREMENT} tickets.`,
        },
      ]);
    }
    return { ...current, tickets: [...current.tickets, link] };
  });
  await addTicketRequirement(link.issueId, requirementId);
}

export interface CreateFromTicketRequest {
  projectKey: string;
  summary?: string;
  customers: string[];
  newCustomer?: unknown;
}

/**
 * Creates a Requirement of the ticket in a requirement project the caller may create issues in:
 * channel "support ticket", the customer's words, where it came from and the attachments in the
 * description; links it to the ticket and to the ticket's customers. A ticket is raised into one
 * project once (again: the first requirement is answered). When a step after the create fails, the
 * new requirement is removed again.
 */
export async function createRequirementFromTicket(
  ticketId: string,
  caller: Caller,
  request: CreateFromTicketRequest,
): Promise<{ key: string; view: SupportTicketView }> {
  const jira = jiraAsApp();
  const setup = await requireSetUpProject(request.projectKey);
  if (!(await isGranted(jira, caller.accountId, 'CREATE_ISSUES', { projectId: setup.projectId })))
    throw missingPermission('CREATE_ISSUES', { projectKey: request.projectKey });
  const ticket = await readTicket(jira, ticketId);
  const earlier = await getTicketRequirements(ticketId);
  if (earlier.length > 0) {
    const already = (await jira.bulkFetchIssues(earlier, ['project'])).find(
      (issue) => projectOf(issue).key === request.projectKey,
    );
    // A repeated create (a second click, a retried call) makes nothing twice: the answer is the requirement made first.
    if (already) return { key: already.key, view: await supportTicketView(ticketId, caller) };
  }
  const customers = await customersToLink(request.customers, request.newCustomer);
  const ids = await resolveAppFieldIds(jira);
  const draft = requirementDraftFromTicket(ticket.facts, request.summary);
  const record = intakeRecordOf({
    summary: draft.summary,
    originalWords: ticketWords(ticket.facts),
    customer: customers.map((customer) => customer.name ?? customer.number).join(', ') || null,
    channel: SUPPORT_TICKET_CHANNEL,
    date: ticket.facts.raisedOn,
    submitter: ticketPartyLine(ticket.facts.reporter),
    nature: null,
    kind: null,
  });
  // The same create as every other channel; the ticket's link and follow-up record are its own step, undone with the create.
  const created = await createRequirement(
    { create: jira, app: jira },
    request.projectKey,
    setup,
    ids,
    record,
    { line: `Raised from support ticket ${ticket.facts.key} (Requirement Triage).`, notes: attachmentLines(ticket.facts) },
    {
      customerNumbers: customers.map((customer) => customer.number),
      afterCreate: async ({ id }) => {
        await jira.linkIssues({ typeName: TICKET_LINK_TYPE, inwardIssueId: ticketId, outwardIssueId: id });
        await rememberTicket(id, ticketLinkOf(ticket, ticketId, customers));
      },
    },
  );
  return { key: created.key, view: await supportTicketView(ticketId, caller) };
}

export interface AddTicketRequest {
  requirementKey: string;
  customers: string[];
  newCustomer?: unknown;
}

/**
 * Adds the ticket as demand to an existing Requirement the caller may edit: its words appended to
 * the customer's words, the duplicate count one up, the ticket linked, and its customers linked (a
 * customer already linked is counted once). Adding the same ticket again changes nothing.
 */
export async function addTicketToRequirement(
  ticketId: string,
  caller: Caller,
  request: AddTicketRequest,
): Promise<{ key: string; view: SupportTicketView }> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  let requirement: IssueBean;
  try {
    requirement = await jira.getIssue(request.requirementKey, ['project', 'issuetype', ids.customerWords, ids.duplicateCount]);
  } catch (error) {
    // The same answer for "no such issue" and "not yours", so hidden keys do not leak.
    if (error instanceof JiraError && error.kind === 'not-found')
      throw missingPermission('EDIT_ISSUES', { issueKey: request.requirementKey });
    throw error;
  }
  if (!(await isGranted(jira, caller.accountId, 'EDIT_ISSUES', { issueId: requirement.id })))
    throw missingPermission('EDIT_ISSUES', { issueKey: request.requirementKey });
  if (!isRequirementIssue(requirement, await getRequirementIssueTypeId())) {
    throw new ValidationError([
      { field: 'requirementKey', rule: 'type', message: `requirementKey: ${requirement.key} is not a Requirement.` },
    ]);
  }
  if ((await getRequirementTickets(requirement.id)).tickets.some((ticket) => ticket.issueId === ticketId))
    return { key: requirement.key, view: await supportTicketView(ticketId, caller) };
  const ticket = await readTicket(jira, ticketId);
  const customers = await customersToLink(request.customers, request.newCustomer);
  const current = await linkedCustomerNumbers(requirement.id);
  const described = await describeLinkedCustomers(customers.map((customer) => customer.number));
  const next = requirementWithTicketDemand(
    {
      customerWords:
        typeof requirement.fields[ids.customerWords] === 'string' ? (requirement.fields[ids.customerWords] as string) : null,
      duplicateCount:
        typeof requirement.fields[ids.duplicateCount] === 'number' ? (requirement.fields[ids.duplicateCount] as number) : null,
    },
    ticket.facts,
    customers[0] ? (described.get(customers[0].number)?.name ?? customers[0].number) : null,
  );
  await jira.linkIssues({ typeName: TICKET_LINK_TYPE, inwardIssueId: ticketId, outwardIssueId: requirement.id });
  const added = customers.map((customer) => customer.number).filter((number) => !current.includes(number));
  if (added.length > 0) await changeLinkedCustomers(requirement.id, { add: added, remove: [], expected: current });
  await jira.editIssue(requirement.id, { [ids.customerWords]: next.customerWords });
  await jira.setAppFieldValues([{ fieldId: ids.duplicateCount, issueIds: [Number(requirement.id)], value: next.duplicateCount }]);
  await rememberTicket(requirement.id, ticketLinkOf(ticket, ticketId, customers));
  return { key: requirement.key, view: await supportTicketView(ticketId, caller) };
}

// ---- back on the ticket ---------------------------------------------------------------------------

/** The closure round a notice or question belongs to: the completion it follows (a Won't-have is told without one). */
const roundOf = (completedAt: string | null): string => (completedAt === null ? 'told' : String(Date.parse(completedAt)));

async function ticketReplies(jira: JiraClient, ticket: TicketLink): Promise<(TicketReply & { id: string })[]> {
  if (ticket.serviceRequest) {
    return (await jira.getRequestComments(ticket.issueId)).map((comment) => ({
      id: comment.id ?? '',
      authorAccountId: comment.author?.accountId ?? null,
      body: comment.body ?? '',
      created:
        comment.created?.epochMillis !== undefined
          ? new Date(comment.created.epochMillis).toISOString()
          : (comment.created?.iso8601 ?? ''),
      public: comment.public === true,
    }));
  }
  return (await jira.listRecentComments(ticket.issueId)).map((comment) => {
    const raw = comment as { id: string; body: unknown; created?: string; author?: { accountId?: string } };
    return {
      id: raw.id,
      authorAccountId: raw.author?.accountId ?? null,
      body: adfText(raw.body),
      created: raw.created ?? '',
      public: true,
    };
  });
}

/**
 * Posts one comment on a ticket once: as a public JSM reply on a service request (the customer sees
 * it on the portal and by e-mail), as a comment on a plain issue. Posted already (recorded, or found
 * by its marker when the record was lost): nothing is posted.
 */
async function postOnce(
  jira: JiraClient,
  ticket: TicketLink,
  kind: TicketCommentKind,
  round: string,
  requirementKey: string,
  text: string,
): Promise<boolean> {
  if (await getPostedTicketComment(ticket.issueId, kind, round)) return false;
  const marker = ticketCommentMarker(kind, requirementKey, round);
  const existing = (await ticketReplies(jira, ticket)).find((reply) => reply.body.includes(marker));
  if (existing) {
    await savePostedTicketComment(ticket.issueId, kind, round, { commentId: existing.id, postedAt: existing.created });
    return false;
  }
  const body = ticketCommentBody(text, marker);
  const posted = ticket.serviceRequest
    ? await jira.addRequestComment(ticket.issueId, body, true)
    : await jira.addComment(ticket.issueId, {
        type: 'doc',
        version: 1,
        content: body.split('\n\n').map((line) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] })),
      });
  await savePostedTicketComment(ticket.issueId, kind, round, {
    commentId: posted.id ?? '',
    postedAt: (await jira.getServerTime()).toISOString(),
  });
  return true;
}

/** The requirement's tickets that are still there (a deleted ticket is skipped). */
async function followedTickets(requirementId: string): Promise<TicketLink[]> {
  return (await getRequirementTickets(requirementId)).tickets;
}

const skipGone = async <T>(work: () => Promise<T>): Promise<T | null> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'not-found') return null;
    throw error;
  }
};

/** After the notice is recorded: it is posted on every linked ticket in its customer's language. Returns the tickets it was posted on now. */
export async function postNoticeOnTickets(jira: JiraClient, requirementId: string): Promise<string[]> {
  const tickets = await followedTickets(requirementId);
  if (tickets.length === 0) return [];
  const { closure } = await getDeliveryRecord(requirementId);
  if (!closure.notice) return [];
  const notice = closure.notice;
  const requirement = await jira.getIssue(requirementId, ['summary']);
  const posted: string[] = [];
  for (const ticket of tickets) {
    const text = await writeFor(ticket.language, ticketNoticeMessages(notice, ticket.summary));
    if (await skipGone(() => postOnce(jira, ticket, 'notice', roundOf(closure.completedAt), requirement.key, text)))
      posted.push(ticket.key);
  }
  return posted;
}

/** When the follow-up is due: the satisfaction question on every linked ticket, once per round. */
export async function askFollowUpOnTickets(jira: JiraClient, requirementId: string): Promise<string[]> {
  const tickets = await followedTickets(requirementId);
  const { closure } = await getDeliveryRecord(requirementId);
  if (tickets.length === 0 || !closure.notice || closure.followUp) return [];
  const requirement = await jira.getIssue(requirementId, ['summary']);
  const asked: string[] = [];
  for (const ticket of tickets) {
    const text = await writeFor(ticket.language, ticketFollowUpMessages());
    if (await skipGone(() => postOnce(jira, ticket, 'follow-up', roundOf(closure.completedAt), requirement.key, text)))
      asked.push(ticket.key);
  }
  return asked;
}

/**
 * Reads the customers' answers on the tickets (a reply to the question, else JSM's satisfaction
 * rating), keeps them with the ticket, and records the follow-up once every customer told has
 * answered, unless a person recorded it first. Returns whether it recorded the follow-up.
 */
export async function collectTicketAnswers(jira: JiraClient, requirementId: string): Promise<boolean> {
  const tickets = await followedTickets(requirementId);
  const { closure } = await getDeliveryRecord(requirementId);
  if (tickets.length === 0 || !closure.notice || closure.followUp) return false;
  const round = roundOf(closure.completedAt);
  const read = new Map<string, TicketAnswer>();
  for (const ticket of tickets) {
    const asked = await getPostedTicketComment(ticket.issueId, 'follow-up', round);
    const answer = await skipGone(async () =>
      ticketAnswer({
        reporterAccountId: ticket.reporterAccountId,
        askedAt: asked?.postedAt ?? null,
        replies: asked ? await ticketReplies(jira, ticket) : [],
        feedback: ticket.serviceRequest
          ? await jira
              .getRequestFeedback(ticket.issueId)
              .then((feedback) =>
                feedback?.rating === undefined ? null : { rating: feedback.rating, comment: feedback.comment?.body ?? null },
              )
          : null,
      }),
    );
    if (answer) read.set(ticket.issueId, answer);
  }
  if (read.size === 0) return false;
  const readAt = (await jira.getServerTime()).toISOString();
  await updateRequirementTickets(requirementId, (current) => ({
    ...current,
    tickets: current.tickets.map((ticket) => {
      const answer = read.get(ticket.issueId);
      return answer ? { ...ticket, answer: { ...answer, round, readAt } } : ticket;
    }),
  }));
  const notice = closure.notice;
  const byCustomer = new Map<string, TicketAnswer>();
  for (const ticket of tickets) {
    const answer = read.get(ticket.issueId);
    const customer = noticeCustomerOf(notice, ticket.customers);
    if (answer && customer && !byCustomer.has(customer)) byCustomer.set(customer, answer);
  }
  const followUp = followUpFromTicketAnswers(notice, closure.followUp, byCustomer, readAt);
  if (!followUp) return false;
  const now = new Date(readAt);
  let recorded = false;
  await updateDeliveryRecord(requirementId, (current) => {
    // A person may have recorded it since; theirs stays.
    if (current.closure.followUp || !current.closure.notice) return null;
    const checked = validateFollowUp(followUp, current.closure.notice, { now });
    if (!checked.ok) return null;
    recorded = true;
    return { ...current, closure: { ...current.closure, followUp: { ...checked.value, recordedBy: APP_ACTOR } } };
  });
  return recorded;
}

/** The hourly run's work on a done requirement with tickets: post a notice that failed to post, ask when the follow-up is due, read answers. */
export async function followTickets(jira: JiraClient, requirementId: string, followUpDue: boolean): Promise<void> {
  if ((await followedTickets(requirementId)).length === 0) return;
  await postNoticeOnTickets(jira, requirementId);
  // Answers count from when the follow-up is due (7-14 days after the notice by default), as a person's follow-up would.
  if (!followUpDue) return;
  await askFollowUpOnTickets(jira, requirementId);
  await collectTicketAnswers(jira, requirementId);
}
