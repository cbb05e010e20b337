import { checkInteger, checkOneDecimal, checkText, describeValue, isPlainObject, toTenths } from './checks';
import { fieldLabels } from './fields';
import { fail, ok, type Result, type Violation } from './result';

/** The four factors of the weighted score, in the order the source documents list them. */
export const WEIGHTED_FACTORS = ['urgency', 'importance', 'feasibility', 'customerValue'] as const;
export type WeightedFactor = (typeof WEIGHTED_FACTORS)[number];

export const GRADES = ['S', 'A', 'B', 'C'] as const;
export type Grade = (typeof GRADES)[number];

/** Customer types of the customer archive, in order of the value they usually bring. */
export const CUSTOMER_TYPES = ['strategic', 'key', 'regular', 'new', 'churnRisk'] as const;
export type CustomerType = (typeof CUSTOMER_TYPES)[number];

export interface Scale {
  min: number;
  max: number;
}

/** Everything an admin may tune. Percent weights are integers so scores are exact in hundredths. */
export interface FrameworkSettings {
  weights: Record<WeightedFactor, number>;
  factorScale: Scale;
  /** Lowest weighted score (one decimal) that earns each grade; anything below B is C. */
  gradeThresholds: { S: number; A: number; B: number };
  /** Lowest urgency + importance + customer value sum for each band; anything below medium is low. */
  threeFactorBands: { high: number; medium: number };
  valueCostScale: Scale;
  /** Business value at or above this is "high value"; implementation cost at or above `highCostFrom` is "high cost". */
  quadrantSplit: { highValueFrom: number; highCostFrom: number };
  /** Days from acceptance to due date per grade; null means no deadline. */
  deadlineDays: Record<Grade, number | null>;
  /** Customer value (on the factor scale) a requirement gets from a linked customer of each type. */
  customerTypeValue: Record<CustomerType, number>;
}

export interface FrameworkAuthor {
  accountId: string;
  displayName: string;
}

export interface FrameworkVersion {
  /** One sequence across the app, so a score's version number names exactly one framework. */
  version: number;
  createdAt: string;
  author: FrameworkAuthor;
  note: string;
  settings: FrameworkSettings;
  /** Set on a project's own framework; absent on the global default every other project uses. */
  projectKey?: string;
}

export const DEFAULT_FRAMEWORK_SETTINGS: FrameworkSettings = {
  weights: { urgency: 30, importance: 30, feasibility: 20, customerValue: 20 },
  factorScale: { min: 1, max: 5 },
  gradeThresholds: { S: 4.5, A: 3.5, B: 2.5 },
  threeFactorBands: { high: 12, medium: 8 },
  valueCostScale: { min: 1, max: 10 },
  quadrantSplit: { highValueFrom: 6, highCostFrom: 6 },
  deadlineDays: { S: 30, A: 60, B: 90, C: null },
  customerTypeValue: { strategic: 5, key: 4, regular: 3, new: 2, churnRisk: 3 },
};

export const SYSTEM_AUTHOR: FrameworkAuthor = { accountId: 'app', displayName: 'Requirement Triage' };

export function defaultFrameworkVersion(now: Date): FrameworkVersion {
  return {
    version: 1,
    createdAt: now.toISOString(),
    author: SYSTEM_AUTHOR,
    note: 'Default framework from the source documents (weights 30/30/20/20).',
    settings: structuredClone(DEFAULT_FRAMEWORK_SETTINGS),
  };
}

const FACTOR_LABELS: Record<WeightedFactor, string> = fieldLabels('en');

/** The widest a scale may reach; the manifest lets Jira accept every whole number in it (test/unit/manifest.test.ts). */
export const MAX_SCALE_BOUND = 100;
const MAX_DEADLINE_DAYS = 3650;
const MAX_NOTE_LENGTH = 500;

function readObject(
  source: Record<string, unknown>,
  key: string,
  path: string,
  violations: Violation[],
): Record<string, unknown> {
  const value = source[key];
  if (isPlainObject(value)) return value;
  violations.push({ field: path, rule: 'required', message: `${path} must be an object (got ${describeValue(value)}).` });
  return {};
}

function validateScale(raw: Record<string, unknown>, path: string, label: string, violations: Violation[]): Scale | undefined {
  const problems = [
    checkInteger(`${path}.min`, `${label} minimum`, raw.min, 0, MAX_SCALE_BOUND),
    checkInteger(`${path}.max`, `${label} maximum`, raw.max, 0, MAX_SCALE_BOUND),
  ].filter((problem): problem is Violation => problem !== undefined);
  violations.push(...problems);
  if (problems.length > 0) return undefined;
  const scale = { min: raw.min as number, max: raw.max as number };
  if (scale.min >= scale.max) {
    violations.push({
      field: `${path}.max`,
      rule: 'order',
      message: `${label} maximum (${scale.max}) must be greater than its minimum (${scale.min}).`,
    });
    return undefined;
  }
  return scale;
}

