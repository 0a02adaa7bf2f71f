/**
 * The term of a signed agreement (masa berlaku) and what happens during it: monitoring report
 * deadlines, expiry alerts, the evaluation window and the end. Pure date arithmetic, so it can
 * be tested alone and computed the same on every retry.
 */
import { addCalendarDays, addMonthsClamped, daysBetweenLocalDates, endOfLocalDay, termEndDate } from './calendar.js';
import type { TermEvent, TermSchedule } from '../workflows/state.js';

export interface TermPolicy {
  /** Months between monitoring reports (default 6: the semester report to the ministry). */
  reportingPeriodMonths: number;
  /** Evaluation opens this many months before the end date (default 6). */
  renewalLeadMonths: number;
  /** Days before the end date on which the office and the verifier are alerted (practice). */
  alertDays: readonly number[];
  /** Local hour at which alerts go out. */
  alertHour: number;
}

export const DEFAULT_TERM_POLICY: TermPolicy = {
  reportingPeriodMonths: 6,
  renewalLeadMonths: 6,
  alertDays: [180, 90, 60, 30, 7, 0],
  alertHour: 8,
};

/** The first day of the term: the later of the planned start and the signing date. */
export function termStartDate(plannedStart: string | null, signedAt: string): string {
  return plannedStart && plannedStart > signedAt ? plannedStart : signedAt;
}

/**
 * Every scheduled event of the term, in time order. `demo` compresses time for demos and tests:
 * each calendar day after `demo.reference` lasts `demo.dayMs`, counted from the start date.
 */
export function planTermSchedule(input: {
  startDate: string;
  endDate?: string;
  durationMonths: number;
  timeZone: string;
  policy?: TermPolicy;
  demo?: { reference: Date; dayMs: number };
}): TermSchedule {
  const policy = input.policy ?? DEFAULT_TERM_POLICY;
  const { startDate, timeZone, demo } = input;
  const endDate = input.endDate ?? termEndDate(startDate, input.durationMonths);

  const startOfDay = (date: string) =>
    demo
      ? new Date(demo.reference.getTime() + daysBetweenLocalDates(startDate, date) * demo.dayMs)
      : new Date(endOfLocalDay(addCalendarDays(date, -1), timeZone).getTime() + 1);
  const at = (date: string, hour = 0) =>
    new Date(startOfDay(date).getTime() + (demo ? (hour / 24) * demo.dayMs : hour * 3_600_000)).toISOString();

  const events: TermEvent[] = [];
  for (let k = 1; ; k += 1) {
    const periodEnd = addCalendarDays(addMonthsClamped(startDate, k * policy.reportingPeriodMonths), -1);
    const periodStart = addMonthsClamped(startDate, (k - 1) * policy.reportingPeriodMonths);
    const last = periodEnd >= endDate;
    const due = last ? endDate : periodEnd;
    events.push({
      key: `report:${k}`,
      type: 'report_due',
      at: at(addCalendarDays(due, 1)),
      period: `${periodStart} s.d. ${due}`,
    });
    if (last) break;
  }
  for (const days of policy.alertDays) {
    const date = addCalendarDays(endDate, -days);
    if (date < startDate) continue;
    events.push({ key: `alert:${days}`, type: 'alert', at: at(date, policy.alertHour), daysBefore: days });
  }
  const evaluationDate = addMonthsClamped(endDate, -policy.renewalLeadMonths);
  events.push({
    key: 'evaluation',
    type: 'evaluation',
    at: at(evaluationDate < startDate ? startDate : evaluationDate),
  });
  events.push({ key: 'end', type: 'end', at: at(addCalendarDays(endDate, 1)) });
  events.sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || order(a) - order(b));

  return { startDate, endDate, events };
}

/** Same-instant events: alerts and reports before the evaluation opens, the end last. */
function order(event: TermEvent): number {
  return { alert: 0, report_due: 1, evaluation: 2, end: 3 }[event.type];
}
