/** Additional authenticated data of each encrypted column of cases and referrals (listed in crypto/encrypted-columns.ts for key rotation). */
export const AAD = {
  person: 'cases.person',
  details: 'cases.details',
  eventReason: 'case_events_log.reason',
  record: 'case_records.secret',
  referralNote: 'case_referrals.note',
  declineNote: 'case_referrals.decline_note',
  attachmentName: 'case_attachments.name',
  attachmentContent: 'case_attachments.content',
  nrmReferralIdentity: 'nrm_referrals.identity',
} as const;
