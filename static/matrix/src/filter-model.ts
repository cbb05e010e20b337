import { isClosedDuplicate } from '../../../src/domain/summary';
import type { RequirementRow } from '../../shared/api';
import { NO_KIND_FILTER, type KindFilter } from '../../../src/domain/jql';
import { KINDS, tagLabel, type KindTag, type KindTagLists } from '../../../src/domain/kind-tags';
import type { I18n, MessageKey } from '../../shared/i18n';

/** The matrix's quick filters; an empty list means "any". Combined with AND across dimensions. */
export const FILTER_DIMENSIONS = [
  'status',
  'moscow',
  'grade',
  'quadrant',
  'feasibility',
  'assignee',
  'label',
  'component',
  'customer',
] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];
export type Filters = Record<FilterDimension, string[]>;

/** Stands for "no value" in a filter (an unassigned requirement, one without a grade…). */
export const NONE = '\u0000none';

export const NO_FILTERS: Filters = {
  status: [],
  moscow: [],
  grade: [],
  quadrant: [],
  feasibility: [],
  assignee: [],
  label: [],
  component: [],
  customer: [],
};

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
  const options = Object.fromEntries(FILTER_DIMENSIONS.map((dimension) => [dimension, new Map<string, number>()])) as Record<
    FilterDimension,
    Map<string, number>
  >;
  for (const row of rows) {
    for (const dimension of FILTER_DIMENSIONS) {
      for (const value of valuesOf(row, dimension)) options[dimension].set(value, (options[dimension].get(value) ?? 0) + 1);
    }
  }
  return Object.fromEntries(
    FILTER_DIMENSIONS.map((dimension) => [dimension, [...options[dimension]].map(([value, count]) => ({ value, count }))]),
  ) as Record<FilterDimension, { value: string; count: number }[]>;
}

export const activeFilterCount = (filters: Filters): number =>
  FILTER_DIMENSIONS.reduce((sum, dimension) => sum + filters[dimension].length, 0);

/** Done and Closed: off the matrix unless asked for, as most of Jira's boards hide finished work. */
export const isFinished = (row: RequirementRow): boolean => row.statusCategory === 'done';

/** What one look at the matrix is: shared as a link and saved as a person's default. */
export interface MatrixView {
  filters: Filters;
  /** Done and Closed requirements are shown too. */
  showFinished: boolean;
  colourBy: 'grade' | 'moscow';
  /** The JQL narrowing the project's requirements ('' for none). */
  jql: string;
  /** Kinds and second-level tags: Jira narrows by them like the JQL, so the export follows them too. */
  kindFilter: KindFilter;
}

export const DEFAULT_VIEW: MatrixView = {
  filters: NO_FILTERS,
  showFinished: false,
  colourBy: 'grade',
  jql: '',
  kindFilter: NO_KIND_FILTER,
};

/** The tags the tag filter offers: those of the chosen kinds (every kind when none is chosen), in the project's order, with their kind. */
export function tagChoices(lists: KindTagLists, kinds: readonly string[]): { kind: (typeof KINDS)[number]; tag: KindTag }[] {
  return KINDS.filter((kind) => kinds.length === 0 || kinds.includes(kind)).flatMap((kind) =>
    lists[kind].map((tag) => ({ kind, tag })),
  );
}

/** The kind filter after choosing kinds: chosen tags of kinds no longer chosen are dropped (they could match nothing). */
export function withKinds(lists: KindTagLists, filter: KindFilter, kinds: string[]): KindFilter {
  const offered = new Set(tagChoices(lists, kinds).map((choice) => choice.tag.code));
  return { kinds, kindTags: kinds.length === 0 ? filter.kindTags : filter.kindTags.filter((code) => offered.has(code)) };
}

