import {
  ARCHIVE_LINE_MAX,
  closeBlockers,
  closureArchiveLine,
  closureDueTimes,
  closureStage,
  startClosureRound,
  validateFollowUp,
  validateNotice,
  validateWaiver,
  type ClosureActor,
  type ClosureRecord,
} from '../domain/delivery/closure';
import { ValidationError, ConflictError, type Result, type Violation } from '../domain/result';
import { workflowStatusName } from '../domain/workflow';
import { jiraAsUser, JiraError, type IssueBean, type JiraClient } from '../jira/client';
import type { ClosureView } from '../shared/api';
import { getDeliveryRecord, getDeliverySettings, updateDeliveryRecord } from '../storage/delivery-store';
import { getRequirementIssueTypeId } from '../storage/setup-store';
import { resolveAppFieldIds, type AppFieldIds } from './app-fields';
import { describeLinkedCustomers, linkedCustomerNumbers } from './customer-links';
import { postNoticeOnTickets } from './support-tickets';
import { dutyHolderNames, mayPerformDuty, requireDuty } from './delivery-access';
import { isGranted, type Caller } from './permissions';
import { BOTH_LANGUAGES_GAP, localesOf, sentenceWriter, writeFor } from '../platform/translate';
import type { JiraTextLanguage } from '../domain/delivery-settings';
import { issueTypeOf, projectOf, statusOf } from '../jira/issue-fields';
import { message } from '../domain/messages';

/**
 * The closure-feedback loop on one Requirement: completion recorded from the workflow, the notice to
 * the customers, the follow-up or a manager's waiver, and the archive written on closing. Every
 * write goes through the issue's delivery record, under its lock.
 */

export const DONE_STATUS = workflowStatusName('done');
export const CLOSED_STATUS = workflowStatusName('closed');
const IN_PROGRESS_STATUS = workflowStatusName('in-progress');
const WONT_HAVE = "Won't";
/** Setup reuses a site's statuses by name whatever their case (a site's "In Progress" serves as In progress). */
const isStatus = (name: string, expected: string): boolean => name.toLowerCase() === expected.toLowerCase();

interface ClosureIssue {
  id: string;
  key: string;
  project: { key: string; id: string };
  status: string;
  isRequirement: boolean;
  wontHave: boolean;
  wontReason: string | null;
  archive: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value : null);

async function readClosureIssue(jira: JiraClient, issueId: string, ids: AppFieldIds): Promise<ClosureIssue> {
  const issue: IssueBean = await jira.getIssue(issueId, [
    'project',
    'status',
    'issuetype',
    ids.moscow,
    ids.wontReason,
    ids.closureRecord,
  ]);
  const requirementTypeId = await getRequirementIssueTypeId();
  return {
    id: issue.id,
    key: issue.key,
    project: projectOf(issue),
    status: statusOf(issue).name,
    isRequirement: requirementTypeId !== undefined && issueTypeOf(issue).id === requirementTypeId,
    wontHave: issue.fields[ids.moscow] === WONT_HAVE,
    wontReason: text(issue.fields[ids.wontReason]),
    archive: text(issue.fields[ids.closureRecord]),
  };
}

/** Jira's changelog time of one change, as ISO; null when Jira no longer has it. */
async function changeTime(jira: JiraClient, issueId: string, changelogId: string): Promise<string | null> {
  const [entry] = await jira.getChangelogsByIds(issueId, [Number(changelogId)]);
  const at = entry ? Date.parse(entry.created) : Number.NaN;
  return Number.isNaN(at) ? null : new Date(at).toISOString();
}

/**
 * A Requirement reached Done or Closed (change `changelogId`). Done records the completion time,
 * Jira's time of that change, so a repeated or late event writes nothing; Closed archives the
 * closure record into the read-only field.
 */
