import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { CsvSyntaxError, parseCsv, parseCsvRecords, toCsvRow } from '../../src/domain/csv.js';
import { parseHolidaysCsv } from '../../src/domain/holidays-csv.js';

const seedCsv = readFileSync(
  new URL('../../src/db/seed-data/holidays-id.csv', import.meta.url),
  'utf8',
);
const HEADER = 'date,kind,name,basis';

describe('parseCsv', () => {
  it('splits plain rows on commas and line ends', () => {
    expect(parseCsv('a,b,c\n1,2,3\n')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
    ]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted cells', () => {
    const text = 'name,note\n"Nyepi, Tahun Baru Saka","say ""hi""\nthen go"\n';

    expect(parseCsv(text)).toEqual([
      ['name', 'note'],
      ['Nyepi, Tahun Baru Saka', 'say "hi"\nthen go'],
    ]);
  });

  it('tolerates CRLF, a lone CR, a byte-order mark and a missing final line end', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\r3,4')).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
    ]);
  });

  it('keeps empty cells, a trailing empty cell and an empty quoted cell', () => {
    expect(parseCsv(',x,\n""\n')).toEqual([['', 'x', ''], ['']]);
  });

  it('skips empty lines and returns nothing for empty text', () => {
    expect(parseCsv('a\n\n\r\nb\n')).toEqual([['a'], ['b']]);
    expect(parseCsv('')).toEqual([]);
    expect(parseCsv('\uFEFF')).toEqual([]);
  });

  it('keeps a quote in the middle of an unquoted cell as text', () => {
    expect(parseCsv('5" pipe,ok')).toEqual([['5" pipe', 'ok']]);
  });

  it('reports the line each record starts on, counting lines inside quotes', () => {
    const records = parseCsvRecords('h1,h2\r\n"multi\r\nline",x\r\n\r\nlast,row\r\n');

    expect(records.map((record) => record.line)).toEqual([1, 2, 5]);
  });

  it('throws a syntax error with the line of a quoted cell left open', () => {
    const parse = () => parseCsv('a,b\n1,"never closed\n2,3\n');

    expect(parse).toThrow(CsvSyntaxError);
    expect(parse).toThrow(/not closed/);
    try {
      parse();
    } catch (error) {
      expect((error as CsvSyntaxError).line).toBe(2);
    }
  });

  it('throws a syntax error for text after a closing quote', () => {
    expect(() => parseCsv('"ab"c,d')).toThrow(/closing quote/);
  });
});

describe('toCsvRow', () => {
  it('writes plain cells as they are and empties null and undefined', () => {
    expect(toCsvRow(['KS-2025-7QX3MA', 60, null, undefined, ''])).toBe('KS-2025-7QX3MA,60,,,');
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    expect(toCsvRow(['a,b', 'say "hi"', 'two\nlines'])).toBe('"a,b","say ""hi""","two\nlines"');
  });

  it('makes cells that look like spreadsheet formulas inert with a leading apostrophe', () => {
    const row = toCsvRow(['=HYPERLINK("http://x","y")', '+62 21', '-1', '@SUM(A1)', '\tx', '\rx']);

    expect(row).toBe(`"'=HYPERLINK(""http://x"",""y"")",'+62 21,'-1,'@SUM(A1),'\tx,"'\rx"`);
  });

  it('leaves negative numbers as numbers', () => {
    expect(toCsvRow([-5, 0.25])).toBe('-5,0.25');
  });

  it('round-trips through parseCsv, formula guard aside', () => {
    const cells = ['Kerja sama "air bersih", tahap 2', 'baris\r\nkedua', 'biasa'];

    expect(parseCsv(toCsvRow(cells))).toEqual([cells]);
  });
});

describe('parseHolidaysCsv', () => {
  it('reads the shipped 2025–2026 file without errors, quoted names intact', () => {
    const { holidays, errors } = parseHolidaysCsv(seedCsv);

    expect(errors).toEqual([]);
    expect(holidays).toHaveLength(53);
    expect(holidays.find((h) => h.date === '2025-03-29')).toEqual({
      date: '2025-03-29',
      kind: 'libur_nasional',
      name: 'Nyepi, Tahun Baru Saka 1947',
      basis:
        'SKB 3 Menteri 1017/2024, 2/2024, 2/2024 (14-10-2024), diubah 933/2025, 1/2025, 3/2025 (7-8-2025)',
    });
    expect(holidays.filter((h) => h.kind === 'cuti_bersama')).toHaveLength(19);
  });

  it('reads the same file saved with CRLF and a byte-order mark', () => {
    const windows = `\uFEFF${seedCsv.replace(/\n/g, '\r\n')}`;

    expect(parseHolidaysCsv(windows)).toEqual(parseHolidaysCsv(seedCsv));
  });

  it('reports every bad row with its line and keeps the good ones', () => {
    const text = [
      HEADER,
      '2027-01-01,libur_nasional,Tahun Baru Masehi 2027,SKB 2027',
      '2027-02-30,libur_nasional,Tanggal mustahil,SKB 2027',
      '2027-03-01,libur_daerah,Jenis tak dikenal,SKB 2027',
      '2027-03-02,cuti_bersama,,SKB 2027',
      '2027-03-03,cuti_bersama,Tanpa dasar,',
      '2027-01-01,cuti_bersama,Tanggal ganda,SKB 2027',
      '2027-03-04,cuti_bersama,Kurang satu kolom',
    ].join('\n');
    const { holidays, errors } = parseHolidaysCsv(text);

    expect(holidays.map((h) => h.date)).toEqual(['2027-01-01']);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8]);
    expect(errors[0].reason).toMatch(/date must be a real/);
    expect(errors[1].reason).toMatch(/kind must be/);
    expect(errors[2].reason).toMatch(/name/);
    expect(errors[3].reason).toMatch(/basis/);
    expect(errors[4].reason).toMatch(/already listed on line 2/);
    expect(errors[5].reason).toMatch(/4 cells/);
  });

  it('refuses a file whose header is not date,kind,name,basis', () => {
    const { holidays, errors } = parseHolidaysCsv('tanggal,jenis,nama,dasar\n2027-01-01,x,y,z\n');

    expect(holidays).toEqual([]);
    expect(errors).toEqual([{ line: 1, reason: expect.stringMatching(/header must be/) }]);
  });

  it('reports broken quoting on the line where the quote opened', () => {
    const { errors } = parseHolidaysCsv(`${HEADER}\n2027-01-01,libur_nasional,"Tahun Baru,SKB\n`);

    expect(errors).toEqual([{ line: 2, reason: 'quoted field is not closed' }]);
  });

  it('reports an empty file', () => {
    const { errors } = parseHolidaysCsv('');

    expect(errors).toEqual([{ line: 1, reason: expect.stringMatching(/empty/) }]);
  });
});