/** The rows a view shows, and what it counts them out of (closed duplicates are in neither). */
export function viewRows(
  rows: RequirementRow[],
  view: Pick<MatrixView, 'filters' | 'showFinished'>,
): { shown: RequirementRow[]; counted: RequirementRow[]; finishedHidden: number; closedDuplicates: number } {
  const counted = rows.filter((row) => !isClosedDuplicate(row));
  const open = view.showFinished ? counted : counted.filter((row) => !isFinished(row));
  return {
    shown: open.filter((row) => matchesFilters(row, view.filters)),
    counted,
    finishedHidden: counted.length - open.length,
    closedDuplicates: rows.length - counted.length,
  };
}

/** The project page's subpath that holds a view: Jira keeps it in the page's address, so a bookmark or a shared link opens the same view. */
const VIEW_PREFIX = '/view/';

/** A view as a subpath of the project page: only what differs from the default ('' for the default view). */
export function viewPath(view: MatrixView): string {
  const filters = Object.fromEntries(
    FILTER_DIMENSIONS.filter((dimension) => view.filters[dimension].length > 0).map((dimension) => [
      dimension,
      view.filters[dimension],
    ]),
  );
  const compact = {
    ...(Object.keys(filters).length > 0 ? { f: filters } : {}),
    ...(view.showFinished ? { d: 1 } : {}),
    ...(view.colourBy !== 'grade' ? { c: view.colourBy } : {}),
    ...(view.jql ? { q: view.jql } : {}),
    ...(view.kindFilter.kinds.length > 0 ? { k: view.kindFilter.kinds } : {}),
    ...(view.kindFilter.kindTags.length > 0 ? { t: view.kindFilter.kindTags } : {}),
  };
  return Object.keys(compact).length > 0 ? `${VIEW_PREFIX}${encodeURIComponent(JSON.stringify(compact))}` : '';
}

/** The view a subpath names (null when it names none); what cannot be read falls back to the default, value by value. */
export function viewFromPath(path: string): MatrixView | null {
  const at = path.indexOf(VIEW_PREFIX);
  if (at === -1) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(decodeURIComponent(path.slice(at + VIEW_PREFIX.length).replace(/\/+$/, '')));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const value = parsed as { f?: unknown; d?: unknown; c?: unknown; q?: unknown; k?: unknown; t?: unknown };
  const strings = (list: unknown, limit: number): string[] =>
    Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string').slice(0, limit) : [];
  const given = typeof value.f === 'object' && value.f !== null ? (value.f as Record<string, unknown>) : {};
  const filters = Object.fromEntries(
    FILTER_DIMENSIONS.map((dimension) => {
      const list = given[dimension];
      return [dimension, strings(list, 100)];
    }),
  ) as Filters;
  // Kinds the app does not know and tags not shaped like a code are dropped: the server would refuse them.
  const kindFilter = {
    kinds: strings(value.k, KINDS.length).filter((kind) => (KINDS as readonly string[]).includes(kind)),
    kindTags: strings(value.t, 200).filter((code) => /^[a-z][a-z0-9-]{0,39}$/.test(code)),
  };
  return {
    filters,
    showFinished: value.d === 1,
    colourBy: value.c === 'moscow' ? 'moscow' : 'grade',
    jql: typeof value.q === 'string' ? value.q.slice(0, 2000) : '',
    kindFilter,
  };
}

/** The kind filter in words, for the export's scope: "Function optimisation; UI interaction, Data output" ('' for none). */
export function describeKindFilter(i18n: I18n, lists: KindTagLists | null, filter: KindFilter): string {
  const language = i18n.language === 'zh-CN' ? 'zh' : 'en';
  const kinds = filter.kinds.map((kind) => i18n.t(`classification.value.${kind}` as MessageKey));
  const tags = filter.kindTags.map((code) => (lists ? tagLabel(lists, code, language) : code));
  return [kinds, tags]
    .filter((names) => names.length > 0)
    .map((names) => i18n.list(names))
    .join(language === 'zh' ? '；' : '; ');
}
