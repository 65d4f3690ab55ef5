/**
 * Reading a categorical CSV file into an encoded table, and writing released cells and rows back
 * out as CSV. Every value is a category (an empty cell is the category ""). Errors name the file,
 * the line and the column, never a value.
 */
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { parse, CsvError } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TableEncoder, maskLength, type CategoricalTable, type MarginalSet } from './counts';

/** A malformed input file; message is one line naming file, line and column. */
export class CsvInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvInputError';
  }
}

/** Options of readCategoricalCsv. */
export interface ReadCsvOptions {
  /** Columns to keep, by header name; default all. */
  readonly columns?: readonly string[];
  readonly delimiter?: string;
  /** Called every 10,000 rows with the rows read so far. */
  readonly onRows?: (rows: number) => void;
}

/**
 * Reads a CSV file with a header row into a categorical table of the chosen columns. Throws
 * CsvInputError for an empty file, a header without rows, a duplicate or unknown column name, or a
 * row whose number of fields differs from the header's (naming its line).
 */
export async function readCategoricalCsv(path: string, options: ReadCsvOptions = {}): Promise<CategoricalTable> {
  const name = basename(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') throw new CsvInputError(`${name}: file not found (${path})`);
    throw error;
  }
  // Without any quote character, CSV is plain splitting; otherwise csv-parse handles quoting.
  if (!text.includes('"')) return splitUnquoted(name, text, options);
  const parser = parse(text, { bom: true, delimiter: options.delimiter ?? ',', skip_empty_lines: true, relax_column_count: false });
  let header: string[] | undefined;
  let pick: number[] = [];
  let encoder: TableEncoder | undefined;
  let rows = 0;
  const picked: string[] = [];
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = record.map((h) => h.trim());
        ({ encoder, pick } = startTable(name, header, options));
        continue;
      }
      picked.length = 0;
      for (const index of pick) picked.push(record[index]);
      encoder?.add(picked);
      rows += 1;
      if (rows % 10_000 === 0) options.onRows?.(rows);
    }
  } catch (error) {
    if (error instanceof CsvError) {
      // csv-parse may fail before the header record reaches us: read the header on its own.
      const expected = header?.length ?? headerLength(text, options.delimiter ?? ',');
      throw new CsvInputError(describeCsvError(name, error, expected));
    }
    throw error;
  }
  if (!header || !encoder) throw new CsvInputError(`${name} is empty: expected a header row and data rows`);
  if (rows === 0) throw new CsvInputError(`${name} has a header but no data rows`);
  return encoder.finish();
}

function headerLength(text: string, delimiter: string): number | undefined {
  try {
    const [first] = parseSync(text, { bom: true, delimiter, to_line: 1 }) as string[][];
    return first?.length;
  } catch {
    return undefined;
  }
}

function describeCsvError(name: string, error: CsvError, expected: number | undefined): string {
  const line = (error as CsvError & { lines?: number }).lines;
  const where = line ? `${name} line ${line}` : name;
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const record = (error as CsvError & { record?: unknown[] }).record;
    const found = Array.isArray(record) ? record.length : '?';
    return `${where}: expected ${expected ?? '?'} fields like the header, found ${found}`;
  }
  return `${where}: ${error.message.replace(/\s+/g, ' ')}`;
}

/** Starts the table from the header: checks names and picks the chosen columns. */
function startTable(name: string, header: string[], options: ReadCsvOptions): { encoder: TableEncoder; pick: number[] } {
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h)) throw new CsvInputError(`${name} line 1: column "${h}" appears twice in the header`);
    seen.add(h);
  }
  const wanted = options.columns ?? header;
  if (wanted.length === 0) throw new CsvInputError(`${name}: no columns chosen`);
  const pick = wanted.map((column) => {
    const index = header.indexOf(column);
    if (index < 0) throw new CsvInputError(`${name}: column "${column}" named in --columns is not in the header (${header.join(', ')})`);
    return index;
  });
  return { encoder: new TableEncoder(wanted), pick };
}

