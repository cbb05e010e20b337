import { useCallback, useEffect, useRef, useState } from 'react';
import type { Grade } from '../../../src/domain/framework';
import { call } from '../../shared/api';
import type { RequirementPage, RequirementRow, ResolverError, ResolverResult } from '../../shared/api';

/** Stop following page tokens after this many pages (a broken token chain must not loop forever). */
const MAX_PAGES = 500;

interface LoadState {
  rows: RequirementRow[];
  /** The JQL the rows were loaded with ('' for the whole project). */
  appliedJql: string;
  /** True until the last page has arrived. */
  loading: boolean;
  error: ResolverError | null;
  /** Jira's message for JQL it refused; the rows of the previous JQL stay. */
  jqlError: string | null;
  canEdit: boolean;
  /** True once a full load has finished; later loads keep showing the last rows. */
  ready: boolean;
}

export interface AllRequirements extends LoadState {
  reload: () => void;
  applyJql: (jql: string) => void;
  /** Puts a row as the server now has it (after a move), without reloading. */
  replaceRow: (row: RequirementRow) => void;
}

/** Every Requirement of the project matching the JQL: follows nextPageToken until it is null. */
export function useAllRequirements(projectKey: string): AllRequirements {
  const [state, setState] = useState<LoadState>({ ready: false, rows: [], appliedJql: '', loading: true, error: null, jqlError: null, canEdit: false });
  const [request, setRequest] = useState({ jql: '', attempt: 0 });
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    const current = () => id === run.current;
    const jql = request.jql;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    void (async () => {
      const rows: RequirementRow[] = [];
      const seen = new Set<string>();
      let token: string | null = null;
      let canEdit = false;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result: ResolverResult<RequirementPage> = await call('requirements.list', { projectKey, ...(jql ? { jql } : {}), nextPageToken: token });
        if (!current()) return;
        if (!result.ok) {
          const jqlViolation = result.error.violations?.find((violation) => violation.field === 'jql');
          // Refused JQL keeps the previous view; any other failure is shown in place of the matrix.
          if (jqlViolation && page === 0) setState((previous) => ({ ...previous, loading: false, jqlError: jqlViolation.message }));
          else setState((previous) => ({ ...previous, rows, loading: false, error: result.error }));
          return;
        }
        canEdit = result.data.canEdit;
        for (const row of result.data.rows) {
          if (!seen.has(row.id)) {
            seen.add(row.id);
            rows.push(row);
          }
        }
        token = result.data.nextPageToken;
        if (token === null) break;
        setState((previous) => ({ ...previous, rows: [...rows], appliedJql: jql, jqlError: null, canEdit }));
      }
      markDataArrived(rows.length);
      setState({ ready: true, rows, appliedJql: jql, loading: false, error: null, jqlError: null, canEdit });
    })();
    return () => {
      if (run.current === id) run.current += 1;
    };
  }, [projectKey, request]);

  const reload = useCallback(() => setRequest((previous) => ({ ...previous, attempt: previous.attempt + 1 })), []);
  const applyJql = useCallback((jql: string) => setRequest((previous) => ({ jql: jql.trim(), attempt: previous.attempt + 1 })), []);
  const replaceRow = useCallback((row: RequirementRow) => setState((previous) => ({ ...previous, rows: previous.rows.map((candidate) => (candidate.id === row.id ? row : candidate)) })), []);
  return { ...state, reload, applyJql, replaceRow };
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
