/**
 * The HTCDS import's own work, phase by phase, on one thread and without a database: read and
 * check the cases of a JSON document (importJsonInChunks), map them to Jisr's rows (bundleToRows),
 * write those as binary COPY (importedRowsCopy, identifying values left for the sealer), and seal
 * them (sealInPlace: AES-GCM and keyed hashes). Each phase's best time over several runs: this
 * machine's speed changes from hour to hour and the whole import shares both cores with the
 * database, so a change to this code a few per cent faster is lost in the noise of
 * htcds-import.bench.ts, but shows here (the best of N runs moves little from one run to the next).
 * No target of its own; its figures tell where the import's reading thread spends its time.
 *
 * Usage: npx tsx bench/import-reading.bench.ts [--cases 20000] [--runs 10]
 */
import { parseArgs } from 'node:util';
import { generateCases } from '../scripts/generate-cases';
import { exportJson, importJsonInChunks } from '../server/src/exchange/htcds-json';
import { bundleToRows, importedReference, importedRowsCopy, importMapping, type ImportOwner } from '../server/src/cases/case-htcds.service';
import { DeferredCipher, rememberHashes, sealInPlace, type SealJobs } from '../server/src/crypto/deferred-cipher';
import { FieldCipher, newKeyRing } from '../server/src/crypto/field-crypto';
import type { HtcdsBundle } from '../common/htcds/types';
import { machineSpeedLine } from './support/machine';

const { values } = parseArgs({ options: { cases: { type: 'string', default: '20000' }, runs: { type: 'string', default: '10' } } });
const N = Number(values.cases);
const RUNS = Number(values.runs);
/** Cases per chunk, as the import's worker reads them. */
const CHUNK = 250;
const owner: ImportOwner = { orgId: '0190c0de-0000-7000-8000-000000000001', orgType: 'ngo', userId: '0190c0de-0000-7000-8000-000000000002' };

async function main(): Promise<void> {
  const document = Buffer.from(exportJson(generateCases(N, 42)));
  const ring = newKeyRing();
  const best = { read: Infinity, map: Infinity, copy: Infinity, seal: Infinity };
  for (let run = 0; run < RUNS; run += 1) {
    const chunks: HtcdsBundle[][] = [];
    let t = performance.now();
    const outcome = await importJsonInChunks(document, async (bundles) => {
      chunks.push(bundles);
    }, CHUNK);
    best.read = Math.min(best.read, performance.now() - t);
    if (!outcome.ok) throw new Error('the generated document was refused');
    // As in the reader, a chunk at a time: mapped with a cipher that leaves room for the sealer
    // (names taken apart once per import), then written as COPY, whose jobs the sealer then runs.
    const deferred = new DeferredCipher(ring.primary);
    const deps = importMapping(deferred);
    const copies: Array<{ bytes: Uint8Array; jobs: SealJobs }> = [];
    let map = 0;
    let copy = 0;
    let n = 0;
    for (const bundles of chunks) {
      t = performance.now();
      const rows = bundles.map((b) => bundleToRows(deps, b, owner, importedReference(b, String((n += 1)))));
      const mapped = performance.now();
      copies.push({ bytes: importedRowsCopy(rows, owner, undefined, deferred).bytes, jobs: deferred.take() });
      map += mapped - t;
      copy += performance.now() - mapped;
    }
    best.map = Math.min(best.map, map);
    best.copy = Math.min(best.copy, copy);
    const sealer = rememberHashes(new FieldCipher(ring), 100_000);
    t = performance.now();
    for (const c of copies) sealInPlace(sealer, c.jobs, c.bytes);
    best.seal = Math.min(best.seal, performance.now() - t);
  }
  const perCase = (ms: number) => `${((ms * 1000) / N).toFixed(1)} µs a case`;
  console.log(`${N.toLocaleString('en')} generated cases (${(document.length / 2 ** 20).toFixed(0)} MB of JSON), best of ${RUNS} runs per phase:`);
  for (const [phase, label] of [['read', 'read and check (importJsonInChunks)'], ['map', 'map to rows (bundleToRows)'], ['copy', 'binary COPY (importedRowsCopy)'], ['seal', 'seal (AES-GCM, keyed hashes)']] as const) {
    console.log(`  ${label.padEnd(38)} ${best[phase].toFixed(0).padStart(6)} ms  ${perCase(best[phase])}`);
  }
  console.log(machineSpeedLine());
}

await main();