function validateWeights(raw: Record<string, unknown>, violations: Violation[]): void {
  const problems = WEIGHTED_FACTORS.map((factor) =>
    checkInteger(`weights.${factor}`, `Weight of ${FACTOR_LABELS[factor]}`, raw[factor], 0, 100),
  ).filter((problem): problem is Violation => problem !== undefined);
  violations.push(...problems);
  if (problems.length > 0) return;
  const total = WEIGHTED_FACTORS.reduce((sum, factor) => sum + (raw[factor] as number), 0);
  if (total !== 100) {
    violations.push({
      field: 'weights',
      rule: 'sum',
      message: `Weights must add up to 100 % (they add up to ${total} %).`,
      params: { total },
    });
  }
}

function validateGradeThresholds(raw: Record<string, unknown>, scale: Scale | undefined, violations: Violation[]): void {
  const min = scale?.min ?? 0;
  const max = scale?.max ?? MAX_SCALE_BOUND;
  const problems = (['S', 'A', 'B'] as const)
    .map((grade) => checkOneDecimal(`gradeThresholds.${grade}`, `Grade ${grade} threshold`, raw[grade], min, max))
    .filter((problem): problem is Violation => problem !== undefined);
  violations.push(...problems);
  if (problems.length > 0) return;
  const [s, a, b] = [raw.S, raw.A, raw.B].map((value) => toTenths(value as number)) as [number, number, number];
  if (!(s > a)) {
    violations.push({
      field: 'gradeThresholds.A',
      rule: 'order',
      message: 'Grade A threshold must be lower than grade S threshold.',
    });
  }
  if (!(a > b)) {
    violations.push({
      field: 'gradeThresholds.B',
      rule: 'order',
      message: 'Grade B threshold must be lower than grade A threshold.',
    });
  }
}

function validateBands(raw: Record<string, unknown>, scale: Scale | undefined, violations: Violation[]): void {
  const min = scale ? scale.min * 3 : 0;
  const max = scale ? scale.max * 3 : MAX_SCALE_BOUND * 3;
  const problems = [
    checkInteger('threeFactorBands.high', 'Three-factor "high" band start', raw.high, min, max),
    checkInteger('threeFactorBands.medium', 'Three-factor "medium" band start', raw.medium, min, max),
  ].filter((problem): problem is Violation => problem !== undefined);
  violations.push(...problems);
  if (problems.length > 0) return;
  if ((raw.medium as number) >= (raw.high as number)) {
    violations.push({
      field: 'threeFactorBands.medium',
      rule: 'order',
      message: 'Three-factor "medium" band must start below the "high" band.',
    });
  }
}

function validateQuadrantSplit(raw: Record<string, unknown>, scale: Scale | undefined, violations: Violation[]): void {
  // A split at the scale minimum would put every requirement on the "high" side.
  const min = scale ? scale.min + 1 : 1;
  const max = scale?.max ?? MAX_SCALE_BOUND;
  for (const [key, label] of [
    ['highValueFrom', 'High business value threshold'],
    ['highCostFrom', 'High implementation cost threshold'],
  ] as const) {
    const problem = checkInteger(`quadrantSplit.${key}`, label, raw[key], min, max);
    if (problem) violations.push(problem);
  }
}

function validateDeadlines(raw: Record<string, unknown>, violations: Violation[]): void {
  let previous: { grade: Grade; days: number } | undefined;
  for (const grade of GRADES) {
    const value = raw[grade];
    if (value === null) continue;
    const problem = checkInteger(`deadlineDays.${grade}`, `Deadline for grade ${grade}`, value, 1, MAX_DEADLINE_DAYS);
    if (problem) {
      violations.push(
        problem.rule === 'required'
          ? { ...problem, message: `Deadline for grade ${grade} must be a number of days or empty.` }
          : problem,
      );
      continue;
    }
    const days = value as number;
    if (previous && days < previous.days) {
      violations.push({
        field: `deadlineDays.${grade}`,
        rule: 'order',
        message: `Deadline for grade ${grade} (${days} days) must not be shorter than for grade ${previous.grade} (${previous.days} days).`,
      });
    }
    previous = { grade, days };
  }
}

const CUSTOMER_TYPE_LABELS: Record<CustomerType, string> = {
  strategic: 'strategic',
  key: 'key',
  regular: 'regular',
  new: 'new',
  churnRisk: 'churn-risk',
};

function validateCustomerTypeValues(raw: Record<string, unknown>, scale: Scale | undefined, violations: Violation[]): void {
  for (const type of CUSTOMER_TYPES) {
    const problem = checkInteger(
      `customerTypeValue.${type}`,
      `Customer value of a ${CUSTOMER_TYPE_LABELS[type]} customer`,
      raw[type],
      scale?.min ?? 0,
      scale?.max ?? MAX_SCALE_BOUND,
    );
    if (problem) violations.push(problem);
  }
}

