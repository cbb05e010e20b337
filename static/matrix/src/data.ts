import { router } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Grade } from '../../../src/domain/framework';
import { call } from '../../shared/api';
import type { RequirementPage, RequirementRow, ResolverError, ResolverResult } from '../../shared/api';

/** Stop following page tokens after this many pages (a broken token chain must not loop forever). */
const MAX_PAGES = 500;

export interface AllRequirements {
  rows: RequirementRow[];
  /** True until the last page has arrived. */
  loading: boolean;
  error: ResolverError | null;
  reload: () => void;
}

/** Every Requirement of the project: follows nextPageToken until it is null. */
export function useAllRequirements(projectKey: string): AllRequirements {
  const [state, setState] = useState<{ rows: RequirementRow[]; loading: boolean; error: ResolverError | null }>({ rows: [], loading: true, error: null });
  const [attempt, setAttempt] = useState(0);
  const run = useRef(0);

  useEffect(() => {
    const id = ++run.current;
    const current = () => id === run.current;
    setState({ rows: [], loading: true, error: null });
    void (async () => {
      const rows: RequirementRow[] = [];
      const seen = new Set<string>();
      let token: string | null = null;
      for (let page = 0; page < MAX_PAGES; page += 1) {
        const result: ResolverResult<RequirementPage> = await call('requirements.list', { projectKey, nextPageToken: token });
        if (!current()) return;
        if (!result.ok) {
          setState({ rows, loading: false, error: result.error });
          return;
        }
        for (const row of result.data.rows) {
          if (!seen.has(row.id)) {
            seen.add(row.id);
            rows.push(row);
          }
        }
        token = result.data.nextPageToken;
        if (token === null) break;
        setState({ rows: [...rows], loading: true, error: null });
      }
      setState({ rows, loading: false, error: null });
    })();
    return () => {
      if (run.current === id) run.current += 1;
    };
  }, [projectKey, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reload };
}

export const GRADE_RANK: Record<Grade, number> = { S: 4, A: 3, B: 2, C: 1 };

/** Priority order: weighted score, then three-factor score, then key; unscored last. */
export function byPriority(a: RequirementRow, b: RequirementRow): number {
  const score = (row: RequirementRow) => row.computed.weightedScore ?? -Infinity;
  const three = (row: RequirementRow) => row.computed.threeFactorScore ?? -Infinity;
  return score(b) - score(a) || three(b) - three(a) || a.key.localeCompare(b.key, undefined, { numeric: true });
}

export function openIssue(key: string): void {
  router.navigate(`/browse/${encodeURIComponent(key)}`).catch((error: unknown) => {
    console.warn(`Requirement Triage: could not open ${key}.`, error instanceof Error ? error.message : error);
  });
}
