/**
 * A small RFC 4180 CSV reader and writer, shared by the holiday calendar, the register import
 * and the CSV exports. Pure: strings in, strings out.
 *
 * Reading is tolerant where files from spreadsheets differ (a byte-order mark, CRLF or LF or
 * CR line ends, no final line end) and strict where guessing would corrupt data: a quoted
 * field left open, or text after a closing quote, throws a CsvSyntaxError with its line.
 */

export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    /** 1-based physical line of the file where the problem is. */
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvSyntaxError';
  }
}

export interface CsvRecord {
  /** 1-based physical line the record starts on (records may span lines inside quotes). */
  line: number;
  cells: string[];
}

/** Rows of cells; empty lines are skipped. Throws CsvSyntaxError on broken quoting. */
export function parseCsv(text: string): string[][] {
  return parseCsvRecords(text).map((record) => record.cells);
}

/** As parseCsv, keeping the line each record starts on, for error messages. */
export function parseCsvRecords(text: string): CsvRecord[] {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let cell = '';
  let atFieldStart = true;
  let hadQuotes = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;

  const endField = () => {
    cells.push(cell);
    cell = '';
    atFieldStart = true;
  };
  const endRecord = () => {
    endField();
    const isEmptyLine = cells.length === 1 && cells[0] === '' && !hadQuotes;
    if (!isEmptyLine) records.push({ line: recordLine, cells });
    cells = [];
    hadQuotes = false;
  };

  while (i < input.length) {
    const ch = input[i];

    if (ch === '"' && atFieldStart) {
      const openedOn = line;
      hadQuotes = true;
      atFieldStart = false;
      i += 1;
      for (;;) {
        if (i >= input.length) throw new CsvSyntaxError('quoted field is not closed', openedOn);
        const inner = input[i];
        if (inner === '"' && input[i + 1] === '"') {
          cell += '"';
          i += 2;
          continue;
        }
        i += 1;
        if (inner === '"') break;
        if (inner === '\n' || (inner === '\r' && input[i] !== '\n')) line += 1;
        cell += inner;
      }
      if (i < input.length && !isSeparator(input[i])) {
        throw new CsvSyntaxError('a closing quote must end the field', line);
      }
    } else if (ch === ',') {
      endField();
      i += 1;
    } else if (ch === '\r' || ch === '\n') {
      endRecord();
      i += ch === '\r' && input[i + 1] === '\n' ? 2 : 1;
      line += 1;
      recordLine = line;
    } else {
      // A quote inside an unquoted field is kept as text, as spreadsheets do.
      cell += ch;
      atFieldStart = false;
      i += 1;
    }
  }
  if (!atFieldStart || cells.length > 0 || hadQuotes) endRecord();

  return records;
}

/**
 * One CSV row, without its line end (join rows with `\r\n`). Null and undefined become empty
 * cells. A text cell that a spreadsheet would run as a formula (starting with = + - @, a tab
 * or a carriage return) gets a leading apostrophe so it shows as text; numbers are data and
 * stay as they are. Cells with a comma, quote or line break are quoted.
 */
export function toCsvRow(cells: (string | number | null | undefined)[]): string {
  return cells.map(toCsvCell).join(',');
}

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function toCsvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' ? String(value) : inert(value);

  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function inert(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function isSeparator(ch: string): boolean {
  return ch === ',' || ch === '\r' || ch === '\n';
}
