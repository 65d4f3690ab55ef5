/**
 * HTCDS 2.0 JSON exchange: one document `{ standard: "HTCDS", version: "2.0", attribution, cases }`
 * where each case is a bundle of HTCDS records (same field names, value rules and Jisr extension
 * mapping as the CSV format). Pure: strings in, strings out.
 */
import { HTCDS_ATTRIBUTION, TABLE_COLUMNS, canonicaliseBundle, type ColumnSpec, fromHtcds, referencedOrgIds, referencedPersonIds, toHtcds, type HtcdsBundle, type HtcdsTable } from '../../../common/htcds';
import { HTCDS_TABLES } from '../../../common/htcds/value-sets';
import {
  assembleBundles,
  checkRequired,
  columnMap,
  decodeJsonValue,
  ID_COLUMN,
  REF_TARGET,
  flattenBundles,
  stableJson,
  type ExchangeError,
  type ImportResult,
  type LocatedTables,
  type LooseRecord,
} from './htcds-tables';
import { yieldToEventLoop } from '../event-loop';
import { IdIndex } from './id-index';

/** The JSON document's `standard` and `version` values. */
export const HTCDS_JSON_STANDARD = 'HTCDS';
export const HTCDS_JSON_VERSION = '2.0';

/**
 * The readers keep what they know of each table in arrays by the table's place in HTCDS_TABLES: a
 * property looked up by a table's name that changes from one call to the next (`local[table]`) is
 * a slow, generic look-up in V8, an array's element is not.
 */
const TABLE_COUNT = HTCDS_TABLES.length;
const TABLE_NO = Object.fromEntries(HTCDS_TABLES.map((t, i) => [t, i])) as Record<HtcdsTable, number>;
const ORG = TABLE_NO.org;
const PRS = TABLE_NO.prs;
const CAS = TABLE_NO.cas;
/** Each table's column specs, by table number: in HTCDS column order, and by name. */
const COLUMN_LISTS = HTCDS_TABLES.map((t) => TABLE_COLUMNS[t]);
const COLUMN_MAPS = HTCDS_TABLES.map((t) => columnMap(t));
/** Each table's id column, by table number. */
const ID_COLUMNS = HTCDS_TABLES.map((t) => ID_COLUMN[t]);

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
    doc = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (e) {
    return { ok: false, errors: [{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: e instanceof Error ? e.message : '' } }] };
  }
  if (!isObject(doc) || doc.standard !== HTCDS_JSON_STANDARD || !Array.isArray(doc.cases)) {
    return { ok: false, errors: [{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: 'standard/cases' } }] };
  }
  const tables = { org: [], prs: [], vic: [], per: [], cas: [], cco: [], hte: [], spl: [], consent: [] } as LocatedTables;
  const sharedSeen = { org: new Map<string, string>(), prs: new Map<string, string>() };
  doc.cases.forEach((c: unknown, caseIndex: number) => {
    decodeCase(c, caseIndex, errors, (table, record, path) => {
      const row = caseIndex + 1;
      if (table === 'org' || table === 'prs') {
        const id = record[table === 'org' ? 'org_Id' : 'prs_Id'];
        if (typeof id === 'string') {
          const json = stableJson(record);
          const prev = sharedSeen[table].get(id);
          if (prev !== undefined) {
            if (prev !== json) errors.push({ table, row, column: `${table}_Id`, code: 'exchange.conflicting_record', params: { value: id, path: path() } });
            return;
          }
          sharedSeen[table].set(id, json);
        }
      }
      tables[table].push({ record, row });
    });
  });
  if (errors.length > 0) return { ok: false, errors };
  return assembleBundles(tables, errors);
}

/**
 * Decodes one element of `cases` (1-based row = caseIndex + 1): reports a non-object, unknown
 * tables, a table that is not a list and every bad field into `errors`, and hands each decoded
 * record (possibly with problems reported) to `onRecord` in document order.
 */
