/** Every encrypted column in the database, so that key rotation re-encrypts all of them. Capabilities add theirs here. */
export interface EncryptedColumn {
  table: string;
  /** Primary key column (text-castable). */
  id: string;
  column: string;
  /** Additional authenticated data the column is encrypted with. */
  aad: string;
}

export const ENCRYPTED_COLUMNS: EncryptedColumn[] = [
  { table: 'users', id: 'id', column: 'totp_secret_enc', aad: 'users.totp_secret' },
];

/** Adds a capability's encrypted columns to the registry. */
export function registerEncryptedColumns(columns: EncryptedColumn[]): void {
  for (const c of columns) if (!ENCRYPTED_COLUMNS.some((e) => e.table === c.table && e.column === c.column)) ENCRYPTED_COLUMNS.push(c);
}
