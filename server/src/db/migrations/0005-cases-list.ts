/**
 * Cases list at scale: the next deadline of a case as a stored generated column with an index, so
 * "sort by next deadline" reads the index instead of sorting every visible case. PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `
ALTER TABLE cases ADD COLUMN next_due date GENERATED ALWAYS AS (LEAST(rg_due, reflection_ends, cg_due, follow_up_due)) STORED;
CREATE INDEX cases_next_due_idx ON cases (next_due ASC NULLS LAST, opened_at DESC, id DESC);
CREATE INDEX cases_owner_next_due_idx ON cases (owner_org_id, next_due ASC NULLS LAST, opened_at DESC);
CREATE INDEX case_team_case_idx ON case_team (case_id);
`;
