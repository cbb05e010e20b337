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

const PERMISSION_NAMES: Record<ProjectPermission | 'ADMINISTER', string> = {
  BROWSE_PROJECTS: 'Browse projects',
  EDIT_ISSUES: 'Edit issues',
  CREATE_ISSUES: 'Create issues',
  ADMINISTER_PROJECTS: 'Administer projects',
  TRANSITION_ISSUES: 'Transition issues',
  ADMINISTER: 'Jira administrator',
};

/** The permissions' names as Jira's own screens spell them, "A" or "B" for a list where any one will do. */
export const permissionNames = (permission: ProjectPermission | readonly ProjectPermission[] | 'ADMINISTER'): string =>
  (typeof permission === 'string' ? [permission] : permission).map((name) => PERMISSION_NAMES[name]).join('" or "');

/** Whether Jira grants an account a project permission (any one of a list) on one issue or project (asked as the app). */
export async function isGranted(jira: JiraClient, accountId: string, permission: ProjectPermission | readonly ProjectPermission[], on: { issueId: string } | { projectId: string }): Promise<boolean> {
  const permissions = typeof permission === 'string' ? [permission] : [...permission];
  const onIssue = 'issueId' in on;
  const targetId = Number(onIssue ? on.issueId : on.projectId);
  const result = await jira.checkPermissions({
    accountId,
    projectPermissions: [{ permissions, ...(onIssue ? { issues: [targetId] } : { projects: [targetId] }) }],
  });
  return result.projectPermissions.some(
    (granted) => permissions.includes(granted.permission as ProjectPermission) && ((onIssue ? granted.issues : granted.projects)?.map(Number).includes(targetId) ?? false),
  );
}

/** Whether the account is a Jira administrator (asked as the app). */
export async function isJiraAdmin(jira: JiraClient, accountId: string): Promise<boolean> {
  const result = await jira.checkPermissions({ accountId, globalPermissions: ['ADMINISTER'] });
  return result.globalPermissions.includes('ADMINISTER');
}
