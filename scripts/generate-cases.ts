/**
 * Writes generated, fictional HTCDS 2.0 cases (server/src/demo/generate-cases.ts) for benchmarks.
 *
 * Usage: npx tsx scripts/generate-cases.ts --count 100000 [--seed 42] --format json|csv --out path
 *   json: writes one HTCDS JSON document to `path`; csv: writes one CSV per table into directory `path`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exportCsv } from '../server/src/exchange/htcds-csv';
import { exportJson } from '../server/src/exchange/htcds-json';
import { generateCases } from '../server/src/demo/generate-cases';

export { generateCases };

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function main(): void {
  const count = Number(arg('count') ?? '1000');
  const seed = Number(arg('seed') ?? '42');
  const format = arg('format') ?? 'json';
  const out = resolve(arg('out') ?? (format === 'csv' ? 'bench/out/htcds-csv' : 'bench/out/htcds.json'));
  if (!Number.isInteger(count) || count < 0 || (format !== 'json' && format !== 'csv')) {
    console.error('usage: npx tsx scripts/generate-cases.ts --count N [--seed S] --format json|csv --out path');
    process.exit(2);
  }
  const t0 = performance.now();
  const bundles = generateCases(count, seed);
  const t1 = performance.now();
  if (format === 'json') {
    writeFileSync(out, exportJson(bundles));
  } else {
    mkdirSync(out, { recursive: true });
    for (const [table, text] of Object.entries(exportCsv(bundles))) writeFileSync(join(out, `${table}.csv`), text);
  }
  const t2 = performance.now();
  console.log(`generated ${count} cases in ${Math.round(t1 - t0)} ms, wrote ${format} to ${out} in ${Math.round(t2 - t1)} ms`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
