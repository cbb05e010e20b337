import { checkInteger, checkText, describeValue, isPlainObject, toTenths } from './checks';
import { APP_STRING_MAX_LENGTH, fieldLabels, type ComputedFieldName, type InputFieldName } from './fields';
import { GRADES, WEIGHTED_FACTORS, type FrameworkSettings, type FrameworkVersion, type Grade, type Scale } from './framework';
import { fail, ok, type Result, type Violation } from './result';

export const MOSCOW_VALUES = ['Must', 'Should', 'Could', "Won't"] as const;
export type Moscow = (typeof MOSCOW_VALUES)[number];

export const THREE_FACTOR_BANDS = ['high', 'medium', 'low'] as const;
export type ThreeFactorBand = (typeof THREE_FACTOR_BANDS)[number];
export const QUADRANTS = ['quick-win', 'major-project', 'fill-in', 'avoid'] as const;
export type Quadrant = (typeof QUADRANTS)[number];

/** What people enter on a Requirement. Every value is optional until a model needs it. */
export interface RequirementInputs {
  moscow: Moscow | null;
  wontReason: string | null;
  urgency: number | null;
  importance: number | null;
  feasibility: number | null;
  customerValue: number | null;
  businessValue: number | null;
  implementationCost: number | null;
}

export const EMPTY_INPUTS: RequirementInputs = {
  moscow: null,
  wontReason: null,
  urgency: null,
  importance: null,
  feasibility: null,
  customerValue: null,
  businessValue: null,
  implementationCost: null,
};

/** Input field names for the English refusals, from the fields' one definition. */
const INPUT_LABELS: Record<InputFieldName, string> = fieldLabels('en');

// The reason is a Forge `string` field: what it may hold is what the field holds.
const MAX_REASON_LENGTH = APP_STRING_MAX_LENGTH;
const FACTOR_FIELDS = ['urgency', 'importance', 'feasibility', 'customerValue'] as const;
const VALUE_COST_FIELDS = ['businessValue', 'implementationCost'] as const;
type ScaledField = (typeof FACTOR_FIELDS)[number] | (typeof VALUE_COST_FIELDS)[number];

const scaleOf = (field: ScaledField, settings: FrameworkSettings): Scale =>
  (FACTOR_FIELDS as readonly string[]).includes(field) ? settings.factorScale : settings.valueCostScale;

/** Accepts the spellings people type ("must", "wont", "Won’t") and returns the canonical one. */
export function parseMoscow(value: unknown): Moscow | undefined {
  if (typeof value !== 'string') return undefined;
  const normalised = value.trim().toLowerCase().replace(/[’‘`]/g, "'");
  const byKey: Record<string, Moscow> = { must: 'Must', should: 'Should', could: 'Could', "won't": "Won't", wont: "Won't" };
  return byKey[normalised];
}

const isBlank = (value: unknown): boolean => value === undefined || value === null || value === '';

/**
 * Validates raw input values (from a form or from Jira) against the framework's scales. Blank values
 * stay null; anything present must be valid. Every violation is listed.
 */
export function validateInputs(raw: unknown, settings: FrameworkSettings): Result<RequirementInputs> {
  if (!isPlainObject(raw)) {
    return fail([{ field: 'inputs', rule: 'required', message: 'Requirement inputs must be an object.' }]);
  }
  const { inputs, violations } = collectInputs(raw, settings);
  return violations.length > 0 ? fail(violations) : ok(inputs);
}

/**
 * Values already stored in Jira cannot be rejected, only ignored: each invalid value counts as
 * blank, so the models that do not depend on it are still scored.
 */
export function readStoredInputs(
  raw: Record<string, unknown>,
  settings: FrameworkSettings,
): { inputs: RequirementInputs; problems: Violation[] } {
  const { inputs, violations } = collectInputs(raw, settings);
  return { inputs, problems: violations };
}

function collectInputs(
  raw: Record<string, unknown>,
  settings: FrameworkSettings,
): { inputs: RequirementInputs; violations: Violation[] } {
  const violations: Violation[] = [];
  const inputs: RequirementInputs = { ...EMPTY_INPUTS };

  const scaled = [
    ...FACTOR_FIELDS.map((field) => [field, settings.factorScale] as const),
    ...VALUE_COST_FIELDS.map((field) => [field, settings.valueCostScale] as const),
  ];
  for (const [field, scale] of scaled) {
    const value = raw[field];
    if (isBlank(value)) continue;
    const problem = checkInteger(field, INPUT_LABELS[field], value, scale.min, scale.max);
    if (problem) violations.push(problem);
    else inputs[field] = value as number;
  }

  if (!isBlank(raw.moscow)) {
    const moscow = parseMoscow(raw.moscow);
    if (moscow) inputs.moscow = moscow;
    else
      violations.push({
        field: 'moscow',
        rule: 'enum',
        message: `MoSCoW must be one of Must, Should, Could, Won't (got ${describeValue(raw.moscow)}).`,
      });
  }

  if (!isBlank(raw.wontReason)) {
    const problem = checkText('wontReason', INPUT_LABELS.wontReason, raw.wontReason, MAX_REASON_LENGTH);
    if (problem) violations.push(problem);
    else inputs.wontReason = (raw.wontReason as string).trim();
  }
  if (inputs.moscow === "Won't" && inputs.wontReason === null && !violations.some((v) => v.field === 'wontReason')) {
    violations.push({ field: 'wontReason', rule: 'required', message: "Won't-have reason is required when MoSCoW is Won't." });
  }
  return { inputs, violations };
}

