/**
 * HTCDS 2.0 JSON exchange: one document `{ standard: "HTCDS", version: "2.0", attribution, cases }`
 * where each case is a bundle of HTCDS records (same field names, value rules and Jisr extension
 * mapping as the CSV format). Pure: strings in, strings out.
 */
import { HTCDS_ATTRIBUTION, TABLE_COLUMNS, toHtcds, type HtcdsBundle, type HtcdsTable } from '../../../common/htcds';
import { HTCDS_TABLES } from '../../../common/htcds/value-sets';
import {
  assembleBundles,
  checkRequired,
  columnMap,
  decodeJsonValue,
  flattenBundles,
  stableJson,
  type ExchangeError,
  type ImportResult,
  type LocatedTables,
  type LooseRecord,
} from './htcds-tables';

/** The JSON document's `standard` and `version` values. */
export const HTCDS_JSON_STANDARD = 'HTCDS';
export const HTCDS_JSON_VERSION = '2.0';

function ordered(table: HtcdsTable, record: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const c of TABLE_COLUMNS[table]) if (record[c.name] !== undefined) out[c.name] = record[c.name];
  return out;
}

/**
 * Exports bundles as one compact JSON document, keys in HTCDS column order. Guarantees
 * `importJson(exportJson(b))` deep-equals `b` for canonical bundles, Jisr extensions included.
 * Throws, like exportCsv, if two bundles hold different records under one org_Id or prs_Id.
 */
export function exportJson(bundles: readonly HtcdsBundle[]): string {
  flattenBundles(bundles);
  const cases = bundles.map((original) => {
    const b = toHtcds(original);
    const out: Record<string, unknown> = {};
    for (const table of HTCDS_TABLES) {
      const value = b[table] as unknown;
      out[table] = Array.isArray(value)
        ? value.map((r: Record<string, unknown>) => ordered(table, r))
        : ordered(table, value as Record<string, unknown>);
    }
    return out;
  });
  return `${JSON.stringify({ standard: HTCDS_JSON_STANDARD, version: HTCDS_JSON_VERSION, attribution: HTCDS_ATTRIBUTION, cases })}\n`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Imports a JSON document written by exportJson (or by hand to the same shape). All or nothing:
 * returns every problem, with `row` = 1-based case number and `params.path` = where in the
 * document, or all bundles. Organisations and persons may repeat across cases only unchanged.
 */
export function importJson(text: string): ImportResult {
  const errors: ExchangeError[] = [];
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: e instanceof Error ? e.message : '' } }] };
  }
  if (!isObject(doc) || doc.standard !== HTCDS_JSON_STANDARD || !Array.isArray(doc.cases)) {
    return { ok: false, errors: [{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: 'standard/cases' } }] };
  }
  const tables = { org: [], prs: [], vic: [], per: [], cas: [], cco: [], hte: [], spl: [], consent: [] } as LocatedTables;
  const sharedSeen = { org: new Map<string, string>(), prs: new Map<string, string>() };
  doc.cases.forEach((c: unknown, caseIndex: number) => {
    const row = caseIndex + 1;
    if (!isObject(c)) {
      errors.push({ table: '', row, column: '', code: 'exchange.invalid_document', params: { value: `cases[${caseIndex}]`, path: `cases[${caseIndex}]` } });
      return;
    }
    for (const key of Object.keys(c)) {
      if (!(HTCDS_TABLES as readonly string[]).includes(key)) {
        errors.push({ table: key, row, column: '', code: 'exchange.unknown_table', params: { value: key, path: `cases[${caseIndex}].${key}` } });
      }
    }
    for (const table of HTCDS_TABLES) {
      const raw = c[table];
      const list: unknown[] = table === 'cas' ? [raw] : raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      if (table !== 'cas' && raw !== undefined && !Array.isArray(raw)) {
        errors.push({ table, row, column: '', code: 'exchange.invalid_document', params: { value: table, path: `cases[${caseIndex}].${table}` } });
        continue;
      }
      list.forEach((item, i) => {
        const path = table === 'cas' ? `cases[${caseIndex}].cas` : `cases[${caseIndex}].${table}[${i}]`;
        const record = decodeRecord(table, item, { table, row, errors, extra: { path } });
        if (!record) return;
        if (table === 'org' || table === 'prs') {
          const id = record[table === 'org' ? 'org_Id' : 'prs_Id'];
          if (typeof id === 'string') {
            const json = stableJson(record);
            const prev = sharedSeen[table].get(id);
            if (prev !== undefined) {
              if (prev !== json) errors.push({ table, row, column: `${table}_Id`, code: 'exchange.conflicting_record', params: { value: id, path } });
              return;
            }
            sharedSeen[table].set(id, json);
          }
        }
        tables[table].push({ record, row });
      });
    }
  });
  if (errors.length > 0) return { ok: false, errors };
  return assembleBundles(tables, errors);
}

function decodeRecord(
  table: HtcdsTable,
  item: unknown,
  ctx: { table: string; row: number; errors: ExchangeError[]; extra: Record<string, string | number> },
): LooseRecord | undefined {
  if (!isObject(item)) {
    ctx.errors.push({ table, row: ctx.row, column: '', code: 'exchange.invalid_document', params: { ...ctx.extra, value: table } });
    return undefined;
  }
  const specs = columnMap(table);
  const record: LooseRecord = {};
  for (const [name, value] of Object.entries(item)) {
    const spec = specs.get(name);
    if (!spec) {
      ctx.errors.push({ table, row: ctx.row, column: name, code: 'exchange.unknown_column', params: { ...ctx.extra, value: name } });
      continue;
    }
    const decoded = decodeJsonValue(spec, value, ctx);
    if (decoded !== undefined) record[name] = decoded;
  }
  checkRequired(table, record, ctx);
  return record;
}
