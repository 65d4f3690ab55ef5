import { describe, expect, it } from 'vitest';
import { newPage, signIn, screenshot, chooseLanguage, useJisr } from './support/e2e';

describe('foundation journey in the browser', () => {
  const jisr = useJisr();

  it('signs in in Arabic on a phone, lays the page out right to left, and switches language', async () => {
    const page = await newPage(jisr.browser, 390, 844);
    await signIn(page, jisr.server.url, 'admin@demo.jisr.example', 'ar');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('rtl');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ar');
    await expect(page.getByTestId('welcome').textContent()).resolves.toContain('أهلًا بك');
    // The brand sits at the right edge in right-to-left layout.
    const brand = await page.locator('.brand').boundingBox();
    expect(brand!.x).toBeGreaterThan(390 / 2);
    await screenshot(page, 'foundation-home-ar-phone');

    await page.getByRole('link', { name: 'المستخدمون' }).first().click();
    await page.getByTestId('user-coordinator@demo.jisr.example').waitFor();
    await screenshot(page, 'foundation-users-ar-phone');

    await chooseLanguage(page, 'en');
    expect(await page.evaluate(() => document.documentElement.dir)).toBe('ltr');
    await page.getByRole('heading', { name: /Users of/ }).waitFor();
    await page.close();
  });

  it('shows a translated error for a wrong password, and admins can create users on a desktop', async () => {
    const page = await newPage(jisr.browser, 1280, 800);
    await page.goto(jisr.server.url);
    await chooseLanguage(page, 'fr');
    await page.locator('input[name=email]').fill('admin@demo.jisr.example');
    await page.locator('input[name=password]').fill('wrong-password-123');
    await page.getByTestId('login-submit').click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('incorrect');
    await screenshot(page, 'foundation-login-fr-desktop');
    await signIn(page, jisr.server.url, 'admin@demo.jisr.example', 'en');
    await page.goto(`${jisr.server.url}/admin/users`);
    await page.getByLabel('Name').last().fill('New Analyst');
    await page.getByLabel('E-mail').last().fill('new.analyst@demo.jisr.example');
    await page.getByLabel('Initial password').fill('short');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('at least 12 characters');
    await page.getByLabel('Initial password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Add a user' }).click();
    await page.getByTestId('user-new.analyst@demo.jisr.example').waitFor();
    await screenshot(page, 'foundation-users-en-desktop');
    await page.close();
  });
});
