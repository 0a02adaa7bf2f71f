/**
 * What every portal browser test starts with: the portal built, the whole product running with
 * the rate limit out of the way (one browser makes every request from one address), one browser
 * whose script errors are collected in `problems`, and a screenshot of any step that fails.
 */
import type { TestContext } from 'vitest';
import { startTestSystem, type TestSystem } from '../support/system.js';
import { ensurePortalBuilt, launchBrowser, screenshot, type Browser } from './browser.js';

export async function openPortal(problems: string[]): Promise<{ t: TestSystem; browser: Browser }> {
  ensurePortalBuilt();
  const t = await startTestSystem({ RATE_LIMIT_PER_MINUTE: '100000' });
  const browser = await launchBrowser();
  browser.page.on('console', (message) => {
    if (message.type() === 'error' && !/Failed to load resource/.test(message.text())) problems.push(message.text());
  });
  browser.page.on('pageerror', (error) => problems.push(error.message));

  return { t, browser };
}

/** What the browser showed when a step failed, beside the other screenshots. */
export async function screenshotIfFailed({ task }: Pick<TestContext, 'task'>, browser: Browser | undefined) {
  if (task.result?.state === 'fail' && browser) {
    await screenshot(browser.page, `failed-${task.name.slice(0, 40).replace(/\W+/g, '-')}`);
  }
}

export async function closePortal(t: TestSystem | undefined, browser: Browser | undefined) {
  await browser?.close();
  await t?.close();
}
