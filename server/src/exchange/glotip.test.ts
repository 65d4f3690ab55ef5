import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compactGlotip, expandGlotip, parseGlotipCsv, parseGlotipValue, type GlotipCompact } from './glotip';
import shipped from './glotip-data.json';

const SHARED = '/work/shared/data/unodc/data_glotip.csv';

describe('GLOTIP values', () => {
  it('reads counts, thousands separators and suppressed small counts', () => {
    expect(parseGlotipValue('103')).toEqual({ kind: 'count', value: 103, text: '103' });
    expect(parseGlotipValue('1,282')).toEqual({ kind: 'count', value: 1282, text: '1,282' });
    expect(parseGlotipValue('<5')).toEqual({ kind: 'range', lower: 0, upper: 4, text: '<5' });
    expect(parseGlotipValue('n/a')).toBeUndefined();
    expect(parseGlotipValue('12,34')).toBeUndefined();
  });
});

// The UNODC file itself is in the shared data folder of the development machines (and CI); a
// clone elsewhere skips these checks of the shipped copy against it.
describe.skipIf(!existsSync(SHARED))('GLOTIP country data', () => {
  const { rows, errors } = existsSync(SHARED) ? parseGlotipCsv(readFileSync(SHARED, 'utf8')) : { rows: [], errors: [] };

  it('parses every row of the UNODC file', () => {
    expect(errors).toEqual([]);
    expect(rows).toHaveLength(46556);
    expect(rows.filter((r) => r.value.kind === 'range')).toHaveLength(23076);
    const afg = rows.find((r) => r.iso3 === 'AFG' && r.indicator === 'Offences of trafficking in persons' && r.year === 2013);
    expect(afg?.value).toEqual({ kind: 'count', value: 103, text: '103' });
    expect(new Set(rows.map((r) => r.year)).size).toBe(19);
  });

  it('keeps UNODC aggregate codes with no country name', () => {
    const aggregate = rows.find((r) => r.iso3 === 'SAM');
    expect(aggregate?.country).toBeNull();
  });

  it('ships a compact copy that expands to exactly the parsed rows', () => {
    const data = shipped as GlotipCompact;
    expect(data.attribution).toMatch(/UNODC/);
    expect(expandGlotip(data)).toEqual(rows);
    expect(expandGlotip(compactGlotip(rows.slice(0, 50), 'x'))).toEqual(rows.slice(0, 50));
  });

  it('reports unreadable values with their row', () => {
    const bad = parseGlotipCsv(`${readFileSync(SHARED, 'utf8').split('\n')[0]}\nAFG,Afghanistan,Asia,Southern Asia,Persons convicted,Total,Total,Total,Total,20x1,Counts,about 3,GLOTIP\n`);
    expect(bad.rows).toEqual([]);
    expect(bad.errors.map((e) => `${e.row}:${e.column}:${e.code}`)).toEqual(['2:txtVALUE:glotip.invalid_value', '2:Year:glotip.invalid_year']);
  });
});
