import type { RequirementRow } from '../../shared/api';

/** The matrix's quick filters; an empty list means "any". Combined with AND across dimensions. */
export const FILTER_DIMENSIONS = ['status', 'moscow', 'grade', 'quadrant', 'feasibility', 'assignee', 'label', 'component', 'customer'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
export type Filters = Record<FilterDimension, string[]>;

/** Stands for "no value" in a filter (an unassigned requirement, one without a grade…). */
export const NONE = '\u0000none';

export const NO_FILTERS: Filters = { status: [], moscow: [], grade: [], quadrant: [], feasibility: [], assignee: [], label: [], component: [], customer: [] };

/** Where a requirement's feasibility marks stand: any "not feasible" wins, then any mark still missing. */
export const FEASIBILITY_STANDINGS = ['not-feasible', 'unmarked', 'marked'] as const;
export type FeasibilityStanding = (typeof FEASIBILITY_STANDINGS)[number];

export function feasibilityStanding(row: RequirementRow): FeasibilityStanding {
  if (row.feasibility.notFeasible.length > 0) return 'not-feasible';
  return row.feasibility.missing.length > 0 ? 'unmarked' : 'marked';
}

/** The values of one dimension a row has (several for labels and components; NONE when blank). */
export function valuesOf(row: RequirementRow, dimension: FilterDimension): string[] {
  const single = (value: string | null) => [value ?? NONE];
  const many = (values: string[]) => (values.length > 0 ? values : [NONE]);
  switch (dimension) {
    case 'status':
      return single(row.status || null);
    case 'moscow':
      return single(row.inputs.moscow);
    case 'grade':
      return single(row.computed.priorityGrade);
    case 'quadrant':
      return single(row.computed.valueCostQuadrant);
    case 'feasibility':
      return [feasibilityStanding(row)];
    case 'assignee':
      return single(row.assignee);
    case 'label':
      return many(row.labels);
    case 'component':
      return many(row.components);
    case 'customer':
      return many(row.linkedCustomers);
  }
}

export function matchesFilters(row: RequirementRow, filters: Filters): boolean {
  return FILTER_DIMENSIONS.every((dimension) => {
    const wanted = filters[dimension];
    return wanted.length === 0 || valuesOf(row, dimension).some((value) => wanted.includes(value));
  });
}

/** Each dimension's values present in the rows, with how many rows have them, in first-seen order. */
export function filterOptions(rows: RequirementRow[]): Record<FilterDimension, { value: string; count: number }[]> {
  const options = Object.fromEntries(FILTER_DIMENSIONS.map((dimension) => [dimension, new Map<string, number>()])) as Record<FilterDimension, Map<string, number>>;
  for (const row of rows) {
    for (const dimension of FILTER_DIMENSIONS) {
      for (const value of valuesOf(row, dimension)) options[dimension].set(value, (options[dimension].get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries(
    FILTER_DIMENSIONS.map((dimension) => [dimension, [...options[dimension]].map(([value, count]) => ({ value, count }))]),
  ) as Record<FilterDimension, { value: string; count: number }[]>;
}

export const activeFilterCount = (filters: Filters): number => FILTER_DIMENSIONS.reduce((sum, dimension) => sum + filters[dimension].length, 0);
