/**
 * Every path of the domain table, decided stage by stage through the workflow's Updates on the
 * Temporal dev server (Updates need a real server), with the real activities and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, addMonthsClamped, localDateOf } from '../../src/domain/calendar.js';
import type { AgreementFacts } from '../../src/domain/agreement.js';
import type { Role } from '../../src/domain/glossary.js';
import type { Actor } from '../../src/domain/permissions.js';
import { STAGE_RULES, type ActiveStage } from '../../src/domain/stages.js';
import { agreementEvents, agreements } from '../../src/db/schema.js';
import {
  decideUpdate,
  extendDeadlineUpdate,
  fileReportUpdate,
  readyUpdate,
  reviewReportUpdate,
  stateQuery,
  terminateUpdate,
} from '../../src/workflows/messages.js';
import type { AgreementWorkflowInput } from '../../src/workflows/state.js';
import { INITIATOR, recordHistory, startWorkflowHarness, type WorkflowHarness } from '../support/workflow-env.js';

let h: WorkflowHarness;
beforeAll(async () => {
  h = await startWorkflowHarness({ timeSkipping: false });
});
afterAll(async () => h?.close());

const ACTORS: Record<Role, Actor> = {
  initiator: INITIATOR,
  unit_head: { username: 'kepala.dinkes', name: 'Kepala Dinas', roles: ['unit_head'], unitCode: 'DINKES' },
  verifier: { username: 'verifikator', name: 'Verifikator', roles: ['verifier'], unitCode: 'PEM' },
  legal: { username: 'hukum', name: 'Penelaah Hukum', roles: ['legal'], unitCode: 'HUKUM' },
  tkksd: { username: 'tkksd', name: 'Sekretaris TKKSD', roles: ['tkksd'], unitCode: 'PEM' },
  approver: { username: 'sekda', name: 'Sekretaris Daerah', roles: ['approver'], unitCode: 'SETDA' },
  head: { username: 'walikota', name: 'Wali Kota', roles: ['head'], unitCode: 'SETDA' },
  auditor: { username: 'auditor', name: 'Auditor', roles: ['auditor'], unitCode: 'INSPEKTORAT' },
  admin: { username: 'admin', name: 'Admin', roles: ['admin'], unitCode: 'SETDA' },
};
let numbers = 0;
const signing = () => ({ signedAt: '2026-12-01', ourNumber: `180/${++numbers}/35.73.112/2026`, partnerNumbers: ['Y/2/2026'] });

/** Starts the workflow and waits until its first projection is written, as the API does. */
async function start(input: AgreementWorkflowInput) {
  const handle = await h.env.client.workflow.start('agreementWorkflow', {
    taskQueue: h.taskQueue,
    workflowId: `agreement-${input.agreement.agreementId}`,
    args: [input],
  });
  await handle.executeUpdate(readyUpdate);

  return handle;
}

type Handle = Awaited<ReturnType<typeof start>>;

async function decide(handle: Handle, stage: string, decision: string, role?: Role, extra: object = {}) {
  const actor = ACTORS[role ?? STAGE_RULES[stage as ActiveStage]!.role];
  return handle.executeUpdate(decideUpdate, { args: [{ stage: stage as ActiveStage, decision, note: `${decision} ${stage}`, actor, ...extra }] });
}

/** Approves (or submits) every stage until the term starts or the agreement ends. */
async function driveThrough(handle: Handle) {
  for (let i = 0; i < 20; i += 1) {
    const { stage } = await handle.query(stateQuery);
    if (stage === 'implementation' || stage === 'ended') return stage;
    const decision = stage === 'draft' || stage === 'drafting' ? 'submit' : 'approve';
    await decide(handle, stage, decision, undefined, stage === 'signing' ? { signing: signing() } : {});
  }
  throw new Error('path did not end');
}

async function visitedStages(agreementId: string) {
  const events = await h.database.db
    .select()
    .from(agreementEvents)
    .where(eq(agreementEvents.agreementId, agreementId))
    .orderBy(asc(agreementEvents.seq));

  return events.filter((event) => event.type === 'created' || event.fromStage !== event.stage).map((event) => event.stage);
}

