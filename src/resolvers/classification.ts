import { z } from 'zod';
import { TAG_CODE_MAX_LENGTH } from '../domain/kind-tags';
import { classificationValues } from '../domain/text';
import type { PayloadOf } from '../shared/api';
import { classificationView, saveClassification } from '../services/classification';
import { type ResolverDefinition, noPayload } from './guard';

export const getClassification: ResolverDefinition<'classification.get', 'issue'> = {
  key: 'classification.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ target }) => classificationView(target.issueId),
};

const choice = (dimension: 'nature' | 'kind') =>
  z
    .enum(classificationValues(dimension) as [string, ...string[]])
    .nullable()
    .optional();

export const saveClassificationChoice: ResolverDefinition<'classification.save', 'issue'> = {
  key: 'classification.save',
  access: { scope: 'issue', permission: 'EDIT_ISSUES' },
  // The tag's code is checked against the project's lists in the service, which names the field and the rule.
  payload: z
    .object({
      nature: choice('nature'),
      kind: choice('kind'),
      kindTag: z.string().max(TAG_CODE_MAX_LENGTH).nullable().optional(),
    })
    .strict() as unknown as z.ZodType<PayloadOf<'classification.save'>>,
  run: ({ payload, target }) => saveClassification(target.issueId, payload),
};
