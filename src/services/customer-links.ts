import {
  applyLinkChange,
  customerValueSuggestion,
  demandCount,
  linkedCustomerOf,
  linksChangedSince,
  readLinkedCustomers,
  unknownNumbersViolation,
  type LinkedCustomer,
} from '../domain/customer-links';
import type { CustomerType } from '../domain/framework';
import { ConflictError, ValidationError } from '../domain/result';
import { jiraAsApp, type IssueBean } from '../jira/client';
import type { LinkedCustomersView } from '../shared/api';
import { getCustomer } from '../storage/customer-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { frameworkForIssue } from './framework';
import { isRequirementIssue } from '../jira/issue-fields';
import { message } from '../domain/messages';

/**
 * A requirement's linked customers. The numbers live in the read-only "Linked customers" app field
 * (so JQL, the matrix and the exports read them with the issue); only this module writes it, under
 * the issue's edit lock, after checking every number against the archive.
 */

/**
 * The numbers of the customers linked to a requirement, in link order. Reads as the app: the
 * caller has checked that the user may see the issue.
 */
export async function linkedCustomerNumbers(issueIdOrKey: string): Promise<string[]> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const issue = await jira.getIssue(issueIdOrKey, [ids.linkedCustomers]);
  return readLinkedCustomers(issue.fields[ids.linkedCustomers]);
}

/** The archive's current record of each number (one lookup per distinct number), erased ones without a name. */
export async function describeLinkedCustomers(numbers: readonly string[]): Promise<Map<string, LinkedCustomer>> {
  const distinct = [...new Set(numbers)];
  const found = await Promise.all(distinct.map(async (number) => linkedCustomerOf(number, await getCustomer(number))));
  return new Map(found.map((customer) => [customer.number, customer]));
}

const issueFieldsOf = (ids: AppFieldIds): string[] => ['project', 'issuetype', ids.linkedCustomers];

async function viewOf(issue: IssueBean, numbers: string[], canEdit: boolean): Promise<LinkedCustomersView> {
  const [described, framework] = await Promise.all([describeLinkedCustomers(numbers), frameworkForIssue(issue)]);
  const customers = numbers.map((number) => described.get(number) as LinkedCustomer);
  const types = customers.map((customer) => customer.type).filter((type): type is CustomerType => type !== null);
  return {
    customers,
    demandCount: demandCount(numbers),
    suggestion: customerValueSuggestion(types, framework.settings),
    canEdit,
  };
}

/** What the panel's Customers section shows. */
export async function linkedCustomersView(issueId: string, canEdit: boolean): Promise<LinkedCustomersView> {
  const jira = jiraAsApp();
  const ids = await resolveAppFieldIds(jira);
  const issue = await jira.getIssue(issueId, issueFieldsOf(ids));
  return viewOf(issue, readLinkedCustomers(issue.fields[ids.linkedCustomers]), canEdit);
}

export interface LinkRequest {
  add: readonly string[];
  remove: readonly string[];
  /** The list the editor saw. */
  expected: readonly string[];
}

/**
 * Links and unlinks customers. Under the issue's edit lock (saves and merges of the issue take
 * turns with it): refuses when the links changed since the editor read them, refuses numbers the
 * archive does not hold, and writes the field as the app only when the list changed.
 */
export async function changeLinkedCustomers(issueId: string, request: LinkRequest): Promise<LinkedCustomersView> {
  return withIssueEditLock(issueId, async () => {
    const jira = jiraAsApp();
    const [ids, requirementTypeId] = await Promise.all([resolveAppFieldIds(jira), getRequirementIssueTypeId()]);
    const issue = await jira.getIssue(issueId, issueFieldsOf(ids));
    if (!isRequirementIssue(issue, requirementTypeId)) {
      throw new ValidationError([
        { field: 'issuetype', rule: 'enum', message: 'Customers can be linked only to Requirement issues.' },
      ]);
    }
    const current = readLinkedCustomers(issue.fields[ids.linkedCustomers]);
    if (linksChangedSince(request.expected, current)) {
      const now =
        current.length > 0 ? { 'en-US': current.join(', '), 'zh-CN': current.join('、') } : { 'en-US': 'none', 'zh-CN': '无' };
      throw new ConflictError(message('server.conflict.links_changed', { issue: issue.key, now }));
    }
    const added = request.add.filter((number) => !current.includes(number));
    const archived = await Promise.all(
      added.map(async (number) => ({ number, exists: (await getCustomer(number)) !== undefined })),
    );
    const unknown = unknownNumbersViolation(
      'add',
      archived.filter((entry) => !entry.exists).map((entry) => entry.number),
    );
    if (unknown.length > 0) throw new ValidationError(unknown);
    const next = applyLinkChange(current, request);
    if (!next.ok) throw new ValidationError(next.violations);
    if (linksChangedSince(current, next.value)) {
      await jira.setAppFieldValues([
        { fieldId: ids.linkedCustomers, issueIds: [Number(issue.id)], value: next.value.length > 0 ? next.value : null },
      ]);
    }
    return viewOf(issue, next.value, true);
  });
}