function decodeCase(c: unknown, caseIndex: number, errors: ExchangeError[], onRecord: (table: HtcdsTable, record: LooseRecord, path: () => string, t: number) => void): void {
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
  // Where the record being decoded is, as text only when a problem is reported (`path`, read when
  // the problem's parameters are copied from `extra`).
  let at: HtcdsTable = 'cas';
  let index = 0;
  const path = () => (at === 'cas' ? `cases[${caseIndex}].cas` : `cases[${caseIndex}].${at}[${index}]`);
  const extra = Object.defineProperty({} as Record<string, string | number>, 'path', { enumerable: true, get: path });
  const ctx = { table: '', row, errors, extra };
  for (let t = 0; t < TABLE_COUNT; t += 1) {
    const table = HTCDS_TABLES[t];
    const raw = c[table];
    if (table !== 'cas' && raw !== undefined && !Array.isArray(raw)) {
      errors.push({ table, row, column: '', code: 'exchange.invalid_document', params: { value: table, path: `cases[${caseIndex}].${table}` } });
      continue;
    }
    const count = table === 'cas' ? 1 : raw === undefined ? 0 : (raw as unknown[]).length;
    for (let i = 0; i < count; i += 1) {
      at = table;
      index = i;
      ctx.table = table;
      const record = decodeRecord(t, table === 'cas' ? raw : (raw as unknown[])[i], ctx);
      if (record) onRecord(table, record, path, t);
    }
  }
}

function decodeRecord(
  t: number,
  item: unknown,
  ctx: { table: string; row: number; errors: ExchangeError[]; extra: Record<string, string | number> },
): LooseRecord | undefined {
  const table = HTCDS_TABLES[t];
  if (!isObject(item)) {
    ctx.errors.push({ table, row: ctx.row, column: '', code: 'exchange.invalid_document', params: { ...ctx.extra, value: table } });
    return undefined;
  }
  const columns = COLUMN_LISTS[t];
  const keys = Object.keys(item);
  // Usually every field is known and decodes to itself: the parsed object is then the record. A
  // copy is made from the first field that does not (unknown, dropped or changed).
  let record: LooseRecord | undefined;
  // Where the next field's spec is looked for first: documents written by exportJson (and most
  // others) list a record's fields in HTCDS column order, so each is found a step or two further
  // on, comparing names (the parser's and the specs' are the same strings: compared by address).
  // A field out of that order is looked up by name.
  let next = 0;
  for (let k = 0; k < keys.length; k += 1) {
    const name = keys[k];
    const value = item[name];
    let spec: ColumnSpec | undefined;
    let c = next;
    while (c < columns.length && columns[c].name !== name) c += 1;
    if (c < columns.length) {
      spec = columns[c];
      next = c + 1;
    } else {
      spec = COLUMN_MAPS[t].get(name);
    }
    if (!spec) ctx.errors.push({ table, row: ctx.row, column: name, code: 'exchange.unknown_column', params: { ...ctx.extra, value: name } });
    const decoded = spec ? decodeJsonValue(spec, value, ctx) : undefined;
    if (!record && decoded !== value) {
      record = {};
      for (let j = 0; j < k; j += 1) record[keys[j]] = item[keys[j]];
    }
    if (record && decoded !== undefined) record[name] = decoded;
  }
  checkRequired(table, record ?? item, ctx);
  return record ?? item;
}

// ---- chunked import ------------------------------------------------------------------------------

/** Result of importJsonInChunks: done, refused with every problem, or to be redone by importJson. */
export type ChunkedImportResult = { ok: true; cases: number } | { ok: false; errors: ExchangeError[] } | { ok: false; fallback: true };

// The document is scanned as UTF-8 bytes: JSON's structural characters are ASCII, and no byte of a
// multi-byte UTF-8 sequence is below 0x80, so quotes, brackets and backslashes are found byte-wise.

function skipWs(s: Uint8Array, i: number): number {
  for (;;) {
    const c = s[i];
    if (c === 32 || c === 10 || c === 13 || c === 9) i += 1;
    else return i;
  }
}

/**
 * Index after the string starting at `i` (a quote), or -1. A loop over the bytes, not
 * Buffer#indexOf: the strings of a document are short, and indexOf is more than twice as slow on
 * a buffer in shared memory, as a server holds a request's body (the 100,000 cases of the
 * benchmark: 590 ms to split instead of 283).
 */
function stringEnd(s: Uint8Array, i: number): number {
  const n = s.length;
  for (let j = i + 1; j < n; j += 1) {
    const c = s[j];
    if (c === 34) return j + 1;
    if (c === 92) j += 1;
  }
  return -1;
}

