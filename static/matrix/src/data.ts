import { useCallback, useEffect, useRef, useState } from 'react';
import type { Grade } from '../../../src/domain/framework';
import { call } from '../../shared/api';
import type { RequirementPage, RequirementRow, ResolverError } from '../../shared/api';
import { readEveryPage } from '../../shared/paging';
import { NO_KIND_FILTER, type KindFilter } from '../../../src/domain/jql';

/** The kind filter as the list and export payloads carry it (nothing for an empty dimension). */
export const kindFilterPayload = (filter: KindFilter): { kinds?: string[]; kindTags?: string[] } => ({
  ...(filter.kinds.length > 0 ? { kinds: [...filter.kinds] } : {}),
  ...(filter.kindTags.length > 0 ? { kindTags: [...filter.kindTags] } : {}),
});

interface LoadState {
  rows: RequirementRow[];
  /** The JQL the rows were loaded with ('' for the whole project). */
  appliedJql: string;
  /** The kind filter the rows were loaded with (Jira narrows by it, like the JQL). */
  appliedKindFilter: KindFilter;
  /** True until the last page has arrived. */
  loading: boolean;
  error: ResolverError | null;
  /** Jira's message for JQL it refused; the rows of the previous JQL stay. */
  jqlError: string | null;
  canEdit: boolean;
  /** The site's day the first page brought (the ranked list's late marks); null until it has arrived. */
  siteToday: string | null;
  /** True once a full load has finished; later loads keep showing the last rows. */
  ready: boolean;
}

export interface AllRequirements extends LoadState {
  reload: () => void;
  applyJql: (jql: string) => void;
  applyKindFilter: (filter: KindFilter) => void;
  /** Puts a row as the server now has it (after a move), without reloading. */
  replaceRow: (row: RequirementRow) => void;
}

const REDRAW_MS = 1000;

/**
 * Every Requirement of the project matching the JQL: the first page, then either every page it
 * names at once (the project's copy) or nextPageToken until it is null (a search).
 */
export function useAllRequirements(
  projectKey: string,
  initialJql = '',
  initialKindFilter: KindFilter = NO_KIND_FILTER,
): AllRequirements {
  const [state, setState] = useState<LoadState>({
    ready: false,
    rows: [],
    appliedJql: '',
    appliedKindFilter: NO_KIND_FILTER,
    loading: true,
    error: null,
    jqlError: null,
    canEdit: false,
    siteToday: null,
  });
  const [request, setRequest] = useState({ jql: initialJql.trim(), kindFilter: initialKindFilter, attempt: 0 });
  const run = useRef(0);
  /** Set when a load restarted because the copy changed under it; a second such failure is shown. */
  const restarted = useRef(false);

  useEffect(() => {
    const id = ++run.current;
    const current = () => id === run.current;
    const { jql, kindFilter } = request;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    void (async () => {
      const rows: RequirementRow[] = [];
      const seen = new Set<string>();
      const add = (page: RequirementRow[]) => {
        for (const row of page) {
          if (!seen.has(row.id)) {
            seen.add(row.id);
            rows.push(row);
          }
        }
      };
      let canEdit = false;
      let siteToday: string | null = null;
      const draw = () =>
        setState((previous) => ({
          ...previous,
          rows: [...rows],
          appliedJql: jql,
          appliedKindFilter: kindFilter,
          jqlError: null,
          canEdit,
          siteToday,
        }));
      let drawnAt = 0;
      const outcome = await readEveryPage<RequirementPage>({
        read: (nextPageToken) =>
          call('requirements.list', { projectKey, ...(jql ? { jql } : {}), ...kindFilterPayload(kindFilter), nextPageToken }),
        // The copy's pages carry the filter in their tokens.
        readNamed: (nextPageToken) => call('requirements.list', { projectKey, ...kindFilterPayload(kindFilter), nextPageToken }),
        next: (page) => page.nextPageToken,
        named: (page) => page.pageTokens ?? [],
        wanted: current,
        onPage: (page, index) => {
          canEdit = page.canEdit;
          siteToday = page.siteToday ?? siteToday;
          add(page.rows);
          // The first points are drawn at once; drawing 5,000 points takes a few hundred milliseconds, so later pages at most once a second.
          if (index > 0 && Date.now() - drawnAt < REDRAW_MS) return;
          drawnAt = Date.now();
          draw();
        },
      });
      if (outcome.status === 'abandoned') return;
      if (outcome.status === 'failed') {
        const { error, first } = outcome;
        const jqlViolation = error.violations?.find((violation) => violation.field === 'jql');
        // Refused JQL keeps the previous view; any other failure is shown in place of the matrix.
        if (jqlViolation && first) setState((previous) => ({ ...previous, loading: false, jqlError: jqlViolation.message }));
        // The project's copy changed between the pages: one fresh load; a second failure is shown.
        else if (error.kind === 'conflict' && !first && !restarted.current) {
          restarted.current = true;
          setRequest((previous) => ({ ...previous, attempt: previous.attempt + 1 }));
        } else setState((previous) => ({ ...previous, rows, loading: false, error }));
        return;
      }
      restarted.current = false;
      markDataArrived(rows.length);
      setState({
        ready: true,
        rows,
        appliedJql: jql,
        appliedKindFilter: kindFilter,
        loading: false,
        error: null,
        jqlError: null,
        canEdit,
        siteToday,
      });
    })();
    return () => {
      if (run.current === id) run.current += 1;
    };
  }, [projectKey, request]);

  const reload = useCallback(() => setRequest((previous) => ({ ...previous, attempt: previous.attempt + 1 })), []);
  const applyJql = useCallback(
    (jql: string) => setRequest((previous) => ({ ...previous, jql: jql.trim(), attempt: previous.attempt + 1 })),
    [],
  );
  const applyKindFilter = useCallback(
    (kindFilter: KindFilter) => setRequest((previous) => ({ ...previous, kindFilter, attempt: previous.attempt + 1 })),
    [],
  );
  const replaceRow = useCallback(
    (row: RequirementRow) =>
      setState((previous) => ({
        ...previous,
        rows: previous.rows.map((candidate) => (candidate.id === row.id ? row : candidate)),
      })),
    [],
  );
  return { ...state, reload, applyJql, applyKindFilter, replaceRow };
}

/**
 * Performance marks the benchmark reads: when the last page arrived, and (set by the chart) when
 * the points were painted after it.
 */
export function markDataArrived(count: number): void {
  performance.clearMarks('rt-matrix-data');
  performance.clearMarks('rt-matrix-painted');
  performance.mark('rt-matrix-data', { detail: { count } });
}

export const GRADE_RANK: Record<Grade, number> = { S: 4, A: 3, B: 2, C: 1 };

/** One collator for every comparison: building one per call made sorting 5,000 keys slow. */
const keyOrder = new Intl.Collator('en', { numeric: true });

/** Priority order: weighted score, then three-factor score, then key; unscored last. */
export function byPriority(a: RequirementRow, b: RequirementRow): number {
  const score = (row: RequirementRow) => row.computed.weightedScore ?? -Infinity;
  const three = (row: RequirementRow) => row.computed.threeFactorScore ?? -Infinity;
  return score(b) - score(a) || three(b) - three(a) || keyOrder.compare(a.key, b.key);
}
