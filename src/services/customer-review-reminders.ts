import { reviewQuarterOf, reviewReminderDecision } from '../domain/customer-review';
import type { Customer } from '../domain/customers';
import { message, messageLocaleOf, type Message, type MessageLocale } from '../domain/messages';
import { currentAppEnvironment } from '../jira/app-identity';
import { JiraError, type JiraClient, type ProjectBean } from '../jira/client';
import { writeEach, writeFor } from '../platform/translate';
import {
  getLastReviewReminder,
  reminderMarker,
  saveLastReviewReminder,
  type ReminderClaim,
  type ReminderId,
  type ReviewReminderContent,
} from '../storage/reminder-store';
import { getRequirementIssueTypeId, type ProjectSetupRecord } from '../storage/setup-store';
import { getDeliverySettings } from '../storage/delivery-store';
import type { LastReviewReminderView } from '../shared/api';
import { dutyHolderAccounts } from './delivery-access';

/**
 * The quarterly customer review's reminder to a project's customer-contact duty (每季度复核客户标签准确性).
 *
 * Once a quarter, when any customer is due, the hourly run opens an issue in the project ("Quarterly
 * customer review 2026 Q4") assigned to a duty holder, mentioning all of them and listing the due
 * customers by number with a link to the review, and Jira emails the holders about it
 * (`POST /issue/{key}/notify`). When the list at least doubles within the quarter (see
 * reviewReminderDecision) a comment on that issue mentions them again, with another email. The
 * project lead stands in when the duty has no holders.
 *
 * Both go through the run's reminder claims: the issue carries the quarter's label, so a stopped run
 * that created it is finished without a second issue; a comment carries the reminder's marker. The
 * email is sent only by the run that created the issue or posted the comment, so it goes at most once
 * (a run stopped just before it leaves the issue and its mentions, which Jira notifies on its own).
 */

/** The due customers listed in the issue by number; the review page lists all of them. */
export const REVIEW_ISSUE_LISTED = 50;
/** A quarter's claim outlives the quarter. */
export const REVIEW_CLAIM_DAYS = 120;

export const reviewIssueLabel = (quarter: string): string => `rt-customer-review-${quarter}`;

/** The customers due for review as one run sees them (the archive is the site's, shared by every project). */
export interface DueCustomers {
  numbers: string[];
  total: number;
}

export const dueCustomersOf = (due: { customers: readonly Pick<Customer, 'number'>[]; total: number }): DueCustomers => ({
  numbers: due.customers.map((customer) => customer.number),
  total: due.total,
});

/** What the run needs from its context. */
export interface ReviewReminderContext {
  jira: JiraClient;
  today: string;
  /** The site's address (serverInfo.baseUrl); without it the texts carry no link. */
  baseUrl: string | null;
}

/** A reminder the run is to claim and send once. */
export interface PlannedReviewReminder {
  id: ReminderId;
  /** The project's key for the quarter's issue, the issue's key for a comment on it. */
  issueKey: string;
  content: () => Promise<{ comment: object; review: ReviewReminderContent }>;
}

const accountOf = (value: unknown): string | null => {
  const accountId = typeof value === 'object' && value !== null ? (value as { accountId?: unknown }).accountId : undefined;
  return typeof accountId === 'string' ? accountId : null;
};

/** The people to remind: the duty's holders, else the project lead. */
async function recipientsOf(jira: JiraClient, project: ProjectBean): Promise<string[]> {
  const holders = await dutyHolderAccounts(jira, project.key, 'customerContact');
  if (holders.length > 0) return holders;
  const lead = accountOf(project.lead);
  return lead ? [lead] : [];
}

/**
 * The language to write in: the project's language for the app's comments when it names one; when
 * it says both, the recipients' own if they all share one the app writes (Jira's user `locale`),
 * else null: both, Chinese first.
 */
