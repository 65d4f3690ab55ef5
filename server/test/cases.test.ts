import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, makeUser, type TestApp, type TestClient } from './support/test-app';
import { caseBody, makeNrmReferral } from './support/cases-factory';
import { rotateKeys } from '../src/crypto/key-rotation';
import { JobWorker } from '../src/jobs/queue';
import { registerJobs } from '../src/server';
import { addDays, isoDay } from '../src/cases/nrm';
import { assess } from '../src/screening/assessment';
import { currentIndicatorSetVersion, getIndicatorSet } from '../src/screening/indicator-set';
import { answersOf, completeWith } from '../src/screening/test-helpers';

describe('cases: need-to-know, encryption, audit', () => {
  let t: TestApp;
  let cw: TestClient;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.as(DEMO.caseworker);
    const r = await cw.post('/api/cases', caseBody());
    expect(r.status).toBe(201);
    caseId = r.body.id;
  });
  afterAll(async () => { await t.close(); });

  it('opens a case with coded columns for statistics and the opener on the team', async () => {
    const { rows } = await t.db.query<Record<string, unknown>>('SELECT * FROM cases WHERE id = $1', [caseId]);
    const c = rows[0];
    expect(c.nrm_state).toBe('referred');
    expect(c.sex).toBe('Feminine');
    expect(c.citizenship).toBe('SY');
    expect(c.country_of_exploitation).toBe('LB');
    expect(c.exploitation_types).toEqual(['ForcedLabour', 'ForcedCriminality']);
    expect(c.forced_labour_industry).toEqual(['T_ActivitiesOfHouseholdsAsEmployers']);
    expect(c.age_group).toMatch(/^(24-26|27-29)$/);
    expect(c.consent_statistics).toBe(true);
    expect(c.owner_org_id).toBe(t.orgIds.ngo1);
    const page = await cw.get(`/api/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.body.person.prs_FirstName).toBe('Amina');
    expect(page.body.details.vic_DetailsOfVulnerabilities).toBe('Passport kept by the employer');
    expect(page.body.team.map((m: { displayName: string }) => m.displayName)).toEqual(['Sara Caseworker']);
  });

  it('stores no plaintext name, phone or free text in the database', async () => {
    for (const table of ['cases', 'case_records', 'case_events_log']) {
      const { rows } = await t.db.query<{ t: string }>(`SELECT string_agg(x::text, ' ') AS t FROM ${table} x`);
      expect(rows[0].t ?? '').not.toMatch(/Amina|Haddad|555 0100|Passport kept/);
    }
  });

  it('answers 404 to another organisation, to a colleague not on the team and for unknown ids; 403 to analysts', async () => {
    const other = await t.as(DEMO.caseworker2);
    expect((await other.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await other.get(`/api/cases/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await other.patch(`/api/cases/${caseId}`, { isChild: true })).status).toBe(404);
    const colleague = await makeUser(t.db, t.orgIds.ngo1, 'caseworker');
    const col = await t.as(colleague.email);
    expect((await col.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await col.get('/api/cases')).body.total).toBe(0);
    const analyst = await t.as(DEMO.analyst);
    expect((await analyst.get(`/api/cases/${caseId}`)).status).toBe(403);
    expect((await analyst.get('/api/cases')).status).toBe(403);
    const admin = await t.as(DEMO['ngo-admin']);
    expect((await admin.get(`/api/cases/${caseId}`)).status).toBe(403);
    // The team adds the colleague: now they see it.
    expect((await cw.post(`/api/cases/${caseId}/team`, { userId: colleague.id })).status).toBe(204);
    expect((await col.get(`/api/cases/${caseId}`)).status).toBe(200);
    expect((await cw.delete(`/api/cases/${caseId}/team/${colleague.id}`)).status).toBe(204);
    expect((await col.get(`/api/cases/${caseId}`)).status).toBe(404);
  });

  it('audits every read of personal data', async () => {
    await cw.get(`/api/cases/${caseId}`);
    await cw.get('/api/cases');
    const { rows } = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE resource_id = $1 OR action = 'case.list' ORDER BY id", [caseId]);
    const actions = rows.map((r) => r.action);
    expect(actions).toContain('case.create');
    expect(actions).toContain('case.read');
    expect(actions).toContain('case.list');
    const details = await t.db.query<{ d: string }>("SELECT details::text AS d FROM audit_log WHERE action LIKE 'case.%'");
    expect(details.rows.map((r) => r.d).join(' ')).not.toMatch(/Amina|Haddad/);
  });

  it('reads cases back after key rotation', async () => {
    const ring = (t.deps.cipher as unknown as { ring: Parameters<typeof rotateKeys>[1] }).ring;
    const { ring: next, values } = await rotateKeys(t.db, ring, undefined);
    expect(values).toBeGreaterThan(0);
    t.deps.cipher.reload(next);
    const { rows } = await t.db.query<{ person_enc: string }>('SELECT person_enc FROM cases WHERE id = $1', [caseId]);
    expect(rows[0].person_enc.split(':')[1]).toBe(next.primary);
    const page = await cw.get(`/api/cases/${caseId}`);
    expect(page.status).toBe(200);
    expect(page.body.person.prs_SecondName).toBe('Haddad');
  });

  it('validates the body: HTCDS values only, no unknown fields', async () => {
    expect((await cw.post('/api/cases', { ...caseBody(), person: { prs_Gender: 'Female' } })).status).toBe(400);
    expect((await cw.post('/api/cases', { ...caseBody(), extra: 1 })).status).toBe(400);
    expect((await t.anonymous().get('/api/cases')).status).toBe(401);
  });
});

