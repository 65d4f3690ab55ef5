import { countryName, valueLabel, type Locale } from '../../../common/htcds';

export { STAT_ATTRIBUTES } from '../../../common/stats';

const HTCDS_FIELD: Record<string, string> = {
  sex: 'prs_Gender',
  exploitation_type: 'vic_TypeOfExploitation',
  forced_labour_industry: 'vic_ForcedLabourIndustry',
  methods_of_control: 'vic_MethodsOfControl',
  recruitment: 'vic_MethodOfRecruitment',
  referring_org_type: 'org_Type',
  recruiter_relation: 'vic_RelationshipToTrafficker',
};

/** The label of one released category of an attribute ("" → the "not recorded" label). */
export function categoryLabel(attribute: string, value: string, locale: Locale, unknown: string, several: string): string {
  if (value === '') return unknown;
  if (value === '3+') return several;
  if (attribute === 'citizenship' || attribute === 'country_of_exploitation') return countryName(value, locale);
  const field = HTCDS_FIELD[attribute];
  if (!field) return value;
  return value
    .split('+')
    .map((v) => valueLabel(field, v, locale))
    .join(' + ');
}
