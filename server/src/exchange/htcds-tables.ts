/**
 * Shared core of the HTCDS exchange formats: flattening bundles into HTCDS tables, decoding and
 * checking cells (from CSV text or JSON values), and reassembling checked tables into bundles.
 * Pure: no I/O. Every problem found is collected, never only the first.
 */
import {
  TABLE_COLUMNS,
  canonicaliseBundle,
  fromHtcds,
  isCountryCode,
  referencedOrgIds,
  referencedPersonIds,
  toHtcds,
  type ColumnSpec,
  type HtcdsBundle,
  type HtcdsTable,
  type HtcdsTableRows,
} from '../../../common/htcds';
import { HTCDS_TABLES } from '../../../common/htcds/value-sets';

/** Stable message codes of import problems (messages in exchange-messages.json). */
export type ExchangeErrorCode =
  | 'exchange.invalid_document'
  | 'exchange.invalid_csv'
  | 'exchange.unknown_table'
  | 'exchange.unknown_column'
  | 'exchange.missing_column'
  | 'exchange.missing_required'
  | 'exchange.invalid_value'
  | 'exchange.invalid_date'
  | 'exchange.invalid_number'
  | 'exchange.invalid_boolean'
  | 'exchange.invalid_country'
  | 'exchange.invalid_language'
  | 'exchange.invalid_text'
  | 'exchange.duplicate_id'
  | 'exchange.conflicting_record'
  | 'exchange.dangling_reference'
  | 'exchange.unreferenced_row';

/**
 * One import problem. `row` is the spreadsheet row for CSV (header = 1, first record = 2; 0 when the
 * problem concerns the whole file) and the 1-based case number for JSON; `column` is the field name.
 */
export interface ExchangeError {
  table: string;
  row: number;
  column: string;
  code: ExchangeErrorCode;
  params: Record<string, string | number>;
}

/** Result of an import: all bundles, or every problem and nothing imported. */
export type ImportResult = { ok: true; bundles: HtcdsBundle[] } | { ok: false; errors: ExchangeError[] };

/** A decoded record before it is typed as a table row. */
export type LooseRecord = Record<string, unknown>;

/** Separator of multi-select picklist values, as in the HTCDS Excel toolkit ("The semi-colon is used as the delimeter"). */
export const MULTI_VALUE_SEPARATOR = ';';

const NUMBER_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const LANGUAGE_RE = /^[a-z]{2,3}(-[A-Z]{2})?$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The number written by the ASCII digits of s[from, to), or -1 if one is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i += 1) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * True when `s` is a real calendar date written `YYYY-MM-DD`, from year 100 (read for every date
 * of an import: checked with arithmetic rather than a Date).
 */
export function isIsoDate(s: string): boolean {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y = digits(s, 0, 4);
  const mo = digits(s, 5, 7);
  const d = digits(s, 8, 10);
  if (y < 100 || mo < 1 || mo > 12 || d < 1) return false;
  const leap = mo === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= DAYS_IN_MONTH[mo - 1] + (leap ? 1 : 0);
}

/**
 * Flattens bundles into one row list per HTCDS table, after mapping Jisr extensions to HTCDS.
 * Organisations and persons shared by several bundles appear once. Throws if two bundles carry
 * different records under the same org_Id or prs_Id (the export would otherwise lose one).
 */
export function flattenBundles(bundles: readonly HtcdsBundle[]): HtcdsTableRows {
  const out: HtcdsTableRows = { org: [], prs: [], vic: [], per: [], cas: [], cco: [], hte: [], spl: [], consent: [] };
  const orgs = new Map<string, string>();
  const persons = new Map<string, string>();
  for (const original of bundles) {
    const b = toHtcds(original);
    for (const o of b.org) if (addShared(orgs, o.org_Id, o)) out.org.push(o);
    for (const p of b.prs) if (addShared(persons, p.prs_Id, p)) out.prs.push(p);
    out.cas.push(b.cas);
    out.vic.push(...b.vic);
    out.per.push(...b.per);
    out.cco.push(...b.cco);
    out.hte.push(...b.hte);
    out.spl.push(...b.spl);
    out.consent.push(...b.consent);
  }
  return out;
}

