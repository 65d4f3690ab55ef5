import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startJisr, newPage, signIn, screenshot } from './support/e2e';

/** Inserts a completed screening and a pending NRM referral by the police responder to the shelter NGO (as the screening capability writes them). */
async function policeReferral(server: Awaited<ReturnType<typeof startJisr>>): Promise<string> {
  const db = server.deps.db;
  const { rows } = await db.query<{ id: string; org_id: string }>("SELECT id, org_id FROM users WHERE email = 'responder@demo.jisr.example'");
  const { rows: ngo } = await db.query<{ id: string }>("SELECT id FROM orgs WHERE name LIKE 'Dar Al-Aman%'");
  const screeningId = crypto.randomUUID();
  const id = crypto.randomUUID();
  const consent = { referral: true, shareIdentity: true, statistics: true };
  await db.query(
    `INSERT INTO screenings (id, org_id, author_id, status, interview_language, set_version, sex, age, citizenship, is_child, recommendation, forms, non_punishment, consent, completed_at)
     VALUES ($1, $2, $3, 'referred', 'ar', 'test', 'female', 23, 'NG', false, 'refer_presumed_victim', $4, false, $5, now())`,
    [screeningId, rows[0].org_id, rows[0].id, ['sexual-exploitation'], JSON.stringify(consent)],
  );
  const identity = { person: { name: 'Grace Adebayo', contact: '+000 555 0199' }, notes: {}, sex: 'female', age: 23, citizenship: 'NG' };
  await db.query(
    `INSERT INTO nrm_referrals (id, screening_id, from_org_id, to_org_id, created_by, is_child, consent, assessment, recommendation, forms, non_punishment, identity_enc)
     VALUES ($1, $2, $3, $4, $5, false, $6, '{}'::jsonb, 'refer_presumed_victim', $7, false, $8)`,
    [id, screeningId, rows[0].org_id, ngo[0].id, rows[0].id, JSON.stringify(consent), ['sexual-exploitation'], server.deps.cipher.encrypt(JSON.stringify(identity), 'nrm_referrals.identity')],
  );
  return id;
}

describe('refer and protect journey in the browser', () => {
  let server: Awaited<ReturnType<typeof startJisr>>;
  let browser: Browser;
  beforeAll(async () => {
    server = await startJisr();
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('police referral → case opened by the shelter → positive RG by the coordinator → service recorded → reflection deadline in my work; an unrelated NGO cannot open it', async () => {
    const referralId = await policeReferral(server);

    // The shelter caseworker (Arabic, phone) accepts the referral by opening the case from it.
    const cw = await newPage(browser, 390, 844);
    await signIn(cw, server.url, 'caseworker@demo.jisr.example', 'ar');
    await cw.goto(`${server.url}/my-work`);
    await cw.locator(`a[href="/cases/new?referral=${referralId}"]`).waitFor();
    await screenshot(cw, 'cases-my-work-referral-ar-phone');
    await cw.locator(`a[href="/cases/new?referral=${referralId}"]`).click();
    await cw.getByTestId('prefill-notice').waitFor();
    expect(await cw.locator('input[name=prs_FirstName]').inputValue()).toBe('Grace');
    await screenshot(cw, 'cases-new-from-referral-ar-phone');
    await cw.getByTestId('open-case-submit').click();
    await cw.getByTestId('case-title').waitFor();
    const caseUrl = cw.url();
    const caseId = caseUrl.split('/').pop()!;
    expect(await cw.getByTestId('nrm-state').textContent()).toBe('قيد التقييم');

    // The coordinator (English, desktop) records a positive reasonable-grounds decision.
    const co = await newPage(browser, 1280, 900);
    await signIn(co, server.url, 'coordinator@demo.jisr.example', 'en');
    await co.goto(`${server.url}/my-work`);
    await co.getByTestId('work-decisions').getByRole('link').first().waitFor();
    await co.goto(`${server.url}/cases/${caseId}`);
    await co.getByTestId('transition-rg_decision').click();
    await co.locator('input[name=outcome][value=positive]').check();
    await co.locator('textarea[name=reasons]').fill('Credible account of deceptive recruitment and control by debt.');
    await co.getByTestId('transition-submit').click();
    await co.getByText('Recovery and reflection period').first().waitFor();
    await co.getByTestId('deadline-reflectionEnds').waitFor();
    await screenshot(co, 'cases-rg-decision-en-desktop');

    // The caseworker records the shelter service given.
    await cw.reload();
    await cw.getByTestId('deadline-reflectionEnds').waitFor();
    await cw.getByTestId('tab-support').click();
    await cw.getByTestId('add-service').click();
    await cw.locator('#service-type').selectOption('shelter');
    await cw.locator('#service-date').fill(new Date().toISOString().slice(0, 10));
    await cw.locator('#service-outcome').selectOption('ongoing');
    await cw.locator('#service-notes').fill('Room in the women’s shelter');
    await cw.getByTestId('form-service').getByRole('button').first().click();
    await cw.getByTestId('section-service').getByText('Room in the women’s shelter').waitFor();
    await screenshot(cw, 'cases-service-ar-phone');
    await cw.getByTestId('tab-timeline').click();
    await cw.getByTestId('timeline').getByText('Credible account', { exact: false }).waitFor();
    await screenshot(cw, 'cases-timeline-ar-phone');

    // The reflection deadline shows in "my work".
    await cw.goto(`${server.url}/my-work`);
    await cw.getByTestId('work-upcoming').locator(`a[href="/cases/${caseId}"]`).waitFor();
    await screenshot(cw, 'cases-my-work-ar-phone');
    // When it comes within 7 days it moves to "ending soon".
    await server.deps.db.query("UPDATE cases SET reflection_ends = current_date + 3, cg_due = current_date + 3 WHERE id = $1", [caseId]);
    await cw.reload();
    await cw.getByTestId('work-reflectionEnding').locator(`a[href="/cases/${caseId}"]`).waitFor();

    // The case list (English desktop) for the coordinator.
    await co.goto(`${server.url}/cases`);
    await co.getByTestId('case-total').waitFor();
    await screenshot(co, 'cases-list-en-desktop');

    // An unrelated NGO caseworker cannot open the case.
    const other = await newPage(browser, 1280, 800);
    await signIn(other, server.url, 'caseworker2@demo.jisr.example', 'en');
    await other.goto(`${server.url}/cases/${caseId}`);
    await other.getByText('Case not available').waitFor();
    expect(await other.locator('body').textContent()).not.toContain('Grace');
    await screenshot(other, 'cases-not-available-en-desktop');
    await cw.close();
    await co.close();
    await other.close();
  });
});
