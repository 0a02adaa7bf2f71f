/**
 * What a form shows after the API refused it: each field's message next to the field and the
 * API's own message in an Alert above. `extra` adds field messages the API gives without a
 * field path (e.g. a conflict on a username), so they still land next to the right field.
 */
import { useCallback, useState } from 'react';
import { ApiError } from './api/client';
import { fieldErrorsOf, type FieldErrors } from './validation';

export interface FormErrors {
  errors: FieldErrors;
  problem: string | null;
  fail(error: unknown, extra?: (error: ApiError) => FieldErrors): void;
  /** Client-side checks: field messages and a sentence for the Alert. */
  invalid(errors: FieldErrors, problem?: string): void;
  clear(): void;
}

export function useFormErrors(): FormErrors {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<string | null>(null);

  const fail = useCallback((error: unknown, extra?: (error: ApiError) => FieldErrors) => {
    if (error instanceof ApiError) {
      setErrors({ ...fieldErrorsOf(error), ...extra?.(error) });
      setProblem(error.message);
    } else {
      setErrors({});
      setProblem(String(error));
    }
  }, []);
  const invalid = useCallback((next: FieldErrors, text = 'Periksa isian yang ditandai.') => {
    setErrors(next);
    setProblem(text);
  }, []);
  const clear = useCallback(() => {
    setErrors({});
    setProblem(null);
  }, []);

  return { errors, problem, fail, invalid, clear };
}

/** The first message among field keys that start with `prefix` (`roles`, `roles.0`). */
export function errorUnder(errors: FieldErrors, prefix: string): string | undefined {
  const key = Object.keys(errors).find((name) => name === prefix || name.startsWith(`${prefix}.`));

  return key ? errors[key] : undefined;
}

/** For `fail`: a conflict (409, e.g. a name already taken) is shown at `field`. */
export const conflictAt =
  (field: string) =>
  (error: ApiError): FieldErrors =>
    error.code === 'conflict' ? { [field]: error.message } : {};
