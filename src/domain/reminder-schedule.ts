/**
 * When reminders go out: in the morning (07:00 city time) of a working day, not at the minute
 * a due date passes at midnight, so a reviewer reads it at the start of the day.
 */
import { addCalendarDays, addWorkingDays, endOfLocalDay, localDateOf, type WorkingCalendar } from './calendar.js';

export const REMINDER_HOUR = 7;

/** 07:00 local on the Nth working day after `after`'s local day. */
export function reminderAt(
  cal: WorkingCalendar,
  after: Date,
  workingDays: number,
): { at: Date; uncoveredYears: number[] } {
  const due = addWorkingDays(cal, after, workingDays);
  const day = localDateOf(due.dueAt, cal.timeZone);
  const startOfDay = endOfLocalDay(addCalendarDays(day, -1), cal.timeZone).getTime() + 1;

  return { at: new Date(startOfDay + REMINDER_HOUR * 3_600_000), uncoveredYears: due.uncoveredYears };
}
