import type { Db } from './db/db';
import type { Config } from './config';
import type { FieldCipher } from './crypto/field-crypto';

/** What every service needs: the database, configuration and the field cipher. */
export interface Deps {
  db: Db;
  config: Config;
  cipher: FieldCipher;
}
