import { isPlainObject } from './checks';
import { addDays, daysBetween } from './delivery/deadlines';
import { fail, ok, type Result, type Violation } from './result';

/**
 * Key dates (关键节点) of an accepted requirement: a planned and an actual day per milestone. The
 * source documents plan each requirement with 需求细化, 开发启动 and 测试验收 (XY2024001: week 1,
 * week 3 and week 5 of a 6-week plan); each project may rename them, add or remove some (delivery
 * rules). Pure: "today" is passed in.
 */

/** One milestone of a project's plan. */
export interface MilestoneSetting {
  /** Stable id stored with the dates, so renaming a milestone keeps them. */
  code: string;
  label: { en: string; zh: string };
  /**
   * Where its planned day falls by default, in whole percent of the plan from acceptance to the due
   * date: the XY2024001 plan puts the milestones at the end of weeks 1, 3 and 5 of 6 (17, 50, 83 %).
   */
  planShare: number;
}

export const DEFAULT_MILESTONES: readonly MilestoneSetting[] = [
  { code: 'refinement', label: { en: 'Requirement refinement', zh: '需求细化' }, planShare: 17 },
  { code: 'development', label: { en: 'Development start', zh: '开发启动' }, planShare: 50 },
  { code: 'acceptance', label: { en: 'Test acceptance', zh: '测试验收' }, planShare: 83 },
];

/** Six milestones with their dates fit the 255 characters of the field that stores them (see MAX_CODE_LENGTH). */
export const MAX_MILESTONES = 6;
export const MAX_CODE_LENGTH = 16;
export const MAX_LABEL_LENGTH = 40;
/** The XY2024001 plan: six weeks from acceptance, used when a requirement has no due date to scale by. */
export const DEFAULT_PLAN_DAYS = 42;