async function languageOf(jira: JiraClient, projectKey: string, accountIds: readonly string[]): Promise<MessageLocale | null> {
  const { jiraTextLanguage } = await getDeliverySettings(projectKey);
  if (jiraTextLanguage !== 'both') return jiraTextLanguage;
  const locales = await Promise.all(
    accountIds.map(async (accountId) => messageLocaleOf((await jira.getUser(accountId)).locale ?? null)),
  );
  const first = locales[0] ?? null;
  return first !== null && locales.every((locale) => locale === first) ? first : null;
}

const inLanguages = async (language: MessageLocale | null, messages: readonly Message[]): Promise<string[]> =>
  language ? [await writeFor(language, messages)] : writeEach(messages);

/**
 * The `{projectType}` of a project page's URL. The page names the placeholder without listing its
 * values; Jira's own addresses use these segments for its project types (software when unknown).
 */
const URL_PROJECT_TYPE: Record<string, string> = { software: 'software', business: 'core', service_desk: 'servicedesk' };

/** Where the review is: the Customers subpage of the project page (`/jira/{projectType}/projects/{key}/apps/{appId}/{envId}` + the route). */
export function reviewUrl(baseUrl: string | null, project: Pick<ProjectBean, 'key' | 'projectTypeKey'>): string | null {
  if (!baseUrl) return null;
  const { appId, environmentId } = currentAppEnvironment();
  const projectType = URL_PROJECT_TYPE[project.projectTypeKey ?? 'software'] ?? 'software';
  return `${baseUrl}/jira/${projectType}/projects/${encodeURIComponent(project.key)}/apps/${appId}/${environmentId}/customers`;
}

/** A type for a plain work item: never the Requirement type (its workflow, fields and scoring are for customer needs), nor a sub-task or an epic. */
async function plainIssueType(project: ProjectBean): Promise<string | null> {
  const requirementTypeId = await getRequirementIssueTypeId();
  const candidates = (project.issueTypes ?? []).filter(
    (type) => type.id !== requirementTypeId && type.subtask !== true && (type.hierarchyLevel ?? 0) === 0,
  );
  return (candidates.find((type) => type.name === 'Task') ?? candidates[0])?.id ?? null;
}

const mention = (accountId: string) => ({ type: 'mention', attrs: { id: accountId } });
const textNode = (value: string, href?: string) => ({
  type: 'text',
  text: value,
  ...(href ? { marks: [{ type: 'link', attrs: { href } }] } : {}),
});
const paragraph = (...content: object[]) => ({ type: 'paragraph', content });
/** Mentions that open the first paragraph, so each holder of the duty is notified. */
const mentionsOf = (accountIds: readonly string[]) => accountIds.flatMap((accountId) => [mention(accountId), textNode(' ')]);

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);

/** The email: the same sentences, and the link. */
function emailOf(
  subject: string,
  sentences: string[],
  link: { text: string[]; url: string | null },
): ReviewReminderContent['email'] {
  const url = link.url;
  return {
    subject,
    textBody: [...sentences, ...(url ? [url] : [])].join('\n\n'),
    htmlBody: [
      ...sentences.map((sentence) => `<p>${escapeHtml(sentence)}</p>`),
      ...(url ? [`<p><a href="${escapeHtml(url)}">${escapeHtml(link.text.join(' / '))}</a></p>`] : []),
    ].join(''),
  };
}

/**
 * The reminder a project is due now, if any: the quarter's issue, or a comment on it when the list
 * grew a lot. Null when nothing is due, the quarter was reminded, or nobody can be reminded.
 */