/** Index after the JSON value starting at `i` (only its extent is checked: JSON.parse checks the rest), or -1. */
function valueEnd(s: Buffer, i: number): number {
  const c = s[i];
  if (c === 34) return stringEnd(s, i);
  if (c === 123 || c === 91) {
    let depth = 0;
    for (let j = i; j < s.length; ) {
      const d = s[j];
      if (d === 34) {
        j = stringEnd(s, j);
        if (j < 0) return -1;
        continue;
      }
      if (d === 123 || d === 91) depth += 1;
      else if (d === 125 || d === 93) {
        depth -= 1;
        if (depth === 0) return j + 1;
      }
      j += 1;
    }
    return -1;
  }
  let j = i;
  while (j < s.length) {
    const d = s[j];
    if (d === 44 || d === 125 || d === 93 || d === 32 || d === 10 || d === 13 || d === 9) break;
    j += 1;
  }
  return j > i ? j : -1;
}

/** The text of bytes [a, b) parsed as JSON. */
function parseSpan(s: Buffer, a: number, b: number): unknown {
  return JSON.parse(s.toString('utf8', a, b));
}

/** Where the JSON text starts: after a UTF-8 byte order mark, if any. */
function textStart(s: Buffer): number {
  return s[0] === 0xef && s[1] === 0xbb && s[2] === 0xbf ? 3 : 0;
}

/**
 * Splits a JSON document `{ …, "cases": [ … ] }` without parsing it whole: the other top-level
 * fields parsed, and the start and end (byte offsets) of each element of `cases` (when it is an
 * array). Undefined when the text is not shaped like that (importJson then reports the exact problem).
 */
