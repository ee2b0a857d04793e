/**
 * A real headless Chromium for the board's tests: /usr/bin/chromium when the machine has it, else
 * the binary the `@sparticuz/chromium` package ships (unpacked on first use), driven by playwright-core.
 * Without one a suite is skipped with the reason; under CI it fails.
 */
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { underCi } from './ci.js';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/**
 * Our own flags only (the package's list turns off web security, which the tests rely on): no
 * sandbox as root, and no background connections (this machine's closed network refuses them).
 */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
];

export async function chromiumPath(): Promise<string> {
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  const packaged = (await import('@sparticuz/chromium')).default;
  return packaged.executablePath();
}

export interface LaunchedBrowser {
  browser: Browser;
  /** A fresh context (its own cookies and storage) per test that wants one. */
  context(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `args`: more flags (e.g. host resolver rules). Each launch gets its own empty profile (playwright's). */
export async function launchChromium(args: string[] = []): Promise<LaunchedBrowser> {
  const browser = await chromium.launch({ executablePath: await chromiumPath(), headless: true, args: [...FLAGS, ...args], timeout: 60_000 });
  return {
    browser,
    context: () => browser.newContext({ viewport: { width: 1400, height: 900 } }),
    close: () => browser.close(),
  };
}

/** A suite with one browser for all its tests (`browser()` inside its tests and hooks). */
export function describeWithBrowser(name: string, args: string[], body: (browser: () => LaunchedBrowser) => void): void {
  describe(name, () => {
    let launched: LaunchedBrowser | undefined;
    let failure: string | undefined;
    beforeAll(async () => {
      try {
        launched = await launchChromium(args);
      } catch (error) {
        failure = (error as Error).message.split('\n')[0];
      }
    }, 120_000);
    // Each test fails (under CI) or is skipped with the cause.
    beforeEach((ctx) => {
      if (!failure) return;
      if (underCi) throw new Error(`a browser is required (CI is set) but Chromium did not start: ${failure}`);
      ctx.skip(`skipped, Chromium did not start (${failure}); install chromium or run npm ci, or set CI=1 to fail instead`);
    });
    afterAll(async () => {
      await launched?.close();
    });
    body(() => {
      if (!launched) throw new Error(`Chromium did not start: ${failure}`);
      return launched;
    });
  });
}