const FULL = ['draft', 'verification', 'tkksd_review', 'offer', 'drafting', 'legal_review', 'leadership_approval'];

const PATHS: [string, Partial<AgreementFacts>, string[]][] = [
  ['ksdd PKS initiated by the region', {}, [...FULL, 'signing', 'implementation']],
  ['ksdd PKS initiated by the partner skips the offer', { initiatedBy: 'partner' }, [...FULL.filter((s) => s !== 'offer'), 'signing', 'implementation']],
  ['ksdpk that burdens the public goes to the DPRD', { kind: 'ksdpk', partners: [{ name: 'PT Mitra', type: 'swasta' }], dprdTrigger: { burdensPublic: true, unbudgeted: false } }, [...FULL, 'dprd_approval', 'signing', 'implementation']],
  ['ksdpk unbudgeted goes to the DPRD', { kind: 'ksdpk', instrument: 'ksb', dprdTrigger: { burdensPublic: false, unbudgeted: true } }, [...FULL, 'dprd_approval', 'signing', 'implementation']],
  ['ksdpl (sister city) needs DPRD and the ministry', { kind: 'ksdpl', instrument: 'ksb' }, [...FULL, 'dprd_approval', 'ministry_approval', 'signing', 'implementation']],
  ['ksdll from the partner: no offer, DPRD and ministry', { kind: 'ksdll', instrument: 'loi', initiatedBy: 'partner' }, [...FULL.filter((s) => s !== 'offer'), 'dprd_approval', 'ministry_approval', 'signing', 'implementation']],
  ['sinergi NK: no offer, no DPRD', { kind: 'sinergi', instrument: 'nk', dprdTrigger: { burdensPublic: true, unbudgeted: false } }, [...FULL.filter((s) => s !== 'offer'), 'signing', 'implementation']],
];

describe('paths per kind and instrument', () => {
  for (const [name, facts, expected] of PATHS) {
    it(`takes the path of the domain table: ${name}`, async () => {
      const agreement = await h.newAgreement(facts);
      await h.run(async () => {
        const handle = await start({ agreement });
        expect(await driveThrough(handle)).toBe('implementation');
        expect(await visitedStages(agreement.agreementId)).toEqual(expected);
        await handle.terminate('test finished');
        await recordHistory(handle, `path ${name}`);
      });
    });
  }

  it('skips the offer for a PKS under a signed KSB and signs an addendum straight to ended', async () => {
    const ksb = await h.newAgreement({ instrument: 'ksb' });
    const pks = await h.newAgreement({ parentId: ksb.agreementId });
    const addendum = await h.newAgreement({ instrument: 'addendum', parentId: ksb.agreementId });
    await h.run(async () => {
      const pksHandle = await start({ agreement: pks });
      expect(await driveThrough(pksHandle)).toBe('implementation');
      expect(await visitedStages(pks.agreementId)).not.toContain('offer');
      const addendumHandle = await start({ agreement: addendum });
      expect(await driveThrough(addendumHandle)).toBe('ended');
      expect(await visitedStages(addendum.agreementId)).toEqual([
        'draft', 'verification', 'drafting', 'legal_review', 'leadership_approval', 'signing', 'ended',
      ]);
      await pksHandle.terminate('test finished');
      await recordHistory(addendumHandle, 'path addendum');
    });
  });
});

