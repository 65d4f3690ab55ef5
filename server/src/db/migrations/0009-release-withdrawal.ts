/**
 * A published statistics release can be withdrawn (published by mistake, or found wrong): it leaves
 * the public page and the public API, which then show the newest release still published, and
 * analysts see who withdrew it, when and why. Its budget stays spent: what it released was public.
 * Valid on PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `
ALTER TABLE stat_releases DROP CONSTRAINT stat_releases_status_check;
ALTER TABLE stat_releases ADD CONSTRAINT stat_releases_status_check CHECK (status IN ('draft', 'published', 'withdrawn'));
ALTER TABLE stat_releases
  ADD COLUMN withdrawn_by uuid REFERENCES users(id),
  ADD COLUMN withdrawn_at timestamptz,
  ADD COLUMN withdrawal_reason text;
`;
