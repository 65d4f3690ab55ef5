import { describe, expect, it } from 'vitest';
import messages from '../../../server/src/screening/assessment-messages.json';
import ar from '../i18n/ar/screening.json';
import fr from '../i18n/fr/screening.json';
import en from '../i18n/en/screening.json';

describe('screening web catalogue', () => {
  it('carries the assessment messages of the screening engine unchanged, under assessment.*', () => {
    const web = { ar, fr, en } as Record<string, Record<string, string>>;
    for (const lang of ['ar', 'fr', 'en'] as const) {
      const source = (messages as Record<string, Record<string, string>>)[lang];
      const copied = Object.fromEntries(Object.entries(web[lang]).filter(([k]) => k.startsWith('assessment.')).map(([k, v]) => [k.slice('assessment.'.length), v]));
      expect(copied, lang).toEqual(source);
    }
  });
});
