/**
 * `jisr aggregate`: protected counts of every combination of 1..L columns of a categorical CSV,
 * with k-anonymity (small-cell suppression) or differential privacy. Modelled on the command line
 * of Microsoft synthetic-data-showcase.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CsvInputError, readCategoricalCsv, writeCountsCsv } from '../stats/privacy/csv-table';
import {
  BudgetLedger,
  PrivacyError,
  fidelityReport,
  formatFidelity,
  protectCounts,
  type CategoricalTable,
  type FidelityReport,
  type ProtectedRelease,
  type Protection,
  type SynthesisResult,
} from '../stats/privacy/index';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export const COMMON_USAGE = `  --input FILE           categorical CSV with a header row (required)
  --columns A,B,C        columns to use (default: all)
  --delimiter C          field delimiter (default ",")
  --length L             longest combination of columns, 1..6 (default 3)
  --k K                  k-anonymity: suppress cells below K, with complementary suppression
  --epsilon E --delta D  differential privacy with budget (E, D) instead of --k
  --mechanism M          gaussian (default) or laplace noise, for --epsilon
  --length-weights W,..  relative budget per combination length, e.g. 1,1,2,2 (default equal)
  --rare N               count below which a combination is rare in the report (default: K, or 10)
  --out-dir DIR          where outputs go (default ".")
  --quiet                no progress on stderr
  --help                 this help`;

export const AGGREGATE_USAGE = `Usage: jisr aggregate --input data.csv (--k 10 | --epsilon 1 --delta 1e-6) [options]

Writes to --out-dir: counts.csv (protected counts), release.json (parameters, noise, cost),
fidelity.json and fidelity.txt (error of the protected counts by combination length).

${COMMON_USAGE}
`;

/** The parsed options shared by `aggregate` and `synth`. */
export interface StatsOptions {
  readonly input: string;
  readonly columns?: string[];
  readonly delimiter: string;
  readonly length: number;
  readonly protection: Protection;
  readonly rareThreshold: number;
  readonly outDir: string;
  readonly quiet: boolean;
  readonly rows?: number;
  readonly keepRareCopies: boolean;
}

/** A bad command line; the message is one line for the user. */
export class UsageError extends Error {}

const OPTIONS = {
  input: { type: 'string' },
  columns: { type: 'string' },
  delimiter: { type: 'string' },
  length: { type: 'string' },
  k: { type: 'string' },
  epsilon: { type: 'string' },
  delta: { type: 'string' },
  mechanism: { type: 'string' },
  'length-weights': { type: 'string' },
  rare: { type: 'string' },
  'out-dir': { type: 'string' },
  rows: { type: 'string' },
  'keep-rare-copies': { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean' },
} as const;

function parseNumber(value: string | undefined, flag: string, check: (n: number) => boolean, rule: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n)) throw new UsageError(`--${flag} must be ${rule} (got "${value}")`);
  return n;
}

