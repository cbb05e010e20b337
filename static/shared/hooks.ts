import { view } from '@forge/bridge';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { call } from './api';
import { loadContext, type ForgeContext } from './context';
import type { DataOf, PayloadOf, ResolverError, ResolverKey, ResolverResult, Violation } from './api';

export type { ForgeContext };

export type ContextState =
  { status: 'loading' } | { status: 'ready'; context: ForgeContext } | { status: 'error'; message: string };

export function useForgeContext(): ContextState {
  const [state, setState] = useState<ContextState>({ status: 'loading' });
  useEffect(() => {
    let active = true;
    loadContext().then(
      (context) => active && setState({ status: 'ready', context }),
      (error: unknown) => {
        if (active) setState({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      active = false;
    };
  }, []);
  return state;
}

export interface ResolverState<T> {
  /** True while a call is in flight, including a reload; `data` keeps the last answer meanwhile. */
  loading: boolean;
  error: ResolverError | null;
  data: T | null;
  reload: () => void;
}

/** Numbers a component's calls so only the newest one's answer is applied; `supersede` (and unmounting) makes every call in flight stale. */
function useLatestCall(): { begin(): number; isLatest(id: number): boolean; supersede(): void } {
  const latest = useRef(0);
  useEffect(
    () => () => {
      latest.current += 1;
    },
    [],
  );
  return useMemo(
    () => ({
      begin: () => ++latest.current,
      isLatest: (id: number) => id === latest.current,
      supersede: () => {
        latest.current += 1;
      },
    }),
    [],
  );
}

/**
 * Calls a resolver when the component mounts and whenever the payload changes (compared by value).
 * Pass `enabled: false` to wait, e.g. until a project is chosen. Late answers of superseded calls
 * are dropped.
 */
export function useResolver<K extends ResolverKey>(
  key: K,
  payload: PayloadOf<K>,
  options: { enabled?: boolean } = {},
): ResolverState<DataOf<K>> {
  const enabled = options.enabled ?? true;
  const payloadKey = JSON.stringify(payload);
  const [state, setState] = useState<{ loading: boolean; error: ResolverError | null; data: DataOf<K> | null }>({
    loading: enabled,
    error: null,
    data: null,
  });
  const [attempt, setAttempt] = useState(0);
  const calls = useLatestCall();

  useEffect(() => {
    if (!enabled) {
      setState((previous) => ({ ...previous, loading: false }));
      return;
    }
    const id = calls.begin();
    setState((previous) => ({ ...previous, loading: true, error: null }));
    void call(key, JSON.parse(payloadKey) as PayloadOf<K>).then((result) => {
      if (!calls.isLatest(id)) return;
      setState((previous) =>
        result.ok
          ? { loading: false, error: null, data: result.data }
          : { loading: false, error: result.error, data: previous.data },
      );
    });
    // A newer effect run supersedes this call.
    return calls.supersede;
  }, [key, payloadKey, enabled, attempt, calls]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reload };
}

/** `value` once it has stayed the same for `delayMs`: typing settles before a search is sent. */
export function useDebounced(value: string, delayMs: number): string {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

export interface Action<K extends ResolverKey> {
  /** True while a call runs: disable the form, show the button loading. */
  busy: boolean;
  /** Why the last call failed; null before any call, while one runs and after a success. */
  error: ResolverError | null;
  /** The rule breaches of the last call when it was refused as invalid (kind `validation`), else none. */
  violations: Violation[];
  /** The last successful answer; kept while a later call runs or fails. */
  result: DataOf<K> | null;
  /** True after a success until the next call or `clear()`: for a "Saved" notice. */
  succeeded: boolean;
  /** What the latest `run` sent, kept after it ends: tells which row's button is busy when each row has one. */
  payload: PayloadOf<K> | null;
  /** Calls the resolver (with the reader's locale, see api.ts) and resolves with its answer, which the state also holds. */
  run<J extends K>(key: J, payload: PayloadOf<J>): Promise<ResolverResult<DataOf<J>>>;
  /** Forgets the error, violations and success (e.g. when the form is edited again). */
  clear(): void;
}

interface ActionState<K extends ResolverKey> {
  busy: boolean;
  error: ResolverError | null;
  result: DataOf<K> | null;
  succeeded: boolean;
  payload: PayloadOf<K> | null;
}

const NO_VIOLATIONS: Violation[] = [];

/**
 * A resolver call made when the user acts (save, confirm, load on demand), with the busy, error and
 * result state every such button needs. `K` names the keys `run` may call (several when one form
 * sends different keys) and types `result`. An answer that arrives after the component unmounted,
 * or after a newer `run`, changes nothing.
 */
export function useAction<K extends ResolverKey = ResolverKey>(): Action<K> {
  const [state, setState] = useState<ActionState<K>>({
    busy: false,
    error: null,
    result: null,
    succeeded: false,
    payload: null,
  });
  const calls = useLatestCall();
  const run = useCallback(
    async <J extends K>(key: J, payload: PayloadOf<J>): Promise<ResolverResult<DataOf<J>>> => {
      const id = calls.begin();
      const sent = payload as PayloadOf<K>;
      setState((previous) => ({ ...previous, busy: true, error: null, succeeded: false, payload: sent }));
      const answer = await call(key, payload);
      if (calls.isLatest(id)) {
        setState((previous) =>
          answer.ok
            ? { busy: false, error: null, result: answer.data as DataOf<K>, succeeded: true, payload: sent }
            : { busy: false, error: answer.error, result: previous.result, succeeded: false, payload: sent },
        );
      }
      return answer;
    },
    [calls],
  );
  const clear = useCallback(() => setState((previous) => ({ ...previous, error: null, succeeded: false })), []);
  const violations = state.error?.kind === 'validation' ? (state.error.violations ?? NO_VIOLATIONS) : NO_VIOLATIONS;
  return { ...state, violations, run, clear };
}

/**
 * The subpage of a page module (e.g. `/customers` of the project page), from the host's history:
 * null until the host answers, an empty path on hosts without one.
 */
export function useHistoryPath(): string | null {
  const [path, setPath] = useState<string | null>(null);
  useEffect(() => {
    let active = true;
    let stop: (() => void) | undefined;
    view.createHistory().then(
      (history: {
        location: { pathname: string };
        listen: (listener: (location: { pathname: string }) => void) => (() => void) | void;
      }) => {
        if (!active) return;
        setPath(history.location.pathname);
        stop = history.listen((location) => setPath(location.pathname)) ?? undefined;
      },
      () => active && setPath(''),
    );
    return () => {
      active = false;
      stop?.();
    };
  }, []);
  return path;
}