export interface WeightedScore {
  /** Exact score in hundredths: the sum of weight percent × factor. */
  hundredths: number;
  /** Rounded half up to one decimal, as shown everywhere. */
  score: number;
  grade: Grade;
  breakdown: { factor: (typeof WEIGHTED_FACTORS)[number]; value: number; weight: number; hundredths: number }[];
}

/**
 * The values a model scores with. A missing value makes the model not computable, and so does a
 * value the framework's scale does not allow (one Jira stored without the app's check, or one a
 * narrowed framework no longer allows): no model ever scores with an out-of-range value. The
 * violation says which field breaks which rule; `problems` are the stored values read as blank
 * because they were invalid, so their own rule is named rather than "required".
 */
function requireScored<K extends ScaledField>(
  inputs: RequirementInputs,
  fields: readonly K[],
  settings: FrameworkSettings,
  problems: readonly Violation[],
): Result<Record<K, number>> {
  const violations = fields.flatMap((field): Violation[] => {
    const value = inputs[field];
    if (value === null) {
      const stored = problems.find((problem) => problem.field === field);
      return [stored ?? { field, rule: 'required', message: `${INPUT_LABELS[field]} is required for this score.` }];
    }
    const scale = scaleOf(field, settings);
    const problem = checkInteger(field, INPUT_LABELS[field], value, scale.min, scale.max);
    return problem ? [problem] : [];
  });
  if (violations.length > 0) return fail(violations);
  return ok(Object.fromEntries(fields.map((field) => [field, inputs[field]])) as unknown as Record<K, number>);
}

/**
 * The grade follows the score as shown (rounded to one decimal), so a requirement displayed as 4.5
 * is always S. All comparisons are on integers.
 */
export function gradeForTenths(tenths: number, settings: FrameworkSettings): Grade {
  const { S, A, B } = settings.gradeThresholds;
  if (tenths >= (toTenths(S) as number)) return 'S';
  if (tenths >= (toTenths(A) as number)) return 'A';
  if (tenths >= (toTenths(B) as number)) return 'B';
  return 'C';
}

export function weightedScore(
  inputs: RequirementInputs,
  settings: FrameworkSettings,
  problems: readonly Violation[] = [],
): Result<WeightedScore> {
  const values = requireScored(inputs, WEIGHTED_FACTORS, settings, problems);
  if (!values.ok) return values;
  const breakdown = WEIGHTED_FACTORS.map((factor) => {
    const weight = settings.weights[factor];
    const value = values.value[factor];
    return { factor, value, weight, hundredths: weight * value };
  });
  const hundredths = breakdown.reduce((sum, part) => sum + part.hundredths, 0);
  const tenths = Math.floor((hundredths + 5) / 10);
  return ok({ hundredths, score: tenths / 10, grade: gradeForTenths(tenths, settings), breakdown });
}

export interface ThreeFactorScore {
  sum: number;
  band: ThreeFactorBand;
}

