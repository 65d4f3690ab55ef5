import type { Deps } from '../deps';
import type { Actor } from '../auth/policy';
import type { Role, OrgType, Locale } from '../../../common/roles';
import { generateCases } from './generate-cases';
import { importCaseBundles } from '../cases/case-htcds.service';
import { createDataset, createRelease, publishRelease } from '../stats/stats.service';
import { isoDay } from '../cases/nrm';

/** How many fictional cases the demo country starts with. */
export const DEMO_CASES = 400;

async function actorByEmail(deps: Deps, email: string): Promise<Actor> {
  const { rows } = await deps.db.query<{ id: string; org_id: string; org_type: OrgType; role: Role; locale: Locale }>(
    'SELECT u.id, u.org_id, o.org_type, u.role, u.locale FROM users u JOIN orgs o ON o.id = u.org_id WHERE lower(u.email) = lower($1)',
    [email],
  );
  const u = rows[0];
  if (!u) throw new Error(`demo user ${email} is missing`);
  return { userId: u.id, orgId: u.org_id, orgType: u.org_type, role: u.role, locale: u.locale };
}

/**
 * Fills a new demo country with generated, fictional cases as of today (imported by the shelter's
 * caseworker, so the case list, "my work" and the statistics have something to show) and a published,
 * k-anonymous statistics release for the public page. Every step goes through the same services,
 * policies and audit log as a person's actions.
 */
export async function seedDemoData(deps: Deps): Promise<{ cases: number; releaseId: string }> {
  const origin = { ip: '127.0.0.1' };
  const caseworker = await actorByEmail(deps, 'caseworker@demo.jisr.example');
  const analyst = await actorByEmail(deps, 'analyst@demo.jisr.example');
  // Seen from today: a few recent referrals under assessment or in their reflection period, older cases decided or closed.
  const { created } = await importCaseBundles(deps, caseworker, generateCases(DEMO_CASES, 2026, { asOf: isoDay(new Date()) }));
  const dataset = await createDataset(deps, analyst, { name: 'Demo country cases', epsilon: 4, delta: 1e-6 }, origin);
  const release = await createRelease(
    deps,
    analyst,
    dataset.id,
    { label: 'Demo country: annual statistics', maxLength: 2, protection: { kind: 'k-anonymity', k: 5 }, synthetic: true },
    origin,
  );
  await publishRelease(deps, analyst, release.id, origin);
  return { cases: created, releaseId: release.id };
}
