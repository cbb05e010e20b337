import { message, MESSAGE_LOCALES, type MessageLocale } from '../domain/messages';
import { AccessDeniedError } from './errors';
import type { JiraClient } from '../jira/client';

/** Who called, as the resolver guard established it from Forge's context (the account never from the payload). */
export interface Caller {
  accountId: string;
  /**
   * The language the caller's page is in, as the page said it in the payload (Forge tells a function no
   * locale); it only chooses the words of server sentences, never access. Null: write both languages.
   */
  locale: string | null;
}

/** The Jira permissions the app checks for its callers; always asked of Jira as the app, about the caller's account. */
export type ProjectPermission = 'BROWSE_PROJECTS' | 'EDIT_ISSUES' | 'CREATE_ISSUES' | 'TRANSITION_ISSUES' | 'ADMINISTER_PROJECTS';

/** The permissions' names as Jira's own screens spell them in each language the app writes. */
const PERMISSION_NAMES: Record<ProjectPermission, Record<MessageLocale, string>> = {
  BROWSE_PROJECTS: { 'en-US': 'Browse projects', 'zh-CN': '浏览项目' },
  EDIT_ISSUES: { 'en-US': 'Edit issues', 'zh-CN': '编辑问题' },
  CREATE_ISSUES: { 'en-US': 'Create issues', 'zh-CN': '创建问题' },
  ADMINISTER_PROJECTS: { 'en-US': 'Administer projects', 'zh-CN': '管理项目' },
  TRANSITION_ISSUES: { 'en-US': 'Transition issues', 'zh-CN': '转换问题' },
};

const ANY_OF: Record<MessageLocale, string> = { 'en-US': '" or "', 'zh-CN': '”或“' };

/** A refusal's permission parameter: the name in each language, "A" or "B" for a list where any one will do. */
const permissionNames = (permission: ProjectPermission | readonly ProjectPermission[]): Record<MessageLocale, string> => {
  const names = (typeof permission === 'string' ? [permission] : permission).map((name) => PERMISSION_NAMES[name]);
  return Object.fromEntries(
    MESSAGE_LOCALES.map((locale) => [locale, names.map((name) => name[locale]).join(ANY_OF[locale])]),
  ) as Record<MessageLocale, string>;
};

/** The refusal for a missing permission, naming it and where: an issue or project by key, else the issue the caller is on. */
export function missingPermission(
  permission: ProjectPermission | readonly ProjectPermission[],
  where: { issueKey: string } | { projectKey: string } | 'this-issue',
): AccessDeniedError {
  const named = permissionNames(permission);
  if (where === 'this-issue')
    return new AccessDeniedError(message('server.refusal.permission.this_issue', { permission: named }));
  if ('issueKey' in where)
    return new AccessDeniedError(message('server.refusal.permission.issue', { permission: named, issue: where.issueKey }));
  return new AccessDeniedError(message('server.refusal.permission.project', { permission: named, project: where.projectKey }));
}

/** Whether Jira grants an account a project permission (any one of a list) on one issue or project (asked as the app). */
export async function isGranted(
  jira: JiraClient,
  accountId: string,
  permission: ProjectPermission | readonly ProjectPermission[],
  on: { issueId: string } | { projectId: string },
): Promise<boolean> {
  const permissions = typeof permission === 'string' ? [permission] : [...permission];
  const onIssue = 'issueId' in on;
  const targetId = Number(onIssue ? on.issueId : on.projectId);
  const result = await jira.checkPermissions({
    accountId,
    projectPermissions: [{ permissions, ...(onIssue ? { issues: [targetId] } : { projects: [targetId] }) }],
  });
  return result.projectPermissions.some(
    (granted) =>
      permissions.includes(granted.permission as ProjectPermission) &&
      ((onIssue ? granted.issues : granted.projects)?.map(Number).includes(targetId) ?? false),
  );
}

/** Whether the account is a Jira administrator (asked as the app). */
export async function isJiraAdmin(jira: JiraClient, accountId: string): Promise<boolean> {
  const result = await jira.checkPermissions({ accountId, globalPermissions: ['ADMINISTER'] });
  return result.globalPermissions.includes('ADMINISTER');
}
