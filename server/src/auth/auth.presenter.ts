import type { Static } from 'typebox';
import type { Me } from './auth.schema';
import type { UserAuthRow } from './auth.repository';

/** The signed-in user as the client sees them: no hashes, no secrets. */
export function presentMe(user: UserAuthRow, org: { id: string; name: string; org_type: string; require_totp: boolean }): Static<typeof Me> {
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    role: user.role,
    locale: user.locale,
    totpEnabled: user.totp_enabled,
    org: { id: org.id, name: org.name, type: org.org_type as Static<typeof Me>['org']['type'], requireTotp: org.require_totp },
  };
}
