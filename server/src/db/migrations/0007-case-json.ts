/**
 * Codes of a case kept as JSON (`victim`, `person_coded`, `consent` of cases, `coded` of case
 * records, `details` of case timeline entries) are `json`, not `jsonb`: Jisr writes them whole
 * (JSON.stringify) and reads them whole, and no query looks inside them but `consent->>'referral'`,
 * which `json` has too. `json` keeps the text as written once checked, where `jsonb` takes it apart
 * into its binary form on every write and puts it back together on every read: a fifth of the cost
 * of loading a case row (measured with COPY on PGlite), on every import, save and read. A later
 * need for containment queries or indexes inside them would convert them back in a migration.
 *
 * The keys to the referring user and the NRM referral of a case are set only for cases opened from
 * a referral (never for imported ones): their indexes hold those rows only (a lookup by a value is
 * a lookup of a non-null value, which such a partial index serves).
 * PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `
ALTER TABLE cases
  ALTER victim DROP DEFAULT, ALTER victim TYPE json USING victim::json, ALTER victim SET DEFAULT '{}'::json,
  ALTER person_coded DROP DEFAULT, ALTER person_coded TYPE json USING person_coded::json, ALTER person_coded SET DEFAULT '{}'::json,
  ALTER consent DROP DEFAULT, ALTER consent TYPE json USING consent::json, ALTER consent SET DEFAULT '{}'::json;
ALTER TABLE case_records ALTER coded DROP DEFAULT, ALTER coded TYPE json USING coded::json, ALTER coded SET DEFAULT '{}'::json;
ALTER TABLE case_events_log ALTER details DROP DEFAULT, ALTER details TYPE json USING details::json, ALTER details SET DEFAULT '{}'::json;

DROP INDEX cases_referred_by_idx;
CREATE INDEX cases_referred_by_idx ON cases (referred_by) WHERE referred_by IS NOT NULL;
DROP INDEX cases_nrm_referral_idx;
CREATE INDEX cases_nrm_referral_idx ON cases (nrm_referral_id) WHERE nrm_referral_id IS NOT NULL;
`;
