import { definePolicy } from '../auth/policy';

/** A user record as far as the policy needs to know it. */
export interface UserRecord {
  id: string;
  orgId: string;
}

/**
 * Organisations and their users. An organisation admin manages the users of their own
 * organisation only; nobody else sees users. Organisation names and types are public inside
 * Jisr (needed to choose a referral's receiver).
 */
export const orgsPolicy = definePolicy()
  .allow<UserRecord>(['admin'], 'list', 'User')
  .allow<UserRecord>(['admin'], 'read', 'User', (actor, user) => user.orgId === actor.orgId)
  .allow<UserRecord>(['admin'], 'create', 'User')
  .allow<UserRecord>(['admin'], 'update', 'User', (actor, user) => user.orgId === actor.orgId)
  .allow(['admin'], 'update', 'Org', (actor, org: { id: string }) => org.id === actor.orgId)
  .allow(['admin'], 'read', 'AuditLog')
  .allow('*', 'list', 'Org');