export async function followStatusChange(
  jira: JiraClient,
  issueId: string,
  changelogId: string,
  toStatus: string,
): Promise<'completed' | 'archived' | 'unchanged'> {
  if ((!isStatus(toStatus, DONE_STATUS) && !isStatus(toStatus, CLOSED_STATUS)) || !/^[0-9]{1,15}$/.test(changelogId))
    return 'unchanged';
  const ids = await resolveAppFieldIds(jira);
  let issue: ClosureIssue;
  try {
    issue = await readClosureIssue(jira, issueId, ids);
  } catch (error) {
    if (error instanceof JiraError && error.kind === 'not-found') return 'unchanged';
    throw error;
  }
  if (!issue.isRequirement) return 'unchanged';
  const at = await changeTime(jira, issueId, changelogId);
  if (at === null) return 'unchanged';
  if (isStatus(toStatus, DONE_STATUS)) {
    const before = await getDeliveryRecord(issueId);
    const written = await updateDeliveryRecord(issueId, (current) => {
      const next = startClosureRound(current.closure, at);
      return next ? { ...current, closure: next } : null;
    });
    return written.revision === before.revision ? 'unchanged' : 'completed';
  }
  return archiveOnClose(jira, issueId, issue, ids, at);
}

/** The archive line in the project's language for the app's records; both (Chinese first) share the field's length. */
async function archiveLineIn(language: JiraTextLanguage, closure: ClosureRecord, wontReason: string | null): Promise<string> {
  const writers = await Promise.all(localesOf(language).map(sentenceWriter));
  if (writers.length === 1) return closureArchiveLine(closure, wontReason, writers[0]!);
  const each = Math.floor((ARCHIVE_LINE_MAX - BOTH_LANGUAGES_GAP.length) / writers.length);
  return writers.map((write) => closureArchiveLine(closure, wontReason, write, each)).join(BOTH_LANGUAGES_GAP);
}

/** Closed at `at`: keep when (the newest close of this round), then write the archive line if it differs. */
async function archiveOnClose(
  jira: JiraClient,
  issueId: string,
  issue: ClosureIssue,
  ids: AppFieldIds,
  at: string,
): Promise<'archived' | 'unchanged'> {
  const record = await updateDeliveryRecord(issueId, (current) => {
    const closedAt = current.closure.closedAt;
    if (closedAt && Date.parse(closedAt) >= Date.parse(at)) return null;
    return { ...current, closure: { ...current.closure, closedAt: at } };
  });
  const closure = record.closure;
  // A rejected or merged requirement that was never done nor told has nothing to archive.
  if (closure.completedAt === null && !closure.notice && !issue.wontHave) return 'unchanged';
  const line = await archiveLineIn(
    (await getDeliverySettings(issue.project.key)).jiraTextLanguage,
    closure,
    issue.wontHave ? issue.wontReason : null,
  );
  if (line === issue.archive) return 'unchanged';
  await jira.setAppFieldValues([{ fieldId: ids.closureRecord, issueIds: [Number(issueId)], value: line }]);
  return 'archived';
}

/** Whether the closure section applies: done (or closed after being done), or a Won't-have. */
const applies = (issue: ClosureIssue, closure: ClosureRecord): boolean =>
  issue.isRequirement &&
  (issue.wontHave ||
    isStatus(issue.status, DONE_STATUS) ||
    (isStatus(issue.status, CLOSED_STATUS) && (closure.completedAt !== null || closure.notice !== null)));

