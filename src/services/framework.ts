import type { FrameworkVersion } from '../domain/framework';
import type { IssueBean } from '../jira/client';
import { getFrameworkForProject } from '../storage/framework-store';
import { projectOf } from '../jira/issue-fields';

/** The framework a project's scores are computed with now: its override's newest version, else the global default's. */
export const frameworkFor = (projectKey: string | undefined): Promise<FrameworkVersion> =>
  getFrameworkForProject(projectKey, () => new Date());

/** The framework for the project an issue belongs to (the issue must be read with the `project` field). */
export const frameworkForIssue = (issue: IssueBean): Promise<FrameworkVersion> => {
  return frameworkFor(projectOf(issue).key || undefined);
};
