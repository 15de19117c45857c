import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

/**
 * Debian's chromium, installed by `.ci/run` (`apt-get install chromium fonts-noto-cjk`); Playwright's
 * own browser downloads are not used. `CHROMIUM_PATH` points elsewhere when needed.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Where the browser tests write their screenshots: `test-output/screenshots/` (ignored by git), so that
 * `npm test` leaves the tree clean; `npm run screenshots` points `SCREENSHOT_DIR` at docs/screenshots/
 * to refresh the README's pictures.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.SCREENSHOT_DIR ?? join(import.meta.dirname, '../../test-output/screenshots');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

export async function launchChromium(): Promise<Browser> {
  if (!chromiumAvailable())
    throw new Error(
      `no chromium at ${CHROMIUM_PATH}: run .ci/run, or apt-get install -y chromium fonts-noto-cjk`,
    );
  // --no-sandbox: CI runs as root in a container, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

/**
 * A page that records every console error, uncaught exception and failed request, so a test can
 * fail on any of them (`expect(watched.problems).toEqual([])`).
 */
export interface WatchedPage {
  page: Page;
  problems: string[];
}

export async function watchedPage(browser: Browser, options: { locale?: string } = {}): Promise<WatchedPage> {
  const context = await browser.newContext({
    locale: options.locale ?? 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
  });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) =>
    problems.push(
      `request failed: ${request.method()} ${request.url()} ${request.failure()?.errorText ?? ''}`,
    ),
  );
  return { page, problems };
}
