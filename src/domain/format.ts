/** How dates and amounts read for Indonesian users: "Senin, 2 Maret 2026 pukul 23.59 WIB". */

const ZONE_ABBREVIATIONS: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

export function formatDateTimeId(instant: Date, timeZone: string): string {
  const text = new Intl.DateTimeFormat('id-ID', { dateStyle: 'full', timeStyle: 'short', timeZone }).format(instant);

  return `${text} ${ZONE_ABBREVIATIONS[timeZone] ?? timeZone}`;
}

export function formatDateId(localDate: string): string {
  const [year, month, day] = localDate.split('-').map(Number);

  return new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year!, month! - 1, day!)),
  );
}

export function formatRupiah(amount: number): string {
  return new Intl.NumberFormat('id-ID', {
    style: 'currency',
    currency: 'IDR',
    maximumFractionDigits: 0,
  }).format(amount);
}
