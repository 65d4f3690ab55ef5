/**
 * The coded rows statistics are computed from: one row per consenting case, one categorical value
 * per attribute. Sources (the cases table, HTCDS bundles) produce `StatRow`s; nothing identifying
 * ever enters one.
 *
 * Multi-valued attributes (types of exploitation, forced-labour industries, methods of control,
 * recruitment methods, recruiter relation) are counted in two ways:
 * - as ONE categorical value per case in the combinations (1..4-way tables): the distinct values
 *   sorted and joined with "+" (e.g. "ForcedLabour+SexualExploitation"), and a case with more than
 *   MAX_JOINED_VALUES (2) values gets the category MULTIPLE_VALUES ("3+"). Each case falls in
 *   exactly one cell of every table, which is what the privacy module's sensitivity (one row
 *   changes C(m, ℓ) cells by 1) assumes. The cap is a fixed rule (it does not look at the data)
 *   that keeps the number of categories small: methods of control, 16 values, have ~1,000
 *   distinct sets in 100,000 generated cases but at most 1 + 16 + 120 + 1 categories with the cap,
 *   which keeps 4-way tables countable in well under a second;
 * - per value, in a table of its own (`<attribute>[]`, e.g. "methods_of_control[]"): for each single
 *   value, the cases having it, each case counted under at most C values (contribution bounding,
 *   `privacy/per-value.ts`). The dataset snapshot keeps each case's whole set for this, in the
 *   column `<attribute>[]` (values joined with "+", uncapped), which releases never use as an
 *   attribute. Dashboards read these tables; the synthetic CSV expands joined categories back into
 *   CTDC's one-flag-per-value columns. An empty value ("") means not recorded.
 */
import type { HtcdsBundle } from '../../../common/htcds';
import { ageGroupOf } from '../../../common/cases';

import { MULTI_VALUED_ATTRIBUTES, STAT_ATTRIBUTES, perValueTable, type StatAttribute } from '../../../common/stats';

export { MULTI_VALUED_ATTRIBUTES, STAT_ATTRIBUTES, perValueTable, type StatAttribute };

/** Attributes a release uses unless the analyst picks others. */
export const DEFAULT_RELEASE_ATTRIBUTES: readonly StatAttribute[] = STAT_ATTRIBUTES.slice(0, 10);

/** Separator of the values of a multi-valued attribute inside one category. */
export const VALUE_JOINER = '+';

/** One coded row: a value (possibly "") for every attribute. */
export type StatRow = Record<StatAttribute, string>;

/** The snapshot's columns holding each case's whole set of a multi-valued attribute (named as its per-value table), in the order of MULTI_VALUED_ATTRIBUTES. */
export const SET_COLUMNS: readonly string[] = MULTI_VALUED_ATTRIBUTES.map(perValueTable);

/** Every value of a set, distinct, sorted and "+"-joined, with no cap; "" when empty. */
export function joinAllValues(values: readonly (string | null | undefined)[] | null | undefined): string {
  const set = new Set<string>();
  for (const v of values ?? []) if (v) set.add(v);
  return [...set].sort().join(VALUE_JOINER);
}

/** Sets with more values than this become the category MULTIPLE_VALUES. */
export const MAX_JOINED_VALUES = 2;
/** The category of a case with more than MAX_JOINED_VALUES values. */
export const MULTIPLE_VALUES = '3+';

/** Joins a set of codes into one category: distinct, sorted, "+"-separated; "" when empty; "3+" beyond two values. */
export function joinValues(values: readonly (string | null | undefined)[] | null | undefined): string {
  if (!values || values.length === 0) return '';
  const set = new Set<string>();
  for (const v of values) if (v) set.add(v);
  if (set.size > MAX_JOINED_VALUES) return MULTIPLE_VALUES;
  return [...set].sort().join(VALUE_JOINER);
}

/** The values of a joined category ("" and "3+" → none known). */
export function splitValues(category: string): string[] {
  return category === '' || category === MULTIPLE_VALUES ? [] : category.split(VALUE_JOINER);
}

/** Normalises a single code: null, undefined and "unknown" become "". */
export function code(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value).trim();
  return s.toLowerCase() === 'unknown' ? '' : s;
}

/** CTDC's broad age bands (`ageBroad`) as the cases capability codes them, from an age in years; "" when unknown. */
export function ageBand(age: number | undefined): string {
  return code(ageGroupOf(age));
}

/** The whole set of each multi-valued attribute of an HTCDS bundle's victim. */
export function statSetsFromBundle(bundle: HtcdsBundle): Record<(typeof MULTI_VALUED_ATTRIBUTES)[number], string[]> {
  const vic = victimOf(bundle);
  return {
    exploitation_type: [...(vic?.vic_TypeOfExploitation ?? [])],
    forced_labour_industry: vic?.vic_ForcedLabourIndustry ? [vic.vic_ForcedLabourIndustry] : [],
    methods_of_control: [...(vic?.vic_MethodsOfControl ?? [])],
    recruitment: [...(vic?.vic_MethodOfRecruitment ?? [])],
    recruiter_relation: vic?.vic_RelationshipToTrafficker ? [vic.vic_RelationshipToTrafficker] : [],
  };
}

function victimOf(bundle: HtcdsBundle) {
  return bundle.vic.find((v) => v.vic_PersonId === bundle.cas.cas_PersonId) ?? bundle.vic[0];
}

/** The statistics row of an HTCDS bundle (for benchmarks and imports not yet stored as cases). */
export function statRowFromBundle(bundle: HtcdsBundle): StatRow {
  const cas = bundle.cas;
  const person = bundle.prs.find((p) => p.prs_Id === cas.cas_PersonId);
  const vic = victimOf(bundle);
  const sets = statSetsFromBundle(bundle);
  const orgType = (id: string | undefined) => (id ? bundle.org.find((o) => o.org_Id === id)?.org_Type : undefined);
  const exploitationEvent = bundle.hte.find((e) => e.hte_Type === 'Exploitation' && e.hte_Country);
  const exploitationPlace = vic?.vic_LocationOfExploitation ? bundle.org.find((o) => o.org_Id === vic.vic_LocationOfExploitation) : undefined;
  const date = cas.cas_IncomingReferralDate ?? bundle.hte.find((e) => e.hte_Date)?.hte_Date;
  let age = vic?.vic_AgeWhenTrafficked;
  if (age === undefined && person?.prs_Birthdate && date) age = Number(date.slice(0, 4)) - Number(person.prs_Birthdate.slice(0, 4));
  return {
    year: date ? date.slice(0, 4) : '',
    country_of_exploitation: code(exploitationEvent?.hte_Country ?? exploitationPlace?.org_ShippingCountry),
    citizenship: code(person?.prs_Citizenship?.[0]),
    sex: code(person?.prs_Gender),
    age_group: ageBand(age),
    exploitation_type: joinValues(sets.exploitation_type),
    forced_labour_industry: joinValues(sets.forced_labour_industry),
    methods_of_control: joinValues(sets.methods_of_control),
    recruitment: joinValues(sets.recruitment),
    referring_org_type: code(orgType(cas.cas_ReferringOrganisation)),
    recruiter_relation: code(vic?.vic_RelationshipToTrafficker),
  };
}

/** Whether the person of a bundle consented to statistical use (HTCDS consent table). */
export function bundleConsents(bundle: HtcdsBundle): boolean {
  return bundle.consent.some((c) => c.con_PersonId === bundle.cas.cas_PersonId && c.con_Consent === true);
}
