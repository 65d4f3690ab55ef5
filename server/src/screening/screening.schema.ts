import { Type } from 'typebox';
import { LOCALES } from '../../../common/roles';
import { ANSWER_VALUES } from './indicator-set';

const strict = { additionalProperties: false } as const;
const Uuid = Type.String({ format: 'uuid' });
/** A value too rich to describe field by field here (the explained assessment, localized texts): passed through as built by the presenter. */
const Passthrough = Type.Unknown();

export const IdParams = Type.Object({ id: Uuid }, strict);
export const SetKeyParams = Type.Object({ key: Type.String({ pattern: '^[a-z0-9-]+@[0-9]+\\.[0-9]+\\.[0-9]+$', maxLength: 80 }) }, strict);

export const SEXES = ['female', 'male', 'other', 'unknown'] as const;
export const GUARDIAN_PRESENT = ['guardian', 'social_worker', 'both', 'none'] as const;
export const DECLINE_REASONS = ['outside_mandate', 'no_capacity', 'person_unreachable', 'duplicate', 'other'] as const;

export const CreateScreeningBody = Type.Object({ interviewLanguage: Type.Enum(LOCALES) }, strict);

export const AnswerInput = Type.Object(
  {
    value: Type.Enum(ANSWER_VALUES),
    choice: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  strict,
);

export const PersonInput = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 200 })),
    contact: Type.Optional(Type.String({ maxLength: 200 })),
    identityNumber: Type.Optional(Type.String({ maxLength: 100 })),
  },
  strict,
);

export const UpdateScreeningBody = Type.Object(
  {
    interviewLanguage: Type.Optional(Type.Enum(LOCALES)),
    /** Answers to merge, by question id; null removes an answer. */
    answers: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z0-9-]+\\.[a-z0-9_]+$' }), Type.Union([AnswerInput, Type.Null()]), { maxProperties: 300 }),
    ),
    person: Type.Optional(PersonInput),
    sex: Type.Optional(Type.Union([Type.Enum(SEXES), Type.Null()])),
    age: Type.Optional(Type.Union([Type.Integer({ minimum: 0, maximum: 129 }), Type.Null()])),
    citizenship: Type.Optional(Type.Union([Type.String({ pattern: '^[A-Z]{2}$' }), Type.Null()])),
  },
  strict,
);

export const ConsentInput = Type.Object(
  { referral: Type.Boolean(), shareIdentity: Type.Boolean(), statistics: Type.Boolean() },
  strict,
);

export const ReferBody = Type.Object(
  {
    toOrgId: Uuid,
    consent: ConsentInput,
    /** For a child: the child's views in their words (stored encrypted). */
    childViews: Type.Optional(Type.String({ maxLength: 4000 })),
    guardianPresent: Type.Optional(Type.Enum(GUARDIAN_PRESENT)),
  },
  strict,
);

export const NotifyBody = Type.Object({ consent: ConsentInput }, strict);

export const DeclineBody = Type.Object({ reason: Type.Enum(DECLINE_REASONS) }, strict);

export const ListQuery = Type.Object(
  { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })) },
  strict,
);
export const IncomingQuery = Type.Object(
  {
    status: Type.Optional(Type.Enum(['pending', 'accepted', 'declined'] as const)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
  },
  strict,
);

export const ScreeningSummary = Type.Object({
  id: Uuid,
  status: Type.String(),
  interviewLanguage: Type.String(),
  authorId: Uuid,
  authorName: Type.String(),
  mine: Type.Boolean(),
  isChild: Type.Boolean(),
  recommendation: Type.Union([Type.String(), Type.Null()]),
  forms: Type.Array(Type.String()),
  nonPunishment: Type.Boolean(),
  answered: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ScreeningList = Type.Object({ screenings: Type.Array(ScreeningSummary) });

export const ReferralSummary = Type.Object({
  id: Uuid,
  screeningId: Uuid,
  fromOrg: Type.Object({ id: Uuid, name: Type.String() }),
  toOrg: Type.Object({ id: Uuid, name: Type.String() }),
  status: Type.String(),
  isChild: Type.Boolean(),
  recommendation: Type.String(),
  forms: Type.Array(Type.String()),
  nonPunishment: Type.Boolean(),
  caseId: Type.Union([Type.String(), Type.Null()]),
  declineReason: Type.Union([Type.String(), Type.Null()]),
  decidedAt: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});
export const ReferralList = Type.Object({ referrals: Type.Array(ReferralSummary) });

export const ReferralDetail = Type.Object({
  ...ReferralSummary.properties,
  consent: Passthrough,
  assessment: Passthrough,
  questions: Passthrough,
  identity: Passthrough,
  childViews: Type.Union([Type.String(), Type.Null()]),
  interviewLanguage: Type.Union([Type.String(), Type.Null()]),
  canDecline: Type.Boolean(),
  canOpenCase: Type.Boolean(),
});

export const ScreeningDetail = Type.Object({
  id: Uuid,
  status: Type.String(),
  interviewLanguage: Type.String(),
  setVersion: Type.String(),
  authorName: Type.String(),
  mine: Type.Boolean(),
  isChild: Type.Boolean(),
  childBasis: Type.String(),
  sex: Type.Union([Type.String(), Type.Null()]),
  age: Type.Union([Type.Integer(), Type.Null()]),
  citizenship: Type.Union([Type.String(), Type.Null()]),
  person: Passthrough,
  answers: Passthrough,
  sets: Passthrough,
  questions: Passthrough,
  nextQuestionId: Type.Union([Type.String(), Type.Null()]),
  complete: Type.Boolean(),
  assessment: Passthrough,
  consent: Passthrough,
  referrals: Type.Array(ReferralSummary),
  notification: Passthrough,
  can: Type.Object({ answer: Type.Boolean(), complete: Type.Boolean(), refer: Type.Boolean() }),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  completedAt: Type.Union([Type.String(), Type.Null()]),
});

export const IndicatorSetList = Type.Object({
  current: Type.String(),
  sets: Type.Array(Type.Object({ key: Type.String(), id: Type.String(), version: Type.String(), current: Type.Boolean(), title: Passthrough, questions: Type.Integer() })),
});
export const IndicatorSetDetail = Passthrough;
export const SupportServices = Passthrough;

export const AnonymousNotification = Type.Object({
  id: Type.String({ format: 'uuid' }),
  fromOrgName: Type.String(),
  isChild: Type.Boolean(),
  forms: Type.Array(Type.String()),
  recommendation: Type.String(),
  sex: Type.Union([Type.String(), Type.Null()]),
  ageGroup: Type.Union([Type.String(), Type.Null()]),
  citizenship: Type.Union([Type.String(), Type.Null()]),
  countInStatistics: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
});
export const AnonymousNotificationList = Type.Object({ notifications: Type.Array(AnonymousNotification) });
export const LimitQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });
