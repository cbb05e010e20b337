import { fitText } from '../domain/checks';
import { APP_STRING_MAX_LENGTH } from '../domain/fields';
import type { IntakeRecord } from '../domain/record';
import type { IssueBean, JiraClient } from '../jira/client';
import type { AppFieldIds } from './app-fields';
import { indexCreatedRequirements } from './duplicates';

/**
 * The one way a record from any intake channel (web trigger, spreadsheet import, quick capture,
 * the support ticket action) becomes a Requirement: the record's fields in their app fields, where it came from and who raised
 * it when in the description, and the new requirement in the project's similar-requirement index
 * at once. The app's own creates raise no product event for it (the trigger's ignoreSelf), so
 * without this the index would learn of them only on its next rebuild.
 */

/** Where a requirement came from, as its description's first line says; an import adds its label and row property, a ticket its attachments' lines. */
export interface IntakeOrigin {
  line: string;
  notes?: string[];
  labels?: string[];
  properties?: { key: string; value: unknown }[];
}

/** The project and issue type setup recorded for the project. */
export interface RequirementTarget {
  projectId: string;
  issueTypeId: string;
}

const paragraph = (line: string) => ({ type: 'paragraph', content: [{ type: 'text', text: line }] });

/** The create request of one record: Jira's `fields` (and properties) as the create and bulk-create endpoints take them. */
export function requirementCreateRequest(
  target: RequirementTarget,
  ids: AppFieldIds,
  record: IntakeRecord,
  origin: IntakeOrigin,
): { fields: Record<string, unknown>; properties?: { key: string; value: unknown }[] } {
  const words = record.originalWords === null ? null : fitText(record.originalWords, APP_STRING_MAX_LENGTH);
  const customer = [record.customer, record.customerNumber].filter(Boolean).join(' ');
  const submitter = record.submitter ? ` by ${record.submitter}${record.submitterRole ? ` (${record.submitterRole})` : ''}` : '';
  const lines = [
    origin.line,
    `Raised on ${record.date}${submitter}.`,
    ...(customer ? [`Customer: ${customer}.`] : []),
    // The words field holds 255 characters; longer words are kept whole here.
    ...(words && words.leftOut > 0 ? [`Customer's words: ${record.originalWords}`] : []),
    ...(origin.notes ?? []),
  ];
  const optional: [keyof AppFieldIds, string | null][] = [
    ['customerWords', words?.text ?? null],
    ['submitterRole', record.submitterRole],
    ['background', record.background],
    ['expectedGoal', record.expectedGoal],
    ['beneficiary', record.beneficiary],
    ['needType', record.needType],
    ['nature', record.nature],
    ['kind', record.kind],
  ];
  return {
    fields: {
      project: { id: target.projectId },
      issuetype: { id: target.issueTypeId },
      summary: record.summary,
      description: { type: 'doc', version: 1, content: lines.map(paragraph) },
      ...(origin.labels ? { labels: origin.labels } : {}),
      [ids.sourceChannel]: record.channel,
      ...Object.fromEntries(optional.filter(([, value]) => value !== null).map(([name, value]) => [ids[name], value])),
    },
    ...(origin.properties ? { properties: origin.properties } : {}),
  };
}

/** What a channel adds to the create: the customers to link (a ticket may name several), and its own step after the create (a ticket's issue link). */
export interface IntakeLinks {
  customerNumbers?: readonly string[];
  afterCreate?: (created: { id: string; key: string }) => Promise<void>;
}

/**
 * Creates the Requirement of one record as `jira` (the app for the web trigger and the ticket
 * action, the user at quick capture), links the archive's customers (as the app: the field is the
 * app's; by default the one the record names), runs the channel's own step, and adds it to the
 * similar-requirement index. When a step after the create fails the new issue is deleted again, so
 * a failed intake leaves nothing behind.
 */
export async function createRequirement(
  jira: { create: JiraClient; app: JiraClient },
  projectKey: string,
  target: RequirementTarget,
  ids: AppFieldIds,
  record: IntakeRecord,
  origin: IntakeOrigin,
  links: IntakeLinks = {},
): Promise<{ id: string; key: string }> {
  const request = requirementCreateRequest(target, ids, record, origin);
  const customers = [...new Set(links.customerNumbers ?? (record.customerNumber ? [record.customerNumber] : []))];
  const created = await jira.create.createIssue(request.fields);
  try {
    if (customers.length > 0)
      await jira.app.setAppFieldValues([{ fieldId: ids.linkedCustomers, issueIds: [Number(created.id)], value: customers }]);
    await links.afterCreate?.(created);
  } catch (error) {
    await jira.app.deleteIssue(created.id).catch(() => undefined);
    throw error;
  }
  const issue: IssueBean = {
    id: created.id,
    key: created.key,
    fields: { ...request.fields, ...(customers.length > 0 ? { [ids.linkedCustomers]: customers } : {}) },
  };
  await indexCreatedRequirements(projectKey, [issue], ids);
  return created;
}
