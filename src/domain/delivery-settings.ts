import { fail, ok, type Result, type Violation } from './result';
import { isPlainObject } from './checks';
import { DEFAULT_MILESTONES, validateMilestones, type MilestoneSetting } from './key-dates';
import type { MessageLocale } from './messages';

/**
 * Per-project rules of the delivery loop: who may set each feasibility mark, record the notice to
 * the customer and the follow-up, or waive the follow-up; and the loop's timings. Pure.
 */

export const DELIVERY_DUTIES = ['technical', 'business', 'compliance', 'customerContact', 'waiver'] as const;
export type DeliveryDuty = (typeof DELIVERY_DUTIES)[number];

/** A Jira project role or group whose members may carry out a duty. */
export interface DutyHolder {
  kind: 'role' | 'group';
  /** Project role id, or group id. */
  id: string;
  /** Shown on screens; Jira's name when it was chosen. */
  name: string;
}

/**
 * The language of what the app writes into Jira for everyone to read (reminder comments, the closure
 * record line, the quarterly review reminder): one language, or both with Chinese first. A refusal
 * shown to one user follows that user's language instead.
 */
export const JIRA_TEXT_LANGUAGES = ['both', 'zh-CN', 'en-US'] as const satisfies readonly ('both' | MessageLocale)[];
export type JiraTextLanguage = (typeof JIRA_TEXT_LANGUAGES)[number];

export interface DeliverySettings {
  /** An empty list means anyone who may edit the project's issues. */
  duties: Record<DeliveryDuty, DutyHolder[]>;
  /** Days overdue after which the reminder mentions the project lead as well. */
  escalateAfterDays: number;
  /** The follow-up with the customer is due this many days after the notice. */
  followUpDays: { from: number; to: number };
  /** Open requirements nobody re-scored for this many days are listed for review. */
  reviewAfterDays: number;
  /** The milestones each accepted requirement is planned with (key dates), in plan order. */
  keyDates: MilestoneSetting[];
  /** The language the app's comments and records in this project's issues are written in. */
  jiraTextLanguage: JiraTextLanguage;
}

export interface StoredDeliverySettings extends DeliverySettings {
  projectKey: string;
  /** Bumped on every save; a save that started from an older revision is a conflict. */
  revision: number;
  updatedBy: string | null;
  updatedAt: string | null;
}

export const DEFAULT_DELIVERY_SETTINGS: DeliverySettings = {
  duties: { technical: [], business: [], compliance: [], customerContact: [], waiver: [] },
  escalateAfterDays: 7,
  followUpDays: { from: 7, to: 14 },
  reviewAfterDays: 30,
  keyDates: [...DEFAULT_MILESTONES],
  jiraTextLanguage: 'both',
};

const MAX_HOLDERS = 20;
const isWholeIn = (value: unknown, min: number, max: number): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;

function validateHolders(raw: unknown, duty: DeliveryDuty, violations: Violation[]): DutyHolder[] {
  const field = `duties.${duty}`;
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) {
    violations.push({ field, rule: 'type', message: `${field}: must be a list of project roles or groups.` });
    return [];
  }
  if (raw.length > MAX_HOLDERS)
    violations.push({
      field,
      rule: 'length',
      message: `${field}: at most ${MAX_HOLDERS} roles or groups.`,
      params: { max: MAX_HOLDERS },
    });
  const holders: DutyHolder[] = [];
  raw.forEach((entry, index) => {
    const holder = isPlainObject(entry) ? entry : {};
    if (
      (holder.kind !== 'role' && holder.kind !== 'group') ||
      typeof holder.id !== 'string' ||
      !holder.id.trim() ||
      typeof holder.name !== 'string'
    ) {
      violations.push({
        field: `${field}.${index}`,
        rule: 'type',
        message: `${field}.${index}: must be a project role or a group (kind, id and name).`,
      });
      return;
    }
    if (holders.some((known) => known.kind === holder.kind && known.id === (holder.id as string).trim())) {
      violations.push({
        field: `${field}.${index}`,
        rule: 'unique',
        message: `${field}.${index}: ${holder.name} is listed twice.`,
      });
      return;
    }
    holders.push({ kind: holder.kind, id: holder.id.trim(), name: holder.name.trim().slice(0, 255) });
  });
  return holders;
}

export function validateDeliverySettings(raw: unknown): Result<DeliverySettings> {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  const rawDuties = isPlainObject(value.duties) ? value.duties : {};
  if (value.duties !== undefined && !isPlainObject(value.duties))
    violations.push({ field: 'duties', rule: 'type', message: 'duties: must name roles or groups per duty.' });
  const duties = Object.fromEntries(
    DELIVERY_DUTIES.map((duty) => [duty, validateHolders(rawDuties[duty], duty, violations)]),
  ) as Record<DeliveryDuty, DutyHolder[]>;

  if (!isWholeIn(value.escalateAfterDays, 1, 90)) {
    violations.push({
      field: 'escalateAfterDays',
      rule: 'range',
      message: 'Escalate after (days) must be a whole number from 1 to 90.',
      params: { min: 1, max: 90 },
    });
  }
  const followUp = isPlainObject(value.followUpDays) ? value.followUpDays : {};
  if (!isWholeIn(followUp.from, 1, 90)) {
    violations.push({
      field: 'followUpDays.from',
      rule: 'range',
      message: 'Follow-up from (days after the notice) must be a whole number from 1 to 90.',
      params: { min: 1, max: 90 },
    });
  }
  if (!isWholeIn(followUp.to, 1, 90)) {
    violations.push({
      field: 'followUpDays.to',
      rule: 'range',
      message: 'Follow-up until (days after the notice) must be a whole number from 1 to 90.',
      params: { min: 1, max: 90 },
    });
  } else if (isWholeIn(followUp.from, 1, 90) && followUp.to < followUp.from) {
    violations.push({
      field: 'followUpDays.to',
      rule: 'order',
      message: 'Follow-up until must not be earlier than follow-up from.',
    });
  }
  if (!isWholeIn(value.reviewAfterDays, 7, 365)) {
    violations.push({
      field: 'reviewAfterDays',
      rule: 'range',
      message: 'Review after (days without re-scoring) must be a whole number from 7 to 365.',
      params: { min: 7, max: 365 },
    });
  }
  // Settings saved before the language existed carry none: they keep writing both languages.
  const jiraTextLanguage = value.jiraTextLanguage === undefined ? 'both' : value.jiraTextLanguage;
  if (!(JIRA_TEXT_LANGUAGES as readonly unknown[]).includes(jiraTextLanguage)) {
    violations.push({
      field: 'jiraTextLanguage',
      rule: 'enum',
      message: `Language of the app's comments: must be one of ${JIRA_TEXT_LANGUAGES.join(', ')}.`,
      params: { allowed: JIRA_TEXT_LANGUAGES.join(', ') },
    });
  }
  // Settings saved before key dates existed carry none: they keep the default milestones.
  const keyDates = value.keyDates === undefined ? ok([...DEFAULT_MILESTONES]) : validateMilestones(value.keyDates);
  if (!keyDates.ok) return fail([...violations, ...keyDates.violations]);
  if (violations.length > 0) return fail(violations);
  return ok({
    duties,
    keyDates: keyDates.value,
    escalateAfterDays: value.escalateAfterDays as number,
    followUpDays: { from: followUp.from as number, to: followUp.to as number },
    reviewAfterDays: value.reviewAfterDays as number,
    jiraTextLanguage: jiraTextLanguage as JiraTextLanguage,
  });
}
