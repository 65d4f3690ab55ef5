import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Download, Page } from 'playwright-core';
import { newPage, signIn, screenshot, chooseLanguage, useJisr } from './support/e2e';
import { generateCases } from '../../scripts/generate-cases';
import { exportJson } from '../../server/src/exchange/htcds-json';
import { createRelease, publishRelease } from '../../server/src/stats/stats.service';

/** Clicks and returns the text (or bytes) of the file the page downloads. */
async function downloaded(page: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), click()]) as [Download, void];
  return { name: file.suggestedFilename(), bytes: fs.readFileSync((await file.path())!) };
}

type Table = { columns: string[]; cells: Array<{ values: string[]; count: number; groupShare?: number | null }> };

describe('learn from the data: import, protected release, publication, public page', () => {
  const jisr = useJisr();

  it('a caseworker imports HTCDS cases; an analyst releases and publishes protected counts; the public sees them in Arabic with the map', async () => {
    // 1. Import 400 HTCDS cases as a caseworker (English, desktop).
    const cw = await newPage(jisr.browser, 1280, 900);
    await signIn(cw, jisr.server.url, 'caseworker@demo.jisr.example', 'en');
    await cw.goto(`${jisr.server.url}/exchange`);
    await cw.getByTestId('import-file').setInputFiles({ name: 'cases.json', mimeType: 'application/json', buffer: Buffer.from(exportJson(generateCases(400, 5))) });
    await expect(cw.getByTestId('import-done').textContent()).resolves.toContain('400 cases were imported');
    await screenshot(cw, 'stats-exchange-en-desktop');
    await cw.close();

    // 2. The analyst builds a dataset, creates a k-anonymous release with synthetic data and publishes it.
    const an = await newPage(jisr.browser, 1280, 900);
    await signIn(an, jisr.server.url, 'analyst@demo.jisr.example', 'en');
    await an.goto(`${jisr.server.url}/stats`);
    await an.getByTestId('create-dataset').click();
    await an.getByTestId('release-form').waitFor();
    await an.getByLabel('Smallest released count k').fill('5');
    await an.getByTestId('create-release').click();
    const row = an.getByTestId('release-Annual statistics');
    await row.waitFor();
    await row.getByTestId('publish').click();
    await expect(row.getByText('Published').waitFor()).resolves.toBeUndefined();
    await row.getByRole('link', { name: 'Annual statistics' }).click();
    await an.getByTestId('fidelity').waitFor();
    await an.getByTestId('chart-map-citizenship').locator('[data-testid=world-map]').waitFor();

    // Methods of control per value: one bar per released value (no "3 or more" bar), the note says how cases count.
    const releaseId = an.url().split('/').pop()!;
    const apiGet = (path: string) => an.evaluate((url) => fetch(url).then((r) => r.json()), path) as Promise<Table>;
    const perValue = await apiGet(`/api/stats/releases/${releaseId}/table?columns=${encodeURIComponent('methods_of_control[]')}`);
    expect(perValue.cells.length).toBeGreaterThan(5);
    const control = an.getByTestId('chart-methods-of-control');
    await control.locator('svg rect').first().waitFor();
    await expect(control.locator('svg rect').count()).resolves.toBe(perValue.cells.length);
    await expect(control.textContent()).resolves.toContain('at most 4 per case');
    await expect(control.textContent()).resolves.not.toContain('3 or more');
    const controlCsv = (await downloaded(an, () => control.getByRole('button', { name: 'CSV' }).click())).bytes.toString('utf8');
    const csvCounts = controlCsv.trim().split('\n').slice(1).map((line) => Number(line.split(',').pop())).sort((a, b) => b - a);
    expect(csvCounts).toEqual(perValue.cells.map((c) => c.count).sort((a, b) => b - a));
    const svg = await downloaded(an, () => control.getByRole('button', { name: 'SVG' }).click());
    expect(svg.name).toBe('methods-of-control.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await downloaded(an, () => control.getByRole('button', { name: 'PNG' }).click());
    expect(png.bytes.subarray(1, 4).toString('latin1')).toBe('PNG');

    // Rates: the share within the group of the first attribute chosen (type of exploitation), from released counts.
    const explorer = an.getByTestId('explorer');
    await explorer.getByLabel('Year', { exact: true }).uncheck();
    await explorer.getByLabel('Type of exploitation', { exact: true }).check();
    await explorer.getByLabel('Sex', { exact: true }).check();
    await explorer.getByTestId('group-share-heading').waitFor();
    await expect(explorer.getByTestId('group-share-heading').textContent()).resolves.toBe('Share within Type of exploitation');
    const byType = await apiGet(`/api/stats/releases/${releaseId}/table?columns=exploitation_type`);
    const typeCount = new Map(byType.cells.map((c) => [c.values[0], c.count]));
    const rates = await apiGet(`/api/stats/releases/${releaseId}/table?columns=sex,exploitation_type&groupBy=exploitation_type`);
    const femaleSexual = rates.cells.find((c) => c.values[0] === 'Feminine' && c.values[1] === 'SexualExploitation')!;
    const expected = femaleSexual.count / typeCount.get('SexualExploitation')!;
    expect(femaleSexual.groupShare).toBeCloseTo(expected, 12);
    const rateRow = explorer.locator('tbody tr')
      .filter({ has: an.locator('td:nth-child(1)', { hasText: /^Sexual exploitation$/ }) })
      .filter({ has: an.locator('td:nth-child(2)', { hasText: /^Feminine$/ }) });
    await expect(rateRow.locator('td[data-group-share]').getAttribute('data-group-share')).resolves.toBe(String(expected));
    await expect(rateRow.locator('td[data-group-share]').textContent()).resolves.toBe(`${(expected * 100).toFixed(1).replace(/\.0$/, '')}%`);
    const explorerCsv = (await downloaded(an, () => explorer.getByTestId('explorer-csv').click())).bytes.toString('utf8').trim().split('\n');
    expect(explorerCsv[0]).toBe('exploitation_type,sex,count,share,share_within_exploitation_type');
    expect(Number(explorerCsv.find((l) => l.startsWith('SexualExploitation,Feminine,'))!.split(',')[4])).toBeCloseTo(expected, 12);
    // One per-value table at a time in the explorer.
    await explorer.getByTestId('per-value-methods_of_control').check();
    await expect.poll(() => explorer.locator('thead th').first().textContent()).toBe('Methods of control, each value');
    await expect.poll(() => explorer.locator('tbody tr').count()).toBe(perValue.cells.length);
    await expect(explorer.getByLabel('Sex', { exact: true }).isChecked()).resolves.toBe(false);
    await screenshot(an, 'stats-release-en-desktop');
    await an.close();

    // 3. Anyone, without signing in, opens the public page on a phone in Arabic.
    const pub = await newPage(jisr.browser, 390, 844);
    await pub.goto(`${jisr.server.url}/public`);
    await chooseLanguage(pub, 'ar');
    expect(await pub.evaluate(() => document.documentElement.dir)).toBe('rtl');
    await expect(pub.getByTestId('public-title').textContent()).resolves.toContain('الإحصاءات المنشورة');
    await pub.getByTestId('public-release').waitFor();
    const map = pub.getByTestId('chart-map-citizenship').locator('[data-testid=world-map]');
    await map.waitFor();
    const shaded = await map.locator('path[data-value]:not([data-value="0"])').count();
    expect(shaded).toBeGreaterThan(3);
    await pub.getByTestId('chart-flows').locator('svg').first().waitFor();
    // A flow reads origin first in Arabic too: "{citizenship} ← {country of exploitation}", right to left.
    const flows = pub.getByTestId('chart-flows');
    const flowsCsv = (await downloaded(pub, () => flows.getByRole('button', { name: 'CSV' }).click())).bytes.toString('utf8').trim().split('\n');
    const [from, to] = flowsCsv[1].split(',');
    const expectedFlow = await pub.evaluate(([f, t]) => {
      const names = new Intl.DisplayNames(['ar'], { type: 'region', fallback: 'code' });
      return `\u2068${names.of(f)}\u2069 ← \u2068${names.of(t)}\u2069`;
    }, [from, to]);
    const flowLabel = flows.locator('svg text', { hasText: '←' }).first();
    await expect(flowLabel.textContent()).resolves.toBe(`\u2067${expectedFlow}\u2069`);
    // …and shows it on the right: the origin's first letter right of the destination's.
    const [originX, destinationX] = await flowLabel.evaluate((el: SVGTextElement) => {
      const text = el.textContent!;
      return [el.getStartPositionOfChar(2).x, el.getStartPositionOfChar(text.indexOf('←') + 3).x];
    });
    expect(originX).toBeGreaterThan(destinationX);
    expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(pub, 'stats-public-ar-phone');
    await pub.close();

    // Numbers in the charts follow the interface's language, not the browser's: English in a browser
    // set to Egyptian Arabic (whose own digits are ٠–٩) writes 113, as the rest of the page does.
    const egypt = await newPage(jisr.browser, 1280, 900, 'ar-EG');
    await egypt.goto(`${jisr.server.url}/public`);
    await chooseLanguage(egypt, 'en');
    const bars = egypt.getByTestId('chart-methods-of-control').locator('svg text');
    await bars.first().waitFor();
    const numbers = (await bars.allTextContents()).filter((text) => /\p{Nd}/u.test(text));
    expect(numbers.length).toBeGreaterThan(3);
    for (const n of numbers) expect(n).toMatch(/^[0-9,]+$/);
    await egypt.close();
  });
  it('an analyst withdraws a release published by mistake, with the reason; the public page shows the one before it', async () => {
    // The release the first test published is the one before it.
    const db = jisr.server.deps.db;
    const { rows: [before] } = await db.query<{ id: string; label: string }>("SELECT id, label FROM stat_releases WHERE status = 'published' ORDER BY published_at DESC LIMIT 1");
    const { rows: [analyst] } = await db.query<{ id: string; org_id: string }>("SELECT id, org_id FROM users WHERE email = 'analyst@demo.jisr.example'");
    const actor = { userId: analyst.id, orgId: analyst.org_id, role: 'analyst' as const, orgType: 'nra' as const, locale: 'en' as const };
    const { rows: [dataset] } = await db.query<{ id: string }>('SELECT id FROM stat_datasets ORDER BY created_at LIMIT 1');
    const mistaken = await createRelease(jisr.server.deps, actor, dataset.id, { label: 'Wrong quarter', maxLength: 1, attributes: ['year', 'sex'], protection: { kind: 'k-anonymity', k: 5 }, synthetic: false }, { ip: '127.0.0.1' });
    await publishRelease(jisr.server.deps, actor, mistaken.id, { ip: '127.0.0.1' });

    // The public page shows the newest release and offers the earlier one, by a link of its own too.
    const visitor = await newPage(jisr.browser, 390, 844);
    await visitor.goto(`${jisr.server.url}/public`);
    await chooseLanguage(visitor, 'fr');
    const shown = visitor.getByTestId('public-release').locator('h2').first();
    await expect(shown.textContent()).resolves.toBe('Wrong quarter');
    await visitor.getByTestId('public-release-choice').selectOption(before.id);
    await expect.poll(() => shown.textContent()).toBe(before.label);
    expect(new URL(visitor.url()).searchParams.get('release')).toBe(before.id);
    await visitor.getByTestId('chart-map-citizenship').locator('[data-testid=world-map]').waitFor();
    await screenshot(visitor, 'stats-public-earlier-fr-phone');
    await visitor.reload();
    await expect.poll(() => shown.textContent()).toBe(before.label);
    await visitor.close();

    const an = await newPage(jisr.browser, 1280, 900);
    await signIn(an, jisr.server.url, 'analyst@demo.jisr.example', 'en');
    await an.goto(`${jisr.server.url}/stats/releases/${mistaken.id}`);
    // (Its explorer offers one attribute at a time, in the singular.)
    await expect(an.getByTestId('explorer').locator('legend').first().textContent()).resolves.toBe('Pick up to 1 attribute');
    await an.locator('summary', { hasText: 'Withdraw this release' }).click();
    await an.getByTestId('withdraw-form').locator('textarea[name=reason]').fill('Published from the wrong dataset.');
    an.once('dialog', (d) => void d.accept());
    await an.getByTestId('withdraw-form').getByRole('button', { name: 'Withdraw this release' }).click();
    await expect(an.getByTestId('release-withdrawn').textContent()).resolves.toContain('Published from the wrong dataset.');
    await expect(an.getByTestId('withdraw-form').count()).resolves.toBe(0);
    await screenshot(an, 'stats-release-withdrawn-en-desktop');
    await an.goto(`${jisr.server.url}/stats`);
    await expect(an.getByTestId('release-Wrong quarter').locator('.badge').textContent()).resolves.toBe('Withdrawn');
    await an.close();

    const pub = await newPage(jisr.browser, 390, 844);
    await pub.goto(`${jisr.server.url}/public`);
    await chooseLanguage(pub, 'ar');
    await expect(pub.getByTestId('public-release').locator('h2').first().textContent()).resolves.toBe(before.label);
    // Only one is published now: nothing to choose from.
    await expect(pub.getByTestId('public-release-choice').count()).resolves.toBe(0);
    await pub.close();
  });

  it('the same file imported twice by an organisation is refused in the user language, and imported again only when the user confirms', async () => {
    const page = await newPage(jisr.browser, 390, 844);
    await signIn(page, jisr.server.url, 'caseworker2@demo.jisr.example', 'fr');
    await page.goto(`${jisr.server.url}/exchange`);
    const file = { name: 'dossiers.json', mimeType: 'application/json', buffer: Buffer.from(exportJson(generateCases(3, 77))) };
    const count = async () => Number((await jisr.server.deps.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    // While the server works (held back here), the page says what it is doing.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/api/exchange/htcds/import/document', async (route) => { await held; await route.continue(); });
    await page.getByTestId('import-file').setInputFiles(file);
    await page.getByText('Vérification et import des dossiers', { exact: false }).waitFor();
    await screenshot(page, 'stats-exchange-importing-fr-phone');
    release();
    await page.getByTestId('import-done').waitFor();
    await page.unroute('**/api/exchange/htcds/import/document');
    const before = await count();
    await page.getByTestId('import-file').setInputFiles(file);
    const refused = page.getByTestId('import-already');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Votre organisation a déjà importé ce fichier');
    expect(await refused.textContent()).toContain('3 dossiers');
    expect(await count()).toBe(before);
    await screenshot(page, 'stats-exchange-repeat-fr-phone');
    await page.getByTestId('import-repeat').click();
    await page.getByTestId('import-done').waitFor();
    expect(await count()).toBe(before + 3);
    await page.close();
  });

  it('a large file shows, in Arabic on a phone, how many of its cases are checked and written', async () => {
    const page = await newPage(jisr.browser, 390, 844);
    await signIn(page, jisr.server.url, 'caseworker2@demo.jisr.example', 'ar');
    await page.goto(`${jisr.server.url}/exchange`);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-e2e-'));
    const file = path.join(dir, 'cases.json');
    fs.writeFileSync(file, exportJson(generateCases(8000, 91)));
    try {
      // The file input speaks the page's language (the browser's own would say "Choose Files" in English).
      const picker = page.locator('.file-picker');
      expect(await picker.locator('label').textContent()).toBe('اختر ملفات');
      expect(await page.getByTestId('import-file-chosen').textContent()).toBe('لم تُختر أي ملفات');
      await page.getByTestId('import-file').setInputFiles(file);
      expect(await page.getByTestId('import-file-chosen').textContent()).toBe('cases.json');
      const written = page.getByTestId('import-written');
      await written.waitFor();
      expect(await written.textContent()).toMatch(/من أصل (8,000|٨٬٠٠٠) حالة/);
      await screenshot(page, 'stats-exchange-progress-ar-phone');
      await page.getByTestId('import-done').waitFor({ timeout: 60000 });
      expect(await page.getByTestId('import-done').textContent()).toMatch(/8,000|٨٬٠٠٠/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    await page.close();
  });

  it('a statistics page whose code cannot be fetched says so in French with a way to reload, and the rest of the app still works', async () => {
    const page = await newPage(jisr.browser, 390, 844);
    await signIn(page, jisr.server.url, 'analyst@demo.jisr.example', 'fr');
    await page.route('**/assets/StatsPage-*.js', (route) => route.abort());
    await page.goto(`${jisr.server.url}/stats`);
    const failed = page.getByTestId('page-failed');
    await failed.waitFor();
    expect(await failed.textContent()).toContain('Cette page n’a pas pu être chargée');
    await screenshot(page, 'page-failed-fr-phone');
    await page.getByRole('link', { name: 'Accueil' }).first().click();
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByTestId('page-failed').count()).toBe(0);
    await page.goBack();
    await page.getByTestId('page-failed').waitFor();
    await page.unroute('**/assets/StatsPage-*.js');
    await page.getByRole('button', { name: 'Recharger' }).click();
    await page.getByTestId('create-dataset').waitFor();
    await page.close();
  });
});
