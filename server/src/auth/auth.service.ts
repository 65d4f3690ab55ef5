import crypto from 'node:crypto';
import type { Deps } from '../deps';
import { AppError } from '../http/app-error';
import { appendAudit, type AuditEntry } from '../audit/audit.repository';
import * as repo from './auth.repository';
import { hashPassword, verifyPassword, verifyDummy, assertPasswordStrength } from './password';
import { checkTotp, newTotpSecret, totpEnrolment } from './totp';
import type { Actor } from './policy';
import type { Locale } from '../../../common/roles';

export const MAX_FAILURES = 5;
export const LOCK_MINUTES = 15;
export const IP_WINDOW_SECONDS = 15 * 60;
/** Failed sign-ins allowed from one address per window (successes do not count: an office shares one address). */
export const IP_MAX_FAILURES = 30;
const TOTP_STEP_SECONDS = 5 * 60;

/** Where a request comes from, for rate limits and the audit log. */
export interface Origin {
  ip: string;
}

/** A freshly issued session: the raw token goes into the cookie and nowhere else. */
export interface IssuedSession {
  token: string;
  csrfToken: string;
  stage: 'totp' | 'enrol' | 'active';
}

function tokenHash(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return crypto.randomBytes(32).toString('base64url');
}

function minutesUntil(date: Date): number {
  return Math.max(1, Math.ceil((date.getTime() - Date.now()) / 60000));
}

function audit(entry: Partial<AuditEntry> & Pick<AuditEntry, 'action' | 'outcome'>, origin: Origin): AuditEntry {
  return { actorUserId: null, actorOrgId: null, resourceType: 'User', ip: origin.ip, ...entry };
}

/**
 * Signs a user in with e-mail and password. Rate-limited per address and per account (lockout
 * after MAX_FAILURES failures); every attempt is audited. Returns a session whose stage says
 * whether a TOTP code or a TOTP enrolment is still required.
 */
export async function login(deps: Deps, email: string, password: string, origin: Origin): Promise<IssuedSession> {
  const { db, config } = deps;
  const ipKey = `login:ip:${origin.ip}`;
  const ipHit = await repo.peekRateLimit(db, ipKey, IP_WINDOW_SECONDS);
  if (ipHit.hits >= IP_MAX_FAILURES) {
    await db.transaction((tx) => appendAudit(tx, [audit({ action: 'auth.login', outcome: 'denied', details: { cause: 'ip_rate_limited' } }, origin)]));
    throw new AppError('auth.rate_limited', { minutes: minutesUntil(ipHit.resetAt) });
  }
  const user = await repo.findUserByEmail(db, email);
  if (!user) {
    await verifyDummy(password);
    await db.transaction(async (tx) => {
      await repo.hitRateLimit(tx, ipKey, IP_WINDOW_SECONDS);
      await appendAudit(tx, [audit({ action: 'auth.login', outcome: 'failure', details: { cause: 'unknown_account' } }, origin)]);
    });
    throw new AppError('auth.invalid_credentials');
  }
  const who = { actorUserId: user.id, actorOrgId: user.org_id, resourceId: user.id };
  if (user.locked_until && new Date(user.locked_until) > new Date()) {
    await db.transaction((tx) => appendAudit(tx, [audit({ ...who, action: 'auth.login', outcome: 'denied', details: { cause: 'locked' } }, origin)]));
    throw new AppError('auth.account_locked', { minutes: minutesUntil(new Date(user.locked_until)) });
  }
  const good = await verifyPassword(user.password_hash, password);
  if (!good || user.disabled) {
    const lockedUntil = await db.transaction(async (tx) => {
      const until = await repo.recordFailedLogin(tx, user.id, MAX_FAILURES, LOCK_MINUTES);
      const locked = until !== null && new Date(until) > new Date();
      await repo.hitRateLimit(tx, ipKey, IP_WINDOW_SECONDS);
      await appendAudit(tx, [audit({ ...who, action: 'auth.login', outcome: 'failure', details: { cause: user.disabled ? 'disabled' : 'bad_password', locked } }, origin)]);
      return locked ? new Date(until!) : null;
    });
    if (lockedUntil) throw new AppError('auth.account_locked', { minutes: minutesUntil(lockedUntil) });
    throw new AppError('auth.invalid_credentials');
  }
  const stage: IssuedSession['stage'] = user.totp_enabled ? 'totp' : user.org_require_totp ? 'enrol' : 'active';
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async (tx) => {
    await repo.clearFailedLogins(tx, user.id);
    await repo.insertSession(tx, {
      tokenHash: tokenHash(token),
      userId: user.id,
      csrfToken,
      stage,
      maxSeconds: stage === 'totp' ? TOTP_STEP_SECONDS : config.sessionMaxHours * 3600,
      ip: origin.ip,
    });
    await appendAudit(tx, [audit({ ...who, action: stage === 'totp' ? 'auth.password_ok' : 'auth.login', outcome: 'success', details: { stage } }, origin)]);
  });
  return { token, csrfToken, stage };
}

