/**
 * The portal's administration and acting-official pages in a real browser against the whole
 * running product: the admin creates a user who then logs in, sets a stage's time limit and
 * adds a holiday, and a new task's due date follows both; an office holder hands their role to
 * that user (Plh.), who decides in the holder's name; the admin revokes it. Units are added and
 * renamed, a user edited and deactivated. Refusals show the API's Indonesian message at the field.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, isWorkingDay, localDateOf, makeCalendar } from '../../src/domain/calendar.js';
import { formatDateId } from '../../src/domain/format.js';
import { agreementAt, type Tokens } from '../support/drive.js';
import { DEMO_PASSWORD, type TestSystem } from '../support/system.js';
import { chromiumAvailable, screenshot, type Browser } from './browser.js';
import { closePortal, openPortal, screenshotIfFailed } from './portal-suite.js';
import { decide, logIn, switchUser } from './portal-actions.js';

const available = chromiumAvailable();
const TIME_ZONE = 'Asia/Jakarta';

describe.skipIf(!available)('the portal for the admin and for acting officials', () => {
  let t: TestSystem;
  let browser: Browser;
  const tokens: Tokens = {};
  const problems: string[] = [];
  const suffix = Date.now().toString(36);
  const newUser = `staf.pem.${suffix}`;
  const warrant = `800/${suffix}/PEM/2026`;
  const title = `Pengelolaan sampah plastik bersama mitra ${suffix}`;
  let agreementId = '';
  /** The due date the calendar page computed for a task of four working days starting today. */
  let expectedDue = '';

  beforeAll(async () => {
    ({ t, browser } = await openPortal(problems));
    for (const user of ['admin', 'pemrakarsa.dlh', 'verifikator']) tokens[user] = await t.login(user);
  });
  afterEach(async (context) => screenshotIfFailed(context, browser));
  afterAll(async () => closePortal(t, browser));

  it('lets the admin create a user who can then log in, and refuses a taken username in Indonesian', async () => {
    const { page } = browser;
    await logIn(page, t.baseUrl, 'admin');
    await page.getByRole('navigation', { name: 'Menu utama' }).getByRole('link', { name: 'Administrasi' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pengguna' }).waitFor();
    await page.getByRole('link', { name: 'verifikator', exact: true }).waitFor();

    const addUser = async () => {
      await page.getByRole('link', { name: 'Tambah pengguna' }).click();
      await page.getByLabel('Nama pengguna').fill(newUser);
      await page.getByLabel('Nama lengkap').fill('Staf Bagian Pemerintahan');
      await page.getByLabel('Surel').fill(`${newUser}@kota.test`);
      await page.getByLabel('Kata sandi awal').fill(DEMO_PASSWORD);
      await page.getByRole('checkbox', { name: 'Pemrakarsa', exact: true }).check();
      await page.getByLabel('Unit kerja').selectOption('PEM');
      await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    };
    await addUser();
    await page.getByText(`Pengguna ${newUser} ditambahkan.`).waitFor();
    await page.getByRole('link', { name: newUser, exact: true }).waitFor();
    await screenshot(page, 'admin-users');

    // The same username again: the API's conflict, in Indonesian, next to the field.
    await addUser();
    const taken = `Nama pengguna '${newUser}' sudah dipakai.`;
    await page.locator('#user-username-error').getByText(taken).waitFor();
    expect(await page.getByLabel('Nama pengguna').getAttribute('aria-invalid')).toBe('true');
    await page.getByRole('alert').filter({ hasText: taken }).waitFor();
    // A password too short is named at its field in Indonesian too.
    await page.getByLabel('Nama pengguna').fill(`${newUser}.dua`);
    await page.getByLabel('Kata sandi awal').fill('pendek');
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await page.locator('#user-password-error').getByText('Minimal 10 karakter.').waitFor();
    await screenshot(page, 'admin-user-errors');

    const listed = await t.http.get(`/api/admin/users?q=${newUser}`, tokens.admin);
    expect(listed.body.items.map((u: { username: string }) => u.username)).toEqual([newUser]);
    expect(listed.body.items[0]).toMatchObject({ roles: ['initiator'], unitCode: 'PEM', active: true });

    await switchUser(page, t.baseUrl, newUser);
    await page.getByText('Staf Bagian Pemerintahan').first().waitFor();
    // No admin menu for anyone but the admin, and the admin pages say so when opened directly.
    expect(await page.getByRole('link', { name: 'Administrasi' }).count()).toBe(0);
    await page.goto(`${t.baseUrl}/admin/users`);
    await page.getByText('Halaman ini hanya untuk administrator sistem.').waitFor();
  });

  it('lets the admin set a time limit and add a holiday, and a new task is due accordingly', async () => {
    const { page } = browser;
    await switchUser(page, t.baseUrl, 'admin');
    await page.goto(`${t.baseUrl}/admin/users`);
    const adminMenu = page.getByRole('navigation', { name: 'Menu administrasi' });
    await adminMenu.getByRole('link', { name: 'Batas waktu tahap' }).click();
    await page.getByLabel('Berlaku untuk').selectOption('ksdpk');
    await page.getByLabel('Verifikasi berkas (hari kerja)').fill('0');
    await page.getByRole('button', { name: 'Simpan batas waktu' }).click();
    await page.locator('#sla-verification-error').getByText('Nilai paling kecil 1.').waitFor();
    await page.getByLabel('Verifikasi berkas (hari kerja)').fill('4');
    await page.getByRole('button', { name: 'Simpan batas waktu' }).click();
    await page.getByText('Batas waktu untuk kerja sama daerah dengan pihak ketiga tersimpan.').waitFor();
    const saved = page.getByRole('region', { name: 'Pengaturan tersimpan' });
    await saved.getByRole('row').filter({ hasText: 'Verifikasi berkas' }).filter({ hasText: '4' }).waitFor();
    const settings = await t.http.get('/api/admin/settings', tokens.admin);
    expect(settings.body.slaOverrides).toEqual({ ksdpk: { verification: 4 } });

    // The next working day after today (city time) becomes a holiday: four working days from
    // today then end one working day later.
    await page.getByRole('link', { name: 'Kalender hari kerja' }).click();
    const calendar = await t.http.get('/api/admin/calendar', tokens.admin);
    const known = makeCalendar({ holidays: calendar.body.holidays, timeZone: TIME_ZONE });
    let holiday = addCalendarDays(localDateOf(new Date(), TIME_ZONE), 1);
    while (!isWorkingDay(known, holiday)) holiday = addCalendarDays(holiday, 1);

    const due = page.locator('#due-result');
    await page.getByLabel('Jumlah hari kerja').fill('4');
    await due.filter({ hasText: 'WIB' }).waitFor();
    const before = (await due.textContent())!;

    await page.getByLabel('Tanggal', { exact: true }).fill(holiday);
    await page.getByLabel('Jenis hari libur').selectOption('cuti_bersama');
    await page.getByLabel('Nama hari libur').fill('Cuti bersama uji portal');
    await page.getByLabel('Dasar penetapan', { exact: true }).fill('Keputusan Wali Kota (uji)');
    await page.getByRole('button', { name: 'Tambah hari libur' }).click();
    await page.getByText('Cuti bersama uji portal', { exact: false }).first().waitFor();
    const row = page
      .getByRole('region', { name: /Hari libur tahun/ })
      .getByRole('row')
      .filter({ hasText: 'Cuti bersama uji portal' });
    expect(await row.textContent()).toContain(formatDateId(holiday));
    await due.filter({ hasNotText: before }).waitFor();
    expectedDue = (await due.textContent())!;
    await screenshot(page, 'admin-calendar');

    // The same date again: the API's conflict at the date field.
    await page.getByLabel('Tanggal', { exact: true }).fill(holiday);
    await page.getByLabel('Nama hari libur').fill('Lagi');
    await page.getByRole('button', { name: 'Tambah hari libur' }).click();
    await page.locator('#holiday-date-error').getByText(`Tanggal ${holiday} sudah ada di kalender.`).waitFor();

    // A proposal submitted now waits for verification under both settings.
    const proposal = {
      kind: 'ksdpk',
      instrument: 'ksb',
      title,
      partners: [{ name: 'PT Daur Ulang Nusantara', type: 'swasta' }],
      unitCode: 'DLH',
      purpose: 'Mengurangi sampah plastik yang masuk ke TPA.',
      scope: 'Pemilahan dan pengolahan sampah plastik.',
      durationMonths: 36,
    };
    agreementId = (await agreementAt(t, tokens, proposal, 'verification', 'pemrakarsa.dlh')).id;
    const detail = await t.http.get(`/api/agreements/${agreementId}`, tokens.verifikator);
    expect(detail.body.pendingTask.sla).toEqual({ workingDays: 4, basis: 'Pengaturan admin' });
    // Counting four working days by hand, the new holiday skipped, gives the same day.
    let day = localDateOf(new Date(detail.body.pendingTask.startedAt), TIME_ZONE);
    for (let counted = 0; counted < 4; ) {
      day = addCalendarDays(day, 1);
      if (day !== holiday && isWorkingDay(known, day)) counted += 1;
    }
    expect(localDateOf(new Date(detail.body.pendingTask.dueAt), TIME_ZONE)).toBe(day);
    expect(expectedDue).toContain(formatDateId(day));
  });

  it('lets a holder hand their role to an acting official, who decides in their name until revoked', async () => {
    const { page } = browser;
    const other = await agreementAt(
      t,
      tokens,
      {
        kind: 'ksdpk',
        instrument: 'ksb',
        title: `Bank sampah kelurahan ${suffix}`,
        partners: [{ name: 'Yayasan Bumi Lestari', type: 'ormas' }],
        unitCode: 'DLH',
        purpose: 'Bank sampah di setiap kelurahan.',
        scope: 'Pendampingan dan pencatatan.',
        durationMonths: 12,
      },
      'verification',
      'pemrakarsa.dlh',
    );

    await switchUser(page, t.baseUrl, 'verifikator');
    await page.getByRole('link', { name: 'Pelimpahan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Pelimpahan wewenang' }).waitFor();
    const form = page.getByRole('form', { name: 'Buat pelimpahan' });
    await form.getByLabel('Pelaksana (nama pengguna)').fill('tidak.ada');
    await form.getByLabel('Nomor surat perintah').fill(warrant);
    await form.getByRole('button', { name: 'Simpan pelimpahan' }).click();
    const unknown = "Pengguna aktif 'tidak.ada' tidak ditemukan.";
    await page.locator('#delegation-toUsername-error').getByText(unknown).waitFor();

    await form.getByLabel('Pelaksana (nama pengguna)').fill(newUser);
    expect(await form.getByLabel('Peran yang dilimpahkan').inputValue()).toBe('verifier');
    await form.getByLabel('Sebutan').selectOption('plh');
    await form.getByRole('button', { name: 'Simpan pelimpahan' }).click();
    await page.getByText(`dilimpahkan kepada ${newUser}`).waitFor();
    const mine = page.getByRole('region', { name: 'Pelimpahan dari dan kepada Anda' });
    const listed = mine.getByRole('row').filter({ hasText: warrant });
    await listed.getByText('Berlaku', { exact: true }).waitFor();
    await screenshot(page, 'delegations');

    // The acting official finds the holder's tasks and decides one as Plh.
    await switchUser(page, t.baseUrl, newUser);
    const inbox = page.getByRole('region', { name: 'Tugas saya' });
    await inbox.getByRole('link', { name: title }).waitFor();
    await inbox.getByRole('link', { name: `Bank sampah kelurahan ${suffix}` }).waitFor();
    expect(await inbox.textContent()).toContain('(Plt./Plh. atas nama verifikator)');
    await inbox.getByRole('link', { name: title }).click();
    const panel = page.getByRole('region', { name: 'Keputusan Anda' });
    await panel.getByText('Plh.', { exact: true }).waitFor();
    const said = (await panel.textContent()) ?? '';
    expect(said).toContain('Plh. (Pelaksana Harian) atas nama verifikator');
    expect(said).toContain(warrant);
    expect(said).toContain('sebagai Plh. Verifikator');
    const pending = (await page.getByRole('region', { name: 'Menunggu tindakan' }).textContent()) ?? '';
    expect(pending).toContain('4 hari kerja (Pengaturan admin)');
    expect(pending).toContain(expectedDue);
    await screenshot(page, 'detail-decision-acting');
    await decide(page, 'Setujui', 'Diperiksa oleh Plh. verifikator.');
    const timeline = page.getByRole('region', { name: 'Riwayat' });
    const actor = 'Staf Bagian Pemerintahan, Verifikator (Bagian Pemerintahan) (atas nama verifikator)';
    await timeline.getByText(actor).waitFor();
    const after = await t.http.get(`/api/agreements/${agreementId}`, tokens.verifikator);
    const decided = after.body.timeline.find((event: { decision: string | null }) => event.decision === 'approve');
    expect(decided.actor).toMatchObject({ username: newUser, role: 'verifier', actingFor: 'verifikator' });

    // The acting official sees the delegation but cannot revoke it.
    await page.getByRole('link', { name: 'Pelimpahan' }).click();
    const own = mine.getByRole('row').filter({ hasText: warrant });
    await own.getByText('Berlaku', { exact: true }).waitFor();
    expect(await own.getByRole('button', { name: /Cabut/ }).count()).toBe(0);

    // The admin revokes it; the other agreement leaves the acting official's inbox.
    await switchUser(page, t.baseUrl, 'admin');
    await page.getByRole('link', { name: 'Pelimpahan' }).click();
    const row = page.getByRole('region', { name: 'Semua pelimpahan' }).getByRole('row').filter({ hasText: warrant });
    await row.getByRole('button', { name: `Cabut pelimpahan kepada ${newUser}` }).click();
    await row.getByRole('button', { name: 'Ya, cabut' }).click();
    await page.getByText(`Pelimpahan kepada ${newUser} dicabut.`).waitFor();
    await row.getByText('Dicabut', { exact: true }).waitFor();

    await switchUser(page, t.baseUrl, newUser);
    await page.getByText('Tidak ada tugas yang menunggu Anda.').waitFor();
    await page.goto(`${t.baseUrl}/agreements/${other.id}`);
    await page.getByText('Kerja sama tidak ditemukan atau tidak dapat Anda lihat.').waitFor();
    expect(await page.getByRole('region', { name: 'Keputusan Anda' }).count()).toBe(0);
  });

  it('lets the admin add and rename a unit, and edit and deactivate a user, who then cannot log in', async () => {
    const { page } = browser;
    const code = `UJI_${suffix.toUpperCase()}`;
    await switchUser(page, t.baseUrl, 'admin');
    await page.goto(`${t.baseUrl}/admin/units`);
    const add = page.getByRole('form', { name: 'Tambah unit' });
    await add.getByLabel('Kode unit').fill(code);
    await add.getByLabel('Nama unit').fill('Dinas Uji');
    await add.getByRole('button', { name: 'Tambah unit' }).click();
    await page.getByText(`Unit ${code} ditambahkan.`).waitFor();
    await add.getByLabel('Kode unit').fill(code);
    await add.getByLabel('Nama unit').fill('Lagi');
    await add.getByRole('button', { name: 'Tambah unit' }).click();
    await page.locator('#unit-code-error').getByText(`Kode unit '${code}' sudah dipakai.`).waitFor();

    const unitRow = page.getByRole('row').filter({ hasText: code });
    await unitRow.getByRole('button', { name: `Ubah nama unit ${code}` }).click();
    await unitRow.getByLabel(`Nama baru unit ${code}`).fill('Dinas Uji Coba');
    await unitRow.getByRole('button', { name: 'Simpan nama' }).click();
    await page.getByText(`Unit ${code} sekarang bernama Dinas Uji Coba.`).waitFor();
    const units = await t.http.get('/api/admin/units', tokens.admin);
    expect(units.body.items).toContainEqual(expect.objectContaining({ code, name: 'Dinas Uji Coba' }));

    const leaving = `pindah.${suffix}`;
    const created = await t.http.post(
      '/api/admin/users',
      {
        username: leaving,
        name: 'Pegawai Pindah',
        email: `${leaving}@kota.test`,
        password: DEMO_PASSWORD,
        roles: ['initiator'],
        unitCode: 'DLH',
      },
      tokens.admin,
    );
    expect(created.status).toBe(201);
    await page.getByRole('link', { name: 'Pengguna', exact: true }).click();
    await page.getByLabel('Cari pengguna').fill(leaving);
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByRole('link', { name: leaving, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Ubah pengguna' }).waitFor();
    await page.getByLabel('Nama lengkap').fill('Pegawai Pindah Tugas');
    await page.getByRole('checkbox', { name: 'Kepala Perangkat Daerah' }).check();
    await page.getByLabel('Unit kerja').selectOption(code);
    await page.getByRole('button', { name: 'Simpan pengguna' }).click();
    await page.getByText(`Perubahan pada ${leaving} tersimpan.`).waitFor();
    await page.getByRole('button', { name: 'Nonaktifkan pengguna' }).click();
    await page.getByRole('button', { name: 'Ya, nonaktifkan' }).click();
    await page.getByText(`Akun ${leaving} dinonaktifkan; semua sesinya berakhir.`).waitFor();
    expect(await page.getByLabel('Akun aktif').isChecked()).toBe(false);
    const account = await t.http.get(`/api/admin/users/${created.body.id}`, tokens.admin);
    expect(account.body).toMatchObject({
      name: 'Pegawai Pindah Tugas',
      roles: ['initiator', 'unit_head'],
      unitCode: code,
      active: false,
    });

    await page.getByRole('button', { name: 'Keluar' }).click();
    await page.getByLabel('Nama pengguna').fill(leaving);
    await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah' }).waitFor();
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await logIn(page, t.baseUrl, 'admin');
    for (const [path, heading] of [
      ['/admin/users', 'Pengguna'],
      ['/admin/sla', 'Batas waktu tahap'],
      ['/admin/calendar', 'Kalender hari kerja'],
      ['/delegations', 'Pelimpahan wewenang'],
    ]) {
      await page.goto(`${t.baseUrl}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.locator('table, .card').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow, path).toBeLessThanOrEqual(0);
    }
    await screenshot(page, 'mobile-delegations', { fullPage: false });
  });

  it('ran without a script error or a Content Security Policy violation', () => {
    expect(problems).toEqual([]);
  });
});
