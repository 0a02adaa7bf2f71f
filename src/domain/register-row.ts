/**
 * The rules for one row of the register (see register.ts): each broken rule is reported with
 * its column and a reason in Bahasa Indonesia, so an office can fix its spreadsheet at once.
 */
import type { Partner } from './agreement.js';
import { isValidLocalDate } from './calendar.js';
import { INSTRUMENTS, KINDS, PARTNER_TYPES } from './glossary.js';
import type { Instrument, Kind, PartnerType } from './glossary.js';

export const REGISTER_COLUMNS = [
  'kind', 'instrument', 'title', 'partners', 'partnerTypes', 'unitCode', 'ourNumber',
  'partnerNumber', 'parentOurNumber', 'signedAt', 'startDate', 'endDate', 'valueIdr', 'notes',
] as const;
export type RegisterColumn = (typeof REGISTER_COLUMNS)[number];

/** One row as written, its cells by column; `line` counts the header as line 1. */
export interface RegisterInputRow {
  line: number;
  cells: Record<RegisterColumn, string>;
}

export interface RegisterProblem {
  line: number;
  column?: string;
  reason: string;
}

export interface RegisterRow {
  line: number;
  kind: Kind;
  instrument: Instrument;
  title: string;
  partners: Partner[];
  unitCode: string;
  ourNumber: string;
  partnerNumbers: string[];
  parentOurNumber: string | null;
  signedAt: string;
  startDate: string;
  endDate: string;
  /** Whole rupiah as digits (numeric in Postgres, so large sums stay exact). */
  valueIdr: string | null;
  notes: string | null;
  /** Canonical text of the row: equal content means the same agreement registered again. */
  content: string;
}

type Report = (column: RegisterColumn, reason: string) => void;

/** Columns holding several values separated by `;` (one per partner). */
const LIST_COLUMNS: ReadonlySet<RegisterColumn> = new Set([
  'partners',
  'partnerTypes',
  'partnerNumber',
]);

export function readRegisterRow(input: RegisterInputRow, unitCodes: ReadonlySet<string>) {
  const problems: RegisterProblem[] = [];
  const report: Report = (column, reason) => problems.push({ line: input.line, column, reason });
  const cell = (column: RegisterColumn) => input.cells[column].trim();

  for (const column of REGISTER_COLUMNS) {
    if (input.cells[column].includes('\u0000')) report(column, 'berisi karakter NUL (U+0000)');
  }
  const kind = cell('kind');
  if (!(KINDS as readonly string[]).includes(kind)) {
    report('kind', `jenis kerja sama '${kind}' tidak dikenal (yang berlaku: ${KINDS.join(', ')})`);
  }
  const instrument = cell('instrument');
  if (instrument === 'addendum') {
    report('instrument', 'adendum tidak diimpor sebagai kerja sama sendiri');
  } else if (!(INSTRUMENTS as readonly string[]).includes(instrument)) {
    report('instrument', `bentuk '${instrument}' tidak dikenal (yang berlaku: ksb, pks, nk, loi)`);
  }
  const title = cell('title');
  if (!title) report('title', 'judul wajib diisi');
  else if (title.length > 500) report('title', `judul ${title.length} karakter; paling banyak 500`);

  const partnerTypes = splitList(input.cells.partnerTypes);
  const partners = readPartners(splitList(input.cells.partners), partnerTypes, report);
  const unitCode = cell('unitCode');
  if (!unitCode) report('unitCode', 'unit (perangkat daerah) wajib diisi');
  else if (!unitCodes.has(unitCode)) report('unitCode', `unit '${unitCode}' tidak dikenal`);
  const ourNumber = cell('ourNumber');
  if (!ourNumber) report('ourNumber', 'nomor kerja sama pihak daerah wajib diisi');
  else if (ourNumber.length > 200) report('ourNumber', 'nomor paling banyak 200 karakter');
  const partnerNumbers = splitList(input.cells.partnerNumber);
  if (partnerNumbers.some((number) => number.length > 200)) {
    report('partnerNumber', 'nomor mitra paling banyak 200 karakter');
  }

  const dates = readDates(cell('signedAt'), cell('startDate'), cell('endDate'), report);
  const value = cell('valueIdr');
  if (value && !/^\d{1,20}$/.test(value)) {
    report('valueIdr', `nilai '${value}' bukan angka rupiah (tulis angka bulat, mis. 4800000000)`);
  }
  const notes = cell('notes');
  if (notes.length > 5000) report('notes', 'catatan paling banyak 5000 karakter');
  if (problems.length > 0 || !partners || !dates) return { row: null, problems };

  const row: RegisterRow = {
    line: input.line,
    kind: kind as Kind,
    instrument: instrument as Instrument,
    title,
    partners,
    unitCode,
    ourNumber,
    partnerNumbers,
    parentOurNumber: cell('parentOurNumber') || null,
    ...dates,
    valueIdr: value ? BigInt(value).toString() : null,
    notes: notes || null,
    content: contentOf(input.cells),
  };

  return { row, problems };
}

/** Trimmed cells, lists split on `;`: two rows with equal content say the same thing. */
export function contentOf(cells: Record<RegisterColumn, string>): string {
  const canonical = REGISTER_COLUMNS.map((column) =>
    LIST_COLUMNS.has(column) ? splitList(cells[column]).join(';') : cells[column].trim(),
  );

  return JSON.stringify(canonical);
}

function readPartners(names: string[], types: string[], report: Report): Partner[] | null {
  const known = PARTNER_TYPES as readonly string[];
  const unknown = types.filter((type) => !known.includes(type));
  if (names.length === 0) report('partners', 'mitra wajib diisi');
  else if (names.length !== types.length) {
    report('partnerTypes', `${types.length} jenis mitra untuk ${names.length} mitra; harus sama`);
  } else if (unknown.length > 0) {
    report('partnerTypes', `jenis mitra tidak dikenal: ${unknown.join(', ')}`);
  } else if (names.some((name) => name.length > 300)) {
    report('partners', 'nama mitra paling banyak 300 karakter');
  } else {
    return names.map((name, i) => ({ name, type: types[i] as PartnerType }));
  }

  return null;
}

function readDates(signedAt: string, startDate: string, endDate: string, report: Report) {
  const dates = { signedAt, startDate, endDate };
  let valid = true;
  for (const [column, value] of Object.entries(dates) as [RegisterColumn, string][]) {
    if (value && isValidLocalDate(value)) continue;
    const reason = value ? `tanggal '${value}' tidak ada (YYYY-MM-DD)` : 'tanggal wajib diisi';
    report(column, reason);
    valid = false;
  }
  if (!valid) return null;

  if (endDate < startDate) {
    report('endDate', `tanggal berakhir (${endDate}) sebelum tanggal mulai (${startDate})`);
    return null;
  }
  if (signedAt > endDate) {
    report('signedAt', `tanggal tanda tangan (${signedAt}) setelah tanggal berakhir (${endDate})`);
    return null;
  }

  return dates;
}

function splitList(text: string): string[] {
  return text
    .split(';')
    .map((part) => part.trim())
    .filter(Boolean);
}