/** Reads CSV text that contains no quote character (the common case for categorical exports). */
function splitUnquoted(name: string, input: string, options: ReadCsvOptions): CategoricalTable {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const delimiter = options.delimiter ?? ',';
  let header: string[] | undefined;
  let table: { encoder: TableEncoder; pick: number[] } | undefined;
  const picked: string[] = [];
  let rows = 0;
  let line = 0;
  let start = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    line += 1;
    const raw = text.charCodeAt(end - 1) === 13 ? text.slice(start, end - 1) : text.slice(start, end);
    start = end + 1;
    if (raw.length === 0) continue;
    const fields = raw.split(delimiter);
    if (!header || !table) {
      header = fields.map((h) => h.trim());
      table = startTable(name, header, options);
      continue;
    }
    if (fields.length !== header.length) {
      throw new CsvInputError(`${name} line ${line}: expected ${header.length} fields like the header, found ${fields.length}`);
    }
    picked.length = 0;
    for (const index of table.pick) picked.push(fields[index]);
    table.encoder.add(picked);
    rows += 1;
    if (rows % 10_000 === 0) options.onRows?.(rows);
  }
  if (!table) throw new CsvInputError(`${name} is empty: expected a header row and data rows`);
  if (rows === 0) throw new CsvInputError(`${name} has a header but no data rows`);
  return table.encoder.finish();
}

/** Writes a header (escaped by csv-stringify) and pre-built CSV lines, in 1 MB chunks. */
function writeLines(path: string, header: readonly string[], lines: Iterable<string>): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, stringify([header]));
    let chunk: string[] = [];
    let size = 0;
    for (const line of lines) {
      chunk.push(line);
      size += line.length;
      if (size >= 1 << 20) {
        writeSync(fd, chunk.join(''));
        chunk = [];
        size = 0;
      }
    }
    if (chunk.length) writeSync(fd, chunk.join(''));
  } finally {
    closeSync(fd);
  }
}

/** CSV-escaped labels (csv-stringify's quoting), computed once per category. */
function escapedCategories(set: { readonly categories: readonly (readonly string[])[] }): string[][] {
  return set.categories.map((labels) => labels.map((label) => stringify([[label]]).replace(/\r?\n$/, '')));
}

/**
 * Writes released cells: one line per cell with its length, the names of its attributes
 * (separated by ";"), one column per attribute (blank when not part of the combination) and the
 * count. The first line after the header is the released total (length 0).
 */
export function writeCountsCsv(path: string, released: MarginalSet): void {
  const columns = released.schema.columns;
  const labels = escapedCategories(released.schema);
  const masks = [...released.marginals.keys()].sort((a, b) => maskLength(a) - maskLength(b) || a - b);
  function* lines(): Generator<string> {
    yield `0,,${','.repeat(columns.length)}${Math.round(released.total)}\n`;
    for (const mask of masks) {
      const marginal = released.marginals.get(mask);
      if (!marginal) continue;
      const prefix = `${marginal.columns.length},${stringify([[marginal.columns.map((c) => columns[c]).join(';')]]).replace(/\r?\n$/, '')}`;
      const fields = new Array<string>(columns.length).fill('');
      const { radix, columns: cols } = marginal;
      for (let i = 0; i < marginal.keys.length; i++) {
        let rest = marginal.keys[i];
        for (let p = cols.length - 1; p >= 0; p--) {
          const digit = rest % radix[p];
          fields[cols[p]] = labels[cols[p]][digit];
          rest = (rest - digit) / radix[p];
        }
        yield `${prefix},${fields.join(',')},${Math.round(marginal.counts[i])}\n`;
      }
    }
  }
  writeLines(path, ['length', 'attributes', ...columns, 'count'], lines());
}

/** Writes a categorical table as CSV with its labels. */
export function writeTableCsv(path: string, table: CategoricalTable): void {
  const labels = escapedCategories(table);
  const m = table.columns.length;
  function* lines(): Generator<string> {
    const fields = new Array<string>(m);
    for (let r = 0; r < table.rowCount; r++) {
      for (let c = 0; c < m; c++) fields[c] = labels[c][table.codes[c][r]];
      yield `${fields.join(',')}\n`;
    }
  }
  writeLines(path, table.columns, lines());
}
