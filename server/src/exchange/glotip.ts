/**
 * UNODC Global Report on Trafficking in Persons (GLOTIP) country data: parser for the Data Portal
 * export `data_glotip.csv` and decoder for the compact copy Jisr ships (glotip-data.json, built by
 * scripts/build-glotip.ts). Source: UNODC, https://dataunodc.un.org; attribution to UNODC required.
 *
 * Values: txtVALUE is text. Plain counts may carry thousands separators ("1,282"). "<5" is
 * UNODC's suppression of small counts; the file holds no 0 and no 1–4 at all, so a suppressed value
 * may be any of 0–4: it is read as `{ kind: 'range', lower: 0, upper: 4, text: '<5' }` and never
 * replaced by a guessed number. Any other "<N" is read the same way as 0..N-1.
 */
import { parse } from 'csv-parse/sync';

/** A GLOTIP figure: an exact count or a suppressed range. */
export type GlotipValue =
  | { kind: 'count'; value: number; text: string }
  | { kind: 'range'; lower: number; upper: number; text: string };

/** One row of the GLOTIP country data. */
export interface GlotipRow {
  /** ISO 3166-1 alpha-3, or a UNODC aggregate code (e.g. CAR, SAM) for which country is null. */
  iso3: string;
  country: string | null;
  region: string | null;
  subregion: string | null;
  indicator: string;
  /** Total, by form of exploitation, by citizenship, by country of repatriation. */
  dimension: string;
  category: string;
  sex: string;
  age: string;
  year: number;
  unit: string;
  value: GlotipValue;
  source: string;
}

/** A row that could not be read; `row` counts the header as 1. */
export interface GlotipError {
  row: number;
  column: string;
  code: 'glotip.missing_column' | 'glotip.invalid_value' | 'glotip.invalid_year';
  params: Record<string, string>;
}

/** Columns of data_glotip.csv, in file order. */
export const GLOTIP_COLUMNS = [
  'Iso3_code',
  'Country',
  'Region',
  'Subregion',
  'Indicator',
  'Dimension',
  'Category',
  'Sex',
  'Age',
  'Year',
  'Unit of measurement',
  'txtVALUE',
  'Source',
] as const;

/** Parses one txtVALUE; undefined when it is neither a count nor "<N". */
export function parseGlotipValue(text: string): GlotipValue | undefined {
  const t = text.trim();
  const bound = /^<\s*(\d+)$/.exec(t);
  if (bound) return { kind: 'range', lower: 0, upper: Number(bound[1]) - 1, text: t };
  if (/^\d{1,3}(,\d{3})*$|^\d+$/.test(t)) return { kind: 'count', value: Number(t.replace(/,/g, '')), text: t };
  return undefined;
}

const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

/**
 * Parses the GLOTIP CSV text. Returns every readable row and one error per unreadable cell
 * (missing column, value that is not a count or "<N", year that is not a 4-digit year).
 */
export function parseGlotipCsv(text: string): { rows: GlotipRow[]; errors: GlotipError[] } {
  const records = parse(text, { bom: true, columns: true, skip_empty_lines: true }) as Array<Record<string, string>>;
  const errors: GlotipError[] = [];
  const header = records.length > 0 ? Object.keys(records[0]) : [];
  const missing = GLOTIP_COLUMNS.filter((c) => records.length > 0 && !header.includes(c));
  for (const c of missing) errors.push({ row: 1, column: c, code: 'glotip.missing_column', params: {} });
  if (missing.length > 0) return { rows: [], errors };
  const rows: GlotipRow[] = [];
  records.forEach((r, i) => {
    const row = i + 2;
    const value = parseGlotipValue(r['txtVALUE']);
    const year = /^\d{4}$/.test(r['Year'].trim()) ? Number(r['Year']) : undefined;
    if (!value) errors.push({ row, column: 'txtVALUE', code: 'glotip.invalid_value', params: { value: r['txtVALUE'] } });
    if (year === undefined) errors.push({ row, column: 'Year', code: 'glotip.invalid_year', params: { value: r['Year'] } });
    if (!value || year === undefined) return;
    rows.push({
      iso3: r['Iso3_code'].trim(),
      country: orNull(r['Country']),
      region: orNull(r['Region']),
      subregion: orNull(r['Subregion']),
      indicator: r['Indicator'].trim(),
      dimension: r['Dimension'].trim(),
      category: r['Category'].trim(),
      sex: r['Sex'].trim(),
      age: r['Age'].trim(),
      year,
      unit: r['Unit of measurement'].trim(),
      value,
      source: r['Source'].trim(),
    });
  });
  return { rows, errors };
}

/** Compact, column-oriented form of the rows: repeated strings stored once in `strings`. */
export interface GlotipCompact {
  attribution: string;
  strings: string[];
  /** Per row: indexes into `strings` for iso3, country, region, subregion, indicator, dimension, category, sex, age, unit, source. */
  text: number[][];
  year: number[];
  /** Count, or -N for a suppressed "<N" (exact original text restored by `expandGlotip`). */
  value: number[];
  /** Row indexes whose count was written with thousands separators. */
  grouped: number[];
}

const TEXT_FIELDS = ['iso3', 'country', 'region', 'subregion', 'indicator', 'dimension', 'category', 'sex', 'age', 'unit', 'source'] as const;

/** Packs rows into the compact form; `expandGlotip(compactGlotip(rows))` deep-equals `rows`. */
export function compactGlotip(rows: readonly GlotipRow[], attribution: string): GlotipCompact {
  const strings: string[] = [''];
  const index = new Map<string, number>([['', 0]]);
  const id = (s: string | null): number => {
    const k = s ?? '';
    let n = index.get(k);
    if (n === undefined) {
      n = strings.length;
      strings.push(k);
      index.set(k, n);
    }
    return n;
  };
  const grouped: number[] = [];
  const value = rows.map((r, i) => {
    if (r.value.kind === 'range') return -(r.value.upper + 1);
    if (r.value.text.includes(',')) grouped.push(i);
    return r.value.value;
  });
  return { attribution, strings, text: rows.map((r) => TEXT_FIELDS.map((f) => id(r[f]))), year: rows.map((r) => r.year), value, grouped };
}

/** Unpacks the compact form shipped with the app into rows. */
export function expandGlotip(data: GlotipCompact): GlotipRow[] {
  const grouped = new Set(data.grouped);
  const nullable = (n: number): string | null => (n === 0 ? null : data.strings[n]);
  return data.text.map((t, i) => {
    const v = data.value[i];
    const value: GlotipValue =
      v < 0
        ? { kind: 'range', lower: 0, upper: -v - 1, text: `<${-v}` }
        : { kind: 'count', value: v, text: grouped.has(i) ? v.toLocaleString('en-US') : String(v) };
    return {
      iso3: data.strings[t[0]],
      country: nullable(t[1]),
      region: nullable(t[2]),
      subregion: nullable(t[3]),
      indicator: data.strings[t[4]],
      dimension: data.strings[t[5]],
      category: data.strings[t[6]],
      sex: data.strings[t[7]],
      age: data.strings[t[8]],
      year: data.year[i],
      unit: data.strings[t[9]],
      value,
      source: data.strings[t[10]],
    };
  });
}