/** The closure section for one reader: its sentences (what still stops the close) in the caller's language. */
export async function closureView(jira: JiraClient, issueId: string, caller: Caller): Promise<ClosureView> {
  const { accountId, locale } = caller;
  const ids = await resolveAppFieldIds(jira);
  const issue = await readClosureIssue(jira, issueId, ids);
  const settings = await getDeliverySettings(issue.project.key);
  const [record, now, canRecord, canWaive, canTransition] = await Promise.all([
    getDeliveryRecord(issueId),
    jira.getServerTime(),
    mayPerformDuty(jira, accountId, issue.project, 'customerContact', settings),
    mayPerformDuty(jira, accountId, issue.project, 'waiver', settings),
    isGranted(jira, accountId, 'TRANSITION_ISSUES', { issueId }),
  ]);
  const [recorders, waivers] = [dutyHolderNames(settings, 'customerContact'), dutyHolderNames(settings, 'waiver')];
  const linked = await describeLinkedCustomers(await linkedCustomerNumbers(issueId));
  const closure = record.closure;
  const closed = isStatus(issue.status, CLOSED_STATUS);
  const stage = closureStage(closure, now, settings.followUpDays, { wontHave: issue.wontHave, closed });
  return {
    issue: { id: issue.id, key: issue.key, status: issue.status },
    applies: applies(issue, closure),
    wontHave: issue.wontHave,
    wontReason: issue.wontReason,
    stage,
    now: now.toISOString(),
    record: closure,
    due: closureDueTimes(closure, settings.followUpDays),
    followUpDays: settings.followUpDays,
    blockers: closed
      ? []
      : await Promise.all(
          closeBlockers(closure, issue.wontHave ? { reason: issue.wontReason } : null).map((blocker) =>
            writeFor(locale, [blocker]),
          ),
        ),
    archive: issue.archive,
    canRecord: canRecord && !closed,
    canWaive: canWaive && !closed,
    canReopen: canTransition && stage === 'unsatisfied' && isStatus(issue.status, DONE_STATUS),
    canClose: canTransition && stage === 'ready-to-close',
    recorders,
    waivers,
    // Who asked is who is told: the notice starts from the linked customers (an erased one by number).
    linkedCustomers: [...linked.values()].map((customer) => customer.name ?? customer.number),
  };
}

const refuse = (violations: Violation[]): never => {
  throw new ValidationError(violations);
};
const valueOf = <T>(result: Result<T>): T => (result.ok ? result.value : refuse(result.violations));

/** What every closure write checks first: a Requirement, not closed, and the caller holds the duty. */
async function writableIssue(
  jira: JiraClient,
  issueId: string,
  accountId: string,
  duty: 'customerContact' | 'waiver',
): Promise<ClosureIssue> {
  const issue = await readClosureIssue(jira, issueId, await resolveAppFieldIds(jira));
  await requireDuty(jira, accountId, issue.project, duty);
  if (!issue.isRequirement) refuse([{ field: 'issue', rule: 'type', message: 'The closure loop applies to Requirements only.' }]);
  if (isStatus(issue.status, CLOSED_STATUS))
    refuse([
      {
        field: 'status',
        rule: 'order',
        message: `${issue.key} is closed; its closure record is archived. Reopen it to record more.`,
      },
    ]);
  return issue;
}

async function actor(jira: JiraClient, accountId: string): Promise<ClosureActor> {
  const user = await jira.getUser(accountId);
  return { accountId, displayName: user.displayName };
}

/** Records (or corrects, until the follow-up is recorded) how the customers were told. */
export async function recordNotice(jira: JiraClient, issueId: string, caller: Caller, payload: unknown): Promise<ClosureView> {
  const { accountId } = caller;
  const issue = await writableIssue(jira, issueId, accountId, 'customerContact');
  const [now, by] = await Promise.all([jira.getServerTime(), actor(jira, accountId)]);
  await updateDeliveryRecord(issueId, (current) => {
    const notice = valueOf(validateNotice(payload, current.closure.completedAt, { now, wontHave: issue.wontHave }));
    if (current.closure.followUp) throw new ConflictError(message('server.conflict.follow_up_recorded'));
    return { ...current, closure: { ...current.closure, notice: { ...notice, recordedBy: by } } };
  });
  await tellTickets(jira, issueId);
  return closureView(jira, issueId, caller);
}

/**
 * The notice goes on every support ticket the requirement came from, as a public reply in the
 * customer's language. The notice is recorded whatever happens there: a reply that could not be
 * posted now is posted by the hourly run (each is posted once).
 */
async function tellTickets(jira: JiraClient, issueId: string): Promise<void> {
  try {
    await postNoticeOnTickets(jira, issueId);
  } catch (error) {
    console.warn(
      'closure: the notice could not be posted on the tickets now; the hourly run posts it.',
      error instanceof Error ? error.message : 'unknown error',
    );
  }
}

