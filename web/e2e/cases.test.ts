import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, startJisr, newPage, signIn, screenshot } from './support/e2e';

/** A 1×1 PNG image (an attachment's type is told from its bytes). */
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';
import { assess } from '../../server/src/screening/assessment';
import { currentIndicatorSetVersion, getIndicatorSet } from '../../server/src/screening/indicator-set';
import { answersOf, completeWith } from '../../server/src/screening/test-helpers';
import { importCaseBundles } from '../../server/src/cases/case-htcds.service';
import { generateCases } from '../../scripts/generate-cases';

/** A real explained assessment: sexual exploitation with forced-criminality indicators (so the non-punishment notice applies). */
function forcedCriminalityAssessment() {
  const version = currentIndicatorSetVersion();
  const given = {
    ...answersOf('no', 'core.under_18', 'core.appears_under_18'),
    ...answersOf('yes', 'core.gate_criminality', 'forced-criminality.theft', 'forced-criminality.compelled'),
  };
  return { version, assessment: assess({ answers: completeWith(getIndicatorSet(version), given, 'no', { isChild: false }), isChild: false, setVersion: version }) };
}

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
  const assessed = forcedCriminalityAssessment();
  const identity = { person: { name: 'Grace Adebayo', contact: '+000 555 0199' }, notes: {}, sex: 'female', age: 23, citizenship: 'NG' };
  await db.query(
    `INSERT INTO nrm_referrals (id, screening_id, from_org_id, to_org_id, created_by, is_child, consent, assessment, recommendation, forms, non_punishment, identity_enc, set_version)
     VALUES ($1, $2, $3, $4, $5, false, $6, $9, 'refer_presumed_victim', $7, true, $8, $10)`,
    [id, screeningId, rows[0].org_id, ngo[0].id, rows[0].id, JSON.stringify(consent), ['sexual-exploitation', 'forced-criminality'], server.deps.cipher.encrypt(JSON.stringify(identity), 'nrm_referrals.identity'),
      JSON.stringify(assessed.assessment), assessed.version],
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
    // The referral's explained assessment, with the non-punishment notice for forced criminality.
    await cw.getByTestId('case-non-punishment').waitFor();
    await cw.getByTestId('tab-assessment').click();
    await cw.getByTestId('case-assessment').getByTestId('non-punishment').waitFor();
    await cw.getByTestId('case-assessment').getByTestId('recommendation').waitFor();
    await screenshot(cw, 'cases-assessment-ar-phone');

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
    // The caseworker attaches a document through a file picker in Arabic, and finds it listed.
    await cw.getByTestId('tab-attachments').click();
    expect(await cw.locator('.file-picker label').textContent()).toBe('اختر ملفًا');
    await cw.getByTestId('attachment-file').setInputFiles({ name: 'letter.png', mimeType: 'image/png', buffer: Buffer.from(ONE_PIXEL_PNG, 'base64') });
    await cw.getByRole('link', { name: 'letter.png' }).waitFor();
    expect(await cw.getByTestId('attachment-file-chosen').textContent()).toBe('letter.png');
    await screenshot(cw, 'cases-attachments-ar-phone');
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

    // The authority's admin (English, desktop) sets the reflection period: below 30 days is refused in place.
    const admin = await newPage(browser, 1280, 900);
    await signIn(admin, server.url, 'admin@demo.jisr.example', 'en');
    await admin.locator('nav a[href="/admin/nrm-settings"]').click();
    await admin.locator('input[name=reflectionDays]').fill('20');
    await admin.getByTestId('save-settings').click();
    expect(await admin.getByTestId('error-reflectionDays').textContent()).toMatch(/at least 30 days/);
    await screenshot(admin, 'cases-nrm-settings-error-en-desktop');
    await admin.locator('input[name=reflectionDays]').fill('45');
    await admin.getByTestId('save-settings').click();
    await admin.getByTestId('settings-saved').waitFor();
    expect((await server.deps.db.query<{ value: unknown }>("SELECT value FROM settings WHERE key = 'nrm.settings'")).rows[0].value).toMatchObject({ reflectionDays: 45 });
    // In Arabic on a phone the same page reads right to left.
    await admin.setViewportSize({ width: 390, height: 844 });
    await admin.evaluate(() => localStorage.setItem('jisr.locale', 'ar'));
    await admin.reload();
    await admin.locator('input[name=reflectionDays]').fill('10');
    await admin.getByTestId('save-settings').click();
    await admin.getByTestId('error-reflectionDays').waitFor();
    await screenshot(admin, 'cases-nrm-settings-error-ar-phone');
    await admin.close();
    // An NGO admin has no such entry.
    const ngoAdmin = await newPage(browser, 1280, 800);
    await signIn(ngoAdmin, server.url, 'ngo-admin@demo.jisr.example', 'en');
    await ngoAdmin.getByTestId('who').waitFor();
    expect(await ngoAdmin.locator('a[href="/admin/nrm-settings"]').count()).toBe(0);
    await ngoAdmin.close();

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

  it('an imported case shows its import and the NRM decisions it brought on one timeline entry, in English and Arabic', async () => {
    const db = server.deps.db;
    const { rows } = await db.query<{ id: string; org_id: string }>("SELECT id, org_id FROM users WHERE email = 'caseworker@demo.jisr.example'");
    const actor = { userId: rows[0].id, orgId: rows[0].org_id, role: 'caseworker' as const, orgType: 'ngo' as const, locale: 'en' as const };
    const bundles = generateCases(40, 11);
    const index = bundles.findIndex((b) => (b.jisr?.decisions?.length ?? 0) > 1);
    const decisions = bundles[index].jisr!.decisions!;
    const { caseIds } = await importCaseBundles(server.deps, actor, bundles);
    const label = (kind: string) => ({ ReasonableGrounds: 'Reasonable-grounds decision', ConclusiveGrounds: 'Conclusive-grounds decision', Review: 'Reconsideration decided' })[kind];

    for (const [locale, width, height] of [['en', 1280, 800], ['ar', 390, 844]] as const) {
      const page = await newPage(browser, width, height);
      await signIn(page, server.url, 'caseworker@demo.jisr.example', locale);
      // The person's primary language (an ISO 639 code) is named in the reader's language.
      const speaker = bundles.findIndex((b) => b.prs.some((p) => p.prs_Id === b.cas.cas_PersonId && p.prs_PrimaryLanguage));
      const code = bundles[speaker].prs.find((p) => p.prs_Id === bundles[speaker].cas.cas_PersonId)!.prs_PrimaryLanguage!;
      await page.goto(`${server.url}/cases/${caseIds[speaker]}`);
      const language = page.locator('dl.fields div', { has: page.locator('dt', { hasText: locale === 'en' ? 'Primary Language' : 'اللغة الأساسية' }) }).locator('dd');
      const named = await page.evaluate(([c, l]) => new Intl.DisplayNames([l], { type: 'language' }).of(c)!, [code, locale]);
      expect(named).not.toBe(code);
      await expect(language.textContent()).resolves.toBe(named);
      await page.goto(`${server.url}/cases/${caseIds[index]}`);
      await page.getByTestId('tab-timeline').click();
      const list = page.getByTestId('timeline-imported-decisions');
      await list.waitFor();
      expect(await list.locator('li').count()).toBe(decisions.length);
      if (locale === 'en') {
        expect(await page.getByTestId('timeline').textContent()).toContain('Case imported (HTCDS)');
        const first = await list.locator('li').first().textContent();
        expect(first).toContain(`${label(decisions[0].kind)}: ${decisions[0].outcome}`);
      } else {
        expect(await page.getByTestId('timeline').textContent()).toContain('استُورد الملف (HTCDS)');
      }
      await screenshot(page, `cases-imported-timeline-${locale}-${width < 500 ? 'phone' : 'desktop'}`);
      await page.close();
    }
  });
  it('on a phone, my work shows the ten most urgent items of a long list (all on request) and the case list starts with cases', async () => {
    const db = server.deps.db;
    const { rows } = await db.query<{ id: string; org_id: string }>("SELECT id, org_id FROM users WHERE email = 'caseworker@demo.jisr.example'");
    const actor = { userId: rows[0].id, orgId: rows[0].org_id, role: 'caseworker' as const, orgType: 'ngo' as const, locale: 'ar' as const };
    // Cases as the demo country has them: seen from today, those in assistance have a review within 30 days.
    await importCaseBundles(server.deps, actor, generateCases(300, 12, { asOf: new Date().toISOString().slice(0, 10) }));
    const page = await newPage(browser);
    await signIn(page, server.url, 'caseworker@demo.jisr.example', 'ar');
    await page.goto(`${server.url}/my-work`);
    const upcoming = page.getByTestId('work-upcoming');
    await upcoming.locator('li').first().waitFor();
    expect(await upcoming.locator('li').count()).toBe(10);
    const all = page.getByTestId('work-upcoming-all');
    const total = Number((await all.textContent())!.replace(/[^0-9٠-٩]/g, '').replace(/[٠-٩]/g, (d) => String(d.charCodeAt(0) - 0x660)));
    expect(total).toBeGreaterThan(10);
    await all.click();
    expect(await upcoming.locator('li').count()).toBe(total);
    await expect(all.count()).resolves.toBe(0);

    // On a phone the case list starts with cases: its filters are folded until opened, or open when one is in use.
    await page.goto(`${server.url}/cases`);
    await page.getByTestId('case-total').waitFor();
    await expect(page.getByTestId('case-filters').getAttribute('open')).resolves.toBeNull();
    await expect(page.getByTestId('filter-state').isVisible()).resolves.toBe(false);
    await page.getByTestId('case-filters').locator('summary').click();
    await page.getByTestId('filter-state').selectOption('assistance');
    await page.waitForURL(/state=assistance/);
    await page.reload();
    await page.getByTestId('filter-state').waitFor();
    await expect(page.getByTestId('filter-state').inputValue()).resolves.toBe('assistance');
    await page.close();
  });
});
