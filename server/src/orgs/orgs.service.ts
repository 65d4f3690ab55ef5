import crypto from 'node:crypto';
import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import { AppError } from '../http/app-error';
import { appendAudit } from '../audit/audit.repository';
import { hashPassword, assertPasswordStrength } from '../auth/password';
import { deleteUserSessions } from '../auth/auth.repository';
import { orgsPolicy } from './orgs.policy';
import * as repo from './orgs.repository';
import type { Role, Locale } from '../../../common/roles';

interface Origin {
  ip: string;
}

/** The users of the actor's own organisation. */
export async function listUsers(deps: Deps, actor: Actor): Promise<repo.UserRow[]> {
  return repo.listUsersOfOrg(deps.db, actor.orgId);
}

/** Creates a user in the actor's organisation; audited. */
export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; displayName: string; role: Role; password: string; locale?: Locale },
  origin: Origin,
): Promise<repo.UserRow> {
  assertPasswordStrength(input.password);
  if (await repo.emailExists(deps.db, input.email)) throw new AppError('users.email_taken');
  const id = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction(async (tx) => {
    await repo.insertUser(tx, { id, orgId: actor.orgId, email: input.email.trim(), displayName: input.displayName.trim(), role: input.role, passwordHash, locale: input.locale ?? 'en' });
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'user.create', resourceType: 'User', resourceId: id, outcome: 'success', ip: origin.ip, details: { role: input.role } }]);
  });
  return (await repo.findUser(deps.db, id))!;
}

/**
 * Changes a user's role, display name or disabled flag, or unlocks the account. Only users of the
 * actor's organisation; an admin cannot change their own role or disable themselves. Role changes
 * are audited with the old and new role; disabling ends the user's sessions.
 */
export async function updateUser(
  deps: Deps,
  actor: Actor,
  userId: string,
  patch: { role?: Role; disabled?: boolean; displayName?: string; unlock?: true; supervisorId?: string | null },
  origin: Origin,
): Promise<repo.UserRow> {
  const user = await repo.findUser(deps.db, userId);
  if (!user || !orgsPolicy.can(actor, 'update', 'User', { id: user.id, orgId: user.org_id })) throw new AppError('not_found');
  if (user.id === actor.userId && (patch.role !== undefined || patch.disabled === true)) throw new AppError('users.self_change');
  if (patch.supervisorId) {
    // A supervisor is a colleague in the same organisation, and not the user themself.
    const supervisor = await repo.findUser(deps.db, patch.supervisorId);
    if (!supervisor || supervisor.org_id !== user.org_id || supervisor.id === user.id) throw new AppError('users.invalid_supervisor');
  }
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, userId, patch);
    if (patch.unlock) await repo.unlockUser(tx, userId);
    if (patch.disabled) await deleteUserSessions(tx, userId);
    const entries = [];
    if (patch.role && patch.role !== user.role) {
      entries.push({ action: 'user.role_change', details: { from: user.role, to: patch.role } });
    }
    if (patch.disabled !== undefined && patch.disabled !== user.disabled) entries.push({ action: patch.disabled ? 'user.disable' : 'user.enable', details: {} });
    if (patch.displayName !== undefined) entries.push({ action: 'user.rename', details: {} });
    if (patch.unlock) entries.push({ action: 'user.unlock', details: {} });
    if (patch.supervisorId !== undefined && patch.supervisorId !== user.supervisor_id) {
      entries.push({ action: 'user.supervisor_change', details: { from: user.supervisor_id, to: patch.supervisorId } });
    }
    await appendAudit(tx, entries.map((e) => ({ actorUserId: actor.userId, actorOrgId: actor.orgId, resourceType: 'User', resourceId: userId, outcome: 'success' as const, ip: origin.ip, ...e })));
  });
  return (await repo.findUser(deps.db, userId))!;
}

/** Sets whether the actor's organisation requires two-factor authentication; audited. */
export async function setOrgRequireTotp(deps: Deps, actor: Actor, required: boolean, origin: Origin): Promise<repo.OrgRow> {
  if (!orgsPolicy.can(actor, 'update', 'Org', { id: actor.orgId })) throw new AppError('auth.forbidden');
  await deps.db.transaction(async (tx) => {
    await repo.setRequireTotp(tx, actor.orgId, required);
    await appendAudit(tx, [{ actorUserId: actor.userId, actorOrgId: actor.orgId, action: 'org.require_totp', resourceType: 'Org', resourceId: actor.orgId, outcome: 'success', ip: origin.ip, details: { required } }]);
  });
  return (await repo.findOrg(deps.db, actor.orgId))!;
}
