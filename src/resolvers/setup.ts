import { z } from 'zod';
import { jiraAsApp, jiraAsUser } from '../jira/client';
import { SETUP_STEP_KEYS } from '../shared/api';
import { setUpProject } from '../services/setup';
import { listOverriddenProjects } from '../storage/framework-store';
import { listProjectSetups } from '../storage/setup-store';
import { noPayload, type ResolverDefinition } from './guard';
import { projectKey } from './requirements';

export const runSetup: ResolverDefinition<'setup.run', 'global'> = {
  key: 'setup.run',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: z.object({ projectKey, through: z.enum(SETUP_STEP_KEYS).optional() }).strict(),
  run: ({ payload, caller }) => setUpProject(jiraAsApp(), payload.projectKey, () => new Date(), caller.locale, payload.through),
};

export const listProjectSetupStatus: ResolverDefinition<'setup.projects', 'global'> = {
  key: 'setup.projects',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: noPayload,
  async run() {
    const [projects, setups, overridden] = await Promise.all([
      jiraAsUser().listProjects(),
      listProjectSetups(),
      listOverriddenProjects(),
    ]);
    const setUpAt = new Map(setups.map((setup) => [setup.projectKey, setup.completedAt]));
    return projects.map((project) => ({
      id: project.id,
      key: project.key,
      name: project.name,
      setUpAt: setUpAt.get(project.key) ?? null,
      ownFramework: overridden.includes(project.key),
    }));
  },
};
