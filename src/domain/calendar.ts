/**
 * The working-day calendar (hari kerja) and the date arithmetic behind time limits and terms.
 *
 * Pure: no clock, no I/O, only standard JS and Intl, because Temporal workflow code imports it.
 * Local dates are `YYYY-MM-DD` strings in the city's time zone; instants are `Date`s. Inside,
 * a local date is counted as whole days since 1970-01-01 ("day number"), which keeps the loops
 * free of string work.
 */

/** `libur_nasional`: national holiday; `cuti_bersama`: collective leave by joint decree (SKB). */
export type HolidayKind = 'libur_nasional' | 'cuti_bersama';

export interface Holiday {
  /** Local date, `YYYY-MM-DD`. */
  date: string;
  kind: HolidayKind;
  name: string;
  /** The decree that sets it, e.g. the SKB 3 Menteri of that year. */
  basis: string;
}

export interface WorkingCalendar {
  /** IANA zone of the city; default `Asia/Jakarta` (WIB, UTC+7, no DST). */
  readonly timeZone: string;
  /** Holidays by local date. */
  readonly holidays: ReadonlyMap<string, Holiday>;
  /** Years whose decree is loaded; other years count weekends only and are flagged. */
  readonly coveredYears: ReadonlySet<number>;
}

export interface DueDate {
  dueAt: Date;
  /** Years the computation crossed without calendar data (weekends only there), ascending. */
  uncoveredYears: number[];
}

export const DEFAULT_TIME_ZONE = 'Asia/Jakarta';

const HOLIDAY_KINDS: ReadonlySet<string> = new Set<HolidayKind>(['libur_nasional', 'cuti_bersama']);

/**
 * Builds an immutable calendar. `coveredYears` defaults to the years that have holidays; pass
 * the admin's list of loaded decrees (table calendar_years) to be exact about which years count.
 * Throws a RangeError on an invalid date or kind, a repeated date or an unknown time zone.
 */
export function makeCalendar(input: {
  holidays: Holiday[];
  coveredYears?: number[];
  timeZone?: string;
}): WorkingCalendar {
  const timeZone = input.timeZone ?? DEFAULT_TIME_ZONE;
  zoneFormatter(timeZone);

  const holidays = new Map<string, Holiday>();
  for (const holiday of input.holidays) {
    if (!isValidLocalDate(holiday.date)) {
      throw new RangeError(`holiday date must be a real YYYY-MM-DD date (got "${holiday.date}")`);
    }
    if (!HOLIDAY_KINDS.has(holiday.kind)) {
      const got = `got "${holiday.kind}"`;
      throw new RangeError(`holiday kind must be libur_nasional or cuti_bersama (${got})`);
    }
    if (holidays.has(holiday.date)) {
      throw new RangeError(`holiday date must be listed once (got ${holiday.date} twice)`);
    }
    holidays.set(holiday.date, Object.freeze({ ...holiday }));
  }

  const years = input.coveredYears ?? [...holidays.keys()].map((date) => Number(date.slice(0, 4)));
  for (const year of years) {
    if (!Number.isInteger(year)) {
      throw new RangeError(`covered year must be a whole number (got ${year})`);
    }
  }

  return Object.freeze({ timeZone, holidays, coveredYears: new Set(years) });
}

/** The local date (`YYYY-MM-DD`) of an instant in a time zone. */
export function localDateOf(instant: Date, timeZone: string): string {
  const parts = wallClockOf(instantMs(instant), timeZone);

  return formatLocalDate(parts.year, parts.month, parts.day);
}

/**
 * The last millisecond of a local day (23:59:59.999 on the wall clock), as an instant.
 * Where the zone repeats that wall time (DST fall-back), the later instant is taken; where it
 * skips it, the last instant before the skip.
 */
export function endOfLocalDay(localDate: string, timeZone: string): Date {
  const key = `${timeZone} ${localDate}`;
  let ms = endOfDayMemo.get(key);
  if (ms === undefined) {
    ms = wallTimeToInstant((toDayNumber(localDate) + 1) * DAY_MS - 1, timeZone);
    if (endOfDayMemo.size >= END_OF_DAY_MEMO_SIZE) endOfDayMemo.clear();
    endOfDayMemo.set(key, ms);
  }

  return new Date(ms);
}

/** Due dates cluster on few days; remembering them spares four Intl calls each time. */
const endOfDayMemo = new Map<string, number>();
const END_OF_DAY_MEMO_SIZE = 10_000;

/** Monday to Friday and not a holiday (libur nasional or cuti bersama). */
export function isWorkingDay(cal: WorkingCalendar, localDate: string): boolean {
  return isWorkingDayNumber(compiled(cal), toDayNumber(localDate));
}

/**
 * Due date of a task: the end (23:59:59.999, city time) of the Nth working day after the local
 * day the task started on. The start day itself never counts, whatever it is; N = 0 gives the
 * end of the start day. Years without calendar data count weekends only and are reported.
 */
