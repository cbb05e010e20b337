import {
  CUSTOMER_TYPES,
  GRADES,
  WEIGHTED_FACTORS,
  type CustomerType,
  type FrameworkSettings,
  type Grade,
  type WeightedFactor,
} from '../../../src/domain/framework';
import type { Violation } from '../../shared/api';

/**
 * The framework editor's form: every setting as the text the admin typed, keyed by its dotted
 * path (the same path a Violation names), and the conversion back to a candidate the domain
 * validator and the server judge.
 */

export type SettingPath =
  | `weights.${WeightedFactor}`
  | `factorScale.${'min' | 'max'}`
  | `gradeThresholds.${'S' | 'A' | 'B'}`
  | `threeFactorBands.${'high' | 'medium'}`
  | `valueCostScale.${'min' | 'max'}`
  | `quadrantSplit.${'highValueFrom' | 'highCostFrom'}`
  | `deadlineDays.${Grade}`
  | `customerTypeValue.${CustomerType}`;

export const SETTING_PATHS: readonly SettingPath[] = [
  ...WEIGHTED_FACTORS.map((factor): SettingPath => `weights.${factor}`),
  'factorScale.min',
  'factorScale.max',
  'gradeThresholds.S',
  'gradeThresholds.A',
  'gradeThresholds.B',
  'threeFactorBands.high',
  'threeFactorBands.medium',
  'valueCostScale.min',
  'valueCostScale.max',
  'quadrantSplit.highValueFrom',
  'quadrantSplit.highCostFrom',
  ...GRADES.map((grade): SettingPath => `deadlineDays.${grade}`),
  ...CUSTOMER_TYPES.map((type): SettingPath => `customerTypeValue.${type}`),
];
export type FormValues = Record<SettingPath, string>;

/** Settings that may be left empty (no deadline). */
const NULLABLE = (path: string) => path.startsWith('deadlineDays.');

function readSetting(settings: FrameworkSettings, path: string): number | null | undefined {
  const [section, key] = path.split('.') as [keyof FrameworkSettings, string];
  return (settings[section] as Record<string, number | null> | undefined)?.[key];
}

export function formFromSettings(settings: FrameworkSettings): FormValues {
  return Object.fromEntries(
    SETTING_PATHS.map((path) => {
      const value = readSetting(settings, path);
      return [path, value === null || value === undefined ? '' : String(value)];
    }),
  ) as FormValues;
}

/** Full-width digits and punctuation (typed with a Chinese input method) count as their ASCII forms. */
function normaliseDigits(text: string): string {
  return text.replace(/[０-９．－]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0)).trim();
}

/** A number when the text is one; empty → null (deadlines) or undefined (required); anything else stays text, so the validator names it. */
function parse(path: string, text: string): number | string | null | undefined {
  const clean = normaliseDigits(text);
  if (clean === '') return NULLABLE(path) ? null : undefined;
  const value = Number(clean);
  return /^-?\d+(\.\d+)?$/.test(clean) && Number.isFinite(value) ? value : clean;
}

export function candidateFromForm(form: FormValues): Record<string, Record<string, unknown>> {
  const candidate: Record<string, Record<string, unknown>> = {};
  for (const path of SETTING_PATHS) {
    const [section, key] = path.split('.') as [string, string];
    candidate[section] ??= {};
    candidate[section][key] = parse(path, form[path]);
  }
  return candidate;
}

/** Whole-percent weights typed so far, for the live total; unreadable ones count as 0. */
export function weightTotal(form: FormValues): number {
  return WEIGHTED_FACTORS.reduce((sum, factor) => {
    const value = parse(`weights.${factor}`, form[`weights.${factor}`]);
    return sum + (typeof value === 'number' ? value : 0);
  }, 0);
}

/** Violations grouped by the path they name; a server's `settings.` prefix is dropped. */
export function violationsByPath(violations: Violation[]): Map<string, Violation[]> {
  const byPath = new Map<string, Violation[]>();
  for (const violation of violations) {
    const path = violation.field.replace(/^settings\./, '');
    byPath.set(path, [...(byPath.get(path) ?? []), { ...violation, field: path }]);
  }
  return byPath;
}

/** Every leaf of a framework as [path, value], in the framework's own order. */
export function settingLeaves(settings: FrameworkSettings): [string, number | null][] {
  return SETTING_PATHS.map((path) => [path, readSetting(settings, path) ?? null]);
}