function addShared(seen: Map<string, string>, id: string, record: object): boolean {
  const json = stableJson(record);
  const previous = seen.get(id);
  if (previous === undefined) {
    seen.set(id, json);
    return true;
  }
  if (previous !== json) throw new Error(`Two different records share the id ${id}`);
  return false;
}

/** JSON with object keys sorted, for content comparison. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** Columns of a table, by name. */
export function columnMap(table: HtcdsTable): Map<string, ColumnSpec> {
  return new Map(TABLE_COLUMNS[table].map((c) => [c.name, c]));
}

/** Normalises a table key: accepts `org`, `org.csv`, `ORG.CSV`; undefined when not an HTCDS table. */
export function tableKey(name: string): HtcdsTable | undefined {
  const key = name.trim().toLowerCase().replace(/\.csv$/, '');
  return (HTCDS_TABLES as readonly string[]).includes(key) ? (key as HtcdsTable) : undefined;
}

interface CellContext {
  table: string;
  row: number;
  errors: ExchangeError[];
  extra?: Record<string, string | number>;
}

function fail(ctx: CellContext, column: string, code: ExchangeErrorCode, value: unknown): undefined {
  const shown = typeof value === 'string' ? value : JSON.stringify(value);
  ctx.errors.push({ table: ctx.table, row: ctx.row, column, code, params: { ...(ctx.extra ?? {}), value: shown ?? '' } });
  return undefined;
}

/** Whether a column of `kind` holds a number (compared directly: this runs for every field of an import). */
function isNumericKind(kind: string): boolean {
  return kind === 'number' || kind === 'integer' || kind === 'latitude' || kind === 'longitude';
}

function checkNumber(spec: ColumnSpec, n: number): boolean {
  if (!Number.isFinite(n)) return false;
  if (spec.kind === 'integer') return Number.isInteger(n) && n >= 0;
  if (spec.kind === 'latitude') return n >= -90 && n <= 90;
  if (spec.kind === 'longitude') return n >= -180 && n <= 180;
  return true;
}

const KIND_ERROR: Record<string, ExchangeErrorCode> = {
  date: 'exchange.invalid_date',
  boolean: 'exchange.invalid_boolean',
  number: 'exchange.invalid_number',
  integer: 'exchange.invalid_number',
  latitude: 'exchange.invalid_number',
  longitude: 'exchange.invalid_number',
  picklist: 'exchange.invalid_value',
  multipicklist: 'exchange.invalid_value',
  country: 'exchange.invalid_country',
  countries: 'exchange.invalid_country',
  language: 'exchange.invalid_language',
};

function checkScalarString(spec: ColumnSpec, s: string, ctx: CellContext): string | undefined {
  switch (spec.kind) {
    case 'date':
      return isIsoDate(s) ? s : fail(ctx, spec.name, 'exchange.invalid_date', s);
    case 'picklist':
      return spec.values?.includes(s) ? s : fail(ctx, spec.name, 'exchange.invalid_value', s);
    case 'country':
      return isCountryCode(s) ? s : fail(ctx, spec.name, 'exchange.invalid_country', s);
    case 'language':
      return LANGUAGE_RE.test(s) ? s : fail(ctx, spec.name, 'exchange.invalid_language', s);
    default:
      return s;
  }
}

function checkList(spec: ColumnSpec, items: string[], ctx: CellContext): string[] | undefined {
  let ok = true;
  for (const item of items) {
    const good = spec.kind === 'countries' ? isCountryCode(item) : spec.values?.includes(item) === true;
    if (!good) {
      fail(ctx, spec.name, KIND_ERROR[spec.kind], item);
      ok = false;
    }
  }
  return ok ? items : undefined;
}

/** Characters that make a spreadsheet treat a cell as a formula. */
const FORMULA_START = /^[=@\t\r]|^[+-](?![\d\s().-]*$)/;

