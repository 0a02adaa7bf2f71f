/**
 * Time as the activities compute it: working-day due dates from the stored calendar, or the
 * compressed demo clocks (DEMO_SLA_DAY_SECONDS, DEMO_TERM_DAY_SECONDS) in which a day lasts seconds and counts plainly.
 * Every computation starts from an instant the workflow passes in (workflow time), never from
 * this process's clock, so retries, replays and time-skipped tests agree.
 */
import { addWorkingDays, localDateOf, workingDaysBetween } from '../domain/calendar.js';
import { reminderAt } from '../domain/reminder-schedule.js';
import { DEFAULT_TERM_POLICY, planTermSchedule, termStartDate } from '../domain/term.js';
import { loadCalendar } from '../db/calendar.js';
import type { TermSchedule } from '../workflows/state.js';
import type { ActivityDeps } from './deps.js';

export interface Clock {
  dueDate(start: Date, workingDays: number): Promise<{ dueAt: Date; uncoveredYears: number[] }>;
  nextReminder(after: Date, workingDays: number): Promise<Date>;
  /** How late `now` is past `dueAt`, in words: "3 hari kerja". */
  lateness(dueAt: Date, now: Date): Promise<string>;
  term(input: {
    at: Date;
    plannedStart: string | null;
    signedAt: string;
    durationMonths: number;
    startDate?: string;
    endDate?: string;
  }): TermSchedule;
}

export function createClock({ db, config }: Pick<ActivityDeps, 'db' | 'config'>): Clock {
  const timeZone = config.TIME_ZONE;
  const demoDayMs = config.DEMO_SLA_DAY_SECONDS ? config.DEMO_SLA_DAY_SECONDS * 1000 : null;
  const demoTermDayMs = config.DEMO_TERM_DAY_SECONDS ? config.DEMO_TERM_DAY_SECONDS * 1000 : null;

  return {
    async dueDate(start, workingDays) {
      if (demoDayMs) return { dueAt: new Date(start.getTime() + workingDays * demoDayMs), uncoveredYears: [] };

      return addWorkingDays(await loadCalendar(db, timeZone), start, workingDays);
    },
    async nextReminder(after, workingDays) {
      if (demoDayMs) return new Date(after.getTime() + workingDays * demoDayMs);

      return reminderAt(await loadCalendar(db, timeZone), after, workingDays).at;
    },
    async lateness(dueAt, now) {
      if (demoDayMs) return `${Math.max(0, Math.floor((now.getTime() - dueAt.getTime()) / demoDayMs))} hari (jam demo)`;
      const days = workingDaysBetween(await loadCalendar(db, timeZone), dueAt, now);

      return days === 0 ? 'kurang dari 1 hari kerja' : `${days} hari kerja`;
    },
    term(input) {
      const startDate = input.startDate ?? termStartDate(input.plannedStart, input.signedAt);
      const demo = demoTermDayMs ? { reference: input.at, dayMs: demoTermDayMs } : undefined;
      // With the demo clock the term counts from the moment of signing, whatever the dates say.
      const effectiveStart = demo ? localDateOf(input.at, timeZone) : startDate;

      return planTermSchedule({
        startDate: demo ? effectiveStart : startDate,
        endDate: demo ? undefined : input.endDate,
        durationMonths: input.durationMonths,
        timeZone,
        policy: DEFAULT_TERM_POLICY,
        demo,
      });
    },
  };
}
