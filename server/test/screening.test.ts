import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, makeUser, type TestApp, type TestClient } from './support/test-app';
import { assess } from '../src/screening/assessment';
import { getIndicatorSet, currentIndicatorSetVersion } from '../src/screening/indicator-set';
import type { Answers } from '../src/screening/interview';
import { answersOf, completeWith } from '../src/screening/test-helpers';

const NOTE_SECRET = 'Recruiter-Zyxwv-Plaintext-Marker';
const NAME_SECRET = 'Person-Qwerty-Name-Marker';

const bundle = getIndicatorSet(currentIndicatorSetVersion());

/** The worked example of an adult with act + means + purpose (forced labour), everything else 'no'. */
function presumedVictimAnswers(): Record<string, { value: string; choice?: string; note?: string }> {
  const given: Answers = {
    ...answersOf('no', 'core.under_18', 'core.appears_under_18'),
    ...answersOf('yes', 'core.recruited', 'core.transported', 'core.gate_labour'),
    ...answersOf('yes', 'core.deceived_job', 'core.deceived_pay', 'core.documents_taken', 'core.debt_bondage'),
    ...answersOf('yes', 'forced-labour.excessive_hours', 'forced-labour.low_or_no_pay'),
    'forced-labour.industry': { value: 'yes', choice: 'F_Construction' },
  };
  const all: Record<string, { value: string; choice?: string; note?: string }> = { ...completeWith(bundle, given, 'no', { isChild: false }) };
  all['core.recruited'] = { value: 'yes', note: NOTE_SECRET };
  return all;
}

