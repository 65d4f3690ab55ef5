/**
 * Writes an N-row categorical CSV shaped like the CTDC global synthetic dataset (variable names and
 * value sets from the CTDC data dictionary and codebooks in ../shared/data/ctdc/), with skewed,
 * correlated distributions. Entirely invented: no real record is used. The PRNG is seedable and not
 * cryptographic; this is test data.
 *
 * Usage: npx tsx scripts/generate-categorical-csv.ts --rows 100000 --out /tmp/x.csv [--seed 1]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { stringify } from 'csv-stringify/sync';
import { mulberry32 } from '../server/src/demo/generate-cases';

/** The 10 columns, as CTDC names them. */
export const CTDC_COLUMNS = [
  'yearOfRegistration',
  'gender',
  'ageBroad',
  'citizenship',
  'CountryOfExploitation',
  'typeOfExploitConcatenated',
  'typeOfLabourConcatenated',
  'meansOfControlConcatenated',
  'recruiterRelation',
  'isForcedLabour',
] as const;

type Weighted = readonly (readonly [string, number])[];

function chooser(random: () => number): (options: Weighted) => string {
  return (options) => {
    const total = options.reduce((s, [, w]) => s + w, 0);
    let u = random() * total;
    for (const [value, weight] of options) {
      u -= weight;
      if (u < 0) return value;
    }
    return options[options.length - 1][0];
  };
}

const YEARS: Weighted = Array.from({ length: 21 }, (_, i) => [String(2002 + i), i < 8 ? 1 + i : 12 + (i % 5) * 3] as const);
const CITIZENSHIP: Weighted = [
  ['UA', 14], ['PH', 12], ['MD', 10], ['ID', 8], ['KH', 7], ['US', 7], ['MX', 6], ['BY', 5], ['VN', 5], ['NP', 4],
  ['MM', 4], ['HT', 3], ['RO', 3], ['NG', 3], ['KG', 3], ['BD', 2], ['UZ', 2], ['LK', 2], ['GH', 2], ['ET', 2],
  ['TH', 2], ['LA', 1.5], ['IN', 1.5], ['CN', 1.5], ['AF', 1], ['SN', 1], ['KE', 1], ['UG', 1], ['ML', 1],
  ['BO', 0.7], ['SV', 0.7], ['HN', 0.7], ['GT', 0.7], ['ER', 0.5], ['SO', 0.5], ['BF', 0.4], ['CI', 0.4],
  ['AL', 0.4], ['00', 2],
];
/** Main destinations per citizenship (others fall back to the global list). */
const DESTINATIONS: Record<string, Weighted> = {
  UA: [['RU', 8], ['UA', 4], ['PL', 2], ['TR', 1]],
  PH: [['MY', 4], ['SA', 3], ['AE', 3], ['PH', 2], ['US', 1]],
  MD: [['RU', 6], ['TR', 2], ['MD', 2], ['AE', 1]],
  ID: [['MY', 7], ['ID', 3], ['SA', 2]],
  KH: [['TH', 7], ['MY', 2], ['KH', 2]],
  US: [['US', 20]],
  MX: [['US', 8], ['MX', 4]],
  BY: [['RU', 6], ['BY', 2], ['PL', 1]],
  VN: [['CN', 4], ['VN', 3], ['MY', 1]],
  NP: [['IN', 5], ['NP', 3], ['MY', 2]],
  MM: [['TH', 6], ['CN', 3], ['MM', 2]],
  HT: [['DO', 6], ['HT', 3]],
};
const GLOBAL_DESTINATIONS: Weighted = [
  ['US', 6], ['RU', 5], ['AE', 3], ['TH', 3], ['MY', 3], ['SA', 2], ['TR', 2], ['GH', 2], ['NG', 2], ['KE', 1],
  ['UG', 1], ['ET', 1], ['SN', 1], ['ML', 1], ['00', 3],
];
const AGES_ADULT: Weighted = [['18--20', 10], ['21--23', 10], ['24--26', 9], ['27--29', 8], ['30--38', 14], ['39--47', 7], ['48+', 3]];
const AGES_MINOR: Weighted = [['0--8', 3], ['9--17', 10]];
const LABOUR: Weighted = [
  ['Construction', 8], ['Agriculture', 6], ['Domestic work', 7], ['Manufacturing', 4], ['Hospitality', 3],
  ['Begging', 2], ['Fishing;Aquafarming', 1.5], ['Construction;Manufacturing', 1], ['Other', 2],
];
const MEANS: Weighted = [
  ['Takes earnings', 6], ['Threats', 5], ['Restricts movement', 4], ['Psychological abuse', 4], ['Physical abuse', 3],
  ['Debt bondage', 4], ['False promises', 5], ['Withholds documents', 3], ['Excessive working hours', 2],
  ['Psychological abuse;Threats', 3], ['Debt bondage;Takes earnings', 2], ['Physical abuse;Sexual abuse', 2],
  ['Restricts movement;Withholds documents', 2], ['False promises;Takes earnings;Threats', 1], ['Psychoactive substances', 1],
];
const RECRUITER: Weighted = [['Unknown', 10], ['Other', 5], ['Friend', 3], ['Family', 3], ['Intimate partner', 2]];

