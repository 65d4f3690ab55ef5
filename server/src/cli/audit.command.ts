import { loadConfig } from '../config';
import { verifyAuditChain } from '../audit/audit.repository';
import { openConfiguredDb } from './open-db';

const PROBLEMS = {
  altered: 'was altered',
  removed_before: 'does not follow the entry before it: an entry before it was removed or altered',
  removed_at_end: 'is the last recorded entry, but entries after it are missing',
} as const;

/** `jisr audit verify`: walks the chain; exit 0 when intact, 1 naming the first entry altered or removed. */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'verify') {
    process.stderr.write('Usage: npx jisr audit verify   (uses DATABASE_URL or JISR_DATA_DIR; stop an embedded server first)\n');
    return 2;
  }
  const db = await openConfiguredDb(loadConfig());
  try {
    const result = await verifyAuditChain(db);
    if (result.ok) {
      process.stdout.write(`Audit log intact: ${result.entries} entries verified.\n`);
      return 0;
    }
    process.stdout.write(`Audit log BROKEN: entry #${result.firstBadId} ${PROBLEMS[result.problem]} (${result.entries} entries verified before it).\n`);
    return 1;
  } finally {
    await db.close();
  }
}
