import { fitText } from '../domain/checks';
import { APP_STRING_MAX_LENGTH } from '../domain/fields';
import type { IntakeRecord } from '../domain/record';
import type { IssueBean, JiraClient } from '../jira/client';
import type { AppFieldIds } from './app-fields';
import { indexCreatedRequirements } from './duplicates';

/**
 * The one way a record from any intake channel (web trigger, spreadsheet import, quick capture)
 * becomes a Requirement: the record's fields in their app fields, where it came from and who raised
 * it when in the description, and the new requirement in the project's similar-requirement index
 * at once. The app's own creates raise no product event for it (the trigger's ignoreSelf), so
 * without this the index would learn of them only on its next rebuild.
 */

/** Where a requirement came from, as its description's first line says; an import adds its label and row property. */
export interface IntakeOrigin {
  line: string;
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
export function requirementCreateRequest(target: RequirementTarget, ids: AppFieldIds, record: IntakeRecord, origin: IntakeOrigin): { fields: Record<string, unknown>; properties?: { key: string; value: unknown }[] } {
  const words = record.originalWords === null ? null : fitText(record.originalWords, APP_STRING_MAX_LENGTH);
  const customer = [record.customer, record.customerNumber].filter(Boolean).join(' ');
  const submitter = record.submitter ? ` by ${record.submitter}${record.submitterRole ? ` (${record.submitterRole})` : ''}` : '';
  const lines = [
    origin.line,
    `Raised on ${record.date}${submitter}.`,
    ...(customer ? [`Customer: ${customer}.`] : []),
    // The words field holds 255 characters; longer words are kept whole here.
    ...(words && words.leftOut > 0 ? [`Customer's words: ${record.originalWords}`] : []),
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

/**
 * Creates the Requirement of one record as `jira` (the app for the web trigger, the user at quick
 * capture), links the archive's customer the record names (as the app: the field is the app's),
 * and adds it to the similar-requirement index. When the link cannot be written the new issue is
 * deleted again, so a failed capture leaves nothing behind.
 */
export async function createRequirement(
  jira: { create: JiraClient; app: JiraClient },
  projectKey: string,
  target: RequirementTarget,
  ids: AppFieldIds,
  record: IntakeRecord,
  origin: IntakeOrigin,
): Promise<{ id: string; key: string }> {
  const request = requirementCreateRequest(target, ids, record, origin);
  const created = await jira.create.createIssue(request.fields);
  if (record.customerNumber) {
    try {
      await jira.app.setAppFieldValues([{ fieldId: ids.linkedCustomers, issueIds: [Number(created.id)], value: [record.customerNumber] }]);
    } catch (error) {
      await jira.app.deleteIssue(created.id);
      throw error;
    }
  }
  const issue: IssueBean = { id: created.id, key: created.key, fields: { ...request.fields, ...(record.customerNumber ? { [ids.linkedCustomers]: [record.customerNumber] } : {}) } };
  await indexCreatedRequirements(projectKey, [issue], ids);
  return created;
}
