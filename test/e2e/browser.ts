/**
 * Debian's Chromium driven by playwright-core for the portal's browser tests. Chromium is a
 * system package (`.ci/run` installs it): Playwright's own browser download cannot work here.
 * Outside CI a machine without it skips the browser tests loudly; in CI its absence fails.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { projectRoot } from '../../src/infra/project-root.js';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const SCREENSHOT_DIR = path.join(projectRoot(), 'test-artifacts', 'screenshots');

/** True when the browser tests can run; throws in CI when they cannot. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  const message = `${CHROMIUM_PATH} is missing: install Debian's chromium (apt-get install -y chromium) to run the portal browser tests`;
  if (process.env.CI) throw new Error(message);
  console.warn(`\n${'!'.repeat(100)}\n!! SKIPPING BROWSER TESTS: ${message}\n${'!'.repeat(100)}\n`);

  return false;
}

/** Builds the portal when web/dist is missing (a checkout where `npm ci` ran without scripts). */
export function ensurePortalBuilt() {
  if (existsSync(path.join(projectRoot(), 'web', 'dist', 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { cwd: projectRoot(), stdio: 'inherit' });
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

/**
 * A headless Chromium with a fresh profile. The flags keep it off the network (this machine
 * has none beyond loopback) and quiet; the zone is not WIB, so the portal must convert itself.
 */
export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(path.join(os.tmpdir(), 'simk-chromium-'));
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
    viewport: { width: 1280, height: 900 },
    locale: 'id-ID',
    timezoneId: 'UTC',
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(20_000);

  return {
    context,
    page,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves the whole page, or with `fullPage: false` what a phone shows on its first screen. */
export async function screenshot(page: Page, name: string, options: { fullPage?: boolean } = {}) {
  await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), fullPage: options.fullPage ?? true });
}
