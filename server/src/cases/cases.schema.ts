import { Type, type TSchema } from 'typebox';
import { TABLE_COLUMNS, JISR_EXPLOITATION_TYPES, type ColumnSpec } from '../../../common/htcds';
import {
  AGE_GROUPS, ATTACHMENT_KINDS, DECLINE_REASONS, JUSTICE_KINDS, JUSTICE_STATUSES, NON_PUNISHMENT_DECISIONS, NRM_STATES,
  RESIDENCE_PERMIT_STATUSES, RETURN_RISK_LEVELS, RETURN_STATUSES, SERVICE_OUTCOMES, SERVICE_TYPES, TRANSITION_NAMES,
  CLOSURE_REASONS, EXTENSION_REASONS,
} from '../../../common/cases';
import { PERSON_CODED_FIELDS, PERSON_SECRET_FIELDS, VICTIM_CODED_FIELDS, type RecordKind } from './case-mapping';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
const Day = Type.String({ format: 'date' });
const Country = Type.String({ pattern: '^[A-Z]{2}$' });
const Text = (max = 2000) => Type.String({ maxLength: max });

/** The JSON schema of one HTCDS field, from its column kind and value set (exact HTCDS names). */
function fieldSchema(spec: ColumnSpec): TSchema {
  const values = spec.name === 'vic_TypeOfExploitation' ? [...(spec.values ?? []), ...JISR_EXPLOITATION_TYPES] : spec.values ?? [];
  switch (spec.kind) {
    case 'date': return Day;
    case 'boolean': return Type.Boolean();
    case 'integer': return Type.Integer({ minimum: 0, maximum: 150 });
    case 'number': case 'latitude': case 'longitude': return Type.Number();
    case 'picklist': return Type.Enum(values);
    case 'multipicklist': return Type.Array(Type.Enum(values), { maxItems: 30, uniqueItems: true });
    case 'country': return Country;
    case 'countries': return Type.Array(Country, { maxItems: 5, uniqueItems: true });
    case 'language': return Type.String({ pattern: '^[a-z]{2,3}$' });
    default: return Text(500);
  }
}

function htcdsObject(table: 'prs' | 'vic', fields: readonly string[]) {
  const specs = new Map(TABLE_COLUMNS[table].map((c) => [c.name, c]));
  const props: Record<string, TSchema> = {};
  for (const f of fields) {
    const spec = specs.get(f);
    if (spec) props[f] = Type.Optional(fieldSchema(spec));
  }
  return Type.Object(props, strict);
}

/** The person (HTCDS prs_ fields). */
export const Person = htcdsObject('prs', [...PERSON_SECRET_FIELDS, ...PERSON_CODED_FIELDS]);
/** The victim context (HTCDS vic_ fields, with Jisr's ForcedCriminality). */
export const Victim = htcdsObject('vic', VICTIM_CODED_FIELDS);
export const Consent = Type.Object({ referral: Type.Boolean(), shareIdentity: Type.Boolean(), statistics: Type.Boolean() }, strict);
export const Details = Type.Object({
  vic_DetailsOfVulnerabilities: Type.Optional(Text()),
  placeOfRecruitment: Type.Optional(Text(300)),
  placeOfExploitation: Type.Optional(Text(300)),
  cas_IncomingReferralDetails: Type.Optional(Text()),
}, strict);

export const CreateCaseBody = Type.Object({
  person: Person,
  victim: Victim,
  consent: Consent,
  details: Type.Optional(Details),
  isChild: Type.Optional(Type.Boolean()),
  countryOfExploitation: Type.Optional(Country),
  nrmReferralId: Type.Optional(Uuid),
}, strict);

export const UpdateCaseBody = Type.Object({
  person: Type.Optional(Person),
  victim: Type.Optional(Victim),
  details: Type.Optional(Details),
  countryOfExploitation: Type.Optional(Type.Union([Country, Type.Null()])),
  isChild: Type.Optional(Type.Boolean()),
  residencePermit: Type.Optional(Type.Union([Type.Enum(RESIDENCE_PERMIT_STATUSES), Type.Null()])),
  residencePermitUntil: Type.Optional(Type.Union([Day, Type.Null()])),
  followUpDue: Type.Optional(Type.Union([Day, Type.Null()])),
}, strict);