/** Checks a candidate framework and lists every violation, not just the first. */
export function validateFrameworkSettings(candidate: unknown): Result<FrameworkSettings> {
  if (!isPlainObject(candidate)) {
    return fail([{ field: 'settings', rule: 'required', message: 'The scoring framework must be an object.' }]);
  }
  const violations: Violation[] = [];
  validateWeights(readObject(candidate, 'weights', 'weights', violations), violations);
  const factorScale = validateScale(
    readObject(candidate, 'factorScale', 'factorScale', violations),
    'factorScale',
    'Factor scale',
    violations,
  );
  validateGradeThresholds(readObject(candidate, 'gradeThresholds', 'gradeThresholds', violations), factorScale, violations);
  validateBands(readObject(candidate, 'threeFactorBands', 'threeFactorBands', violations), factorScale, violations);
  const valueCostScale = validateScale(
    readObject(candidate, 'valueCostScale', 'valueCostScale', violations),
    'valueCostScale',
    'Value/cost scale',
    violations,
  );
  validateQuadrantSplit(readObject(candidate, 'quadrantSplit', 'quadrantSplit', violations), valueCostScale, violations);
  validateDeadlines(readObject(candidate, 'deadlineDays', 'deadlineDays', violations), violations);
  validateCustomerTypeValues(
    readObject(candidate, 'customerTypeValue', 'customerTypeValue', violations),
    factorScale,
    violations,
  );
  if (violations.length > 0) return fail(violations);
  return ok(pickSettings(candidate));
}

/** Copies only the known keys, so stray properties never reach storage. */
function pickSettings(source: Record<string, unknown>): FrameworkSettings {
  const settings = source as unknown as FrameworkSettings;
  return {
    weights: {
      urgency: settings.weights.urgency,
      importance: settings.weights.importance,
      feasibility: settings.weights.feasibility,
      customerValue: settings.weights.customerValue,
    },
    factorScale: { min: settings.factorScale.min, max: settings.factorScale.max },
    gradeThresholds: { S: settings.gradeThresholds.S, A: settings.gradeThresholds.A, B: settings.gradeThresholds.B },
    threeFactorBands: { high: settings.threeFactorBands.high, medium: settings.threeFactorBands.medium },
    valueCostScale: { min: settings.valueCostScale.min, max: settings.valueCostScale.max },
    quadrantSplit: { highValueFrom: settings.quadrantSplit.highValueFrom, highCostFrom: settings.quadrantSplit.highCostFrom },
    deadlineDays: {
      S: settings.deadlineDays.S,
      A: settings.deadlineDays.A,
      B: settings.deadlineDays.B,
      C: settings.deadlineDays.C,
    },
    customerTypeValue: Object.fromEntries(CUSTOMER_TYPES.map((type) => [type, settings.customerTypeValue[type]])) as Record<
      CustomerType,
      number
    >,
  };
}

/**
 * Versions stored before a setting existed lack it; they read with that setting's default, which
 * is what they meant (the setting did not apply to them).
 */
export function withDefaultSettings(version: FrameworkVersion): FrameworkVersion {
  const stored = version.settings as Partial<FrameworkSettings>;
  const settings = Object.fromEntries(
    (Object.keys(DEFAULT_FRAMEWORK_SETTINGS) as (keyof FrameworkSettings)[]).map((section) => [
      section,
      stored[section] ?? structuredClone(DEFAULT_FRAMEWORK_SETTINGS[section]),
    ]),
  ) as unknown as FrameworkSettings;
  return { ...version, settings };
}

/** The customer value a requirement is suggested from its linked customers: the highest their types give. */
export function suggestedCustomerValue(types: CustomerType[], settings: FrameworkSettings): number | null {
  return types.length === 0 ? null : Math.max(...types.map((type) => settings.customerTypeValue[type]));
}

export interface NewVersionRequest {
  /** The newest version of any scope: the new one takes the next number. */
  previous: FrameworkVersion | undefined;
  projectKey?: string;
  settings: unknown;
  author: FrameworkAuthor;
  note: unknown;
  now: Date;
}

/** Builds the next version; versions are append-only, so the number always follows the previous one. */
export function createNextFrameworkVersion(request: NewVersionRequest): Result<FrameworkVersion> {
  const validated = validateFrameworkSettings(request.settings);
  const noteProblem = checkText('note', 'Version note', request.note, MAX_NOTE_LENGTH);
  const violations = [...(validated.ok ? [] : validated.violations), ...(noteProblem ? [noteProblem] : [])];
  if (!validated.ok || violations.length > 0) return fail(violations);
  return ok({
    version: (request.previous?.version ?? 0) + 1,
    createdAt: request.now.toISOString(),
    author: request.author,
    note: (request.note as string).trim(),
    settings: validated.value,
    ...(request.projectKey ? { projectKey: request.projectKey } : {}),
  });
}