/** Draws one row; values correlate (gender → exploitation, citizenship → destination, etc.). */
export function rowGenerator(seed: number): () => string[] {
  const random = mulberry32(seed);
  const pick = chooser(random);
  return () => {
    const year = pick(YEARS);
    const gender = pick([['Female', 55], ['Male', 40], ['Transgender/NonConforming', 0.5], ['Unknown', 2]]);
    const minor = random() < (gender === 'Female' ? 0.22 : 0.12);
    const age = random() < 0.15 ? 'Unknown' : pick(minor ? AGES_MINOR : AGES_ADULT);
    const citizenship = pick(CITIZENSHIP);
    const country = random() < 0.85 && DESTINATIONS[citizenship] ? pick(DESTINATIONS[citizenship]) : pick(GLOBAL_DESTINATIONS);
    const sexualWeight = gender === 'Female' ? (minor ? 6 : 5) : 0.6;
    const exploit = pick([
      ['Sexual exploitation', sexualWeight],
      ['Forced labour', gender === 'Male' ? 8 : 3],
      ['Forced labour;Sexual exploitation', 0.4],
      ['Forced marriage', gender === 'Female' ? 0.5 : 0.02],
      ['Other', 0.6],
      ['-99', 0.8],
    ]);
    const forcedLabour = exploit.includes('Forced labour');
    const labour = forcedLabour
      ? pick(gender === 'Female' ? [...LABOUR, ['Domestic work', 10] as const] : [...LABOUR, ['Construction', 6] as const])
      : '-99';
    const means = random() < 0.3 ? '-99' : pick(forcedLabour ? [...MEANS, ['Debt bondage', 4] as const] : MEANS);
    const recruiter = pick(exploit === 'Sexual exploitation' ? [...RECRUITER, ['Intimate partner', 4] as const] : RECRUITER);
    return [year, gender, age, citizenship, country, exploit, labour, means, recruiter, forcedLabour ? '1' : exploit === '-99' ? '-99' : '0'];
  };
}

/** Writes `rows` rows with a header to `path`. */
export function writeCategoricalCsv(path: string, rows: number, seed = 1): void {
  const next = rowGenerator(seed);
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, stringify([[...CTDC_COLUMNS]]));
    for (let done = 0; done < rows; ) {
      const chunk: string[][] = [];
      for (; chunk.length < 10_000 && done < rows; done++) chunk.push(next());
      writeSync(fd, stringify(chunk));
    }
  } finally {
    closeSync(fd);
  }
}

function main(): void {
  const { values } = parseArgs({
    options: { rows: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } },
    strict: true,
  });
  const rows = Number(values.rows ?? '100000');
  const seed = Number(values.seed ?? '1');
  if (!values.out || !Number.isInteger(rows) || rows < 0 || !Number.isInteger(seed)) {
    process.stderr.write('Usage: npx tsx scripts/generate-categorical-csv.ts --rows 100000 --out file.csv [--seed 1]\n');
    process.exit(2);
  }
  writeCategoricalCsv(values.out, rows, seed);
  process.stderr.write(`wrote ${rows} rows to ${values.out}\n`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) main();
