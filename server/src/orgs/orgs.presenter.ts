import type { Static } from 'typebox';
import type { User } from './orgs.schema';
import type { Org } from '../auth/auth.schema';
import type { OrgRow, UserRow } from './orgs.repository';

/** A staff account as an organisation admin sees it. */
export function presentUser(u: UserRow): Static<typeof User> {
  return {
    id: u.id,
    email: u.email,
    displayName: u.display_name,
    role: u.role,
    locale: u.locale,
    totpEnabled: u.totp_enabled,
    disabled: u.disabled,
    locked: u.locked_until !== null && new Date(u.locked_until) > new Date(),
    supervisorId: u.supervisor_id,
    createdAt: new Date(u.created_at).toISOString(),
  };
}

/** An organisation as anyone inside Jisr sees it. */
export function presentOrg(o: OrgRow): Static<typeof Org> {
  return { id: o.id, name: o.name, type: o.org_type, requireTotp: o.require_totp };
}
