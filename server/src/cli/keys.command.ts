import { loadConfig } from '../config';
import { loadKeyRing } from '../crypto/field-crypto';
import { rotateKeys } from '../crypto/key-rotation';
import { openConfiguredDb } from './open-db';

/**
 * `jisr keys rotate`: adds a new primary key to the key file and re-encrypts every identifying
 * field under it in short batches. Running servers reload the key file when it changes, so the
 * service stays up. With JISR_ENCRYPTION_KEYS (keys given inline) it prints the new ring to set.
 */
export async function run(args: string[]): Promise<number> {
  if (args[0] !== 'rotate') {
    process.stderr.write('Usage: npx jisr keys rotate\n');
    return 2;
  }
  const config = loadConfig();
  const ring = loadKeyRing({ inline: config.encryptionKeys, keyFile: config.keyFile, create: false });
  const db = await openConfiguredDb(config);
  try {
    const { ring: next, values } = await rotateKeys(db, ring, config.encryptionKeys ? undefined : config.keyFile, (n) => process.stderr.write(`\rre-encrypted ${n} values`));
    process.stderr.write('\n');
    process.stdout.write(`New primary key ${next.primary}; ${values} values re-encrypted.\n`);
    if (config.encryptionKeys) process.stdout.write(`Set JISR_ENCRYPTION_KEYS to:\n${Buffer.from(JSON.stringify(next)).toString('base64')}\n`);
    return 0;
  } finally {
    await db.close();
  }
}
