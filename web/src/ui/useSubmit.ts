// Saving a form: what was typed stays in the form's own state whatever happens; a refusal
// keeps the server's ApiFailure so each field can show its own problem (problems[] field
// paths) and the rest shows above the buttons.
import { useState } from 'react';
import { ApiFailure, problemFor } from '../api/errors.ts';

export function useSubmit() {
  const [failure, setFailure] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async <T>(save: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setFailure(null);
    try {
      return await save();
    } catch (e) {
      setFailure(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  /** The server's message for one field, if it named that field. */
  const fieldError = (field: string) => problemFor(failure, field);
  /** The general message, unless every problem is shown at one of `fields`. */
  const formError = (fields: readonly string[]): string | undefined => {
    if (!failure) return undefined;
    if (!(failure instanceof ApiFailure)) {
      return failure instanceof Error ? failure.message : String(failure);
    }
    // A field shows the problems of its own parts too (recipients.birthdays.2 under recipients).
    const shown = (path: string) =>
      fields.some((f) => path === f || path.endsWith(`.${f}`) || path.startsWith(`${f}.`));
    const all = failure.problems.length > 0 && failure.problems.every((p) => shown(p.path));
    return all ? undefined : failure.message;
  };
  return { submit, busy, failure, fieldError, formError, reset: () => setFailure(null) };
}
