/**
 * Mapping between HTCDS 2.0 records and how Jisr stores a case: identifying fields go into
 * encrypted JSON, coded fields into columns (for lists, filters and statistics).
 */
import type { FieldCipher } from '../crypto/field-crypto';
import type { SealingCipher } from '../crypto/deferred-cipher';
import type { PrsRecord, VicRecord } from '../../../common/htcds';
import { ageGroupOf, type AgeGroup } from '../../../common/cases';
import { nameKeys } from './name-match';

/** Person fields that identify someone: stored encrypted. */
export const PERSON_SECRET_FIELDS = [
  'prs_Salutation', 'prs_FirstName', 'prs_MiddleName', 'prs_SecondName', 'prs_Birthdate', 'prs_IdentityNumber', 'prs_Title', 'prs_Email',
  'prs_HomePhone', 'prs_MobilePhone', 'prs_MailingCity', 'prs_MailingCountry', 'prs_MailingState', 'prs_MailingStreet', 'prs_MailingPostalCode',
  'prs_MailingLongitude', 'prs_MailingLatitude',
] as const;
/** Person fields that are codes: stored in the clear. */
export const PERSON_CODED_FIELDS = [
  'prs_Gender', 'prs_Deceased', 'prs_MaritalStatus', 'prs_NumberOfChildren', 'prs_PrimaryLanguage', 'prs_SecondaryLanguage',
  'prs_HighestLevelOfEducation', 'prs_Citizenship',
] as const;
/** Victim-context fields stored as codes (the free-text details are encrypted). */
export const VICTIM_CODED_FIELDS = [
  'vic_AgreementToManagePersonalData', 'vic_TraffickingStatus', 'vic_TraffickingStatusDecisionMakingOrg', 'vic_RelationshipToTrafficker',
  'vic_AgeWhenTrafficked', 'vic_RecruitmentWebsitesAndApps', 'vic_MethodOfRecruitment', 'vic_MethodsOfControl', 'vic_TypeOfExploitation',
  'vic_ForcedLabourIndustry', 'vic_TypeOfSexExploitation', 'vic_ExploitationWebsitesAndApps', 'vic_Vulnerabilities',
] as const;

export type PersonData = Omit<PrsRecord, 'prs_Id'>;
export type VictimData = Omit<VicRecord, 'vic_Id' | 'vic_CaseId' | 'vic_PersonId' | 'vic_LocationOfRecruitment' | 'vic_LocationOfExploitation'>;

/** Free text and places of a case, stored encrypted. */
export interface CaseDetails {
  vic_DetailsOfVulnerabilities?: string;
  placeOfRecruitment?: string;
  placeOfExploitation?: string;
  cas_IncomingReferralDetails?: string;
  cas_ReasonForCaseClosure?: string;
}

function pick<T extends object>(source: T, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = (source as Record<string, unknown>)[f];
    if (v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0)) out[f] = v;
  }
  return out;
}

/** Splits a person into its encrypted part and its coded part. */
export function splitPerson(person: PersonData): { secret: Record<string, unknown>; coded: Record<string, unknown> } {
  return { secret: pick(person, PERSON_SECRET_FIELDS), coded: pick(person, PERSON_CODED_FIELDS) };
}

/** The columns of a case victimOf reads. */
export interface VictimColumns {
  victim: unknown;
  trafficking_status: string | null;
  recruiter_relation: string[];
  recruitment_methods: string[];
  methods_of_control: string[];
  exploitation_types: string[];
  forced_labour_industry: string[];
}

function listOrNone(list: string[]): string[] | undefined {
  return list.length > 0 ? list : undefined;
}

/**
 * Victim fields a case's own columns hold (written by codedColumns), each read back from its
 * column; they are not also kept in the case's `victim` JSON.
 */