export async function planReviewReminder(
  context: ReviewReminderContext,
  setup: ProjectSetupRecord,
  due: DueCustomers,
): Promise<PlannedReviewReminder | null> {
  const quarter = reviewQuarterOf(context.today);
  const last = await getLastReviewReminder(setup.projectKey);
  const decision = reviewReminderDecision({ dueCount: due.total, quarter: quarter.id, last: last ?? null });
  if (decision.action === 'none') return null;
  const { jira } = context;
  const project = await jira.getProject(setup.projectKey);
  const recipients = await recipientsOf(jira, project);
  if (recipients.length === 0) {
    console.warn(`customer review reminder: ${setup.projectKey} has no customer-contact holder and no lead to remind`);
    return null;
  }
  const summaryMessage = message('server.customer_review.summary', { year: quarter.year, quarter: quarter.quarter });

  if (decision.action === 'grown' && last) {
    const id: ReminderId = {
      kind: 'customer-review-grown',
      issueId: last.issueId,
      period: `${quarter.id}:after-${decision.since}`,
    };
    return {
      id,
      issueKey: last.issueKey,
      content: async () => {
        const language = await languageOf(jira, setup.projectKey, recipients);
        const url = reviewUrl(context.baseUrl, project);
        const [sentences, linkText, subject] = await Promise.all([
          inLanguages(language, [message('server.customer_review.grown', { since: decision.since, count: due.total })]),
          inLanguages(language, [message('server.customer_review.link')]),
          writeFor(language, [summaryMessage]),
        ]);
        const paragraphs = sentences.map((sentence, index) =>
          paragraph(
            ...(index === 0 ? mentionsOf(recipients) : []),
            textNode(sentence),
            ...(url ? [textNode(' '), textNode(linkText[index]!, url)] : []),
            ...(index === sentences.length - 1 ? [textNode(` ${reminderMarker(id)}`)] : []),
          ),
        );
        return {
          comment: { type: 'doc', version: 1, content: paragraphs },
          review: {
            projectKey: setup.projectKey,
            quarter: quarter.id,
            dueCount: due.total,
            recipients,
            email: emailOf(`${last.issueKey} ${subject}`, sentences, { text: linkText, url }),
          },
        };
      },
    };
  }

  const issueTypeId = await plainIssueType(project);
  if (!issueTypeId) {
    console.warn(`customer review reminder: ${setup.projectKey} has no issue type other than Requirement to open the review in`);
    return null;
  }
  const id: ReminderId = { kind: 'customer-review', issueId: setup.projectId, period: quarter.id };
  return {
    id,
    issueKey: setup.projectKey,
    content: async () => {
      const language = await languageOf(jira, setup.projectKey, recipients);
      const url = reviewUrl(context.baseUrl, project);
      const listed = due.numbers.slice(0, REVIEW_ISSUE_LISTED);
      const more = due.total - listed.length;
      const [intro, moreText, linkText, summary] = await Promise.all([
        inLanguages(language, [
          message(due.total === 1 ? 'server.customer_review.intro.one' : 'server.customer_review.intro.other', {
            count: due.total,
          }),
        ]),
        more > 0
          ? inLanguages(language, [message('server.customer_review.more', { count: more })])
          : Promise.resolve([] as string[]),
        inLanguages(language, [message('server.customer_review.link')]),
        writeFor(language, [summaryMessage]),
      ]);
      const description = {
        type: 'doc',
        version: 1,
        content: [
          ...intro.map((sentence, index) => paragraph(...(index === 0 ? mentionsOf(recipients) : []), textNode(sentence))),
          { type: 'bulletList', content: listed.map((number) => ({ type: 'listItem', content: [paragraph(textNode(number))] })) },
          ...moreText.map((sentence) => paragraph(textNode(sentence))),
          ...(url ? [paragraph(textNode(linkText.join(' / '), url))] : []),
        ],
      };
      return {
        comment: description,
        review: {
          projectKey: setup.projectKey,
          quarter: quarter.id,
          dueCount: due.total,
          recipients,
          newIssue: {
            projectId: setup.projectId,
            issueTypeId,
            summary,
            label: reviewIssueLabel(quarter.id),
            assigneeId: recipients[0] ?? null,
          },
          email: emailOf(summary, [...intro, listed.join(', '), ...moreText], { text: linkText, url }),
        },
      };
    },
  };
}

/** The quarter's issue if a run already opened it (found by its label). */
async function findQuarterIssue(
  jira: JiraClient,
  review: ReviewReminderContent,
  label: string,
): Promise<{ id: string; key: string } | null> {
  const page = await jira.searchPage({
    jql: `project = "${review.projectKey}" AND labels = "${label}" ORDER BY created ASC`,
    fields: ['summary'],
    maxResults: 1,
  });
  const found = page.items[0];
  return found ? { id: found.id, key: found.key } : null;
}

