/**
 * Loading what a page shows: `useResource(path)` fetches and keeps the last good answer while it
 * reloads (so live updates never blank a page); `useLiveLeads` calls back when the server says
 * leads this user may see changed (server-sent events), and every 30 s in case a change came
 * through another server process.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, get } from './api';

export interface Resource<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => Promise<void>;
}

export function useResource<T>(path: string | undefined): Resource<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiError>();
  const [loading, setLoading] = useState(Boolean(path));
  const current = useRef(path);
  current.current = path;

  const reload = useCallback(async () => {
    if (!path) return;
    setLoading(true);
    try {
      const result = await get<T>(path);
      if (current.current !== path) return;
      setData(result);
      setError(undefined);
    } catch (e) {
      if (current.current !== path) return;
      setError(e instanceof ApiError ? e : new ApiError(0, 'network', 'Baton could not be reached. Check the connection; the page retries on its own.'));
    } finally {
      if (current.current === path) setLoading(false);
    }
  }, [path]);

  useEffect(() => {
    setData(undefined);
    setError(undefined);
    void reload();
  }, [reload]);

  return { data, error, loading, reload };
}

const REFRESH_MS = 30_000;

/** Calls `onChange(ids)` when leads the user may see change; ids is empty for the periodic refresh. */
export function useLiveLeads(onChange: (ids: string[]) => void): { connected: boolean } {
  const handler = useRef(onChange);
  handler.current = onChange;
  const [connected, setConnected] = useState(false);
  useEffect(() => {
    const source = new EventSource('/api/v1/stream');
    source.onopen = () => setConnected(true);
    source.onerror = () => setConnected(false);
    source.addEventListener('leads', (event) => {
      try {
        const { ids } = JSON.parse((event as MessageEvent<string>).data) as { ids: string[] };
        handler.current(ids);
      } catch {
        // a malformed event is ignored; the periodic refresh catches up
      }
    });
    const timer = setInterval(() => handler.current([]), REFRESH_MS);
    return () => {
      source.close();
      clearInterval(timer);
    };
  }, []);
  return { connected };
}

const tickers = new Set<(now: number) => void>();
let ticking: ReturnType<typeof setInterval> | undefined;

/**
 * The current time, ticking each second, for countdowns. One timer for the whole page, and only
 * the components that show a countdown re-render (not the lists around them: a desk of 400
 * leads re-rendered every second kept the main thread busy).
 */
export function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    tickers.add(setNow);
    ticking ??= setInterval(() => {
      const t = Date.now();
      for (const tick of tickers) tick(t);
    }, 1000);
    return () => {
      tickers.delete(setNow);
      if (tickers.size === 0 && ticking) {
        clearInterval(ticking);
        ticking = undefined;
      }
    };
  }, []);
  return now;
}
