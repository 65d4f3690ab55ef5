/**
 * TypeScript shape of an HTCDS 2.0 case bundle: one case with the records of every HTCDS table
 * that belong to it. Property names are the exact HTCDS field names including the table prefix.
 *
 * Conventions (shared by the CSV and JSON exchange formats):
 * - An empty value is an absent property: no `null`, no `""`, no empty arrays.
 * - Dates are ISO 8601 calendar dates `YYYY-MM-DD`; checkboxes are booleans; numbers are numbers.
 * - Country fields hold ISO 3166-1 alpha-2 codes (HTCDS notes "Use ISO 3166 country codes").
 * - Record keys and links (`*_Id`, `*_CaseId`, `*_PersonId`, `cas_OrganisationId`) are not listed in
 *   the HTCDS field standard, which leaves keys to the platform (Salesforce record Ids and lookups).
 *   Jisr names them with the table prefix so a CSV per table stays self-describing.
 * - Lookup fields (`vic_LocationOfRecruitment`, `cas_ReferringOrganisation`, …) hold the `org_Id`
 *   or `prs_Id` of a record in the same bundle; `cas_CaseOwner` is a user reference kept as text.
 */
import type {
  CaseStatus,
  ForcedLabourIndustry,
  Gender,
  HighestLevelOfEducation,
  MaritalStatus,
  MethodOfControl,
  MethodOfRecruitment,
  OrgType,
  ReasonForReferral,
  RelationshipToTrafficker,
  RoleInProcess,
  SupportPlanType,
  TraffickingEventType,
  TraffickingStatus,
  TraffickingStatusDecisionMakingOrg,
  TypeOfExploitation,
  TypeOfSexExploitation,
  Vulnerability,
  WebsiteOrApp,
} from './value-sets';
import type { JisrExploitationType, JisrExtension } from './extensions';

/** ISO 8601 calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;
/** ISO 3166-1 alpha-2 country code, upper case. */
export type CountryCode = string;

/** Organisation (`org_`). */
export interface OrgRecord {
  org_Id: string;
  org_Name?: string;
  org_ShippingCity?: string;
  org_ShippingCountry?: CountryCode;
  org_ShippingState?: string;
  org_ShippingStreet?: string;
  org_ShippingPostalCode?: string;
  org_ShippingLongitude?: number;
  org_ShippingLatitude?: number;
  org_Phone?: string;
  org_Type?: OrgType;
}

/** Person (`prs_`): the person assisted, a perpetrator, or a case worker. */
export interface PrsRecord {
  prs_Id: string;
  prs_Salutation?: string;
  prs_FirstName?: string;
  prs_MiddleName?: string;
  prs_SecondName?: string;
  prs_Birthdate?: IsoDate;
  prs_Gender?: Gender;
  prs_Deceased?: boolean;
  prs_MaritalStatus?: MaritalStatus;
  prs_NumberOfChildren?: number;
  /** ISO 639 language code (two or three letters). */
  prs_PrimaryLanguage?: string;
  prs_SecondaryLanguage?: string;
  prs_HighestLevelOfEducation?: HighestLevelOfEducation;
  prs_Citizenship?: CountryCode[];
  prs_IdentityNumber?: string;
  prs_Title?: string;
  prs_Email?: string;
  prs_HomePhone?: string;
  prs_MobilePhone?: string;
  prs_MailingCity?: string;
  prs_MailingCountry?: CountryCode;
  prs_MailingState?: string;
  prs_MailingStreet?: string;
  prs_MailingPostalCode?: string;
  prs_MailingLongitude?: number;
  prs_MailingLatitude?: number;
}

/** Exploitation type as Jisr records it: HTCDS values plus Jisr's explicit extensions. */
export type ExploitationType = TypeOfExploitation | JisrExploitationType;

/** Person – victim context (`vic_`). */
export interface VicRecord {
  vic_Id: string;
  vic_CaseId: string;
  vic_PersonId: string;
  /** Deprecated in HTCDS 2.0 in favour of the consent table; kept so imports lose nothing. */
  vic_AgreementToManagePersonalData?: boolean;
  vic_TraffickingStatus?: TraffickingStatus;
  vic_TraffickingStatusDecisionMakingOrg?: TraffickingStatusDecisionMakingOrg;
  vic_RelationshipToTrafficker?: RelationshipToTrafficker;
  vic_AgeWhenTrafficked?: number;
  vic_RecruitmentWebsitesAndApps?: WebsiteOrApp[];
  vic_MethodOfRecruitment?: MethodOfRecruitment[];
  /** `org_Id` of the place of recruitment. */
  vic_LocationOfRecruitment?: string;
  vic_MethodsOfControl?: MethodOfControl[];
  /** HTCDS values; Jisr extension values exist only inside Jisr and map to `Other` on export. */
  vic_TypeOfExploitation?: ExploitationType[];
  vic_ForcedLabourIndustry?: ForcedLabourIndustry;
  vic_TypeOfSexExploitation?: TypeOfSexExploitation[];
  /** `org_Id` of the place of exploitation. */
  vic_LocationOfExploitation?: string;
  vic_ExploitationWebsitesAndApps?: WebsiteOrApp[];
  /** Deprecated in HTCDS 2.0. */
  vic_Vulnerabilities?: Vulnerability[];
  /** Deprecated in HTCDS 2.0. */
  vic_DetailsOfVulnerabilities?: string;
}

