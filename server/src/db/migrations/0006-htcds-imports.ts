/**
 * HTCDS imports of each organisation, so that the same file is not imported twice by mistake (a
 * retried upload, a proxy that timed out while the import went on). `digest` is a keyed hash
 * (blind index) of the document's SHA-256, never the document. An import the user confirmed as a
 * repeat is recorded with `repeat = true`; the partial unique index makes a second, concurrent
 * first import of one file wait for the first and then fail. PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `
CREATE TABLE htcds_imports (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES orgs(id),
  user_id uuid NOT NULL REFERENCES users(id),
  digest text NOT NULL,
  format text NOT NULL CHECK (format IN ('json', 'csv', 'zip')),
  cases int NOT NULL DEFAULT 0,
  repeat boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX htcds_imports_first_key ON htcds_imports (org_id, digest) WHERE NOT repeat;
`;
