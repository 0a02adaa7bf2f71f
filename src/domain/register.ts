/**
 * The register of agreements signed before the system (register kerja sama): reading its CSV
 * and checking every row before anything is imported. Pure: the caller looks up the units and
 * the numbers already registered and passes them in, so each rule is tested without a database.
 */
import { addCalendarDays, addMonthsClamped, daysBetweenLocalDates } from './calendar.js';
import { CsvSyntaxError, parseCsvRecords } from './csv.js';
import {
  contentOf,
  readRegisterRow,
  REGISTER_COLUMNS,
  type RegisterColumn,
  type RegisterInputRow,
  type RegisterProblem,
} from './register-row.js';

export {
  REGISTER_COLUMNS,
  type RegisterColumn,
  type RegisterInputRow,
  type RegisterProblem,
  type RegisterRow,
} from './register-row.js';
import type { RegisterRow } from './register-row.js';

export const MAX_REGISTER_ROWS = 5000;


export interface RegisterLookups {
  unitCodes: ReadonlySet<string>;
  /** Numbers already registered: the content they were imported with, or null if signed here. */
  registered: ReadonlyMap<string, { content: string | null }>;
}

export type RegisterPlanItem =
  | { action: 'create'; row: RegisterRow }
  /** Already registered with the same content, in the database or on an earlier line. */
  | { action: 'skip'; row: RegisterRow; sameAsLine: number | null };

/** Reads the register's CSV; the problems found here are the file's shape. */
export function readRegisterCsv(text: string): {
  rows: RegisterInputRow[];
  problems: RegisterProblem[];
} {
  let records;
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (!(error instanceof CsvSyntaxError)) throw error;
    const reason = 'format CSV rusak: tanda kutip tidak tertutup atau ada teks setelahnya';
    return { rows: [], problems: [{ line: error.line, reason }] };
  }
  const [header, ...body] = records;
  if (!header) return { rows: [], problems: [{ line: 1, reason: 'berkas kosong' }] };

  const names = header.cells.map((cell) => cell.trim());
  const problems = headerProblems(names, header.line);
  if (problems.length > 0) return { rows: [], problems };
  if (body.length === 0) {
    const reason = 'berkas tidak berisi baris data';
    return { rows: [], problems: [{ line: header.line, reason }] };
  }
  if (body.length > MAX_REGISTER_ROWS) {
    const reason = `berkas berisi ${body.length} baris data; paling banyak ${MAX_REGISTER_ROWS}`;
    return { rows: [], problems: [{ line: header.line, reason }] };
  }

  const rows: RegisterInputRow[] = [];
  for (const { line, cells } of body) {
    if (cells.length !== names.length) {
      const reason = `baris berisi ${cells.length} kolom, seharusnya ${names.length}`;
      problems.push({ line, reason });
      continue;
    }
    const byName = Object.fromEntries(names.map((name, i) => [name, cells[i]!]));
    rows.push({ line, cells: byName as RegisterInputRow['cells'] });
  }

  return { rows, problems };
}

/** Checks every row against the rules and what is already registered; plans each good row. */
export function checkRegister(
  rows: readonly RegisterInputRow[],
  lookups: RegisterLookups,
): { plan: RegisterPlanItem[]; problems: RegisterProblem[] } {
  const problems: RegisterProblem[] = [];
  const plan: RegisterPlanItem[] = [];
  const firstByNumber = new Map<string, { line: number; content: string }>();
  const numbersInFile = new Set(rows.map((row) => row.cells.ourNumber.trim()).filter(Boolean));

  for (const input of rows) {
    const { row, problems: own } = readRegisterRow(input, lookups.unitCodes);
    const report = (column: RegisterColumn, reason: string) =>
      own.push({ line: input.line, column, reason });
    const number = input.cells.ourNumber.trim();
    const content = contentOf(input.cells);

    // The same number again is the same agreement only if the row says the same thing.
    const registered = number ? lookups.registered.get(number) : undefined;
    const earlier = number ? firstByNumber.get(number) : undefined;
    if (registered && registered.content === null) {
      report('ourNumber', `nomor '${number}' sudah dipakai kerja sama yang diproses di sistem`);
    } else if (registered && registered.content !== content) {
      report('ourNumber', `nomor '${number}' sudah terdaftar dengan isi yang berbeda`);
    } else if (earlier && earlier.content !== content) {
      const reason = `nomor '${number}' sudah dipakai di baris ${earlier.line} dengan isi berbeda`;
      report('ourNumber', reason);
    }
    if (number && !earlier) firstByNumber.set(number, { line: input.line, content });

    const parent = input.cells.parentOurNumber.trim();
    if (parent && parent === number) {
      report('parentOurNumber', 'kerja sama tidak dapat menjadi induk dirinya sendiri');
    } else if (parent && !numbersInFile.has(parent) && !lookups.registered.has(parent)) {
      report('parentOurNumber', `kerja sama induk bernomor '${parent}' tidak ditemukan`);
    }

    problems.push(...own);
    if (own.length > 0 || !row) continue;
    if (registered) plan.push({ action: 'skip', row, sameAsLine: null });
    else if (earlier) plan.push({ action: 'skip', row, sameAsLine: earlier.line });
    else plan.push({ action: 'create', row });
  }

  return { plan, problems };
}

/** Whole months of a term from its first to its last day, rounded to the nearest (≥ 1). */
export function termMonths(startDate: string, endDate: string): number {
  const after = addCalendarDays(endDate, 1);
  const [y1, m1, d1] = startDate.split('-').map(Number) as [number, number, number];
  const [y2, m2, d2] = after.split('-').map(Number) as [number, number, number];
  let months = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1 ? 1 : 0);
  if (daysBetweenLocalDates(addMonthsClamped(startDate, months), after) > 15) months += 1;

  return Math.max(1, months);
}

function headerProblems(names: string[], line: number): RegisterProblem[] {
  const known = REGISTER_COLUMNS as readonly string[];
  const missing = REGISTER_COLUMNS.filter((name) => !names.includes(name));
  const extra = names.filter((name, i) => !known.includes(name) || names.indexOf(name) !== i);

  return [
    ...missing.map((column) => ({ line, column, reason: 'kolom wajib tidak ada di baris judul' })),
    ...extra.map((column) => ({
      line,
      column,
      reason: known.includes(column) ? 'kolom tertulis dua kali' : 'kolom tidak dikenal',
    })),
  ];
}