const CODE = /^[a-z][a-z0-9-]{0,15}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A real calendar day: 2024-02-30 is not one (Date would roll it into March). */
const isDay = (value: unknown): value is string => {
  if (typeof value !== 'string' || !DAY.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
};

/** A project's milestones as the delivery rules' editor sends them. */
export function validateMilestones(raw: unknown): Result<MilestoneSetting[]> {
  if (!Array.isArray(raw))
    return fail([{ field: 'keyDates', rule: 'type', message: 'Key dates: must be a list of milestones.' }]);
  const violations: Violation[] = [];
  if (raw.length === 0)
    violations.push({ field: 'keyDates', rule: 'required', message: 'Key dates: keep at least one milestone.' });
  if (raw.length > MAX_MILESTONES)
    violations.push({
      field: 'keyDates',
      rule: 'length',
      message: `Key dates: at most ${MAX_MILESTONES} milestones.`,
      params: { max: MAX_MILESTONES, length: raw.length },
    });
  const milestones: MilestoneSetting[] = [];
  raw.slice(0, MAX_MILESTONES).forEach((entry, index) => {
    const path = `keyDates.${index}`;
    const value = isPlainObject(entry) ? entry : {};
    const code = typeof value.code === 'string' ? value.code.trim() : '';
    if (!CODE.test(code))
      violations.push({
        field: `${path}.code`,
        rule: 'syntax',
        message: `${path}.code: lower-case letters, digits and hyphens, at most ${MAX_CODE_LENGTH}, starting with a letter.`,
      });
    else if (milestones.some((known) => known.code === code))
      violations.push({ field: `${path}.code`, rule: 'unique', message: `${path}.code: ${code} is listed twice.` });
    const label = isPlainObject(value.label) ? value.label : {};
    const names = {
      en: typeof label.en === 'string' ? label.en.trim() : '',
      zh: typeof label.zh === 'string' ? label.zh.trim() : '',
    };
    for (const language of ['en', 'zh'] as const) {
      const name = names[language];
      if (!name)
        violations.push({
          field: `${path}.label.${language}`,
          rule: 'required',
          message: `Milestone ${index + 1}: its ${language === 'en' ? 'English' : 'Chinese'} name is required.`,
        });
      else if (name.length > MAX_LABEL_LENGTH) {
        violations.push({
          field: `${path}.label.${language}`,
          rule: 'length',
          message: `Milestone ${index + 1}: a name has at most ${MAX_LABEL_LENGTH} characters.`,
          params: { max: MAX_LABEL_LENGTH, length: name.length },
        });
      }
    }
    const share = value.planShare;
    if (typeof share !== 'number' || !Number.isInteger(share) || share < 0 || share > 100) {
      violations.push({
        field: `${path}.planShare`,
        rule: 'range',
        message: `Milestone ${index + 1}: its place in the plan is a whole percent from 0 to 100.`,
        params: { min: 0, max: 100 },
      });
    } else if (milestones.length > 0 && share < milestones[milestones.length - 1]!.planShare) {
      violations.push({
        field: `${path}.planShare`,
        rule: 'order',
        message: `Milestone ${index + 1}: its place in the plan cannot come before the milestone above it.`,
      });
    }
    milestones.push({ code, label: names, planShare: typeof share === 'number' ? share : 0 });
  });
  return violations.length > 0 ? fail(violations) : ok(milestones);
}

/** One milestone's dates as stored (yyyy-mm-dd). */
export interface KeyDate {
  code: string;
  planned: string | null;
  actual: string | null;
}

/**
 * The read-only "Key dates" field: `code:planned/actual` per milestone with any date, joined by
 * "; ", e.g. "refinement:2024-05-08/2024-05-07; development:2024-05-22". Codes, not names, so a
 * renamed milestone keeps its dates; null when nothing is set, so JQL's `is EMPTY` finds unplanned ones.
 */
export function formatKeyDatesField(dates: readonly KeyDate[]): string | null {
  const parts = dates
    .filter((date) => date.planned !== null || date.actual !== null)
    .map((date) => `${date.code}:${date.planned ?? ''}${date.actual ? `/${date.actual}` : ''}`);
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Reads the field back; a part it does not recognise is left out. */
export function parseKeyDatesField(text: unknown): KeyDate[] {
  if (typeof text !== 'string') return [];
  return text.split(';').flatMap((part) => {
    const match = /^\s*([a-z][a-z0-9-]*):([0-9-]*)(?:\/([0-9-]+))?\s*$/.exec(part);
    if (!match) return [];
    const planned = isDay(match[2]) ? match[2] : null;
    const actual = isDay(match[3]) ? match[3] : null;
    return planned || actual ? [{ code: match[1]!, planned, actual }] : [];
  });
}

export type MilestoneState = 'done' | 'done-late' | 'late' | 'planned' | 'unplanned';

export interface MilestoneStatus extends KeyDate {
  state: MilestoneState;
  /** Days past the planned day: of the actual day when done late, of today when late; otherwise 0. */
  daysLate: number;
}

/** The project's milestones in order, each with its dates and where it stands today. Dates of a milestone the project no longer has are left out. */
export function milestoneStatuses(
  dates: readonly KeyDate[],
  milestones: readonly MilestoneSetting[],
  today: string,
): MilestoneStatus[] {
  return milestones.map(({ code }) => {
    const stored = dates.find((date) => date.code === code);
    const planned = stored?.planned ?? null;
    const actual = stored?.actual ?? null;
    if (actual !== null) {
      const late = planned !== null && actual > planned;
      return { code, planned, actual, state: late ? 'done-late' : 'done', daysLate: late ? daysBetween(planned, actual) : 0 };
    }
    if (planned === null) return { code, planned, actual, state: 'unplanned', daysLate: 0 };
    return planned < today
      ? { code, planned, actual, state: 'late', daysLate: daysBetween(planned, today) }
      : { code, planned, actual, state: 'planned', daysLate: 0 };
  });
}

/** The milestone to watch: the open one (planned, not done) with the earliest planned day; on a tie, the earlier in the plan. */
export function nextMilestone(statuses: readonly MilestoneStatus[]): MilestoneStatus | null {
  return statuses
    .filter((status) => status.state === 'late' || status.state === 'planned')
    .reduce<MilestoneStatus | null>((next, status) => (next === null || status.planned! < next.planned! ? status : next), null);
}

/**
 * The read-only "Next key date" field: the planned day of the next open milestone, so the reminder
 * run finds the late ones with one JQL (`cf[N] < today`) instead of reading every requirement.
 */
export function nextKeyDate(dates: readonly KeyDate[], milestones: readonly MilestoneSetting[]): string | null {
  const open = milestones.flatMap(({ code }) =>
    dates.filter((date) => date.code === code && date.planned !== null && date.actual === null).map((date) => date.planned!),
  );
  return open.length > 0 ? open.reduce((earliest, day) => (day < earliest ? day : earliest)) : null;
}

/**
 * The default plan from the acceptance day: each milestone at its share of the days to the due date
 * (the grade's deadline, or a date a person set), rounded to the nearest day; without a due date
 * after acceptance, of the XY2024001 six weeks.
 */
export function proposedPlan(acceptedOn: string, dueDate: string | null, milestones: readonly MilestoneSetting[]): KeyDate[] {
  const span = dueDate !== null && daysBetween(acceptedOn, dueDate) > 0 ? daysBetween(acceptedOn, dueDate) : DEFAULT_PLAN_DAYS;
  return milestones.map((milestone) => ({
    code: milestone.code,
    planned: addDays(acceptedOn, Math.round((span * milestone.planShare) / 100)),
    actual: null,
  }));
}

/**
 * Dates a person enters on the panel: each milestone one of the project's, each date a real day,
 * an actual day not after today (the site's day). Returned in the plan's order.
 */
export function validateKeyDatesInput(raw: unknown, milestones: readonly MilestoneSetting[], today: string): Result<KeyDate[]> {
  const entries = isPlainObject(raw) && Array.isArray(raw.dates) ? raw.dates : null;
  if (entries === null)
    return fail([{ field: 'keyDates', rule: 'type', message: 'Key dates: must be a list of milestones with their dates.' }]);
  const violations: Violation[] = [];
  const found = new Map<string, KeyDate>();
  entries.forEach((entry, index) => {
    const value = isPlainObject(entry) ? entry : {};
    const code = typeof value.code === 'string' ? value.code : '';
    if (!milestones.some((milestone) => milestone.code === code)) {
      violations.push({
        field: `keyDates.${index}.code`,
        rule: 'enum',
        message: `Key dates: "${code}" is not a milestone of this project.`,
        params: { value: code },
      });
      return;
    }
    if (found.has(code)) {
      violations.push({
        field: `keyDates.${code}`,
        rule: 'unique',
        message: `Key dates: ${code} is given twice.`,
        params: { milestone: code },
      });
      return;
    }
    const day = (name: 'planned' | 'actual'): string | null => {
      const given = value[name];
      if (given === null || given === undefined || given === '') return null;
      if (!isDay(given)) {
        violations.push({
          field: `keyDates.${code}.${name}`,
          rule: 'type',
          message: `Key dates: the ${name} day of ${code} must be a date such as 2024-05-08.`,
          params: { milestone: code },
        });
        return null;
      }
      return given;
    };
    const planned = day('planned');
    const actual = day('actual');
    if (actual !== null && actual > today) {
      violations.push({
        field: `keyDates.${code}.actual`,
        rule: 'order',
        message: `Key dates: the actual day of ${code} cannot be after today (${today}).`,
        params: { milestone: code, limit: today },
      });
    }
    found.set(code, { code, planned, actual });
  });
  if (violations.length > 0) return fail(violations);
  return ok(milestones.flatMap((milestone) => found.get(milestone.code) ?? []));
}

export interface KeyDateReminder {
  code: string;
  planned: string;
  daysLate: number;
  /** Like an overdue requirement: the owner is reminded, and from the project's escalation day on the project lead too. */
  action: 'remind' | 'escalate';
}

/**
 * The reminders a requirement's late milestones call for today: one per late milestone, "remind"
 * while it is fewer than `escalateAfterDays` late, then "escalate". The caller sends each action
 * once per milestone and planned day (a new planned day is a new reminder).
 */
export function keyDateReminders(statuses: readonly MilestoneStatus[], escalateAfterDays: number): KeyDateReminder[] {
  return statuses
    .filter((status) => status.state === 'late')
    .map((status) => ({
      code: status.code,
      planned: status.planned!,
      daysLate: status.daysLate,
      action: status.daysLate >= escalateAfterDays ? 'escalate' : 'remind',
    }));
}
