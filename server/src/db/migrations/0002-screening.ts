/**
 * Screening (issue "Identify"): screenings, NRM referrals and anonymous notifications.
 * The `nrm_referrals` and `anonymous_notifications` tables are a contract with the cases
 * capability: columns may be added, never removed or renamed. Valid on PostgreSQL 15 and PGlite.
 *
 * Identifying data is encrypted by the application (server/src/crypto/encrypted-columns.ts):
 * screenings.notes_enc ('screenings.notes'), screenings.person_enc ('screenings.person'),
 * nrm_referrals.identity_enc ('nrm_referrals.identity'), nrm_referrals.child_views_enc
 * ('nrm_referrals.child_views'). Everything else is codes.
 */
export const sql = /* sql */ `

CREATE TABLE screenings (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES orgs(id),
  author_id uuid NOT NULL REFERENCES users(id),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'completed', 'referred', 'notified')),
  interview_language text NOT NULL CHECK (interview_language IN ('ar', 'fr', 'en')),
  set_version text NOT NULL,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  notes_enc text,
  person_enc text,
  sex text CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  age integer CHECK (age >= 0 AND age < 130),
  citizenship text,
  is_child boolean NOT NULL DEFAULT false,
  child_basis text NOT NULL DEFAULT 'none',
  assessment jsonb,
  recommendation text CHECK (recommendation IN ('refer_presumed_victim', 'refer_further_assessment', 'no_indication')),
  forms text[],
  non_punishment boolean,
  consent jsonb,
  completed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX screenings_author_idx ON screenings (author_id, updated_at DESC);

CREATE TABLE nrm_referrals (
  id uuid PRIMARY KEY,
  screening_id uuid NOT NULL REFERENCES screenings(id),
  from_org_id uuid NOT NULL REFERENCES orgs(id),
  to_org_id uuid NOT NULL REFERENCES orgs(id),
  created_by uuid NOT NULL REFERENCES users(id),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'declined')),
  is_child boolean NOT NULL,
  consent jsonb NOT NULL,
  assessment jsonb NOT NULL,
  recommendation text NOT NULL,
  forms text[] NOT NULL,
  non_punishment boolean NOT NULL,
  identity_enc text,
  case_id uuid,
  decided_by uuid REFERENCES users(id),
  decided_at timestamptz,
  decline_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  child_views_enc text,
  interview_language text,
  set_version text
);
CREATE INDEX nrm_referrals_to_org_idx ON nrm_referrals (to_org_id, status, created_at DESC);
CREATE INDEX nrm_referrals_screening_idx ON nrm_referrals (screening_id);

CREATE TABLE anonymous_notifications (
  id uuid PRIMARY KEY,
  screening_id uuid NOT NULL REFERENCES screenings(id),
  from_org_id uuid NOT NULL REFERENCES orgs(id),
  to_org_id uuid NOT NULL REFERENCES orgs(id),
  is_child boolean NOT NULL,
  forms text[] NOT NULL,
  recommendation text NOT NULL,
  sex text, age_group text, citizenship text,
  count_in_statistics boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX anonymous_notifications_screening_key ON anonymous_notifications (screening_id);
`;
