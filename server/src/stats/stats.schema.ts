import { Type } from 'typebox';
import { STAT_ATTRIBUTES } from './stat-rows';

const strict = { additionalProperties: false } as const;
const Attribute = Type.Enum(STAT_ATTRIBUTES);

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);

/** Why a published release is withdrawn (kept with it and in the audit log). */
export const WithdrawReleaseBody = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 1000, pattern: '\\S' }) }, strict);

export const CreateDatasetBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    epsilon: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
    delta: Type.Number({ minimum: 0, exclusiveMaximum: 0.01 }),
  },
  strict,
);

export const Dataset = Type.Object({
  id: Type.String(),
  name: Type.String(),
  source: Type.String(),
  attributes: Type.Array(Type.String()),
  rows: Type.Number(),
  budget: Type.Object({ epsilon: Type.Number(), delta: Type.Number() }),
  spent: Type.Object({ epsilon: Type.Number(), delta: Type.Number() }),
  remaining: Type.Object({ epsilon: Type.Number(), delta: Type.Number() }),
  createdAt: Type.String(),
});
export const DatasetList = Type.Object({ datasets: Type.Array(Dataset) });

export const LedgerLine = Type.Object({
  id: Type.String(),
  releaseId: Type.String(),
  label: Type.String(),
  epsilon: Type.Number(),
  delta: Type.Number(),
  cumulativeEpsilon: Type.Number(),
  cumulativeDelta: Type.Number(),
  at: Type.String(),
});
export const Ledger = Type.Object({ dataset: Dataset, lines: Type.Array(LedgerLine) });

export const Protection = Type.Union([
  Type.Object({ kind: Type.Literal('k-anonymity'), k: Type.Integer({ minimum: 2, maximum: 1000 }) }, strict),
  Type.Object(
    {
      kind: Type.Literal('differential-privacy'),
      epsilon: Type.Number({ exclusiveMinimum: 0, maximum: 100 }),
      delta: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 0.01 }),
      mechanism: Type.Optional(Type.Enum(['gaussian', 'laplace'])),
    },
    strict,
  ),
]);

export const CreateReleaseBody = Type.Object(
  {
    label: Type.String({ minLength: 1, maxLength: 200 }),
    attributes: Type.Optional(Type.Array(Attribute, { minItems: 1, maxItems: STAT_ATTRIBUTES.length, uniqueItems: true })),
    maxLength: Type.Integer({ minimum: 1, maximum: 4 }),
    protection: Protection,
    synthetic: Type.Optional(Type.Boolean()),
    rareThreshold: Type.Optional(Type.Integer({ minimum: 2, maximum: 1000 })),
  },
  strict,
);

export const Release = Type.Object({
  id: Type.String(),
  datasetId: Type.String(),
  label: Type.String(),
  attributes: Type.Array(Type.String()),
  maxLength: Type.Number(),
  protection: Type.Object({
    kind: Type.String(),
    k: Type.Optional(Type.Number()),
    epsilon: Type.Optional(Type.Number()),
    delta: Type.Optional(Type.Number()),
    mechanism: Type.Optional(Type.String()),
  }),
  total: Type.Number(),
  hasSynthetic: Type.Boolean(),
  status: Type.String(),
  createdAt: Type.String(),
  publishedAt: Type.Optional(Type.String()),
  /** When and why a published release was withdrawn (status "withdrawn"). */
  withdrawn: Type.Optional(Type.Object({ at: Type.String(), reason: Type.String() })),
  /** Per-value tables of the release's multi-valued attributes: their names, C, and (DP) their share of the budget. */
  perValue: Type.Optional(Type.Object({ tables: Type.Array(Type.String()), cap: Type.Number(), budgetShare: Type.Optional(Type.Number()) })),
  fidelity: Type.Unknown(),
});
export const ReleaseList = Type.Object({ releases: Type.Array(Release) });

export const ListReleasesQuery = Type.Object({ datasetId: Type.Optional(Type.String({ format: 'uuid' })) }, strict);

/** Up to four attributes, or one per-value table ("methods_of_control[]"); `groupBy` one of them, for the share within its groups. */
export const TableQuery = Type.Object(
  {
    columns: Type.String({ minLength: 1, maxLength: 300, pattern: '^[a-z_]+(\\[\\])?(,[a-z_]+(\\[\\])?){0,3}$' }),
    groupBy: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '^[a-z_]+$' })),
  },
  strict,
);

export const ReleaseTable = Type.Object({
  releaseId: Type.String(),
  columns: Type.Array(Type.String()),
  total: Type.Number(),
  groupBy: Type.Optional(Type.String()),
  cells: Type.Array(Type.Object({
    values: Type.Array(Type.String()),
    count: Type.Number(),
    share: Type.Number(),
    groupShare: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  })),
});

export const GlotipSeriesQuery = Type.Object({ iso3: Type.String({ pattern: '^[A-Z0-9]{3}$' }), indicator: Type.String({ minLength: 1, maxLength: 200 }) }, strict);
export const GlotipImportBody = Type.Object({ csv: Type.String({ minLength: 1, maxLength: 40_000_000 }) }, strict);
