/**
 * Codes and keyed hashes of cases compared byte by byte (`COLLATE "C"`): case references, NRM
 * states, citizenship codes, types of exploitation, record kinds and the blind indexes of names
 * and birth dates are ASCII identifiers or base64url, only ever compared with each other or looked
 * up exactly, never sorted for people to read. Under a server's language collation (C.UTF-8 or
 * en_US, the cluster's default) every comparison goes through the C library's strcoll, and sorts
 * cannot use abbreviated keys (100,000 imported cases on PostgreSQL 15, indexes built after the
 * load with parallel workers: birth-date hashes 93 ms before, 80 ms after; references 81 and 73 ms;
 * the rest within the noise). A `LIKE 'C-2026-%'` on references can now use their index too. Comparisons with
 * text of the default collation (parameters, literals, other columns) take the column's collation.
 * PGlite's databases are already C: nothing changes there but the index dropped below.
 *
 * `case_team_case_idx` (case_id) is dropped: the team's primary key (case_id, user_id) begins with
 * the same column and serves the same look-ups, and every imported case added a row to both.
 * PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `
DROP INDEX case_team_case_idx;
ALTER TABLE cases
  ALTER reference TYPE text COLLATE "C",
  ALTER nrm_state TYPE text COLLATE "C",
  ALTER citizenship TYPE text COLLATE "C",
  ALTER exploitation_types TYPE text[] COLLATE "C",
  ALTER name_index TYPE text[] COLLATE "C",
  ALTER birthdate_index TYPE text COLLATE "C";
ALTER TABLE case_records ALTER kind TYPE text COLLATE "C";
`;
