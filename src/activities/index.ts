/** Builds the activity functions the worker registers, bound to their dependencies. */
import { chaseReport } from './chase-report.js';
import { changeDeadline } from './change-deadline.js';
import { createClock } from './clock.js';
import { emailActivities } from './deliver-emails.js';
import type { ActivityDeps } from './deps.js';
import type { EmailActivities } from './email-types.js';
import { createLinkedAgreement, listChildAgreements } from './linked-agreements.js';
import { recordTransition } from './record-transition.js';
import { recordReport, recordReportReview } from './report-activities.js';
import { sendTaskReminder } from './send-task-reminder.js';
import { handleTermEvent, planTerm } from './term-activities.js';
import type { AgreementActivities } from './types.js';
import { webhookActivities } from './deliver-webhook.js';
import type { WebhookActivities } from './webhook-types.js';

export function createActivities(
  deps: ActivityDeps,
): AgreementActivities & WebhookActivities & EmailActivities {
  const clock = createClock(deps);

  return {
    recordTransition: (input) => recordTransition(deps, clock, input),
    planTerm: (input) => planTerm(clock, input),
    sendTaskReminder: (input) => sendTaskReminder(deps, clock, input),
    changeDeadline: (input) => changeDeadline(deps, clock, input),
    handleTermEvent: (input) => handleTermEvent(deps, clock, input),
    chaseReport: (input) => chaseReport(deps, clock, input),
    createLinkedAgreement: (input) => createLinkedAgreement(deps, input),
    listChildAgreements: (input) => listChildAgreements(deps, input),
    recordReport: (input) => recordReport(deps, input),
    recordReportReview: (input) => recordReportReview(deps, input),
    ...webhookActivities(deps),
    ...emailActivities(deps),
  };
}

export type { ActivityDeps } from './deps.js';