const VICTIM_FROM_COLUMNS: Readonly<Record<string, (row: VictimColumns) => unknown>> = {
  vic_TraffickingStatus: (row) => row.trafficking_status ?? undefined,
  vic_RelationshipToTrafficker: (row) => row.recruiter_relation[0],
  vic_MethodOfRecruitment: (row) => listOrNone(row.recruitment_methods),
  vic_MethodsOfControl: (row) => listOrNone(row.methods_of_control),
  vic_TypeOfExploitation: (row) => listOrNone(row.exploitation_types),
  vic_ForcedLabourIndustry: (row) => row.forced_labour_industry[0],
};
const VICTIM_STORED_FIELDS = VICTIM_CODED_FIELDS.filter((f) => !Object.hasOwn(VICTIM_FROM_COLUMNS, f));

/** The coded victim context as a case keeps it in its `victim` JSON: what its columns do not hold. */
export function codedVictim(victim: VictimData): Record<string, unknown> {
  return pick(victim, VICTIM_STORED_FIELDS);
}

/**
 * A case's coded victim context, fields in HTCDS order: its `victim` JSON with the fields its
 * columns hold. The columns win over a copy in the JSON (cases written before the JSON was
 * trimmed keep one): an NRM decision changes the trafficking status column only.
 */
export function victimOf(row: VictimColumns): VictimData {
  const stored = (row.victim ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const f of VICTIM_CODED_FIELDS) {
    const fromColumn = VICTIM_FROM_COLUMNS[f];
    const v = fromColumn ? fromColumn(row) : stored[f];
    if (v !== undefined) out[f] = v;
  }
  return out as VictimData;
}

/** Full name for matching and display: first, middle and second names. */
export function fullName(p: { prs_FirstName?: string; prs_MiddleName?: string; prs_SecondName?: string }): string {
  return [p.prs_FirstName, p.prs_MiddleName, p.prs_SecondName].filter(Boolean).join(' ');
}

/**
 * Blind index of the name keys of a person (exact-match lookups on encrypted names). `keysOf`
 * gives a name's keys (default nameKeys; a bulk import passes rememberNameKeys).
 */
export function nameIndex(cipher: SealingCipher, name: string, keysOf: (name: string) => readonly string[] = nameKeys): string[] {
  return keysOf(name).map((k) => cipher.blindIndex(k, 'case.name'));
}

/**
 * nameKeys with its results remembered, up to `max` names (then it starts again): names repeat
 * from case to case in a national import, and their keys are a pure function of the name. The
 * names stay in memory as long as the returned function does (one import's).
 */
export function rememberNameKeys(max: number): (name: string) => readonly string[] {
  let memo = new Map<string, readonly string[]>();
  return (name) => {
    let keys = memo.get(name);
    if (keys === undefined) {
      keys = nameKeys(name);
      if (memo.size >= max) memo = new Map();
      memo.set(name, keys);
    }
    return keys;
  };
}

/** Blind index of a birth date. */
export function birthdateIndex(cipher: SealingCipher, birthdate: string | undefined): string | null {
  return birthdate ? cipher.blindIndex(birthdate, 'case.birthdate') : null;
}

/** Age in whole years on a date. */
export function ageOn(birthdate: string, on: Date): number {
  const [y, m, d] = isoDayParts(birthdate);
  let age = on.getUTCFullYear() - y;
  if (on.getUTCMonth() + 1 < m || (on.getUTCMonth() + 1 === m && on.getUTCDate() < d)) age -= 1;
  return age;
}

/** Where the digits of `YYYY-MM-DD` are. */
const DIGITS_AT = [0, 1, 2, 3, 5, 6, 8, 9];

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Year, month and day of `YYYY-MM-DD` read digit by digit (an import reads 100,000 birth dates:
 * no substrings or arrays); other text as `split('-')` and Number read it.
 */
function isoDayParts(day: string): [number, number, number] {
  if (day.length === 10 && day.charCodeAt(4) === 45 && day.charCodeAt(7) === 45 && DIGITS_AT.every((i) => isDigit(day.charCodeAt(i)))) {
    const digit = (i: number) => day.charCodeAt(i) - 48;
    return [digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3), digit(5) * 10 + digit(6), digit(8) * 10 + digit(9)];
  }
  const [y, m, d] = day.split('-').map(Number);
  return [y, m, d];
}

