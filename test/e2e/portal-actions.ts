/** What a person does in the portal, as steps the browser tests compose. */
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/system.js';

/** A real (tiny) PDF: the server judges uploads by their bytes. */
export function pdfFile(name: string) {
  const body = '%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n';

  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'latin1') };
}

export async function logIn(page: Page, baseUrl: string, username: string) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Nama pengguna').fill(username);
  await page.getByLabel('Kata sandi').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await page.getByRole('heading', { level: 1, name: 'Beranda' }).waitFor();
}

export async function logOut(page: Page) {
  await page.getByRole('button', { name: 'Keluar' }).click();
  await page.getByRole('heading', { level: 1, name: 'Masuk' }).waitFor();
}

/** Logs out whoever is in, then logs in as `username`. */
export async function switchUser(page: Page, baseUrl: string, username: string) {
  if (await page.getByRole('button', { name: 'Keluar' }).isVisible()) await logOut(page);
  await logIn(page, baseUrl, username);
}

/** Logs in as `username` and opens the agreement's detail page. */
export async function openAs(page: Page, baseUrl: string, username: string, agreementId: string) {
  await switchUser(page, baseUrl, username);
  await page.goto(`${baseUrl}/agreements/${agreementId}`);
  await page.getByRole('region', { name: 'Ringkasan usulan' }).waitFor();
}

/** Waits until the stepper marks `label` as the current stage (the page may still be loading). */
export async function expectStep(page: Page, label: string) {
  await page.locator('[aria-current="step"] .step-label').getByText(label, { exact: true }).waitFor();
}

/** Clicks a decision in the decision panel and waits until the page confirms it. */
export async function decide(page: Page, button: string, note?: string) {
  const panel = page.getByRole('region', { name: 'Keputusan Anda' });
  if (note) await panel.getByLabel('Catatan').fill(note);
  await panel.getByRole('button', { name: button, exact: true }).click();
  await page.getByText(`Keputusan "${button}" tercatat`).waitFor();
}

/** Uploads through the documents section (its type preselected for the stage). */
export async function upload(page: Page, fileName: string) {
  const section = page.getByRole('region', { name: 'Dokumen' });
  await section.getByLabel('Berkas').setInputFiles(pdfFile(fileName));
  await section.getByRole('button', { name: 'Unggah' }).click();
  await page.getByText(/versi \d+ terunggah/).waitFor();
}
