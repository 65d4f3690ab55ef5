import { describe, expect, it } from 'vitest';
import { ageOn, codedColumns, codedVictim, nameIndex, RECORD_SPECS, rememberNameKeys, victimOf, type VictimData } from './case-mapping';
import { TABLE_COLUMNS } from '../../../common/htcds';
import { nameKeys } from './name-match';

describe('rememberNameKeys', () => {
  it('gives the keys nameKeys gives, taking each name apart once until it holds max names', () => {
    const keysOf = rememberNameKeys(2);
    const names = ['Camille Owusu', 'عبد الله الحسن', 'Camille Owusu', 'Abdallah El Hassan'];
    for (const name of names) expect(keysOf(name)).toEqual(nameKeys(name));
    expect(keysOf('Camille Owusu')).toBe(keysOf('Camille Owusu'));
    const first = keysOf('Hamza Bekele');
    keysOf('Amina Diallo');
    keysOf('Yusuf Haddad'); // a third name: it starts again
    expect(keysOf('Hamza Bekele')).not.toBe(first);
    expect(keysOf('Hamza Bekele')).toEqual(first);
  });

  it('makes the same blind index as the name taken apart each time', () => {
    const cipher = { encrypt: (s: string) => s, blindIndex: (v: string, purpose: string) => `${purpose}:${v}` };
    const keysOf = rememberNameKeys(10);
    expect(nameIndex(cipher, 'Camille Owusu', keysOf)).toEqual(nameIndex(cipher, 'Camille Owusu'));
    expect(nameIndex(cipher, 'Camille Owusu', keysOf)).toEqual(nameIndex(cipher, 'Camille Owusu'));
  });
});

describe('RECORD_SPECS', () => {
  it('holds every field of an HTCDS event but its ids, as a code or as a secret (an import splits events by it)', () => {
    const spec = RECORD_SPECS.event;
    expect([...spec.coded, ...spec.secret, 'hte_Id', 'hte_CaseId'].sort()).toEqual(TABLE_COLUMNS.hte.map((c) => c.name).sort());
  });
});

describe('codedVictim and victimOf', () => {
  const victim = {
    vic_TraffickingStatus: 'PossibleVictimOfTrafficking', vic_RelationshipToTrafficker: 'Familial', vic_AgeWhenTrafficked: 30,
    vic_MethodOfRecruitment: ['AtWork'], vic_MethodsOfControl: ['PhysicalThreats', 'PsychologicalAbuse'], vic_TypeOfExploitation: ['ForcedLabour'],
    vic_ForcedLabourIndustry: 'A_AgricultureForestryAndFishing', vic_TypeOfSexExploitation: [], vic_Vulnerabilities: ['Poverty'],
  } as const;
  const rowOf = (v: typeof victim, stored: Record<string, unknown>) => {
    const c = codedColumns({}, v as unknown as VictimData, new Date('2024-05-01T12:00:00Z'), 'QA');
    return { ...c, victim: stored };
  };

  it('keeps in the JSON only what the columns do not hold, and gives the whole victim back', () => {
    const stored = codedVictim(victim as unknown as VictimData);
    expect(stored).toEqual({ vic_AgeWhenTrafficked: 30, vic_Vulnerabilities: ['Poverty'] });
    const { vic_TypeOfSexExploitation: _empty, ...expected } = victim;
    void _empty;
    expect(victimOf(rowOf(victim, stored))).toEqual(expected);
    expect(victimOf({ ...rowOf(victim, stored), trafficking_status: null, methods_of_control: [], forced_labour_industry: [] })).toEqual({
      vic_RelationshipToTrafficker: 'Familial', vic_AgeWhenTrafficked: 30, vic_MethodOfRecruitment: ['AtWork'], vic_TypeOfExploitation: ['ForcedLabour'], vic_Vulnerabilities: ['Poverty'],
    });
  });

  it('reads a case written with the whole victim in its JSON, the columns winning (a decision changes the status column only)', () => {
    const old = pickAll(victim);
    const row = { ...rowOf(victim, old), trafficking_status: 'ActualVictimOfTrafficking' };
    expect(victimOf(row).vic_TraffickingStatus).toBe('ActualVictimOfTrafficking');
    expect(victimOf(row).vic_MethodsOfControl).toEqual(['PhysicalThreats', 'PsychologicalAbuse']);
  });

  function pickAll(v: typeof victim): Record<string, unknown> {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => !(Array.isArray(x) && x.length === 0)));
  }
});

describe('ageOn', () => {
  it('counts whole years up to the day before the birthday, leap days included', () => {
    const on = new Date('2026-06-15T12:00:00Z');
    expect(ageOn('2000-06-15', on)).toBe(26);
    expect(ageOn('2000-06-16', on)).toBe(25);
    expect(ageOn('2000-05-31', on)).toBe(26);
    expect(ageOn('2008-07-01', on)).toBe(17);
    expect(ageOn('2008-02-29', new Date('2026-02-28T12:00:00Z'))).toBe(17);
    expect(ageOn('2008-02-29', new Date('2026-03-01T12:00:00Z'))).toBe(18);
    expect(ageOn('0999-01-01', on)).toBe(1027);
  });

  it('reads a date not written YYYY-MM-DD as its parts separated by hyphens', () => {
    const on = new Date('2026-06-15T12:00:00Z');
    expect(ageOn('2000-6-15', on)).toBe(26);
  });
});
