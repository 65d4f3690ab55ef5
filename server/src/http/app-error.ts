/** Stable error codes and the HTTP status each maps to. The message comes from the i18n catalogue (errors.<code>). */
export const ERROR_STATUS = {
  'auth.unauthenticated': 401,
  'auth.invalid_credentials': 401,
  'auth.totp_required': 401,
  'auth.totp_invalid': 401,
  'auth.account_locked': 423,
  'auth.rate_limited': 429,
  'auth.session_expired': 401,
  'auth.csrf': 403,
  'auth.forbidden': 403,
  'auth.totp_enrolment_required': 403,
  'auth.password_too_short': 400,
  'auth.password_wrong': 400,
  'auth.totp_not_enrolled': 400,
  'users.email_taken': 409,
  'users.self_change': 400,
  'not_found': 404,
  'validation.failed': 400,
  'conflict': 409,
  'payload_too_large': 413,
  'internal': 500,
} as const satisfies Record<string, number>;

export type KnownErrorCode = keyof typeof ERROR_STATUS;

/**
 * An error with a stable code safe to show to the user. Capabilities may use codes outside
 * ERROR_STATUS by passing the HTTP status explicitly.
 */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
    readonly status: number = (ERROR_STATUS as Record<string, number>)[code] ?? 400,
  ) {
    super(code);
    this.name = 'AppError';
  }
}
