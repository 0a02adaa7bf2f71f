import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkRegister, readRegisterCsv, REGISTER_COLUMNS, termMonths } from '../../src/domain/register.js';

const file = (name: string) => readFileSync(new URL(`../../../shared/data/${name}`, import.meta.url), 'utf8');
const UNITS = new Set(['PEM', 'HUKUM', 'SETDA', 'DINKES', 'DISHUB', 'DLH', 'BPBD', 'DISKOMINFO', 'BAPPEDA']);
const HEADER = REGISTER_COLUMNS.join(',');
const ROW = 'ksdpk,pks,Judul,PT Mitra,swasta,DISHUB,551/1/2024,,,2024-05-01,2024-05-01,2026-04-30,,';

function check(csv: string, registered = new Map<string, { content: string | null }>()) {
  const read = readRegisterCsv(csv);
  const checked = checkRegister(read.rows, { unitCodes: UNITS, registered });

  return { ...checked, problems: [...read.problems, ...checked.problems] };
}

describe('reading the register', () => {
  it('plans every row of the 2019–2026 register for creation', () => {
    const { plan, problems } = check(file('register-2019-2026.csv'));
    expect(problems).toEqual([]);
    expect(plan).toHaveLength(14);
    expect(plan.every((item) => item.action === 'create')).toBe(true);
    const multi = plan.find((item) => item.row.partners.length === 2)!;
    expect(multi.row.partners.map((partner) => partner.type)).toEqual(['pemda', 'pemda']);
    expect(multi.row.partnerNumbers).toHaveLength(2);
  });

  it('finds exactly the bad rows of the file with errors, and keeps the formula text as data', () => {
    const { plan, problems } = check(file('register-with-errors.csv'));
    expect(problems.map((problem) => [problem.line, problem.column])).toEqual([
      [3, 'kind'],
      [4, 'endDate'],
      [5, 'signedAt'],
      [6, 'title'],
      [7, 'unitCode'],
      [8, 'valueIdr'],
      [10, 'ourNumber'],
    ]);
    expect(plan.map((item) => item.row.line)).toEqual([2, 9]);
    expect(plan[1]!.row.title).toBe('=HYPERLINK("http://contoh.invalid","klik")');
  });

  it('names a missing or unknown header column on line 1', () => {
    const header = HEADER.replace('notes', 'catatan');
    const { problems } = check(`${header}\n${ROW}\n`);
    expect(problems).toEqual([
      { line: 1, column: 'notes', reason: expect.stringContaining('tidak ada') },
      { line: 1, column: 'catatan', reason: 'kolom tidak dikenal' },
    ]);
  });

  it('reports a row with the wrong number of cells and broken quoting with their lines', () => {
    expect(check(`${HEADER}\n${ROW}\nksdpk,pks\n`).problems).toEqual([
      { line: 3, reason: 'baris berisi 2 kolom, seharusnya 14' },
    ]);
    expect(check(`${HEADER}\n${ROW}\n"tidak ditutup,pks\n`).problems).toEqual([
      { line: 3, reason: expect.stringContaining('format CSV rusak') },
    ]);
  });

  it('refuses a file with a header and no rows', () => {
    expect(check(`${HEADER}\n`).problems).toEqual([{ line: 1, reason: 'berkas tidak berisi baris data' }]);
  });
});

describe('numbers already registered', () => {
  const content = () => check(`${HEADER}\n${ROW}\n`).plan[0]!.row.content;

  it('skips a row registered before with the same content, even spaced differently', () => {
    const spaced = ROW.replace('PT Mitra', ' PT Mitra ');
    const { plan, problems } = check(`${HEADER}\n${spaced}\n`, new Map([['551/1/2024', { content: content() }]]));
    expect(problems).toEqual([]);
    expect(plan).toEqual([expect.objectContaining({ action: 'skip', sameAsLine: null })]);
  });

  it('refuses a registered number with other content, or one signed through the process', () => {
    const other = check(`${HEADER}\n${ROW.replace('Judul', 'Judul lain')}\n`, new Map([['551/1/2024', { content: content() }]]));
    expect(other.problems[0]).toMatchObject({ line: 2, column: 'ourNumber', reason: expect.stringContaining('isi yang berbeda') });
    const signedHere = check(`${HEADER}\n${ROW}\n`, new Map([['551/1/2024', { content: null }]]));
    expect(signedHere.problems[0]).toMatchObject({ column: 'ourNumber', reason: expect.stringContaining('di sistem') });
  });

  it('skips the second of two equal rows and refuses a different row with the same number', () => {
    const twice = check(`${HEADER}\n${ROW}\n${ROW}\n`);
    expect(twice.plan.map((item) => item.action)).toEqual(['create', 'skip']);
    const clash = check(`${HEADER}\n${ROW}\n${ROW.replace('Judul', 'Lain')}\n`);
    expect(clash.problems).toEqual([{ line: 3, column: 'ourNumber', reason: expect.stringContaining('baris 2') }]);
  });

  it('accepts a parent later in the file or already registered, and refuses an unknown one', () => {
    const child = 'ksdpk,pks,Anak,PT Mitra,swasta,DISHUB,551/2/2024,,551/1/2024,2024-05-01,2024-05-01,2025-04-30,,';
    expect(check(`${HEADER}\n${child}\n${ROW}\n`).problems).toEqual([]);
    expect(check(`${HEADER}\n${child}\n`, new Map([['551/1/2024', { content: null }]])).problems).toEqual([]);
    expect(check(`${HEADER}\n${child}\n`).problems).toEqual([
      { line: 2, column: 'parentOurNumber', reason: expect.stringContaining('tidak ditemukan') },
    ]);
  });
});

describe('termMonths', () => {
  it('counts whole months from the first to the last day of a term, rounding odd days', () => {
    expect(termMonths('2019-07-03', '2024-07-02')).toBe(60);
    expect(termMonths('2024-02-29', '2025-02-28')).toBe(12);
    expect(termMonths('2025-11-03', '2026-12-31')).toBe(14);
    expect(termMonths('2026-01-01', '2026-01-05')).toBe(1);
  });
});
