/**
 * Overdue reviews chase themselves: on the time-skipping server, a submitted agreement waits in
 * verification past its working-day due date; reminders go to the verifiers as the due date passes
 * and then at 07:00 WIB every two working days, and the second one escalates to the Kabag
 * Pemerintahan, once. Emails are received by a real SMTP server.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../src/domain/calendar.js';
import { reminderAt } from '../../src/domain/reminder-schedule.js';
import { loadCalendar } from '../../src/db/calendar.js';
import { stateQuery } from '../../src/workflows/messages.js';
import { recordHistory, startWorkflowHarness, type WorkflowHarness } from '../support/workflow-env.js';
import { eq } from 'drizzle-orm';
import { agreementEvents, emails, tasks } from '../../src/db/schema.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness({ timeSkipping: true });
});
afterAll(async () => h?.close());

describe('reminders and escalation of an overdue verification', () => {
  it('reminds at the due date, every two working days after, and escalates on the second reminder', async () => {
    const agreement = await h.newAgreement();
    await h.run(async () => {
      const handle = await h.env.client.workflow.start('agreementWorkflow', {
        taskQueue: h.taskQueue,
        workflowId: `agreement-${agreement.agreementId}`,
        args: [{ agreement, submitOnStart: true }],
      });
      const calendar = await loadCalendar(h.database.db, 'Asia/Jakarta');
      // The task is open once the state query answers with a due date.
      let state = await handle.query(stateQuery);
      for (let i = 0; i < 50 && !state.task?.dueAt; i += 1) {
        await h.env.sleep(10);
        state = await handle.query(stateQuery);
      }
      expect(state.stage).toBe('verification');
      const startedAt = new Date(state.task!.startedAt);
      const dueAt = addWorkingDays(calendar, startedAt, 3).dueAt;
      expect(state.task!.dueAt).toBe(dueAt.toISOString());

      // Just before the due date: nothing sent.
      await h.env.sleep(dueAt.getTime() - (await h.env.currentTimeMs()) - 60_000);
      expect(h.smtp.messages).toHaveLength(0);

      // Past the due date: the first reminder to the verifier only.
      await h.env.sleep(120_000);
      const first = await h.smtp.waitFor((mail) => /Pengingat/.test(mail.subject ?? ''));
      expect(first.map((mail) => (mail.to as { text: string }).text)).toEqual(['verifikator@simboisker.localhost']);

      // The second reminder, at 07:00 WIB two working days after the first, escalates to kepala.pem.
      const second = reminderAt(calendar, new Date(dueAt.getTime() + 1), 2).at;
      await h.env.sleep(second.getTime() - (await h.env.currentTimeMs()) + 60_000);
      const escalation = await h.smtp.waitFor((mail) => /Eskalasi/.test(mail.subject ?? ''));
      expect((escalation[0]!.to as { text: string }).text).toBe('kepala.pem@simboisker.localhost');
      expect(escalation[0]!.text).toContain('sudah 2 kali diingatkan');

      // A third reminder goes to the verifier again, without a second escalation.
      const third = reminderAt(calendar, second, 2).at;
      await h.env.sleep(third.getTime() - (await h.env.currentTimeMs()) + 60_000);
      await h.smtp.waitFor((mail) => /Pengingat/.test(mail.subject ?? ''), { count: 3 });
      expect(h.smtp.messages.filter((mail) => /Eskalasi/.test(mail.subject ?? ''))).toHaveLength(1);

      const events = await h.database.db.select().from(agreementEvents).where(eq(agreementEvents.agreementId, agreement.agreementId));
      expect(events.filter((event) => event.type === 'reminder' || event.type === 'escalation')).toHaveLength(3);
      const [task] = await h.database.db.select().from(tasks).where(eq(tasks.agreementId, agreement.agreementId)).orderBy(tasks.startedAt);
      expect(task).toBeDefined();
      const sent = await h.database.db.select().from(emails).where(eq(emails.agreementId, agreement.agreementId));
      expect(sent.every((email) => email.sentAt !== null)).toBe(true);
      expect(new Set(sent.map((email) => email.messageId)).size).toBe(sent.length);
      await handle.terminate('test finished');
      await recordHistory(handle, 'reminders and escalation');
    });
  });
});
