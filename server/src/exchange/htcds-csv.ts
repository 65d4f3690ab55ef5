/**
 * HTCDS 2.0 CSV exchange: one CSV file per HTCDS table. The header row holds the field names
 * including their prefix (Jisr's key and link columns first); multi-select values are joined with
 * ";" as in the HTCDS Excel toolkit; dates are YYYY-MM-DD; checkboxes TRUE/FALSE; country fields
 * ISO 3166-1 alpha-2. Jisr extensions travel as HTCDS values plus one case comment (see
 * common/htcds/extensions.ts). Pure: strings in, strings out.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { TABLE_COLUMNS, type HtcdsBundle, type HtcdsTable } from '../../../common/htcds';
import { HTCDS_TABLES } from '../../../common/htcds/value-sets';
import {
  assembleBundles,
  checkRequired,
  columnMap,
  decodeCsvCell,
  encodeCsvCell,
  flattenBundles,
  tableKey,
  type ExchangeError,
  type ImportResult,
  type LocatedTables,
  type LooseRecord,
} from './htcds-tables';

/**
 * Exports bundles as one CSV text per HTCDS table (all nine tables, header only when empty).
 * Guarantees `importCsv(exportCsv(b))` returns bundles deep-equal to `b` when `b` is canonical
 * (org and prs sorted by id and referenced, see canonicaliseBundle), Jisr extensions included.
 */
export function exportCsv(bundles: readonly HtcdsBundle[]): Record<HtcdsTable, string> {
  const tables = flattenBundles(bundles);
  const out = {} as Record<HtcdsTable, string>;
  for (const table of HTCDS_TABLES) {
    const columns = TABLE_COLUMNS[table];
    const rows: string[][] = [columns.map((c) => c.name)];
    for (const record of tables[table] as unknown as Array<Record<string, unknown>>) {
      rows.push(columns.map((c) => encodeCsvCell(c, record[c.name])));
    }
    out[table] = stringify(rows, { record_delimiter: 'unix' });
  }
  return out;
}

/**
 * Imports HTCDS CSV files keyed by table name (`org` or `org.csv`; missing tables count as empty).
 * All or nothing: returns every bad row and column (unknown table or column, wrong picklist value,
 * bad date, number, checkbox, country or language, missing id, duplicate id, dangling reference,
 * unreferenced organisation or person), or all bundles when there is none.
 */
export function importCsv(files: Record<string, string>): ImportResult {
  const errors: ExchangeError[] = [];
  const tables = { org: [], prs: [], vic: [], per: [], cas: [], cco: [], hte: [], spl: [], consent: [] } as LocatedTables;
  for (const [name, text] of Object.entries(files)) {
    const table = tableKey(name);
    if (!table) {
      errors.push({ table: name, row: 0, column: '', code: 'exchange.unknown_table', params: { value: name } });
      continue;
    }
    let grid: string[][];
    try {
      grid = parse(text, { bom: true, relax_column_count: false, skip_empty_lines: true }) as string[][];
    } catch (e) {
      const line = typeof e === 'object' && e !== null && 'lines' in e && typeof e.lines === 'number' ? e.lines : 0;
      errors.push({ table, row: line, column: '', code: 'exchange.invalid_csv', params: { value: e instanceof Error ? e.message : '' } });
      continue;
    }
    if (grid.length === 0) continue;
    const specs = columnMap(table);
    const header = grid[0].map((h) => h.trim());
    const seen = new Set<string>();
    header.forEach((h) => {
      if (!specs.has(h) || seen.has(h)) errors.push({ table, row: 1, column: h, code: 'exchange.unknown_column', params: { value: h } });
      seen.add(h);
    });
    for (const spec of specs.values()) {
      if (spec.required && !seen.has(spec.name)) errors.push({ table, row: 1, column: spec.name, code: 'exchange.missing_column', params: { value: spec.name } });
    }
    const missingColumns = [...specs.values()].some((s) => s.required && !seen.has(s.name));
    for (let i = 1; i < grid.length; i++) {
      const ctx = { table, row: i + 1, errors };
      const record: LooseRecord = {};
      grid[i].forEach((cell, c) => {
        const spec = specs.get(header[c]);
        if (!spec) return;
        const value = decodeCsvCell(spec, cell, ctx);
        if (value !== undefined) record[spec.name] = value;
      });
      if (!missingColumns) checkRequired(table, record, ctx);
      tables[table].push({ record, row: i + 1 });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return assembleBundles(tables, errors);
}
