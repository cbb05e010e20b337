import { kvs } from '@forge/kvs';
import { queryAll } from './framework-store';
import { storageKeys } from './keys';

export interface ProjectSetupRecord {
  projectKey: string;
  projectId: string;
  issueTypeId: string;
  completedAt: string;
}

export const getRequirementIssueTypeId = (): Promise<string | undefined> => kvs.get<string>(storageKeys.requirementIssueType);
export const saveRequirementIssueTypeId = (id: string): Promise<void> => kvs.set(storageKeys.requirementIssueType, id);

export const getProjectSetup = (projectKey: string): Promise<ProjectSetupRecord | undefined> =>
  kvs.get<ProjectSetupRecord>(storageKeys.projectSetup(projectKey));
export const saveProjectSetup = (record: ProjectSetupRecord): Promise<void> =>
  kvs.set(storageKeys.projectSetup(record.projectKey), record);

/** Every project setup finished, whichever project it was. */
export async function listProjectSetups(): Promise<ProjectSetupRecord[]> {
  return (await queryAll<ProjectSetupRecord>(storageKeys.projectSetupPrefix)).map((entry) => entry.value);
}
