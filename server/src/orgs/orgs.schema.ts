import { Type } from 'typebox';
import { ROLES, LOCALES } from '../../../common/roles';
import { Org } from '../auth/auth.schema';

const strict = { additionalProperties: false } as const;
const RoleT = Type.Enum(ROLES);

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  displayName: Type.String(),
  role: RoleT,
  locale: Type.Enum(LOCALES),
  totpEnabled: Type.Boolean(),
  disabled: Type.Boolean(),
  locked: Type.Boolean(),
  supervisorId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UserList = Type.Object({ users: Type.Array(User) });
export const OrgList = Type.Object({ orgs: Type.Array(Org) });

export const CreateUserBody = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 254 }),
    displayName: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleT,
    password: Type.String({ minLength: 1, maxLength: 1024 }),
    locale: Type.Optional(Type.Enum(LOCALES)),
  },
  strict,
);

export const UpdateUserBody = Type.Object(
  {
    role: Type.Optional(RoleT),
    disabled: Type.Optional(Type.Boolean()),
    displayName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    unlock: Type.Optional(Type.Literal(true)),
    supervisorId: Type.Optional(Type.Union([Type.String({ format: 'uuid' }), Type.Null()])),
  },
  strict,
);

export const UpdateOrgBody = Type.Object({ requireTotp: Type.Boolean() }, strict);
export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) }, strict);
