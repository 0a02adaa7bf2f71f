/** The working-day calendar as stored: holidays and the years whose decree is loaded. */
import fs from 'node:fs';
import { makeCalendar, type Holiday, type WorkingCalendar } from '../domain/calendar.js';
import { parseHolidaysCsv } from '../domain/holidays-csv.js';
import type { Database } from './client.js';
import { calendarYears, holidays } from './schema.js';

export async function loadCalendar(db: Database, timeZone: string): Promise<WorkingCalendar> {
  const [days, years] = await Promise.all([db.select().from(holidays), db.select().from(calendarYears)]);

  return makeCalendar({
    holidays: days.map((day) => ({ ...day, kind: day.kind as Holiday['kind'] })),
    coveredYears: years.map((row) => row.year),
    timeZone,
  });
}

const SEED_FILE = new URL('./seed-data/holidays-id.csv', import.meta.url);

/** Loads the shipped 2025–2026 holidays once; the admin adds later years. */
export async function seedHolidays(db: Database): Promise<number> {
  const { holidays: parsed, errors } = parseHolidaysCsv(fs.readFileSync(SEED_FILE, 'utf8'));
  if (errors.length > 0) throw new Error(`holiday seed file is invalid: line ${errors[0]!.line}: ${errors[0]!.reason}`);

  const inserted = await db.insert(holidays).values(parsed).onConflictDoNothing().returning();
  const basisByYear = new Map<number, string>();
  for (const holiday of parsed) basisByYear.set(Number(holiday.date.slice(0, 4)), holiday.basis);
  await db
    .insert(calendarYears)
    .values([...basisByYear].map(([year, basis]) => ({ year, basis })))
    .onConflictDoNothing();

  return inserted.length;
}
