import type { Queryable } from '../db/db';
import type { Role, OrgType, Locale } from '../../../common/roles';

export interface OrgRow {
  id: string;
  name: string;
  org_type: OrgType;
  country: string;
  require_totp: boolean;
}

export interface UserRow {
  id: string;
  org_id: string;
  email: string;
  display_name: string;
  role: Role;
  locale: Locale;
  totp_enabled: boolean;
  disabled: boolean;
  locked_until: Date | null;
  supervisor_id: string | null;
  created_at: Date;
}

const USER_COLUMNS = 'id, org_id, email, display_name, role, locale, totp_enabled, disabled, locked_until, supervisor_id, created_at';

/** One organisation by id. */
export async function findOrg(q: Queryable, id: string): Promise<OrgRow | undefined> {
  const { rows } = await q.query<OrgRow>('SELECT id, name, org_type, country, require_totp FROM orgs WHERE id = $1', [id]);
  return rows[0];
}

/** All organisations, by name. */
export async function listOrgs(q: Queryable): Promise<OrgRow[]> {
  const { rows } = await q.query<OrgRow>('SELECT id, name, org_type, country, require_totp FROM orgs ORDER BY name');
  return rows;
}

/** Inserts an organisation. */
export async function insertOrg(q: Queryable, org: OrgRow): Promise<void> {
  await q.query('INSERT INTO orgs (id, name, org_type, country, require_totp) VALUES ($1, $2, $3, $4, $5)', [
    org.id, org.name, org.org_type, org.country, org.require_totp,
  ]);
}

/** Sets whether the organisation requires two-factor authentication. */
export async function setRequireTotp(q: Queryable, orgId: string, required: boolean): Promise<void> {
  await q.query('UPDATE orgs SET require_totp = $2 WHERE id = $1', [orgId, required]);
}

/** The users of one organisation (the only list query for users: always scoped to an organisation). */
export async function listUsersOfOrg(q: Queryable, orgId: string): Promise<UserRow[]> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE org_id = $1 ORDER BY display_name`, [orgId]);
  return rows;
}

/** One user by id. */
export async function findUser(q: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await q.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return rows[0];
}

/** True when an account with this e-mail exists (case-insensitive). */
export async function emailExists(q: Queryable, email: string): Promise<boolean> {
  const { rows } = await q.query('SELECT 1 FROM users WHERE lower(email) = lower($1)', [email]);
  return rows.length > 0;
}

/** Inserts a user. */
export async function insertUser(
  q: Queryable,
  u: { id: string; orgId: string; email: string; displayName: string; role: Role; passwordHash: string; locale: Locale },
): Promise<void> {
  await q.query(
    'INSERT INTO users (id, org_id, email, display_name, role, password_hash, locale) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [u.id, u.orgId, u.email, u.displayName, u.role, u.passwordHash, u.locale],
  );
}

/** Updates the given fields of a user. */
export async function updateUser(q: Queryable, id: string, patch: { role?: Role; disabled?: boolean; displayName?: string; supervisorId?: string | null }): Promise<void> {
  await q.query(
    `UPDATE users SET role = COALESCE($2, role), disabled = COALESCE($3, disabled), display_name = COALESCE($4, display_name),
       supervisor_id = CASE WHEN $5::boolean THEN $6::uuid ELSE supervisor_id END, updated_at = now() WHERE id = $1`,
    [id, patch.role ?? null, patch.disabled ?? null, patch.displayName ?? null, patch.supervisorId !== undefined, patch.supervisorId ?? null],
  );
}

/** Unlocks an account locked by failed sign-ins. */
export async function unlockUser(q: Queryable, id: string): Promise<void> {
  await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [id]);
}
