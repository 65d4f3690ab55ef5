import { Type } from 'typebox';
import { ROLES, ORG_TYPES, LOCALES } from '../../../common/roles';

const strict = { additionalProperties: false } as const;

export const LoginBody = Type.Object(
  { email: Type.String({ format: 'email', maxLength: 254 }), password: Type.String({ minLength: 1, maxLength: 1024 }) },
  strict,
);
export const TotpBody = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, strict);
export const PasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 1024 }) }, strict);
export const ChangePasswordBody = Type.Object(
  { currentPassword: Type.String({ minLength: 1, maxLength: 1024 }), newPassword: Type.String({ minLength: 1, maxLength: 1024 }) },
  strict,
);
export const UpdateMeBody = Type.Object({ locale: Type.Enum(LOCALES) }, strict);

export const Org = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  type: Type.Enum(ORG_TYPES),
  requireTotp: Type.Boolean(),
});

export const Me = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: Type.Enum(ROLES),
  locale: Type.Enum(LOCALES),
  totpEnabled: Type.Boolean(),
  org: Org,
});

export const SessionReply = Type.Object({
  stage: Type.Union([Type.Literal('anonymous'), Type.Literal('totp'), Type.Literal('enrol'), Type.Literal('active')]),
  csrfToken: Type.String(),
  user: Type.Optional(Me),
  permissions: Type.Array(Type.String()),
});

export const LoginReply = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('totp_required'), Type.Literal('totp_enrolment_required')]),
  csrfToken: Type.String(),
});

export const TotpSetupReply = Type.Object({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() });
export const Ok = Type.Object({ ok: Type.Literal(true) });
