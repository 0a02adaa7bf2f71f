import { readFileSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import {
  addCalendarDays,
  addMonthsClamped,
  addWorkingDays,
  daysBetweenLocalDates,
  endOfLocalDay,
  isValidLocalDate,
  isWorkingDay,
  localDateOf,
  makeCalendar,
  termEndDate,
  workingDaysBetween,
  type Holiday,
} from '../../src/domain/calendar.js';
import { parseHolidaysCsv } from '../../src/domain/holidays-csv.js';

const seedCsv = readFileSync(
  new URL('../../src/db/seed-data/holidays-id.csv', import.meta.url),
  'utf8',
);
const seed = parseHolidaysCsv(seedCsv);
const cal = makeCalendar({ holidays: seed.holidays });

/** A WIB wall-clock time as an instant. */
const wib = (local: string) => new Date(`${local}+07:00`);
const endIso = (localDate: string, timeZone: string) =>
  endOfLocalDay(localDate, timeZone).toISOString();
const dueLocalDate = (start: Date, days: number) =>
  localDateOf(addWorkingDays(cal, start, days).dueAt, 'Asia/Jakarta');

describe('the seeded holiday calendar', () => {
  it('loads every row of the shipped CSV and covers 2025 and 2026', () => {
    expect(seed.errors).toEqual([]);
    expect(seed.holidays).toHaveLength(53);
    expect([...cal.coveredYears].sort()).toEqual([2025, 2026]);
    expect(cal.timeZone).toBe('Asia/Jakarta');
  });
});

describe('addWorkingDays', () => {
  // Friday 2025-03-28 is itself cuti bersama Nyepi. Then: Sat 29 Nyepi, Sun 30, Mon 31 and
  // Tue 1 Apr Idul Fitri, Wed 2 – Fri 4 cuti bersama, weekend, Mon 7 cuti bersama.
  // The first working day after it is Tuesday 2025-04-08.
  it('counts from the Friday before Nyepi and Idul Fitri 2025 past every cuti bersama', () => {
    const start = wib('2025-03-28T10:00:00');

    expect(dueLocalDate(start, 1)).toBe('2025-04-08');
    expect(dueLocalDate(start, 3)).toBe('2025-04-10');
    expect(dueLocalDate(start, 5)).toBe('2025-04-14');
    // Working days 8 Apr … 17 Apr are eight; Fri 18 Apr is Wafat Yesus Kristus.
    expect(dueLocalDate(start, 10)).toBe('2025-04-22');
  });

  it('is due at 23:59:59.999 WIB, which is 16:59:59.999 UTC', () => {
    const due = addWorkingDays(cal, wib('2025-03-28T10:00:00'), 3);

    expect(due.dueAt.toISOString()).toBe('2025-04-10T16:59:59.999Z');
    expect(due.uncoveredYears).toEqual([]);
  });

  it('skips the weekend', () => {
    expect(dueLocalDate(wib('2025-02-07T15:00:00'), 1)).toBe('2025-02-10');
    expect(dueLocalDate(wib('2025-02-05T15:00:00'), 3)).toBe('2025-02-10');
  });

  it('skips a cuti bersama the same as a national holiday', () => {
    // Mon 12 May Waisak (libur nasional), Tue 13 May cuti bersama Waisak.
    expect(dueLocalDate(wib('2025-05-09T09:00:00'), 1)).toBe('2025-05-14');
    // Sun 17 Aug HUT RI, Mon 18 Aug cuti bersama added by the August 2025 amendment.
    expect(dueLocalDate(wib('2025-08-14T09:00:00'), 2)).toBe('2025-08-19');
  });

  it('counts from the next working day when the task starts on a holiday or a weekend', () => {
    expect(dueLocalDate(wib('2025-03-31T08:00:00'), 1)).toBe('2025-04-08');
    expect(dueLocalDate(wib('2025-02-08T08:00:00'), 1)).toBe('2025-02-10');
  });

  it('takes the start day in city time, not in UTC', () => {
    // 17:00 UTC on Wednesday is already Thursday 00:00 in WIB.
    expect(dueLocalDate(new Date('2025-03-26T16:59:59.999Z'), 1)).toBe('2025-03-27');
    expect(dueLocalDate(new Date('2025-03-26T17:00:00.000Z'), 1)).toBe('2025-04-08');
  });

  it('gives the end of the start day for zero working days', () => {
    const due = addWorkingDays(cal, wib('2025-03-29T08:00:00'), 0);

    expect(due.dueAt.toISOString()).toBe('2025-03-29T16:59:59.999Z');
  });

  it('flags 2027, which has no decree, and counts only weekends there', () => {
    // Dec 2026: 22, 23 work; 24 cuti bersama; 25 Natal; 28–31 work (6).
    // Then Fri 1 Jan 2027 counts, as 2027 has no data (7), Mon 4 (8), Tue 5 (9), Wed 6 (10).
    const due = addWorkingDays(cal, wib('2026-12-21T09:00:00'), 10);

    expect(localDateOf(due.dueAt, 'Asia/Jakarta')).toBe('2027-01-06');
    expect(due.uncoveredYears).toEqual([2027]);
  });

  it('flags a year before the data as well, and only the years it crossed', () => {
    // Tue 31 Dec 2024 (no data) is day 1; 1 Jan 2025 is a holiday; Thu 2 Jan is day 2.
    const due = addWorkingDays(cal, wib('2024-12-30T09:00:00'), 2);

    expect(localDateOf(due.dueAt, 'Asia/Jakarta')).toBe('2025-01-02');
    expect(due.uncoveredYears).toEqual([2024]);
  });

  it('treats every weekday as working in a calendar with no holidays', () => {
    const bare = makeCalendar({ holidays: [], coveredYears: [2025] });
    const due = addWorkingDays(bare, wib('2025-03-28T10:00:00'), 3);

    expect(localDateOf(due.dueAt, 'Asia/Jakarta')).toBe('2025-04-02');
    expect(due.uncoveredYears).toEqual([]);
  });

  it('refuses a negative or fractional number of working days', () => {
    expect(() => addWorkingDays(cal, wib('2025-03-28T10:00:00'), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(cal, wib('2025-03-28T10:00:00'), 1.5)).toThrow(RangeError);
  });

  it('ends the day in the calendar zone for Makassar (WITA) and Jayapura (WIT)', () => {
    const start = new Date('2025-03-27T15:30:00Z'); // Thu 23:30 WITA, Fri 00:30 WIT
    const wita = makeCalendar({ holidays: seed.holidays, timeZone: 'Asia/Makassar' });
    const wit = makeCalendar({ holidays: seed.holidays, timeZone: 'Asia/Jayapura' });

    expect(addWorkingDays(wita, start, 1).dueAt.toISOString()).toBe('2025-04-08T15:59:59.999Z');
    expect(addWorkingDays(wit, start, 1).dueAt.toISOString()).toBe('2025-04-08T14:59:59.999Z');
    expect(addWorkingDays(wita, new Date('2025-03-26T15:30:00Z'), 1).dueAt.toISOString()).toBe(
      '2025-03-27T15:59:59.999Z',
    );
  });

  it('computes ten thousand due dates in well under a second', () => {
    const began = performance.now();
    for (let i = 0; i < 10_000; i += 1) {
      addWorkingDays(cal, new Date(Date.UTC(2025, 0, 1) + i * 3_600_000), 20);
    }

    expect(performance.now() - began).toBeLessThan(1000);
  });
});

describe('isWorkingDay', () => {
  it('is false on weekends, national holidays and cuti bersama, true otherwise', () => {
    expect(isWorkingDay(cal, '2025-03-27')).toBe(true);
    expect(isWorkingDay(cal, '2025-03-28')).toBe(false); // cuti bersama Nyepi
    expect(isWorkingDay(cal, '2025-04-01')).toBe(false); // Idul Fitri
    expect(isWorkingDay(cal, '2025-04-05')).toBe(false); // Saturday
    expect(isWorkingDay(cal, '2025-04-06')).toBe(false); // Sunday
    expect(isWorkingDay(cal, '2027-01-01')).toBe(true); // no 2027 data: weekends only
  });

  it('refuses a date that does not exist', () => {
    expect(() => isWorkingDay(cal, '2025-02-29')).toThrow(RangeError);
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after the first day up to and including the last', () => {
    expect(workingDaysBetween(cal, wib('2025-03-28T10:00:00'), wib('2025-04-10T09:00:00'))).toBe(3);
    expect(workingDaysBetween(cal, wib('2025-02-03T09:00:00'), wib('2025-02-10T09:00:00'))).toBe(5);
  });

  it('is zero when the end is not after the start, or on the same local day', () => {
    const start = wib('2025-02-03T09:00:00');

    expect(workingDaysBetween(cal, start, start)).toBe(0);
    expect(workingDaysBetween(cal, start, wib('2025-02-01T09:00:00'))).toBe(0);
    expect(workingDaysBetween(cal, start, wib('2025-02-03T18:00:00'))).toBe(0);
  });

  it('gives back N for the due date of N working days', () => {
    const start = wib('2025-12-19T14:00:00');
    for (let n = 0; n <= 45; n += 1) {
      expect(workingDaysBetween(cal, start, addWorkingDays(cal, start, n).dueAt)).toBe(n);
    }
  });
});

describe('local days in a time zone', () => {
  it('reads the local date of an instant in WIB, WITA and WIT', () => {
    const instant = new Date('2025-03-27T15:30:00Z');

    expect(localDateOf(instant, 'Asia/Jakarta')).toBe('2025-03-27');
    expect(localDateOf(instant, 'Asia/Makassar')).toBe('2025-03-27');
    expect(localDateOf(instant, 'Asia/Jayapura')).toBe('2025-03-28');
  });

  it('ends a day at 23:59:59.999 local in Indonesian zones', () => {
    expect(endIso('2025-04-10', 'Asia/Jakarta')).toBe('2025-04-10T16:59:59.999Z');
    expect(endIso('2025-04-10', 'Asia/Makassar')).toBe('2025-04-10T15:59:59.999Z');
    expect(endIso('2025-04-10', 'Asia/Jayapura')).toBe('2025-04-10T14:59:59.999Z');
  });

  it('follows daylight saving time in zones that have it', () => {
    expect(endIso('2025-03-30', 'Europe/Berlin')).toBe('2025-03-30T21:59:59.999Z');
    expect(endIso('2025-10-26', 'Europe/Berlin')).toBe('2025-10-26T22:59:59.999Z');
    expect(endIso('2025-03-09', 'America/New_York')).toBe('2025-03-10T03:59:59.999Z');
    expect(endIso('2025-01-01', 'Asia/Kolkata')).toBe('2025-01-01T18:29:59.999Z');
  });

  it('refuses an unknown time zone when the calendar is made', () => {
    expect(() => makeCalendar({ holidays: [], timeZone: 'Asia/Atlantis' })).toThrow(RangeError);
  });
});

describe('makeCalendar', () => {
  const holiday = (date: string): Holiday => ({
    date,
    kind: 'libur_nasional',
    name: 'Hari libur',
    basis: 'SKB uji',
  });

  it('covers the years of its holidays unless told otherwise', () => {
    expect([...makeCalendar({ holidays: [holiday('2028-01-03')] }).coveredYears]).toEqual([2028]);
    const explicit = makeCalendar({
      holidays: [holiday('2028-01-03')],
      coveredYears: [2028, 2029],
    });

    expect([...explicit.coveredYears]).toEqual([2028, 2029]);
  });

  it('refuses a repeated date, an impossible date and an unknown kind', () => {
    const twice = [holiday('2028-01-03'), holiday('2028-01-03')];

    expect(() => makeCalendar({ holidays: twice })).toThrow(/listed once/);
    expect(() => makeCalendar({ holidays: [holiday('2027-02-29')] })).toThrow(RangeError);
    const odd = { ...holiday('2028-01-03'), kind: 'libur_daerah' } as unknown as Holiday;
    expect(() => makeCalendar({ holidays: [odd] })).toThrow(/kind/);
  });
});

describe('termEndDate', () => {
  it('ends the day before the same date, durationMonths later', () => {
    expect(termEndDate('2027-03-01', 60)).toBe('2032-02-29');
    expect(termEndDate('2025-01-15', 12)).toBe('2026-01-14');
    expect(termEndDate('2025-01-01', 12)).toBe('2025-12-31');
    expect(termEndDate('2025-04-30', 1)).toBe('2025-05-29');
    expect(termEndDate('2023-03-01', 12)).toBe('2024-02-29');
  });

  it('ends on the last day of the month when that month has no same date', () => {
    expect(termEndDate('2024-01-31', 1)).toBe('2024-02-29');
    expect(termEndDate('2023-01-31', 1)).toBe('2023-02-28');
    expect(termEndDate('2025-03-31', 6)).toBe('2025-09-30');
    expect(termEndDate('2025-05-31', 1)).toBe('2025-06-30');
  });

  it('ends a term begun on 29 February on 28 February, or on the 28th in a leap year too', () => {
    expect(termEndDate('2024-02-29', 12)).toBe('2025-02-28');
    expect(termEndDate('2024-02-29', 48)).toBe('2028-02-28');
  });

  it('lets the next term start the day after without a gap or an overlap', () => {
    let start = '2024-01-31';
    for (let term = 0; term < 24; term += 1) {
      const end = termEndDate(start, 1);
      expect(daysBetweenLocalDates(start, end)).toBeGreaterThanOrEqual(27);
      start = addCalendarDays(end, 1);
    }

    expect(start).toBe('2026-02-01');
  });

  it('refuses a duration that is not a whole number of months of at least one', () => {
    expect(() => termEndDate('2025-01-01', 0)).toThrow(/durationMonths/);
    expect(() => termEndDate('2025-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('calendar-day arithmetic', () => {
  it('adds months and clamps to the last day of a shorter month', () => {
    expect(addMonthsClamped('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsClamped('2023-01-31', 1)).toBe('2023-02-28');
    expect(addMonthsClamped('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonthsClamped('2024-12-15', 1)).toBe('2025-01-15');
    expect(addMonthsClamped('2025-02-15', -14)).toBe('2023-12-15');
    expect(addMonthsClamped('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('adds calendar days across months, years and leap days', () => {
    expect(addCalendarDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addCalendarDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addCalendarDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addCalendarDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(addCalendarDays('2025-03-01', 180)).toBe('2025-08-28');
  });

  it('counts days between local dates, negative when the second is earlier', () => {
    expect(daysBetweenLocalDates('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetweenLocalDates('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetweenLocalDates('2025-01-01', '2024-01-01')).toBe(-366);
    expect(daysBetweenLocalDates('2027-03-01', '2032-03-01')).toBe(1827);
  });
});

describe('isValidLocalDate', () => {
  it('accepts real dates written YYYY-MM-DD, leap days included', () => {
    for (const date of ['2024-02-29', '2000-02-29', '2025-12-31', '0099-01-01']) {
      expect(isValidLocalDate(date)).toBe(true);
    }
  });

  it('rejects impossible dates and other spellings', () => {
    const bad = ['2024-13-45', '2023-02-29', '1900-02-29', '2024-04-31', '2024-00-10', '2024-2-3'];
    for (const date of [...bad, ' 2024-01-01', '2024-01-01T00:00', '20240101', '']) {
      expect(isValidLocalDate(date)).toBe(false);
    }
  });
});