/**
 * Writes one cell for CSV. Text that a spreadsheet would run as a formula, or that starts with an
 * apostrophe, is prefixed with an apostrophe; `decodeCsvCell` removes it, so this is lossless.
 */
export function encodeCsvCell(spec: ColumnSpec, value: unknown): string {
  if (value === undefined || value === null) return '';
  if (Array.isArray(value)) return value.join(MULTI_VALUE_SEPARATOR);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number') return String(value);
  const s = String(value);
  if ((spec.kind === 'text' || spec.kind === 'id' || spec.kind.startsWith('ref-')) && (FORMULA_START.test(s) || s.startsWith("'"))) {
    return `'${s}`;
  }
  return s;
}

/** Decodes one CSV cell; empty means absent. Problems are appended to ctx.errors. */
export function decodeCsvCell(spec: ColumnSpec, cell: string, ctx: CellContext): unknown {
  if (cell === '') return undefined;
  if (spec.kind === 'text' || spec.kind === 'id' || spec.kind.startsWith('ref-')) {
    return cell.startsWith("'") ? cell.slice(1) : cell;
  }
  const s = cell.trim();
  if (s === '') return undefined;
  if (spec.kind === 'boolean') {
    const l = s.toLowerCase();
    if (l === 'true' || l === '1') return true;
    if (l === 'false' || l === '0') return false;
    return fail(ctx, spec.name, 'exchange.invalid_boolean', cell);
  }
  if (isNumericKind(spec.kind)) {
    const n = Number(s);
    return NUMBER_RE.test(s) && checkNumber(spec, n) ? n : fail(ctx, spec.name, 'exchange.invalid_number', cell);
  }
  if (spec.kind === 'multipicklist' || spec.kind === 'countries') {
    const items = s
      .split(MULTI_VALUE_SEPARATOR)
      .map((x) => x.trim())
      .filter((x) => x !== '');
    return items.length === 0 ? undefined : checkList(spec, items, ctx);
  }
  return checkScalarString(spec, s, ctx);
}

/** Checks one JSON value against its column; null and "" mean absent. */
export function decodeJsonValue(spec: ColumnSpec, value: unknown, ctx: CellContext): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  // The kind's error code is looked up only for a value that is wrong (this runs for every field of every record of an import).
  if (spec.kind === 'boolean') return typeof value === 'boolean' ? value : fail(ctx, spec.name, kindError(spec), value);
  if (isNumericKind(spec.kind)) {
    return typeof value === 'number' && checkNumber(spec, value) ? value : fail(ctx, spec.name, kindError(spec), value);
  }
  if (spec.kind === 'multipicklist' || spec.kind === 'countries') {
    if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) return fail(ctx, spec.name, kindError(spec), value);
    return value.length === 0 ? undefined : checkList(spec, value, ctx);
  }
  if (typeof value !== 'string') return fail(ctx, spec.name, kindError(spec), value);
  return checkScalarString(spec, value, ctx);
}

/** The problem a value of the wrong type for `spec` is reported as. */
function kindError(spec: ColumnSpec): ExchangeErrorCode {
  return KIND_ERROR[spec.kind] ?? 'exchange.invalid_text';
}

/** The required columns of each table. */
const REQUIRED_COLUMNS = Object.fromEntries(HTCDS_TABLES.map((t) => [t, TABLE_COLUMNS[t].filter((c) => c.required)])) as Record<HtcdsTable, ColumnSpec[]>;

/** Reports required columns whose value is absent. */
export function checkRequired(table: HtcdsTable, record: LooseRecord, ctx: CellContext): void {
  for (const spec of REQUIRED_COLUMNS[table]) {
    if (record[spec.name] === undefined) {
      ctx.errors.push({ table: ctx.table, row: ctx.row, column: spec.name, code: 'exchange.missing_required', params: { ...(ctx.extra ?? {}), value: '' } });
    }
  }
}

/** A decoded record with where it came from. */
export interface Located {
  record: LooseRecord;
  row: number;
}

/** Decoded records of every table, with their source rows. */
export type LocatedTables = Record<HtcdsTable, Located[]>;

