import type { Violation } from './result';
import { isPlainObject } from './checks';

/** What a priority gadget shows: requirements by priority, or one of the managers' reports. */
export const GADGET_KINDS = ['grades', 'top', 'quadrants', 'moscow', 'overdue', 'on-time', 'notice', 'satisfaction'] as const;
export type GadgetKind = (typeof GADGET_KINDS)[number];
/** Kinds whose figures come from the app's delivery records of one project (src/domain/reports.ts), not from a search. */
export const REPORT_GADGET_KINDS: readonly GadgetKind[] = ['on-time', 'notice', 'satisfaction'];
export const isReportKind = (kind: GadgetKind): boolean => REPORT_GADGET_KINDS.includes(kind);

export type GadgetSource = { type: 'project'; projectKey: string } | { type: 'filter'; filterId: string; filterName: string };

export interface GadgetConfig {
  source: GadgetSource;
  kind: GadgetKind;
  /** How many requirements the "top" kind lists. */
  topN: number;
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
    if (typeof value.projectKey === 'string' && PROJECT_KEY.test(value.projectKey)) source = { type, projectKey: value.projectKey };
    else violations.push({ field: 'projectKey', rule: 'required', message: 'Project: choose the project whose requirements the gadget shows.' });
  } else if (typeof value.filterId === 'string' && FILTER_ID.test(value.filterId)) {
    source = { type, filterId: value.filterId, filterName: typeof value.filterName === 'string' ? value.filterName : value.filterId };
  } else {
    violations.push({ field: 'filterId', rule: 'required', message: 'Saved filter: choose the filter whose requirements the gadget shows.' });
  }
  const kind = value.kind === undefined ? 'grades' : value.kind;
  if (!(GADGET_KINDS as readonly unknown[]).includes(kind)) {
    violations.push({ field: 'kind', rule: 'enum', message: `Show: must be one of ${GADGET_KINDS.join(', ')}.` });
  }
  const topN = value.topN === undefined || value.topN === '' ? DEFAULT_TOP_N : Number(value.topN);
  if (!Number.isInteger(topN) || topN < 1 || topN > MAX_TOP_N) {
    violations.push({ field: 'topN', rule: 'range', message: `How many: must be a whole number from 1 to ${MAX_TOP_N}.`, params: { min: 1, max: MAX_TOP_N } });
  }
  if (source?.type === 'filter' && isReportKind(kind as GadgetKind)) {
    violations.push({ field: 'kind', rule: 'mismatch', message: 'Show: a report counts one project’s delivery records; choose a project as the source.' });
  }
  if (violations.length > 0 || !source) return { ok: false, violations };
  return { ok: true, config: { source, kind: kind as GadgetKind, topN } };
}

/** The shape saved with the gadget (flat, as Jira stores gadget configuration). */
export function serialiseGadgetConfig(config: GadgetConfig): Record<string, string | number> {
  const source: Record<string, string> =
    config.source.type === 'project' ? { source: 'project', projectKey: config.source.projectKey } : { source: 'filter', filterId: config.source.filterId, filterName: config.source.filterName };
  return { ...source, kind: config.kind, topN: config.topN };
}
