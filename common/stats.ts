/** Attributes of a statistics dataset and release, in schema order (the first ten are the issue's). Shared by server and web. */
export const STAT_ATTRIBUTES = [
  'year',
  'country_of_exploitation',
  'citizenship',
  'sex',
  'age_group',
  'exploitation_type',
  'forced_labour_industry',
  'methods_of_control',
  'recruitment',
  'referring_org_type',
  'recruiter_relation',
] as const;
export type StatAttribute = (typeof STAT_ATTRIBUTES)[number];

/** Attributes whose value is a set of codes, in schema order: counted as one joined category in combinations, and per value in tables of their own. */
export const MULTI_VALUED_ATTRIBUTES = ['exploitation_type', 'forced_labour_industry', 'methods_of_control', 'recruitment', 'recruiter_relation'] as const satisfies readonly StatAttribute[];
export type MultiValuedAttribute = (typeof MULTI_VALUED_ATTRIBUTES)[number];

/** The name of the per-value table of a multi-valued attribute (e.g. "methods_of_control[]"). */
export function perValueTable(attribute: MultiValuedAttribute): string {
  return `${attribute}[]`;
}
