import { z } from 'zod';
import { jiraAsApp } from '../jira/client';
import { followIssueEvent, type IssueEventOutcome } from '../services/issue-events';

/** The parts of avi:jira:created:issue / updated / deleted we read; everything else passes through unread. */
const issueEventSchema = z.object({
  eventType: z.string().optional(),
  issue: z.object({
    id: z.union([z.string().regex(/^[1-9][0-9]{0,17}$/), z.number().int().positive()]),
    key: z.string().optional(),
    fields: z.object({ project: z.object({ key: z.string().optional() }).optional() }).optional(),
  }),
  changelog: z
    .object({
      id: z.union([z.string(), z.number()]).optional(),
      items: z
        .array(
          z.object({
            field: z.string().optional(),
            fieldId: z.string().optional(),
            fromString: z.string().nullish(),
            toString: z.string().nullish(),
          }),
        )
        .optional(),
    })
    .optional(),
});

export type IssueEvent = z.input<typeof issueEventSchema>;

/** avi:jira:created:issue / updated / deleted: the event checked, then followed by the issue-events service. */
export async function onIssueEvent(raw: unknown): Promise<IssueEventOutcome> {
  const parsed = issueEventSchema.safeParse(raw);
  // A malformed event cannot become valid by retrying it.
  if (!parsed.success) return { status: 'ignored', reason: 'event without an issue id' };
  return followIssueEvent(jiraAsApp(), parsed.data);
}
