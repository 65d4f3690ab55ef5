/**
 * The columns of each HTCDS table as Jisr exchanges them: the record key and link columns Jisr adds
 * (see types.ts), then every HTCDS field of the table in the standard's order, each with the kind of
 * value it holds. Shared by the CSV and JSON exchange formats and by validation.
 */
import type { HtcdsBundle, OrgRecord, PrsRecord } from './types';
import { HTCDS_FIELDS, HTCDS_TABLES, type HtcdsTable } from './value-sets';

/** What a column holds, and so how it is parsed and checked. */
export type ColumnKind =
  | 'id'
  | 'text'
  | 'date'
  | 'boolean'
  | 'number'
  | 'integer'
  | 'latitude'
  | 'longitude'
  | 'picklist'
  | 'multipicklist'
  | 'country'
  | 'countries'
  | 'language'
  | 'ref-case'
  | 'ref-org'
  | 'ref-prs';

/** One exchanged column. */
export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  /** Allowed value names, for picklists. */
  values?: readonly string[];
  required: boolean;
  /** False for Jisr's key and link columns. */
  htcds: boolean;
}

const KEY_COLUMNS: Record<HtcdsTable, ColumnSpec[]> = {
  org: [key('org_Id')],
  prs: [key('prs_Id')],
  vic: [key('vic_Id'), link('vic_CaseId', 'ref-case', true), link('vic_PersonId', 'ref-prs', true)],
  per: [key('per_Id'), link('per_CaseId', 'ref-case', true), link('per_PersonId', 'ref-prs', true)],
  cas: [key('cas_Id'), link('cas_PersonId', 'ref-prs', true), link('cas_OrganisationId', 'ref-org', false)],
  cco: [key('cco_Id'), link('cco_CaseId', 'ref-case', true)],
  hte: [key('hte_Id'), link('hte_CaseId', 'ref-case', true)],
  spl: [key('spl_Id'), link('spl_CaseId', 'ref-case', true)],
  consent: [key('con_Id'), link('con_CaseId', 'ref-case', true), link('con_PersonId', 'ref-prs', true)],
};

function key(name: string): ColumnSpec {
  return { name, kind: 'id', required: true, htcds: false };
}

function link(name: string, kind: ColumnKind, required: boolean): ColumnSpec {
  return { name, kind, required, htcds: false };
}

/** Country fields HTCDS types as free text but Jisr codes as ISO 3166-1 alpha-2 for statistics. */
const CODED_COUNTRY_TEXT = new Set(['hte_Country']);
const INTEGER_FIELDS = new Set(['prs_NumberOfChildren', 'vic_AgeWhenTrafficked']);

function kindOf(fullName: string, type: string, codeList: string | null, multiple: boolean): ColumnKind {
  if (codeList === 'iso3166-alpha2' || CODED_COUNTRY_TEXT.has(fullName)) return multiple ? 'countries' : 'country';
  if (codeList === 'iso639') return 'language';
  if (/Latitude$/.test(fullName)) return 'latitude';
  if (/Longitude$/.test(fullName)) return 'longitude';
  if (INTEGER_FIELDS.has(fullName)) return 'integer';
  if (type === 'Date') return 'date';
  if (type === 'Checkbox') return 'boolean';
  if (type === 'Number' || type === 'Geolocation') return 'number';
  if (type === 'Multiselect Picklist') return 'multipicklist';
  if (type === 'Picklist') return 'picklist';
  if (type === 'Lookup [to organisation]') return 'ref-org';
  if (type === 'Lookup [to person]') return 'ref-prs';
  return 'text';
}

function buildColumns(): Record<HtcdsTable, ColumnSpec[]> {
  const out = {} as Record<HtcdsTable, ColumnSpec[]>;
  for (const table of HTCDS_TABLES) {
    const fields = HTCDS_FIELDS.filter((f) => f.table === table).map<ColumnSpec>((f) => {
      const kind = kindOf(f.fullName, f.type, f.codeList, f.multiple);
      const spec: ColumnSpec = { name: f.fullName, kind, required: false, htcds: true };
      if (kind === 'picklist' || kind === 'multipicklist') spec.values = f.values.map((v) => v.name);
      return spec;
    });
    out[table] = [...KEY_COLUMNS[table], ...fields];
  }
  return out;
}

/** Columns of every table, in exchange order (keys first, then HTCDS fields in the standard's order). */
export const TABLE_COLUMNS: Readonly<Record<HtcdsTable, readonly ColumnSpec[]>> = buildColumns();

/** The ids of the organisations a bundle references, in first-reference order. */
export function referencedOrgIds(bundle: HtcdsBundle): string[] {
  const out: string[] = [];
  add(out, bundle.cas.cas_OrganisationId);
  add(out, bundle.cas.cas_ReferringOrganisation);
  add(out, bundle.cas.cas_ReferredOrganisation);
  for (const v of bundle.vic) {
    add(out, v.vic_LocationOfRecruitment);
    add(out, v.vic_LocationOfExploitation);
  }
  return out;
}

/** The ids of the persons a bundle references, in first-reference order. */
export function referencedPersonIds(bundle: HtcdsBundle): string[] {
  const out: string[] = [];
  add(out, bundle.cas.cas_PersonId);
  add(out, bundle.cas.cas_ReferringPrimaryCaseWorker);
  add(out, bundle.cas.cas_ReferredPrimaryCaseWorker);
  for (const v of bundle.vic) add(out, v.vic_PersonId);
  for (const p of bundle.per) add(out, p.per_PersonId);
  for (const c of bundle.consent) add(out, c.con_PersonId);
  return out;
}

/** Adds `id` to `ids` unless absent or there already (a bundle references a handful: no spreads or sets, read for every imported case). */
function add(ids: string[], id: string | undefined): void {
  if (id !== undefined && !ids.includes(id)) ids.push(id);
}

function byId<T>(id: (r: T) => string): (a: T, b: T) => number {
  return (a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0);
}

/**
 * Returns the bundle in canonical form: `org` and `prs` sorted by id. Importers return canonical
 * bundles, so a bundle round-trips exactly when its `org` and `prs` are sorted and referenced.
 */
export function canonicaliseBundle(bundle: HtcdsBundle): HtcdsBundle {
  return { ...bundle, org: sortedById(bundle.org, orgId), prs: sortedById(bundle.prs, prsId) };
}

const orgId = (o: OrgRecord): string => o.org_Id;
const prsId = (p: PrsRecord): string => p.prs_Id;

/** A copy of `list` sorted by id (sorted only when it is not already: an import's usually are). */
function sortedById<T>(list: readonly T[], id: (r: T) => string): T[] {
  for (let i = 1; i < list.length; i += 1) if (id(list[i - 1]) > id(list[i])) return [...list].sort(byId(id));
  return [...list];
}
