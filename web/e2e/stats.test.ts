import { describe, expect, it } from 'vitest';
import { newPage, signIn, screenshot, chooseLanguage, useJisr } from './support/e2e';
import { generateCases } from '../../scripts/generate-cases';
import { exportJson } from '../../server/src/exchange/htcds-json';

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
    expect(await pub.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(pub, 'stats-public-ar-phone');
    await pub.close();
  });
});
