import { z } from 'zod';
import { rescoringStatus } from '../services/rescoring';
import type { ResolverDefinition } from './guard';

export const getRescoringStatus: ResolverDefinition<'rescoring.status', 'global'> = {
  key: 'rescoring.status',
  access: { scope: 'global', permission: 'ADMINISTER' },
  payload: z.object({ jobId: z.string().uuid().optional() }).strict(),
  run: ({ payload }) => rescoringStatus(payload.jobId),
};
