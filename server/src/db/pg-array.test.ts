import { describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { pgArrayLiteral } from './pg-array';

describe('pgArrayLiteral', () => {
  it('quotes every element and escapes double quotes and backslashes', () => {
    expect(pgArrayLiteral([])).toBe('{}');
    expect(pgArrayLiteral(['a', 'b c'])).toBe('{"a","b c"}');
    expect(pgArrayLiteral(['say "hi"', 'C:\\dir', '\\"'])).toBe('{"say \\"hi\\"","C:\\\\dir","\\\\\\""}');
    expect(pgArrayLiteral(['{x,y}', ',', ' ', ''])).toBe('{"{x,y}",","," ",""}');
  });

  it('writes null and undefined as NULL, the string "NULL" quoted', () => {
    expect(pgArrayLiteral([null, undefined, 'NULL', 'null'])).toBe('{NULL,NULL,"NULL","null"}');
  });

  it('writes booleans, numbers and dates', () => {
    expect(pgArrayLiteral([true, false, 42, new Date('2026-01-02T03:04:05.000Z')])).toBe('{"t","f","42","2026-01-02T03:04:05.000Z"}');
  });

  it('nests array literals and JSON text as escaped strings', () => {
    expect(pgArrayLiteral([pgArrayLiteral(['a"b', null]), JSON.stringify({ k: 'v\\"' })])).toBe('{"{\\"a\\\\\\"b\\",NULL}","{\\"k\\":\\"v\\\\\\\\\\\\\\"\\"}"}');
  });

  it('is read back by PostgreSQL as the same values (text[], uuid[], and text[] of literals)', async () => {
    const db = new PGlite();
    try {
      const texts = ['plain', 'say "hi"', 'C:\\dir\\', '\\"', '{a,b}', 'NULL', '', ' x ', 'فاطمة', null];
      const uuids = ['6f1c3e2a-8a9b-4c1d-9e2f-0a1b2c3d4e5f', null];
      const nested = [['a"b', 'c\\d'], [], ['NULL']];
      const { rows } = await db.query<{ t: Array<string | null>; u: Array<string | null>; n: string[][] }>(
        'SELECT $1::text[] AS t, $2::uuid[] AS u, (SELECT array_agg(x::text[]::text) FROM unnest($3::text[]) x) AS n',
        [pgArrayLiteral(texts), pgArrayLiteral(uuids), pgArrayLiteral(nested.map((a) => pgArrayLiteral(a)))],
      );
      expect(rows[0].t).toEqual(texts);
      expect(rows[0].u).toEqual(uuids);
      const back = await db.query<{ a: string[] }>('SELECT x::text[] AS a FROM unnest($1::text[]) WITH ORDINALITY AS t(x, i) ORDER BY i', [pgArrayLiteral(nested.map((a) => pgArrayLiteral(a)))]);
      expect(back.rows.map((r) => r.a)).toEqual(nested);
    } finally {
      await db.close();
    }
  });
});
