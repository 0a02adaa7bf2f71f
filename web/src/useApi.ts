/**
 * Loads one API resource for a component, with loading and error state and a reload. Only the
 * latest request's answer is kept, so quick filter changes never show a stale list.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from './api/client';

export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload(): Promise<void>;
  /** Replaces the data with a fresher copy the caller already has (e.g. an Update's answer). */
  set(data: T): void;
}

export function useApi<T>(load: (() => Promise<T>) | null, deps: unknown[]): Loaded<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(Boolean(load));
  const latest = useRef(0);

  const run = useCallback(async () => {
    if (!load) return;
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const result = await load();
      if (ticket !== latest.current) return;
      setData(result);
      setError(null);
    } catch (caught) {
      if (ticket !== latest.current) return;
      setError(caught instanceof ApiError ? caught : new ApiError(0, 'client_error', String(caught)));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
    // The caller lists what the loader depends on, as with useEffect.
  }, deps);

  useEffect(() => {
    void run();
  }, [run]);

  const set = useCallback((next: T) => {
    latest.current += 1;
    setData(next);
    setError(null);
    setLoading(false);
  }, []);

  return { data, error, loading, reload: run, set };
}
