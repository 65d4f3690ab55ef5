import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { newPage, signIn, screenshot, useJisr, E2E_PASSWORD } from './support/e2e';
import { generateCases } from '../../scripts/generate-cases';
import { exportJson } from '../../server/src/exchange/htcds-json';
import { expandGlotip, GLOTIP_COLUMNS, type GlotipCompact } from '../../server/src/exchange/glotip';
import shipped from '../../server/src/exchange/glotip-data.json';

/** Where the UNODC file may be on a developer's machine (the shared data folder beside the repository). */
const GLOTIP_CANDIDATES = [process.env.JISR_GLOTIP_CSV, '/work/shared/data/unodc/data_glotip.csv', path.resolve('../shared/data/unodc/data_glotip.csv')];

/**
 * UNODC's data_glotip.csv: the file itself where this machine has it, otherwise the same rows
 * written back from the copy Jisr ships (server/src/exchange/glotip.test.ts checks that copy
 * expands to exactly the file's rows), so the journey runs from any clone.
 */
function glotipCsv(): string {
  const found = GLOTIP_CANDIDATES.find((p): p is string => Boolean(p) && fs.existsSync(p!));
  if (found) return fs.readFileSync(found, 'utf8');
  const rows = expandGlotip(shipped as GlotipCompact).map((r) => [
    r.iso3, r.country ?? '', r.region ?? '', r.subregion ?? '', r.indicator, r.dimension, r.category, r.sex, r.age, String(r.year), r.unit, r.value.text, r.source,
  ]);
  return stringify([[...GLOTIP_COLUMNS], ...rows]);
}
const COUNTRY = 'BHR';
const INDICATOR = 'Detected trafficking victims';

/** A signed-in API client (session cookie and CSRF token), for setting up what the journey needs. */
async function apiAs(baseURL: string, email: string): Promise<{ post: (url: string, data: unknown) => Promise<unknown>; get: (url: string) => Promise<unknown>; ctx: APIRequestContext }> {
  const ctx = await request.newContext({ baseURL });
  const login = await ctx.post('/api/auth/login', { data: { email, password: E2E_PASSWORD } });
  expect(login.status()).toBe(200);
  const { csrfToken } = (await (await ctx.get('/api/auth/session')).json()) as { csrfToken: string };
  const check = async (r: Awaited<ReturnType<APIRequestContext['get']>>) => {
    if (!r.ok()) throw new Error(`${r.url()}: ${r.status()} ${await r.text()}`);
    return r.json() as Promise<unknown>;
  };
  return {
    ctx,
    post: async (url, data) => check(await ctx.post(url, { data, headers: { 'x-csrf-token': csrfToken } })),
    get: async (url) => check(await ctx.get(url)),
  };
}

/** The national totals (no breakdown) of one country and indicator in UNODC's file, by year, as written there. */
function unodcTotals(csv: string, iso3: string, indicator: string): Map<number, string> {
  const records = parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const out = new Map<number, string>();
  for (const r of records) {
    if (r.Iso3_code === iso3 && r.Indicator === indicator && r.Dimension === 'Total' && r.Category === 'Total' && r.Sex === 'Total' && r.Age === 'Total') out.set(Number(r.Year), r.txtVALUE.trim());
  }
  return out;
}

/** A number as the page formats it in its language. */
function formatted(page: Page, n: number): Promise<string> {
  return page.evaluate((v) => new Intl.NumberFormat(document.documentElement.lang).format(v), n);
}