export function threeFactorScore(
  inputs: RequirementInputs,
  settings: FrameworkSettings,
  problems: readonly Violation[] = [],
): Result<ThreeFactorScore> {
  const values = requireScored(inputs, ['urgency', 'importance', 'customerValue'] as const, settings, problems);
  if (!values.ok) return values;
  const sum = values.value.urgency + values.value.importance + values.value.customerValue;
  const band: ThreeFactorBand =
    sum >= settings.threeFactorBands.high ? 'high' : sum >= settings.threeFactorBands.medium ? 'medium' : 'low';
  return ok({ sum, band });
}

export function valueCostQuadrant(
  inputs: RequirementInputs,
  settings: FrameworkSettings,
  problems: readonly Violation[] = [],
): Result<Quadrant> {
  const values = requireScored(inputs, VALUE_COST_FIELDS, settings, problems);
  if (!values.ok) return values;
  const highValue = values.value.businessValue >= settings.quadrantSplit.highValueFrom;
  const highCost = values.value.implementationCost >= settings.quadrantSplit.highCostFrom;
  if (highValue) return ok(highCost ? 'major-project' : 'quick-win');
  return ok(highCost ? 'avoid' : 'fill-in');
}

/** Values of the app's computed fields; null clears a field whose model lacks inputs. */
export type ComputedValues = {
  weightedScore: number | null;
  priorityGrade: Grade | null;
  threeFactorScore: number | null;
  threeFactorPriority: ThreeFactorBand | null;
  valueCostQuadrant: Quadrant | null;
  frameworkVersion: number | null;
};

export interface ScoreSheet {
  frameworkVersion: number;
  inputs: RequirementInputs;
  weighted: Result<WeightedScore>;
  threeFactor: Result<ThreeFactorScore>;
  quadrant: Result<Quadrant>;
  computed: ComputedValues;
}

/**
 * Runs every model and names the framework version it used. `problems` are the stored values
 * readStoredInputs ignored: a model that needs one of them is not computable, and says why.
 */
export function scoreRequirement(
  inputs: RequirementInputs,
  framework: FrameworkVersion,
  problems: readonly Violation[] = [],
): ScoreSheet {
  const weighted = weightedScore(inputs, framework.settings, problems);
  const threeFactor = threeFactorScore(inputs, framework.settings, problems);
  const quadrant = valueCostQuadrant(inputs, framework.settings, problems);
  const anyScored = weighted.ok || threeFactor.ok || quadrant.ok;
  return {
    frameworkVersion: framework.version,
    inputs,
    weighted,
    threeFactor,
    quadrant,
    computed: {
      weightedScore: weighted.ok ? weighted.value.score : null,
      priorityGrade: weighted.ok ? weighted.value.grade : null,
      threeFactorScore: threeFactor.ok ? threeFactor.value.sum : null,
      threeFactorPriority: threeFactor.ok ? threeFactor.value.band : null,
      valueCostQuadrant: quadrant.ok ? quadrant.value : null,
      frameworkVersion: anyScored ? framework.version : null,
    },
  };
}

export const EMPTY_COMPUTED: ComputedValues = {
  weightedScore: null,
  priorityGrade: null,
  threeFactorScore: null,
  threeFactorPriority: null,
  valueCostQuadrant: null,
  frameworkVersion: null,
};

/** Reads computed values as stored in Jira; anything unrecognised counts as absent, so it gets rewritten. */
export function readStoredComputed(raw: Partial<Record<ComputedFieldName, unknown>>): ComputedValues {
  const number = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
  const oneOf = <T extends string>(value: unknown, allowed: readonly T[]): T | null =>
    allowed.includes(value as T) ? (value as T) : null;
  return {
    weightedScore: number(raw.weightedScore),
    priorityGrade: oneOf(raw.priorityGrade, GRADES),
    threeFactorScore: number(raw.threeFactorScore),
    threeFactorPriority: oneOf(raw.threeFactorPriority, THREE_FACTOR_BANDS),
    valueCostQuadrant: oneOf(raw.valueCostQuadrant, QUADRANTS),
    frameworkVersion: number(raw.frameworkVersion),
  };
}

/** Only the computed fields whose value differs; an empty list means nothing to write. */
export function changedComputedFields(current: ComputedValues, next: ComputedValues): ComputedFieldName[] {
  return (Object.keys(next) as ComputedFieldName[]).filter((name) => current[name] !== next[name]);
}
