import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';
import { generateCases } from '../../scripts/generate-cases';
import { exportJson, importJson } from '../src/exchange/htcds-json';
import { exportCsv } from '../src/exchange/htcds-csv';
import { unzipFiles, zipFiles } from '../src/exchange/zip';
import { importHtcds, ImportRejected } from '../src/exchange/exchange.service';
import { importJsonInWorker } from '../src/exchange/import-worker-client';
import { importCaseBundleChunks } from '../src/cases/case-htcds.service';
import type { Actor } from '../src/auth/policy';
import fs from 'node:fs';
import { sharedBuffer } from '../src/http/shared-body';

describe('HTCDS 2.0 exchange over HTTP', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => t?.close());

  it('refuses anonymous (401), analysts (403) and validates the body (400)', async () => {
    expect((await t.anonymous().get('/api/exchange/htcds/export')).status).toBe(401);
    const analyst = await t.as(DEMO.analyst);
    expect((await analyst.get('/api/exchange/htcds/export')).status).toBe(403);
    expect((await analyst.post('/api/exchange/htcds/import', { format: 'json', document: '{}' })).status).toBe(403);
    const cw = await t.as(DEMO.caseworker);
    expect((await cw.post('/api/exchange/htcds/import', { format: 'xml', document: '' })).status).toBe(400);
  });

  it('imports a JSON document, exports it again as JSON and as a ZIP of CSV per table, losing nothing coded; identifying fields only on request, audited', async () => {
    const cw = await t.as(DEMO.caseworker);
    const bundles = generateCases(12, 3);
    const imported = await cw.post('/api/exchange/htcds/import', { format: 'json', document: exportJson(bundles) });
    expect(imported.status).toBe(201);
    expect(imported.body.created).toBe(12);

    const full = await cw.get('/api/exchange/htcds/export?format=json&identifying=true');
    expect(full.status).toBe(200);
    expect(String(full.headers['content-disposition'])).toContain('.json');
    const back = importJson(JSON.stringify(full.body));
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    expect(back.bundles).toHaveLength(12);
    const names = (bs: typeof bundles) => bs.map((b) => b.prs.find((p) => p.prs_Id === b.cas.cas_PersonId)?.prs_FirstName).sort();
    expect(names(back.bundles)).toEqual(names(bundles));
    const coded = (bs: typeof bundles) => bs.map((b) => [b.vic[0]?.vic_TypeOfExploitation?.join(';'), b.prs.find((p) => p.prs_Id === b.cas.cas_PersonId)?.prs_Gender]).map(String).sort();
    expect(coded(back.bundles)).toEqual(coded(bundles));

    const plain = await cw.get('/api/exchange/htcds/export?format=json');
    expect(JSON.stringify(plain.body)).not.toContain(bundles[0].prs.find((p) => p.prs_Id === bundles[0].cas.cas_PersonId)!.prs_FirstName!);

    const zip = await t.app.inject({ method: 'GET', url: '/api/exchange/htcds/export?format=zip', headers: { cookie: cw.cookieHeader() } });
    expect(zip.statusCode).toBe(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipFiles(zip.rawPayload);
    expect(files.map((f) => f.name).sort()).toEqual(['cas.csv', 'cco.csv', 'consent.csv', 'hte.csv', 'org.csv', 'per.csv', 'prs.csv', 'spl.csv', 'vic.csv']);

    const audit = await t.db.query<{ details: { includeIdentifying: boolean } }>("SELECT details FROM audit_log WHERE action = 'case.export' ORDER BY id");
    expect(audit.rows.map((r) => r.details.includeIdentifying)).toEqual([true, false, false]);
  });

  it('imports an HTCDS JSON document sent as the request body (bytes, UTF-8 with a byte order mark too), all or nothing, problems in the user language', async () => {
    const json = { 'content-type': 'application/json' };
    const analyst = await t.as(DEMO.analyst);
    expect((await analyst.request('POST', '/api/exchange/htcds/import/document', exportJson(generateCases(2, 8)), { headers: json })).status).toBe(403);
    const cw = await t.as(DEMO.caseworker);
    const bundles = generateCases(5, 9);
    // Free text with what bulk loading (COPY) must escape: tab, newline, carriage return, backslash.
    const tricky = 'line one\nline\ttwo\r\n back\\slash \\N « ملاحظة »';
    bundles[2].cco = [{ cco_Id: 'cco-tricky', cco_CaseId: bundles[2].cas.cas_Id, cco_CaseComment: tricky }];
    const text = exportJson(bundles);
    expect((await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers: json, withCsrf: false })).status).toBe(403);
    const before = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const ok = await cw.request('POST', '/api/exchange/htcds/import/document', withBom, { headers: json });
    expect(ok.status).toBe(201);
    expect(ok.body.created).toBe(5);
    const after = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    expect(after - before).toBe(5);
    const exported = await cw.get('/api/exchange/htcds/export?format=json&identifying=true');
    const comments = (exported.body as { cases: Array<{ cco?: Array<{ cco_CaseComment?: string }> }> }).cases.flatMap((c) => c.cco ?? []).map((c) => c.cco_CaseComment);
    expect(comments).toContain(tricky);

    const doc = JSON.parse(text) as { cases: Array<{ prs: Array<Record<string, unknown>> }> };
    doc.cases[3].prs[0].prs_Gender = 'Sometimes';
    cw.locale = 'fr';
    const bad = await cw.request('POST', '/api/exchange/htcds/import/document', JSON.stringify(doc), { headers: json });
    cw.locale = 'en';
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toEqual([expect.objectContaining({ table: 'prs', row: 4, column: 'prs_Gender' })]);
    expect(bad.body.error.problems[0].message).toMatch(/Sometimes/);
    expect(bad.body.error.message).toBe('Le fichier présente 1 problème ; rien n’a été importé. Corrigez chaque ligne indiquée et importez-le de nouveau.');
    expect(Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n)).toBe(after);
    expect((await cw.request('POST', '/api/exchange/htcds/import/document', '', { headers: json })).status).toBe(400);
    // A body declared larger than the limit is refused before it is read, in the user's language.
    cw.locale = 'ar';
    const huge = await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers: { ...json, 'content-length': String(600 * 2 ** 20) } });
    cw.locale = 'en';
    expect(huge.status).toBe(413);
    expect(huge.body.error).toMatchObject({ code: 'payload_too_large', message: 'البيانات المرسلة كبيرة جدًا.' });
    expect(Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n)).toBe(after);
  });

  it('refuses a file the organisation already imported (409, when and how many, nothing imported) unless repeat=true; other organisations are not affected', async () => {
    const json = { 'content-type': 'application/json' };
    const text = exportJson(generateCases(4, 21));
    const count = async () => Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    const cw = await t.as(DEMO.caseworker);
    expect((await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers: json })).status).toBe(201);
    const after = await count();
    cw.locale = 'ar';
    const again = await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers: json });
    cw.locale = 'en';
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('exchange.already_imported');
    expect(again.body.error.message).toContain('سبق أن استوردت منظمتك هذا الملف');
    // The same content through the other route (JSON wrapper) is the same file.
    const wrapped = await cw.post('/api/exchange/htcds/import', { format: 'json', document: text });
    expect(wrapped.status).toBe(409);
    expect(wrapped.body.error.message).toMatch(/already imported this file on .* \(4 cases\)/);
    expect(await count()).toBe(after);
    const repeated = await cw.request('POST', '/api/exchange/htcds/import/document?repeat=true', text, { headers: json });
    expect(repeated.status).toBe(201);
    expect(await count()).toBe(after + 4);
    // Another organisation importing the same file is not refused.
    const other = await t.as(DEMO.caseworker2);
    expect((await other.request('POST', '/api/exchange/htcds/import/document', text, { headers: json })).status).toBe(201);
    const rows = await t.db.query<{ digest: string; repeat: boolean; cases: number }>('SELECT digest, repeat, cases FROM htcds_imports ORDER BY created_at');
    expect(rows.rows.filter((r) => r.digest === rows.rows.at(-1)!.digest).map((r) => [r.repeat, r.cases])).toEqual([[false, 4], [true, 4], [false, 4]]);
    expect(rows.rows.every((r) => !r.digest.includes(text.slice(0, 20)))).toBe(true);
  });

  it('imports CSV per table and a ZIP; a bad file reports every bad row and column in the user language and imports nothing', async () => {
    const cw = await t.as(DEMO.caseworker, 'fr');
    const before = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    const files = exportCsv(generateCases(3, 9));
    const zipped = zipFiles(Object.entries(files).map(([k, v]) => ({ name: `${k}.csv`, content: v })));
    const ok = await cw.post('/api/exchange/htcds/import', { format: 'zip', base64: zipped.toString('base64') });
    expect(ok.status).toBe(201);
    expect(ok.body.created).toBe(3);

    const broken = { ...files };
    const lines = broken.prs.trimEnd().split('\n');
    const header = lines[0].split(',');
    const gender = header.indexOf('prs_Gender');
    const birth = header.indexOf('prs_Birthdate');
    const row = lines[1].split(',');
    row[gender] = 'Nope';
    row[birth] = '1999-13-40';
    lines[1] = row.join(',');
    broken.prs = `${lines.join('\n')}\n`;
    const bad = await cw.post('/api/exchange/htcds/import', { format: 'csv', files: broken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('exchange.import_rejected');
    expect(bad.body.error.message).toContain('rien n’a été importé');
    const problems = bad.body.error.problems as Array<{ table: string; row: number; column: string; message: string }>;
    expect(problems.map((p) => `${p.table}:${p.row}:${p.column}`).sort()).toEqual(['prs:2:prs_Birthdate', 'prs:2:prs_Gender']);
    expect(problems.every((p) => p.message.length > 0)).toBe(true);
    const after = await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM cases');
    expect(after.rows[0].n).toBe(before.rows[0].n + 3);
  });

  it('answers an import with progress lines when asked (application/x-ndjson), then the status and body the plain answer would have', async () => {
    const headers = { 'content-type': 'application/json', accept: 'application/x-ndjson' };
    // (the test client parses a one-line answer as JSON already)
    const lines = (body: unknown) => (typeof body === 'string' ? body.trimEnd().split('\n').map((l) => JSON.parse(l) as object) : [body]) as Array<{ progress?: { written: number; total: number }; status?: number; body?: { created?: number; error?: { code: string; problems?: Array<{ row: number; column: string }> } } }>;
    const cw = await t.as(DEMO.caseworker);
    const text = exportJson(generateCases(4500, 41));
    const ok = await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers });
    expect(ok.status).toBe(200);
    expect(String(ok.headers['content-type'])).toContain('application/x-ndjson');
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    const got = lines(ok.body);
    const progress = got.filter((l) => l.progress).map((l) => l.progress!);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.at(-1)).toEqual({ written: 4500, total: 4500 });
    expect(progress.every((p, i) => i === 0 || p.written > progress[i - 1].written)).toBe(true);
    expect(got.at(-1)).toMatchObject({ status: 201, body: { created: 4500 } });

    const again = lines((await cw.request('POST', '/api/exchange/htcds/import/document', text, { headers })).body);
    expect(again).toEqual([expect.objectContaining({ status: 409, body: expect.objectContaining({ error: expect.objectContaining({ code: 'exchange.already_imported' }) }) })]);

    const doc = JSON.parse(exportJson(generateCases(3, 42))) as { cases: Array<{ prs: Array<Record<string, unknown>> }> };
    doc.cases[1].prs[0].prs_Gender = 'Sometimes';
    const before = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
    const bad = lines((await cw.request('POST', '/api/exchange/htcds/import/document', JSON.stringify(doc), { headers })).body);
    expect(bad.at(-1)!.status).toBe(400);
    expect(bad.at(-1)!.body!.error!.problems!.map((p) => [p.row, p.column])).toEqual([[2, 'prs_Gender']]);
    expect(Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n)).toBe(before);
  });

  describe('a large JSON document read in a worker thread', () => {
    const actorOf = async (email: string): Promise<Actor> => {
      const { rows } = await t.db.query<{ id: string; org_id: string }>('SELECT id, org_id FROM users WHERE email = $1', [email]);
      return { userId: rows[0].id, orgId: rows[0].org_id, role: 'caseworker', orgType: 'ngo', locale: 'en' };
    };
    const casesOf = async (ids: string[]) => (await t.db.query<{ reference: string; nrm_state: string; exploitation_types: string[]; records: string; team: string; events: string }>(
      `SELECT c.reference, c.nrm_state, c.exploitation_types,
              (SELECT string_agg(kind, ',' ORDER BY kind) FROM case_records r WHERE r.case_id = c.id) AS records,
              (SELECT count(*) FROM case_team m WHERE m.case_id = c.id)::text AS team,
              (SELECT count(*) FROM case_events_log e WHERE e.case_id = c.id)::text AS events
         FROM cases c WHERE c.id = ANY($1::uuid[]) ORDER BY array_position($1::uuid[], c.id)`, [ids])).rows;
    const withoutNumber = (rows: Awaited<ReturnType<typeof casesOf>>) => rows.map((r) => ({ ...r, reference: r.reference.slice(0, 7) }));

    it('imports the same cases as this thread, reports the same problems, and leaves cross-case documents to the whole-document reader', async () => {
      const cw = await actorOf(DEMO.caseworker);
      const text = exportJson(generateCases(30, 17));
      const inWorker = await importHtcds(t.deps, cw, { format: 'json', document: Buffer.from(text) }, 'en', { workerFrom: 0 });
      const here = await importHtcds(t.deps, cw, { format: 'json', document: Buffer.from(text) }, 'en', { workerFrom: Infinity, repeat: true });
      expect(inWorker.created).toBe(30);
      const a = await casesOf(inWorker.caseIds);
      expect(a).toHaveLength(30);
      expect(new Set(a.map((r) => r.reference)).size).toBe(30);
      expect(a.every((r) => /^C-\d{4}-\d{6}$/.test(r.reference) && r.team === '1' && r.events === '1')).toBe(true);
      expect(withoutNumber(a)).toEqual(withoutNumber(await casesOf(here.caseIds)));

      const doc = JSON.parse(text) as { cases: Array<{ prs: Array<Record<string, unknown>> }> };
      doc.cases[3].prs[0].prs_Gender = 'Sometimes';
      const before = Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
      const problems = async (workerFrom: number) => {
        const error = await importHtcds(t.deps, cw, { format: 'json', document: Buffer.from(JSON.stringify(doc)) }, 'fr', { workerFrom, repeat: true }).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImportRejected);
        return (error as ImportRejected).problems;
      };
      const refused = await problems(0);
      expect(refused.map((p) => [p.row, p.column])).toEqual([[4, 'prs_Gender']]);
      expect(refused).toEqual(await problems(Infinity));
      expect(Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n)).toBe(before);

      const linked = JSON.parse(exportJson(generateCases(3, 5))) as { cases: Array<{ cas: Record<string, unknown>; hte: Array<Record<string, unknown>> }> };
      linked.cases[2].hte[0].hte_CaseId = linked.cases[0].cas.cas_Id;
      const fallback = await importHtcds(t.deps, cw, { format: 'json', document: Buffer.from(JSON.stringify(linked)) }, 'en', { workerFrom: 0 });
      expect(fallback.created).toBe(3);
    });

    it('reads a document in shared memory (as the server receives one) while it is hashed: the same cases; a repeat is refused with nothing written', async () => {
      const cw = await actorOf(DEMO.caseworker);
      const shared = (text: string) => {
        const bytes = sharedBuffer(Buffer.byteLength(text));
        bytes.write(text);
        return bytes;
      };
      const count = async () => Number((await t.db.query<{ n: string }>('SELECT count(*)::text AS n FROM cases')).rows[0].n);
      const text = exportJson(generateCases(12, 41));
      const first = await importHtcds(t.deps, cw, { format: 'json', document: shared(text) }, 'en', { workerFrom: 0 });
      expect(first.created).toBe(12);
      const here = await importHtcds(t.deps, cw, { format: 'json', document: Buffer.from(text) }, 'en', { workerFrom: Infinity, repeat: true });
      expect(withoutNumber(await casesOf(first.caseIds))).toEqual(withoutNumber(await casesOf(here.caseIds)));
      const before = await count();
      const again = await importHtcds(t.deps, cw, { format: 'json', document: shared(text) }, 'en', { workerFrom: 0 }).catch((e: unknown) => e);
      expect((again as { code?: string }).code).toBe('exchange.already_imported');
      expect(await count()).toBe(before);
      // A document the chunked reader leaves to the whole-document reader is read again from the same shared bytes.
      const linked = JSON.parse(exportJson(generateCases(3, 42))) as { cases: Array<{ cas: Record<string, unknown>; hte: Array<Record<string, unknown>> }> };
      linked.cases[2].hte[0].hte_CaseId = linked.cases[0].cas.cas_Id;
      expect((await importHtcds(t.deps, cw, { format: 'json', document: shared(JSON.stringify(linked)) }, 'en', { workerFrom: 0 })).created).toBe(3);
      expect(await count()).toBe(before + 3);
    });

    const built = new URL('../../dist/server/import-worker.js', import.meta.url);
    it.skipIf(!fs.existsSync(built))('works from the built server (dist/server/import-worker.js), with one worker thread or two', async () => {
      const cw = await actorOf(DEMO.caseworker);
      for (const threads of [1, 2] as const) {
        const result = await importCaseBundleChunks(t.deps, cw, async (_sink, writer) => {
          const { result: outcome } = await importJsonInWorker(Buffer.from(exportJson(generateCases(7, 23 + threads))), writer, t.deps.cipher.exportKeyRing(), { script: built, chunkSize: 3, threads });
          expect(outcome).toEqual({ ok: true, cases: 7 });
        });
        expect(result.created).toBe(7);
        const cases = await casesOf(result.caseIds);
        expect(cases).toHaveLength(7);
        // Sealed in the worker with the server's keys: the server reads the identifying data back.
        const person = await t.db.query<{ person_enc: string }>('SELECT person_enc FROM cases WHERE id = $1', [result.caseIds[0]]);
        expect(() => t.deps.cipher.decrypt(person.rows[0].person_enc, 'cases.person')).not.toThrow();
      }
    });
  });
});
