import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from '../db';
import { migrate } from '../migrate';
import { migrations } from './index';

describe('migration 0007 (case codes as json) on an installation with cases', () => {
  let db: Db;
  const org = '0190a0a0-0000-7000-8000-000000000001';
  const caseId = '0190a0a0-0000-7000-8000-0000000000c1';
  const victim = { vic_TraffickingStatus: 'PossibleVictimOfTrafficking', vic_TypeOfExploitation: ['ForcedLabour'], vic_AgeWhenTrafficked: 30, note: 'عربي « é »' };
  beforeAll(async () => {
    db = await openDb({});
    const upTo = migrations.findIndex((m) => m.id === '0007_case_json');
    expect(upTo).toBeGreaterThan(0);
    await migrate(db, migrations.slice(0, upTo));
    await db.query("INSERT INTO orgs (id, name, org_type) VALUES ($1, 'NGO', 'ngo')", [org]);
    await db.query(
      `INSERT INTO cases (id, reference, owner_org_id, nrm_state, registration_year, person_enc, victim, consent, referred_by)
       VALUES ($1, 'C-2026-000001', $2, 'referred', 2026, 'v1:x', $3::jsonb, '{"referral": true}'::jsonb, NULL)`,
      [caseId, org, JSON.stringify(victim)],
    );
    await db.query(`INSERT INTO case_records (id, case_id, kind, coded) VALUES (gen_random_uuid(), $1, 'event', '{"hte_Type": "Exploitation"}'::jsonb)`, [caseId]);
    await db.query(`INSERT INTO case_events_log (case_id, action, details) VALUES ($1, 'case.opened', '{"state": "referred"}'::jsonb)`, [caseId]);
    expect(await migrate(db)).toEqual(migrations.slice(upTo).map((m) => m.id));
  });
  afterAll(async () => db?.close());

  it('keeps every case code, now as json, and what reads inside them still works', async () => {
    const types = await db.query<{ t: string; c: string }>(
      `SELECT table_name || '.' || column_name AS c, data_type AS t FROM information_schema.columns
        WHERE (table_name, column_name) IN (('cases', 'victim'), ('cases', 'person_coded'), ('cases', 'consent'), ('case_records', 'coded'), ('case_events_log', 'details'))
        ORDER BY 1`,
    );
    expect(types.rows).toEqual(['case_events_log.details', 'case_records.coded', 'cases.consent', 'cases.person_coded', 'cases.victim'].map((c) => ({ c, t: 'json' })));
    const { rows } = await db.query<{ victim: unknown; person_coded: unknown; referral: string }>("SELECT victim, person_coded, consent->>'referral' AS referral FROM cases WHERE id = $1", [caseId]);
    expect(rows).toEqual([{ victim, person_coded: {}, referral: 'true' }]);
    expect((await db.query('SELECT coded FROM case_records')).rows).toEqual([{ coded: { hte_Type: 'Exploitation' } }]);
    expect((await db.query('SELECT details FROM case_events_log')).rows).toEqual([{ details: { state: 'referred' } }]);
  });

  it('indexes the referring user and NRM referral of the cases that have them', async () => {
    const { rows } = await db.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname IN ('cases_referred_by_idx', 'cases_nrm_referral_idx') ORDER BY indexname");
    expect(rows.map((r) => r.indexdef)).toEqual([
      expect.stringMatching(/\(nrm_referral_id\) WHERE \(nrm_referral_id IS NOT NULL\)$/),
      expect.stringMatching(/\(referred_by\) WHERE \(referred_by IS NOT NULL\)$/),
    ]);
  });
});
