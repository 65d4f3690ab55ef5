import { describe, expect, it } from 'vitest';
import * as sets from './value-sets';
import { HTCDS_FIELDS, HTCDS_TABLES } from './value-sets';
import { HTCDS_LABELS } from './labels';
import { COUNTRIES, countryName, findCountry } from './countries';
import { languageName } from './languages';
import { TABLE_COLUMNS } from './columns';
import { fromHtcds, toHtcds, traffickingStatusFromNrm } from './extensions';
import type { HtcdsBundle } from './types';

describe('HTCDS field list', () => {
  it('holds the 83 fields of the standard with their value sets', () => {
    expect(HTCDS_FIELDS).toHaveLength(83);
    expect(HTCDS_FIELDS.filter((f) => f.core)).toHaveLength(40);
    expect(new Set(HTCDS_FIELDS.map((f) => f.table))).toEqual(new Set(HTCDS_TABLES));
  });

  it('typed constants equal the generated value sets', () => {
    const constants = sets as unknown as Record<string, readonly string[]>;
    for (const f of HTCDS_FIELDS.filter((x) => x.values.length > 0)) {
      const name = f.fullName.replace(/^([a-z]+)_/, (_m, p: string) => `${p.toUpperCase()}_`).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
      expect(constants[name], name).toEqual(f.values.map((v) => v.name));
    }
  });

  it('has an exchange column for every field', () => {
    const columns = new Set(Object.values(TABLE_COLUMNS).flatMap((cs) => cs.map((c) => c.name)));
    for (const f of HTCDS_FIELDS) expect(columns.has(f.fullName), f.fullName).toBe(true);
  });
});

describe('labels', () => {
  it('label every field, column and value in ar, fr and en, Arabic in Arabic script', () => {
    for (const lang of ['ar', 'fr', 'en'] as const) {
      const cat = HTCDS_LABELS[lang];
      for (const cs of Object.values(TABLE_COLUMNS)) for (const c of cs) expect(cat.fields[c.name], `${lang} ${c.name}`).toBeTruthy();
      for (const f of HTCDS_FIELDS) for (const v of f.values) expect(cat.values[f.fullName]?.[v.name], `${lang} ${f.fullName}.${v.name}`).toBeTruthy();
      for (const t of HTCDS_TABLES) expect(cat.tables[t]).toBeTruthy();
    }
    for (const label of Object.values(HTCDS_LABELS.ar.fields)) expect(label).toMatch(/[\u0600-\u06ff]/);
    expect(HTCDS_LABELS.fr.values.vic_TypeOfExploitation.ForcedBegging).toBe('Mendicité forcée');
    expect(HTCDS_LABELS.ar.jisr.exploitation.ForcedCriminality).toMatch(/[\u0600-\u06ff]/);
  });
});

describe('countries', () => {
  it('lists the 249 ISO 3166-1 codes with names in three languages', () => {
    expect(COUNTRIES).toHaveLength(249);
    expect(findCountry('TUN')?.alpha2).toBe('TN');
    expect(findCountry('788')?.alpha2).toBe('TN');
    expect(countryName('TN', 'ar')).toBe('تونس');
    expect(countryName('TN', 'fr')).toBe('Tunisie');
  });
});

describe('languages', () => {
  it('names an ISO 639 code in three languages, and gives back a code it cannot name', () => {
    expect(languageName('ha', 'en')).toBe('Hausa');
    expect(languageName('ha', 'fr')).toBe('haoussa');
    expect(languageName('ar', 'ar')).toBe('العربية');
    expect(languageName('not a code', 'en')).toBe('not a code');
  });
});

describe('Jisr extensions', () => {
  const bundle: HtcdsBundle = {
    org: [],
    prs: [{ prs_Id: 'p' }],
    vic: [{ vic_Id: 'v', vic_CaseId: 'c', vic_PersonId: 'p', vic_TypeOfExploitation: ['ForcedCriminality', 'Other', 'ForcedBegging'] }],
    per: [],
    cas: { cas_Id: 'c', cas_PersonId: 'p' },
    cco: [],
    hte: [],
    spl: [],
    consent: [],
    jisr: { nrmStatus: 'ConclusiveGroundsPositive', decisions: [{ kind: 'ConclusiveGrounds', outcome: 'Positive', date: '2025-01-02' }] },
  };

  it('map to HTCDS Other with the detail kept in a case comment, and back', () => {
    const htcds = toHtcds(bundle);
    expect(htcds.vic[0].vic_TypeOfExploitation).toEqual(['Other', 'ForcedBegging']);
    expect(htcds).not.toHaveProperty('jisr');
    expect(htcds.cco).toHaveLength(1);
    expect(htcds.cco[0].cco_CaseComment).toContain('Other = ForcedCriminality');
    expect(fromHtcds(htcds)).toEqual(bundle);
  });

  it('let edits made in another HTCDS system win', () => {
    const htcds = toHtcds(bundle);
    htcds.vic[0].vic_TypeOfExploitation = ['ForcedLabour'];
    expect(fromHtcds(htcds).vic[0].vic_TypeOfExploitation).toEqual(['ForcedLabour']);
  });

  it('derive the HTCDS trafficking status from the NRM status', () => {
    expect(traffickingStatusFromNrm('ConclusiveGroundsPositive')).toBe('ActualVictimOfTrafficking');
    expect(traffickingStatusFromNrm('ReasonableGroundsNegative')).toBe('NotAVictimOfTrafficking');
    expect(traffickingStatusFromNrm('UnderAssessment')).toBe('PossibleVictimOfTrafficking');
  });
});
