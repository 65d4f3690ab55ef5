import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, makeUser, type TestApp, type TestClient } from './support/test-app';
import { caseBody, makeNrmReferral } from './support/cases-factory';
import { generateCases } from '../../scripts/generate-cases';
import { importCaseBundles } from '../src/cases/case-htcds.service';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

describe('referrals between organisations, consent, attachments, duplicates, list', () => {
  let t: TestApp;
  let cw: TestClient;
  let cw2: TestClient;
  let caseId: string;
  beforeAll(async () => {
    t = await createTestApp();
    cw = await t.as(DEMO.caseworker);
    cw2 = await t.as(DEMO.caseworker2);
    caseId = (await cw.post('/api/cases', caseBody())).body.id;
  });
  afterAll(async () => { await t.close(); });

  it('refers for named services; the receiver sees only a coded summary until it accepts, then what consent allows', async () => {
    const sent = await cw.post(`/api/cases/${caseId}/referrals`, { toOrgId: t.orgIds.ngo2, services: ['legal', 'compensation_claim'], note: 'Needs a lawyer' });
    expect(sent.status).toBe(201);
    expect((await cw.post(`/api/cases/${caseId}/referrals`, { toOrgId: t.orgIds.ngo1, services: ['legal'] })).status).toBe(400);
    const inbox = (await cw2.get('/api/referrals')).body;
    const incoming = inbox.incoming.find((r: { id: string }) => r.id === sent.body.id);
    expect(incoming).toMatchObject({ services: ['legal', 'compensation_claim'], note: 'Needs a lawyer', status: 'pending', summary: { sex: 'Feminine' } });
    expect(JSON.stringify(inbox)).not.toContain('Amina');
    expect((await cw2.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await cw2.post(`/api/referrals/${sent.body.id}/answer`, { accept: false })).status).toBe(400);
    expect((await cw.post(`/api/referrals/${sent.body.id}/answer`, { accept: true })).status).toBe(403);
    expect((await cw2.post(`/api/referrals/${sent.body.id}/answer`, { accept: true })).status).toBe(204);
    expect((await cw2.post(`/api/referrals/${sent.body.id}/answer`, { accept: true })).status).toBe(409);
    const seen = await cw2.get(`/api/cases/${caseId}`);
    expect(seen.status).toBe(200);
    expect(seen.body.relation).toBe('partner');
    expect(seen.body.person.prs_FirstName).toBeUndefined();
    expect(seen.body.person.prs_Gender).toBe('Feminine');
    expect(seen.body.perpetrators).toBeNull();
    expect(seen.body.attachments).toBeNull();
    expect(seen.body.details).toBeNull();
    expect((await cw2.post(`/api/cases/${caseId}/records/service`, { type: 'legal', date: '2026-01-10', outcome: 'ongoing', notes: 'First meeting' })).status).toBe(201);
    expect((await cw2.post(`/api/cases/${caseId}/records/perpetrator`, { prs_FirstName: 'X' })).status).toBe(403);
    expect((await cw2.patch(`/api/cases/${caseId}`, { isChild: true })).status).toBe(403);
    // With consent to share identity, the partner sees the name.
    expect((await cw.put(`/api/cases/${caseId}/consent`, { referral: true, shareIdentity: true, statistics: true })).status).toBe(204);
    expect((await cw2.get(`/api/cases/${caseId}`)).body.person.prs_FirstName).toBe('Amina');
    expect((await cw2.get('/api/cases')).body.cases[0].displayName).toBe('Amina Haddad');
    // Consent withdrawn: sharing stops at once, the history stays.
    expect((await cw.put(`/api/cases/${caseId}/consent`, { referral: false, shareIdentity: false, statistics: true })).status).toBe(204);
    expect((await cw2.get(`/api/cases/${caseId}`)).status).toBe(404);
    expect((await cw2.get('/api/cases')).body.total).toBe(0);
    const own = (await cw.get(`/api/cases/${caseId}`)).body;
    expect(own.timeline.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['referral.sent', 'referral.accepted', 'record.service', 'consent.changed']));
    expect(own.services[0]).toMatchObject({ type: 'legal', notes: 'First meeting', org: { id: t.orgIds.ngo2 } });
    expect((await cw.post(`/api/cases/${caseId}/referrals`, { toOrgId: t.orgIds.ngo2, services: ['legal'] })).status).toBe(409);
  });

  it('lets the sender revoke a pending referral, after which it cannot be answered', async () => {
    const id = (await cw.post('/api/cases', caseBody({ first: 'Rana' }))).body.id;
    const ref = (await cw.post(`/api/cases/${id}/referrals`, { toOrgId: t.orgIds.ngo2, services: ['shelter'] })).body.id;
    expect((await cw2.post(`/api/referrals/${ref}/revoke`)).status).toBe(403);
    expect((await cw.post(`/api/referrals/${ref}/revoke`)).status).toBe(204);
    expect((await cw2.post(`/api/referrals/${ref}/answer`, { accept: true })).status).toBe(409);
    expect((await cw2.get(`/api/cases/${id}`)).status).toBe(404);
  });

  it('permission matrix: role × relationship × action', async () => {
    const id = (await cw.post('/api/cases', caseBody({ first: 'Matrix', consent: { shareIdentity: false } }))).body.id;
    const partnerUser = await makeUser(t.db, t.orgIds.ngo2, 'caseworker');
    const partner = await t.as(partnerUser.email);
    const ref = (await cw.post(`/api/cases/${id}/referrals`, { toOrgId: t.orgIds.ngo2, services: ['medical'] })).body.id;
    await partner.post(`/api/referrals/${ref}/answer`, { accept: true });
    const colleague = await t.as((await makeUser(t.db, t.orgIds.ngo1, 'caseworker')).email);
    const actors: Record<string, TestClient> = {
      team: cw,
      colleagueNotOnTeam: colleague,
      orgAdmin: await t.as(DEMO['ngo-admin']),
      partner,
      otherOrgCaseworker: cw2, // same receiving org, not the one who accepted
      coordinator: await t.as(DEMO.coordinator),
      analyst: await t.as(DEMO.analyst),
      responderNotReferrer: await t.as(DEMO.responder),
    };
    const actions: Record<string, (c: TestClient) => Promise<{ status: number }>> = {
      read: (c) => c.get(`/api/cases/${id}`),
      update: (c) => c.patch(`/api/cases/${id}`, { residencePermit: 'applied' }),
      service: (c) => c.post(`/api/cases/${id}/records/service`, { type: 'medical', date: '2026-02-01', outcome: 'provided' }),
      refer: (c) => c.post(`/api/cases/${id}/referrals`, { toOrgId: t.orgIds.police, services: ['legal'] }),
      attach: (c) => c.post(`/api/cases/${id}/attachments`, { kind: 'medical_letter', fileName: 'a.pdf', contentBase64: PDF.toString('base64') }),
      decide: (c) => c.post(`/api/cases/${id}/transitions`, { transition: 'start_assessment' }),
    };
    const expected: Record<string, Record<string, number>> = {
      team: { read: 200, update: 204, service: 201, refer: 201, attach: 201, decide: 204 },
      colleagueNotOnTeam: { read: 404, update: 404, service: 404, refer: 404, attach: 404, decide: 404 },
      orgAdmin: { read: 403, update: 403, service: 403, refer: 403, attach: 403, decide: 403 },
      partner: { read: 200, update: 403, service: 201, refer: 403, attach: 403, decide: 403 },
      otherOrgCaseworker: { read: 404, update: 404, service: 404, refer: 404, attach: 404, decide: 404 },
      coordinator: { read: 200, update: 403, service: 403, refer: 403, attach: 403, decide: 409 },
      analyst: { read: 403, update: 403, service: 403, refer: 403, attach: 403, decide: 403 },
      responderNotReferrer: { read: 404, update: 403, service: 403, refer: 403, attach: 403, decide: 404 },
    };
    const got: Record<string, Record<string, number>> = {};
    for (const [who, client] of Object.entries(actors)) {
      got[who] = {};
      for (const [what, act] of Object.entries(actions)) got[who][what] = (await act(client)).status;
    }
    expect(got).toEqual(expected);
  });

  it('stores attachments encrypted, checks their type by content and size, and shows them under the case rules', async () => {
    const up = await cw.post(`/api/cases/${caseId}/attachments`, { kind: 'identity_document', fileName: 'passport.pdf', contentBase64: PDF.toString('base64') });
    expect(up.status).toBe(201);
    expect((await cw.post(`/api/cases/${caseId}/attachments`, { kind: 'other', fileName: 'x.pdf', contentBase64: Buffer.from('<html>not a pdf</html>').toString('base64') })).status).toBe(400);
    const big = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(5 * 1024 * 1024)]);
    expect((await cw.post(`/api/cases/${caseId}/attachments`, { kind: 'other', fileName: 'big.pdf', contentBase64: big.toString('base64') })).status).toBe(413);
    const res = await t.app.inject({ method: 'GET', url: `/api/cases/${caseId}/attachments/${up.body.id}`, headers: { cookie: cw.cookieHeader() } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Buffer.from(res.rawPayload).equals(PDF)).toBe(true);
    expect((await cw2.get(`/api/cases/${caseId}/attachments/${up.body.id}`)).status).toBe(404);
    const { rows } = await t.db.query<{ t: string }>('SELECT string_agg(x::text, \' \') AS t FROM case_attachments x');
    expect(rows[0].t).not.toContain('passport');
    expect(rows[0].t).not.toContain(PDF.toString('base64'));
  });

  it('detects possible duplicates across organisations and names only whom to contact', async () => {
    const mine = (await cw.post('/api/cases', caseBody({ first: 'Mohammed', second: 'Ben Ali', birthdate: '1990-03-01', citizenship: 'TN' }))).body.id;
    const theirs = (await cw2.post('/api/cases', caseBody({ first: 'محمد', second: 'بن علي', birthdate: '1990-03-01', citizenship: 'TN' }))).body.id;
    const view = (await cw2.get(`/api/cases/${theirs}`)).body;
    expect(view.duplicates).toHaveLength(1);
    expect(view.duplicates[0].caseId).toBeUndefined();
    expect(view.duplicates[0].contactOrg).toMatch(/Dar Al-Aman/);
    const coord = await t.as(DEMO.coordinator);
    const cv = (await coord.get(`/api/cases/${mine}`)).body;
    expect(cv.duplicates[0]).toMatchObject({ caseId: theirs, sameBirthdate: true });
    const unrelated = (await cw.post('/api/cases', caseBody({ first: 'Mohammed', second: 'Ben Ali', birthdate: '1985-07-07', citizenship: 'TN' }))).body.id;
    expect((await cw.get(`/api/cases/${unrelated}`)).body.duplicates.some((d: { caseId?: string }) => d.caseId === mine)).toBe(false);
    // Name search through the blind index.
    const found = (await cw.get('/api/cases?name=Muhammad%20Benali')).body;
    expect(found.cases.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([mine, unrelated]));
  });

  it('filters, sorts and pages the list', async () => {
    const { rows } = await t.db.query<{ id: string; org_type: string }>("SELECT u.id, o.org_type FROM users u JOIN orgs o ON o.id = u.org_id WHERE u.email = $1", [DEMO.caseworker]);
    await importCaseBundles(t.deps, { userId: rows[0].id, orgId: t.orgIds.ngo1, orgType: 'ngo', role: 'caseworker', locale: 'en' }, generateCases(60, 3));
    const all = (await cw.get('/api/cases?pageSize=10')).body;
    expect(all.cases).toHaveLength(10);
    expect(all.total).toBeGreaterThanOrEqual(60);
    const p2 = (await cw.get('/api/cases?pageSize=10&page=2')).body;
    expect(p2.cases[0].id).not.toBe(all.cases[0].id);
    const sex = (await cw.get('/api/cases?sex=Masculine&pageSize=100')).body;
    expect(sex.cases.every((c: { sex: string }) => c.sex === 'Masculine')).toBe(true);
    const fl = (await cw.get('/api/cases?exploitation=ForcedLabour&exploitation=ForcedCriminality&pageSize=100')).body;
    expect(fl.cases.every((c: { exploitationTypes: string[] }) => c.exploitationTypes.some((e) => e === 'ForcedLabour' || e === 'ForcedCriminality'))).toBe(true);
    const asc = (await cw.get('/api/cases?sort=opened_asc&pageSize=100')).body.cases.map((c: { openedAt: string }) => c.openedAt);
    expect([...asc].sort()).toEqual(asc);
    const dated = (await cw.get('/api/cases?openedFrom=2024-01-01&openedTo=2024-12-31&pageSize=100')).body;
    expect(dated.cases.every((c: { openedAt: string }) => c.openedAt.startsWith('2024'))).toBe(true);
    expect((await cw.get('/api/cases?state=nonsense')).status).toBe(400);
    expect((await cw2.get('/api/cases?pageSize=100')).body.cases.every((c: { ownerOrg: { id: string } }) => c.ownerOrg.id !== t.orgIds.ngo1)).toBe(true);
  });

  it('shows NRM referrals waiting for a case in my work', async () => {
    const ref = await makeNrmReferral(t, { createdByEmail: DEMO.inspector, toOrgId: t.orgIds.ngo1 });
    const w = (await cw.get('/api/my-work')).body;
    expect(w.nrmReferrals.map((r: { id: string }) => r.id)).toContain(ref);
    expect((await cw2.get('/api/my-work')).body.nrmReferrals.map((r: { id: string }) => r.id)).not.toContain(ref);
  });
});
