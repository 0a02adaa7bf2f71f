/**
 * Reads the holiday calendar file (libur nasional and cuti bersama, one date a row) that ships
 * in `src/db/seed-data/holidays-id.csv` and that the admin uploads as each year's decree
 * appears. Every bad row is reported with its line, so the admin can fix the file in one go.
 */
import { isValidLocalDate, type Holiday, type HolidayKind } from './calendar.js';
import { CsvSyntaxError, parseCsvRecords, type CsvRecord } from './csv.js';

export interface HolidaysCsvError {
  /** 1-based line of the file. */
  line: number;
  reason: string;
}

const COLUMNS = ['date', 'kind', 'name', 'basis'] as const;
const KINDS: ReadonlySet<string> = new Set<HolidayKind>(['libur_nasional', 'cuti_bersama']);

/**
 * Parses `date,kind,name,basis` (header required, in that order). Valid rows are returned
 * even when other rows fail; callers that must be all-or-nothing check `errors` first.
 */
export function parseHolidaysCsv(text: string): {
  holidays: Holiday[];
  errors: HolidaysCsvError[];
} {
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return { holidays: [], errors: [{ line: error.line, reason: error.message }] };
    }
    throw error;
  }

  const [header, ...rows] = records;
  const headerError = checkHeader(header);
  if (headerError) return { holidays: [], errors: [headerError] };

  const holidays: Holiday[] = [];
  const errors: HolidaysCsvError[] = [];
  const lineOfDate = new Map<string, number>();
  for (const { line, cells } of rows) {
    const result = toHoliday(cells, lineOfDate);
    if (typeof result === 'string') {
      errors.push({ line, reason: result });
      continue;
    }
    lineOfDate.set(result.date, line);
    holidays.push(result);
  }

  return { holidays, errors };
}

function checkHeader(header: CsvRecord | undefined): HolidaysCsvError | null {
  if (!header) return { line: 1, reason: 'file is empty (expected header date,kind,name,basis)' };
  const names = header.cells.map((cell) => cell.trim().toLowerCase());
  const matches = names.length === COLUMNS.length && COLUMNS.every((c, i) => names[i] === c);
  if (matches) return null;

  return {
    line: header.line,
    reason: `header must be date,kind,name,basis (got ${header.cells.join(',')})`,
  };
}

/** The holiday of one row, or the reason it is refused. */
function toHoliday(cells: string[], lineOfDate: ReadonlyMap<string, number>): Holiday | string {
  if (cells.length !== COLUMNS.length) {
    return `row must have ${COLUMNS.length} cells: date,kind,name,basis (got ${cells.length})`;
  }
  const [date, kind, name, basis] = cells.map((cell) => cell.trim());

  if (!isValidLocalDate(date)) return `date must be a real YYYY-MM-DD date (got "${date}")`;
  if (!KINDS.has(kind)) return `kind must be libur_nasional or cuti_bersama (got "${kind}")`;
  if (name === '') return 'name must not be empty';
  if (basis === '') return 'basis must name the decree (got an empty cell)';
  const earlierLine = lineOfDate.get(date);
  if (earlierLine !== undefined) return `date ${date} is already listed on line ${earlierLine}`;

  return { date, kind: kind as HolidayKind, name, basis };
}