/**
 * Second sign-in step: checks the TOTP code of a session waiting for it, refusing replayed codes.
 * Wrong codes count towards the account lockout. On success the session gets a new token.
 */
export async function completeTotp(deps: Deps, sessionTokenHash: string, userId: string, code: string, origin: Origin): Promise<IssuedSession> {
  const { db, config, cipher } = deps;
  const user = await repo.findUserById(db, userId);
  if (!user || !user.totp_secret_enc) throw new AppError('auth.unauthenticated');
  const who = { actorUserId: user.id, actorOrgId: user.org_id, resourceId: user.id };
  if (user.locked_until && new Date(user.locked_until) > new Date()) {
    throw new AppError('auth.account_locked', { minutes: minutesUntil(new Date(user.locked_until)) });
  }
  const secret = cipher.decrypt(user.totp_secret_enc, 'users.totp_secret');
  const step = checkTotp(secret, code);
  const fresh = step !== null && (await repo.useTotpStep(db, user.id, step));
  if (!fresh) {
    const lockedUntil = await db.transaction(async (tx) => {
      const until = await repo.recordFailedLogin(tx, user.id, MAX_FAILURES, LOCK_MINUTES);
      const locked = until !== null && new Date(until) > new Date();
      await appendAudit(tx, [audit({ ...who, action: 'auth.totp', outcome: 'failure', details: { locked } }, origin)]);
      if (locked) await repo.deleteUserSessions(tx, user.id);
      return locked ? new Date(until!) : null;
    });
    if (lockedUntil) throw new AppError('auth.account_locked', { minutes: minutesUntil(lockedUntil) });
    throw new AppError('auth.totp_invalid');
  }
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async (tx) => {
    await repo.clearFailedLogins(tx, user.id);
    await repo.promoteSession(tx, sessionTokenHash, tokenHash(token), csrfToken, 'active', config.sessionMaxHours * 3600);
    await appendAudit(tx, [audit({ ...who, action: 'auth.login', outcome: 'success', details: { stage: 'active', totp: true } }, origin)]);
  });
  return { token, csrfToken, stage: 'active' };
}

/** Resolves a session cookie to its session and actor; undefined when unknown, expired or idle too long. */
export async function resolveSession(deps: Deps, token: string): Promise<{ session: repo.SessionRow; actor: Actor } | undefined> {
  const hash = tokenHash(token);
  const session = await repo.touchSession(deps.db, hash, deps.config.sessionIdleMinutes * 60);
  if (!session) return undefined;
  const user = await repo.findUserById(deps.db, session.user_id);
  if (!user || user.disabled) return undefined;
  return {
    session,
    actor: { userId: user.id, orgId: user.org_id, orgType: user.org_type, role: user.role, locale: user.locale },
  };
}

/** Ends a session. */
export async function logout(deps: Deps, sessionTokenHash: string, actor: Actor | null, origin: Origin): Promise<void> {
  await deps.db.transaction(async (tx) => {
    await repo.deleteSession(tx, sessionTokenHash);
    await appendAudit(tx, [audit({ actorUserId: actor?.userId ?? null, actorOrgId: actor?.orgId ?? null, resourceId: actor?.userId, action: 'auth.logout', outcome: 'success' }, origin)]);
  });
}

