/**
 * Synthetic rows written with the variables of the CTDC global synthetic dataset
 * (yearOfRegistration, gender, ageBroad, citizenship, CountryOfExploitation, the meansOfControl*,
 * is*Exploit, typeOfLabour* and recruiterRelation* flags), plus Jisr's own columns where CTDC has
 * none (referringOrgType, recruitmentMethods). Flags are 1/0; a flag group whose attribute was not
 * recorded sets its NotSpecified/Unknown flag; a case with three or more values (category "3+",
 * see stat-rows.ts) sets the group's ThreeOrMore column instead of individual flags. Only
 * attributes of the release appear.
 */
import type { CategoricalTable } from './privacy/index';
import { MULTIPLE_VALUES, splitValues, type StatAttribute } from './stat-rows';

const CONTROL: Record<string, string> = {
  PhysicalThreats: 'Threats',
  ThreatensChildrenFamily: 'Threats',
  ThreatsLawEnforcement: 'ThreatOfLawEnforcement',
  DebtBondage: 'DebtBondage',
  FalsePromises: 'FalsePromises',
  PhysicalAbuse: 'PhysicalAbuse',
  SexualAbuse: 'SexualAbuse',
  TakesEarnings: 'TakesEarnings',
  RestrictsFinancialAccess: 'RestrictsFinancialAccess',
  RestrictsMedicalCare: 'RestrictsMedicalCare',
  WithholdsNecessities: 'WithholdsNecessities',
  PsychologicalAbuse: 'PsychologicalAbuse',
  PsychoactiveSubstance: 'PsychoactiveSubstances',
  ExcessiveWorkingHours: 'ExcessiveWorkingHours',
  WithholdsDocuments: 'WithholdsDocuments',
};
const CONTROL_FLAGS = ['DebtBondage', 'TakesEarnings', 'RestrictsFinancialAccess', 'Threats', 'PsychologicalAbuse', 'PhysicalAbuse', 'SexualAbuse', 'FalsePromises', 'PsychoactiveSubstances', 'RestrictsMovement', 'RestrictsMedicalCare', 'ExcessiveWorkingHours', 'UsesChildren', 'ThreatOfLawEnforcement', 'WithholdsNecessities', 'WithholdsDocuments', 'Other', 'NotSpecified'];

const EXPLOIT: Record<string, string> = {
  ForcedLabour: 'isForcedLabour',
  ChildLabour: 'isForcedLabour',
  SexualExploitation: 'isSexualExploit',
  ForcedMarriage: 'isForcedMarriage',
  ForcedMilitaryByNonStateActors: 'isForcedMilitary',
  OrganRemoval: 'isOrganRemoval',
};
const EXPLOIT_FLAGS = ['isForcedLabour', 'isSexualExploit', 'isOtherExploit', 'isSexAndLabour', 'isForcedMarriage', 'isForcedMilitary', 'isOrganRemoval'];

const LABOUR: Record<string, string> = {
  A_AgricultureForestryAndFishing: 'Agriculture',
  B_MiningAndQuarrying: 'MiningOrDrilling',
  C_Manufacturing: 'Manufacturing',
  F_Construction: 'Construction',
  H_TransportationAndStorage: 'Transportation',
  I_AccommodationAndFoodServiceActivities: 'Hospitality',
  T_ActivitiesOfHouseholdsAsEmployers: 'DomesticWork',
  G_WholesaleAndRetailTradeRepairOfMotorVehicles: 'Peddling',
};
const LABOUR_FLAGS = ['Agriculture', 'Aquafarming', 'Begging', 'Construction', 'DomesticWork', 'Hospitality', 'IllicitActivities', 'Manufacturing', 'MiningOrDrilling', 'Peddling', 'Transportation', 'Other', 'NotSpecified'];

const RELATION: Record<string, string> = { Familial: 'Family', Family: 'Family', Acquainted: 'Friend', Friend: 'Friend', IntimatePartner: 'IntimatePartner' };
const RELATION_FLAGS = ['IntimatePartner', 'Friend', 'Family', 'Other', 'Unknown'];

const GENDER: Record<string, string> = { Feminine: 'Female', Masculine: 'Male', TransgenderFeminine: 'Transgender/NonConforming', TransgenderMasculine: 'Transgender/NonConforming', NonConforming: 'Transgender/NonConforming' };

interface Writer {
  header: string[];
  write(value: string, out: string[]): void;
}

function flags(prefix: string, names: readonly string[], map: (v: string) => string, unknown?: string): Writer {
  const index = new Map(names.map((n, i) => [n, i]));
  return {
    header: [...names.map((n) => `${prefix}${n}`), `${prefix}ThreeOrMore`],
    write(value, out) {
      const set = new Array<string>(names.length + 1).fill('0');
      if (value === MULTIPLE_VALUES) set[names.length] = '1';
      const values = splitValues(value);
      if (values.length === 0 && unknown) set[index.get(unknown)!] = '1';
      for (const v of values) {
        const i = index.get(map(v));
        if (i !== undefined) set[i] = '1';
      }
      out.push(...set);
    },
  };
}

function single(name: string, map: (v: string) => string = (v) => v): Writer {
  return { header: [name], write: (value, out) => void out.push(map(value)) };
}

const exploitWriter: Writer = {
  header: [...EXPLOIT_FLAGS, 'isThreeOrMoreExploit'],
  write(value, out) {
    const set = new Set<string>();
    if (value === MULTIPLE_VALUES) set.add('isThreeOrMoreExploit');
    for (const v of splitValues(value)) set.add(EXPLOIT[v] ?? 'isOtherExploit');
    if (set.has('isForcedLabour') && set.has('isSexualExploit')) set.add('isSexAndLabour');
    out.push(...[...EXPLOIT_FLAGS, 'isThreeOrMoreExploit'].map((f) => (set.has(f) ? '1' : '0')));
  },
};

const WRITERS: Record<StatAttribute, Writer> = {
  year: single('yearOfRegistration'),
  sex: single('gender', (v) => GENDER[v] ?? ''),
  age_group: single('ageBroad'),
  citizenship: single('citizenship'),
  country_of_exploitation: single('CountryOfExploitation'),
  methods_of_control: flags('meansOfControl', CONTROL_FLAGS, (v) => CONTROL[v] ?? 'Other', 'NotSpecified'),
  exploitation_type: exploitWriter,
  forced_labour_industry: flags('typeOfLabour', LABOUR_FLAGS, (v) => LABOUR[v] ?? 'Other'),
  recruiter_relation: flags('recruiterRelation', RELATION_FLAGS, (v) => RELATION[v] ?? 'Other', 'Unknown'),
  recruitment: single('recruitmentMethods'),
  referring_org_type: single('referringOrgType'),
};

/** The CTDC header of a release with these attributes. */
export function ctdcHeader(attributes: readonly string[]): string[] {
  return attributes.flatMap((a) => WRITERS[a as StatAttribute]?.header ?? [a]);
}

function csvCell(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes synthetic rows (codes in the release's schema) as a CTDC-style CSV. */
export function syntheticCsv(table: CategoricalTable): string {
  const writers = table.columns.map((c) => WRITERS[c as StatAttribute] ?? single(c));
  const lines = [writers.flatMap((w) => w.header).join(',')];
  const out: string[] = [];
  for (let r = 0; r < table.rowCount; r++) {
    out.length = 0;
    for (let c = 0; c < writers.length; c++) writers[c].write(table.categories[c][table.codes[c][r]] ?? '', out);
    lines.push(out.map(csvCell).join(','));
  }
  return `${lines.join('\n')}\n`;
}
