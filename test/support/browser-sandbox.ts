import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type FrameLocator, type Locator, type Page } from 'playwright-core';
import { SEED_USERS } from '../../sandbox/jira/model';
import { findChromium } from './chromium';
import { startTestSandbox, type TestSandbox, type TestSandboxOptions } from './test-sandbox';

/** Where browser tests save their screenshots (look at them). */
export const SCREENSHOTS = path.resolve(__dirname, '../../test-results/screenshots');

export const accountOf = (role: string): string => SEED_USERS.find((user) => user.role === role)!.accountId;

/** Waits for the element; fails with Playwright's message naming what was not found. */
export const visible = (locator: Locator, timeout = 15_000): Promise<void> => locator.waitFor({ state: 'visible', timeout });

/** The iframe of one of the app's surfaces inside the sandbox frame. */
export const surface = (page: Page, moduleKey: string): FrameLocator => page.frameLocator(`iframe[data-module="${moduleKey}"]`);

export interface BrowserSandbox {
  site: TestSandbox;
  browser: Browser;
  /** A fresh browser context signed in as the seeded account of `role`, showing `route` of the frame. */
  openAs(
    role: string,
    route: string,
    locale?: 'en-US' | 'zh-CN',
    theme?: 'light' | 'dark',
    browser?: { timezoneId?: string; width?: number },
  ): Promise<{ context: BrowserContext; page: Page; errors: string[] }>;
}

/** Starts an in-memory sandbox and Chromium for the test file, and stops both after it. */
export function useBrowserSandbox(options: TestSandboxOptions = {}): BrowserSandbox {
  const env = {
    async openAs(
      role: string,
      route: string,
      locale: 'en-US' | 'zh-CN' = 'en-US',
      theme: 'light' | 'dark' = 'light',
      browser: { timezoneId?: string; width?: number } = {},
    ) {
      // The browser's own zone may differ from the Jira user's (Asia/Shanghai in the sandbox): tests name it when it matters.
      const context = await env.browser.newContext({
        viewport: { width: browser.width ?? 1280, height: 900 },
        ...(browser.timezoneId ? { timezoneId: browser.timezoneId } : {}),
      });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.request.post(`${env.site.url}/__sandbox/session`, { data: { accountId: accountOf(role) } });
      await page.addInitScript(
        (values) => {
          localStorage.setItem('rt-locale', values.locale);
          localStorage.setItem('rt-theme', values.theme);
        },
        { locale, theme },
      );
      await page.goto(`${env.site.url}/#/${route}`);
      return { context, page, errors };
    },
  } as BrowserSandbox;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    env.site = await startTestSandbox(options);
    // `npm run test:latency` runs the browser suite with Jira Cloud's answer times (see README, "Latency").
    if (process.env.SANDBOX_LATENCY) env.site.sandbox.latency.configure(JSON.parse(process.env.SANDBOX_LATENCY) as unknown);
    env.browser = await chromium.launch({
      executablePath: findChromium(),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
  }, 60_000);
  afterAll(async () => {
    await env.browser?.close();
    await env.site?.stop();
  });
  return env;
}