/** Records (or corrects) the follow-up: satisfaction 1-5 and a comment per customer told. */
export async function recordFollowUp(jira: JiraClient, issueId: string, caller: Caller, payload: unknown): Promise<ClosureView> {
  const { accountId } = caller;
  await writableIssue(jira, issueId, accountId, 'customerContact');
  const [now, by] = await Promise.all([jira.getServerTime(), actor(jira, accountId)]);
  await updateDeliveryRecord(issueId, (current) => {
    if (current.closure.completedAt === null)
      refuse([{ field: 'followUp', rule: 'order', message: 'The follow-up is for a done requirement; this one is not done.' }]);
    const followUp = valueOf(validateFollowUp(payload, current.closure.notice, { now }));
    return { ...current, closure: { ...current.closure, followUp: { ...followUp, recordedBy: by } } };
  });
  return closureView(jira, issueId, caller);
}

/** A manager's waiver of the follow-up, with the reason. */
export async function recordWaiver(jira: JiraClient, issueId: string, caller: Caller, payload: unknown): Promise<ClosureView> {
  const { accountId } = caller;
  await writableIssue(jira, issueId, accountId, 'waiver');
  const [now, by] = await Promise.all([jira.getServerTime(), actor(jira, accountId)]);
  await updateDeliveryRecord(issueId, (current) => {
    const { reason } = valueOf(validateWaiver(payload, current.closure.completedAt));
    return {
      ...current,
      closure: { ...current.closure, waiver: { by: by.accountId, byName: by.displayName, reason, at: now.toISOString() } },
    };
  });
  return closureView(jira, issueId, caller);
}

/**
 * Moves an unsatisfied requirement back to In progress with the workflow's reopen transition, as the
 * app (the guard checked the caller's Transition issues). One that already left Done is left alone.
 */
export async function reopenUnsatisfied(jira: JiraClient, issueId: string, caller: Caller): Promise<ClosureView> {
  const view = await closureView(jira, issueId, caller);
  if (!isStatus(view.issue.status, DONE_STATUS)) return view;
  if (view.stage !== 'unsatisfied')
    refuse([
      {
        field: 'stage',
        rule: 'order',
        message: 'Only a requirement whose follow-up found a customer unsatisfied (2 or less) is reopened from here.',
      },
    ]);
  const reopen = (await jira.getTransitions(issueId)).find((transition) => isStatus(transition.to.name, IN_PROGRESS_STATUS));
  if (!reopen)
    throw new ConflictError(message('server.conflict.no_reopen', { issue: view.issue.key, status: IN_PROGRESS_STATUS }));
  await jira.transitionIssue(issueId, reopen.id);
  return closureView(jira, issueId, caller);
}

/**
 * The Close step of a requirement ready to close: moves it to Closed as the caller, so Jira's
 * workflow (and the app's validator on Closed) judges it as it would a move in Jira, then archives
 * the closure record. One not ready, or closed already, is left as it is.
 */
export async function closeReady(jira: JiraClient, issueId: string, caller: Caller): Promise<ClosureView> {
  const view = await closureView(jira, issueId, caller);
  // As with reopening, nothing to do is not an error: the view's blockers say what is missing.
  if (isStatus(view.issue.status, CLOSED_STATUS) || view.stage !== 'ready-to-close') return view;
  const user = jiraAsUser();
  const close = (await user.getTransitions(issueId)).find((transition) => isStatus(transition.to.name, CLOSED_STATUS));
  if (!close)
    throw new ConflictError(
      message('server.conflict.no_close', { issue: view.issue.key, from: view.issue.status, status: CLOSED_STATUS }),
    );
  await user.transitionIssue(issueId, close.id);
  // The app's own move raises no trigger for it (ignoreSelf counts asUser calls too): it archives
  // here, at Jira's time just after the move, as the trigger does for a move made in Jira.
  const ids = await resolveAppFieldIds(jira);
  const [closedIssue, closedAt] = await Promise.all([readClosureIssue(jira, issueId, ids), jira.getServerTime()]);
  await archiveOnClose(jira, issueId, closedIssue, ids, closedAt.toISOString());
  return closureView(jira, issueId, caller);
}
