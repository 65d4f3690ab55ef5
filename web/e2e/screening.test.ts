import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { newPage, signIn, screenshot, useJisr } from './support/e2e';
import ar from '../src/i18n/ar/screening.json';

/** The worked example of an adult presumed victim of forced labour: these 'yes', every other question 'no'. */
const YES = new Set([
  'core.recruited', 'core.transported', 'core.gate_labour', 'core.deceived_job', 'core.deceived_pay', 'core.documents_taken',
  'core.debt_bondage', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay',
]);
const NOTE = 'Recruited by a cousin at the bus station (e2e note)';

/** Answers the interview question by question through the UI until every visible question is answered. */
async function answerInterview(page: Page): Promise<number> {
  await page.getByTestId('interview').waitFor();
  let count = 0;
  for (let i = 0; i < 150; i++) {
    if (await page.getByTestId('interview-done').isVisible()) return count;
    const id = (await page.getByTestId('question').getAttribute('data-question-id'))!;
    if (id === 'core.recruited') await page.getByTestId('note').fill(NOTE);
    if (id === 'forced-labour.industry') {
      await page.getByTestId('choice').selectOption('F_Construction');
      await page.getByTestId('answer-yes').click();
    } else {
      await page.getByTestId(YES.has(id) ? 'answer-yes' : 'answer-no').click();
    }
    count += 1;
    await page.waitForFunction((prev) => {
      const el = document.querySelector('[data-testid=question]');
      return !el || el.getAttribute('data-question-id') !== prev;
    }, id);
  }
  throw new Error('interview did not end');
}

describe('identify: screening, assessment, consent and referral in the browser', () => {
  const jisr = useJisr();

  it('a responder screens in Arabic on a phone, gets a presumed-victim assessment, refers with consent; the NGO sees the referral', async () => {
    const page = await newPage(jisr.browser, 390, 844);
    await signIn(page, jisr.server.url, 'responder@demo.jisr.example', 'ar');
    await page.getByRole('link', { name: ar['nav.screenings'] }).first().click();
    await page.getByTestId('interview-language').selectOption('fr');
    await page.getByTestId('start-screening').click();
    await page.getByTestId('question').waitFor();

    // The question in the responder's language (Arabic) and, side by side, in the person's (French).
    await expect(page.getByTestId('question-ui').locator('p').getAttribute('lang')).resolves.toBe('ar');
    await expect(page.getByTestId('question-person').locator('p').getAttribute('lang')).resolves.toBe('fr');
    await expect(page.getByTestId('question-person').textContent()).resolves.toContain('Avez-vous moins de 18 ans');
    await screenshot(page, 'screening-interview-ar-phone');
    // Nothing overflows the phone's width.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

    // A draft is saved with every answer: leave and resume.
    await page.getByTestId('answer-no').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=question]')?.getAttribute('data-question-id') !== 'core.under_18');
    await page.getByRole('link', { name: ar['screening.list.title'] }).first().click();
    await page.getByTestId('drafts').locator('a').first().click();

    const answered = await answerInterview(page);
    expect(answered).toBeGreaterThan(40);
    await page.getByTestId('complete').click();
    await page.getByTestId('assessment').waitFor();
    await expect(page.getByTestId('recommendation').textContent()).resolves.toContain(ar['assessment.recommendation.refer_presumed_victim']);
    await expect(page.getByTestId('element-act').textContent()).resolves.toContain(ar['assessment.elementStatus.met']);
    await expect(page.getByTestId('element-means').textContent()).resolves.toContain(ar['assessment.elementStatus.met']);
    await expect(page.getByTestId('element-purpose').textContent()).resolves.toContain(ar['assessment.elementStatus.met']);
    await expect(page.getByTestId('forms').textContent()).resolves.toContain(ar['assessment.form.forced-labour']);
    expect(await page.getByTestId('non-punishment').count()).toBe(0);
    await screenshot(page, 'screening-assessment-ar-phone');

    await page.getByTestId('consent-referral').check();
    await page.getByTestId('consent-share').check();
    await page.getByTestId('receiver').selectOption({ label: 'Dar Al-Aman Shelter (demo NGO)' });
    await page.getByTestId('create-referral').click();
    await page.getByTestId('referral-done').waitFor();
    await expect(page.getByTestId('referral-done').textContent()).resolves.toContain('Dar Al-Aman');
    await screenshot(page, 'screening-referred-ar-phone');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();

    // The receiving organisation's caseworker, on a desktop in English.
    const desk = await newPage(jisr.browser, 1280, 900);
    await signIn(desk, jisr.server.url, 'caseworker@demo.jisr.example', 'en');
    await desk.getByRole('link', { name: 'Incoming referrals' }).first().click();
    await desk.getByTestId('incoming').locator('a').first().click();
    await desk.getByTestId('incoming-referral').waitFor();
    await expect(desk.getByTestId('recommendation').textContent()).resolves.toContain('Refer as a presumed victim');
    await expect(desk.getByTestId('identity').textContent()).resolves.toContain(NOTE);
    await expect(desk.getByTestId('open-case').getAttribute('href')).resolves.toMatch(/^\/cases\/new\?referral=[0-9a-f-]{36}$/);
    await screenshot(desk, 'screening-incoming-referral-en-desktop');
    await desk.close();
  });

  it('an admin reads the indicator sets in the three languages', async () => {
    const page = await newPage(jisr.browser, 1280, 900);
    await signIn(page, jisr.server.url, 'admin@demo.jisr.example', 'en');
    await page.getByRole('link', { name: 'Indicator sets' }).first().click();
    await page.getByTestId('set-detail').waitFor();
    const text = (await page.getByTestId('set-detail').textContent()) ?? '';
    expect(text).toContain('Are you under 18 years old?');
    expect(text).toContain('Avez-vous moins de 18 ans');
    expect(text).toContain('هل عمرك أقل من 18 سنة');
    await screenshot(page, 'screening-indicator-sets-en-desktop');
    await page.close();
  });
});