describe('decisions that leave the straight path', () => {
  it('returns to the stage that asked for revision, and the rejection and withdrawal end it', async () => {
    const revised = await h.newAgreement();
    const rejected = await h.newAgreement();
    const withdrawn = await h.newAgreement();
    await h.run(async () => {
      const handle = await start({ agreement: revised, submitOnStart: true });
      await decide(handle, 'verification', 'approve');
      await decide(handle, 'tkksd_review', 'revise');
      expect((await handle.query(stateQuery)).stage).toBe('revision');
      await decide(handle, 'revision', 'resubmit');
      expect((await handle.query(stateQuery)).stage).toBe('tkksd_review');

      const rejectedHandle = await start({ agreement: rejected, submitOnStart: true });
      await decide(rejectedHandle, 'verification', 'reject');
      expect((await rejectedHandle.result()).stage).toBe('rejected');

      const withdrawnHandle = await start({ agreement: withdrawn, submitOnStart: true });
      await decide(withdrawnHandle, 'verification', 'revise');
      await decide(withdrawnHandle, 'revision', 'withdraw');
      expect((await withdrawnHandle.result()).stage).toBe('withdrawn');
      const [row] = await h.database.db.select().from(agreements).where(eq(agreements.id, withdrawn.agreementId));
      expect(row).toMatchObject({ stage: 'withdrawn', status: 'closed' });
      await handle.terminate('test finished');
      await recordHistory(handle, 'revision loop');
      await recordHistory(rejectedHandle, 'rejected');
      await recordHistory(withdrawnHandle, 'withdrawn');
    });
  });

  it('refuses an initiator of another office, a wrong role and a stale stage, writing nothing', async () => {
    const agreement = await h.newAgreement();
    await h.run(async () => {
      const handle = await start({ agreement });
      const other: Actor = { ...INITIATOR, username: 'pemrakarsa.dinkes', unitCode: 'DINKES' };
      expect(await refusalOf(handle.executeUpdate(decideUpdate, { args: [{ stage: 'draft', decision: 'submit', note: '', actor: other }] }))).toMatch(/unit DLH/);
      expect(await refusalOf(decide(handle, 'draft', 'submit', 'verifier'))).toBe(
        'Tahap "Penyusunan usulan" diputuskan oleh peran Pemrakarsa, yang tidak Anda miliki.',
      );
      expect(await refusalOf(decide(handle, 'verification', 'approve'))).toBe(
        'Tahap sudah berubah: Anda melihat tahap "Verifikasi berkas", kini "Penyusunan usulan". ' +
          'Muat ulang lalu putuskan lagi.',
      );
      const history = await handle.fetchHistory();
      const updates = history.events!.filter(
        (event) => event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'decide',
      );
      expect(updates).toHaveLength(0); // refused Updates leave no trace in history
      await handle.terminate('test finished');
    });
  });
});

