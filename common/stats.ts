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
