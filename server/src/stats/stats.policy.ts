import { definePolicy } from '../auth/policy';

/**
 * Statistics. Analysts and coordinators build datasets from consenting cases, create protected
 * releases (spending the dataset's budget), publish them (and withdraw a published one, with a
 * reason), and read the ledger and reference data.
 * Nobody reads per-case rows through statistics; the public reads published releases only (public
 * routes, no policy object).
 */
export const statsPolicy = definePolicy()
  .allow(['analyst', 'coordinator'], 'list', 'StatDataset')
  .allow(['analyst', 'coordinator'], 'create', 'StatDataset')
  .allow(['analyst', 'coordinator'], 'read', 'StatLedger')
  .allow(['analyst', 'coordinator'], 'list', 'StatRelease')
  .allow(['analyst', 'coordinator'], 'read', 'StatRelease')
  .allow(['analyst', 'coordinator'], 'create', 'StatRelease')
  .allow(['analyst', 'coordinator'], 'publish', 'StatRelease', (_actor, release: { status: string }) => release.status === 'draft')
  .allow(['analyst', 'coordinator'], 'withdraw', 'StatRelease', (_actor, release: { status: string }) => release.status === 'published')
  .allow(['analyst', 'coordinator'], 'import', 'StatReference')
  .allow(['analyst', 'coordinator'], 'read', 'StatReference');
