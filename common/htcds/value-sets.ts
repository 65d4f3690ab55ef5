/**
 * HTCDS 2.0 value sets (picklist value names) as typed constants, and typed access to the field
 * list generated from the standard (`htcds-fields.json`, built by scripts/build-htcds.ts).
 *
 * The constants are written out so TypeScript can derive literal union types; a test checks they
 * equal the generated JSON exactly. Source: HTCDS 2.0, IOM, CC BY 4.0.
 */
import fieldsDoc from './htcds-fields.json';

/** HTCDS value names of org_Type. */
export const ORG_TYPE = ['NGO', 'LawEnforcement', 'HealthServiceOrganisation', 'CentralGovernmentOrganisation', 'LocalGovernmentOrganisation', 'ImmigrationService', 'LegalService', 'CorporateBusiness', 'SchoolOrCollege'] as const;
/** HTCDS value names of prs_Gender. */
export const PRS_GENDER = ['Feminine', 'Masculine', 'TransgenderFeminine', 'TransgenderMasculine', 'NonConforming', 'NonSpecifiedUnknown'] as const;
/** HTCDS value names of prs_MaritalStatus. */
export const PRS_MARITAL_STATUS = ['Single', 'Married', 'Widowed', 'Divorced', 'Separated', 'RegisteredPartnership'] as const;
/** HTCDS value names of prs_HighestLevelOfEducation. */
export const PRS_HIGHEST_LEVEL_OF_EDUCATION = ['EarlyChildhoodEducation', 'PrimaryEducation', 'LowerSecondaryEducation', 'UpperSecondaryEducation', 'PostSecondaryNonTertiaryEducation', 'ShortCycleTertiaryEducation', 'BachelorsOrEquivalentLevel', 'MastersOrEquivalentLevel', 'DoctoralOrEquivalentLevel'] as const;
/** HTCDS value names of vic_TraffickingStatus. */
export const VIC_TRAFFICKING_STATUS = ['PossibleVictimOfTrafficking', 'ActualVictimOfTrafficking', 'NotAVictimOfTrafficking'] as const;
/** HTCDS value names of vic_TraffickingStatusDecisionMakingOrg. */
export const VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG = ['Police', 'NGO', 'CourtOrProsecution', 'NonPoliceGovernmentalOrganization', 'Other'] as const;
/** HTCDS value names of vic_RelationshipToTrafficker. */
export const VIC_RELATIONSHIP_TO_TRAFFICKER = ['Familial', 'Acquainted', 'Unaquainted'] as const;
/** HTCDS value names of vic_RecruitmentWebsitesAndApps. */
export const VIC_RECRUITMENT_WEBSITES_AND_APPS = ['Facebook', 'Instagram', 'WhatsApp', 'Telegram', 'FacebookMessenger', 'Viber', 'SnapChat', 'Line', '4Sale', 'WeChat', 'QQ', 'QZone', 'TikTok', 'Twitter', 'Other'] as const;
/** HTCDS value names of vic_MethodOfRecruitment. */
export const VIC_METHOD_OF_RECRUITMENT = ['AtAPlaceOfBusiness', 'AtAnEducationalInstitution', 'AtWork', 'ThroughOnlineSocialNetworks', 'ThroughAnOnlineAdvertisement', 'ThroughATelevisionAdvert', 'ThroughANewspaperAdvert', 'ThroughFamilyOrFamilyEvents', 'ThroughFriendsOrSocialEvents', 'Other'] as const;
/** HTCDS value names of vic_MethodsOfControl. */
export const VIC_METHODS_OF_CONTROL = ['PhysicalThreats', 'ThreatsLawEnforcement', 'ThreatensChildrenFamily', 'DebtBondage', 'FalsePromises', 'PhysicalAbuse', 'SexualAbuse', 'TakesEarnings', 'RestrictsFinancialAccess', 'RestrictsMedicalCare', 'WithholdsNecessities', 'PsychologicalAbuse', 'PsychoactiveSubstance', 'ExcessiveWorkingHours', 'WithholdsDocuments', 'Other'] as const;
/** HTCDS value names of vic_TypeOfExploitation. */
export const VIC_TYPE_OF_EXPLOITATION = ['ForcedLabour', 'SexualExploitation', 'ChildLabour', 'ForcedMarriage', 'Servitude', 'ForcedMilitaryByNonStateActors', 'OrganRemoval', 'ForcedBegging', 'ForcedAdoption', 'Surrogacy', 'Other'] as const;
/** HTCDS value names of vic_ForcedLabourIndustry. */
export const VIC_FORCED_LABOUR_INDUSTRY = ['A_AgricultureForestryAndFishing', 'B_MiningAndQuarrying', 'C_Manufacturing', 'D_ElectricityGasSteamAndAirConditioningSupply', 'E_WaterSupplySewerageWasteManagement', 'F_Construction', 'G_WholesaleAndRetailTradeRepairOfMotorVehicles', 'H_TransportationAndStorage', 'I_AccommodationAndFoodServiceActivities', 'J_InformationAndCommunication', 'K_FinancialAndInsuranceActivities', 'L_RealEstateActivities', 'M_ProfessionalScientificAndTechnicalActivities', 'N_AdministrativeAndSupportServiceActivities', 'O_PublicAdministrationAndDefence', 'P_Education', 'Q_HumanHealthAndSocialWorkActivities', 'R_ArtsEntertainmentAndRecreation', 'S_OtherServiceActivities', 'T_ActivitiesOfHouseholdsAsEmployers', 'U_ActivitiesOfExtraterritorialOrganizations'] as const;
/** HTCDS value names of vic_TypeOfSexExploitation. */
export const VIC_TYPE_OF_SEX_EXPLOITATION = ['Prostitution', 'Pornography', 'RemoteInteractiveServices', 'PrivateSexualServices'] as const;
/** HTCDS value names of vic_ExploitationWebsitesAndApps. */
export const VIC_EXPLOITATION_WEBSITES_AND_APPS = VIC_RECRUITMENT_WEBSITES_AND_APPS;
/** HTCDS value names of vic_Vulnerabilities (deprecated in HTCDS 2.0). */
export const VIC_VULNERABILITIES = ['Addiction', 'SocialGroup', 'Discrimination', 'Poverty', 'DisabilityAndPhysicalHealth', 'MentalHealth', 'Migration', 'Homelessness', 'AbuseSocialMedia', 'AbusePhysical', 'Education', 'WorkEnvironment'] as const;
/** HTCDS value names of per_RoleInProcess. */
export const PER_ROLE_IN_PROCESS = ['TravellingPartner', 'Transporter', 'RecruiterOrIntermediary', 'BrokerTravelAgent', 'TransferredIndividual', 'HarbouredIndividual', 'SoldIndividual', 'BoughtIndividual', 'ReceivedIndividual', 'ControlledIndividual', 'Smuggler', 'Abuser', 'Kidnapper', 'Exploiter', 'Other'] as const;
/** HTCDS value names of cas_Status. */
export const CAS_STATUS = ['Active', 'FollowUp', 'Closed', 'ClosedReferred'] as const;
/** HTCDS value names of cas_ReasonForIncomingReferral. */
export const CAS_REASON_FOR_INCOMING_REFERRAL = ['AdditionalServicesRequired', 'MigrationOrChangeOfLocation', 'Other'] as const;
/** HTCDS value names of cas_ReasonForOutgoingReferral. */
export const CAS_REASON_FOR_OUTGOING_REFERRAL = CAS_REASON_FOR_INCOMING_REFERRAL;
/** HTCDS value names of hte_Type. */
export const HTE_TYPE = ['Recruitment', 'Transit', 'Exploitation'] as const;
/** HTCDS value names of spl_Type. */
export const SPL_TYPE = ['Education', 'Financial', 'Health', 'LabourExploitationRehabilitation', 'Legal', 'Livelihood', 'RightsBasedTraining', 'SexualExploitationRehabilitation', 'SocialCare'] as const;

