import { z } from 'zod';
import { webTriggerUrl } from '../jira/app-identity';
import { intakeSecretStatus, rotateIntakeSecret, WEB_INTAKE_MODULE_KEY } from '../services/web-intake';
import type { ResolverDefinition } from './guard';
import { projectKey } from './requirements';

/** The web trigger's URL (one per installation) with the project it feeds. */
async function intakeUrl(key: string): Promise<string> {
  const url = new URL(await webTriggerUrl(WEB_INTAKE_MODULE_KEY));
  url.searchParams.set('project', key);
  return url.toString();
}

export const getIntakeStatus: ResolverDefinition<'intake.status', 'project'> = {
  key: 'intake.status',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  payload: z.object({ projectKey }).strict(),
  async run({ target }) {
    const key = target.projectKey;
    const { createdAt } = await intakeSecretStatus(key);
    return { projectKey: key, url: await intakeUrl(key), secretCreatedAt: createdAt };
  },
};

export const rotateIntakeSecretResolver: ResolverDefinition<'intake.rotateSecret', 'project'> = {
  key: 'intake.rotateSecret',
  access: { scope: 'project', permission: 'ADMINISTER_PROJECTS' },
  payload: z.object({ projectKey }).strict(),
  async run({ target, caller }) {
    const key = target.projectKey;
    const { secret, createdAt } = await rotateIntakeSecret(key, caller.accountId, new Date());
    return { projectKey: key, url: await intakeUrl(key), secretCreatedAt: createdAt, secret };
  },
};