describe('the end of an agreement and what follows', () => {
  const evaluationWindow = () => {
    const today = localDateOf(new Date(), 'Asia/Jakarta');
    return { startDate: addMonthsClamped(today, -23), endDate: addCalendarDays(today, 30) };
  };

  it('starts a linked renewal when the TKKSD decides to continue', async () => {
    const agreement = await h.newAgreement();
    await h.run(async () => {
      const handle = await start({ agreement, imported: { signing: signing(), ...evaluationWindow() } });
      await waitFor(async () => (await handle.query(stateQuery)).stage === 'evaluation');
      await decide(handle, 'evaluation', 'continue');
      const state = await handle.query(stateQuery);
      expect(state.linked).toHaveLength(1);
      const [renewal] = await h.database.db.select().from(agreements).where(eq(agreements.renewalOf, agreement.agreementId));
      expect(renewal).toMatchObject({ title: `Perpanjangan: ${agreement.title}`, stage: 'draft', unitCode: 'DLH' });
      await waitFor(async () => (await visitedStages(renewal!.id)).length === 1);
      await h.env.client.workflow.getHandle(`agreement-${renewal!.id}`).terminate('test finished');
      await handle.terminate('test finished');
      await recordHistory(handle, 'evaluation continue renewal');
    });
  });

  it('applies a signed addendum to its parent: the end date moves and the evaluation closes', async () => {
    const parent = await h.newAgreement();
    const window = evaluationWindow();
    const newEndDate = addMonthsClamped(window.endDate, 24);
    await h.run(async () => {
      const parentHandle = await start({ agreement: parent, imported: { signing: signing(), ...window } });
      await waitFor(async () => (await parentHandle.query(stateQuery)).stage === 'evaluation');
      await decide(parentHandle, 'evaluation', 'amend');
      const addendumId = (await parentHandle.query(stateQuery)).linked[0]!.agreementId;
      const [addendumRow] = await h.database.db.select().from(agreements).where(eq(agreements.id, addendumId));
      expect(addendumRow).toMatchObject({ instrument: 'addendum', parentId: parent.agreementId });

      // An addendum proposed with its change: a new end date.
      const addendum = await h.newAgreement({ instrument: 'addendum', parentId: parent.agreementId });
      const addendumHandle = await start({ agreement: { ...addendum, changes: { newEndDate } } });
      expect(await driveThrough(addendumHandle)).toBe('ended');
      const parentRow = async () => (await h.database.db.select().from(agreements).where(eq(agreements.id, parent.agreementId)))[0]!;
      await waitFor(async () => (await parentRow()).endDate === newEndDate);
      expect(await parentRow()).toMatchObject({ stage: 'implementation', endDate: newEndDate });
      expect((await parentHandle.query(stateQuery)).task).toBeNull();
      await h.env.client.workflow.getHandle(`agreement-${addendumId}`).terminate('test finished');
      await parentHandle.terminate('test finished');
      await recordHistory(parentHandle, 'evaluation amend addendum applied');
      await recordHistory(addendumHandle, 'addendum with new end date');
    });
  });

  it('asks each running PKS the evaluation question when its KSB is terminated', async () => {
    const ksb = await h.newAgreement({ instrument: 'ksb' });
    const pks = await h.newAgreement({ parentId: ksb.agreementId });
    const today = localDateOf(new Date(), 'Asia/Jakarta');
    const term = { startDate: addMonthsClamped(today, -2), endDate: addMonthsClamped(today, 30) };
    await h.run(async () => {
      const ksbHandle = await start({ agreement: ksb, imported: { signing: signing(), ...term } });
      const pksHandle = await start({ agreement: pks, imported: { signing: signing(), ...term } });
      await waitFor(async () => (await pksHandle.query(stateQuery)).stage === 'implementation');
      await waitFor(async () => (await ksbHandle.query(stateQuery)).stage === 'implementation');
      await ksbHandle.executeUpdate(terminateUpdate, { args: [{ reason: 'agreed_by_parties', note: 'disepakati', actor: ACTORS.verifier }] });
      const termination = await terminationOf(ksb.agreementId);
      expect(termination).toMatchObject({ actorUsername: 'verifikator', actorRole: 'verifier' });
      await waitFor(async () => (await pksHandle.query(stateQuery)).stage === 'evaluation');
      await waitFor(async () => {
        const events = await h.database.db.select().from(agreementEvents).where(eq(agreementEvents.agreementId, pks.agreementId));
        return events.some((event) => event.stage === 'evaluation' && event.note?.includes('Kesepakatan induk diakhiri'));
      });
      expect((await pksHandle.query(stateQuery)).task).toMatchObject({ stage: 'evaluation', role: 'tkksd' });
      await pksHandle.terminate('test finished');
      await recordHistory(ksbHandle, 'ksb terminated');
      await recordHistory(pksHandle, 'pks asked after ksb');
    });
  });
});