export const IdParams = Type.Object({ id: Uuid }, strict);
export const RecordParams = Type.Object({ id: Uuid, recordId: Uuid }, strict);
export const AttachmentParams = Type.Object({ id: Uuid, attachmentId: Uuid }, strict);
export const TeamParams = Type.Object({ id: Uuid, userId: Uuid }, strict);

const csv = (values: readonly string[]) => Type.Optional(Type.Array(Type.Enum(values), { maxItems: 20 }));
export const ListQuery = Type.Object({
  state: csv(NRM_STATES),
  exploitation: csv([...TABLE_COLUMNS.vic.find((c) => c.name === 'vic_TypeOfExploitation')!.values!, ...JISR_EXPLOITATION_TYPES]),
  citizenship: Type.Optional(Country),
  ageGroup: csv(AGE_GROUPS),
  sex: Type.Optional(Type.Enum(TABLE_COLUMNS.prs.find((c) => c.name === 'prs_Gender')!.values!)),
  org: Type.Optional(Uuid),
  openedFrom: Type.Optional(Day),
  openedTo: Type.Optional(Day),
  name: Type.Optional(Type.String({ minLength: 2, maxLength: 200 })),
  sort: Type.Optional(Type.Enum(['opened_desc', 'opened_asc', 'reference', 'due'])),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
}, strict);

export const TransitionBody = Type.Object({
  transition: Type.Enum(TRANSITION_NAMES),
  outcome: Type.Optional(Type.Enum(['positive', 'negative'])),
  reasons: Type.Optional(Text(4000)),
  reasonCode: Type.Optional(Type.Enum([...CLOSURE_REASONS, ...EXTENSION_REASONS.filter((r) => r !== 'other')])),
  days: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
  /** refer_on: the receiving organisation, and the services it takes on. */
  toOrgId: Type.Optional(Uuid),
  services: Type.Optional(Type.Array(Type.Enum(SERVICE_TYPES), { maxItems: 10, uniqueItems: true })),
}, strict);

export const ConsentBody = Consent;
export const TeamBody = Type.Object({ userId: Uuid }, strict);

const Str = (max = 500) => Type.Optional(Text(max));
const prs = (f: string) => Type.Optional(fieldSchema(TABLE_COLUMNS.prs.find((c) => c.name === f)!));
const spec = (table: 'per' | 'hte' | 'spl', f: string) => Type.Optional(fieldSchema(TABLE_COLUMNS[table].find((c) => c.name === f)!));

/** The body of each kind of sub-record. */
export const RECORD_BODIES: Record<RecordKind, TSchema> = {
  perpetrator: Type.Object({
    prs_FirstName: prs('prs_FirstName'), prs_SecondName: prs('prs_SecondName'), prs_Birthdate: prs('prs_Birthdate'), prs_Gender: prs('prs_Gender'),
    prs_Citizenship: prs('prs_Citizenship'), per_RoleInProcess: spec('per', 'per_RoleInProcess'), per_RoleDetails: Str(2000),
  }, strict),
  event: Type.Object({
    hte_Type: spec('hte', 'hte_Type'), hte_Date: spec('hte', 'hte_Date'), hte_Country: Type.Optional(Country), hte_City: Str(200), hte_State: Str(200),
    hte_Street: Str(300), hte_PostalCode: Str(50), hte_Latitude: Type.Optional(Type.Number()), hte_Longitude: Type.Optional(Type.Number()), hte_Description: Str(2000),
  }, strict),
  support_plan: Type.Object({
    spl_Type: spec('spl', 'spl_Type'), spl_Objectives: Str(4000), spl_ActionPlan: Str(4000), spl_PlannedEndDate: Type.Optional(Day), spl_ActualEndDate: Type.Optional(Day),
  }, strict),
  comment: Type.Object({ cco_CaseComment: Type.String({ minLength: 1, maxLength: 8000 }) }, strict),
  service: Type.Object({ type: Type.Enum(SERVICE_TYPES), date: Day, outcome: Type.Enum(SERVICE_OUTCOMES), providerOrgId: Type.Optional(Uuid), notes: Str(4000) }, strict),
  justice: Type.Object({ kind: Type.Enum(JUSTICE_KINDS), status: Type.Enum(JUSTICE_STATUSES), date: Type.Optional(Day), reference: Str(200), notes: Str(4000) }, strict),
  non_punishment: Type.Object({ offence: Type.String({ minLength: 1, maxLength: 2000 }), compulsion: Str(4000), decision: Type.Enum(NON_PUNISHMENT_DECISIONS), date: Type.Optional(Day), notes: Str(4000) }, strict),
  return: Type.Object({
    destinationCountry: Country, riskLevel: Type.Enum(RETURN_RISK_LEVELS), riskAssessment: Str(4000), receivingAgency: Str(500),
    plannedDate: Type.Optional(Day), status: Type.Enum(RETURN_STATUSES), notes: Str(4000),
  }, strict),
};

