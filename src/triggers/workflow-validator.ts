import { z } from 'zod';
import { TRANSITION_RULES, transitionRuleMessage, type TransitionRule } from '../domain/delivery/workflow-rules';
import { message } from '../domain/messages';
import { writeFor } from '../platform/translate';
import { transitionBlockers } from '../services/workflow-rules';

/** What Jira passes a Forge workflow validator function; anything else passes through unread. */
const issueId = z.union([z.string().regex(/^[1-9][0-9]{0,17}$/), z.number().int().positive()]).transform(String);
const validatorEventSchema = z
  .object({
    issue: z
      .object({
        id: issueId.optional(),
        key: z
          .string()
          .regex(/^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/)
          .optional(),
      })
      .refine((issue) => issue.id !== undefined || issue.key !== undefined),
    // The stringified JSON the rule was added with (see src/services/requirement-workflow.ts).
    configuration: z.unknown().optional(),
  })
  .loose();

const ruleConfigSchema = z.object({ rule: z.enum(TRANSITION_RULES) });

const RULE_NOT_CHECKED = message('server.rule.not_checked');
const RULE_NOT_CONFIGURED = message('server.rule.not_configured');

function ruleOf(configuration: unknown): TransitionRule | null {
  let value = configuration;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value) as unknown;
    } catch {
      return null;
    }
  }
  const parsed = ruleConfigSchema.safeParse(value);
  return parsed.success ? parsed.data.rule : null;
}

export interface ValidatorResult {
  result: boolean;
  errorMessage?: string;
}

/**
 * The jira:workflowValidator function: decides whether a Requirement may move into In progress or
 * Closed and, when not, says exactly what is missing. Fails closed: an event it cannot read or an
 * error while reading refuses the transition, saying the check could not be made. Jira passes the
 * function no user or locale (https://developer.atlassian.com/platform/forge/manifest-reference/modules/jira-workflow-validator/),
 * so the refusal is written in both languages, Chinese first.
 */
export async function checkWorkflowRule(raw: unknown): Promise<ValidatorResult> {
  const parsed = validatorEventSchema.safeParse(raw);
  if (!parsed.success) return { result: false, errorMessage: await writeFor(null, [RULE_NOT_CHECKED]) };
  const rule = ruleOf(parsed.data.configuration);
  if (rule === null) return { result: false, errorMessage: await writeFor(null, [RULE_NOT_CONFIGURED]) };
  try {
    const blockers = await transitionBlockers(rule, parsed.data.issue);
    return blockers.length === 0
      ? { result: true }
      : { result: false, errorMessage: await writeFor(null, transitionRuleMessage(rule, blockers)) };
  } catch (error) {
    // No issue data in the log line, only what failed.
    console.warn('workflow rule not checked:', error instanceof Error ? error.name : 'unknown error');
    return { result: false, errorMessage: await writeFor(null, [RULE_NOT_CHECKED]) };
  }
}
