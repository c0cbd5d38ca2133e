// A list read a page at a time from the admin API's `{ rows, next_cursor }`: the first page
// whenever `deps` change (a new filter, a saved change), «Показать ещё» appends the next one.
// An answer that arrives after the filter changed again is dropped.
import { useEffect, useState, type DependencyList } from 'react';

export interface Paged<T> {
  rows: T[];
  /** Set when there is a next page. */
  more: (() => Promise<void>) | null;
  loading: boolean;
  error: unknown;
}

export function usePaged<T>(
  fetchPage: (cursor?: string) => Promise<{ rows: T[]; next_cursor: string | null }>,
  deps: DependencyList,
): Paged<T> {
  const [rows, setRows] = useState<T[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    let current = true;
    setLoading(true);
    fetchPage().then(
      (p) =>
        current && (setRows(p.rows), setNext(p.next_cursor), setError(null), setLoading(false)),
      (e: unknown) => current && (setError(e), setLoading(false)),
    );
    return () => {
      current = false;
    };
    // `deps` are what the page depends on: fetchPage is a new closure on every render.
  }, deps);

  const more = async () => {
    if (!next) return;
    setLoading(true);
    try {
      const p = await fetchPage(next);
      setRows((r) => [...r, ...p.rows]);
      setNext(p.next_cursor);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  return { rows, more: next ? more : null, loading, error };
}
