import { isPlainObject } from '../domain/checks';
import { REQUIREMENT_ISSUE_TYPE } from '../domain/fields';
import type { IssueBean } from './client';

/**
 * Typed reads of Jira's system fields on an issue. `IssueBean.fields` stays open-ended (app fields
 * are keyed by their ids); these are the one place that knows the shape of project, issue type,
 * status and assignee. A field Jira did not return, or returned malformed, reads as empty.
 */

const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '');
const objectField = (issue: IssueBean, name: string): Record<string, unknown> => {
  const value = issue.fields[name];
  return isPlainObject(value) ? value : {};
};

export function projectOf(issue: IssueBean): { id: string; key: string } {
  const project = objectField(issue, 'project');
  return { id: textOf(project.id), key: textOf(project.key) };
}

export function issueTypeOf(issue: IssueBean): { id: string; name: string } {
  const type = objectField(issue, 'issuetype');
  return { id: textOf(type.id), name: textOf(type.name) };
}

/** `categoryKey` is Jira's status category: `new`, `indeterminate` or `done`. */
export function statusOf(issue: IssueBean): { id: string; name: string; categoryKey: string } {
  const status = objectField(issue, 'status');
  const category = isPlainObject(status.statusCategory) ? status.statusCategory : {};
  return { id: textOf(status.id), name: textOf(status.name), categoryKey: textOf(category.key) };
}

/** Null when the issue is unassigned (or the field was not asked for). */
export function assigneeOf(issue: IssueBean): { accountId: string; displayName: string } | null {
  const assignee = issue.fields.assignee;
  return isPlainObject(assignee) ? { accountId: textOf(assignee.accountId), displayName: textOf(assignee.displayName) } : null;
}

/** Whether the issue is a Requirement: by the type's id once the site has it, by its name before setup. */
export function isRequirementIssue(issue: IssueBean, requirementTypeId: string | undefined): boolean {
  const type = issueTypeOf(issue);
  return requirementTypeId ? type.id === requirementTypeId : type.name === REQUIREMENT_ISSUE_TYPE.name;
}

/** Who reported the issue; e-mail only where the person's privacy settings let Jira show it. */
export function reporterOf(issue: IssueBean): { accountId: string | null; displayName: string; email: string | null } {
  const reporter = objectField(issue, 'reporter');
  return {
    accountId: textOf(reporter.accountId) || null,
    displayName: textOf(reporter.displayName),
    email: textOf(reporter.emailAddress) || null,
  };
}

/** The issue's attachments: file name and the content address Jira gives (null when it gives none). */
export function attachmentsOf(issue: IssueBean): { filename: string; url: string | null }[] {
  const files = issue.fields.attachment;
  if (!Array.isArray(files)) return [];
  return files.filter(isPlainObject).map((file) => ({ filename: textOf(file.filename), url: textOf(file.content) || null }));
}
