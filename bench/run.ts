/**
 * `npm run bench`: runs every benchmark script in bench/ (files ending in .bench.ts), one after the
 * other in its own process so peak memory is measured per benchmark. Pass names to run only some:
 * `npm run bench -- cases-list`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machineSpeedLine } from './support/machine';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const scripts = fs
  .readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

let failed = 0;
for (const s of scripts) {
  process.stdout.write(`\n## ${s}\n\n`);
  process.stdout.write(`${machineSpeedLine()}\n`);
  const started = Date.now();
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, s)], { stdio: 'inherit', env: process.env });
  process.stdout.write(`\n(${s}: ${((Date.now() - started) / 1000).toFixed(1)} s, exit ${r.status})\n`);
  if (r.status !== 0) failed += 1;
}
process.exitCode = failed ? 1 : 0;
