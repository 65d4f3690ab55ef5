/** Turns exchange import problems into messages in the user's language (ar, fr, en). */
import { IntlMessageFormat } from 'intl-messageformat';
import messages from './exchange-messages.json';
import type { ExchangeError, ExchangeErrorCode } from './htcds-tables';

/** Languages the exchange messages exist in. */
export type ExchangeLocale = 'ar' | 'fr' | 'en';

/** The ICU message catalogue of the exchange capability, by language then code. */
export const EXCHANGE_MESSAGES: Readonly<Record<ExchangeLocale, Record<ExchangeErrorCode, string>>> = messages;

/** Formats one problem in `locale`; every code has a message in every language (tested). */
export function formatExchangeError(error: ExchangeError, locale: ExchangeLocale): string {
  const pattern = EXCHANGE_MESSAGES[locale][error.code];
  return String(
    new IntlMessageFormat(pattern, locale).format({ target: '', value: '', ...error.params, table: error.table, row: error.row, column: error.column }),
  );
}