/** Starts TOTP enrolment: stores a new secret (not yet active) and returns what the authenticator app needs. */
export async function startTotpEnrolment(deps: Deps, actor: Actor): Promise<{ secret: string; uri: string; qrSvg: string }> {
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('auth.unauthenticated');
  if (user.totp_enabled) throw new AppError('conflict');
  const secret = newTotpSecret();
  await repo.setTotpSecret(deps.db, actor.userId, deps.cipher.encrypt(secret, 'users.totp_secret'), false);
  const { uri, qrSvg } = await totpEnrolment(secret, user.email);
  return { secret, uri, qrSvg };
}

/** Confirms enrolment with a first valid code; the session becomes fully active. */
export async function confirmTotpEnrolment(deps: Deps, actor: Actor, sessionTokenHash: string, code: string, origin: Origin): Promise<IssuedSession> {
  const { db, cipher, config } = deps;
  const user = await repo.findUserById(db, actor.userId);
  if (!user?.totp_secret_enc || user.totp_enabled) throw new AppError('auth.totp_not_enrolled');
  const step = checkTotp(cipher.decrypt(user.totp_secret_enc, 'users.totp_secret'), code);
  if (step === null) throw new AppError('auth.totp_invalid');
  const token = newToken();
  const csrfToken = newToken();
  await db.transaction(async (tx) => {
    await tx.query('UPDATE users SET totp_enabled = true, totp_last_step = $2, updated_at = now() WHERE id = $1', [actor.userId, step]);
    await repo.promoteSession(tx, sessionTokenHash, tokenHash(token), csrfToken, 'active', config.sessionMaxHours * 3600);
    await appendAudit(tx, [audit({ actorUserId: actor.userId, actorOrgId: actor.orgId, resourceId: actor.userId, action: 'auth.totp_enabled', outcome: 'success' }, origin)]);
  });
  return { token, csrfToken, stage: 'active' };
}

/** Turns two-factor authentication off after re-checking the password; refused when the organisation requires it. */
export async function disableTotp(deps: Deps, actor: Actor, password: string, origin: Origin): Promise<void> {
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('auth.unauthenticated');
  if (user.org_require_totp) throw new AppError('auth.forbidden');
  if (!(await verifyPassword(user.password_hash, password))) throw new AppError('auth.password_wrong');
  await deps.db.transaction(async (tx) => {
    await repo.setTotpSecret(tx, actor.userId, null, false);
    await appendAudit(tx, [audit({ actorUserId: actor.userId, actorOrgId: actor.orgId, resourceId: actor.userId, action: 'auth.totp_disabled', outcome: 'success' }, origin)]);
  });
}

/** Changes the user's own password after checking the current one; ends their other sessions. */
export async function changePassword(deps: Deps, actor: Actor, sessionTokenHash: string, current: string, next: string, origin: Origin): Promise<void> {
  assertPasswordStrength(next);
  const user = await repo.findUserById(deps.db, actor.userId);
  if (!user) throw new AppError('auth.unauthenticated');
  if (!(await verifyPassword(user.password_hash, current))) throw new AppError('auth.password_wrong');
  const hashed = await hashPassword(next);
  await deps.db.transaction(async (tx) => {
    await repo.setPasswordHash(tx, actor.userId, hashed);
    await tx.query('DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2', [actor.userId, sessionTokenHash]);
    await appendAudit(tx, [audit({ actorUserId: actor.userId, actorOrgId: actor.orgId, resourceId: actor.userId, action: 'auth.password_changed', outcome: 'success' }, origin)]);
  });
}

/** Saves the user's interface language. */
export async function saveLocale(deps: Deps, actor: Actor, locale: Locale): Promise<void> {
  await repo.setLocale(deps.db, actor.userId, locale);
}

export { tokenHash };
