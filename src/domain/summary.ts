import { GRADES, type Grade } from './framework';
import {
  MOSCOW_VALUES,
  QUADRANTS,
  THREE_FACTOR_BANDS,
  type ComputedValues,
  type Moscow,
  type Quadrant,
  type ThreeFactorBand,
} from './scoring';

/** What a summary reads from each requirement. */
export interface SummarisedRequirement {
  key: string;
  statusCategory: 'new' | 'indeterminate' | 'done' | null;
  dueDate: string | null;
  inputs: { moscow: Moscow | null };
  computed: Pick<
    ComputedValues,
    'weightedScore' | 'threeFactorScore' | 'priorityGrade' | 'threeFactorPriority' | 'valueCostQuadrant'
  >;
  /** Dimensions whose newest feasibility mark is "not feasible" (absent: none known). */
  feasibility?: { notFeasible: readonly string[] };
  /** Jira's resolution name (absent: not read). */
  resolution?: string | null;
}

/** The resolution a merge closes a duplicate with (src/services/duplicates.ts). */
export const DUPLICATE_RESOLUTION = 'Duplicate';

/**
 * A duplicate closed by a merge is one need with the requirement it was merged into, which counts
 * its customers; counting it again would show one need twice.
 */
export const isClosedDuplicate = (row: Pick<SummarisedRequirement, 'statusCategory' | 'resolution'>): boolean =>
  row.statusCategory === 'done' && row.resolution === DUPLICATE_RESOLUTION;

export interface RequirementSummary<R> {
  /** Requirements counted: every row but closed duplicates. */
  total: number;
  /** Closed duplicates, left out of every other count. */
  closedDuplicates: number;
  unscored: number;
  byGrade: Record<Grade, number>;
  byBand: Record<ThreeFactorBand, number>;
  byQuadrant: Record<Quadrant, number>;
  byMoscow: Record<Moscow, number>;
  /** Requirements with any feasibility mark "not feasible". */
  notFeasible: number;
  top: R[];
  overdue: { total: number; rows: R[] };
}

export const MAX_TOP = 50;
export const MAX_OVERDUE_ROWS = 20;

const zeroCounts = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
const byKey = (a: { key: string }, b: { key: string }) => a.key.localeCompare(b.key, 'en', { numeric: true });

/** Priority order: weighted score, then three-factor score, then key. Unscored requirements are left out. */
export function topByWeightedScore<R extends SummarisedRequirement>(rows: readonly R[], count: number): R[] {
  return rows
    .filter((row) => row.computed.weightedScore !== null)
    .sort(
      (a, b) =>
        (b.computed.weightedScore as number) - (a.computed.weightedScore as number) ||
        (b.computed.threeFactorScore ?? -1) - (a.computed.threeFactorScore ?? -1) ||
        byKey(a, b),
    )
    .slice(0, count);
}

/** Overdue: not in a done status and due before `today` (yyyy-mm-dd, the viewer's day). Most overdue first. */
export function overdueRequirements<R extends SummarisedRequirement>(rows: readonly R[], today: string): R[] {
  return rows
    .filter((row) => row.statusCategory !== 'done' && row.dueDate !== null && row.dueDate < today)
    .sort((a, b) => (a.dueDate as string).localeCompare(b.dueDate as string) || byKey(a, b));
}

/** Counts for the dashboard gadgets: grades, bands, quadrants, MoSCoW, not feasible, the top N and what is overdue. */
export function summariseRequirements<R extends SummarisedRequirement>(
  allRows: readonly R[],
  options: { topN: number; today: string },
): RequirementSummary<R> {
  const rows = allRows.filter((row) => !isClosedDuplicate(row));
  const summary: RequirementSummary<R> = {
    total: rows.length,
    closedDuplicates: allRows.length - rows.length,
    unscored: 0,
    byGrade: zeroCounts(GRADES),
    byBand: zeroCounts(THREE_FACTOR_BANDS),
    byQuadrant: zeroCounts(QUADRANTS),
    byMoscow: zeroCounts(MOSCOW_VALUES),
    notFeasible: 0,
    top: topByWeightedScore(rows, Math.min(Math.max(options.topN, 0), MAX_TOP)),
    overdue: { total: 0, rows: [] },
  };
  for (const { computed, inputs, feasibility } of rows) {
    if ((feasibility?.notFeasible.length ?? 0) > 0) summary.notFeasible += 1;
    if (computed.priorityGrade) summary.byGrade[computed.priorityGrade] += 1;
    else summary.unscored += 1;
    if (computed.threeFactorPriority) summary.byBand[computed.threeFactorPriority] += 1;
    if (computed.valueCostQuadrant) summary.byQuadrant[computed.valueCostQuadrant] += 1;
    if (inputs.moscow) summary.byMoscow[inputs.moscow] += 1;
  }
  const overdue = overdueRequirements(rows, options.today);
  summary.overdue = { total: overdue.length, rows: overdue.slice(0, MAX_OVERDUE_ROWS) };
  return summary;
}