export function addWorkingDays(cal: WorkingCalendar, start: Date, workingDays: number): DueDate {
  if (!Number.isInteger(workingDays) || workingDays < 0) {
    throw new RangeError(`workingDays must be a whole number ≥ 0 (got ${workingDays})`);
  }
  const compiledCal = compiled(cal);
  const uncovered = new Set<number>();
  let day = toDayNumber(localDateOf(start, cal.timeZone));
  let year = yearOfDayNumber(day);
  let nextYearStart = firstDayOfYear(year + 1);

  for (let counted = 0; counted < workingDays; ) {
    day += 1;
    if (day >= nextYearStart) {
      year += 1;
      nextYearStart = firstDayOfYear(year + 1);
    }
    if (!cal.coveredYears.has(year)) uncovered.add(year);
    if (isWorkingDayNumber(compiledCal, day)) counted += 1;
  }

  const dueAt = endOfLocalDay(fromDayNumber(day), cal.timeZone);

  return { dueAt, uncoveredYears: [...uncovered].sort((a, b) => a - b) };
}

/**
 * Working days after `from`'s local day up to and including `to`'s local day; 0 when `to` is
 * not after `from`. The inverse of addWorkingDays: counting up to a due date gives back N.
 */
export function workingDaysBetween(cal: WorkingCalendar, from: Date, to: Date): number {
  if (instantMs(to) <= instantMs(from)) return 0;
  const compiledCal = compiled(cal);
  const first = toDayNumber(localDateOf(from, cal.timeZone)) + 1;
  const last = toDayNumber(localDateOf(to, cal.timeZone));

  let count = 0;
  for (let day = first; day <= last; day += 1) {
    if (isWorkingDayNumber(compiledCal, day)) count += 1;
  }

  return count;
}

export function addCalendarDays(localDate: string, days: number): string {
  requireInteger('days', days);

  return fromDayNumber(toDayNumber(localDate) + days);
}

/**
 * The same day `months` later (or earlier); a day the target month lacks becomes its last day:
 * 2024-01-31 + 1 → 2024-02-29, 2023-01-31 + 1 → 2023-02-28.
 */
export function addMonthsClamped(localDate: string, months: number): string {
  requireInteger('months', months);
  const { year, month, day } = parseLocalDate(localDate);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;

  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));

  return formatLocalDate(targetYear, targetMonth, targetDay);
}

/**
 * Last day of a term of `durationMonths` starting on `startDate` (the start day counts).
 * Rule: the term ends the day before the same date `durationMonths` later
 * (2027-03-01 + 60 → 2032-02-29). When that month has no such date (a start on the 29th–31st),
 * the term ends on the last day of that month instead, so a term is never shorter than its
 * months and the next term starts on the 1st: 2024-01-31 + 1 → 2024-02-29,
 * 2024-02-29 + 12 → 2025-02-28.
 */
export function termEndDate(startDate: string, durationMonths: number): string {
  if (!Number.isInteger(durationMonths) || durationMonths < 1) {
    throw new RangeError(`durationMonths must be a whole number ≥ 1 (got ${durationMonths})`);
  }
  const startDay = parseLocalDate(startDate).day;
  const sameDateOrLastDay = addMonthsClamped(startDate, durationMonths);
  const lacksSameDate = Number(sameDateOrLastDay.slice(8, 10)) < startDay;

  return lacksSameDate ? sameDateOrLastDay : addCalendarDays(sameDateOrLastDay, -1);
}

/** `b - a` in days (negative when b is earlier). */
export function daysBetweenLocalDates(a: string, b: string): number {
  return toDayNumber(b) - toDayNumber(a);
}

/** A real Gregorian date written `YYYY-MM-DD` (rejects 2024-13-45, 2023-02-29, 2024-2-3). */
export function isValidLocalDate(s: string): boolean {
  return typeof s === 'string' && tryParseLocalDate(s) !== null;
}

// --- local dates as day numbers -----------------------------------------------------------

const DAY_MS = 86_400_000;
/** Days in 400 Gregorian years; shifting by it keeps Date.UTC away from its 0–99 → 1900s quirk. */
const DAYS_PER_400_YEARS = 146_097;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface DateParts {
  year: number;
  month: number;
  day: number;
}

function tryParseLocalDate(s: string): DateParts | null {
  const match = LOCAL_DATE.exec(s);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;

  return { year, month, day };
}

function parseLocalDate(s: string): DateParts {
  const parts = typeof s === 'string' ? tryParseLocalDate(s) : null;
  if (!parts) throw new RangeError(`local date must be a real YYYY-MM-DD date (got "${s}")`);

  return parts;
}

function toDayNumber(localDate: string): number {
  const { year, month, day } = parseLocalDate(localDate);

  return civilToDayNumber(year, month, day);
}

function civilToDayNumber(year: number, month: number, day: number): number {
  return Date.UTC(year + 400, month - 1, day) / DAY_MS - DAYS_PER_400_YEARS;
}

