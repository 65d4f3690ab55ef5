/**
 * Generates synthetic HTCDS 2.0 case bundles for tests, demos and benchmarks.
 *
 * Command line: scripts/generate-cases.ts.
 *
 * The data is fictional: names are drawn from built-in lists of common given names and surnames and
 * combined at random, identity numbers and contacts are never generated. Distributions are skewed
 * and correlated in the way published counter-trafficking data is (e.g. CTDC, UNODC GLOTIP): sexual
 * exploitation mostly of women and girls, forced labour mostly of men, industries by sex, migration
 * corridors between citizenship and country of exploitation, more cases in recent years.
 */
import type {
  CasRecord,
  CcoRecord,
  ConsentRecord,
  ExploitationType,
  HteRecord,
  HtcdsBundle,
  JisrExtension,
  NrmDecision,
  NrmStatus,
  OrgRecord,
  PerRecord,
  PrsRecord,
  SplRecord,
  VicRecord,
} from '../../../common/htcds';
import type {
  ForcedLabourIndustry,
  Gender,
  MethodOfControl,
  MethodOfRecruitment,
  OrgType,
  RelationshipToTrafficker,
  RoleInProcess,
  SupportPlanType,
  TraffickingStatus,
  TypeOfSexExploitation,
  WebsiteOrApp,
} from '../../../common/htcds/value-sets';
import { NRM_DEFAULTS } from '../../../common/cases';

/** A seeded PRNG (mulberry32): fast, deterministic, not for cryptography (test and demo data only). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Weighted<T> = ReadonlyArray<readonly [T, number]>;

class Picker {
  constructor(private readonly rnd: () => number) {}
  next(): number {
    return this.rnd();
  }
  int(min: number, max: number): number {
    return min + Math.floor(this.rnd() * (max - min + 1));
  }
  chance(p: number): boolean {
    return this.rnd() < p;
  }
  one<T>(items: readonly T[]): T {
    return items[Math.floor(this.rnd() * items.length)];
  }
  weighted<T>(items: Weighted<T>): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.rnd() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    return items[items.length - 1][0];
  }
  /** k distinct weighted picks. */
  some<T>(items: Weighted<T>, k: number): T[] {
    const out: T[] = [];
    let guard = 0;
    while (out.length < k && guard++ < 50) {
      const v = this.weighted(items);
      if (!out.includes(v)) out.push(v);
    }
    return out;
  }
}

const FEMALE_NAMES = [
  'Fatima', 'Aicha', 'Khadija', 'Mariam', 'Amina', 'Salma', 'Nour', 'Yasmine', 'Leila', 'Zineb', 'Hana', 'Rania', 'Sara', 'Imane',
  'Marie', 'Camille', 'Awa', 'Aminata', 'Fatou', 'Mariama', 'Grace', 'Joy', 'Blessing', 'Mary', 'Sarah', 'Anna', 'Elena', 'Olga',
  'Maria', 'Rose', 'Chloé', 'Inès', 'Léa', 'Sofia', 'Aziza', 'Mounira', 'Hawa', 'Esther', 'Faith', 'Precious',
] as const;
const MALE_NAMES = [
  'Mohammed', 'Ahmed', 'Youssef', 'Ali', 'Omar', 'Hassan', 'Ibrahim', 'Khaled', 'Mustafa', 'Abdelrahman', 'Karim', 'Samir', 'Bilal',
  'Hamza', 'Mamadou', 'Moussa', 'Ousmane', 'Ibrahima', 'Abdoulaye', 'Jean', 'Pierre', 'Louis', 'Lucas', 'Paul', 'John', 'David',
  'James', 'Michael', 'Emmanuel', 'Daniel', 'Samuel', 'Joseph', 'Ivan', 'Sergei', 'Tariq', 'Walid', 'Nabil', 'Rachid', 'Sami', 'Adam',
] as const;
const SURNAMES = [
  'Ben Ali', 'Trabelsi', 'Haddad', 'Mansour', 'El Amrani', 'Benali', 'Saidi', 'Hamdi', 'Khalil', 'Nasser', 'Aziz', 'Jaber',
  'Diallo', 'Traoré', 'Koné', 'Camara', 'Sow', 'Ndiaye', 'Okafor', 'Adeyemi', 'Mensah', 'Owusu', 'Martin', 'Bernard', 'Dubois',
  'Smith', 'Johnson', 'Brown', 'Santos', 'Reyes', 'Popescu', 'Ivanova', 'Kovalenko', 'Rahman', 'Hossain', 'Perera', 'Tesfaye',
  'Bekele', 'Abdullah', 'Suleiman',
] as const;
const ARABIC_FEMALE = ['فاطمة', 'عائشة', 'خديجة', 'مريم', 'أمينة', 'سلمى', 'نور', 'ياسمين', 'ليلى', 'هناء'] as const;
const ARABIC_MALE = ['محمد', 'أحمد', 'يوسف', 'علي', 'عمر', 'حسن', 'إبراهيم', 'خالد', 'مصطفى', 'عبد الرحمن'] as const;
const ARABIC_SURNAMES = ['بن علي', 'الطرابلسي', 'الحداد', 'منصور', 'العمراني', 'السعيدي', 'الحمدي', 'خليل', 'ناصر', 'عبد الله'] as const;
const ARABIC_SCRIPT_CITIZENSHIP = new Set(['TN', 'MA', 'DZ', 'EG', 'JO', 'LB', 'SY', 'IQ', 'SD', 'LY', 'YE']);

