import { sql as foundation } from './0001-foundation';
import { sql as screening } from './0002-screening';
import { sql as cases } from './0003-cases';
import { sql as stats } from './0004-stats';
import { sql as casesList } from './0005-cases-list';
import { sql as htcdsImports } from './0006-htcds-imports';
import { sql as caseJson } from './0007-case-json';
import { sql as caseCodesC } from './0008-case-codes-c';
import { sql as releaseWithdrawal } from './0009-release-withdrawal';

/** Every migration, in the order it is applied. Append new ones at the end; never edit an applied one. */
export const migrations: ReadonlyArray<{ id: string; sql: string }> = [
  { id: '0001_foundation', sql: foundation },
  { id: '0002_screening', sql: screening },
  { id: '0003_cases', sql: cases },
  { id: '0004_stats', sql: stats },
  { id: '0005_cases_list', sql: casesList },
  { id: '0006_htcds_imports', sql: htcdsImports },
  { id: '0007_case_json', sql: caseJson },
  { id: '0008_case_codes_c', sql: caseCodesC },
  { id: '0009_release_withdrawal', sql: releaseWithdrawal },
];
