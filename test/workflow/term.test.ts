/**
 * The life of a signed agreement on the time-skipping server: expiry alerts at 180/90/60/30/7/0
 * days, a monitoring report chased and escalated when it does not come, the evaluation opening
 * six months before the end, and the end itself; with history kept short by continueAsNew.
 */
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, addMonthsClamped, localDateOf } from '../../src/domain/calendar.js';
import { agreementEvents, agreements, emails } from '../../src/db/schema.js';
import { stateQuery } from '../../src/workflows/messages.js';
import { recordHistory, startWorkflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness({ timeSkipping: true });
});
afterAll(async () => h?.close());

describe('the term of an imported agreement', () => {
  it('alerts before expiry, chases the missing report, opens the evaluation and ends on its own', async () => {
    const today = localDateOf(new Date(await h.env.currentTimeMs()), 'Asia/Jakarta');
    const startDate = addMonthsClamped(today, -18);
    const endDate = addCalendarDays(addMonthsClamped(today, 7), 3);
    const agreement = await h.newAgreement({ durationMonths: 25 });

    await h.run(async () => {
      const handle = await h.env.client.workflow.start('agreementWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `agreement-${agreement.agreementId}`,
        args: [
          {
            agreement,
            imported: { signing: { signedAt: startDate, ourNumber: '119/01/35.73.112/2025', partnerNumbers: [] }, startDate, endDate },
            historyLimit: 150,
          },
        ],
      });
      const firstRunId = handle.firstExecutionRunId;
      const result = await handle.result();

      expect(result.stage).toBe('ended');
      const description = await handle.describe();
      expect(description.runId).not.toBe(firstRunId); // continueAsNew happened at least once

      const [row] = await h.database.db.select().from(agreements).where(eq(agreements.id, agreement.agreementId));
      expect(row).toMatchObject({ stage: 'ended', status: 'closed', startDate, endDate });

      const sent = await h.database.db.select().from(emails).where(eq(emails.agreementId, agreement.agreementId));
      const alerts = sent.filter((email) => email.kind === 'expiry_alert');
      // Office initiator + verifier receive each of the six alerts.
      expect(new Set(alerts.map((email) => email.key.split(':').slice(2, 4).join(':')))).toEqual(
        new Set(['alert:180', 'alert:90', 'alert:60', 'alert:30', 'alert:7', 'alert:0']),
      );
      expect(alerts).toHaveLength(12);
      expect(sent.some((email) => email.kind === 'report_overdue')).toBe(true);
      expect(sent.some((email) => email.kind === 'report_escalation' && email.recipientUsername === null)).toBe(false);
      // Evaluation reminders went to the TKKSD and escalated once to the Sekda.
      expect(sent.filter((email) => email.stage === 'evaluation' && email.kind === 'escalation')).toHaveLength(1);
      expect(sent.every((email) => email.sentAt !== null)).toBe(true);
      expect(h.smtp.messages.length).toBe(sent.length);

      const events = await h.database.db
        .select()
        .from(agreementEvents)
        .where(eq(agreementEvents.agreementId, agreement.agreementId))
        .orderBy(asc(agreementEvents.seq));
      const seqs = events.map((event) => event.seq);
      expect(seqs).toEqual(seqs.map((_, index) => index + 1)); // nothing lost or doubled across runs
      const stages = events.filter((event) => event.fromStage !== event.stage).map((event) => event.stage);
      expect(stages).toEqual(['implementation', 'evaluation', 'ended']);
      const evaluationOpened = events.find((event) => event.stage === 'evaluation' && event.fromStage === 'implementation')!;
      expect(localDateOf(evaluationOpened.at, 'Asia/Jakarta')).toBe(addMonthsClamped(endDate, -6));
      await recordHistory(h.env.client.workflow.getHandle(`agreement-${agreement.agreementId}`, firstRunId), 'term first run');
      await recordHistory(handle, 'term last run after continue-as-new');
    });
  });

  it('stops chasing once the report is filed', async () => {
    const agreement = await h.newAgreement({ durationMonths: 24 });
    const today = localDateOf(new Date(await h.env.currentTimeMs()), 'Asia/Jakarta');
    const startDate = addMonthsClamped(today, -5);
    const endDate = addCalendarDays(addMonthsClamped(startDate, 24), -1);

    await h.run(async () => {
      const handle = await h.env.client.workflow.start('agreementWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `agreement-${agreement.agreementId}`,
        args: [{ agreement, imported: { signing: { signedAt: startDate, ourNumber: '119/02/35.73.112/2025', partnerNumbers: [] }, startDate, endDate } }],
      });
      // Past the first report deadline (one month ahead) and a few reminders.
      await h.env.sleep('45 days');
      const state = await handle.query(stateQuery);
      expect(Object.keys(state.chases)).toEqual(['report:1']);
      expect(state.chases['report:1']!.remindersSent).toBeGreaterThanOrEqual(3);
      const escalations = await h.database.db
        .select()
        .from(emails)
        .where(and(eq(emails.agreementId, agreement.agreementId), eq(emails.kind, 'report_escalation')));
      expect(escalations.map((email) => email.recipientUsername)).toEqual([]); // DLH has no unit head in the demo data
      await handle.terminate('test finished');
    });
  });
});
