/**
 * Benchmark of `jisr aggregate` and `jisr synth` on a 100,000-row, 10-column categorical CSV shaped
 * like CTDC data. Each step runs in its own child process so that its peak RSS is its own.
 *
 * Usage: npx tsx bench/stats-cli.bench.ts [--rows 100000] [--keep]
 * Targets: protected 1..4-way counts < 1 s; 100k synthetic rows with fidelity report < 5 s; RSS < 1 GB.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCategoricalCsv } from '../scripts/generate-categorical-csv';
import type { FidelityReport, LengthFidelity } from '../server/src/stats/privacy/index';

interface StepResult {
  readonly exit: number;
  readonly runMs: number;
  readonly maxRssMb: number;
}

async function child(args: string[]): Promise<void> {
  const [command, ...rest] = args;
  const module = command === 'synth' ? await import('../server/src/cli/synth.command') : await import('../server/src/cli/aggregate.command');
  const start = performance.now();
  const exit = await module.run(rest);
  const result: StepResult = {
    exit,
    runMs: performance.now() - start,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function step(args: string[]): StepResult & { processMs: number } {
  const start = performance.now();
  const out = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--child', ...args], {
    encoding: 'utf8',
  });
  const processMs = performance.now() - start;
  const line = out.stdout.trim().split('\n').pop() ?? '';
  if (out.status !== 0 || !line.startsWith('{')) throw new Error(`step failed: ${args.join(' ')}\n${out.stderr}`);
  return { ...(JSON.parse(line) as StepResult), processMs };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

function fidelityTable(title: string, lines: readonly LengthFidelity[]): string {
  return [
    `${title}`,
    '',
    '| length | true combos | released | mean abs err | mean rel err | suppressed | fabricated |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...lines.map(
      (l) =>
        `| ${l.length} | ${l.trueCombinations} | ${l.releasedCombinations} | ${l.meanAbsoluteError.toFixed(1)} | ${pct(l.meanRelativeError)} | ${pct(l.suppressedShare)} | ${pct(l.fabricatedShare)} |`,
    ),
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') return child(argv.slice(1));
  const { values } = parseArgs({ args: argv, options: { rows: { type: 'string' }, keep: { type: 'boolean' } } });
  const rows = Number(values.rows ?? '100000');
  const dir = mkdtempSync(join(tmpdir(), 'jisr-bench-'));
  const input = join(dir, 'victims.csv');
  const t0 = performance.now();
  writeCategoricalCsv(input, rows, 1);
  process.stderr.write(`generated ${rows} rows × 10 columns in ${(performance.now() - t0).toFixed(0)} ms (${input})\n`);

  const common = ['--input', input, '--length', '4', '--quiet'];
  const steps: { name: string; target: string; args: string[] }[] = [
    { name: 'aggregate, k = 10 (1..4-way counts)', target: '< 1 s', args: ['aggregate', ...common, '--k', '10', '--out-dir', join(dir, 'agg-k')] },
    { name: 'aggregate, DP ε = 1, δ = 1e-6', target: '< 1 s', args: ['aggregate', ...common, '--epsilon', '1', '--delta', '1e-6', '--out-dir', join(dir, 'agg-dp')] },
    { name: 'synth + fidelity, k = 10', target: '< 5 s', args: ['synth', ...common, '--k', '10', '--out-dir', join(dir, 'syn-k')] },
    { name: 'synth + fidelity, DP ε = 1', target: '< 5 s', args: ['synth', ...common, '--epsilon', '1', '--delta', '1e-6', '--out-dir', join(dir, 'syn-e1')] },
    { name: 'synth + fidelity, DP ε = 4', target: '< 5 s', args: ['synth', ...common, '--epsilon', '4', '--delta', '1e-6', '--out-dir', join(dir, 'syn-e4')] },
  ];
  const lines = [
    `Input: ${rows} rows × 10 categorical columns, combinations of 1 to 4 columns (385 tables). Node ${process.version}.`,
    '',
    '| step | command run (read CSV → write outputs) | whole process (incl. Node/tsx start) | peak RSS | target |',
    '| --- | ---: | ---: | ---: | --- |',
  ];
  for (const s of steps) {
    const r = step(s.args);
    lines.push(`| ${s.name} | ${(r.runMs / 1000).toFixed(2)} s | ${(r.processMs / 1000).toFixed(2)} s | ${r.maxRssMb.toFixed(0)} MB | ${s.target} |`);
    process.stderr.write(`${s.name}: ${(r.runMs / 1000).toFixed(2)} s\n`);
  }
  lines.push('');
  for (const [label, sub] of [['k = 10', 'syn-k'], ['ε = 1, δ = 1e-6', 'syn-e1'], ['ε = 4, δ = 1e-6', 'syn-e4']] as const) {
    const report = JSON.parse(readFileSync(join(dir, sub, 'fidelity.json'), 'utf8')) as FidelityReport;
    lines.push(fidelityTable(`Protected counts, ${label}:`, report.released));
    if (report.synthetic) {
      lines.push(fidelityTable(`Synthetic rows (${report.synthetic.rows}), ${label}; copies of rare real rows: ${report.synthetic.rareRowCopies}:`, report.synthetic.lengths));
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

await main();
