/**
 * Cases and referrals (issue "Refer and protect"): NRM case management on the HTCDS 2.0 model.
 *
 * `cases` keeps coded, non-identifying columns (read by statistics: names are a contract) beside
 * encrypted JSON of everything identifying (`person_enc`, `details_enc`). Sub-records of a case
 * (perpetrators, trafficking events, support plans, comments, services, justice, non-punishment,
 * return) live in `case_records`: codes in `coded`, identifying or free text in `secret_enc`.
 * Every encrypted column is registered in server/src/cases/cases.crypto.ts for key rotation.
 * Valid on PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `

CREATE TABLE cases (
  id uuid PRIMARY KEY,
  reference text NOT NULL,
  owner_org_id uuid NOT NULL REFERENCES orgs(id),
  opened_by uuid REFERENCES users(id),
  nrm_referral_id uuid,
  referred_by uuid REFERENCES users(id),
  referring_org_id uuid REFERENCES orgs(id),
  referring_org_type text,
  nrm_state text NOT NULL CHECK (nrm_state IN ('referred', 'under_assessment', 'rg_negative', 'reconsideration', 'reflection', 'cg_negative', 'assistance', 'closed', 'referred_on')),
  reconsideration_of text CHECK (reconsideration_of IN ('rg', 'cg')),
  htcds_status text NOT NULL DEFAULT 'Active' CHECK (htcds_status IN ('Active', 'FollowUp', 'Closed', 'ClosedReferred')),
  closure_reason text,
  trafficking_status text,
  is_child boolean NOT NULL DEFAULT false,
  registration_year int NOT NULL,
  sex text,
  age_group text NOT NULL DEFAULT 'unknown',
  citizenship text,
  citizenships text[] NOT NULL DEFAULT '{}',
  country_of_exploitation text,
  exploitation_types text[] NOT NULL DEFAULT '{}',
  forced_labour_industry text[] NOT NULL DEFAULT '{}',
  methods_of_control text[] NOT NULL DEFAULT '{}',
  recruitment_methods text[] NOT NULL DEFAULT '{}',
  recruiter_relation text[] NOT NULL DEFAULT '{}',
  victim jsonb NOT NULL DEFAULT '{}'::jsonb,
  person_coded jsonb NOT NULL DEFAULT '{}'::jsonb,
  consent jsonb NOT NULL DEFAULT '{}'::jsonb,
  consent_statistics boolean NOT NULL DEFAULT false,
  residence_permit text,
  residence_permit_until date,
  person_enc text NOT NULL,
  details_enc text,
  name_index text[] NOT NULL DEFAULT '{}',
  birthdate_index text,
  rg_due date,
  reflection_ends date,
  cg_due date,
  follow_up_due date,
  opened_at timestamptz NOT NULL DEFAULT now(),
  closed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  version int NOT NULL DEFAULT 1
);
CREATE UNIQUE INDEX cases_reference_key ON cases (reference);
CREATE INDEX cases_opened_idx ON cases (opened_at DESC, id);
CREATE INDEX cases_owner_idx ON cases (owner_org_id, opened_at DESC);
CREATE INDEX cases_state_idx ON cases (nrm_state, opened_at DESC);
CREATE INDEX cases_citizenship_idx ON cases (citizenship, opened_at DESC);
CREATE INDEX cases_exploitation_idx ON cases USING gin (exploitation_types);
CREATE INDEX cases_name_index_idx ON cases USING gin (name_index);
CREATE INDEX cases_birthdate_index_idx ON cases (birthdate_index);
CREATE INDEX cases_referred_by_idx ON cases (referred_by);
CREATE INDEX cases_nrm_referral_idx ON cases (nrm_referral_id);

CREATE SEQUENCE case_reference_seq;

-- Who works on a case: the opener and colleagues the team adds (owner), and the members of
-- organisations with an accepted referral (partner, through referral_id).
CREATE TABLE case_team (
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id),
  org_id uuid NOT NULL REFERENCES orgs(id),
  referral_id uuid,
  added_by uuid REFERENCES users(id),
  added_at timestamptz NOT NULL DEFAULT now(),
  removed_at timestamptz,
  PRIMARY KEY (case_id, user_id)
);
CREATE INDEX case_team_user_idx ON case_team (user_id, case_id);

-- Every NRM transition and every recorded event of a case: who, when, why.
CREATE TABLE case_events_log (
  id bigserial PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  at timestamptz NOT NULL DEFAULT now(),
  actor_user_id uuid REFERENCES users(id),
  actor_org_id uuid REFERENCES orgs(id),
  action text NOT NULL,
  from_state text,
  to_state text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  reason_enc text
);
CREATE INDEX case_events_log_case_idx ON case_events_log (case_id, at);

CREATE TABLE case_records (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('perpetrator', 'event', 'support_plan', 'comment', 'service', 'justice', 'non_punishment', 'return')),
  org_id uuid REFERENCES orgs(id),
  coded jsonb NOT NULL DEFAULT '{}'::jsonb,
  secret_enc text,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_records_case_idx ON case_records (case_id, kind, created_at);

CREATE TABLE case_referrals (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  from_org_id uuid NOT NULL REFERENCES orgs(id),
  to_org_id uuid NOT NULL REFERENCES orgs(id),
  services text[] NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined', 'revoked')),
  note_enc text,
  decline_reason text,
  decline_note_enc text,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz
);
CREATE INDEX case_referrals_case_idx ON case_referrals (case_id, created_at);
CREATE INDEX case_referrals_to_idx ON case_referrals (to_org_id, status, created_at DESC);

CREATE TABLE case_attachments (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('identity_document', 'medical_letter', 'other')),
  mime text NOT NULL CHECK (mime IN ('application/pdf', 'image/jpeg', 'image/png')),
  size_bytes int NOT NULL,
  name_enc text NOT NULL,
  content_enc text NOT NULL,
  uploaded_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_attachments_case_idx ON case_attachments (case_id, created_at);

CREATE TABLE notifications (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  case_id uuid REFERENCES cases(id) ON DELETE CASCADE,
  kind text NOT NULL,
  params jsonb NOT NULL DEFAULT '{}'::jsonb,
  dedupe_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  read_at timestamptz
);
CREATE INDEX notifications_user_idx ON notifications (user_id, created_at DESC);
CREATE UNIQUE INDEX notifications_dedupe_key ON notifications (user_id, dedupe_key) WHERE dedupe_key IS NOT NULL;
`;
