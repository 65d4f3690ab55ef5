/**
 * The privacy module of Jisr statistics: no database, no web. See README.md for the guarantees and
 * parameters. Everything a release or a synthetic dataset needs is exported here.
 */
export { BudgetLedger, type LedgerEntry, type PrivacyCost } from './budget';
export {
  TableEncoder,
  countMarginals,
  encodeRows,
  listCells,
  type CategoricalTable,
  type Cell,
  type Marginal,
  type MarginalSet,
  type ProgressListener,
  type TableSchema,
} from './counts';
export { DEFAULT_PER_VALUE_SHARE, dpAggregate, type DpAggregateResult, type DpLengthParameters, type DpMechanism, type DpOptions } from './dp-aggregate';
export { PrivacyError, PRIVACY_ERROR_STATUS, type PrivacyErrorCode } from './errors';
export {
  compareMarginals,
  fidelityReport,
  formatFidelity,
  rareRowTest,
  type FidelityReport,
  type LengthFidelity,
  type PerValueFidelity,
  type PerValueTableFidelity,
  type RareRowTest,
} from './fidelity';
export { DEFAULT_PER_VALUE_CAP, boundValues, countPerValue, suppressPerValue, type PerValueOptions, type SetColumn } from './per-value';
export { secureRandom, SecureRandom, type RandomSource } from './random';
export { protectCounts, type PerValueRelease, type ProtectedRelease, type Protection, type ReleaseRequest } from './release';
export {
  sampleBernoulli,
  sampleBernoulliExp,
  sampleDiscreteGaussian,
  sampleDiscreteLaplace,
} from './samplers';
export { suppressSmallCells, type SuppressionResult, type SuppressionSummary } from './suppression';
export { synthesize, type SynthesisOptions, type SynthesisResult } from './synthesize';
