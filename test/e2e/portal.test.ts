/**
 * The portal in a real browser (Debian's Chromium through playwright-core) against the whole
 * running product: its own database, Temporal worker and SMTP server. One proposal goes from
 * the form to implementation with every role deciding in the portal, then shows on the public
 * tracking page. Screenshots of the main pages go to test-artifacts/screenshots/.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import type { TestSystem } from '../support/system.js';
import { chromiumAvailable, screenshot, type Browser } from './browser.js';
import { closePortal, openPortal, screenshotIfFailed } from './portal-suite.js';
import { decide, expectStep, logIn, logOut, openAs, pdfFile, switchUser, upload } from './portal-actions.js';

const available = chromiumAvailable();

describe.skipIf(!available)('the portal in a real browser', () => {
  let t: TestSystem;
  let browser: Browser;
  const problems: string[] = [];
  const title = `Penyediaan air baku lintas wilayah ${Date.now().toString(36)}`;
  let agreementId = '';
  let trackingCode = '';

  beforeAll(async () => {
    ({ t, browser } = await openPortal(problems));
  });
  afterEach(async (context) => screenshotIfFailed(context, browser));
  afterAll(async () => closePortal(t, browser));

  it('serves the app at / and on reload of client routes, under a strict CSP', async () => {
    const html = { accept: 'text/html' };
    for (const path of ['/', '/agreements/3f1c', '/lacak/KS-2026-ABCDEF', '/login']) {
      const response = await fetch(`${t.baseUrl}${path}`, { headers: html });
      expect(response.status, path).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
    }

    const api = await fetch(`${t.baseUrl}/api/nothing-here`, { headers: html });
    expect(api.status).toBe(404);
    expect((await api.json()).error.code).toBe('not_found');
    expect((await fetch(`${t.baseUrl}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${t.baseUrl}/docs/json`)).status).toBe(200);
  });

  it('can be used with the keyboard alone and says so when the password is wrong', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/login`);
    // The app renders after the load event: press Tab only once the login form is on screen.
    await page.getByLabel('Nama pengguna').waitFor();
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Lewati ke konten utama');

    await page.getByLabel('Nama pengguna').focus();
    await page.keyboard.type('pemrakarsa.dlh');
    await page.keyboard.press('Tab');
    await page.keyboard.type('bukan-sandinya');
    await page.keyboard.press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Nama pengguna atau kata sandi salah' }).waitFor();
  });

  it('shows the server validation errors next to the fields of a new proposal', async () => {
    const { page } = browser;
    await page.goto(`${t.baseUrl}/login`);
    await screenshot(page, 'login');
    await logIn(page, t.baseUrl, 'pemrakarsa.dlh');
    await screenshot(page, 'dashboard-pemrakarsa');

    await page.getByRole('link', { name: 'Usulan baru' }).click();
    await page.getByLabel('Nama mitra 1').fill('Pemerintah Kabupaten Malang');
    await page.getByLabel('Jangka waktu (bulan)').fill('0');
    await page.getByRole('button', { name: 'Simpan sebagai draf' }).click();

    await page.locator('#title-error').waitFor();
    expect(await page.locator('#title-error').textContent()).toBe('Wajib diisi.');
    expect(await page.locator('#durationMonths-error').textContent()).toContain('paling kecil 1');
    expect(await page.getByLabel('Judul kerja sama').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('alert').filter({ hasText: 'tidak valid' }).count()).toBe(1);
    await screenshot(page, 'new-agreement-errors');
  });

  it('takes a partner-initiated PKS from the form to implementation, each role deciding in the portal', async () => {
    const { page } = browser;
    await switchUser(page, t.baseUrl, 'pemrakarsa.dlh');
    await page.goto(`${t.baseUrl}/agreements/new`);
    await page.getByLabel('Bentuk dokumen').selectOption('pks');
    await page.getByLabel('Mitra (tahap penawaran dilewati)').check();
    await page.getByLabel('Nama mitra 1').fill('Pemerintah Kabupaten Malang');
    await page.getByLabel('Judul kerja sama').fill(title);
    await page.getByLabel('Maksud dan tujuan').fill('Menjamin pasokan air baku bagi warga di perbatasan kedua daerah.');
    await page
      .getByLabel('Ruang lingkup')
      .fill('Pemanfaatan mata air, pembangunan jaringan pipa, pembagian biaya operasional.');
    await page.getByLabel('Rencana mulai').fill('2027-01-01');
    await page.getByLabel('Jangka waktu (bulan)').fill('24');
    await page.getByLabel('Nilai kerja sama (rupiah)').fill('250000000');
    await page.getByLabel('Sumber dana').fill('APBD 2027');
    await page.getByLabel('Kerangka Acuan Kerja (KAK)').setInputFiles(pdfFile('kak-air-baku.pdf'));
    await screenshot(page, 'new-agreement-form');
    await page.getByRole('button', { name: 'Simpan dan ajukan' }).click();

    await page.getByText('Usulan telah diajukan untuk verifikasi.').waitFor();
    agreementId = new URL(page.url()).pathname.split('/').pop()!;
    trackingCode = /Kode lacak (KS-\d{4}-\w{6})/.exec((await page.locator('.subtitle').textContent()) ?? '')![1]!;
    await expectStep(page, 'Verifikasi berkas');
    expect(await page.getByRole('region', { name: 'Dokumen' }).textContent()).toContain('kak-air-baku.pdf');
    expect(await page.getByRole('region', { name: 'Menunggu tindakan' }).textContent()).toMatch(/Verifikator.*WIB/);
    await screenshot(page, 'detail-submitted');

    // The verifier finds it in the task list of the dashboard.
    await switchUser(page, t.baseUrl, 'verifikator');
    await page.getByRole('region', { name: 'Tugas saya' }).getByRole('link', { name: title }).waitFor();
    await screenshot(page, 'dashboard-verifikator');
    await page.getByRole('region', { name: 'Tugas saya' }).getByRole('link', { name: title }).click();
    await page.getByRole('region', { name: 'Keputusan Anda' }).waitFor();
    await screenshot(page, 'detail-decision-verifier');
    await decide(page, 'Setujui', 'Berkas lengkap.');
    await expectStep(page, 'Telaah TKKSD');

    await openAs(page, t.baseUrl, 'tkksd', agreementId);
    await decide(page, 'Setujui');
    await expectStep(page, 'Penyusunan naskah');

    await openAs(page, t.baseUrl, 'pemrakarsa.dlh', agreementId);
    await upload(page, 'rancangan-pks.pdf');
    await decide(page, 'Ajukan');

    // Legal review returns it once: a note of substance is required, then the office resubmits.
    await openAs(page, t.baseUrl, 'hukum', agreementId);
    await page.getByRole('button', { name: 'Kembalikan untuk perbaikan' }).click();
    await page.locator('#decision-note-error').waitFor();
    await page.getByRole('region', { name: 'Keputusan Anda' }).getByLabel('Catatan').fill('Kurang');
    await page.getByRole('button', { name: 'Kembalikan untuk perbaikan' }).click();
    const tooShort = 'paling sedikit 10 karakter selain spasi (terisi 6)';
    await page.locator('#decision-note-error').getByText(tooShort).waitFor();
    await decide(page, 'Kembalikan untuk perbaikan', 'Pasal 5 tentang pembiayaan perlu dirinci.');
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('Dikembalikan untuk perbaikan');

    await openAs(page, t.baseUrl, 'pemrakarsa.dlh', agreementId);
    await decide(page, 'Ajukan kembali');
    await expectStep(page, 'Telaah hukum');

    await openAs(page, t.baseUrl, 'hukum', agreementId);
    await decide(page, 'Setujui');
    await openAs(page, t.baseUrl, 'sekda', agreementId);
    await decide(page, 'Setujui');
    await expectStep(page, 'Penandatanganan');

    await openAs(page, t.baseUrl, 'verifikator', agreementId);
    await page.getByLabel('Tanggal penandatanganan').fill(localDateOf(new Date(), 'Asia/Jakarta'));
    await page.getByLabel('Nomor naskah pihak daerah').fill('180/12/PKS/2026');
    await page.getByLabel('Nomor naskah Pemerintah Kabupaten Malang').fill('415.4/88/2026');
    await upload(page, 'pks-ditandatangani.pdf');
    await screenshot(page, 'detail-signing');
    await decide(page, 'Catat penandatanganan');
    await expectStep(page, 'Pelaksanaan');

    await openAs(page, t.baseUrl, 'pemrakarsa.dlh', agreementId);
    const monitoring = page.getByRole('region', { name: 'Monitoring pelaksanaan' });
    await monitoring.getByLabel('Periode').fill('Semester I 2027');
    await monitoring.getByLabel('Kemajuan (%)').fill('40');
    await monitoring.getByLabel('Kegiatan yang dilaksanakan').fill('Survei mata air dan desain jaringan pipa selesai.');
    await monitoring.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.getByText('Laporan monitoring Semester I 2027 terkirim').waitFor();

    await openAs(page, t.baseUrl, 'verifikator', agreementId);
    // Returning a report needs a note saying what to complete; accepting it does not.
    await page.getByRole('button', { name: 'Kembalikan laporan' }).click();
    await page.getByText(/paling sedikit 10 karakter selain spasi \(terisi 0\)/).waitFor();
    await page.getByRole('button', { name: 'Terima laporan' }).click();
    await page.getByText('Laporan Semester I 2027 diterima.').waitFor();
    await screenshot(page, 'detail-implementation');

    await page.getByRole('link', { name: 'Daftar kerja sama' }).click();
    await page.getByLabel('Cari', { exact: true }).fill('air baku');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.getByRole('link', { name: title }).waitFor();
    await screenshot(page, 'agreement-list');
    const [csv] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Unduh CSV' }).click(),
    ]);
    expect(csv.suggestedFilename()).toMatch(/\.csv$/);
    await page.getByRole('link', { name: 'Laporan' }).click();
    await page.getByText('Rata-rata hari kerja per tahap').waitFor();
    await page.locator('.bar-row').first().waitFor();
    await screenshot(page, 'reports');
  }, 300_000);

  it('shows the agreement on the public tracking page without login, without names or notes', async () => {
    const { page } = browser;
    if (await page.getByRole('button', { name: 'Keluar' }).isVisible()) await logOut(page);
    await page.goto(`${t.baseUrl}/lacak`);
    await page.getByLabel('Kode lacak').fill(trackingCode.toLowerCase());
    await page.getByRole('button', { name: 'Lacak', exact: true }).click();
    await page.getByRole('heading', { level: 2, name: title }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 2, name: title }).waitFor();

    await expectStep(page, 'Pelaksanaan');
    const text = (await page.locator('main').textContent()) ?? '';
    expect(text).toContain('Pemerintah Kabupaten Malang');
    expect(text).toContain('WIB');
    for (const secret of ['Verifikator Bagian Pemerintahan', 'Pemrakarsa DLH', 'Pasal 5', 'kak-air-baku.pdf']) {
      expect(text).not.toContain(secret);
    }
    await screenshot(page, 'public-tracking');
  });

  it('says so and reloads when the stage moved while the decision page was open', async () => {
    const { page } = browser;
    const office = await t.login('pemrakarsa.dlh');
    const verifier = await t.login('verifikator');
    const id = await submittedAgreement(t, office);

    await switchUser(page, t.baseUrl, 'verifikator');
    await page.goto(`${t.baseUrl}/agreements/${id}`);
    await page.getByRole('region', { name: 'Keputusan Anda' }).waitFor();
    const meanwhile = await t.http.post(
      `/api/agreements/${id}/decisions`,
      { stage: 'verification', decision: 'approve', note: '' },
      verifier,
    );
    expect(meanwhile.status).toBe(200);

    await page.getByRole('button', { name: 'Setujui', exact: true }).click();
    await page.getByText('sudah berubah sejak halaman dibuka').waitFor();
    await page.getByRole('region', { name: 'Keputusan Anda' }).waitFor({ state: 'detached' });
    await expectStep(page, 'Telaah TKKSD');
    await screenshot(page, 'stage-moved');
  });

  it('fits a phone screen without sideways scrolling', async () => {
    const { page } = browser;
    await page.setViewportSize({ width: 390, height: 844 });
    await switchUser(page, t.baseUrl, 'verifikator');
    await screenshot(page, 'mobile-dashboard');
    await page.goto(`${t.baseUrl}/agreements/${agreementId}`);
    await page.getByRole('region', { name: 'Ringkasan usulan' }).waitFor();
    await screenshot(page, 'mobile-detail', { fullPage: false });

    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  it('ran without a script error or a Content Security Policy violation', () => {
    expect(problems).toEqual([]);
  });
});

/** A proposal created, given its KAK and submitted over the API, waiting for verification. */
async function submittedAgreement(t: TestSystem, token: string): Promise<string> {
  const created = await t.http.post(
    '/api/agreements',
    {
      kind: 'ksdpk',
      instrument: 'ksb',
      title: 'Pengelolaan sampah terpadu bersama mitra swasta',
      partners: [{ name: 'PT Daur Ulang Nusantara', type: 'swasta' }],
      unitCode: 'DLH',
      purpose: 'Mengurangi sampah yang masuk ke TPA.',
      scope: 'Pemilahan dan pengolahan sampah plastik.',
      durationMonths: 36,
    },
    token,
  );
  expect(created.status).toBe(201);
  const form = new FormData();
  form.append('type', 'kak');
  form.append('file', new Blob([pdfFile('kak.pdf').buffer]), 'kak.pdf');
  const uploaded = await fetch(`${t.baseUrl}/api/agreements/${created.body.id}/documents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(uploaded.status).toBe(201);
  const submitted = await t.http.post(
    `/api/agreements/${created.body.id}/decisions`,
    { stage: 'draft', decision: 'submit', note: '' },
    token,
  );
  expect(submitted.status).toBe(200);

  return created.body.id;
}