/** Spelling variants used to plant possible duplicates (same person registered twice). */
const VARIANTS: Record<string, string> = {
  Mohammed: 'Muhammad', Ahmed: 'Ahmad', Youssef: 'Yusuf', Fatima: 'Fatma', Abdelrahman: 'Abdul Rahman', Aicha: 'Aisha',
  Mustafa: 'Moustapha', Khadija: 'Khadidja', Hassan: 'Hasan', Ibrahim: 'Ebrahim',
};

/** Corridors: [citizenship, country of exploitation, weight]. Domestic trafficking is the largest single share. */
const CORRIDORS: Weighted<readonly [string, string]> = [
  [['TN', 'TN'], 14], [['MA', 'MA'], 10], [['JO', 'JO'], 6], [['EG', 'EG'], 6], [['CI', 'TN'], 8], [['NG', 'MA'], 4],
  [['SN', 'MA'], 3], [['CM', 'MA'], 2], [['PH', 'JO'], 4], [['LK', 'JO'], 3], [['BD', 'JO'], 4], [['ET', 'LB'], 5],
  [['SY', 'LB'], 5], [['SY', 'JO'], 4], [['SD', 'EG'], 4], [['ER', 'LY'], 3], [['NG', 'IT'], 3], [['MA', 'ES'], 2],
  [['DZ', 'FR'], 2], [['RO', 'FR'], 2], [['TN', 'FR'], 2], [['KE', 'SA'], 3], [['ID', 'AE'], 2], [['NP', 'QA'], 2],
  [['UA', 'TR'], 1], [['IQ', 'IQ'], 3], [['ML', 'DZ'], 2], [['NE', 'DZ'], 2], [['GN', 'TN'], 2], [['YE', 'SA'], 1],
];
const CITIES: Record<string, readonly string[]> = {
  TN: ['Tunis', 'Sfax', 'Sousse'], MA: ['Casablanca', 'Rabat', 'Tanger'], JO: ['Amman', 'Irbid', 'Zarqa'], EG: ['Cairo', 'Alexandria'],
  LB: ['Beirut', 'Tripoli'], FR: ['Paris', 'Marseille', 'Lyon'], IT: ['Rome', 'Naples'], ES: ['Madrid', 'Almería'], SA: ['Riyadh', 'Jeddah'],
  AE: ['Dubai', 'Abu Dhabi'], QA: ['Doha'], TR: ['Istanbul'], IQ: ['Baghdad', 'Erbil'], DZ: ['Alger', 'Oran'], LY: ['Tripoli', 'Benghazi'],
};

