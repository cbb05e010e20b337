import { z } from 'zod';
import { CAPTURE_FIELDS, CAPTURE_LIMITS } from '../domain/record';
import type { CaptureForm } from '../shared/api';
import { captureDemand, captureNewRequirement, captureView } from '../services/capture';
import { similarToDraft } from '../services/duplicates';
import { issueKey } from './duplicates';
import type { ResolverDefinition } from './guard';
import { projectKey } from './requirements';

/**
 * The project page's quick-capture subpage. Who may browse the project sees likely duplicates;
 * creating a requirement needs Create issues in the project, adding demand to one Edit issues on it.
 * The form's own rules (required, length, value lists, dates) are checked by the service, which
 * names each field and rule; the schema here only bounds the payload.
 */

/** Longer than any field allows, so the service's length rule (naming the field) answers, not this bound. */
const LONGEST_FIELD = Math.max(...Object.values(CAPTURE_LIMITS)) + 1_000;
const captureForm = z
  .object(Object.fromEntries(CAPTURE_FIELDS.map((field) => [field, z.string().max(LONGEST_FIELD).optional()])))
  .strict() as unknown as z.ZodType<CaptureForm>;

export const getCapture: ResolverDefinition<'capture.get', 'project'> = {
  key: 'capture.get',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ projectKey: projectKey.optional() }).strict(),
  run: ({ caller, target }) => captureView(target.projectKey, target.projectId, caller.accountId),
};

export const similarToCapture: ResolverDefinition<'capture.similar', 'project'> = {
  key: 'capture.similar',
  access: { scope: 'project', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      projectKey: projectKey.optional(),
      summary: z.string().max(LONGEST_FIELD),
      words: z.string().max(LONGEST_FIELD).optional(),
    })
    .strict(),
  run: ({ payload, target }) => similarToDraft(target.projectKey, { summary: payload.summary, words: payload.words ?? '' }),
};

export const createCaptured: ResolverDefinition<'capture.create', 'project'> = {
  key: 'capture.create',
  access: { scope: 'project', permission: 'CREATE_ISSUES' },
  payload: z.object({ projectKey: projectKey.optional(), form: captureForm }).strict(),
  run: ({ payload, caller, target }) => captureNewRequirement(target.projectKey, payload.form, caller.accountId),
};

export const addCapturedDemand: ResolverDefinition<'capture.addDemand', 'named-issue'> = {
  key: 'capture.addDemand',
  access: { scope: 'named-issue', permission: 'EDIT_ISSUES' },
  payload: z.object({ projectKey, issueKey, form: captureForm }).strict(),
  run: ({ payload, target }) =>
    captureDemand(payload.projectKey, { issueId: target.issueId, issueKey: payload.issueKey }, payload.form),
};
