import { readCaptureForm, withCapturedDemand, type IntakeRecord } from '../domain/record';
import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import { ValidationError, type Violation } from '../domain/result';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import type { CaptureForm, CaptureOutcome, CaptureView } from '../shared/api';
import { getCustomer } from '../storage/customer-store';
import { withIssueEditLock } from '../storage/edit-lock';
import { getProjectSetup } from '../storage/setup-store';
import { resolveAppFieldIds } from './app-fields';
import { changeLinkedCustomers, linkedCustomerNumbers } from './customer-links';
import { isGranted } from './permissions';
import { createRequirement } from './requirement-intake';
import { siteClock } from './site-clock';

/**
 * Quick capture (issue 15, part 4): a person who heard a demand in a customer interview or from a
 * business department records it on the project page, seeing likely duplicates as they type, and
 * either creates a Requirement or adds the demand to an existing one. Everything is checked before
 * the first write; a write that fails part-way is taken back.
 */

const refusal = (
  field: string,
  rule: Violation['rule'],
  message: string,
  params: Record<string, string | number> = {},
): ValidationError => new ValidationError([{ field, rule, message: `${field}: ${message}`, params: { field, ...params } }]);

export async function captureView(projectKey: string, projectId: string, accountId: string): Promise<CaptureView> {
  const jira = jiraAsApp();
  const [setup, canCreate, canAddDemand, clock, user] = await Promise.all([
    getProjectSetup(projectKey),
    isGranted(jira, accountId, 'CREATE_ISSUES', { projectId }),
    isGranted(jira, accountId, 'EDIT_ISSUES', { projectId }),
    siteClock(jira),
    jira.getUser(accountId),
  ]);
  return { projectKey, setUp: setup !== undefined, canCreate, canAddDemand, today: clock.today, submitter: user.displayName };
}

/** The form as a record, with the archive's name of the customer it picked; refused whole, naming each field and rule. */
async function checkedRecord(form: CaptureForm): Promise<IntakeRecord> {
  const { today } = await siteClock(jiraAsApp());
  const read = readCaptureForm(form, today);
  if (!read.ok) throw new ValidationError(read.violations);
  const record = read.value;
  if (record.customerNumber === null) return record;
  const customer = await getCustomer(record.customerNumber);
  if (!customer)
    throw refusal('customerNumber', 'enum', `there is no customer ${record.customerNumber} in the archive.`, {
      value: record.customerNumber,
    });
  // An erased customer keeps only its number: it asks for nothing new.
  if (customer.erasedAt !== null)
    throw refusal('customerNumber', 'enum', `${record.customerNumber} was erased from the archive and cannot raise a demand.`, {
      value: record.customerNumber,
    });
  return { ...record, customer: customer.name };
}

async function requireSetup(projectKey: string) {
  const setup = await getProjectSetup(projectKey);
  if (!setup)
    throw refusal(
      'projectKey',
      'required',
      `${projectKey} is not set up by Requirement Triage; a Jira admin runs setup on the admin page first.`,
    );
  return setup;
}

/** Creates a Requirement from the form as the caller (the guard checked Create issues; Jira checks it again). */
export async function captureNewRequirement(projectKey: string, form: CaptureForm, accountId: string): Promise<CaptureOutcome> {
  const record = await checkedRecord(form);
  const setup = await requireSetup(projectKey);
  const app = jiraAsApp();
  const [ids, user] = await Promise.all([resolveAppFieldIds(app), app.getUser(accountId)]);
  const created = await createRequirement({ create: jiraAsUser(), app }, projectKey, setup, ids, record, {
    line: `Captured by ${user.displayName} on the quick-capture page (Requirement Triage).`,
  });
  return {
    key: created.key,
    action: 'created',
    demandCount: record.customerNumber ? 1 : 0,
    duplicateCount: 0,
    customerAlreadyCounted: false,
  };
}

/**
 * Adds the captured demand to an existing Requirement of the project: the customer is linked
 * (through the customer-links service, which checks the archive and counts each customer once),
 * the words are appended and the duplicate count rises, unless that customer had asked already.
 * When the words cannot be written, the link made here is taken back.
 */
/** The guard checked Edit issues on the issue. */
export async function captureDemand(
  projectKey: string,
  issue: { issueId: string; issueKey: string },
  form: CaptureForm,
): Promise<CaptureOutcome> {
  const record = await checkedRecord(form);
  await requireSetup(projectKey);
  const app = jiraAsApp();
  const ids = await resolveAppFieldIds(app);
  const found = await jiraAsUser().searchPage({
    jql: `project = "${projectKey}" AND issuetype = "${REQUIREMENT_ISSUE_TYPE.name}" AND id = ${Number(issue.issueId)}`,
    fields: ['summary'],
    maxResults: 1,
  });
  if (found.items.length === 0)
    throw refusal('issueKey', 'enum', `${issue.issueKey} is not a requirement of ${projectKey}.`, { value: issue.issueKey });

  const linkedBefore = await linkedCustomerNumbers(issue.issueId);
  const alreadyLinked = record.customerNumber !== null && linkedBefore.includes(record.customerNumber);
  const linkedHere = record.customerNumber !== null && !alreadyLinked;
  const links = linkedHere
    ? await changeLinkedCustomers(issue.issueId, { add: [record.customerNumber!], remove: [], expected: linkedBefore })
    : null;
  try {
    return await withIssueEditLock(issue.issueId, async () => {
      const current = await app.getIssue(issue.issueId, [ids.customerWords, ids.duplicateCount, ids.linkedCustomers]);
      const words = current.fields[ids.customerWords];
      const count = current.fields[ids.duplicateCount];
      const before = {
        customerWords: typeof words === 'string' ? words : null,
        duplicateCount: typeof count === 'number' ? count : null,
      };
      const next = withCapturedDemand(before, record, alreadyLinked);
      if (next.customerWords !== before.customerWords)
        await jiraAsUser().editIssue(issue.issueId, { [ids.customerWords]: next.customerWords });
      try {
        if (next.duplicateCount !== (before.duplicateCount ?? 0))
          await app.setAppFieldValues([
            { fieldId: ids.duplicateCount, issueIds: [Number(issue.issueId)], value: next.duplicateCount },
          ]);
      } catch (error) {
        await jiraAsUser().editIssue(issue.issueId, { [ids.customerWords]: before.customerWords });
        throw error;
      }
      const demandCount = links?.demandCount ?? linkedBefore.length;
      return {
        key: issue.issueKey,
        action: 'demand' as const,
        demandCount,
        duplicateCount: next.duplicateCount,
        customerAlreadyCounted: alreadyLinked,
      };
    });
  } catch (error) {
    if (linkedHere)
      await changeLinkedCustomers(issue.issueId, {
        add: [],
        remove: [record.customerNumber!],
        expected: links!.customers.map((customer) => customer.number),
      });
    throw error;
  }
}
