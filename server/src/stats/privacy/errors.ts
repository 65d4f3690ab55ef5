import { AppError } from '../../http/app-error';

/** Stable error codes of the privacy module and the HTTP status each maps to. */
export const PRIVACY_ERROR_STATUS = {
  'stats.budget_exceeded': 409,
  'stats.invalid_parameter': 400,
  'stats.too_many_categories': 400,
} as const satisfies Record<string, number>;

export type PrivacyErrorCode = keyof typeof PRIVACY_ERROR_STATUS;

/**
 * An AppError raised by the privacy module; its code is stable and safe to show, and its params
 * never carry record values.
 */
export class PrivacyError extends AppError {
  constructor(
    override readonly code: PrivacyErrorCode,
    params: Record<string, string | number> = {},
  ) {
    super(code, params, PRIVACY_ERROR_STATUS[code]);
    this.name = 'PrivacyError';
  }
}
