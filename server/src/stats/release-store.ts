/**
 * Binary storage of a dataset snapshot (category codes, column-major uint16) and of released
 * tables (cell keys and counts, float64), so a 100,000-row dataset or a 4-way release is a few
 * megabytes of bytea instead of JSON.
 */
import type { CategoricalTable, Marginal, MarginalSet, TableSchema } from './privacy/index';
import { decodeKey } from './privacy/counts';

/** Copies bytes into a fresh, aligned buffer (PGlite and node-postgres return Uint8Array/Buffer views). */
function aligned(bytes: Uint8Array): ArrayBuffer {
  const out = new ArrayBuffer(bytes.byteLength);
  new Uint8Array(out).set(bytes);
  return out;
}

function bytesOf(view: ArrayBufferView): Uint8Array {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

/** The codes of a table, column after column, as bytes. */
export function packCodes(table: CategoricalTable): Uint8Array {
  const out = new Uint16Array(table.rowCount * table.columns.length);
  table.codes.forEach((column, i) => out.set(column.subarray(0, table.rowCount), i * table.rowCount));
  return bytesOf(out);
}

/** Rebuilds a table from its schema and packed codes. */
export function unpackTable(schema: TableSchema, rowCount: number, bytes: Uint8Array): CategoricalTable {
  const all = new Uint16Array(aligned(bytes));
  const codes = schema.columns.map((_, i) => all.subarray(i * rowCount, (i + 1) * rowCount));
  return { columns: [...schema.columns], categories: schema.categories, codes, rowCount };
}

/** The same rows restricted to some columns (in the given order). */
export function projectTable(table: CategoricalTable, columns: readonly string[]): CategoricalTable {
  const index = columns.map((c) => table.columns.indexOf(c));
  if (index.some((i) => i < 0)) throw new Error('unknown column');
  return {
    columns: [...columns],
    categories: index.map((i) => table.categories[i]),
    codes: index.map((i) => table.codes[i]),
    rowCount: table.rowCount,
  };
}

/** One released table as stored. */
export interface StoredMarginal {
  mask: number;
  columns: number[];
  keys: Uint8Array;
  counts: Uint8Array;
}

/**
 * Every table of a released set, ready to store. `offset` shifts its column numbers: a release's
 * per-value tables are stored after its attributes (column attributes.length + j, mask bit likewise).
 */
export function packMarginals(set: MarginalSet, offset = 0): StoredMarginal[] {
  return [...set.marginals.values()].map((m) => ({
    mask: m.mask * 2 ** offset,
    columns: m.columns.map((c) => c + offset),
    keys: bytesOf(m.keys),
    counts: bytesOf(m.counts),
  }));
}

/** A stored table back as a marginal of the given schema. */
export function unpackMarginal(schema: TableSchema, stored: StoredMarginal): Marginal {
  return {
    mask: stored.mask,
    columns: stored.columns,
    radix: stored.columns.map((c) => Math.max(1, schema.categories[c].length)),
    keys: new Float64Array(aligned(stored.keys)),
    counts: new Float64Array(aligned(stored.counts)),
  };
}

/** A released set rebuilt from stored tables. */
export function unpackMarginals(schema: TableSchema, maxLength: number, total: number, stored: readonly StoredMarginal[]): MarginalSet {
  return { schema, maxLength, total, marginals: new Map(stored.map((s) => [s.mask, unpackMarginal(schema, s)])) };
}

/** The category labels of one cell of a marginal. */
export function decodeCell(schema: TableSchema, marginal: Marginal, key: number): string[] {
  return decodeKey(marginal, key).map((d, p) => schema.categories[marginal.columns[p]][d]);
}
