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
  // screening: interview notes, the person's identifying details, identity shared with a referral, a child's views
  { table: 'screenings', id: 'id', column: 'notes_enc', aad: 'screenings.notes' },
  { table: 'screenings', id: 'id', column: 'person_enc', aad: 'screenings.person' },
  { table: 'nrm_referrals', id: 'id', column: 'identity_enc', aad: 'nrm_referrals.identity' },
  { table: 'nrm_referrals', id: 'id', column: 'child_views_enc', aad: 'nrm_referrals.child_views' },
  // cases and referrals: the person's identity and contacts, free text, sub-records, referral notes, attachments
  { table: 'cases', id: 'id', column: 'person_enc', aad: 'cases.person' },
  { table: 'cases', id: 'id', column: 'details_enc', aad: 'cases.details' },
  { table: 'case_events_log', id: 'id', column: 'reason_enc', aad: 'case_events_log.reason' },
  { table: 'case_records', id: 'id', column: 'secret_enc', aad: 'case_records.secret' },
  { table: 'case_referrals', id: 'id', column: 'note_enc', aad: 'case_referrals.note' },
  { table: 'case_referrals', id: 'id', column: 'decline_note_enc', aad: 'case_referrals.decline_note' },
  { table: 'case_attachments', id: 'id', column: 'name_enc', aad: 'case_attachments.name' },
  { table: 'case_attachments', id: 'id', column: 'content_enc', aad: 'case_attachments.content' },
];

/** Adds a capability's encrypted columns to the registry. */
export function registerEncryptedColumns(columns: EncryptedColumn[]): void {
  for (const c of columns) if (!ENCRYPTED_COLUMNS.some((e) => e.table === c.table && e.column === c.column)) ENCRYPTED_COLUMNS.push(c);
}
