import { definePolicy } from '../auth/policy';

/**
 * HTCDS exchange. Coordinators and caseworkers export the cases they may read (the cases service
 * applies visibility). Identifying fields leave only for a coordinator, or a caseworker for their
 * own organisation's cases (the cases service then releases identity only where the caseworker's
 * organisation owns the case or consent allows). Import creates cases of the actor's organisation.
 */
export const exchangePolicy = definePolicy()
  .allow(['coordinator', 'caseworker'], 'export', 'HtcdsExport')
  .allow(['coordinator', 'caseworker'], 'export_identifying', 'HtcdsExport')
  .allow(['caseworker', 'admin'], 'import', 'HtcdsImport');
