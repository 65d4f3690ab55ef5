/**
 * Builds `server/src/exchange/glotip-data.json`, the compact copy of the UNODC GLOTIP country data
 * that Jisr ships so national figures can be read beside UNODC's without reading /work/shared.
 *
 * Usage: npx tsx scripts/build-glotip.ts [path/to/data_glotip.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compactGlotip, parseGlotipCsv } from '../server/src/exchange/glotip';

const here = dirname(fileURLToPath(import.meta.url));
const source = process.argv[2] ?? '/work/shared/data/unodc/data_glotip.csv';
const target = resolve(here, '../server/src/exchange/glotip-data.json');
const ATTRIBUTION =
  'Source: UNODC, Global Report on Trafficking in Persons country data (UNODC Data Portal, ' +
  'https://dataunodc.un.org/sites/dataunodc.un.org/files/data_glotip.xlsx; copy from ArjunT254/UN-Human-Trafficking-Analysis ' +
  'commit a2559c4). UNODC Data Portal terms of use apply. Repacked by Jisr (scripts/build-glotip.ts) without changing values.';

const { rows, errors } = parseGlotipCsv(readFileSync(source, 'utf8'));
if (errors.length > 0) {
  console.error(errors.slice(0, 20));
  process.exit(1);
}
const json = JSON.stringify(compactGlotip(rows, ATTRIBUTION));
writeFileSync(target, `${json}\n`);
console.log(`wrote ${rows.length} rows, ${(json.length / 1e6).toFixed(2)} MB, to ${target}`);
