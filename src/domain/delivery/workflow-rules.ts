import { message, type Message } from '../messages';
import { parseMoscow } from '../scoring';
import { closeBlockers, type ClosureRecord } from './closure';
import { summariseFeasibility, type FeasibilityMark } from './feasibility';

/** What stops a move to In progress: all three feasibility marks, none of them (as it stands now) not feasible. */
export function startBlockers(history: readonly FeasibilityMark[]): Message[] {
  const { missing, notFeasible } = summariseFeasibility(history);
  return [
    ...missing.map((dimension) => message(`server.blocker.feasibility_missing.${dimension}`)),
    ...notFeasible.map((dimension) => message(`server.blocker.not_feasible.${dimension}`)),
  ];
}

/** The workflow rules setup installs on transitions: into In progress (`start`) and into Closed (`close`). */
export const TRANSITION_RULES = ['start', 'close'] as const;
export type TransitionRule = (typeof TRANSITION_RULES)[number];

/** What the close rule needs to know of a requirement besides its closure record. */
export interface CloseSituation {
  /** It is in Done: closing it ends the delivery loop. Anything else is closed unfinished (rejected). */
  delivered: boolean;
  moscow: string | null;
  wontHaveReason: string | null;
  /** It was merged into another requirement, which carries the customer loop on; the merge closes it. */
  mergedDuplicate: boolean;
}

/**
 * What stops a move to Closed. A merged duplicate closes freely; a Won't-have, or a requirement
 * closed without reaching Done, needs its reason and the notice to the customer; a delivered one
 * needs the notice and the follow-up (or a waiver).
 */
export function closeRuleBlockers(record: ClosureRecord, situation: CloseSituation): Message[] {
  if (situation.mergedDuplicate) return [];
  const unfinished = parseMoscow(situation.moscow) === "Won't" || !situation.delivered;
  return closeBlockers(record, unfinished ? { reason: situation.wontHaveReason } : null);
}

/** The message a blocked user sees: what the rule guards, then one sentence per gap. */
export function transitionRuleMessage(rule: TransitionRule, blockers: readonly Message[]): Message[] {
  return [message(rule === 'start' ? 'server.rule.start.lead' : 'server.rule.close.lead'), ...blockers];
}
