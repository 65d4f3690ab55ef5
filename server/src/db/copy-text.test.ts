import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db';
import { CopyBytes, copyLine, copyValue, textArrayLiteral } from './copy-text';

describe('COPY text format', () => {
  it('escapes what the format reserves and writes nulls, booleans, dates, arrays and JSON', () => {
    expect(copyValue(null)).toBe('\\N');
    expect(copyValue(undefined)).toBe('\\N');
    expect(copyValue('a\tb\nc\rd\\e')).toBe('a\\tb\\nc\\rd\\\\e');
    // Each reserved character found on its own too.
    expect(['x\\', 'x\t', 'x\n', 'x\r', 'plain'].map(copyValue)).toEqual(['x\\\\', 'x\\t', 'x\\n', 'x\\r', 'plain']);
    expect(copyValue(true)).toBe('t');
    expect(copyValue(new Date('2026-01-02T03:04:05.678Z'))).toBe('2026-01-02T03:04:05.678Z');
    expect(textArrayLiteral(['a', 'b"c', 'd\\e'])).toBe('{"a","b\\"c","d\\\\e"}');
    expect(copyValue(['x\\y'])).toBe('{"x\\\\\\\\y"}');
    expect(copyValue({ k: 'v\n' })).toBe('{"k":"v\\\\n"}');
    expect(copyLine([1, null, 'z'])).toBe('1\t\\N\tz\n');
  });

  it('builds COPY text as UTF-8 bytes in a buffer it grows, or in one handed back to be filled again', () => {
    const given = new ArrayBuffer(8);
    const out = new CopyBytes(given);
    out.line(['é', 'عربي']);
    out.writeAscii('v1:abc');
    out.append(Buffer.from('\n'));
    const text = Buffer.from(out.bytes()).toString('utf8');
    expect(text).toBe('é\tعربي\nv1:abc\n');
    expect(out.length).toBe(Buffer.byteLength(text));
    expect(out.bytes().buffer).not.toBe(given); // outgrown
    const big = new ArrayBuffer(1024);
    const again = new CopyBytes(big);
    again.line(['x']);
    expect(again.bytes().buffer).toBe(big);
    expect(Buffer.from(again.bytes()).toString()).toBe('x\n');
  });

  it('writes each row as bytes exactly as copyLine writes it as text', () => {
    const rows: unknown[][] = [
      ['plain', 'tab\there', 'new\nline\r', 'back\\slash', 'é then \t tab', 'عربي\\', '', null, undefined],
      [true, false, 0, -12.5, 10n, new Date('2026-01-02T03:04:05.678Z'), ['a', 'b"c', 'd\\e', 'tab\t', 'عربي'], [], { k: 'v\n', q: '"', b: '\\' }, {}],
      ['\u0001mark7\u0001', 'x'.repeat(5000), '😀 surrogate pair', 'ascii then 😀\t'],
    ];
    const out = new CopyBytes(new ArrayBuffer(4));
    for (const r of rows) out.line(r);
    expect(Buffer.from(out.bytes()).toString('utf8')).toBe(rows.map(copyLine).join(''));
  });

  describe('round trip through COPY on PGlite', () => {
    let db: Db;
    beforeAll(async () => {
      db = await openDb({});
      await db.query('CREATE TABLE t (id int, s text, a text[], j jsonb, b boolean, d date, ts timestamptz)');
    });
    afterAll(async () => db?.close());

    it('stores exactly what was written, in and out of a transaction', async () => {
      const tricky = 'tab\there, newline\nthere, back\\slash, quote " and , comma; عربي « é »; \\N not null';
      const rows = [
        [1, tricky, ['a', 'b"c', 'd\\e', 'NULL', ''], { note: tricky, n: [1, 2] }, true, '2026-02-03', new Date('2026-02-03T10:00:00Z')],
        [2, null, [], {}, false, null, null],
      ];
      await db.copyFrom('t', ['id', 's', 'a', 'j', 'b', 'd', 'ts'], rows.slice(0, 1).map(copyLine).join(''));
      await db.transaction((tx) => tx.copyFrom('t', ['id', 's', 'a', 'j', 'b', 'd', 'ts'], rows.slice(1).map(copyLine).join('')));
      const { rows: got } = await db.query<Record<string, unknown>>("SELECT id, s, a, j, b, to_char(d, 'YYYY-MM-DD') AS d, ts FROM t ORDER BY id");
      expect(got[0]).toEqual({ id: 1, s: tricky, a: ['a', 'b"c', 'd\\e', 'NULL', ''], j: { note: tricky, n: [1, 2] }, b: true, d: '2026-02-03', ts: new Date('2026-02-03T10:00:00Z') });
      expect(got[1]).toEqual({ id: 2, s: null, a: [], j: {}, b: false, d: null, ts: null });
    });

    it('leaves no file behind in PGlite, also when the rows are refused', async () => {
      const files = async () => (await db.query<{ f: string }>("SELECT f FROM pg_ls_dir('/tmp') AS f WHERE f LIKE 'jisr-copy-%'")).rows;
      await db.copyFrom('t', ['id', 's'], '3\tthree\n');
      await expect(db.transaction((tx) => tx.copyFrom('t', ['id', 's'], '4\tfour\nnot a number\tfive\n'))).rejects.toThrow(/integer/);
      expect(await files()).toEqual([]);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM t WHERE id > 2 ORDER BY id');
      expect(rows).toEqual([{ id: 3 }]);
    });
  });
});