describe('cases: the NRM path', () => {
  let t: TestApp;
  let cw: TestClient;
  let coord: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.as(DEMO.caseworker);
    coord = await t.as(DEMO.coordinator);
  });
  afterAll(async () => { await t.close(); });

  const step = (c: TestClient, id: string, body: Record<string, unknown>) => c.post(`/api/cases/${id}/transitions`, body);

  it('walks referred → assessment → RG → reflection (extended) → CG negative → reconsideration → assistance → closed, recording who and why', async () => {
    const id = (await cw.post('/api/cases', caseBody())).body.id;
    expect((await step(cw, id, { transition: 'start_assessment' })).status).toBe(204);
    expect((await step(cw, id, { transition: 'rg_decision', outcome: 'positive', reasons: 'x' })).status).toBe(403);
    expect((await step(coord, id, { transition: 'rg_decision', outcome: 'positive' })).status).toBe(400);
    expect((await step(coord, id, { transition: 'cg_decision', outcome: 'positive', reasons: 'x' })).status).toBe(409);
    expect((await step(coord, id, { transition: 'rg_decision', outcome: 'positive', reasons: 'Indicators of forced labour confirmed' })).status).toBe(204);
    let c = (await cw.get(`/api/cases/${id}`)).body;
    const today = isoDay(new Date());
    expect(c.state).toBe('reflection');
    expect(c.deadlines.reflectionEnds).toBe(addDays(today, 30));
    expect((await step(coord, id, { transition: 'extend_reflection', reasonCode: 'health', days: 14 })).status).toBe(204);
    expect((await step(coord, id, { transition: 'extend_reflection', days: 14 })).status).toBe(400);
    c = (await cw.get(`/api/cases/${id}`)).body;
    expect(c.deadlines.reflectionEnds).toBe(addDays(today, 44));
    expect((await step(coord, id, { transition: 'cg_decision', outcome: 'negative', reasons: 'Not enough evidence' })).status).toBe(204);
    expect((await step(cw, id, { transition: 'request_reconsideration' })).status).toBe(400);
    expect((await step(cw, id, { transition: 'request_reconsideration', reasons: 'New medical evidence' })).status).toBe(204);
    expect((await step(cw, id, { transition: 'reconsideration_decision', outcome: 'positive', reasons: 'x' })).status).toBe(403);
    expect((await step(coord, id, { transition: 'reconsideration_decision', outcome: 'positive', reasons: 'Evidence accepted' })).status).toBe(204);
    c = (await cw.get(`/api/cases/${id}`)).body;
    expect(c.state).toBe('assistance');
    expect(c.traffickingStatus).toBe('ActualVictimOfTrafficking');
    // The victim section shows the status the decisions set, not the one the case was opened with.
    expect(c.victim.vic_TraffickingStatus).toBe('ActualVictimOfTrafficking');
    expect(c.deadlines.followUpDue).toBe(addDays(today, 30));
    expect((await step(coord, id, { transition: 'close', reasonCode: 'support_completed' })).status).toBe(403);
    expect((await step(cw, id, { transition: 'close' })).status).toBe(400);
    expect((await step(cw, id, { transition: 'close', reasonCode: 'support_completed' })).status).toBe(204);
    c = (await cw.get(`/api/cases/${id}`)).body;
    expect(c.state).toBe('closed');
    expect(c.htcdsStatus).toBe('Closed');
    const nrm = c.timeline.filter((e: { action: string }) => e.action.startsWith('nrm.'));
    expect(nrm.map((e: { action: string }) => e.action)).toEqual([
      'nrm.start_assessment', 'nrm.rg_decision', 'nrm.extend_reflection', 'nrm.cg_decision', 'nrm.request_reconsideration', 'nrm.reconsideration_decision', 'nrm.close',
    ]);
    expect(nrm[1]).toMatchObject({ actor: 'Karim Coordinator', fromState: 'under_assessment', toState: 'reflection', reason: 'Indicators of forced labour confirmed' });
  });

  it('uses the country settings (reflection days) set by the authority admin', async () => {
    const admin = await t.as(DEMO.admin);
    expect((await admin.put('/api/nrm/settings', { reflectionDays: 20 })).status).toBe(400);
    expect((await admin.put('/api/nrm/settings', { reflectionDays: 45 })).status).toBe(200);
    expect((await cw.put('/api/nrm/settings', { reflectionDays: 45 })).status).toBe(403);
    const id = (await cw.post('/api/cases', caseBody())).body.id;
    await step(coord, id, { transition: 'rg_decision', outcome: 'positive', reasons: 'ok' });
    expect((await cw.get(`/api/cases/${id}`)).body.deadlines.reflectionEnds).toBe(addDays(isoDay(new Date()), 45));
  });

  it('opens a case from an NRM referral, accepting it in the same transaction; the responder follows and may ask for reconsideration', async () => {
    const refId = await makeNrmReferral(t, { createdByEmail: DEMO.responder, toOrgId: t.orgIds.ngo1, name: 'Blessing Okafor' });
    const other = await t.as(DEMO.caseworker2);
    expect((await other.get(`/api/cases/prefill?referral=${refId}`)).status).toBe(404);
    const pre = await cw.get(`/api/cases/prefill?referral=${refId}`);
    expect(pre.status).toBe(200);
    expect(pre.body.person).toMatchObject({ prs_FirstName: 'Blessing', prs_SecondName: 'Okafor', prs_Gender: 'Feminine', prs_Citizenship: ['NG'] });
    expect(pre.body.victim.vic_TypeOfExploitation).toEqual(['SexualExploitation']);
    const created = await cw.post('/api/cases', { person: pre.body.person, victim: pre.body.victim, consent: pre.body.consent, nrmReferralId: refId });
    expect(created.status).toBe(201);
    const { rows } = await t.db.query<{ status: string; case_id: string; decided_by: string | null }>('SELECT status, case_id, decided_by FROM nrm_referrals WHERE id = $1', [refId]);
    expect(rows[0]).toMatchObject({ status: 'accepted', case_id: created.body.id });
    expect(rows[0].decided_by).not.toBeNull();
    expect((await cw.post('/api/cases', { person: pre.body.person, victim: pre.body.victim, consent: pre.body.consent, nrmReferralId: refId })).status).toBe(409);
    const c = (await cw.get(`/api/cases/${created.body.id}`)).body;
    expect(c.state).toBe('under_assessment');
    expect(c.deadlines.rgDue).not.toBeNull();

    const responder = await t.as(DEMO.responder);
    const seen = await responder.get(`/api/cases/${created.body.id}`);
    expect(seen.status).toBe(200);
    expect(seen.body.relation).toBe('referrer');
    expect(seen.body.person).toBeNull();
    expect(JSON.stringify(seen.body)).not.toContain('Blessing');
    const inspector = await t.as(DEMO.inspector);
    expect((await inspector.get(`/api/cases/${created.body.id}`)).status).toBe(404);
    await step(coord, created.body.id, { transition: 'rg_decision', outcome: 'negative', reasons: 'Insufficient' });
    expect((await step(inspector, created.body.id, { transition: 'request_reconsideration', reasons: 'x' })).status).toBe(404);
    expect((await step(responder, created.body.id, { transition: 'request_reconsideration', reasons: 'Victim disclosed more' })).status).toBe(204);
    const work = await coord.get('/api/my-work');
    expect(work.body.decisions.some((d: { caseId: string; kind: string }) => d.caseId === created.body.id && d.kind === 'reconsideration')).toBe(true);
    expect(work.body.notifications.some((n: { kind: string }) => n.kind === 'reconsideration_requested')).toBe(true);
  });

  it('notifies deadlines through the job queue and shows them in my work', async () => {
    const id = (await cw.post('/api/cases', caseBody())).body.id;
    await step(coord, id, { transition: 'rg_decision', outcome: 'positive', reasons: 'ok' });
    // Bring the end of the reflection period within 7 days (as if time passed).
    const soon = addDays(isoDay(new Date()), 5);
    await t.db.query('UPDATE cases SET reflection_ends = $2, cg_due = $2 WHERE id = $1', [id, soon]);
    await t.db.query(`UPDATE jobs SET payload = jsonb_set(payload, '{due}', to_jsonb($2::text)), run_at = now() WHERE payload->>'caseId' = $1 AND payload->>'column' = 'reflection_ends'`, [id, soon]);
    const worker = new JobWorker(t.db, { error: () => undefined });
    registerJobs(worker, t.deps);
    await worker.drain();
    const work = (await cw.get('/api/my-work')).body;
    expect(work.reflectionEnding.some((w: { caseId: string; due: string }) => w.caseId === id && w.due === soon)).toBe(true);
    expect(work.notifications.some((n: { kind: string; caseId: string }) => n.kind === 'reflection_ending' && n.caseId === id)).toBe(true);
    const coordWork = (await coord.get('/api/my-work')).body;
    expect(coordWork.decisions.some((w: { caseId: string; kind: string }) => w.caseId === id && w.kind === 'cg_due')).toBe(true);
  });
});

