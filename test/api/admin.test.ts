/**
 * The admin API over HTTP: users (with deactivation that ends sessions at once), units, the
 * working-day calendar and the SLA settings that new tasks then follow. Admin only.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system.js';

const proposal = JSON.parse(
  fs.readFileSync(new URL('../../../shared/data/agreements/01-ksdd-air-baku-kabupaten.json', import.meta.url), 'utf8'),
);

let t: TestSystem;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  t = await startTestSystem();
  for (const user of ['admin', 'verifikator', 'auditor', 'pemrakarsa.dlh']) tokens[user] = await t.login(user);
});
afterAll(async () => t?.close());

const newUser = {
  username: 'plh.kabag',
  name: 'Budi Santoso',
  email: 'budi@simboisker.localhost',
  password: 'sandi-yang-panjang',
  roles: ['verifier'],
  unitCode: 'PEM',
};

async function auditActions(action: string) {
  const response = await t.http.get(`/api/audit?action=${action}&pageSize=100`, tokens.auditor);
  expect(response.status).toBe(200);

  return response.body.items as { actorUsername: string; targetId: string; data: any; actorRole: string }[];
}

describe('admin only', () => {
  const endpoints: [string, string, unknown?][] = [
    ['GET', '/api/admin/users'],
    ['POST', '/api/admin/users', newUser],
    ['GET', '/api/admin/units'],
    ['POST', '/api/admin/units', { code: 'DISPAR', name: 'Dinas Pariwisata' }],
    ['GET', '/api/admin/calendar'],
    ['PUT', '/api/admin/calendar/years/2027', { basis: 'SKB', holidays: [] }],
    ['GET', '/api/admin/settings'],
    ['PUT', '/api/admin/settings/sla-overrides', {}],
  ];

  it('answers 401 without a token and 403 to every other role', async () => {
    for (const [method, url, body] of endpoints) {
      expect((await t.http.request(method, url, { body })).status, `${method} ${url}`).toBe(401);
      for (const user of ['verifikator', 'auditor', 'pemrakarsa.dlh']) {
        const refused = await t.http.request(method, url, { body, token: tokens[user] });
        expect(refused.status, `${user} ${method} ${url}`).toBe(403);
        expect(refused.body.error.code).toBe('forbidden');
        expect(refused.body.error.message).toBe('Tindakan ini hanya untuk peran Administrator.');
      }
    }
  });
});

describe('users', () => {
  let userId: string;

  it('creates a user who can log in, and records it without the password', async () => {
    const created = await t.http.post('/api/admin/users', newUser, tokens.admin);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'plh.kabag', roles: ['verifier'], unitCode: 'PEM', active: true });
    expect(created.body.passwordHash).toBeUndefined();
    userId = created.body.id;

    const login = await t.http.post('/api/auth/login', { username: 'plh.kabag', password: newUser.password });
    expect(login.status).toBe(200);
    const [entry] = await auditActions('admin.user.create');
    expect(entry).toMatchObject({ actorUsername: 'admin', targetId: 'plh.kabag', actorRole: 'admin' });
    expect(JSON.stringify(entry)).not.toContain(newUser.password);
  });

  it('refuses a taken username with 409, an unknown role or unit and a short password with 400', async () => {
    expect((await t.http.post('/api/admin/users', newUser, tokens.admin)).status).toBe(409);
    const bad = [
      { ...newUser, username: 'baru.1', roles: ['raja'] },
      { ...newUser, username: 'baru.2', unitCode: 'TIDAKADA' },
      { ...newUser, username: 'baru.3', password: 'pendek' },
      { ...newUser, username: '../etc' },
      { ...newUser, username: 'baru.4', roles: [] },
    ];
    for (const body of bad) {
      const refused = await t.http.post('/api/admin/users', body, tokens.admin);
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(refused.body.error.code).toBe('invalid_input');
    }
    const list = await t.http.get('/api/admin/users?q=baru', tokens.admin);
    expect(list.body.total).toBe(0);
  });

  it('changes roles and unit, and lists users with pagination', async () => {
    const changed = await t.http.request('PATCH', `/api/admin/users/${userId}`, {
      token: tokens.admin,
      body: { roles: ['verifier', 'legal'], name: 'Budi Santoso, S.H.' },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.roles).toEqual(['verifier', 'legal']);

    const page = await t.http.get('/api/admin/users?page=2&pageSize=5', tokens.admin);
    expect(page.body).toMatchObject({ page: 2, pageSize: 5 });
    expect(page.body.items).toHaveLength(5);
    expect(page.body.total).toBeGreaterThan(15);
    expect((await t.http.get('/api/admin/users?pageSize=101', tokens.admin)).status).toBe(400);
  });

  it('deactivates a user: their open token stops working at once and they cannot log in', async () => {
    const login = await t.http.post('/api/auth/login', { username: 'plh.kabag', password: newUser.password });
    const token = login.body.token as string;
    expect((await t.http.get('/api/tasks', token)).status).toBe(200);

    const deactivated = await t.http.request('DELETE', `/api/admin/users/${userId}`, { token: tokens.admin });
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    expect((await t.http.get('/api/tasks', token)).status).toBe(401);
    const again = await t.http.post('/api/auth/login', { username: 'plh.kabag', password: newUser.password });
    expect(again.status).toBe(401);
    expect(await auditActions('admin.user.deactivate')).toHaveLength(1);
  });

  it('does not let the admin lock themselves out', async () => {
    const me = await t.http.get('/api/admin/users?q=admin', tokens.admin);
    const adminId = me.body.items.find((user: { username: string }) => user.username === 'admin').id;
    const body = { active: false };
    const refused = await t.http.request('PATCH', `/api/admin/users/${adminId}`, { token: tokens.admin, body });
    expect(refused.status).toBe(422);
    expect((await t.http.get('/api/admin/users', tokens.admin)).status).toBe(200);
  });
});

describe('units', () => {
  it('creates, renames and removes a unit that nothing uses', async () => {
    const created = await t.http.post('/api/admin/units', { code: 'dispar', name: 'Dinas Pariwisata' }, tokens.admin);
    expect(created.status).toBe(201);
    expect(created.body.code).toBe('DISPAR');
    const renamed = await t.http.request('PATCH', '/api/admin/units/DISPAR', {
      token: tokens.admin,
      body: { name: 'Dinas Kebudayaan dan Pariwisata' },
    });
    expect(renamed.body.name).toBe('Dinas Kebudayaan dan Pariwisata');
    expect((await t.http.post('/api/admin/units', { code: 'DISPAR', name: 'lagi' }, tokens.admin)).status).toBe(409);

    expect((await t.http.request('DELETE', '/api/admin/units/DISPAR', { token: tokens.admin })).status).toBe(200);
    expect((await t.http.request('DELETE', '/api/admin/units/DISPAR', { token: tokens.admin })).status).toBe(404);
  });

  it('refuses to remove a unit that users belong to with 409', async () => {
    const refused = await t.http.request('DELETE', '/api/admin/units/DLH', { token: tokens.admin });
    expect(refused.status).toBe(409);
    expect(refused.body.error.details.users).toBeGreaterThan(0);
    const units = await t.http.get('/api/admin/units', tokens.admin);
    expect(units.body.items.map((unit: { code: string }) => unit.code)).toContain('DLH');
  });
});

describe('calendar', () => {
  const year2027 = {
    basis: 'SKB 3 Menteri tentang Hari Libur Nasional dan Cuti Bersama Tahun 2027',
    holidays: [
      { date: '2027-01-01', kind: 'libur_nasional', name: 'Tahun Baru 2027 Masehi' },
      { date: '2027-08-17', kind: 'libur_nasional', name: 'Hari Proklamasi Kemerdekaan' },
      { date: '2027-12-24', kind: 'cuti_bersama', name: 'Cuti Bersama Hari Raya Natal' },
    ],
  };

  it('adds a year of holidays, which then counts as covered', async () => {
    const before = await t.http.get('/api/admin/calendar', tokens.admin);
    expect(before.body.coveredYears.map((row: { year: number }) => row.year)).not.toContain(2027);

    const put = await t.http.request('PUT', '/api/admin/calendar/years/2027', { token: tokens.admin, body: year2027 });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, holidays: 3 });
    const after = await t.http.get('/api/admin/calendar?year=2027', tokens.admin);
    expect(after.body.coveredYears.map((row: { year: number }) => row.year)).toContain(2027);
    const dates = after.body.holidays.map((day: { date: string }) => day.date);
    expect(dates).toEqual(['2027-01-01', '2027-08-17', '2027-12-24']);
  });

  it('replaces a year as a whole, and refuses dates outside it or repeated, changing nothing', async () => {
    const put = (body: object) =>
      t.http.request('PUT', '/api/admin/calendar/years/2027', { token: tokens.admin, body });
    const nextYear = { date: '2028-01-01', kind: 'libur_nasional', name: 'x' };
    const school = { date: '2027-03-03', kind: 'libur_sekolah', name: 'x' };
    expect((await put({ ...year2027, holidays: [...year2027.holidays, nextYear] })).status).toBe(400);
    expect((await put({ ...year2027, holidays: [year2027.holidays[0], year2027.holidays[0]] })).status).toBe(400);
    expect((await put({ ...year2027, holidays: [school] })).status).toBe(400);
    const unchanged = await t.http.get('/api/admin/calendar?year=2027', tokens.admin);
    expect(unchanged.body.holidays).toHaveLength(3);

    const smaller = { ...year2027, holidays: year2027.holidays.slice(0, 1) };
    await t.http.request('PUT', '/api/admin/calendar/years/2027', { token: tokens.admin, body: smaller });
    expect((await t.http.get('/api/admin/calendar?year=2027', tokens.admin)).body.holidays).toHaveLength(1);
  });

  it('adds and removes a single holiday', async () => {
    const day = { date: '2027-05-06', kind: 'libur_nasional', name: 'Kenaikan Isa Almasih', basis: 'SKB 2027' };
    expect((await t.http.post('/api/admin/calendar/holidays', day, tokens.admin)).status).toBe(201);
    expect((await t.http.post('/api/admin/calendar/holidays', day, tokens.admin)).status).toBe(409);
    const remove = (date: string) =>
      t.http.request('DELETE', `/api/admin/calendar/holidays/${date}`, { token: tokens.admin });
    expect((await remove('2027-05-06')).status).toBe(200);
    expect((await remove('2027-02-30')).status).toBe(400);
  });
});

describe('SLA settings', () => {
  const putOverrides = (body: object) =>
    t.http.request('PUT', '/api/admin/settings/sla-overrides', { token: tokens.admin, body });

  it('refuses an unknown kind or stage, a stage without a time limit and days out of range', async () => {
    const bad = [
      { ksdx: { verification: 3 } },
      { ksdd: { signingg: 3 } },
      { ksdd: { draft: 7 } },
      { ksdd: { verification: 0 } },
      { '*': { drafting: 1.5 } },
    ];
    for (const body of bad) expect((await putOverrides(body)).status, JSON.stringify(body)).toBe(400);
    expect((await t.http.get('/api/admin/settings', tokens.admin)).body.slaOverrides).toEqual({});
  });

  it('gives tasks that start afterwards the admin time limit; running tasks keep theirs', async () => {
    const { agreementAt } = await import('../support/drive.js');
    const earlier = await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh');

    const overrides = { ksdd: { verification: 7 }, '*': { verification: 9, tkksd_review: 12 } };
    expect((await putOverrides(overrides)).status).toBe(200);
    expect((await t.http.get('/api/admin/settings', tokens.admin)).body.slaOverrides).toEqual(overrides);

    const later = await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh');
    const slaOf = async (id: string) =>
      (await t.http.get(`/api/agreements/${id}`, tokens.verifikator)).body.pendingTask.sla;
    expect(await slaOf(later.id)).toEqual({ workingDays: 7, basis: 'Pengaturan admin' });
    expect((await slaOf(earlier.id)).workingDays).toBe(3);
    const [entry] = await auditActions('admin.settings.sla_overrides');
    expect(entry!.data).toEqual({ before: {}, after: overrides });
  });
});
