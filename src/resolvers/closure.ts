import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { closeReady, closureView, recordFollowUp, recordNotice, recordWaiver, reopenUnsatisfied } from '../services/closure';
import { noPayload, type ResolverDefinition } from './guard';

const instant = z.string().max(40);
// Its length rule is the domain's (MAX_NOTE_LENGTH), so the refusal names the field and the limit; the invoke limit bounds the rest.
const note = z.string();

export const getClosure: ResolverDefinition<'closure.get', 'issue'> = {
  key: 'closure.get',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: noPayload,
  run: ({ caller, target }) => closureView(jiraAsApp(), target.issueId, caller),
};

/** Duty checks (customer contact, waiver) run in the service, after the guard's Browse projects. */
export const recordClosureNotice: ResolverDefinition<'closure.notice', 'issue'> = {
  key: 'closure.notice',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({ channel: z.string().max(40), at: instant, summary: note, customers: z.array(z.string().max(400)).max(100) })
    .strict(),
  run: ({ payload, caller, target }) => recordNotice(jiraAsApp(), target.issueId, caller, payload),
};

export const recordClosureFollowUp: ResolverDefinition<'closure.followUp', 'issue'> = {
  key: 'closure.followUp',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z
    .object({
      at: instant,
      answers: z
        .array(z.object({ customer: z.string().max(400), satisfaction: z.number(), comment: note.optional() }).strict())
        .max(100),
    })
    .strict(),
  run: ({ payload, caller, target }) => recordFollowUp(jiraAsApp(), target.issueId, caller, payload),
};

export const waiveClosureFollowUp: ResolverDefinition<'closure.waive', 'issue'> = {
  key: 'closure.waive',
  access: { scope: 'issue', permission: 'BROWSE_PROJECTS' },
  payload: z.object({ reason: note }).strict(),
  run: ({ payload, caller, target }) => recordWaiver(jiraAsApp(), target.issueId, caller, payload),
};

export const reopenClosure: ResolverDefinition<'closure.reopen', 'issue'> = {
  key: 'closure.reopen',
  access: { scope: 'issue', permission: 'TRANSITION_ISSUES' },
  payload: noPayload,
  run: ({ caller, target }) => reopenUnsatisfied(jiraAsApp(), target.issueId, caller),
};

/** The Close step once ready: Transition issues here, the workflow's own rules in Jira. */
export const closeClosure: ResolverDefinition<'closure.close', 'issue'> = {
  key: 'closure.close',
  access: { scope: 'issue', permission: 'TRANSITION_ISSUES' },
  payload: noPayload,
  run: ({ caller, target }) => closeReady(jiraAsApp(), target.issueId, caller),
};