describe('cases: NRM settings', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('reads the defaults; only the authority admin changes them, within limits, audited; errors in the user\'s language', async () => {
    expect((await t.anonymous().get('/api/nrm/settings')).status).toBe(401);
    expect((await (await t.as(DEMO.analyst)).get('/api/nrm/settings')).status).toBe(403);
    const admin = await t.as(DEMO.admin);
    const read = await admin.get('/api/nrm/settings');
    expect(read.status).toBe(200);
    expect(read.body).toEqual({ reflectionDays: 30, rgWorkingDays: 5, weekendDays: [0, 6], followUpDays: 30 });
    expect((await (await t.as(DEMO['ngo-admin'])).put('/api/nrm/settings', { reflectionDays: 60 })).status).toBe(403);
    expect((await admin.put('/api/nrm/settings', { weekendDays: [4, 5, 6, 0] })).status).toBe(400);
    expect((await admin.put('/api/nrm/settings', { rgWorkingDays: 0 })).status).toBe(400);
    expect((await admin.put('/api/nrm/settings', { graceDays: 3 })).status).toBe(400);
    const ar = await admin.request('PUT', '/api/nrm/settings', { reflectionDays: 29 }, { headers: { 'x-jisr-locale': 'ar' } });
    expect(ar.status).toBe(400);
    expect(ar.body.error.field).toBe('reflectionDays');
    expect(ar.body.error.message).toMatch(/30/);
    expect(ar.body.error.message).toMatch(/[\u0600-\u06FF]/);
    const put = await admin.put('/api/nrm/settings', { reflectionDays: 45, rgWorkingDays: 3, weekendDays: [5, 6] });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ reflectionDays: 45, rgWorkingDays: 3, weekendDays: [5, 6], followUpDays: 30 });
    expect((await (await t.as(DEMO.caseworker)).get('/api/nrm/settings')).body.reflectionDays).toBe(45);
    const { rows } = await t.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'nrm.settings'");
    expect(rows[0].n).toBe(1);
  });
});

