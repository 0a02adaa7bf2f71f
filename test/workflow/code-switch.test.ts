/**
 * An upgrade in the middle of an agreement's life: a worker running an earlier generation of the
 * workflow code takes an agreement through a revision loop and leaves its reminder timer
 * pending; it stops, and a worker with the current code takes over on the same task queue,
 * replays the history, sends the reminder when the timer fires and carries the agreement on.
 * Generations (src/workflows/local-activities.ts): 1 wrote the projection with ordinary
 * activities, 2 with local activities behind a patch, 3 (current) with ordinary activities
 * again behind another. Dev server (Updates need a real one), demo working day of a few seconds.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { and, asc, eq } from 'drizzle-orm';
import type { WorkflowHandle } from '@temporalio/client';
import { bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workflowHistorySummary, type HistoryEventSummary } from '../../src/api/read/workflow-history.js';
import { agreementEvents, agreements, emails, tasks } from '../../src/db/schema.js';
import type { Actor } from '../../src/domain/permissions.js';
import { statusOf, type Stage } from '../../src/domain/stages.js';
import { workflowsPath } from '../../src/temporal/bundle.js';
import { decideUpdate, readyUpdate, stateQuery } from '../../src/workflows/messages.js';
import { INITIATOR, startWorkflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

const LOCAL_PATCH = 'projection-writes-as-local-activities';
const AFTER_COMMIT_PATCH = 'projection-writes-after-commit';
const RECORDS = Array<string>(4).fill('recordTransition');

/** What each earlier generation leaves in the history for the four writes before the switch. */
const GENERATIONS = [
  { name: 'first', standIn: 'projection-writes-v1.ts', activities: RECORDS, markers: [] as string[] },
  { name: 'second', standIn: 'projection-writes-v2.ts', activities: [] as string[], markers: [`patch ${LOCAL_PATCH}`, ...RECORDS] },
];
/** One demo working day: verification (3 days) is due 9 s after it opens, reminders 6 s apart. */
const DAY_SECONDS = 3;
const VERIFIER: Actor = { username: 'verifikator', name: 'Verifikator', roles: ['verifier'], unitCode: 'PEM' };
const TKKSD: Actor = { username: 'tkksd', name: 'Sekretaris TKKSD', roles: ['tkksd'], unitCode: 'PEM' };

let h: WorkflowHarness;
let bundles: WorkflowBundle[] = [];
beforeAll(async () => {
  [h, bundles] = await Promise.all([
    startWorkflowHarness({ timeSkipping: false, env: { DEMO_SLA_DAY_SECONDS: String(DAY_SECONDS) } }),
    Promise.all(GENERATIONS.map((generation) => bundleEarlierGeneration(generation.standIn))),
  ]);
});
afterAll(async () => h?.close());

