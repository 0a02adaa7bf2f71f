/**
 * The two pages the API renders for people, in a real browser under their Content-Security-
 * Policy: the API documentation (swagger-ui at /docs) and the printable semester recap. Both
 * must show without a single policy violation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDateOf } from '../../src/domain/calendar.js';
import { agreementAt, type Tokens } from '../support/drive.js';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { chromiumAvailable, launchBrowser, screenshot, type Browser } from './browser.js';

const run = chromiumAvailable();
let t: TestSystem;
let browser: Browser;
const tokens: Tokens = {};
const violations: string[] = [];

beforeAll(async () => {
  if (!run) return;
  t = await startTestSystem();
  for (const user of ['pemrakarsa.dinkes', 'verifikator', 'tkksd', 'hukum', 'sekda', 'auditor']) {
    tokens[user] = await t.login(user);
  }
  const proposal = {
    kind: 'ksdpk',
    instrument: 'pks',
    title: 'Posyandu keliling <b>bersama</b> Universitas',
    unitCode: 'DINKES',
    partners: [{ name: 'Universitas Airlangga', type: 'perguruan_tinggi' }],
    purpose: 'Kesehatan ibu dan anak.',
    scope: 'Layanan keliling.',
    durationMonths: 24,
    initiatedBy: 'partner',
  };
  await agreementAt(t, tokens, proposal, 'implementation', 'pemrakarsa.dinkes');
  browser = await launchBrowser();
  browser.page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
});
afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe.skipIf(!run)('pages the API renders', () => {
  it('shows the API documentation with every operation and no policy violation', async () => {
    violations.length = 0;
    await browser.page.goto(`${t.baseUrl}/docs`);
    await browser.page.getByText('Si Mbois Ker API').first().waitFor();
    await browser.page.locator('.opblock-summary-path', { hasText: '/api/reports/semester.html' }).waitFor();
    await screenshot(browser.page, 'api-docs', { fullPage: false });

    expect(violations).toEqual([]);
  });

  it('prints the semester recap as one styled page with the title escaped', async () => {
    violations.length = 0;
    const today = localDateOf(new Date(), 'Asia/Jakarta');
    const half = Number(today.slice(5, 7)) <= 6 ? 1 : 2;
    await browser.context.setExtraHTTPHeaders({ authorization: `Bearer ${tokens.auditor}` });
    await browser.page.goto(`${t.baseUrl}/api/reports/semester.html?year=${today.slice(0, 4)}&half=${half}`);
    await screenshot(browser.page, 'semester-recap');

    await expect(
      browser.page.locator('td', { hasText: 'Posyandu keliling <b>bersama</b>' }).count(),
    ).resolves.toBe(1);
    const headerBackground = await browser.page
      .locator('th')
      .first()
      .evaluate((cell) => getComputedStyle(cell).backgroundColor);
    expect(headerBackground).toBe('rgb(238, 238, 238)');
    const pdf = await browser.page.pdf({ format: 'A4', landscape: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(violations).toEqual([]);
  });
});
