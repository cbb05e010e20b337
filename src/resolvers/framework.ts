import { z } from 'zod';
import { currentFramework } from '../services/framework';
import { listFrameworkVersions } from '../storage/framework-store';
import type { ResolverDefinition } from './guard';

const empty = z.object({}).strict() as unknown as z.ZodType<Record<string, never>>;

export const getCurrentFramework: ResolverDefinition<'framework.current'> = {
  key: 'framework.current',
  access: { scope: 'signed-in' },
  payload: empty,
  run: () => currentFramework(),
};

export const getFrameworkHistory: ResolverDefinition<'framework.history'> = {
  key: 'framework.history',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: empty,
  async run() {
    await currentFramework();
    return listFrameworkVersions();
  },
};