/** Person – perpetrator context (`per_`). */
export interface PerRecord {
  per_Id: string;
  per_CaseId: string;
  per_PersonId: string;
  per_RoleInProcess?: RoleInProcess[];
  per_RoleDetails?: string;
}

/** Case and referral details (`cas_`). */
export interface CasRecord {
  cas_Id: string;
  /** `prs_Id` of the person the case is about. */
  cas_PersonId: string;
  /** `org_Id` of the organisation that holds the case. */
  cas_OrganisationId?: string;
  cas_Status?: CaseStatus;
  cas_ReasonForCaseClosure?: string;
  cas_CaseOwner?: string;
  cas_ReferringOrganisation?: string;
  cas_IncomingReferralDate?: IsoDate;
  cas_ReferringPrimaryCaseWorker?: string;
  cas_ReasonForIncomingReferral?: ReasonForReferral;
  cas_IncomingReferralDetails?: string;
  cas_ReferredOrganisation?: string;
  cas_ReferredPrimaryCaseWorker?: string;
  cas_ReasonForOutgoingReferral?: ReasonForReferral;
  cas_OutgoingReferralDate?: IsoDate;
  cas_OutgoingReferralDetails?: string;
}

/** Case comment (`cco_`). */
export interface CcoRecord {
  cco_Id: string;
  cco_CaseId: string;
  cco_CaseComment?: string;
}

/** Historic trafficking event (`hte_`): where and when recruitment, transit or exploitation happened. */
export interface HteRecord {
  hte_Id: string;
  hte_CaseId: string;
  hte_Longitude?: number;
  hte_Latitude?: number;
  hte_City?: string;
  /** ISO 3166-1 alpha-2 (HTCDS types the field as text; Jisr codes it for statistics). */
  hte_Country?: CountryCode;
  hte_State?: string;
  hte_Street?: string;
  hte_PostalCode?: string;
  hte_Date?: IsoDate;
  hte_Type?: TraffickingEventType;
  hte_Description?: string;
}

/** Support plan (`spl_`). */
export interface SplRecord {
  spl_Id: string;
  spl_CaseId: string;
  spl_Objectives?: string;
  spl_ActionPlan?: string;
  spl_PlannedEndDate?: IsoDate;
  spl_ActualEndDate?: IsoDate;
  spl_Type?: SupportPlanType;
}

/** Consent (`con_`). */
export interface ConsentRecord {
  con_Id: string;
  con_CaseId: string;
  con_PersonId: string;
  con_Consent?: boolean;
}

/** One record of any HTCDS table. */
export type HtcdsRecord = OrgRecord | PrsRecord | VicRecord | PerRecord | CasRecord | CcoRecord | HteRecord | SplRecord | ConsentRecord;

/**
 * One case with everything that belongs to it.
 *
 * `org` and `prs` list exactly the organisations and persons the bundle references (case holder,
 * referral partners, places, the person assisted, perpetrators, case workers), sorted by id
 * (see `canonicaliseBundle`). The other arrays keep their order.
 * `jisr` carries Jisr's explicit extensions (NRM, deadlines); it never leaves Jisr as such: the
 * exchange formats map it to HTCDS with `toHtcds` and restore it with `fromHtcds`.
 */
export interface HtcdsBundle {
  org: OrgRecord[];
  prs: PrsRecord[];
  vic: VicRecord[];
  per: PerRecord[];
  cas: CasRecord;
  cco: CcoRecord[];
  hte: HteRecord[];
  spl: SplRecord[];
  consent: ConsentRecord[];
  jisr?: JisrExtension;
}

/** Rows of one table across bundles, keyed by table name. */
export interface HtcdsTableRows {
  org: OrgRecord[];
  prs: PrsRecord[];
  vic: VicRecord[];
  per: PerRecord[];
  cas: CasRecord[];
  cco: CcoRecord[];
  hte: HteRecord[];
  spl: SplRecord[];
  consent: ConsentRecord[];
}
