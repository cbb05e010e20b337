import { view } from '@forge/bridge';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call } from './api';
import { loadContext, type ForgeContext } from './context';
import type { DataOf, PayloadOf, ResolverError, ResolverKey } from './api';

export type { ForgeContext };

export type ContextState = { status: 'loading' } | { status: 'ready'; context: ForgeContext } | { status: 'error'; message: string };

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

/**
 * Calls a resolver when the component mounts and whenever the payload changes (compared by value).
 * Pass `enabled: false` to wait, e.g. until a project is chosen. Late answers of superseded calls
 * are dropped.
 */
export function useResolver<K extends ResolverKey>(key: K, payload: PayloadOf<K>, options: { enabled?: boolean } = {}): ResolverState<DataOf<K>> {
  const enabled = options.enabled ?? true;
  const payloadKey = JSON.stringify(payload);
  const [state, setState] = useState<{ loading: boolean; error: ResolverError | null; data: DataOf<K> | null }>({
    loading: enabled,
    error: null,
    data: null,
  });
  const [attempt, setAttempt] = useState(0);
  const latest = useRef(0);

  useEffect(() => {
    if (!enabled) {
      setState((previous) => ({ ...previous, loading: false }));
      return;
    }
    const id = ++latest.current;
    setState((previous) => ({ ...previous, loading: true, error: null }));
    void call(key, JSON.parse(payloadKey) as PayloadOf<K>).then((result) => {
      if (id !== latest.current) return;
      setState((previous) => (result.ok ? { loading: false, error: null, data: result.data } : { loading: false, error: result.error, data: previous.data }));
    });
    return () => {
      // A newer effect run (or unmount) supersedes this call.
      if (latest.current === id) latest.current += 1;
    };
  }, [key, payloadKey, enabled, attempt]);

  const reload = useCallback(() => setAttempt((value) => value + 1), []);
  return { ...state, reload };
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
      (history: { location: { pathname: string }; listen: (listener: (location: { pathname: string }) => void) => (() => void) | void }) => {
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