function splitDocument(s: Buffer): { fields: Record<string, unknown>; cases: number[] | undefined } | undefined {
  try {
    const fields: Record<string, unknown> = {};
    let cases: number[] | undefined;
    let i = skipWs(s, textStart(s));
    if (s[i] !== 123) return undefined;
    i = skipWs(s, i + 1);
    if (s[i] === 125) return { fields, cases };
    for (;;) {
      if (s[i] !== 34) return undefined;
      const keyEnd = stringEnd(s, i);
      if (keyEnd < 0) return undefined;
      const key = parseSpan(s, i, keyEnd) as string;
      i = skipWs(s, keyEnd);
      if (s[i] !== 58) return undefined;
      i = skipWs(s, i + 1);
      if (key === 'cases' && s[i] === 91) {
        const spans: number[] = [];
        i = skipWs(s, i + 1);
        if (s[i] !== 93) {
          for (;;) {
            const end = valueEnd(s, i);
            if (end < 0) return undefined;
            spans.push(i, end);
            i = skipWs(s, end);
            if (s[i] === 93) break;
            if (s[i] !== 44) return undefined;
            i = skipWs(s, i + 1);
          }
        }
        i += 1;
        cases = spans;
        delete fields.cases;
      } else {
        const end = valueEnd(s, i);
        if (end < 0) return undefined;
        fields[key] = parseSpan(s, i, end);
        if (key === 'cases') cases = undefined;
        i = end;
      }
      i = skipWs(s, i);
      if (s[i] === 125) break;
      if (s[i] !== 44) return undefined;
      i = skipWs(s, i + 1);
    }
    return skipWs(s, i + 1) === s.length ? { fields, cases } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether two decoded JSON values are the same, keys in any order (as their stableJson are equal,
 * without writing either out: organisations repeat in most cases of an import).
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i += 1) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const k of keys) {
    if (!Object.hasOwn(b, k) || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** Whether one of `records` (the few of one table in one case) has `id` in `column`. */
function holds(records: readonly LooseRecord[], column: string, id: string): boolean {
  for (const r of records) if (r[column] === id) return true;
  return false;
}

/** Cases read between two turns of the event loop. */
const YIELD_EVERY = 100;

const CASE_COLUMN: Partial<Record<HtcdsTable, string>> = { vic: 'vic_CaseId', per: 'per_CaseId', cco: 'cco_CaseId', hte: 'hte_CaseId', spl: 'spl_CaseId', consent: 'con_CaseId' };
/** The column naming the case, by table number (empty for the tables without one). */
const CASE_COLUMNS = HTCDS_TABLES.map((t) => CASE_COLUMN[t] ?? '');
/** The columns of each table that refer to a record of another (`target`, by table number), by table number. */
const REF_SPECS = HTCDS_TABLES.map((t) => TABLE_COLUMNS[t].filter((c) => REF_TARGET[c.kind]).map((c) => ({ name: c.name, target: TABLE_NO[REF_TARGET[c.kind]] })));
/** The numbers of the tables whose records refer to others (organisations and persons refer to nothing). */
const REF_TABLES = HTCDS_TABLES.flatMap((t, i) => (REF_SPECS[i].length > 0 ? [i] : []));

/**
 * Imports a JSON document like importJson, same checks, same problems in the same order, but a
 * case at a time: each element of `cases` is parsed, checked and turned into its bundle on its
 * own, and bundles are handed to `sink` in chunks of `chunkSize` (with the number of cases the
 * document holds, which `onTotal` is told before the first case is read) while the document is
 * read, so the whole document is never held as objects.
 * The document may be UTF-8 bytes (as a server receives it: a Buffer takes half the memory of a
 * JavaScript string of non-Latin text) or a string; a leading byte order mark is skipped. Once a problem is found, nothing more is handed
 * over and checking goes on to report every problem ({ ok: false, errors }: the caller must undo
 * what it was given). Documents whose cases refer to records held in another element of `cases`
 * (which importJson regroups) or that are not shaped `{ …, "cases": [ … ] }` give
 * { ok: false, fallback: true }: the caller undoes what it was given and uses importJson.
 */
export async function importJsonInChunks(
  document: string | Buffer,
  sink: (bundles: HtcdsBundle[], total: number) => Promise<void>,
  chunkSize = 2000,
  onTotal?: (total: number) => void,
): Promise<ChunkedImportResult> {
  const text = typeof document === 'string' ? Buffer.from(document, 'utf8') : document;
  const doc = splitDocument(text);
  if (!doc) return { ok: false, fallback: true };
  if (doc.fields.standard !== HTCDS_JSON_STANDARD || !doc.cases) {
    return { ok: false, errors: [{ table: '', row: 0, column: '', code: 'exchange.invalid_document', params: { value: 'standard/cases' } }] };
  }
  const spans = doc.cases;
  onTotal?.(spans.length / 2);
  const errors: ExchangeError[] = [];
  // Organisations and persons: first occurrence (case index; -1 - index once a case refers to it)
  // and, for organisations, their JSON to compare repeats with. Persons repeat rarely: a repeat is
  // compared with the first occurrence decoded again from the document.
  const orgSeen = new Map<string, number>();
  const orgFirst = new Map<string, LooseRecord>();
  const prsSeen = new Map<string, number>();
  // Ids of the other tables, with the case each was first seen in (typed arrays: see id-index.ts), by table number.
  const ids = HTCDS_TABLES.map((_, t) => (t === ORG || t === PRS ? undefined : new IdIndex()));
  const duplicates = HTCDS_TABLES.map(() => [] as ExchangeError[]);
  const pending = HTCDS_TABLES.map(() => [] as ExchangeError[]);
  let stopped = false;
  let chunk: HtcdsBundle[] = [];
  let count = 0;

  /** The records of one table (by number) in an element of `cases`, decoded again from the document. */
  const recordsOf = (caseIndex: number, table: number): LooseRecord[] => {
    const found: LooseRecord[] = [];
    decodeCase(parseSpan(text, spans[2 * caseIndex], spans[2 * caseIndex + 1]), caseIndex, [], (_, record, __, t) => {
      if (t === table) found.push(record);
    });
    return found;
  };
  const firstPerson = (caseIndex: number, id: string): LooseRecord | undefined => recordsOf(caseIndex, PRS).find((r) => r.prs_Id === id);
  // The records of the element being read, by table number (emptied for each element: none outlives it).
  const local = HTCDS_TABLES.map(() => [] as LooseRecord[]);
  // Whether an earlier id with the same hash is the one looked up (`probe`): in the case being
  // read, among its records so far; in an earlier case, decoded again.
  const probe = { table: CAS, id: '', caseIndex: -1 };
  const isProbed = (caseIndex: number): boolean => {
    const records = caseIndex === probe.caseIndex ? local[probe.table] : recordsOf(caseIndex, probe.table);
    return holds(records, ID_COLUMNS[probe.table], probe.id);
  };
  for (let caseIndex = 0; caseIndex < spans.length / 2; caseIndex += 1) {
    // Let the event loop run now and then, so that the caller's database writes (and a server's
    // other work) go on while the document is read.
    if (caseIndex % YIELD_EVERY === YIELD_EVERY - 1) await yieldToEventLoop();
    let c: unknown;
    try {
      c = parseSpan(text, spans[2 * caseIndex], spans[2 * caseIndex + 1]);
    } catch {
      return { ok: false, fallback: true };
    }
    const row = caseIndex + 1;
    for (let t = 0; t < TABLE_COUNT; t += 1) local[t].length = 0;
    const errorsBefore = errors.length;
    decodeCase(c, caseIndex, errors, (table, record, path, t) => {
      const idCol = ID_COLUMNS[t];
      const id = record[idCol];
      const index = ids[t];
      if (index && typeof id === 'string') {
        probe.table = t;
        probe.id = id;
        probe.caseIndex = caseIndex;
        if (index.addIfAbsent(id, caseIndex, isProbed) !== undefined) {
          duplicates[t].push({ table, row, column: idCol, code: 'exchange.duplicate_id', params: { value: id } });
          stopped = true;
        }
      }
      local[t].push(record);
      if ((t === ORG || t === PRS) && typeof id === 'string') {
        const seen = t === ORG ? orgSeen : prsSeen;
        const first = seen.get(id);
        if (first !== undefined) {
          const same = t === ORG ? sameJson(orgFirst.get(id), record) : sameJson(firstPerson(first < 0 ? -1 - first : first, id), record);
          if (!same) errors.push({ table, row, column: `${table}_Id`, code: 'exchange.conflicting_record', params: { value: id, path: path() } });
          return;
        }
        seen.set(id, caseIndex);
        if (t === ORG) orgFirst.set(id, record);
      }
    });
    if (errors.length > errorsBefore) stopped = true;

    // References: to a record of this element (an organisation or person repeated here counts), or left for the end.
    // (Organisations and persons, the only records of `local` not checked further when repeated, refer to nothing.)
    for (const t of REF_TABLES) {
      for (const record of local[t]) for (const spec of REF_SPECS[t]) {
        const ref = record[spec.name];
        if (typeof ref !== 'string' || holds(local[spec.target], ID_COLUMNS[spec.target], ref)) continue;
        pending[t].push({ table: HTCDS_TABLES[t], row, column: spec.name, code: 'exchange.dangling_reference', params: { value: ref, target: HTCDS_TABLES[spec.target] } });
        stopped = true;
      }
    }
    if (stopped) {
      chunk = [];
      continue;
    }

    // The bundle of this element, as assembleBundles builds it.
    const cas = local[CAS][0];
    const caseId = cas.cas_Id;
    const rows = (t: number): LooseRecord[] => {
      const column = CASE_COLUMNS[t];
      return local[t].filter((r) => r[column] === caseId);
    };
    const draft = {
      org: [], prs: [], vic: rows(TABLE_NO.vic), per: rows(TABLE_NO.per), cas, cco: rows(TABLE_NO.cco), hte: rows(TABLE_NO.hte), spl: rows(TABLE_NO.spl), consent: rows(TABLE_NO.consent),
    } as unknown as HtcdsBundle;
    const orgIds = referencedOrgIds(draft);
    const personIds = referencedPersonIds(draft);
    for (const id of orgIds) if (orgSeen.get(id)! >= 0) orgSeen.set(id, -1 - orgSeen.get(id)!);
    for (const id of personIds) if (prsSeen.get(id)! >= 0) prsSeen.set(id, -1 - prsSeen.get(id)!);
    draft.org = orgIds.map((id) => local[ORG].find((r) => r.org_Id === id)) as unknown as HtcdsBundle['org'];
    draft.prs = personIds.map((id) => local[PRS].find((r) => r.prs_Id === id)) as unknown as HtcdsBundle['prs'];
    chunk.push(fromHtcds(canonicaliseBundle(draft)));
    count += 1;
    if (chunk.length >= chunkSize) {
      const full = chunk;
      chunk = [];
      await sink(full, spans.length / 2);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const assembly: ExchangeError[] = duplicates.flat();
  let elsewhere = false;
  const hasCase = (id: string): boolean => {
    probe.table = CAS;
    probe.id = id;
    probe.caseIndex = -1;
    return ids[CAS]!.find(id, isProbed) !== undefined;
  };
  const exists: Record<string, (id: string) => boolean> = { cas: hasCase, org: (id) => orgSeen.has(id), prs: (id) => prsSeen.has(id) };
  for (const list of pending) {
    for (const e of list) {
      if (exists[String(e.params.target)](String(e.params.value))) elsewhere = true;
      else assembly.push(e);
    }
  }
  if (assembly.length > 0) return { ok: false, errors: assembly };
  if (elsewhere) return { ok: false, fallback: true };
  if (chunk.length > 0) await sink(chunk, spans.length / 2);
  for (const [table, seen] of [['org', orgSeen], ['prs', prsSeen]] as const) {
    for (const [id, first] of seen) {
      if (first >= 0) errors.push({ table, row: first + 1, column: ID_COLUMN[table], code: 'exchange.unreferenced_row', params: { value: id } });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, cases: count };
}
