import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download does not work on this network. */
export const CHROMIUM = process.env.VKS_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = resolve('test-artifacts/console');

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Saves the page as `test-artifacts/console/<name>.png` and returns the path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh Chromium with a user-data directory of its own, so no state leaks between runs. */
export async function openBrowser(): Promise<Browser> {
  const userDataDir = await mkdtemp(join(tmpdir(), 'vks-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    args: ARGS,
    headless: true,
    viewport: { width: 1200, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await mkdir(SCREENSHOTS, { recursive: true });
  return {
    context,
    page,
    screenshot: async (name) => {
      const path = join(SCREENSHOTS, `${name}.png`);
      await page.screenshot({ path, fullPage: true });
      return path;
    },
    close: async () => {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** Loads `url` again and again until `seen` holds for the page, for server-rendered state. */
export async function reloadUntil(
  page: Page,
  url: string,
  seen: (page: Page) => Promise<boolean>,
  attempts = 60,
): Promise<void> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    await page.goto(url);
    if (await seen(page)) return;
    await page.waitForTimeout(500);
  }
  throw new Error(`${url} never showed what the test waited for`);
}
