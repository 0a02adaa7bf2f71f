/**
 * Server validation messages next to the fields that caused them. The API names each field as
 * a path (`body.title`, `body.partners.0.name`) with zod's English message; the portal shows the
 * message in Indonesian where it knows the pattern, and the original otherwise. Rules the portal
 * checks before sending, shared with the API through src/domain, live here too.
 */
import type { ApiError } from './api/client';
import { isReasonEnough, needsReason, reasonLength, reasonMessage } from '../../src/domain/reasons';
import type { Decision } from '../../src/domain/stages';

export type FieldErrors = Record<string, string>;

/** `body.partners.0.name` → `partners.0.name`, the key the forms use. */
export function fieldKey(path: string): string {
  return path.replace(/^(body|querystring|params)\.?/, '');
}

/** The id of the control for a field key: dots are awkward in CSS selectors. */
export const fieldId = (key: string) => key.replaceAll('.', '-');

export function fieldErrorsOf(error: ApiError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.fieldIssues) {
    const key = fieldKey(issue.field!);
    errors[key] ??= translate(issue.message ?? error.message);
  }

  return errors;
}

const PATTERNS: [RegExp, (match: RegExpExecArray) => string][] = [
  [/^Too small: expected string to have >=1 characters/, () => 'Wajib diisi.'],
  [/^Too small: expected string to have >=(\d+)/, (m) => `Minimal ${m[1]} karakter.`],
  [/^Too big: expected string to have <=(\d+)/, (m) => `Paling panjang ${m[1]} karakter.`],
  [/^Too small: expected number to be >=?(\S+)/, (m) => `Nilai paling kecil ${m[1]}.`],
  [/^Too big: expected number to be <=?(\S+)/, (m) => `Nilai paling besar ${Number(m[1]).toLocaleString('id-ID')}.`],
  [/^Too small: expected array to have >=(\d+)/, (m) => `Isi paling sedikit ${m[1]}.`],
  [/^Too big: expected array to have <=(\d+)/, (m) => `Paling banyak ${m[1]}.`],
  [/^Invalid option/, () => 'Pilih salah satu pilihan yang tersedia.'],
  [/expected int/, () => 'Harus bilangan bulat.'],
  [/^Invalid input: expected \w+, received (undefined|null)/, () => 'Wajib diisi.'],
  [/expected number/, () => 'Harus berupa angka.'],
  [/ISO 3166/, () => 'Gunakan kode negara dua huruf (ISO 3166), mis. JP.'],
  [/real calendar date/, () => 'Tanggal itu tidak ada di kalender.'],
  [/YYYY-MM-DD/, () => 'Gunakan format tanggal TTTT-BB-HH.'],
  [/UUID/i, () => 'Pengenal tidak valid.'],
  [/U\+0000/, () => 'Mengandung karakter yang tidak diizinkan.'],
  [/^must be 3–60 of a-z/, () => 'Gunakan 3–60 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung.'],
  [/^must be 2–20 of A-Z/, () => 'Gunakan 2–20 karakter: huruf kapital, angka atau garis bawah.'],
  [/^Invalid email/, () => 'Alamat surel tidak valid.'],
  [/roles must not repeat/, () => 'Peran tidak boleh berulang.'],
  [/^Invalid input$/, () => 'Isian tidak valid.'],
];

export function translate(message: string): string {
  for (const [pattern, text] of PATTERNS) {
    const match = pattern.exec(message);
    if (match) return text(match);
  }

  return message;
}

/**
 * The reason a decision or a returned report needs (src/domain/reasons, the same rule as the
 * API), checked before sending: the message to show under the note, or undefined when it may go.
 */
export function reasonError(action: Decision | 'return_report', note: string): string | undefined {
  if (action === 'return_report') {
    return isReasonEnough(note) ? undefined : reasonMessage('report_return', reasonLength(note));
  }

  return needsReason(action) && !isReasonEnough(note) ? reasonMessage('decision', reasonLength(note)) : undefined;
}