async function startScreening(c: TestClient, lang = 'ar'): Promise<string> {
  const r = await c.post('/api/screenings', { interviewLanguage: lang });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

async function completedScreening(c: TestClient, answers = presumedVictimAnswers(), extra: Record<string, unknown> = {}): Promise<string> {
  const id = await startScreening(c);
  const p = await c.patch(`/api/screenings/${id}`, { answers, ...extra });
  expect(p.status, JSON.stringify(p.body)).toBe(200);
  expect(p.body.complete).toBe(true);
  const done = await c.post(`/api/screenings/${id}/complete`);
  expect(done.status, JSON.stringify(done.body)).toBe(200);
  return id;
}

const consentAll = { referral: true, shareIdentity: true, statistics: true };

describe('screening API', () => {
  let t: TestApp;
  let responder: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    responder = await t.as(DEMO.responder);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('401 without a session, 403 for roles that do not screen, 400 for invalid input', async () => {
    expect((await t.anonymous().get('/api/screenings')).status).toBe(401);
    expect((await t.anonymous().get('/api/nrm-referrals')).status).toBe(401);
    const analyst = await t.as(DEMO.analyst);
    expect((await analyst.post('/api/screenings', { interviewLanguage: 'ar' })).status).toBe(403);
    expect((await analyst.get('/api/screenings')).status).toBe(403);
    expect((await responder.get('/api/screening/indicator-sets')).status).toBe(403);
    expect((await responder.get('/api/nrm-referrals')).status).toBe(403);
    const ngoAdmin = await t.as(DEMO['ngo-admin']);
    expect((await ngoAdmin.get('/api/nrm-referrals')).status).toBe(403);

    const bad = await responder.post('/api/screenings', { interviewLanguage: 'de' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('interviewLanguage');
    expect((await responder.post('/api/screenings', { interviewLanguage: 'ar', extra: 1 })).status).toBe(400);
    const id = await startScreening(responder);
    const unknown = await responder.patch(`/api/screenings/${id}`, { answers: { 'core.nope': { value: 'yes' } } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('screening.unknown_question');
    const badValue = await responder.patch(`/api/screenings/${id}`, { answers: { 'core.under_18': { value: 'maybe' } } });
    expect(badValue.status).toBe(400);
    const badChoice = await responder.patch(`/api/screenings/${id}`, { answers: { 'forced-labour.industry': { value: 'yes', choice: 'Z_Nothing' } } });
    expect(badChoice.body.error.code).toBe('screening.invalid_choice');
    const early = await responder.post(`/api/screenings/${id}/complete`);
    expect(early.status).toBe(400);
    expect(early.body.error.code).toBe('screening.incomplete');
    expect((await responder.get('/api/screenings/not-a-uuid')).status).toBe(400);
  });

  it('branches: form questions appear only after their gate, and a draft can be resumed', async () => {
    const id = await startScreening(responder, 'fr');
    const first = await responder.get(`/api/screenings/${id}`);
    expect(first.body.status).toBe('draft');
    expect(first.body.nextQuestionId).toBe('core.under_18');
    expect(first.body.questions.some((q: { setId: string }) => q.setId === 'forced-labour')).toBe(false);
    expect(first.body.questions[0].text).toHaveProperty('ar');
    await responder.patch(`/api/screenings/${id}`, { answers: { 'core.gate_labour': { value: 'yes' } } });
    const resumed = await responder.get(`/api/screenings/${id}`);
    expect(resumed.body.interviewLanguage).toBe('fr');
    expect(resumed.body.answers['core.gate_labour'].value).toBe('yes');
    expect(resumed.body.questions.some((q: { setId: string }) => q.setId === 'forced-labour')).toBe(true);
    const list = await responder.get('/api/screenings');
    expect(list.body.screenings.find((s: { id: string }) => s.id === id).status).toBe('draft');
  });

  it('completes a presumed-victim screening, refers it with consent, and the receiving organisation sees it', async () => {
    const id = await completedScreening(responder, presumedVictimAnswers(), { person: { name: NAME_SECRET }, sex: 'female', age: 24, citizenship: 'XY' });
    const s = await responder.get(`/api/screenings/${id}`);
    expect(s.body.status).toBe('completed');
    expect(s.body.assessment.recommendation).toBe('refer_presumed_victim');
    expect(s.body.assessment.elements.act.status).toBe('met');
    expect(s.body.assessment.elements.means.status).toBe('met');
    expect(s.body.assessment.elements.purpose.status).toBe('met');
    expect(s.body.assessment.forms.map((f: { form: string }) => f.form)).toContain('forced-labour');
    expect(s.body.answers['core.recruited'].note).toBe(NOTE_SECRET);
    expect(s.body.person.name).toBe(NAME_SECRET);
    expect(s.body.can.refer).toBe(true);
    // Completed answers are frozen.
    expect((await responder.patch(`/api/screenings/${id}`, { answers: { 'core.received': { value: 'yes' } } })).status).toBe(409);

    const caseworker = await t.as(DEMO.caseworker); // Dar Al-Aman (ngo1)
    expect((await caseworker.get(`/api/screenings/${id}`)).status).toBe(404);

    // An adult without consent to referral is not referred.
    const noConsent = await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.ngo1, consent: { ...consentAll, referral: false } });
    expect(noConsent.body.error.code).toBe('screening.consent_required');
    // Only the NRA or an NGO receives referrals.
    const toPolice = await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.labour, consent: consentAll });
    expect(toPolice.body.error.code).toBe('screening.invalid_receiver');

    const referred = await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.ngo1, consent: consentAll });
    expect(referred.status, JSON.stringify(referred.body)).toBe(200);
    expect(referred.body.status).toBe('referred');
    expect(referred.body.referrals).toHaveLength(1);
    const referralId = referred.body.referrals[0].id;
    expect((await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.ngo1, consent: consentAll })).status).toBe(409);

    const incoming = await caseworker.get('/api/nrm-referrals');
    expect(incoming.status).toBe(200);
    expect(incoming.body.referrals.map((r: { id: string }) => r.id)).toContain(referralId);
    const detail = await caseworker.get(`/api/nrm-referrals/${referralId}`);
    expect(detail.status).toBe(200);
    expect(detail.body.status).toBe('pending');
    expect(detail.body.recommendation).toBe('refer_presumed_victim');
    expect(detail.body.assessment.elements.act.status).toBe('met');
    expect(detail.body.identity.person.name).toBe(NAME_SECRET);
    expect(detail.body.identity.notes['core.recruited']).toBe(NOTE_SECRET);
    expect(detail.body.questions['core.recruited'].text.ar).toBeTruthy();
    expect(detail.body.canOpenCase).toBe(true);
    // The receiving organisation now sees the screening, with identity because consent allows.
    const seen = await caseworker.get(`/api/screenings/${id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.answers['core.recruited'].note).toBe(NOTE_SECRET);
    expect(seen.body.can.answer).toBe(false);

    // Another NGO and the receiving organisation's admin do not.
    const other = await t.as(DEMO.caseworker2);
    expect((await other.get(`/api/nrm-referrals/${referralId}`)).status).toBe(404);
    expect((await other.get(`/api/screenings/${id}`)).status).toBe(404);
    expect((await other.get('/api/nrm-referrals')).body.referrals).toHaveLength(0);
    const ngoAdmin = await t.as(DEMO['ngo-admin']);
    expect((await ngoAdmin.get(`/api/nrm-referrals/${referralId}`)).status).toBe(403);
    expect((await ngoAdmin.get(`/api/screenings/${id}`)).status).toBe(403);

    // The row the cases capability reads.
    const { rows } = await t.db.query<{ status: string; to_org_id: string; consent: { shareIdentity: boolean }; forms: string[]; is_child: boolean; identity_enc: string }>(
      'SELECT * FROM nrm_referrals WHERE id = $1', [referralId]);
    expect(rows[0].status).toBe('pending');
    expect(rows[0].to_org_id).toBe(t.orgIds.ngo1);
    expect(rows[0].consent.shareIdentity).toBe(true);
    expect(rows[0].forms).toContain('forced-labour');
    expect(rows[0].identity_enc).toMatch(/^v1:/);

    // Raw database: no plaintext of the identifying note or the name anywhere.
    for (const table of ['screenings', 'nrm_referrals', 'audit_log', 'anonymous_notifications']) {
      const { rows: raw } = await t.db.query<{ t: string }>(`SELECT x::text AS t FROM ${table} x`);
      for (const r of raw) {
        expect(r.t).not.toContain(NOTE_SECRET);
        expect(r.t).not.toContain(NAME_SECRET);
      }
    }

    // Decline with a reason: the screening goes back to its author, the receiver no longer sees it.
    const declined = await caseworker.post(`/api/nrm-referrals/${referralId}/decline`, { reason: 'no_capacity' });
    expect(declined.status, JSON.stringify(declined.body)).toBe(200);
    expect(declined.body.status).toBe('declined');
    expect(declined.body.declineReason).toBe('no_capacity');
    expect((await caseworker.post(`/api/nrm-referrals/${referralId}/decline`, { reason: 'other' })).status).toBe(409);
    expect((await caseworker.get(`/api/screenings/${id}`)).status).toBe(404);
    const back = await responder.get(`/api/screenings/${id}`);
    expect(back.body.status).toBe('completed');
    expect(back.body.referrals[0].status).toBe('declined');
    // Then referred to the national referral authority, without sharing identity.
    const toNra = await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.nra, consent: { ...consentAll, shareIdentity: false } });
    expect(toNra.status).toBe(200);
    const coordinator = await t.as(DEMO.coordinator);
    const nraRef = (await coordinator.get('/api/nrm-referrals')).body.referrals[0];
    const nraDetail = await coordinator.get(`/api/nrm-referrals/${nraRef.id}`);
    expect(nraDetail.body.identity).toBeNull();
    const nraScreening = await coordinator.get(`/api/screenings/${id}`);
    expect(nraScreening.body.person).toBeNull();
    expect(nraScreening.body.answers['core.recruited'].note).toBeUndefined();
  });

  it('visibility: author, author’s supervisor, but not another responder of the same organisation', async () => {
    const supervisor = await makeUser(t.db, t.orgIds.police, 'responder');
    const peer = await makeUser(t.db, t.orgIds.police, 'responder');
    const author = await makeUser(t.db, t.orgIds.police, 'responder');
    await t.db.query('UPDATE users SET supervisor_id = $1 WHERE id = $2', [supervisor.id, author.id]);
    const a = await t.as(author.email);
    const id = await startScreening(a);
    await a.patch(`/api/screenings/${id}`, { answers: { 'core.recruited': { value: 'yes', note: NOTE_SECRET } } });
    const sup = await t.as(supervisor.email);
    const supView = await sup.get(`/api/screenings/${id}`);
    expect(supView.status).toBe(200);
    expect(supView.body.answers['core.recruited'].note).toBe(NOTE_SECRET);
    expect(supView.body.can.answer).toBe(false);
    expect((await sup.patch(`/api/screenings/${id}`, { answers: { 'core.received': { value: 'yes' } } })).status).toBe(403);
    expect((await sup.get('/api/screenings')).body.screenings.map((s: { id: string }) => s.id)).toContain(id);
    const p = await t.as(peer.email);
    expect((await p.get(`/api/screenings/${id}`)).status).toBe(404);
    expect((await p.get('/api/screenings')).body.screenings.map((s: { id: string }) => s.id)).not.toContain(id);
    expect((await p.patch(`/api/screenings/${id}`, { answers: { 'core.received': { value: 'yes' } } })).status).toBe(404);
    // Denied attempts are audited too.
    const { rows } = await t.db.query<{ outcome: string }>("SELECT outcome FROM audit_log WHERE resource_id = $1 AND actor_user_id = $2", [id, peer.id]);
    expect(rows.map((r) => r.outcome)).toContain('denied');
  });

  it('audits every read and write of a screening', async () => {
    const id = await completedScreening(responder);
    await responder.get(`/api/screenings/${id}`);
    const { rows } = await t.db.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE resource_type = 'Screening' AND resource_id = $1 ORDER BY id", [id]);
    expect(rows.map((r) => r.action)).toEqual(['screening.create', 'screening.update', 'screening.complete', 'screening.read']);
    expect(JSON.stringify(rows)).not.toContain(NOTE_SECRET);
  });

  it('reproduces the stored assessment from the stored indicator-set version', async () => {
    const id = await completedScreening(responder);
    const { rows } = await t.db.query<{ answers: Answers; is_child: boolean; set_version: string; assessment: unknown }>(
      'SELECT answers, is_child, set_version, assessment FROM screenings WHERE id = $1', [id]);
    expect(rows[0].set_version).toBe(currentIndicatorSetVersion());
    const again = assess({ answers: rows[0].answers, isChild: rows[0].is_child, setVersion: rows[0].set_version });
    expect(JSON.parse(JSON.stringify(again))).toEqual(rows[0].assessment);
  });

  it('an adult who declines gives an anonymous notification to the national referral authority', async () => {
    const id = await completedScreening(responder, presumedVictimAnswers(), { person: { name: NAME_SECRET }, sex: 'male', age: 30, citizenship: 'XY' });
    const services = await responder.get('/api/screening/support-services?audience=adult');
    expect(services.body.services.length).toBeGreaterThan(2);
    const r = await responder.post(`/api/screenings/${id}/anonymous-notification`, { consent: { referral: false, shareIdentity: false, statistics: true } });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('notified');
    const { rows } = await t.db.query<Record<string, unknown>>('SELECT * FROM anonymous_notifications WHERE screening_id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(rows[0].to_org_id).toBe(t.orgIds.nra);
    expect(rows[0].age_group).toBe('30-38');
    expect(rows[0].count_in_statistics).toBe(true);
    expect(JSON.stringify(rows[0])).not.toContain(NAME_SECRET);
    expect((await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.ngo1, consent: consentAll })).status).toBe(409);
    // The referral authority's coordinator sees it, with codes only; others may not list them.
    const coordinator = await t.as('coordinator@demo.jisr.example');
    const list = await coordinator.get('/api/anonymous-notifications');
    expect(list.status).toBe(200);
    const mine = list.body.notifications.find((n: { id: string }) => n.id === rows[0].id);
    expect(mine).toMatchObject({ ageGroup: '30-38', citizenship: 'XY', isChild: false });
    expect(JSON.stringify(list.body)).not.toContain(NAME_SECRET);
    expect((await (await t.as('caseworker@demo.jisr.example')).get('/api/anonymous-notifications')).status).toBe(403);
    expect((await (await t.as('analyst@demo.jisr.example')).get('/api/anonymous-notifications')).status).toBe(403);
  });

  it('a child is referred without consent, recording the child’s views and who was present', async () => {
    const given: Answers = {
      ...answersOf('yes', 'core.under_18', 'core.recruited', 'core.gate_labour'),
      ...answersOf('yes', 'child.long_hours', 'child.unsuitable_work'),
    };
    const answers = completeWith(bundle, given, 'no', { isChild: true });
    const id = await completedScreening(responder, answers);
    const s = await responder.get(`/api/screenings/${id}`);
    expect(s.body.isChild).toBe(true);
    expect(s.body.assessment.elements.means.required).toBe(false);
    expect(s.body.assessment.recommendation).toBe('refer_presumed_victim');
    expect((await responder.post(`/api/screenings/${id}/anonymous-notification`, { consent: { referral: false, shareIdentity: false, statistics: true } })).body.error.code).toBe('screening.child_must_be_referred');
    const noGuardian = await responder.post(`/api/screenings/${id}/referral`, { toOrgId: t.orgIds.nra, consent: { referral: false, shareIdentity: true, statistics: true } });
    expect(noGuardian.body.error.code).toBe('screening.child_guardian_required');
    const ok = await responder.post(`/api/screenings/${id}/referral`, {
      toOrgId: t.orgIds.nra, consent: { referral: false, shareIdentity: true, statistics: true }, guardianPresent: 'social_worker', childViews: 'Wants to stay with the aunt',
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const { rows } = await t.db.query<{ consent: Record<string, unknown>; child_views_enc: string; is_child: boolean }>('SELECT consent, child_views_enc, is_child FROM nrm_referrals WHERE screening_id = $1', [id]);
    expect(rows[0].is_child).toBe(true);
    expect(rows[0].consent).toMatchObject({ guardianPresent: 'social_worker', childViews: 'recorded' });
    expect(rows[0].child_views_enc).not.toContain('aunt');
    const coordinator = await t.as(DEMO.coordinator);
    const detail = await coordinator.get(`/api/nrm-referrals/${ok.body.referrals[0].id}`);
    expect(detail.body.childViews).toBe('Wants to stay with the aunt');
  });

  it('forced-criminality indicators carry the non-punishment notice', async () => {
    const given: Answers = {
      ...answersOf('no', 'core.under_18', 'core.appears_under_18'),
      ...answersOf('yes', 'core.gate_criminality', 'forced-criminality.theft', 'forced-criminality.compelled'),
    };
    const id = await completedScreening(responder, completeWith(bundle, given, 'no', { isChild: false }));
    const s = await responder.get(`/api/screenings/${id}`);
    expect(s.body.assessment.nonPunishmentNotice).toBe(true);
    const list = await responder.get('/api/screenings');
    expect(list.body.screenings.find((x: { id: string }) => x.id === id).nonPunishment).toBe(true);
  });

  it('admins read the indicator sets, every version, in the three languages', async () => {
    const admin = await t.as(DEMO.admin);
    const list = await admin.get('/api/screening/indicator-sets');
    expect(list.status).toBe(200);
    expect(list.body.current).toBe(currentIndicatorSetVersion());
    const core = list.body.sets.find((s: { id: string }) => s.id === 'core');
    const one = await admin.get(`/api/screening/indicator-sets/${core.key}`);
    expect(one.status).toBe(200);
    expect(one.body.questions[0].text).toMatchObject({ ar: expect.any(String), fr: expect.any(String), en: expect.any(String) });
    expect((await admin.get('/api/screening/indicator-sets/core@9.9.9')).status).toBe(404);
  });
});
