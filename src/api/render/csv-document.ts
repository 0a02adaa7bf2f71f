/**
 * A CSV file as spreadsheets open it correctly: UTF-8 with a byte-order mark (so Excel reads
 * Javanese or Arabic text right), CRLF line ends, RFC 4180 quoting and formula-looking text made
 * inert (toCsvRow). Dates and times are written as text the way the city reads them.
 */
import type { Partner } from '../../domain/agreement.js';
import { toCsvRow } from '../../domain/csv.js';
import { PARTNER_TYPE_LABELS, type PartnerType } from '../../domain/glossary.js';

export type CsvCell = string | number | null | undefined;

export function csvDocument(header: string[], rows: CsvCell[][]): string {
  return `\uFEFF${[header, ...rows].map(toCsvRow).join('\r\n')}\r\n`;
}

/** `2026-12-04 23:59` in the city's time zone. */
export function localDateTime(instant: Date | null, timeZone: string): string | null {
  if (!instant) return null;

  const format = new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  });

  return format.format(instant);
}

/** Partner names, then their kinds in Indonesian (each once), as two cells. */
export function partnerCells(partners: Pick<Partner, 'name' | 'type'>[]): [string, string] {
  const kinds = new Set(
    partners.map((partner) => PARTNER_TYPE_LABELS[partner.type as PartnerType] ?? partner.type),
  );

  return [partners.map((partner) => partner.name).join('; '), [...kinds].join('; ')];
}

/** A safe file name for Content-Disposition: the date of today in the city. */
export function attachmentName(prefix: string, timeZone: string, suffix: string): string {
  const today = new Intl.DateTimeFormat('sv-SE', { timeZone }).format(new Date());

  return `${prefix}-${today}${suffix}`;
}