export const CreateReferralBody = Type.Object({
  toOrgId: Uuid,
  services: Type.Array(Type.Enum(SERVICE_TYPES), { minItems: 1, maxItems: 10, uniqueItems: true }),
  note: Type.Optional(Text(4000)),
}, strict);
export const AnswerReferralBody = Type.Object({
  accept: Type.Boolean(),
  reason: Type.Optional(Type.Enum(DECLINE_REASONS)),
  note: Type.Optional(Text(4000)),
}, strict);
export const InboxQuery = Type.Object({ status: Type.Optional(Type.Enum(['pending', 'accepted', 'declined', 'revoked'])) }, strict);

export const AttachmentBody = Type.Object({
  kind: Type.Enum(ATTACHMENT_KINDS),
  fileName: Type.String({ minLength: 1, maxLength: 200 }),
  contentBase64: Type.String({ minLength: 4, maxLength: 7_200_000 }),
}, strict);

export const SettingsBody = Type.Object({
  reflectionDays: Type.Optional(Type.Integer({ minimum: 30, maximum: 365 })),
  rgWorkingDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })),
  weekendDays: Type.Optional(Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 3, uniqueItems: true })),
  followUpDays: Type.Optional(Type.Integer({ minimum: 1, maximum: 365 })),
}, strict);

export const PrefillQuery = Type.Object({ referral: Uuid }, strict);
export const NotificationsBody = Type.Object({ ids: Type.Optional(Type.Array(Uuid, { maxItems: 200 })) }, strict);

// ---- responses (the OpenAPI document; Fastify serialises only what is declared) -----------------

const Nullable = <T extends TSchema>(s: T) => Type.Union([s, Type.Null()]);
const Txt = Type.String();
const NStr = Nullable(Txt);
/** HTCDS fields and other open maps: every property passes through. */
const Open = Type.Object({}, { additionalProperties: true });
const OrgRef = Type.Object({ id: Txt, name: Txt });
const Deadlines = Type.Object({ rgDue: NStr, reflectionEnds: NStr, cgDue: NStr, followUpDue: NStr });

export const IdReply = Type.Object({ id: Uuid });
export const NoContent = Type.Null({ description: 'No content' });

/** A case in a list. */
export const CaseSummary = Type.Object({
  id: Txt, reference: Txt, displayName: NStr, state: Txt, htcdsStatus: Txt, ownerOrg: OrgRef, sex: NStr, ageGroup: NStr, citizenship: NStr,
  exploitationTypes: Type.Array(Txt), isChild: Type.Boolean(), openedAt: NStr, deadlines: Deadlines,
});
export const CaseList = Type.Object({ cases: Type.Array(CaseSummary), total: Type.Integer(), totalIsLowerBound: Type.Boolean(), page: Type.Integer(), pageSize: Type.Integer() });

/** A referral between organisations as its parties see it. */
export const Referral = Type.Object({
  id: Txt, caseId: Txt, caseReference: Txt, fromOrg: OrgRef, toOrg: OrgRef, services: Type.Array(Txt), status: Txt, note: NStr,
  declineReason: NStr, declineNote: NStr, createdBy: NStr, createdAt: NStr, decidedAt: NStr,
  summary: Type.Object({ sex: NStr, ageGroup: NStr, exploitationTypes: Type.Array(Txt), isChild: Type.Boolean(), state: Txt }),
  mine: Type.Boolean(),
});
export const ReferralInbox = Type.Object({ incoming: Type.Array(Referral), sent: Type.Array(Referral) });

