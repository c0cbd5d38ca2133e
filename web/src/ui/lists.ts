// Lists from the admin API: `{ rows, next_cursor }` (the one list shape), tolerant of routes
// that still answer a bare array while the server moves them over.
export function rowsOf<T>(answer: unknown): T[] {
  if (Array.isArray(answer)) return answer as T[];
  const rows = (answer as { rows?: unknown } | null | undefined)?.rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}