export type OrgType = (typeof ORG_TYPE)[number];
export type Gender = (typeof PRS_GENDER)[number];
export type MaritalStatus = (typeof PRS_MARITAL_STATUS)[number];
export type HighestLevelOfEducation = (typeof PRS_HIGHEST_LEVEL_OF_EDUCATION)[number];
export type TraffickingStatus = (typeof VIC_TRAFFICKING_STATUS)[number];
export type TraffickingStatusDecisionMakingOrg = (typeof VIC_TRAFFICKING_STATUS_DECISION_MAKING_ORG)[number];
export type RelationshipToTrafficker = (typeof VIC_RELATIONSHIP_TO_TRAFFICKER)[number];
export type WebsiteOrApp = (typeof VIC_RECRUITMENT_WEBSITES_AND_APPS)[number];
export type MethodOfRecruitment = (typeof VIC_METHOD_OF_RECRUITMENT)[number];
export type MethodOfControl = (typeof VIC_METHODS_OF_CONTROL)[number];
export type TypeOfExploitation = (typeof VIC_TYPE_OF_EXPLOITATION)[number];
export type ForcedLabourIndustry = (typeof VIC_FORCED_LABOUR_INDUSTRY)[number];
export type TypeOfSexExploitation = (typeof VIC_TYPE_OF_SEX_EXPLOITATION)[number];
export type Vulnerability = (typeof VIC_VULNERABILITIES)[number];
export type RoleInProcess = (typeof PER_ROLE_IN_PROCESS)[number];
export type CaseStatus = (typeof CAS_STATUS)[number];
export type ReasonForReferral = (typeof CAS_REASON_FOR_INCOMING_REFERRAL)[number];
export type TraffickingEventType = (typeof HTE_TYPE)[number];
export type SupportPlanType = (typeof SPL_TYPE)[number];

