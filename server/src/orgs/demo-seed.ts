import crypto from 'node:crypto';
import type { Db } from '../db/db';
import type { Role, OrgType, Locale } from '../../../common/roles';
import { hashPassword } from '../auth/password';
import { insertOrg, insertUser } from './orgs.repository';
import { appendAudit } from '../audit/audit.repository';

/** The fictional demo country: organisations and one account per role (no real persons). */
export const DEMO_ORGS: ReadonlyArray<{ key: string; name: string; type: OrgType }> = [
  { key: 'nra', name: 'National Referral Authority (demo)', type: 'nra' },
  { key: 'ngo1', name: 'Dar Al-Aman Shelter (demo NGO)', type: 'ngo' },
  { key: 'ngo2', name: 'Passerelle Legal Aid (demo NGO)', type: 'ngo' },
  { key: 'police', name: 'Police Anti-Trafficking Unit (demo)', type: 'police' },
  { key: 'labour', name: 'Labour Inspectorate (demo)', type: 'labour_inspectorate' },
];

export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role; org: string; locale: Locale }> = [
  { email: 'admin@demo.jisr.example', name: 'Amina Admin', role: 'admin', org: 'nra', locale: 'en' },
  { email: 'coordinator@demo.jisr.example', name: 'Karim Coordinator', role: 'coordinator', org: 'nra', locale: 'ar' },
  { email: 'analyst@demo.jisr.example', name: 'Lina Analyst', role: 'analyst', org: 'nra', locale: 'en' },
  { email: 'caseworker@demo.jisr.example', name: 'Sara Caseworker', role: 'caseworker', org: 'ngo1', locale: 'ar' },
  { email: 'ngo-admin@demo.jisr.example', name: 'Omar NGO Admin', role: 'admin', org: 'ngo1', locale: 'ar' },
  { email: 'caseworker2@demo.jisr.example', name: 'Claire Caseworker', role: 'caseworker', org: 'ngo2', locale: 'fr' },
  { email: 'responder@demo.jisr.example', name: 'Youssef Responder', role: 'responder', org: 'police', locale: 'ar' },
  { email: 'inspector@demo.jisr.example', name: 'Nadia Inspector', role: 'responder', org: 'labour', locale: 'fr' },
];

/** Creates the demo country set-up when the database has no organisation yet. Returns the password used, or null when nothing was created. */
export async function seedDemo(db: Db, password: string): Promise<{ orgIds: Record<string, string> } | null> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ n: string }>('SELECT count(*)::text AS n FROM orgs');
    if (rows[0].n !== '0') return null;
    const orgIds: Record<string, string> = {};
    for (const o of DEMO_ORGS) {
      orgIds[o.key] = crypto.randomUUID();
      await insertOrg(tx, { id: orgIds[o.key], name: o.name, org_type: o.type, country: 'XX', require_totp: false });
    }
    for (const u of DEMO_USERS) {
      await insertUser(tx, { id: crypto.randomUUID(), orgId: orgIds[u.org], email: u.email, displayName: u.name, role: u.role, passwordHash, locale: u.locale });
    }
    await appendAudit(tx, [{ actorUserId: null, actorOrgId: null, action: 'system.demo_seed', resourceType: 'System', outcome: 'success', details: { orgs: DEMO_ORGS.length, users: DEMO_USERS.length } }]);
    return { orgIds };
  });
}

/** A random demo password that is easy to type: four groups of four characters. */
export function randomDemoPassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = crypto.randomBytes(16);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}