/** Opens the quarter's issue; a duty holder Jira will not assign (no Assignable user permission) leaves it unassigned, the mentions still name them. */
async function openQuarterIssue(
  jira: JiraClient,
  newIssue: NonNullable<ReviewReminderContent['newIssue']>,
  description: object,
): Promise<{ id: string; key: string }> {
  const fields = {
    project: { id: newIssue.projectId },
    issuetype: { id: newIssue.issueTypeId },
    summary: newIssue.summary,
    description,
    labels: [newIssue.label],
  };
  if (!newIssue.assigneeId) return jira.createIssue(fields);
  try {
    return await jira.createIssue({ ...fields, assignee: { accountId: newIssue.assigneeId } });
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'bad-request' && 'assignee' in error.fieldErrors)
      return jira.createIssue(fields);
    throw error;
  }
}

/**
 * Finishes a claimed review reminder: opens the quarter's issue (unless a stopped run did) or posts
 * the comment (unless it is there), emails the recipients when this run did either, and records it
 * for the review page. The caller then marks the claim sent.
 */
export async function finishReviewReminder(
  jira: JiraClient,
  claim: ReminderClaim & { review: ReviewReminderContent },
  mayAlreadyBeDone: boolean,
  now: Date,
): Promise<void> {
  const { review } = claim;
  let issue: { id: string; key: string };
  let sentNow: boolean;
  if (review.newIssue) {
    const existing = mayAlreadyBeDone ? await findQuarterIssue(jira, review, review.newIssue.label) : null;
    issue = existing ?? (await openQuarterIssue(jira, review.newIssue, claim.comment));
    sentNow = existing === null;
  } else {
    issue = { id: claim.issueId, key: claim.issueKey };
    const marker = reminderMarker(claim);
    const posted =
      mayAlreadyBeDone &&
      (await jira.listRecentComments(issue.id)).some((comment) => JSON.stringify(comment.body).includes(marker));
    if (!posted) await jira.addComment(issue.id, claim.comment);
    sentNow = !posted;
  }
  if (sentNow) {
    try {
      await jira.notifyUsers(issue.id, { ...review.email, accountIds: review.recipients });
    } catch (error) {
      // The issue or comment is there and mentions them; an email Jira refused (mail off, 403) is not worth a second issue.
      console.warn(
        `customer review reminder: Jira did not email the reminder on ${issue.key} (${error instanceof Error ? error.message : 'unknown'})`,
      );
    }
  }
  await saveLastReviewReminder(review.projectKey, {
    quarter: review.quarter,
    dueCount: review.dueCount,
    recipients: review.recipients,
    sentAt: now.toISOString(),
    issueKey: issue.key,
    issueId: issue.id,
  });
}

/** The review page's "last reminded" line: when, to whom (display names, at most this many), which issue. */
export const REMINDED_NAMES_SHOWN = 10;

export async function lastReviewReminderView(jira: JiraClient, projectKey: string): Promise<LastReviewReminderView | null> {
  const sent = await getLastReviewReminder(projectKey);
  if (!sent) return null;
  const names = await Promise.all(
    sent.recipients.slice(0, REMINDED_NAMES_SHOWN).map(async (accountId) => {
      try {
        return (await jira.getUser(accountId)).displayName;
      } catch (error) {
        // An account closed since keeps its place in the line, without a name.
        if (error instanceof JiraError && error.kind === 'not-found') return null;
        throw error;
      }
    }),
  );
  return {
    sentAt: sent.sentAt,
    quarter: sent.quarter,
    issueKey: sent.issueKey,
    dueCount: sent.dueCount,
    recipients: names.filter((name): name is string => name !== null),
    moreRecipients: Math.max(0, sent.recipients.length - REMINDED_NAMES_SHOWN),
  };
}