const CaseRecordReply = Type.Object({ id: Txt, org: Nullable(OrgRef), createdAt: NStr, own: Type.Boolean() }, { additionalProperties: true });
const Records = Nullable(Type.Array(CaseRecordReply));

/** A case page: sections the actor may not see are null. */
export const CaseReply = Type.Object({
  id: Txt, reference: Txt, relation: Txt, sections: Type.Array(Txt), state: Txt, reconsiderationOf: NStr, htcdsStatus: Txt, closureReason: NStr,
  traffickingStatus: NStr, isChild: Type.Boolean(), ownerOrg: OrgRef, openedAt: NStr, closedAt: NStr, deadlines: Deadlines,
  consent: Open, identityShared: Type.Boolean(), person: Nullable(Open), victim: Nullable(Open), countryOfExploitation: NStr, details: Nullable(Open),
  residencePermit: Nullable(Type.Object({ status: NStr, until: NStr })),
  perpetrators: Records, events: Records, supportPlans: Records, services: Records, justice: Records, nonPunishment: Records, returns: Records, comments: Records,
  attachments: Nullable(Type.Array(Type.Object({ id: Txt, kind: Txt, mime: Txt, size: Type.Integer(), fileName: Txt, createdAt: NStr }))),
  team: Nullable(Type.Array(Type.Object({ userId: Txt, displayName: Txt, org: OrgRef, partner: Type.Boolean() }))),
  referrals: Nullable(Type.Array(Referral)),
  duplicates: Type.Array(Type.Object({ caseId: Type.Optional(Txt), reference: Type.Optional(Txt), contactOrg: Txt, sameBirthdate: Type.Boolean(), sameCitizenship: Type.Boolean() })),
  timeline: Type.Array(Type.Object({
    id: Txt, at: NStr, action: Txt, fromState: NStr, toState: NStr, actor: NStr, actorOrg: NStr, details: Open, reason: NStr, toOrg: Nullable(OrgRef),
  })),
  nrmReferral: Nullable(Type.Object({
    id: Txt, fromOrg: Txt, createdAt: NStr, recommendation: Txt, nonPunishment: Type.Boolean(),
    /** The explained assessment of the screening (screening capability), with the texts of the questions it cites. */
    assessment: Nullable(Open), questions: Open,
  })),
  can: Type.Object({
    update: Type.Boolean(), manageTeam: Type.Boolean(), recordService: Type.Boolean(), attach: Type.Boolean(), refer: Type.Boolean(), consent: Type.Boolean(),
    transitions: Type.Array(Txt),
  }),
});

export const PrefillReply = Type.Object({
  referral: Type.Object({ id: Txt, fromOrg: Txt, createdAt: Txt, isChild: Type.Boolean(), recommendation: Txt, nonPunishment: Type.Boolean(), identityShared: Type.Boolean() }),
  person: Open, victim: Open, consent: Consent, isChild: Type.Boolean(),
});

export const TeamCandidates = Type.Object({ users: Type.Array(Type.Object({ id: Txt, displayName: Txt })) });

const WorkItem = Type.Object({ caseId: Txt, reference: Txt, state: Txt, kind: Txt, due: NStr, overdue: Type.Boolean() });
export const MyWorkReply = Type.Object({
  decisions: Type.Array(WorkItem), reflectionEnding: Type.Array(WorkItem), followUps: Type.Array(WorkItem), upcoming: Type.Array(WorkItem),
  referralsIncoming: Type.Array(Referral), referralsSent: Type.Array(Referral),
  nrmReferrals: Type.Array(Type.Object({ id: Txt, createdAt: Txt, fromOrg: Txt, isChild: Type.Boolean() })),
  notifications: Type.Array(Type.Object({ id: Txt, caseId: NStr, kind: Txt, params: Open, createdAt: Txt, read: Type.Boolean() })),
});

export const NrmSettingsReply = Type.Object({
  reflectionDays: Type.Integer(), rgWorkingDays: Type.Integer(), weekendDays: Type.Array(Type.Integer()), followUpDays: Type.Integer(),
});