/** The coded columns of a case derived from its person and victim context. */
export function codedColumns(person: PersonData, victim: VictimData, openedAt: Date, countryOfExploitation: string | undefined): {
  registration_year: number; sex: string | null; age_group: AgeGroup; citizenship: string | null; citizenships: string[];
  country_of_exploitation: string | null; exploitation_types: string[]; forced_labour_industry: string[]; methods_of_control: string[];
  recruitment_methods: string[]; recruiter_relation: string[]; trafficking_status: string | null; is_child_by_age: boolean | null;
} {
  const age = person.prs_Birthdate ? ageOn(person.prs_Birthdate, openedAt) : victim.vic_AgeWhenTrafficked;
  return {
    registration_year: openedAt.getUTCFullYear(),
    sex: person.prs_Gender ?? null,
    age_group: ageGroupOf(age),
    citizenship: person.prs_Citizenship?.[0] ?? null,
    citizenships: person.prs_Citizenship ?? [],
    country_of_exploitation: countryOfExploitation ?? null,
    exploitation_types: victim.vic_TypeOfExploitation ?? [],
    forced_labour_industry: victim.vic_ForcedLabourIndustry ? [victim.vic_ForcedLabourIndustry] : [],
    methods_of_control: victim.vic_MethodsOfControl ?? [],
    recruitment_methods: victim.vic_MethodOfRecruitment ?? [],
    recruiter_relation: victim.vic_RelationshipToTrafficker ? [victim.vic_RelationshipToTrafficker] : [],
    trafficking_status: victim.vic_TraffickingStatus ?? null,
    is_child_by_age: age === undefined ? null : age < 18,
  };
}

/** The kinds of sub-record of a case and which of their fields are codes and which are encrypted. */
export const RECORD_SPECS = {
  perpetrator: { coded: ['per_RoleInProcess', 'prs_Gender', 'prs_Citizenship'], secret: ['prs_FirstName', 'prs_SecondName', 'prs_Birthdate', 'per_RoleDetails'] },
  event: { coded: ['hte_Type', 'hte_Date', 'hte_Country'], secret: ['hte_City', 'hte_State', 'hte_Street', 'hte_PostalCode', 'hte_Latitude', 'hte_Longitude', 'hte_Description'] },
  support_plan: { coded: ['spl_Type', 'spl_PlannedEndDate', 'spl_ActualEndDate'], secret: ['spl_Objectives', 'spl_ActionPlan'] },
  comment: { coded: [], secret: ['cco_CaseComment'] },
  service: { coded: ['type', 'date', 'outcome', 'providerOrgId'], secret: ['notes'] },
  justice: { coded: ['kind', 'status', 'date'], secret: ['reference', 'notes'] },
  non_punishment: { coded: ['decision', 'date'], secret: ['offence', 'compulsion', 'notes'] },
  return: { coded: ['destinationCountry', 'riskLevel', 'plannedDate', 'status'], secret: ['riskAssessment', 'receivingAgency', 'notes'] },
} as const satisfies Record<string, { coded: readonly string[]; secret: readonly string[] }>;
export type RecordKind = keyof typeof RECORD_SPECS;
export const RECORD_KINDS = Object.keys(RECORD_SPECS) as RecordKind[];

/** Splits a sub-record's fields into codes and encrypted text. */
export function splitRecord(kind: RecordKind, data: Record<string, unknown>): { coded: Record<string, unknown>; secret: Record<string, unknown> } {
  const spec = RECORD_SPECS[kind];
  return { coded: pick(data, spec.coded), secret: pick(data, spec.secret) };
}

/** Encrypts a JSON object (null when empty). */
export function sealJson(cipher: SealingCipher, value: Record<string, unknown>, aad: string): string | null {
  return Object.keys(value).length === 0 ? null : cipher.encrypt(JSON.stringify(value), aad);
}

/** Decrypts a JSON object sealed with sealJson ({} when null). */
export function openJson<T = Record<string, unknown>>(cipher: FieldCipher, token: string | null | undefined, aad: string): T {
  return (token ? JSON.parse(cipher.decrypt(token, aad)) : {}) as T;
}
