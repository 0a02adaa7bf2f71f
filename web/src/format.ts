/**
 * How the portal writes dates, durations and amounts: Indonesian, in the city's zone (WIB).
 * The sentences come from src/domain/format, shared with the emails.
 */
import { formatDateId, formatDateTimeId, formatRupiah } from '../../src/domain/format';

export const TIME_ZONE = 'Asia/Jakarta';

/** "Senin, 2 Maret 2026 pukul 23.59 WIB" */
export const dateTime = (iso: string) => formatDateTimeId(new Date(iso), TIME_ZONE);

/** "2 Mar 2026 23.59 WIB", for tables. */
export function shortDateTime(iso: string): string {
  const text = new Intl.DateTimeFormat('id-ID', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: TIME_ZONE,
  }).format(new Date(iso));

  return `${text} WIB`;
}

/** A calendar date (YYYY-MM-DD) as "2 Maret 2026". */
export const date = (localDate: string) => formatDateId(localDate);

export const rupiah = (amount: number) => formatRupiah(amount);

/** Today in the city's zone as YYYY-MM-DD (for date inputs). */
export function todayLocal(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE }).format(now);
}

/** "terlambat 2 hari 3 jam" or "sisa 4 hari", from a due instant. */
export function lateness(dueIso: string, now = new Date()): { overdue: boolean; text: string } {
  const diffMs = new Date(dueIso).getTime() - now.getTime();
  const overdue = diffMs < 0;
  const span = duration(Math.abs(diffMs));

  return { overdue, text: overdue ? `terlambat ${span}` : `sisa ${span}` };
}

function duration(ms: number): string {
  const hours = Math.floor(ms / 3_600_000);
  const days = Math.floor(hours / 24);
  const rest = hours % 24;
  if (days === 0 && hours === 0) return 'kurang dari 1 jam';
  if (days === 0) return `${hours} jam`;

  return rest === 0 || days >= 7 ? `${days} hari` : `${days} hari ${rest} jam`;
}