/** The table a reference column points to, by column kind. */
export const REF_TARGET: Record<string, HtcdsTable> = { 'ref-case': 'cas', 'ref-org': 'org', 'ref-prs': 'prs' };
/** The id column of each table. */
export const ID_COLUMN: Record<HtcdsTable, string> = {
  org: 'org_Id',
  prs: 'prs_Id',
  vic: 'vic_Id',
  per: 'per_Id',
  cas: 'cas_Id',
  cco: 'cco_Id',
  hte: 'hte_Id',
  spl: 'spl_Id',
  consent: 'con_Id',
};

/**
 * Checks ids and references across decoded tables and assembles bundles in `cas` order. Reports
 * duplicate ids, links to missing records and organisations or persons no case refers to (they
 * would otherwise be dropped silently). Returns bundles only when no error was found at all.
 */
export function assembleBundles(tables: LocatedTables, errors: ExchangeError[]): ImportResult {
  const index = {} as Record<HtcdsTable, Map<string, Located>>;
  for (const table of HTCDS_TABLES) {
    const map = new Map<string, Located>();
    const idCol = ID_COLUMN[table];
    for (const loc of tables[table]) {
      const id = loc.record[idCol];
      if (typeof id !== 'string') continue;
      if (map.has(id)) {
        errors.push({ table, row: loc.row, column: idCol, code: 'exchange.duplicate_id', params: { value: id } });
      } else {
        map.set(id, loc);
      }
    }
    index[table] = map;
  }
  for (const table of HTCDS_TABLES) {
    for (const loc of tables[table]) {
      for (const spec of TABLE_COLUMNS[table]) {
        const target = REF_TARGET[spec.kind];
        const ref = loc.record[spec.name];
        if (!target || typeof ref !== 'string') continue;
        if (!index[target].has(ref)) {
          errors.push({ table, row: loc.row, column: spec.name, code: 'exchange.dangling_reference', params: { value: ref, target } });
        }
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };

  const byCase = {} as Record<HtcdsTable, Map<string, LooseRecord[]>>;
  for (const table of ['vic', 'per', 'cco', 'hte', 'spl', 'consent'] as const) {
    const caseCol = table === 'consent' ? 'con_CaseId' : `${table}_CaseId`;
    const map = new Map<string, LooseRecord[]>();
    for (const loc of tables[table]) {
      const caseId = loc.record[caseCol] as string;
      const list = map.get(caseId);
      if (list) list.push(loc.record);
      else map.set(caseId, [loc.record]);
    }
    byCase[table] = map;
  }
  const usedOrgs = new Set<string>();
  const usedPersons = new Set<string>();
  const bundles: HtcdsBundle[] = [];
  for (const loc of tables.cas) {
    const caseId = loc.record.cas_Id as string;
    const rows = (t: HtcdsTable): LooseRecord[] => byCase[t]?.get(caseId) ?? [];
    const draft = {
      org: [],
      prs: [],
      vic: rows('vic'),
      per: rows('per'),
      cas: loc.record,
      cco: rows('cco'),
      hte: rows('hte'),
      spl: rows('spl'),
      consent: rows('consent'),
    } as unknown as HtcdsBundle;
    const orgIds = referencedOrgIds(draft);
    const personIds = referencedPersonIds(draft);
    orgIds.forEach((id) => usedOrgs.add(id));
    personIds.forEach((id) => usedPersons.add(id));
    draft.org = orgIds.map((id) => index.org.get(id)?.record) as unknown as HtcdsBundle['org'];
    draft.prs = personIds.map((id) => index.prs.get(id)?.record) as unknown as HtcdsBundle['prs'];
    bundles.push(fromHtcds(canonicaliseBundle(draft)));
  }
  for (const [table, used] of [
    ['org', usedOrgs],
    ['prs', usedPersons],
  ] as const) {
    for (const [id, loc] of index[table]) {
      if (!used.has(id)) errors.push({ table, row: loc.row, column: ID_COLUMN[table], code: 'exchange.unreferenced_row', params: { value: id } });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, bundles };
}
