/**
 * Seeds the coded statistics columns of the `cases` table for statistics tests. Only the columns of
 * the contract with the cases capability and the ones it requires are written; the identifying
 * column gets an opaque placeholder. (Not a test file: no *.test.ts suffix.)
 */
import crypto from 'node:crypto';
import type { Db } from '../src/db/db';
import { generateCases } from '../../scripts/generate-cases';
import { bundleConsents, statRowFromBundle, statSetsFromBundle, type StatRow } from '../src/stats/stat-rows';

/** The whole sets of the multi-valued attributes of one case. */
export type StatSets = ReturnType<typeof statSetsFromBundle>;

/**
 * Inserts n generated cases (HTCDS generator, fixed seed); returns the rows, how many consent to
 * statistics, and the whole sets of multi-valued attributes of the consenting cases.
 */
export async function seedStatCases(db: Db, ownerOrgId: string, n: number, seed = 7): Promise<{ rows: StatRow[]; consenting: number; consentingSets: StatSets[] }> {
  const bundles = generateCases(n, seed);
  const rows: StatRow[] = [];
  const consentingSets: StatSets[] = [];
  let consenting = 0;
  const BATCH = 200;
  for (let i = 0; i < bundles.length; i += BATCH) {
    const params: unknown[] = [];
    const values: string[] = [];
    for (const b of bundles.slice(i, i + BATCH)) {
      const r = statRowFromBundle(b);
      const sets = statSetsFromBundle(b);
      // Most generated people consent; make one in ten refuse so the filter is exercised.
      const consent = bundleConsents(b) && rows.length % 10 !== 9;
      rows.push(r);
      if (consent) {
        consenting += 1;
        consentingSets.push(sets);
      }
      const p = params.length;
      params.push(
        crypto.randomUUID(), `T-${seed}-${rows.length}`, ownerOrgId, 'assistance', Number(r.year) || 2024, r.sex || null, r.age_group || 'unknown',
        r.citizenship || null, r.country_of_exploitation || null, sets.exploitation_type, sets.forced_labour_industry,
        sets.methods_of_control, sets.recruitment, sets.recruiter_relation, r.referring_org_type || null, consent, 'sealed',
      );
      values.push(`(${Array.from({ length: 17 }, (_, k) => `$${p + k + 1}`).join(', ')})`);
    }
    await db.query(
      `INSERT INTO cases (id, reference, owner_org_id, nrm_state, registration_year, sex, age_group, citizenship, country_of_exploitation,
         exploitation_types, forced_labour_industry, methods_of_control, recruitment_methods, recruiter_relation, referring_org_type,
         consent_statistics, person_enc) VALUES ${values.join(', ')}`,
      params,
    );
  }
  return { rows, consenting, consentingSets };
}