/** The HTCDS tables, keyed the way Jisr names them (the consent table's field prefix is `con_`). */
export const HTCDS_TABLES = ['org', 'prs', 'vic', 'per', 'cas', 'cco', 'hte', 'spl', 'consent'] as const;
export type HtcdsTable = (typeof HTCDS_TABLES)[number];

/** Field-name prefix of each table, as in HTCDS "Field Name Prefix". */
export const TABLE_PREFIX: Readonly<Record<HtcdsTable, string>> = {
  org: 'org_',
  prs: 'prs_',
  vic: 'vic_',
  per: 'per_',
  cas: 'cas_',
  cco: 'cco_',
  hte: 'hte_',
  spl: 'spl_',
  consent: 'con_',
};

/** A code list that HTCDS refers to by name instead of listing its values. */
export type CodeList = 'iso3166-alpha2' | 'iso639';

/** One HTCDS field definition, as generated from the standard. */
export interface HtcdsFieldDefinition {
  section: string;
  status: 'DRAFT' | 'DEPRECATED';
  core: boolean;
  prefix: string;
  table: HtcdsTable;
  name: string;
  fullName: string;
  label: string;
  type: string;
  salesforce: string;
  multiple: boolean;
  codeList: CodeList | null;
  values: ReadonlyArray<{ name: string; label: string }>;
  description: string;
  notes: string;
}

/** Every HTCDS 2.0 field (83, including 3 deprecated ones), in the standard's order. */
export const HTCDS_FIELDS: readonly HtcdsFieldDefinition[] = fieldsDoc.fields as HtcdsFieldDefinition[];

/** Attribution text that must accompany any copy of the HTCDS field definitions. */
export const HTCDS_ATTRIBUTION: string = fieldsDoc.attribution;

const byFullName = new Map<string, HtcdsFieldDefinition>(HTCDS_FIELDS.map((f) => [f.fullName, f]));

/** Returns the definition of an HTCDS field by its full name (e.g. `vic_TypeOfExploitation`), or undefined. */
export function htcdsField(fullName: string): HtcdsFieldDefinition | undefined {
  return byFullName.get(fullName);
}

/** Returns the HTCDS fields of one table, in the standard's order. */
export function htcdsFieldsOf(table: HtcdsTable): HtcdsFieldDefinition[] {
  return HTCDS_FIELDS.filter((f) => f.table === table);
}

/** Returns the picklist value names of a field (empty for non-picklists and code-list fields). */
export function valueNamesOf(fullName: string): string[] {
  return byFullName.get(fullName)?.values.map((v) => v.name) ?? [];
}

/** True when `value` is one of the listed HTCDS values of the picklist field `fullName`. */
export function isHtcdsValue(fullName: string, value: string): boolean {
  const f = byFullName.get(fullName);
  return f !== undefined && f.values.some((v) => v.name === value);
}

/** Narrows an arbitrary string to a member of a constant value set. */
export function isOneOf<T extends string>(set: readonly T[], value: string): value is T {
  return (set as readonly string[]).includes(value);
}