function fromDayNumber(dayNumber: number): string {
  const date = new Date(dayNumber * DAY_MS);

  return formatLocalDate(date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate());
}

function yearOfDayNumber(dayNumber: number): number {
  return new Date(dayNumber * DAY_MS).getUTCFullYear();
}

function firstDayOfYear(year: number): number {
  return civilToDayNumber(year, 1, 1);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;

  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function formatLocalDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function requireInteger(name: string, value: number): void {
  if (!Number.isInteger(value)) {
    throw new RangeError(`${name} must be a whole number (got ${value})`);
  }
}

// --- working days -------------------------------------------------------------------------

/** Holidays as day numbers, built once per calendar object (calendars are immutable). */
const compiledCalendars = new WeakMap<WorkingCalendar, ReadonlySet<number>>();

function compiled(cal: WorkingCalendar): ReadonlySet<number> {
  let holidayDays = compiledCalendars.get(cal);
  if (!holidayDays) {
    holidayDays = new Set([...cal.holidays.keys()].map(toDayNumber));
    compiledCalendars.set(cal, holidayDays);
  }

  return holidayDays;
}

function isWorkingDayNumber(holidayDays: ReadonlySet<number>, dayNumber: number): boolean {
  // 1970-01-01 was a Thursday: weekday 0 = Sunday … 6 = Saturday.
  const weekday = (((dayNumber + 4) % 7) + 7) % 7;

  return weekday !== 0 && weekday !== 6 && !holidayDays.has(dayNumber);
}

// --- time zones through Intl -----------------------------------------------------------------

interface WallClock extends DateParts {
  /** The wall-clock reading as if it were UTC, in ms (seconds precision). */
  wallMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per zone; constructing it validates the zone name (RangeError if unknown). */
function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      calendar: 'gregory',
      numberingSystem: 'latn',
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }

  return formatter;
}

function wallClockOf(ms: number, timeZone: string): WallClock {
  const formatter = zoneFormatter(timeZone);
  // format() and a pattern is several times faster than formatToParts(); the parts are the
  // fallback should an ICU version ever print the en-US pattern differently.
  const match = EN_US_DATE_TIME.exec(formatter.format(ms));
  const [month, day, year, hour, minute, second] = match
    ? match.slice(1).map(Number)
    : partsInUsOrder(formatter.formatToParts(ms));
  const secondOfDay = ((hour % 24) * 60 + minute) * 60 + second;
  const wallMs = civilToDayNumber(year, month, day) * DAY_MS + secondOfDay * 1000;

  return { year, month, day, wallMs };
}

/** `4/10/2025, 23:59:59`: month, day, year, hour, minute, second. */
const EN_US_DATE_TIME = /^(\d{1,2})\/(\d{1,2})\/(\d{4,}),? (\d{1,2}):(\d{2}):(\d{2})$/;

function partsInUsOrder(parts: Intl.DateTimeFormatPart[]): number[] {
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);

  return ['month', 'day', 'year', 'hour', 'minute', 'second'].map(field);
}

/** Offset of the zone from UTC at an instant, in ms (wall clock minus UTC). */
function offsetAt(ms: number, timeZone: string): number {
  const wholeSecond = wholeSecondOf(ms);

  return wallClockOf(wholeSecond, timeZone).wallMs - wholeSecond;
}

/**
 * The instant a wall-clock time is read at. A transition near it can only change the offset
 * once, so the offsets a day before and a day after are the only candidates.
 */
function wallTimeToInstant(wallMs: number, timeZone: string): number {
  const offsetBefore = offsetAt(wallMs - DAY_MS, timeZone);
  const offsetAfter = offsetAt(wallMs + DAY_MS, timeZone);
  const candidates = [wallMs - offsetBefore, wallMs - offsetAfter];
  const valid = candidates.filter((ms) => ms + offsetAt(ms, timeZone) === wallMs);
  if (valid.length > 0) return Math.max(...valid);

  // Skipped wall time (clocks jump forward over it): the last instant before the jump, found
  // by halving the whole seconds between the instant before it and the one after it.
  let before = wholeSecondOf(Math.min(...candidates));
  let after = wholeSecondOf(Math.max(...candidates));
  while (after - before > 1000) {
    const middle = before + Math.floor((after - before) / 2000) * 1000;
    if (wallClockOf(middle, timeZone).wallMs <= wallMs) before = middle;
    else after = middle;
  }

  return before + 999;
}

function wholeSecondOf(ms: number): number {
  return ms - (((ms % 1000) + 1000) % 1000);
}

function instantMs(instant: Date): number {
  // Duck-typed rather than instanceof: the workflow sandbox has its own Date.
  const ms = typeof instant?.getTime === 'function' ? instant.getTime() : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new RangeError(`instant must be a valid Date (got ${String(instant)})`);
  }

  return ms;
}