describe.each(GENERATIONS.map((generation, index) => ({ ...generation, index })))(
  'switching from the $name generation under a running agreement',
  ({ name, index, activities, markers }) => {
  it(`goes on under the current code from a history the ${name} generation wrote, timer included`, async () => {
    h.smtp.messages.length = 0;
    const agreement = await h.newAgreement();
    const { agreementId } = agreement;
    const workflowId = `agreement-${agreementId}`;
    const handle = h.env.client.workflow.getHandle(workflowId);

    // First generation: created, submitted, returned for revision, resubmitted; then it stops.
    const before = await h.run(
      async () => {
        const start = { taskQueue: h.taskQueue, workflowId, args: [{ agreement }] };
        await h.env.client.workflow.start('agreementWorkflow', start);
        await handle.executeUpdate(readyUpdate);
        await decide(handle, 'draft', 'submit', INITIATOR);
        await decide(handle, 'verification', 'revise', VERIFIER);
        await decide(handle, 'revision', 'resubmit', INITIATOR);

        return { task: (await handle.query(stateQuery)).task!, lastEventId: await lastEventIdOf(handle) };
      },
      { workflowBundle: bundles[index]! },
    );
    expect(before.task.stage).toBe('verification');
    expect(Date.parse(before.task.dueAt!)).toBeGreaterThan(Date.now());
    const { pending } = await timersOf(handle);
    expect(pending).toHaveLength(1);

    // Current code: the pending timer fires here (reminder 1), then the agreement moves on.
    await h.run(async () => {
      await reminderOrTaskFailure(handle);
      await decide(handle, 'verification', 'approve', VERIFIER);
      await decide(handle, 'tkksd_review', 'revise', TKKSD);
      await decide(handle, 'revision', 'resubmit', INITIATOR);
      await decide(handle, 'tkksd_review', 'approve', TKKSD);
      expect((await handle.query(stateQuery)).stage).toBe('offer');
    });

    // No nondeterminism: still running, and no workflow task ever failed.
    expect((await handle.describe()).status.name).toBe('RUNNING');
    const { runs } = await workflowHistorySummary(h.env.client, agreementId);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.countsByType.WorkflowTaskFailed ?? 0).toBe(0);

    // Both generations in one history: the earlier one's writes before the switch; after it the
    // current patch marker and every write as an ordinary activity.
    const old = run.milestones.filter((event) => event.id <= before.lastEventId);
    const current = run.milestones.filter((event) => event.id > before.lastEventId);
    expect(names(old, 'ActivityTaskScheduled')).toEqual(activities);
    expect(names(old, 'MarkerRecorded')).toEqual(markers);
    expect(names(current, 'ActivityTaskScheduled')).toEqual(['sendTaskReminder', ...RECORDS]);
    expect(names(current, 'MarkerRecorded')).toEqual([`patch ${AFTER_COMMIT_PATCH}`]);
    expect((await timersOf(handle)).fired).toEqual(pending);

    // The projection and its timeline: one event per seq, in the order things happened.
    const timeline = await h.database.db
      .select()
      .from(agreementEvents)
      .where(eq(agreementEvents.agreementId, agreementId))
      .orderBy(asc(agreementEvents.seq));
    expect(timeline.map((event) => event.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(timeline.map((event) => `${event.type} ${event.stage}`)).toEqual([
      'created draft',
      'decision verification',
      'decision revision',
      'decision verification',
      'reminder verification',
      'decision tkksd_review',
      'decision revision',
      'decision tkksd_review',
      'decision offer',
    ]);
    const [row] = await h.database.db.select().from(agreements).where(eq(agreements.id, agreementId));
    expect(row).toMatchObject({ stage: 'offer', status: statusOf('offer', true), projectionSeq: 9, overdue: false });
    const [reminded] = await h.database.db.select().from(tasks)
      .where(and(eq(tasks.agreementId, agreementId), eq(tasks.taskKey, before.task.key)));
    expect(reminded).toMatchObject({ agreementId, remindersSent: 1 });
    expect(reminded!.closedAt).not.toBeNull();

    // Exactly one reminder email, under its key, sent once.
    const sent = await h.database.db.select().from(emails).where(eq(emails.agreementId, agreementId));
    expect(sent.map((email) => email.key)).toEqual([`reminder:${agreementId}:${before.task.key}:1:verifikator`]);
    expect(sent[0]!.sentAt).not.toBeNull();
    expect(h.smtp.messages.map((mail) => mail.messageId)).toEqual([sent[0]!.messageId]);

    await handle.terminate('test finished');
  });
  },
);

/**
 * The workflows as an earlier generation built them: the real entry point and modules, except
 * that the one module holding the guard, `local-activities`, resolves to a stand-in with that
 * generation's choice (`projection-writes-v1.ts`, `projection-writes-v2.ts`). The
 * alias is keyed on the absolute `.ts` path: webpack's resolver matches aliases again once it
 * has a candidate file (after `extensionAlias` turned `./local-activities.js` into `.ts`).
 */
async function bundleEarlierGeneration(file: string): Promise<WorkflowBundle> {
  const guarded = fileURLToPath(new URL('../../src/workflows/local-activities.ts', import.meta.url));
  const standIn = fileURLToPath(new URL(`../support/${file}`, import.meta.url));
  const { code } = await bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    webpackConfigHook: (config) => {
      const resolve = config.resolve ?? {};
      config.resolve = {
        ...resolve,
        extensionAlias: { '.js': ['.ts', '.js'] },
        alias: { ...(resolve.alias as Record<string, string | false>), [guarded]: standIn },
      };
      return config;
    },
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  // An alias that matched nothing would silently bundle the current code: refuse that.
  const swapped = code.includes(`"./test/support/${file}"`);
  if (!swapped || code.includes('"./src/workflows/local-activities.ts"')) {
    throw new Error(`the bundle does not use the stand-in ${file} for local-activities`);
  }

  return { code };
}

async function decide(handle: WorkflowHandle, stage: Stage, decision: string, actor: Actor) {
  return handle.executeUpdate(decideUpdate, { args: [{ stage, decision, note: `${decision} ${stage}`, actor }] });
}

/** Waits for the reminder email; a failed workflow task (nondeterminism) ends the wait at once. */
async function reminderOrTaskFailure(handle: WorkflowHandle) {
  const deadline = Date.now() + 30_000;
  while (!h.smtp.messages.some((mail) => /Pengingat/.test(mail.subject ?? ''))) {
    const { events } = await handle.fetchHistory();
    const failed = events!.find((event) => event.workflowTaskFailedEventAttributes);
    if (failed) throw new Error(`workflow task failed: ${failed.workflowTaskFailedEventAttributes!.failure?.message}`);
    if (Date.now() > deadline) throw new Error('no reminder within 30 s of the switch');
    await sleep(200);
  }
}

async function lastEventIdOf(handle: WorkflowHandle): Promise<number> {
  const { events } = await handle.fetchHistory();

  return Number(events!.at(-1)!.eventId);
}

/** Timer ids in the history: those still pending, and those that fired. */
async function timersOf(handle: WorkflowHandle) {
  const { events } = await handle.fetchHistory();
  const started = events!.flatMap((event) => event.timerStartedEventAttributes?.timerId ?? []);
  const fired = events!.flatMap((event) => event.timerFiredEventAttributes?.timerId ?? []);
  const cancelled = events!.flatMap((event) => event.timerCanceledEventAttributes?.timerId ?? []);

  return { pending: started.filter((id) => !fired.includes(id) && !cancelled.includes(id)), fired };
}

function names(events: HistoryEventSummary[], type: string): string[] {
  return events.filter((event) => event.type === type).map((event) => event.name ?? '');
}
