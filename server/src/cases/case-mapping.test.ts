import { describe, expect, it } from 'vitest';
import { nameIndex, RECORD_SPECS, rememberNameKeys } from './case-mapping';
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