const YEARS: Weighted<number> = [
  [2015, 4], [2016, 5], [2017, 6], [2018, 7], [2019, 8], [2020, 6], [2021, 8], [2022, 10], [2023, 12], [2024, 13], [2025, 13], [2026, 8],
];

const FL_INDUSTRY_FEMALE: Weighted<ForcedLabourIndustry> = [
  ['T_ActivitiesOfHouseholdsAsEmployers', 45], ['I_AccommodationAndFoodServiceActivities', 14], ['A_AgricultureForestryAndFishing', 14],
  ['C_Manufacturing', 12], ['N_AdministrativeAndSupportServiceActivities', 6], ['G_WholesaleAndRetailTradeRepairOfMotorVehicles', 5],
  ['S_OtherServiceActivities', 4],
];
const FL_INDUSTRY_MALE: Weighted<ForcedLabourIndustry> = [
  ['F_Construction', 28], ['A_AgricultureForestryAndFishing', 30], ['C_Manufacturing', 12], ['I_AccommodationAndFoodServiceActivities', 8],
  ['B_MiningAndQuarrying', 5], ['H_TransportationAndStorage', 5], ['G_WholesaleAndRetailTradeRepairOfMotorVehicles', 5],
  ['T_ActivitiesOfHouseholdsAsEmployers', 5], ['S_OtherServiceActivities', 2],
];
const CONTROL_LABOUR: Weighted<MethodOfControl> = [
  ['WithholdsDocuments', 30], ['TakesEarnings', 28], ['DebtBondage', 25], ['ExcessiveWorkingHours', 25], ['FalsePromises', 22],
  ['ThreatsLawEnforcement', 15], ['PhysicalThreats', 12], ['PsychologicalAbuse', 14],
  ['WithholdsNecessities', 10], ['PhysicalAbuse', 8], ['RestrictsFinancialAccess', 8], ['RestrictsMedicalCare', 5],
];
const CONTROL_SEXUAL: Weighted<MethodOfControl> = [
  ['PsychologicalAbuse', 30], ['PhysicalAbuse', 22], ['SexualAbuse', 20], ['FalsePromises', 25], ['PhysicalThreats', 20],
  ['PsychoactiveSubstance', 12], ['TakesEarnings', 18], ['ThreatensChildrenFamily', 10], ['DebtBondage', 12], ['WithholdsDocuments', 10],
];
const RECRUITMENT: Weighted<MethodOfRecruitment> = [
  ['ThroughFriendsOrSocialEvents', 30], ['ThroughFamilyOrFamilyEvents', 20], ['ThroughOnlineSocialNetworks', 20], ['ThroughAnOnlineAdvertisement', 10],
  ['AtWork', 8], ['AtAPlaceOfBusiness', 5], ['ThroughANewspaperAdvert', 3], ['AtAnEducationalInstitution', 2], ['Other', 5],
];
const APPS: Weighted<WebsiteOrApp> = [['Facebook', 35], ['WhatsApp', 30], ['Instagram', 12], ['Telegram', 8], ['TikTok', 8], ['Viber', 4], ['Other', 3]];
const RELATION: Weighted<RelationshipToTrafficker> = [['Acquainted', 45], ['Unaquainted', 32], ['Familial', 23]];
const SEX_TYPES: Weighted<TypeOfSexExploitation> = [['Prostitution', 80], ['Pornography', 8], ['RemoteInteractiveServices', 7], ['PrivateSexualServices', 5]];
const ROLES: Weighted<RoleInProcess> = [
  ['RecruiterOrIntermediary', 35], ['Exploiter', 35], ['Transporter', 10], ['ControlledIndividual', 6], ['HarbouredIndividual', 4],
  ['Smuggler', 4], ['BrokerTravelAgent', 3], ['SoldIndividual', 2], ['Other', 1],
];
const PLANS: Weighted<SupportPlanType> = [
  ['SocialCare', 25], ['Health', 20], ['Legal', 18], ['Livelihood', 12], ['Financial', 8], ['Education', 7],
  ['SexualExploitationRehabilitation', 5], ['LabourExploitationRehabilitation', 4], ['RightsBasedTraining', 1],
];
const ORG_TYPES: Weighted<OrgType> = [
  ['NGO', 40], ['LawEnforcement', 20], ['CentralGovernmentOrganisation', 10], ['LocalGovernmentOrganisation', 8], ['HealthServiceOrganisation', 8],
  ['LegalService', 6], ['ImmigrationService', 6], ['SchoolOrCollege', 1], ['CorporateBusiness', 1],
];
const COMMENTS = [
  'Initial interview held with an interpreter.', 'Accommodation in a shelter arranged.', 'Medical check-up completed.',
  'Legal counsel assigned.', 'Contact with family re-established with consent.', 'Follow-up call made.',
] as const;

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function isoDate(year: number, dayOfYear: number): string {
  const d = new Date(Date.UTC(year, 0, 1 + dayOfYear));
  return d.toISOString().slice(0, 10);
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function makeOrgs(p: Picker): OrgRecord[] {
  const countries = ['TN', 'MA', 'JO', 'EG', 'LB', 'FR'];
  const names = ['Association', 'Centre', 'Bureau', 'Office', 'Réseau', 'Maison'];
  const out: OrgRecord[] = [];
  for (let i = 1; i <= 60; i++) {
    const country = countries[i % countries.length];
    out.push({
      org_Id: `org-${pad(i, 3)}`,
      org_Name: `${p.one(names)} ${i} (fictional)`,
      org_ShippingCity: p.one(CITIES[country] ?? ['Capital']),
      org_ShippingCountry: country,
      org_Type: p.weighted(ORG_TYPES),
    });
  }
  return out;
}

interface PersonDraft {
  first: string;
  last: string;
  gender: Gender;
  birthdate: string;
  citizenship: string;
}

function personName(p: Picker, female: boolean, citizenship: string): { first: string; last: string } {
  if (ARABIC_SCRIPT_CITIZENSHIP.has(citizenship) && p.chance(0.25)) {
    return { first: p.one(female ? ARABIC_FEMALE : ARABIC_MALE), last: p.one(ARABIC_SURNAMES) };
  }
  return { first: p.one(female ? FEMALE_NAMES : MALE_NAMES), last: p.one(SURNAMES) };
}

function nrmFor(p: Picker, referral: string, status: TraffickingStatus): { ext: JisrExtension; closed: boolean } {
  const decisions: NrmDecision[] = [];
  let nrmStatus: NrmStatus = 'UnderAssessment';
  const rg = addDays(referral, p.int(2, 20));
  if (status !== 'PossibleVictimOfTrafficking' || p.chance(0.5)) {
    const positive = status !== 'NotAVictimOfTrafficking' || p.chance(0.3);
    decisions.push({ kind: 'ReasonableGrounds', outcome: positive ? 'Positive' : 'Negative', date: rg });
    nrmStatus = positive ? 'RecoveryAndReflection' : 'ReasonableGroundsNegative';
    if (positive && status !== 'PossibleVictimOfTrafficking') {
      const cg = addDays(rg, p.int(30, 120));
      const cgPositive = status === 'ActualVictimOfTrafficking';
      decisions.push({ kind: 'ConclusiveGrounds', outcome: cgPositive ? 'Positive' : 'Negative', date: cg });
      nrmStatus = cgPositive ? p.weighted<NrmStatus>([['Assistance', 50], ['Closed', 30], ['ReferredOn', 15], ['SentAbroad', 5]]) : 'ConclusiveGroundsNegative';
    }
  }
  const ext: JisrExtension = { nrmStatus };
  if (decisions.length > 0) ext.decisions = decisions;
  if (nrmStatus === 'UnderAssessment') ext.deadlines = [{ kind: 'ReasonableGroundsDecision', dueDate: addDays(referral, 5) }];
  if (nrmStatus === 'RecoveryAndReflection') ext.deadlines = [{ kind: 'RecoveryAndReflectionEnd', dueDate: addDays(rg, 30) }];
  return { ext, closed: nrmStatus === 'Closed' || nrmStatus === 'ReferredOn' || nrmStatus === 'SentAbroad' || nrmStatus.endsWith('Negative') };
}

/** Days from `a` to `b` (both `YYYY-MM-DD`). */
function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

/** The newest referral date drawn (YEARS: 2026 up to its day 150). */
const NEWEST_REFERRAL = isoDate(2026, 150);

/**
 * How far along the NRM path a case referred on `referral` is on `asOf` (generateCases' asOf):
 * the reasonable-grounds decision 2–20 days after the referral, the recovery and reflection period
 * (NRM_DEFAULTS) after a positive one, the conclusive-grounds decision up to 60 days after it ends,
 * then assistance with a support plan reviewed every NRM_DEFAULTS.followUpDays for half a year to a
 * year and a half, then closed, referred on or sent home. No decision is dated after `asOf`.
 */
function nrmAsOf(p: Picker, referral: string, status: TraffickingStatus, asOf: string): { ext: JisrExtension; closed: boolean } {
  const ext: JisrExtension = { nrmStatus: 'UnderAssessment' };
  const rg = addDays(referral, p.int(2, 20));
  if (rg > asOf) {
    ext.deadlines = [{ kind: 'ReasonableGroundsDecision', dueDate: addDays(referral, NRM_DEFAULTS.rgWorkingDays + 2) }];
    return { ext, closed: false };
  }
  const positive = status !== 'NotAVictimOfTrafficking' || p.chance(0.3);
  const decisions: NrmDecision[] = [{ kind: 'ReasonableGrounds', outcome: positive ? 'Positive' : 'Negative', date: rg }];
  ext.decisions = decisions;
  if (!positive) {
    ext.nrmStatus = 'ReasonableGroundsNegative';
    return { ext, closed: true };
  }
  const reflectionEnds = addDays(rg, NRM_DEFAULTS.reflectionDays);
  const cg = addDays(reflectionEnds, p.int(0, 60));
  if (cg > asOf) {
    ext.nrmStatus = 'RecoveryAndReflection';
    ext.deadlines = [{ kind: 'RecoveryAndReflectionEnd', dueDate: reflectionEnds }];
    return { ext, closed: false };
  }
  // A person still only presumed a victim is decided either way.
  const cgPositive = status === 'ActualVictimOfTrafficking' || (status === 'PossibleVictimOfTrafficking' && p.chance(0.5));
  decisions.push({ kind: 'ConclusiveGrounds', outcome: cgPositive ? 'Positive' : 'Negative', date: cg });
  if (!cgPositive) {
    ext.nrmStatus = 'ConclusiveGroundsNegative';
    return { ext, closed: true };
  }
  const assisted = daysBetween(cg, asOf);
  if (assisted < p.int(180, 540)) {
    ext.nrmStatus = 'Assistance';
    const every = NRM_DEFAULTS.followUpDays;
    ext.deadlines = [{ kind: 'SupportPlanReview', dueDate: addDays(cg, every * Math.floor(assisted / every + 1)) }];
    return { ext, closed: false };
  }
  ext.nrmStatus = p.weighted<NrmStatus>([['Closed', 65], ['ReferredOn', 25], ['SentAbroad', 10]]);
  return { ext, closed: true };
}

/** What generateCases may be asked for beyond the number of cases and the seed. */
export interface GenerateOptions {
  /**
   * The day (`YYYY-MM-DD`) the cases are seen from, as a demo needs: the referral dates are moved
   * so that the newest is that day, and each case is as far along the NRM path as its age allows
   * (nrmAsOf: recent referrals under assessment or in their reflection period, with deadlines
   * around that day; older ones decided, assisted or closed). Without it, dates and NRM states are
   * drawn as they always were: benchmarks and tests rely on the same bundles for the same n and seed.
   */
  asOf?: string;
}

/**
 * Returns `n` canonical, fictional HTCDS bundles, identical for the same (n, seed, options). Each bundle
 * references only organisations and persons it contains; about 2% of persons are planted
 * re-registrations of an earlier person (name spelling variant, same birth date and citizenship).
 */
export function generateCases(n: number, seed: number, options: GenerateOptions = {}): HtcdsBundle[] {
  const { asOf } = options;
  const shift = asOf ? daysBetween(NEWEST_REFERRAL, asOf) : 0;
  /** A date that cannot have happened yet on `asOf` is that day. */
  const notAfterAsOf = (date: string) => (asOf && date > asOf ? asOf : date);
  const p = new Picker(mulberry32(seed));
  const orgs = makeOrgs(p);
  const bundles: HtcdsBundle[] = [];
  const earlier: PersonDraft[] = [];
  for (let i = 1; i <= n; i++) {
    const caseId = `cas-${pad(i, 6)}`;
    const [citizenship, exploitationCountry] = p.weighted(CORRIDORS);
    const year = p.weighted(YEARS);
    const referral = addDays(isoDate(year, p.int(0, year === 2026 ? 150 : 364)), shift);
    const child = p.chance(0.28);
    const ageAtReferral = child ? p.int(6, 17) : Math.min(70, 18 + Math.floor(-Math.log(1 - p.next()) * 9));
    const female = p.chance(child ? 0.55 : 0.62);
    let draft: PersonDraft;
    const duplicateOf = earlier.length > 50 && p.chance(0.02) ? p.one(earlier) : undefined;
    if (duplicateOf) {
      draft = { ...duplicateOf, first: VARIANTS[duplicateOf.first] ?? duplicateOf.first };
    } else {
      const name = personName(p, female, citizenship);
      const birthYear = year - ageAtReferral;
      draft = {
        ...name,
        gender: p.chance(0.01) ? 'NonSpecifiedUnknown' : female ? 'Feminine' : 'Masculine',
        birthdate: p.chance(0.9) ? isoDate(birthYear, p.int(0, 364)) : `${birthYear}-01-01`,
        citizenship,
      };
      if (earlier.length < 5000) earlier.push(draft);
    }
    const isFemale = draft.gender === 'Feminine';
    const exploitation: ExploitationType[] = [];
    const primary = p.weighted<ExploitationType>(
      child
        ? [['ChildLabour', 25], ['SexualExploitation', isFemale ? 30 : 8], ['ForcedBegging', 18], ['ForcedCriminality', 10], ['ForcedLabour', 10], ['ForcedMarriage', isFemale ? 8 : 0], ['Other', 3]]
        : isFemale
          ? [['SexualExploitation', 55], ['ForcedLabour', 25], ['Servitude', 8], ['ForcedMarriage', 5], ['ForcedCriminality', 3], ['ForcedBegging', 2], ['OrganRemoval', 0.5], ['Other', 2]]
          : [['ForcedLabour', 72], ['ForcedCriminality', 9], ['SexualExploitation', 6], ['ForcedBegging', 5], ['Servitude', 3], ['ForcedMilitaryByNonStateActors', 1], ['OrganRemoval', 1], ['Other', 3]],
    );
    exploitation.push(primary);
    if (primary === 'SexualExploitation' && p.chance(0.12)) exploitation.push('ForcedLabour');
    if (primary === 'ForcedLabour' && p.chance(0.06)) exploitation.push(isFemale ? 'SexualExploitation' : 'ForcedCriminality');
    const labour = exploitation.includes('ForcedLabour') || exploitation.includes('ChildLabour') || exploitation.includes('Servitude');
    const sexual = exploitation.includes('SexualExploitation');
    const status = p.weighted<TraffickingStatus>([['ActualVictimOfTrafficking', 55], ['PossibleVictimOfTrafficking', 38], ['NotAVictimOfTrafficking', 7]]);
    const victimId = `prs-${pad(i, 6)}-v`;
    const persons: PrsRecord[] = [];
    const victim: PrsRecord = {
      prs_Id: victimId,
      prs_FirstName: draft.first,
      prs_SecondName: draft.last,
      prs_Birthdate: draft.birthdate,
      prs_Gender: draft.gender,
      prs_Citizenship: p.chance(0.03) ? [draft.citizenship, p.one(['FR', 'IT', 'CA'])] : [draft.citizenship],
    };
    if (p.chance(0.6)) victim.prs_PrimaryLanguage = ARABIC_SCRIPT_CITIZENSHIP.has(draft.citizenship) ? 'ar' : p.one(['fr', 'en', 'ha', 'am', 'tl']);
    if (!child && p.chance(0.5)) victim.prs_MaritalStatus = p.weighted([['Single', 50], ['Married', 30], ['Divorced', 10], ['Separated', 6], ['Widowed', 4]] as const);
    persons.push(victim);

    const vic: VicRecord = {
      vic_Id: `vic-${pad(i, 6)}`,
      vic_CaseId: caseId,
      vic_PersonId: victimId,
      vic_TraffickingStatus: status,
      vic_TypeOfExploitation: exploitation,
      vic_MethodsOfControl: p.some(sexual ? CONTROL_SEXUAL : CONTROL_LABOUR, p.int(1, 4)),
      vic_MethodOfRecruitment: p.some(RECRUITMENT, p.chance(0.8) ? 1 : 2),
      vic_RelationshipToTrafficker: p.weighted(RELATION),
      vic_AgeWhenTrafficked: Math.max(3, ageAtReferral - p.int(0, 3)),
    };
    if (status !== 'PossibleVictimOfTrafficking') {
      vic.vic_TraffickingStatusDecisionMakingOrg = p.weighted([['Police', 40], ['NonPoliceGovernmentalOrganization', 30], ['CourtOrProsecution', 15], ['NGO', 12], ['Other', 3]] as const);
    }
    if (labour) vic.vic_ForcedLabourIndustry = p.weighted(isFemale ? FL_INDUSTRY_FEMALE : FL_INDUSTRY_MALE);
    if (sexual) vic.vic_TypeOfSexExploitation = [p.weighted(SEX_TYPES)];
    if (vic.vic_MethodOfRecruitment?.some((m) => m.startsWith('ThroughOnline') || m === 'ThroughAnOnlineAdvertisement')) {
      vic.vic_RecruitmentWebsitesAndApps = p.some(APPS, p.int(1, 2));
    }

    const per: PerRecord[] = [];
    const perpetrators = p.weighted([[0, 30], [1, 45], [2, 18], [3, 7]] as const);
    for (let k = 1; k <= perpetrators; k++) {
      const pid = `prs-${pad(i, 6)}-p${k}`;
      const pf = p.chance(sexual ? 0.35 : 0.2);
      const pc = p.chance(0.6) ? draft.citizenship : exploitationCountry;
      const pn = personName(p, pf, pc);
      persons.push({ prs_Id: pid, prs_FirstName: pn.first, prs_SecondName: pn.last, prs_Gender: pf ? 'Feminine' : 'Masculine', prs_Citizenship: [pc] });
      per.push({ per_Id: `per-${pad(i, 6)}-${k}`, per_CaseId: caseId, per_PersonId: pid, per_RoleInProcess: p.some(ROLES, p.chance(0.7) ? 1 : 2) });
    }

    const holder = p.one(orgs);
    const cas: CasRecord = { cas_Id: caseId, cas_PersonId: victimId, cas_OrganisationId: holder.org_Id, cas_CaseOwner: `user-${pad(p.int(1, 400), 3)}` };
    const caseOrgs = [holder];
    if (p.chance(0.45)) {
      const referring = p.one(orgs);
      cas.cas_ReferringOrganisation = referring.org_Id;
      cas.cas_IncomingReferralDate = referral;
      cas.cas_ReasonForIncomingReferral = p.weighted([['AdditionalServicesRequired', 70], ['MigrationOrChangeOfLocation', 20], ['Other', 10]] as const);
      if (!caseOrgs.includes(referring)) caseOrgs.push(referring);
    }
    const { ext, closed } = asOf ? nrmAsOf(p, referral, status, asOf) : nrmFor(p, referral, status);
    const concluded = asOf ? ext.decisions?.find((d) => d.kind === 'ConclusiveGrounds') : undefined;
    if (concluded) {
      vic.vic_TraffickingStatus = concluded.outcome === 'Positive' ? 'ActualVictimOfTrafficking' : 'NotAVictimOfTrafficking';
      vic.vic_TraffickingStatusDecisionMakingOrg ??= 'NonPoliceGovernmentalOrganization';
    }
    cas.cas_Status = closed ? (ext.nrmStatus === 'ReferredOn' || ext.nrmStatus === 'SentAbroad' ? 'ClosedReferred' : 'Closed') : p.chance(0.7) ? 'Active' : 'FollowUp';
    if (cas.cas_Status === 'ClosedReferred') {
      const referred = p.one(orgs);
      cas.cas_ReferredOrganisation = referred.org_Id;
      cas.cas_OutgoingReferralDate = notAfterAsOf(addDays(referral, p.int(40, 300)));
      cas.cas_ReasonForOutgoingReferral = ext.nrmStatus === 'SentAbroad' ? 'MigrationOrChangeOfLocation' : 'AdditionalServicesRequired';
      if (!caseOrgs.includes(referred)) caseOrgs.push(referred);
    }

    const hte: HteRecord[] = [];
    const start = addDays(referral, -p.int(30, 900));
    hte.push({ hte_Id: `hte-${pad(i, 6)}-1`, hte_CaseId: caseId, hte_Type: 'Recruitment', hte_Country: draft.citizenship, hte_Date: start });
    if (draft.citizenship !== exploitationCountry && p.chance(0.35)) {
      hte.push({ hte_Id: `hte-${pad(i, 6)}-2`, hte_CaseId: caseId, hte_Type: 'Transit', hte_Country: p.one(['LY', 'TR', 'EG', 'DZ', 'NE']), hte_Date: addDays(start, p.int(3, 60)) });
    }
    const exploitationEvent: HteRecord = { hte_Id: `hte-${pad(i, 6)}-3`, hte_CaseId: caseId, hte_Type: 'Exploitation', hte_Country: exploitationCountry, hte_Date: addDays(start, p.int(61, 120)) };
    const city = CITIES[exploitationCountry];
    if (city && p.chance(0.7)) exploitationEvent.hte_City = p.one(city);
    hte.push(exploitationEvent);

    const spl: SplRecord[] = [];
    for (let k = 1, m = p.weighted([[0, 35], [1, 40], [2, 25]] as const); k <= m; k++) {
      const plan: SplRecord = { spl_Id: `spl-${pad(i, 6)}-${k}`, spl_CaseId: caseId, spl_Type: p.weighted(PLANS), spl_PlannedEndDate: addDays(referral, p.int(60, 365)) };
      if (closed) plan.spl_ActualEndDate = notAfterAsOf(addDays(referral, p.int(60, 400)));
      spl.push(plan);
    }
    const cco: CcoRecord[] = [];
    for (let k = 1, m = p.int(0, 2); k <= m; k++) cco.push({ cco_Id: `cco-${pad(i, 6)}-${k}`, cco_CaseId: caseId, cco_CaseComment: p.one(COMMENTS) });
    const consent: ConsentRecord[] = [{ con_Id: `con-${pad(i, 6)}`, con_CaseId: caseId, con_PersonId: victimId, con_Consent: p.chance(0.92) }];

    bundles.push({
      org: caseOrgs.sort((a, b) => (a.org_Id < b.org_Id ? -1 : 1)),
      prs: persons.sort((a, b) => (a.prs_Id < b.prs_Id ? -1 : 1)),
      vic: [vic],
      per,
      cas,
      cco,
      hte,
      spl,
      consent,
      jisr: ext,
    });
  }
  return bundles;
}
