import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../../server/src/server';
import { loadConfig } from '../../../server/src/config';

export const E2E_PASSWORD = 'e2e-demo-password';
export const RESULTS_DIR = path.resolve('test-results');

/** Debian's Chromium, headless, with the flags this machine's closed network needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/**
 * The whole Jisr (built web app + API) on embedded PGlite in a temporary folder, demo country
 * seeded; stopping it removes the folder.
 */
export async function startJisr(): Promise<RunningServer & { dataDir: string }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-e2e-'));
  const config = {
    ...loadConfig({}),
    port: 0,
    host: '127.0.0.1',
    dataDir,
    keyFile: path.join(dataDir, 'keys.json'),
    demoPassword: E2E_PASSWORD,
    // Journeys create their own cases; the demo cases and release are checked by process.test.ts.
    seedDemoData: false,
    webDir: path.resolve('dist/web'),
    runJobs: true,
  };
  if (!fs.existsSync(path.join(config.webDir, 'index.html'))) throw new Error('Build the web app first (npm run build)');
  const server = await startServer(config, { quiet: true });
  const stopServer = server.stop.bind(server);
  const stop = async () => {
    await stopServer();
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  return Object.assign(server, { dataDir, stop });
}

/** A page at a given viewport (390 px wide is a phone), in a browser set to `browserLocale` if given. */
export async function newPage(browser: Browser, width = 390, height = 844, browserLocale?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width, height }, deviceScaleFactor: 1, ...(browserLocale ? { locale: browserLocale } : {}) });
  return context.newPage();
}

/** Chooses the interface language with the switcher. */
export async function chooseLanguage(page: Page, locale: 'ar' | 'fr' | 'en'): Promise<void> {
  await page.getByTestId('language').first().selectOption(locale);
}

/** Signs in through the form as a demo user. */
export async function signIn(page: Page, baseUrl: string, email: string, locale: 'ar' | 'fr' | 'en' = 'en'): Promise<void> {
  await page.goto(baseUrl);
  await chooseLanguage(page, locale);
  await page.locator('input[name=email]').fill(email);
  await page.locator('input[name=password]').fill(E2E_PASSWORD);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('welcome').waitFor();
}

/** Saves a screenshot under test-results/, after checking the page's accessibility (expectAccessible). */
export async function screenshot(page: Page, name: string): Promise<string> {
  await expectAccessible(page);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** axe-core's browser bundle, read once. */
let axeSource: string | undefined;

/**
 * Checks the page as it is now with axe-core (WCAG 2.x A and AA rules and best practices: names
 * and labels, contrast, landmarks, language, ARIA) and fails with each rule broken and where.
 * axe is evaluated through the browser's developer protocol, which the app's Content Security
 * Policy (no inline scripts) does not apply to.
 */
export async function expectAccessible(page: Page): Promise<void> {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: string[]; failureSummary?: string }> }> }> } }).axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` (${n.failureSummary.split('\n').slice(1).join(' ').trim()})` : ''}`).join('; ')}`);
  });
  expect(violations, `accessibility of ${page.url()}`).toEqual([]);
}

/** The running Jisr and browser of a test file, available inside its tests. */
export interface JisrSession {
  server: Awaited<ReturnType<typeof startJisr>>;
  browser: Browser;
}

/**
 * Starts Jisr and a browser before the file's tests and stops both after them. Call at the top of
 * a describe block; read `session.server` and `session.browser` inside the tests.
 */
export function useJisr(): JisrSession {
  const session = {} as JisrSession;
  beforeAll(async () => {
    session.server = await startJisr();
    session.browser = await launchBrowser();
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.server?.stop();
  });
  return session;
}