/** Parses the shared command line; undefined means --help was asked. Throws UsageError. */
export function parseStatsArgs(args: string[], allowSynthOptions: boolean): StatsOptions | undefined {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return undefined;
  if (!allowSynthOptions && (values.rows !== undefined || values['keep-rare-copies'])) {
    throw new UsageError('--rows and --keep-rare-copies belong to "jisr synth"');
  }
  if (!values.input) throw new UsageError('--input is required');
  const length = parseNumber(values.length, 'length', (n) => Number.isInteger(n) && n >= 1 && n <= 6, 'an integer 1..6') ?? 3;
  const k = parseNumber(values.k, 'k', (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1');
  const epsilon = parseNumber(values.epsilon, 'epsilon', (n) => n > 0, 'a number > 0');
  const delta = parseNumber(values.delta, 'delta', (n) => n > 0 && n < 1, 'a number in (0, 1)');
  let protection: Protection;
  if (k !== undefined) {
    if (epsilon !== undefined || delta !== undefined) throw new UsageError('choose either --k or --epsilon/--delta, not both');
    protection = { kind: 'k-anonymity', k };
  } else if (epsilon !== undefined) {
    if (delta === undefined) throw new UsageError('--epsilon needs --delta (e.g. --delta 1e-6)');
    const mechanism = values.mechanism ?? 'gaussian';
    if (mechanism !== 'gaussian' && mechanism !== 'laplace') throw new UsageError('--mechanism must be gaussian or laplace');
    const weights = values['length-weights']?.split(',').map((w) => Number(w));
    if (weights && (weights.length !== length || weights.some((w) => !(w > 0)))) {
      throw new UsageError(`--length-weights must be ${length} positive numbers, one per combination length`);
    }
    protection = { kind: 'differential-privacy', epsilon, delta, mechanism, lengthWeights: weights };
  } else {
    throw new UsageError('choose a protection: --k K, or --epsilon E --delta D');
  }
  const rare = parseNumber(values.rare, 'rare', (n) => Number.isInteger(n) && n >= 1, 'an integer >= 1');
  const rows = parseNumber(values.rows, 'rows', (n) => Number.isInteger(n) && n >= 0 && n <= 50_000_000, 'an integer 0..50,000,000');
  const columns = values.columns
    ?.split(',')
    .map((c) => c.trim())
    .filter((c) => c.length > 0);
  if (columns && columns.length === 0) throw new UsageError('--columns is empty');
  const delimiter = values.delimiter ?? ',';
  if (delimiter.length !== 1) throw new UsageError('--delimiter must be one character');
  return {
    input: values.input,
    columns,
    delimiter,
    length,
    protection,
    rareThreshold: rare ?? k ?? 10,
    outDir: values['out-dir'] ?? '.',
    quiet: values.quiet ?? false,
    rows,
    keepRareCopies: values['keep-rare-copies'] ?? false,
  };
}

/** Progress lines on stderr, with elapsed time; silent when quiet. */
export function progressReporter(quiet: boolean): (message: string) => void {
  const start = Date.now();
  return (message) => {
    if (!quiet) process.stderr.write(`[${((Date.now() - start) / 1000).toFixed(1)}s] ${message}\n`);
  };
}

/** Reads the input and protects its counts, reporting progress. */
export async function loadAndProtect(
  options: StatsOptions,
  progress: (message: string) => void,
): Promise<{ table: CategoricalTable; release: ProtectedRelease }> {
  progress(`reading ${options.input}`);
  const table = await readCategoricalCsv(options.input, {
    columns: options.columns,
    delimiter: options.delimiter,
    onRows: (rows) => rows % 100_000 === 0 && progress(`  ${rows} rows read`),
  });
  progress(`${table.rowCount} rows, ${table.columns.length} columns; counting combinations up to length ${options.length}`);
  let lastShown = 0;
  const onProgress = (done: number, total: number): void => {
    const percent = Math.floor((done / total) * 100);
    if (percent >= lastShown + 25 || done === total) {
      lastShown = percent;
      progress(`  ${done}/${total} column combinations counted`);
    }
  };
  const { protection } = options;
  // One CLI run is one release; its ledger holds exactly this release's budget.
  const ledger =
    protection.kind === 'differential-privacy'
      ? new BudgetLedger(options.input, { epsilon: protection.epsilon, delta: protection.delta })
      : undefined;
  const release = protectCounts({ table, maxLength: options.length, protection, ledger, onProgress, releaseId: 'cli' });
  progress(`protected counts ready (${describe(protection)})`);
  return { table, release };
}

function describe(protection: Protection): string {
  return protection.kind === 'k-anonymity'
    ? `k = ${protection.k}`
    : `ε = ${protection.epsilon}, δ = ${protection.delta}, ${protection.mechanism ?? 'gaussian'} noise`;
}

/** Writes counts.csv, release.json, fidelity.json and fidelity.txt. */
export function writeReleaseOutputs(
  options: StatsOptions,
  release: ProtectedRelease,
  report: FidelityReport,
  synthesis?: SynthesisResult,
): void {
  mkdirSync(options.outDir, { recursive: true });
  writeCountsCsv(join(options.outDir, 'counts.csv'), release.released);
  const cells = [...release.released.marginals.values()].reduce((n, m) => n + m.keys.length, 0);
  const summary = {
    columns: release.released.schema.columns,
    maxLength: release.released.maxLength,
    protection: release.protection,
    cost: release.cost,
    releasedTotal: Math.round(release.released.total),
    releasedCells: cells,
    suppression: release.suppression,
    noise: release.noise,
    synthesis: synthesis && {
      rows: synthesis.table.rowCount,
      redrawnRareCopies: synthesis.redrawn,
      droppedRareCopies: synthesis.dropped,
      plan: synthesis.plan.map((p) => ({
        column: release.released.schema.columns[p.column],
        parents: p.parents.map((c) => release.released.schema.columns[c]),
      })),
    },
  };
  writeFileSync(join(options.outDir, 'release.json'), `${JSON.stringify(summary, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'fidelity.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(join(options.outDir, 'fidelity.txt'), formatFidelity(report));
}

/** Maps an error to its one-line message and exit code. */
export function reportError(error: unknown): number {
  if (error instanceof UsageError || error instanceof CsvInputError) {
    process.stderr.write(`error: ${error.message}\n`);
    return EXIT_USAGE;
  }
  if (error instanceof PrivacyError) {
    const reason = error.params.reason ?? JSON.stringify(error.params);
    process.stderr.write(`error: ${error.code}: ${reason}\n`);
    return EXIT_USAGE;
  }
  process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT_FAILURE;
}

/** Runs `jisr aggregate`; resolves to the exit code (0 ok, 2 bad usage or malformed input, 1 failure). */
export async function run(args: string[]): Promise<number> {
  try {
    const options = parseStatsArgs(args, false);
    if (!options) {
      process.stdout.write(AGGREGATE_USAGE);
      return EXIT_OK;
    }
    const progress = progressReporter(options.quiet);
    const { release } = await loadAndProtect(options, progress);
    const report = fidelityReport({ truth: release.truth, released: release.released, rareThreshold: options.rareThreshold });
    writeReleaseOutputs(options, release, report);
    progress(`wrote counts.csv, release.json, fidelity.json, fidelity.txt to ${options.outDir}`);
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
