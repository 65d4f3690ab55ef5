import { Type } from 'typebox';

const strict = { additionalProperties: false } as const;

export const ExportQuery = Type.Object(
  {
    identifying: Type.Optional(Type.Boolean({ default: false })),
    format: Type.Optional(Type.Enum(['json', 'zip'], { default: 'json' })),
  },
  strict,
);

export const ImportBody = Type.Union([
  Type.Object({ format: Type.Literal('json'), document: Type.String({ minLength: 1 }) }, strict),
  Type.Object({ format: Type.Literal('csv'), files: Type.Record(Type.String({ maxLength: 40 }), Type.String()) }, strict),
  Type.Object({ format: Type.Literal('zip'), base64: Type.String({ minLength: 1 }) }, strict),
]);

export const ImportQuery = Type.Object(
  {
    /** Import a file the organisation already imported (the user confirmed it is not a mistake). */
    repeat: Type.Optional(Type.Boolean({ default: false })),
  },
  strict,
);

export const ImportResult = Type.Object({ created: Type.Number(), caseIds: Type.Array(Type.String()) });
