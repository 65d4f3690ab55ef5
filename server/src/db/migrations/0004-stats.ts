/**
 * Statistics: datasets (a frozen, coded snapshot of consenting cases with a total privacy budget),
 * releases (protected counts, fidelity report, optional synthetic microdata), the budget spends
 * and a ledger view with running totals, and imported reference data (UNODC GLOTIP).
 * Valid on PostgreSQL 15 and PGlite.
 */
export const sql = /* sql */ `

CREATE TABLE stat_datasets (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  source text NOT NULL DEFAULT 'cases' CHECK (source IN ('cases')),
  budget_epsilon double precision NOT NULL CHECK (budget_epsilon > 0),
  budget_delta double precision NOT NULL CHECK (budget_delta >= 0 AND budget_delta < 1),
  attributes text[] NOT NULL,
  row_count integer NOT NULL,
  categories jsonb NOT NULL,
  codes bytea NOT NULL,
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE stat_releases (
  id uuid PRIMARY KEY,
  dataset_id uuid NOT NULL REFERENCES stat_datasets(id),
  label text NOT NULL,
  attributes text[] NOT NULL,
  max_length integer NOT NULL CHECK (max_length BETWEEN 1 AND 4),
  protection text NOT NULL CHECK (protection IN ('k-anonymity', 'differential-privacy')),
  k integer,
  epsilon double precision,
  delta double precision,
  mechanism text,
  released_total double precision NOT NULL,
  categories jsonb NOT NULL,
  fidelity jsonb NOT NULL,
  has_synthetic boolean NOT NULL DEFAULT false,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  created_by uuid NOT NULL REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid REFERENCES users(id),
  published_at timestamptz
);
CREATE INDEX stat_releases_dataset_idx ON stat_releases (dataset_id);
CREATE INDEX stat_releases_published_idx ON stat_releases (published_at) WHERE status = 'published';

-- One row per released table (combination of attributes): cell keys and counts as float64 arrays.
CREATE TABLE stat_release_tables (
  release_id uuid NOT NULL REFERENCES stat_releases(id) ON DELETE CASCADE,
  mask integer NOT NULL,
  columns integer[] NOT NULL,
  keys bytea NOT NULL,
  counts bytea NOT NULL,
  PRIMARY KEY (release_id, mask)
);

CREATE TABLE stat_release_synthetic (
  release_id uuid PRIMARY KEY REFERENCES stat_releases(id) ON DELETE CASCADE,
  row_count integer NOT NULL,
  csv text NOT NULL
);

CREATE TABLE stat_budget_spends (
  id bigserial PRIMARY KEY,
  dataset_id uuid NOT NULL REFERENCES stat_datasets(id),
  release_id uuid NOT NULL REFERENCES stat_releases(id),
  label text NOT NULL,
  epsilon double precision NOT NULL CHECK (epsilon >= 0),
  delta double precision NOT NULL CHECK (delta >= 0),
  spent_by uuid NOT NULL REFERENCES users(id),
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX stat_budget_spends_dataset_idx ON stat_budget_spends (dataset_id, id);

CREATE VIEW stat_budget_ledger AS
  SELECT s.id, s.dataset_id, s.release_id, s.label, s.epsilon, s.delta, s.spent_by, s.at,
         d.budget_epsilon, d.budget_delta,
         sum(s.epsilon) OVER (PARTITION BY s.dataset_id ORDER BY s.id) AS cumulative_epsilon,
         sum(s.delta) OVER (PARTITION BY s.dataset_id ORDER BY s.id) AS cumulative_delta
    FROM stat_budget_spends s JOIN stat_datasets d ON d.id = s.dataset_id;

CREATE TABLE stat_reference_data (
  id text PRIMARY KEY CHECK (id IN ('glotip')),
  data jsonb NOT NULL,
  row_count integer NOT NULL,
  imported_by uuid REFERENCES users(id),
  imported_at timestamptz NOT NULL DEFAULT now()
);
`;
