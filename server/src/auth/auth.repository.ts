import type { Queryable } from '../db/db';
import type { Role, OrgType, Locale } from '../../../common/roles';

/** A user row joined with the facts about their organisation that sign-in needs. */
export interface UserAuthRow {
  id: string;
  org_id: string;
  org_type: OrgType;
  org_require_totp: boolean;
  email: string;
  display_name: string;
  role: Role;
  password_hash: string;
  locale: Locale;
  totp_secret_enc: string | null;
  totp_enabled: boolean;
  totp_last_step: string | null;
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
}

const USER_AUTH_SELECT = `SELECT u.id, u.org_id, o.org_type, o.require_totp AS org_require_totp, u.email, u.display_name, u.role,
  u.password_hash, u.locale, u.totp_secret_enc, u.totp_enabled, u.totp_last_step::text AS totp_last_step,
  u.failed_logins, u.locked_until, u.disabled
  FROM users u JOIN orgs o ON o.id = u.org_id`;

/** Finds a user for sign-in by e-mail, case-insensitively. */
export async function findUserByEmail(q: Queryable, email: string): Promise<UserAuthRow | undefined> {
  const { rows } = await q.query<UserAuthRow>(`${USER_AUTH_SELECT} WHERE lower(u.email) = lower($1)`, [email]);
  return rows[0];
}

/** Finds a user for sign-in by id. */
export async function findUserById(q: Queryable, id: string): Promise<UserAuthRow | undefined> {
  const { rows } = await q.query<UserAuthRow>(`${USER_AUTH_SELECT} WHERE u.id = $1`, [id]);
  return rows[0];
}

/** Records a failed sign-in; locks the account for lockMinutes once maxFailures is reached. Returns the new lock time. */
export async function recordFailedLogin(q: Queryable, userId: string, maxFailures: number, lockMinutes: number): Promise<Date | null> {
  const { rows } = await q.query<{ locked_until: Date | null }>(
    `UPDATE users SET
       failed_logins = CASE WHEN failed_logins + 1 >= $2 THEN 0 ELSE failed_logins + 1 END,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE id = $1 RETURNING locked_until`,
    [userId, maxFailures, lockMinutes],
  );
  return rows[0]?.locked_until ?? null;
}

/** Clears the failure counter after a successful sign-in. */
export async function clearFailedLogins(q: Queryable, userId: string): Promise<void> {
  await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1', [userId]);
}

/** Counts a hit against a fixed-window limit kept in the database (shared by all app instances). */
export async function hitRateLimit(q: Queryable, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  const { rows } = await q.query<{ hits: number; window_start: Date }>(
    `INSERT INTO rate_limits (key, window_start, hits) VALUES ($1, now(), 1)
     ON CONFLICT (key) DO UPDATE SET
       hits = CASE WHEN rate_limits.window_start < now() - make_interval(secs => $2) THEN 1 ELSE rate_limits.hits + 1 END,
       window_start = CASE WHEN rate_limits.window_start < now() - make_interval(secs => $2) THEN now() ELSE rate_limits.window_start END
     RETURNING hits, window_start`,
    [key, windowSeconds],
  );
  const r = rows[0];
  return { hits: r.hits, resetAt: new Date(new Date(r.window_start).getTime() + windowSeconds * 1000) };
}

/** A session row as resolved for a request. */
export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  stage: 'totp' | 'enrol' | 'active';
}

/** Reads a fixed-window counter without counting a hit; zero when the window has passed. */
export async function peekRateLimit(q: Queryable, key: string, windowSeconds: number): Promise<{ hits: number; resetAt: Date }> {
  const { rows } = await q.query<{ hits: number; window_start: Date }>(
    'SELECT hits, window_start FROM rate_limits WHERE key = $1 AND window_start >= now() - make_interval(secs => $2)',
    [key, windowSeconds],
  );
  const r = rows[0];
  return r ? { hits: r.hits, resetAt: new Date(new Date(r.window_start).getTime() + windowSeconds * 1000) } : { hits: 0, resetAt: new Date() };
}

/** Stores a new session. */
export async function insertSession(
  q: Queryable,
  s: { tokenHash: string; userId: string; csrfToken: string; stage: SessionRow['stage']; maxSeconds: number; ip: string },
): Promise<void> {
  await q.query(
    `INSERT INTO sessions (token_hash, user_id, csrf_token, stage, expires_at, ip)
     VALUES ($1, $2, $3, $4, now() + make_interval(secs => $5), $6)`,
    [s.tokenHash, s.userId, s.csrfToken, s.stage, s.maxSeconds, s.ip],
  );
}

/**
 * Finds a live session (not past its absolute expiry, active within the idle window) and
 * marks it seen. Returns undefined for an unknown or expired session.
 */
export async function touchSession(q: Queryable, tokenHash: string, idleSeconds: number): Promise<SessionRow | undefined> {
  const { rows } = await q.query<SessionRow>(
    `UPDATE sessions SET last_seen_at = now()
     WHERE token_hash = $1 AND expires_at > now() AND last_seen_at > now() - make_interval(secs => $2)
     RETURNING token_hash, user_id, csrf_token, stage`,
    [tokenHash, idleSeconds],
  );
  return rows[0];
}

/** Ends one session. */
export async function deleteSession(q: Queryable, tokenHash: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
}

/** Ends every session of a user (password change, disabled account). */
export async function deleteUserSessions(q: Queryable, userId: string): Promise<void> {
  await q.query('DELETE FROM sessions WHERE user_id = $1', [userId]);
}

/** Removes expired sessions and stale rate-limit windows. */
export async function purgeExpired(q: Queryable, idleSeconds: number): Promise<void> {
  await q.query(`DELETE FROM sessions WHERE expires_at < now() OR last_seen_at < now() - make_interval(secs => $1)`, [idleSeconds]);
  await q.query(`DELETE FROM rate_limits WHERE window_start < now() - interval '1 day'`);
}

/** Stores a (not yet confirmed) TOTP secret. */
export async function setTotpSecret(q: Queryable, userId: string, secretEnc: string | null, enabled: boolean): Promise<void> {
  await q.query('UPDATE users SET totp_secret_enc = $2, totp_enabled = $3, totp_last_step = NULL, updated_at = now() WHERE id = $1', [userId, secretEnc, enabled]);
}

/** Records the last TOTP time step used, refusing a step already used (replay). Returns false on replay. */
export async function useTotpStep(q: Queryable, userId: string, step: number): Promise<boolean> {
  const { rowCount } = await q.query(
    'UPDATE users SET totp_last_step = $2 WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $2)',
    [userId, step],
  );
  return rowCount > 0;
}

/** Promotes a session to a new stage under a new token (prevents session fixation). */
export async function promoteSession(q: Queryable, oldHash: string, newHash: string, csrfToken: string, stage: SessionRow['stage'], maxSeconds: number): Promise<void> {
  await q.query(
    `UPDATE sessions SET token_hash = $2, csrf_token = $3, stage = $4, last_seen_at = now(), expires_at = now() + make_interval(secs => $5)
     WHERE token_hash = $1`,
    [oldHash, newHash, csrfToken, stage, maxSeconds],
  );
}

/** Replaces a user's password hash. */
export async function setPasswordHash(q: Queryable, userId: string, hash: string): Promise<void> {
  await q.query('UPDATE users SET password_hash = $2, updated_at = now() WHERE id = $1', [userId, hash]);
}

/** Saves the user's interface language. */
export async function setLocale(q: Queryable, userId: string, locale: Locale): Promise<void> {
  await q.query('UPDATE users SET locale = $2, updated_at = now() WHERE id = $1', [userId, locale]);
}