describe('what users read on refusals and on the timeline', () => {
  const roleRefusal = (role: Role) => ({ type: 'role_not_allowed', details: { code: 'role_not_allowed', role } });

  it("writes a moved deadline in the city's time, and names stages and roles by their Indonesian words", async () => {
    const agreement = await h.newAgreement();
    await h.run(async () => {
      const handle = await start({ agreement, submitOnStart: true });
      const dueAt = '2030-01-15T16:59:59.999Z';
      const move = (actor: Actor) =>
        handle.executeUpdate(extendDeadlineUpdate, { args: [{ actor, dueAt, reason: 'menunggu surat mitra' }] });
      expect(await failureOf(move(ACTORS.legal))).toEqual({
        message: 'Tindakan ini memerlukan peran Verifikator (Bagian Pemerintahan).',
        ...roleRefusal('verifier'),
      });
      await move(ACTORS.verifier);
      const [moved] = await h.database.db
        .select()
        .from(agreementEvents)
        .where(and(eq(agreementEvents.agreementId, agreement.agreementId), eq(agreementEvents.type, 'deadline')));
      expect(moved!.note).toBe(
        'Batas waktu diubah menjadi Selasa, 15 Januari 2030 pukul 23.59 WIB: menunggu surat mitra',
      );

      const terminate = handle.executeUpdate(terminateUpdate, {
        args: [{ reason: 'goal_achieved', note: 'terlalu dini', actor: ACTORS.verifier }],
      });
      expect(await failureOf(terminate)).toMatchObject({
        message: 'Pengakhiran hanya dapat dilakukan setelah penandatanganan (kini "Verifikasi berkas").',
        type: 'stage_moved',
      });
      expect(await failureOf(fileReport(handle, INITIATOR))).toMatchObject({
        message: 'Laporan monitoring hanya dapat diajukan pada tahap pelaksanaan (kini "Verifikasi berkas").',
        type: 'stage_moved',
      });
      await handle.terminate('test finished');
    });
  });

  it('says how a report was reviewed, names both roles that may terminate and records the one used', async () => {
    const agreement = await h.newAgreement();
    const today = localDateOf(new Date(), 'Asia/Jakarta');
    const term = { startDate: addMonthsClamped(today, -2), endDate: addMonthsClamped(today, 30) };
    await h.run(async () => {
      const handle = await start({ agreement, imported: { signing: signing(), ...term } });
      await waitFor(async () => (await handle.query(stateQuery)).stage === 'implementation');

      const outsider: Actor = { ...INITIATOR, username: 'pemrakarsa.dinkes', unitCode: 'DINKES' };
      expect(await failureOf(fileReport(handle, outsider))).toEqual({
        message: 'Tindakan ini memerlukan peran Pemrakarsa atau Kepala Perangkat Daerah dari unit DLH.',
        ...roleRefusal('initiator'),
      });
      const { reportId } = await fileReport(handle, INITIATOR);
      const review = () =>
        handle.executeUpdate(reviewReportUpdate, {
          args: [{ reportId, decision: 'return', note: 'lengkapi foto kegiatan', actor: ACTORS.verifier }],
        });
      await review();
      expect(await failureOf(review())).toMatchObject({
        message: 'Laporan ini sudah ditelaah dan dikembalikan.',
        type: 'conflict',
      });

      const terminate = (actor: Actor) =>
        handle.executeUpdate(terminateUpdate, { args: [{ reason: 'goal_achieved', note: 'tujuan tercapai', actor }] });
      expect(await failureOf(terminate(ACTORS.legal))).toEqual({
        message: 'Tindakan ini memerlukan peran Verifikator (Bagian Pemerintahan) atau Sekretaris Daerah.',
        ...roleRefusal('verifier'),
      });
      await terminate({ ...ACTORS.approver, roles: ['head', 'approver'] });
      expect(await terminationOf(agreement.agreementId)).toMatchObject({
        actorUsername: 'sekda',
        actorRole: 'approver',
        decision: 'goal_achieved',
      });
    });
  });
});

function fileReport(handle: Handle, actor: Actor) {
  const report = { reportId: randomUUID(), period: 'Semester II 2026', activities: 'Rapat', progressPercent: 40 };

  return handle.executeUpdate(fileReportUpdate, { args: [{ ...report, actor }] });
}

/** The timeline entry of an agreement's termination. */
async function terminationOf(agreementId: string) {
  const [event] = await h.database.db
    .select()
    .from(agreementEvents)
    .where(and(eq(agreementEvents.agreementId, agreementId), eq(agreementEvents.type, 'termination')));

  return event;
}

/** The business refusal behind a failed Update: its message, type (code) and first detail. */
async function failureOf(update: Promise<unknown>) {
  try {
    await update;
  } catch (error) {
    const cause = (error as { cause?: { message?: string; type?: string; details?: unknown[] } }).cause;
    return { message: cause?.message, type: cause?.type, details: cause?.details?.[0] };
  }
  throw new Error('the update was not refused');
}

/** The message of the business refusal behind a failed Update. */
async function refusalOf(update: Promise<unknown>): Promise<string> {
  try {
    await update;
  } catch (error) {
    return String((error as { cause?: { message?: string } }).cause?.message ?? error);
  }
  throw new Error('the update was not refused');
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
