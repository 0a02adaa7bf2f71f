/**
 * The signing day the verifier records (`signing.signedAt`) starts the term, so it must be a
 * day that has happened while this agreement existed: not after today and not before the day it
 * was proposed, both read in the city's time zone. Checked at the API because the workflow's
 * validator has no clock of its own; the register import, whose old agreements were signed long
 * before they were entered here, does not pass through this check.
 */
import { localDateOf } from '../domain/calendar.js';
import { formatDateId } from '../domain/format.js';
import { AppError } from './errors.js';

const FIELD = 'body.signing.signedAt';

export function assertSigningDate(signedAt: string, createdAt: Date, timeZone: string, now = new Date()) {
  const today = localDateOf(now, timeZone);
  const createdOn = localDateOf(createdAt, timeZone);
  if (signedAt > today) {
    const latest = formatDateId(today);
    refuse(`Tanggal penandatanganan ${formatDateId(signedAt)} belum terjadi: paling lambat hari ini (${latest}).`, {
      today,
    });
  }
  if (signedAt < createdOn) {
    const earliest = formatDateId(createdOn);
    refuse(`Tanggal penandatanganan ${formatDateId(signedAt)} lebih awal dari hari usulan ini dibuat (${earliest}).`, {
      createdOn,
    });
  }
}

function refuse(message: string, bound: { today?: string; createdOn?: string }): never {
  throw new AppError('invalid_input', message, [{ field: FIELD, message, ...bound }]);
}
