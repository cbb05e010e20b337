import { jiraAsUser } from '../jira/client';
import { noPayload, type ResolverDefinition } from './guard';

export const listProjects: ResolverDefinition<'projects.list', 'signed-in'> = {
  key: 'projects.list',
  access: { scope: 'signed-in' },
  payload: noPayload,
  async run() {
    const projects = await jiraAsUser().listProjects();
    return projects.map((project) => ({ id: project.id, key: project.key, name: project.name }));
  },
};