describe('cases: OpenAPI', () => {
  let t: TestApp;
  beforeAll(async () => { t = await createTestApp(); });
  afterAll(async () => { await t.close(); });

  it('documents the responses of the cases and referrals routes', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).body;
    const ok = (path: string, method: string, status = '200') => doc.paths[path][method].responses[status];
    expect(ok('/api/cases/{id}', 'get').content['application/json'].schema.properties).toHaveProperty('nrmReferral');
    expect(ok('/api/cases', 'get').content['application/json'].schema.properties).toHaveProperty('totalIsLowerBound');
    expect(ok('/api/cases', 'post', '201').content['application/json'].schema.properties).toHaveProperty('id');
    expect(ok('/api/nrm/settings', 'get').content['application/json'].schema.properties).toHaveProperty('reflectionDays');
    expect(ok('/api/referrals', 'get').content['application/json'].schema.properties).toHaveProperty('incoming');
    expect(ok('/api/my-work', 'get').content['application/json'].schema.properties).toHaveProperty('decisions');
    expect(ok('/api/cases/{id}/transitions', 'post', '204')).toBeTruthy();
  });
});

describe('cases: the NRM referral behind a case, referred on, duplicates', () => {
  let t: TestApp;
  let cw: TestClient;
  let coord: TestClient;
  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.as(DEMO.caseworker);
    coord = await t.as(DEMO.coordinator);
  });
  afterAll(async () => { await t.close(); });
  const step = (c: TestClient, id: string, body: Record<string, unknown>) => c.post(`/api/cases/${id}/transitions`, body);

  it('shows the explained assessment and the non-punishment notice of the referral to the team and the authority, not to the referrer; audited', async () => {
    const version = currentIndicatorSetVersion();
    const bundle = getIndicatorSet(version);
    const given = {
      ...answersOf('no', 'core.under_18', 'core.appears_under_18'),
      ...answersOf('yes', 'core.gate_criminality', 'forced-criminality.theft', 'forced-criminality.compelled'),
    };
    const assessment = assess({ answers: completeWith(bundle, given, 'no', { isChild: false }), isChild: false, setVersion: version });
    expect(assessment.nonPunishmentNotice).toBe(true);
    const refId = await makeNrmReferral(t, { createdByEmail: DEMO.responder, toOrgId: t.orgIds.ngo1, forms: ['forced-criminality'] });
    await t.db.query('UPDATE nrm_referrals SET assessment = $2, set_version = $3, non_punishment = true WHERE id = $1', [refId, JSON.stringify(assessment), version]);
    const pre = (await cw.get(`/api/cases/prefill?referral=${refId}`)).body;
    const id = (await cw.post('/api/cases', { person: pre.person, victim: pre.victim, consent: pre.consent, nrmReferralId: refId })).body.id;

    const page = (await cw.get(`/api/cases/${id}`)).body;
    expect(page.nrmReferral).toMatchObject({ id: refId, nonPunishment: true, recommendation: 'refer_presumed_victim' });
    expect(page.nrmReferral.assessment.nonPunishmentNotice).toBe(true);
    expect(page.nrmReferral.assessment.elements.act.status).toBeTruthy();
    const cited = page.nrmReferral.assessment.nonPunishmentBasis.map((s: { questionId: string }) => s.questionId);
    expect(cited.length).toBeGreaterThan(0);
    for (const q of cited) expect(page.nrmReferral.questions[q].text.ar).toBeTruthy();
    expect((await coord.get(`/api/cases/${id}`)).body.nrmReferral.assessment).not.toBeNull();
    const responder = await t.as(DEMO.responder);
    expect((await responder.get(`/api/cases/${id}`)).body.nrmReferral).toBeNull();
    expect((await (await t.as(DEMO.caseworker2)).get(`/api/cases/${id}`)).status).toBe(404);
    const { rows } = await t.db.query<{ details: Record<string, unknown> }>("SELECT details FROM audit_log WHERE action = 'case.read' AND resource_id = $1 ORDER BY id", [id]);
    expect(rows.some((r) => r.details.nrmReferralId === refId)).toBe(true);
    // A case opened directly has no referral behind it.
    const direct = (await cw.post('/api/cases', caseBody())).body.id;
    expect((await cw.get(`/api/cases/${direct}`)).body.nrmReferral).toBeNull();
  });

  it('"referred on" names the receiving organisation and services, shown in the timeline', async () => {
    const id = (await cw.post('/api/cases', caseBody({ first: 'Lina', second: 'Mansour' }))).body.id;
    await step(coord, id, { transition: 'rg_decision', outcome: 'positive', reasons: 'ok' });
    await step(coord, id, { transition: 'cg_decision', outcome: 'positive', reasons: 'ok' });
    const missing = await step(cw, id, { transition: 'refer_on' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.code).toBe('cases.receiving_org_required');
    expect((await step(cw, id, { transition: 'refer_on', toOrgId: t.orgIds.ngo1 })).body.error.code).toBe('cases.receiving_org_invalid');
    expect((await step(cw, id, { transition: 'refer_on', toOrgId: crypto.randomUUID() })).status).toBe(400);
    expect((await step(cw, id, { transition: 'refer_on', toOrgId: t.orgIds.ngo2, services: ['nope'] })).status).toBe(400);
    expect((await step(cw, id, { transition: 'refer_on', toOrgId: t.orgIds.ngo2, services: ['shelter', 'legal'] })).status).toBe(204);
    const c = (await cw.get(`/api/cases/${id}`)).body;
    expect(c.state).toBe('referred_on');
    const e = c.timeline.find((x: { action: string }) => x.action === 'nrm.refer_on');
    expect(e.toOrg.id).toBe(t.orgIds.ngo2);
    expect(e.toOrg.name).toMatch(/Passerelle/);
    expect(e.details.services).toEqual(['shelter', 'legal']);
    const { rows } = await t.db.query<{ details: Record<string, unknown> }>("SELECT details FROM audit_log WHERE action = 'case.refer_on' AND resource_id = $1", [id]);
    expect(rows[0].details).toMatchObject({ toOrgId: t.orgIds.ngo2, services: ['shelter', 'legal'] });
  });

  it('treats a birth date with day and month swapped as a possible duplicate, not any other date', async () => {
    const mine = (await cw.post('/api/cases', caseBody({ first: 'Rania', second: 'Khoury', birthdate: '1990-03-07', citizenship: 'LB' }))).body.id;
    const other = await t.as(DEMO.caseworker2);
    // Citizenship unknown on their side: only the birth date (day and month swapped) can agree.
    const body = caseBody({ first: 'Khoury', second: 'Rania', birthdate: '1990-07-03' });
    const { prs_Citizenship: _unknown, ...person } = body.person;
    void _unknown;
    const swapped = (await other.post('/api/cases', { ...body, person })).body.id;
    const differs = (await other.post('/api/cases', caseBody({ first: 'Rania', second: 'Khoury', birthdate: '1990-03-08', citizenship: 'SY' }))).body.id;
    const dups = (await cw.get(`/api/cases/${mine}`)).body.duplicates;
    expect(dups).toHaveLength(1);
    expect(dups[0]).toMatchObject({ sameBirthdate: true, sameCitizenship: false });
    expect(dups[0].contactOrg).toMatch(/Passerelle/);
    const theirs = (await other.get(`/api/cases/${swapped}`)).body.duplicates;
    expect(theirs).toHaveLength(1);
    expect((await other.get(`/api/cases/${differs}`)).body.duplicates).toHaveLength(0);
  });
});
