import type { Violation } from './result';
import { isPlainObject } from './checks';
import type { ReportPeriod } from './reports';

/** What a priority gadget shows: requirements by priority, or one of the managers' reports. */
export const GADGET_KINDS = ['grades', 'top', 'quadrants', 'moscow', 'overdue', 'on-time', 'notice', 'satisfaction'] as const;
export type GadgetKind = (typeof GADGET_KINDS)[number];
/** Kinds whose figures come from the app's delivery records of one project (src/domain/reports.ts), not from a search. */
export const REPORT_GADGET_KINDS: readonly GadgetKind[] = ['on-time', 'notice', 'satisfaction'];
export const isReportKind = (kind: GadgetKind): boolean => REPORT_GADGET_KINDS.includes(kind);

/** The months a report gadget covers, counted back from the site's day when it opens. */
export const GADGET_PERIODS = ['last-3-months', 'last-6-months', 'last-12-months', 'this-quarter', 'this-year'] as const;
export type GadgetPeriod = (typeof GADGET_PERIODS)[number];
/** What a report gadget saved before it had a period showed: the six months up to today's. */
export const DEFAULT_GADGET_PERIOD: GadgetPeriod = 'last-6-months';
/** As long as the Reports subpage's JQL box accepts (`reports.get`). */
export const GADGET_JQL_MAX = 2000;

export type GadgetSource = { type: 'project'; projectKey: string } | { type: 'filter'; filterId: string; filterName: string };

export interface GadgetConfig {
  source: GadgetSource;
  kind: GadgetKind;
  /** How many requirements the "top" kind lists. */
  topN: number;
  /** The report kinds' months. */
  period: GadgetPeriod;
  /** The report kinds' narrowing, as the Reports subpage's JQL box ('' for the whole project). */
  jql: string;
}

export const DEFAULT_TOP_N = 10;
export const MAX_TOP_N = 50;

const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,49}$/;
const FILTER_ID = /^[1-9][0-9]{0,17}$/;

/**
 * Reads a gadget's saved settings, or the settings its edit form is about to save. Settings saved
 * before gadget kinds existed held only a project key; they read as the grade distribution.
 */
export function parseGadgetConfig(raw: unknown): { ok: true; config: GadgetConfig } | { ok: false; violations: Violation[] } {
  const value = isPlainObject(raw) ? raw : {};
  const violations: Violation[] = [];
  let source: GadgetSource | null = null;
  const type = value.source === 'filter' ? 'filter' : 'project';
  if (type === 'project') {
    if (typeof value.projectKey === 'string' && PROJECT_KEY.test(value.projectKey))
      source = { type, projectKey: value.projectKey };
    else
      violations.push({
        field: 'projectKey',
        rule: 'required',
        message: 'Project: choose the project whose requirements the gadget shows.',
      });
  } else if (typeof value.filterId === 'string' && FILTER_ID.test(value.filterId)) {
    source = {
      type,
      filterId: value.filterId,
      filterName: typeof value.filterName === 'string' ? value.filterName : value.filterId,
    };
  } else {
    violations.push({
      field: 'filterId',
      rule: 'required',
      message: 'Saved filter: choose the filter whose requirements the gadget shows.',
    });
  }
  const kind = value.kind === undefined ? 'grades' : value.kind;
  if (!(GADGET_KINDS as readonly unknown[]).includes(kind)) {
    violations.push({ field: 'kind', rule: 'enum', message: `Show: must be one of ${GADGET_KINDS.join(', ')}.` });
  }
  const topN = value.topN === undefined || value.topN === '' ? DEFAULT_TOP_N : Number(value.topN);
  if (!Number.isInteger(topN) || topN < 1 || topN > MAX_TOP_N) {
    violations.push({
      field: 'topN',
      rule: 'range',
      message: `How many: must be a whole number from 1 to ${MAX_TOP_N}.`,
      params: { min: 1, max: MAX_TOP_N },
    });
  }
  const period = value.period === undefined || value.period === '' ? DEFAULT_GADGET_PERIOD : value.period;
  if (!(GADGET_PERIODS as readonly unknown[]).includes(period)) {
    violations.push({ field: 'period', rule: 'enum', message: `Period: must be one of ${GADGET_PERIODS.join(', ')}.` });
  }
  const jql = value.jql === undefined ? '' : value.jql;
  if (typeof jql !== 'string' || jql.trim().length > GADGET_JQL_MAX) {
    violations.push({
      field: 'jql',
      rule: 'length',
      message: `JQL: at most ${GADGET_JQL_MAX} characters.`,
      params: { max: GADGET_JQL_MAX, length: typeof jql === 'string' ? jql.trim().length : 0 },
    });
  }
  if (source?.type === 'filter' && isReportKind(kind as GadgetKind)) {
    violations.push({
      field: 'kind',
      rule: 'mismatch',
      message: 'Show: a report counts one project’s delivery records; choose a project as the source.',
    });
  }
  if (violations.length > 0 || !source) return { ok: false, violations };
  return {
    ok: true,
    config: { source, kind: kind as GadgetKind, topN, period: period as GadgetPeriod, jql: (jql as string).trim() },
  };
}

/** The shape saved with the gadget (flat, as Jira stores gadget configuration). */
export function serialiseGadgetConfig(config: GadgetConfig): Record<string, string | number> {
  const source: Record<string, string> =
    config.source.type === 'project'
      ? { source: 'project', projectKey: config.source.projectKey }
      : { source: 'filter', filterId: config.source.filterId, filterName: config.source.filterName };
  // Period and JQL are strings, as Jira keeps a gadget's `config` property (every value a string).
  const report: Record<string, string> = isReportKind(config.kind) ? { period: config.period, jql: config.jql } : {};
  return { ...source, kind: config.kind, topN: config.topN, ...report };
}

const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthOf = (index: number): string => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

/** A report gadget's whole months on the site's day `today` (YYYY-MM-DD): each period ends with today's month. */
export function gadgetReportPeriod(period: GadgetPeriod, today: string): ReportPeriod {
  const to = monthIndex(today.slice(0, 7));
  const months = {
    'last-3-months': 3,
    'last-6-months': 6,
    'last-12-months': 12,
    'this-quarter': (to % 3) + 1,
    'this-year': (to % 12) + 1,
  }[period];
  return { from: monthOf(to - months + 1), to: monthOf(to) };
}