describe('UNODC comparison: GLOTIP imported by an analyst, beside Jisr released figures', () => {
  const jisr = useJisr();

  it('an analyst imports data_glotip.csv, picks a country and indicator, and reads UNODC values ("<5" as a range) beside the release by year', async () => {
    const base = jisr.server.url;
    const csv = glotipCsv();
    const totals = unodcTotals(csv, COUNTRY, INDICATOR);
    const dataRows = (parse(csv, { bom: true, columns: true, skip_empty_lines: true }) as unknown[]).length;
    const counted = [...totals].filter(([, v]) => !v.startsWith('<'));
    const suppressed = [...totals].filter(([, v]) => v === '<5');
    // The country chosen must have both kinds of value, or the test would prove nothing.
    expect(counted.length).toBeGreaterThan(3);
    expect(suppressed.length).toBeGreaterThan(0);

    // Cases, a dataset and a k-anonymous release with the year, set up through the API.
    const caseworker = await apiAs(base, 'caseworker@demo.jisr.example');
    await caseworker.post('/api/exchange/htcds/import', { format: 'json', document: exportJson(generateCases(600, 11)) });
    const analystApi = await apiAs(base, 'analyst@demo.jisr.example');
    const dataset = (await analystApi.post('/api/stats/datasets', { name: 'GLOTIP comparison', epsilon: 2, delta: 1e-6 })) as { id: string };
    const release = (await analystApi.post(`/api/stats/datasets/${dataset.id}/releases`, {
      label: 'Cases by year', attributes: ['year', 'sex', 'exploitation_type'], maxLength: 2, protection: { kind: 'k-anonymity', k: 5 },
    })) as { id: string };
    const byYear = (await analystApi.get(`/api/stats/releases/${release.id}/table?columns=year`)) as { cells: Array<{ values: string[]; count: number }> };
    const jisrCounts = new Map(byYear.cells.filter((c) => c.values[0]).map((c) => [Number(c.values[0]), c.count]));
    const shared = counted.map(([y]) => y).filter((y) => jisrCounts.has(y));
    expect(shared.length).toBeGreaterThan(2);
    await caseworker.ctx.dispose();
    await analystApi.ctx.dispose();

    // 1. English, desktop: import the UNODC file through the page, pick the country and indicator.
    const page = await newPage(jisr.browser, 1280, 900);
    await signIn(page, base, 'analyst@demo.jisr.example', 'en');
    await page.goto(`${base}/stats/glotip`);
    await expect(page.getByTestId('glotip-source').textContent()).resolves.toContain('copy shipped with Jisr');
    await page.getByTestId('glotip-file').setInputFiles({ name: 'data_glotip.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    await expect(page.getByTestId('glotip-imported').textContent({ timeout: 60_000 })).resolves.toBe(`${await formatted(page, dataRows)} rows of UNODC data imported.`);
    await expect(page.getByTestId('glotip-source').textContent()).resolves.toContain('imported');
    await page.getByTestId('glotip-country').selectOption(COUNTRY);
    await page.getByTestId('glotip-indicator').selectOption(INDICATOR);
    await page.getByTestId('glotip-release').selectOption(release.id);

    const checkRows = async (p: Page) => {
      for (const [year, text] of counted) {
        await expect(p.getByTestId(`unodc-${year}`).textContent()).resolves.toBe(await formatted(p, Number(text.replace(/,/g, ''))));
      }
      for (const [year] of suppressed) {
        const cell = p.getByTestId(`unodc-${year}`);
        await expect(cell.getAttribute('data-lower')).resolves.toBe('0');
        await expect(cell.getAttribute('data-upper')).resolves.toBe('4');
        const text = (await cell.textContent()) ?? '';
        expect(text).toContain(await formatted(p, 0));
        expect(text).toContain(await formatted(p, 4));
      }
      for (const year of shared) {
        await expect(p.getByTestId(`jisr-${year}`).textContent()).resolves.toBe(await formatted(p, jisrCounts.get(year)!));
      }
    };
    await page.getByTestId(`unodc-${counted[0][0]}`).waitFor();
    await checkRows(page);
    const [range] = suppressed;
    await expect(page.getByTestId(`unodc-${range[0]}`).textContent()).resolves.toBe('<5 (between 0 and 4)');
    // The chart draws a bar for each year of both series; suppressed UNODC values are hatched.
    const chart = page.getByTestId('glotip-chart');
    await expect(chart.locator('rect[data-series=unodc][data-kind=range]').count()).resolves.toBe(suppressed.length);
    await expect(chart.locator('rect[data-series=jisr]').count()).resolves.toBe(jisrCounts.size);
    await screenshot(page, 'glotip-en-desktop');

    // 2. The same figures on a phone in English, then in Arabic (desktop and phone), from the imported data.
    const phone = await newPage(jisr.browser, 390, 844);
    await signIn(phone, base, 'analyst@demo.jisr.example', 'en');
    await phone.goto(`${base}/stats/glotip`);
    await phone.getByTestId('glotip-country').selectOption(COUNTRY);
    await phone.getByTestId('glotip-release').selectOption(release.id);
    await phone.getByTestId(`unodc-${counted[0][0]}`).waitFor();
    await checkRows(phone);
    await screenshot(phone, 'glotip-en-phone');
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await phone.close();

    for (const [width, height, name] of [[1280, 900, 'desktop'], [390, 844, 'phone']] as const) {
      const ar = await newPage(jisr.browser, width, height);
      await signIn(ar, base, 'analyst@demo.jisr.example', 'ar');
      await ar.goto(`${base}/stats/glotip`);
      expect(await ar.evaluate(() => document.documentElement.dir)).toBe('rtl');
      await expect(ar.getByTestId('glotip-source').textContent()).resolves.toContain('مستوردة');
      await ar.getByTestId('glotip-country').selectOption(COUNTRY);
      await ar.getByTestId('glotip-release').selectOption(release.id);
      await ar.getByTestId(`unodc-${counted[0][0]}`).waitFor();
      await checkRows(ar);
      await expect(ar.getByTestId(`unodc-${range[0]}`).textContent()).resolves.toContain('أقل من');
      await screenshot(ar, `glotip-ar-${name}`);
      expect(await ar.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await ar.close();
    }
    await page.close();
  });
});
