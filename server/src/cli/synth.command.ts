/**
 * `jisr synth`: synthetic rows of a categorical CSV, drawn from its protected counts
 * (aggregate-seeded synthesis), with the protected counts and a fidelity report beside them.
 */
import { join } from 'node:path';
import { writeTableCsv } from '../stats/privacy/csv-table';
import { fidelityReport, rareRowTest, synthesize } from '../stats/privacy/index';
import {
  COMMON_USAGE,
  EXIT_OK,
  loadAndProtect,
  parseStatsArgs,
  progressReporter,
  reportError,
  writeReleaseOutputs,
} from './aggregate.command';

export const SYNTH_USAGE = `Usage: jisr synth --input data.csv (--k 10 | --epsilon 1 --delta 1e-6) [options]

Writes to --out-dir: synthetic.csv (synthetic rows), counts.csv (the protected counts they are
drawn from), release.json, fidelity.json and fidelity.txt (how well the protected counts and the
synthetic rows preserve the real counts, by combination length).

  --rows N               synthetic rows to draw (default: the protected total)
  --keep-rare-copies     keep synthetic rows that equal a rare real row (by default they are
                         redrawn; that check reads the real data, so with --epsilon this flag
                         makes the rows depend on the data only through the DP counts)
${COMMON_USAGE}
`;

/** Runs `jisr synth`; resolves to the exit code (0 ok, 2 bad usage or malformed input, 1 failure). */
export async function run(args: string[]): Promise<number> {
  try {
    const options = parseStatsArgs(args, true);
    if (!options) {
      process.stdout.write(SYNTH_USAGE);
      return EXIT_OK;
    }
    const progress = progressReporter(options.quiet);
    const { table, release } = await loadAndProtect(options, progress);
    const rareRows = rareRowTest(table, options.rareThreshold);
    progress('drawing synthetic rows from the protected counts');
    const synthesis = synthesize(release.released, {
      rows: options.rows,
      reject: options.keepRareCopies ? undefined : rareRows,
    });
    progress(`${synthesis.table.rowCount} synthetic rows; measuring fidelity`);
    const report = fidelityReport({
      truth: release.truth,
      released: release.released,
      rareThreshold: options.rareThreshold,
      synthetic: synthesis.table,
      rareRows,
    });
    writeReleaseOutputs(options, release, report, synthesis);
    writeTableCsv(join(options.outDir, 'synthetic.csv'), synthesis.table);
    progress(`wrote synthetic.csv, counts.csv, release.json, fidelity.json, fidelity.txt to ${options.outDir}`);
    return EXIT_OK;
  } catch (error) {
    return reportError(error);
  }
}
