/**
 * Arabic, French and English labels for every HTCDS table, field (including Jisr's key columns)
 * and picklist value, and for Jisr's extension values. English labels are the standard's own.
 */
import ar from './labels.ar.json';
import en from './labels.en.json';
import fr from './labels.fr.json';
import type { Locale } from './countries';

/** Shape of one language's label catalogue. */
export interface HtcdsLabelCatalogue {
  attribution: string;
  tables: Record<string, string>;
  fields: Record<string, string>;
  values: Record<string, Record<string, string>>;
  jisr: Record<string, Record<string, string>>;
}

/** Label catalogues by language. */
export const HTCDS_LABELS: Readonly<Record<Locale, HtcdsLabelCatalogue>> = { ar, fr, en };

/** Label of a field in `locale`; falls back to English, then to the field name. Never throws. */
export function fieldLabel(fullName: string, locale: Locale): string {
  return HTCDS_LABELS[locale].fields[fullName] ?? HTCDS_LABELS.en.fields[fullName] ?? fullName;
}

/** Label of a picklist value of a field in `locale`; falls back to English, then to the value name. */
export function valueLabel(fullName: string, value: string, locale: Locale): string {
  const jisr = fullName === 'vic_TypeOfExploitation' ? HTCDS_LABELS[locale].jisr.exploitation?.[value] : undefined;
  return HTCDS_LABELS[locale].values[fullName]?.[value] ?? jisr ?? HTCDS_LABELS.en.values[fullName]?.[value] ?? value;
}

/** Label of a table in `locale`; falls back to the table name. */
export function tableLabel(table: string, locale: Locale): string {
  return HTCDS_LABELS[locale].tables[table] ?? table;
}

/** Label of a Jisr extension value (group: exploitation, nrmStatus, decisionKind, decisionOutcome, deadlineKind). */
export function jisrLabel(group: string, value: string, locale: Locale): string {
  return HTCDS_LABELS[locale].jisr[group]?.[value] ?? HTCDS_LABELS.en.jisr[group]?.[value] ?? value;
}
