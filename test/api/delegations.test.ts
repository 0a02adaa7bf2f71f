/**
 * Acting officials (Plt./Plh.) over HTTP: a verifier hands the role to the head of PEM for a
 * week; meanwhile the delegate sees the tasks, gets the reminders and decides, and the
 * timeline and the audit log name both the holder and the person who acted. Revoked, it stops.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agreementAt } from '../support/drive.js';
import { startTestSystem, type TestSystem } from '../support/system.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

let t: TestSystem;
const tokens: Record<string, string> = {};
const users = ['pemrakarsa.dlh', 'pemrakarsa.dinkes', 'kepala.pem', 'verifikator', 'tkksd', 'auditor', 'admin'];

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of [...users, 'sekda']) tokens[user] = await t.login(user);
});
afterAll(async () => t?.close());

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
const week = { from: inDays(0), until: inDays(7) };
const delegate = (body: object, user: string) => t.http.post('/api/delegations', body, tokens[user]);

describe('a verifier hands the role to an acting official (Plh.)', () => {
  let delegationId: string;
  let agreementId: string;

  it('records the delegation with the warrant, visible to holder and delegate only', async () => {
    const created = await delegate(
      { toUsername: 'kepala.pem', role: 'verifier', ...week, warrantNumber: '800/117/PEM/2026', title: 'plh' },
      'verifikator',
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      holderUsername: 'verifikator',
      toUsername: 'kepala.pem',
      role: 'verifier',
      inForce: true,
    });
    delegationId = created.body.id;

    for (const user of ['verifikator', 'kepala.pem', 'admin']) {
      const list = await t.http.get('/api/delegations?active=true', tokens[user]);
      expect(list.body.items.map((d: { id: string }) => d.id), user).toContain(delegationId);
    }
    expect((await t.http.get('/api/delegations', tokens['pemrakarsa.dlh'])).body.items).toEqual([]);
    const me = await t.http.get('/api/auth/me', tokens['kepala.pem']);
    expect(me.body.roles).toEqual(['unit_head', 'verifier']);
    expect(me.body.actingFor).toBe('verifikator');
  });

  it("puts the holder's tasks in the delegate's inbox, marked as delegated", async () => {
    agreementId = (await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh')).id;
    const inbox = await t.http.get('/api/tasks', tokens['kepala.pem']);
    const task = inbox.body.items.find((item: { agreementId: string }) => item.agreementId === agreementId);
    expect(task).toMatchObject({ stage: 'verification', role: 'verifier', reason: 'delegated' });
    expect(task.actingFor).toBe('verifikator');
  });

  it('sends the reminder to the delegate as well as to the holder', async () => {
    const dueAt = new Date(Date.now() + 1500).toISOString();
    const body = { dueAt, reason: 'uji Plh.' };
    const moved = await t.http.post(`/api/agreements/${agreementId}/deadline`, body, tokens['kepala.pem']);
    expect(moved.status).toBe(200);

    const isReminder = (to: string) => (mail: { subject?: string; to?: unknown }) =>
      mail.subject?.includes('Pengingat') === true && JSON.stringify(mail.to).includes(to);
    const [toDelegate] = await t.smtp.waitFor(isReminder('kepala.pem@'));
    const [toHolder] = await t.smtp.waitFor(isReminder('verifikator@'));
    expect(toDelegate!.subject).toBe(toHolder!.subject);
    const deadline = (await t.http.get(`/api/agreements/${agreementId}`, tokens.verifikator)).body.timeline.find(
      (event: { type: string }) => event.type === 'deadline',
    );
    expect(deadline.actor).toMatchObject({ username: 'kepala.pem', actingFor: 'verifikator' });
  });

  it('lets the delegate decide, and the timeline and the audit log name both holder and actor', async () => {
    const approved = await t.http.post(
      `/api/agreements/${agreementId}/decisions`,
      { stage: 'verification', decision: 'approve', note: 'Berkas lengkap (Plh.)' },
      tokens['kepala.pem'],
    );
    expect(approved.status).toBe(200);
    expect(approved.body.stage).toBe('tkksd_review');
    const decision = approved.body.timeline.filter((event: { type: string }) => event.type === 'decision').at(-1);
    expect(decision.actor).toMatchObject({ username: 'kepala.pem', role: 'verifier', actingFor: 'verifikator' });

    const audit = await t.http.get(`/api/audit?action=agreement.decide&targetId=${agreementId}`, tokens.auditor);
    expect(audit.body.items.at(-1)).toMatchObject({
      actorUsername: 'kepala.pem',
      actorRole: 'verifier',
      actingFor: 'verifikator',
    });
    const created = await t.http.get('/api/audit?action=delegation.create', tokens.auditor);
    const warrant = { warrantNumber: '800/117/PEM/2026', holderUsername: 'verifikator' };
    expect(created.body.items[0].data).toMatchObject(warrant);
  });

  it('ends when the holder revokes it: no more tasks, and decisions are refused', async () => {
    const revoke = (user: string) =>
      t.http.request('DELETE', `/api/delegations/${delegationId}`, { token: tokens[user] });
    expect((await revoke('kepala.pem')).status).toBe(403);
    expect((await revoke('sekda')).status).toBe(404);
    const revoked = await revoke('verifikator');
    expect(revoked.status).toBe(200);
    expect(revoked.body.inForce).toBe(false);

    const { id } = await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh');
    const inbox = await t.http.get('/api/tasks', tokens['kepala.pem']);
    expect(inbox.body.items.map((item: { agreementId: string }) => item.agreementId)).not.toContain(id);
    const refused = await t.http.post(
      `/api/agreements/${id}/decisions`,
      { stage: 'verification', decision: 'approve', note: 'tidak lagi Plh.' },
      tokens['kepala.pem'],
    );
    // Without the verifier role the head of PEM may not even see another office's agreement.
    expect(refused.status).toBe(404);
    expect((await t.http.get(`/api/agreements/${id}`, tokens['kepala.pem'])).status).toBe(404);
  });
});

describe('who may delegate what', () => {
  const base = { ...week, warrantNumber: '800/1/2026' };

  it('refuses roles that cannot be handed on, roles not held and strangers naming a holder', async () => {
    const oversight = await delegate({ ...base, toUsername: 'sekda', role: 'auditor' }, 'auditor');
    expect(oversight.status).toBe(403);
    expect(oversight.body.error.message).toBe('Peran Auditor (Inspektorat) tidak dapat dilimpahkan.');
    expect((await delegate({ ...base, toUsername: 'sekda', role: 'admin' }, 'admin')).status).toBe(403);
    const notHeld = await delegate({ ...base, toUsername: 'kepala.pem', role: 'verifier' }, 'pemrakarsa.dlh');
    expect(notHeld.status).toBe(422);
    expect(notHeld.body.error.message).toBe('pemrakarsa.dlh tidak memegang peran Verifikator (Bagian Pemerintahan).');
    const someoneElses = { ...base, toUsername: 'kepala.pem', role: 'verifier', holderUsername: 'verifikator' };
    const forOther = await delegate(someoneElses, 'tkksd');
    expect(forOther.status).toBe(403);
    expect((await t.http.post('/api/delegations', { ...base, toUsername: 'sekda', role: 'tkksd' })).status).toBe(401);
  });

  it('keeps office roles inside the office and refuses bad periods, unknown users and overlaps', async () => {
    const otherUnit = await delegate({ ...base, toUsername: 'pemrakarsa.dinkes', role: 'initiator' }, 'pemrakarsa.dlh');
    expect(otherUnit.status).toBe(422);
    expect(otherUnit.body.error.message).toBe('Pelaksana peran Pemrakarsa harus dari unit DLH.');
    const tkksdTo = (to: string, from: string, until: string) =>
      delegate({ toUsername: to, role: 'tkksd', from, until, warrantNumber: 'x' }, 'tkksd');
    expect((await tkksdTo('sekda', inDays(5), inDays(1))).status).toBe(400);
    expect((await tkksdTo('sekda', inDays(-9), inDays(-2))).status).toBe(400);
    expect((await tkksdTo('sekda', inDays(0), inDays(400))).status).toBe(400);
    const badDate = await delegate({ ...base, from: '2026-02-30', toUsername: 'sekda', role: 'tkksd' }, 'tkksd');
    expect(badDate.status).toBe(400);
    expect((await delegate({ ...base, toUsername: 'tidak.ada', role: 'tkksd' }, 'tkksd')).status).toBe(400);
    expect((await delegate({ ...base, toUsername: 'tkksd', role: 'tkksd' }, 'tkksd')).status).toBe(400);

    expect((await delegate({ ...base, toUsername: 'sekda', role: 'tkksd' }, 'tkksd')).status).toBe(201);
    const overlap = await delegate({ ...base, toUsername: 'kepala.pem', role: 'tkksd' }, 'tkksd');
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.message).toBe('Peran Sekretariat TKKSD milik tkksd sudah dilimpahkan pada periode itu.');
  });

  it('lets the admin delegate for any holder', async () => {
    const created = await delegate(
      { ...base, toUsername: 'walikota', role: 'approver', holderUsername: 'sekda', title: 'plt' },
      'admin',
    );
    expect(created.status).toBe(201);
    const expected = { holderUsername: 'sekda', toUsername: 'walikota', title: 'plt', createdBy: 'admin' };
    expect(created.body).toMatchObject(expected);
  });
});
