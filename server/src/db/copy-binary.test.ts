import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDb, type Db } from './db';
import { newId } from './ids';
import { CopyBinary, copyRows, EMPTY_COPY_LENGTH, readCopy, type CopyType, type LaterValues } from './copy-binary';

const TYPES: CopyType[] = ['int4', 'text', 'text[]', 'json', 'bool', 'date', 'timestamptz', 'uuid'];
const TRICKY = 'tab\there, newline\nthere, back\\slash, quote " and , comma; عربي « é »; \\N not null; 😀';

describe('binary COPY (CopyBinary)', () => {
  it('writes each type in its binary form, read back as it was written', () => {
    const rows = [
      [1, TRICKY, ['a', 'b"c', 'd\\e', 'NULL', '', 'عربي'], { note: TRICKY, n: [1, 2] }, true, '2026-02-03', new Date('2026-02-03T10:00:00.123Z'), '01a22c92-f77a-707b-bc5c-d5b2756278c4'],
      [-2, '', [], {}, false, '1999-12-31', new Date('1969-07-20T20:17:40Z'), '00000000-0000-0000-0000-000000000000'],
      [3, null, null, null, null, null, null, null],
    ];
    const got = readCopy(copyRows(TYPES, rows), TYPES);
    expect(got[0]).toEqual([1, TRICKY, ['a', 'b"c', 'd\\e', 'NULL', '', 'عربي'], JSON.stringify({ note: TRICKY, n: [1, 2] }), true, '2026-02-03', '2026-02-03T10:00:00.123Z', '01a22c92-f77a-707b-bc5c-d5b2756278c4']);
    expect(got[1]).toEqual([-2, '', [], '{}', false, '1999-12-31', '1969-07-20T20:17:40.000Z', '00000000-0000-0000-0000-000000000000']);
    expect(got[2]).toEqual([3, null, null, null, null, null, null, null]);
    expect(copyRows(TYPES, []).length).toBe(EMPTY_COPY_LENGTH);
    // Upper-case digits, and the other spellings PostgreSQL reads, give the same bytes.
    const id = '01a22c92-f77a-707b-bc5c-d5b2756278c4';
    for (const spelling of [id.toUpperCase(), id.replaceAll('-', ''), '01a22c92f77a707bbc5cd5b2756278c4']) {
      expect(readCopy(copyRows(['uuid'], [[spelling]]), ['uuid'])).toEqual([[id]]);
    }
  });

  it('writes every day of the calendar as PostgreSQL counts it, years 0–99 and leap days included', () => {
    const days = ['0001-01-01', '0050-06-15', '0099-12-31', '1600-02-29', '1899-12-31', '1900-03-01', '1969-12-31', '1970-01-01', '1999-12-31', '2000-01-01', '2000-02-29', '2024-02-29', '2026-11-30', '9999-12-31'];
    expect(readCopy(copyRows(['date'], days.map((d) => [d])), ['date']).map((r) => r[0])).toEqual(days);
    // Days counted from 2000-01-01, as PostgreSQL's binary date is (checked with Python's proleptic calendar).
    const at = (d: string) => Buffer.from(copyRows(['date'], [[d]])).readInt32BE(19 + 2 + 4);
    expect([at('2000-01-01'), at('2000-03-01'), at('1999-12-31'), at('0050-06-15'), at('0001-01-01')]).toEqual([0, 60, -1, -712057, -730119]);
  });

  it('refuses a value that is not of its column’s type, rather than writing what the database would misread', () => {
    const one = (type: CopyType, v: unknown) => () => copyRows([type], [[v]]);
    const refused: Array<[CopyType, unknown, RegExp]> = [
      ['uuid', 'not-a-uuid', /uuid/],
      ['uuid', '01a22c92-f77a-707b-bc5c-d5b2756278c4ff', /uuid/],
      ['uuid', '01a22c92', /uuid/],
      // Shaped like a uuid, with one character that is not a digit (ASCII, or beyond it).
      ['uuid', '01a22c92-f77a-707b-bc5c-d5b2756278cg', /uuid/],
      ['uuid', '01a22c92-f77a-707b-bc5c-d5b2756278c\u0664', /uuid/],
      ['uuid', '01a22c92-f77a-707b-bc5c-d5b2756278c\u0134', /uuid/],
      ['uuid', '01a22c92-f77a-707b-bc5c-d5b2756278\u00e7\u00e7', /uuid/],
      ['int4', 1.5, /integer/],
      ['date', '2026-2-3', /date/],
      ['date', '2026-02-30', /date/],
      ['date', '2026-13-01', /date/],
      ['date', '2023-02-29', /date/],
      ['timestamptz', 'yesterday', /timestamp/],
      ['text', 42, /text/],
      ['bool', 'true', /boolean/],
      ['text[]', ['a', 7], /text/],
    ];
    for (const [type, v, message] of refused) expect(one(type, v), `${type} ${String(v)}`).toThrow(message);
  });

  it('grows the buffer it is given, or fills one handed back again, several COPYs one after the other', () => {
    const given = new ArrayBuffer(8);
    const out = new CopyBinary(given);
    out.start();
    out.line(['text'], ['x'.repeat(5000)]);
    out.finish();
    const first = out.length;
    out.start();
    out.line(['text'], ['second']);
    out.finish();
    expect(out.bytes().buffer).not.toBe(given); // outgrown
    const bytes = out.bytes();
    expect(readCopy(bytes.subarray(0, first), ['text'])).toEqual([['x'.repeat(5000)]]);
    expect(readCopy(bytes.subarray(first), ['text'])).toEqual([['second']]);
    const big = new ArrayBuffer(1024);
    const again = new CopyBinary(big);
    again.start();
    again.line(['text'], ['y']);
    again.finish();
    expect(again.bytes().buffer).toBe(big);
  });

  it('writes short and long texts, ASCII or not anywhere in them, as UTF-8', () => {
    const texts = ['', 'a', 'NGA', 'é', 'aé', 'Ahmed عربي', 'x'.repeat(31) + 'é', 'x'.repeat(32), 'x'.repeat(33), 'é'.repeat(32), '😀', 'ab😀', '\u007f\u0080'];
    // Each after a longer one, so that a shorter text must not leave the longer one's bytes behind.
    const rows = texts.flatMap((t) => [['y'.repeat(40)], [t]]);
    expect(readCopy(copyRows(['text'], rows), ['text'])).toEqual(rows);
    const lengths = texts.map((t) => Buffer.from(copyRows(['text'], [[t]])).readInt32BE(19 + 2));
    expect(lengths).toEqual(texts.map((t) => Buffer.byteLength(t, 'utf8')));
  });

  it('writes the uuids it remembers and the ones it does not alike, however they come and go', () => {
    // A few repeated in row after row (as an import's owner ids), among many that come once, and
    // the same text as other strings: every value read back is the one written in its place.
    const hex = (n: number) => n.toString(16).padStart(12, '0');
    const repeated = ['0193a000-0000-7000-8000-00000000000a', '0193a000-0000-7000-8000-00000000000b'];
    const values: string[] = [];
    for (let i = 0; i < 300; i += 1) {
      values.push(`0193a000-0000-7000-8000-${hex(i)}`, repeated[i % 2], `${repeated[1].slice(0, 20)}${repeated[1].slice(20)}`);
      if (i % 7 === 0) values.push(`0193a000-0000-7000-8000-${hex(i - 5 < 0 ? 0 : i - 5)}`, repeated[0].toUpperCase());
    }
    const got = readCopy(copyRows(['uuid'], values.map((v) => [v])), ['uuid']).map((r) => r[0]);
    expect(got).toEqual(values.map((v) => v.toLowerCase()));
  });

  it('writes new ids as bytes, in the one sequence of newId, between uuids given as text', () => {
    const out = new CopyBinary();
    out.start();
    const given: string[] = [];
    for (let i = 0; i < 50; i += 1) {
      given.push(newId());
      out.row(2);
      out.uuid(given[i]);
      out.newUuid();
    }
    out.finish();
    const rows = readCopy(out.bytes(), ['uuid', 'uuid']) as string[][];
    const all = rows.flatMap((r) => r);
    expect(rows.map((r) => r[0])).toEqual(given);
    for (const id of all) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (let i = 1; i < all.length; i += 1) expect(all[i] > all[i - 1]).toBe(true);
  });

  it('writes a frozen value as JSON once, and a value changed between rows as it is at each', () => {
    const frozen = Object.freeze({ referral: true, statistics: false });
    const changing: Record<string, unknown> = { n: 1 };
    const others = [1, 2, 3, 4, 5].map((n) => Object.freeze({ n }));
    const rows: unknown[][] = [[frozen], [changing]];
    changing.n = 2;
    // Frozen, but what it holds is not: written as it is at each row.
    const nested = Object.freeze({ inner: { n: 1 } });
    // Frozen, with a value computed when written (toJSON).
    let stamp = 1;
    const computed = Object.freeze({ toJSON: () => ({ stamp }) });
    rows.push([changing], ...others.map((o) => [o]), [frozen], [Object.freeze(['a'])], ['text'], [nested], [nested], [computed], [computed]);
    const out = new CopyBinary();
    out.start();
    const written: string[] = [];
    for (const [v] of rows) {
      out.line(['json'], [v]);
      written.push(JSON.stringify(v));
      if (v === changing) changing.n = (changing.n as number) + 1;
      if (v === nested) nested.inner.n += 1;
      if (v === computed) stamp += 1;
    }
    out.finish();
    expect(readCopy(out.bytes(), ['json']).map((r) => r[0])).toEqual(written);
  });

  it('writes timestamps before 1970 and far after 2000 to the microsecond', () => {
    const times = ['1900-01-01T00:00:00.001Z', '1969-12-31T23:59:59.999Z', '2000-01-01T00:00:00.000Z', '2000-01-01T00:00:00.001Z', '2038-01-19T03:14:08.000Z', '2284-12-31T23:59:59.999Z', '2300-06-01T12:00:00.000Z', '9999-12-31T23:59:59.999Z'];
    const got = readCopy(copyRows(['timestamptz'], times.map((t) => [new Date(t)])), ['timestamptz']).map((r) => r[0]);
    expect(got).toEqual(times);
    // The bytes are PostgreSQL's: microseconds since 2000-01-01 as a signed 64-bit integer.
    const at = (t: string) => Buffer.from(copyRows(['timestamptz'], [[new Date(t)]])).readBigInt64BE(19 + 2 + 4);
    expect([at('2000-01-01T00:00:00.001Z'), at('1999-12-31T23:59:59.999Z'), at('9999-12-31T23:59:59.999Z')]).toEqual([1000n, -1000n, 252455615999999000n]);
  });

  it('leaves room for values written later where their stand-ins are given, as text and in arrays', () => {
    const placed: Array<[number, number]> = [];
    const later: LaterValues = {
      slotOf: (s) => (/^\u0001\d\u0001$/.test(s) ? Number(s[1]) : -1),
      slotLength: (n) => 10 + n,
      place: (n, at) => placed.push([n, at]),
    };
    const out = new CopyBinary(undefined, 16, later);
    out.start();
    out.line(['text', 'text[]', 'text'], ['\u00010\u0001', ['\u00011\u0001', 'plain'], '\u0001x\u0001']);
    out.finish();
    const bytes = Buffer.from(out.bytes());
    for (const [n, at] of placed) bytes.write(String(n).repeat(10 + n), at, 'latin1');
    expect(readCopy(bytes, ['text', 'text[]', 'text'])).toEqual([['0000000000', ['11111111111', 'plain'], '\u0001x\u0001']]);
    expect(placed.map(([n]) => n)).toEqual([0, 1]);
  });

  describe('round trip through COPY on PGlite', () => {
    let db: Db;
    beforeAll(async () => {
      db = await openDb({});
      await db.query('CREATE TABLE t (id int, s text, a text[], j json, b boolean, d date, ts timestamptz, u uuid)');
    });
    afterAll(async () => db?.close());

    it('stores exactly what was written, in and out of a transaction', async () => {
      const cols = ['id', 's', 'a', 'j', 'b', 'd', 'ts', 'u'];
      const rows = [
        [1, TRICKY, ['a', 'b"c', 'd\\e', 'NULL', ''], { note: TRICKY, n: [1, 2] }, true, '2026-02-03', new Date('2026-02-03T10:00:00.123Z'), '01a22c92-f77a-707b-bc5c-d5b2756278c4'],
        [2, null, [], {}, false, '1960-01-01', null, null],
        [21, 'early', [], {}, true, '0050-06-15', null, null],
        [22, 'leap', [], {}, true, '2024-02-29', null, null],
      ];
      await db.copyFrom('t', cols, copyRows(TYPES, rows.slice(0, 1)));
      await db.transaction((tx) => tx.copyFrom('t', cols, copyRows(TYPES, rows.slice(1))));
      const { rows: got } = await db.query<Record<string, unknown>>("SELECT id, s, a, j, b, to_char(d, 'YYYY-MM-DD') AS d, ts, u FROM t ORDER BY id");
      expect(got[0]).toEqual({ id: 1, s: TRICKY, a: ['a', 'b"c', 'd\\e', 'NULL', ''], j: { note: TRICKY, n: [1, 2] }, b: true, d: '2026-02-03', ts: new Date('2026-02-03T10:00:00.123Z'), u: '01a22c92-f77a-707b-bc5c-d5b2756278c4' });
      expect(got[1]).toEqual({ id: 2, s: null, a: [], j: {}, b: false, d: '1960-01-01', ts: null, u: null });
      expect(got.slice(2).map((r) => r.d)).toEqual(['0050-06-15', '2024-02-29']);
    });

    it('leaves no file behind in PGlite, also when the rows are refused', async () => {
      const files = async () => (await db.query<{ f: string }>("SELECT f FROM pg_ls_dir('/tmp') AS f WHERE f LIKE 'jisr-copy-%'")).rows;
      await db.copyFrom('t', ['id', 's'], copyRows(['int4', 'text'], [[3, 'three']]));
      // Cut short in the middle of a row, or a timestamp where the column is int: the database refuses the whole COPY.
      await expect(db.transaction((tx) => tx.copyFrom('t', ['id', 's'], copyRows(['int4', 'text'], [[4, 'four'], [5, 'five']]).slice(0, -5)))).rejects.toThrow();
      await expect(db.transaction((tx) => tx.copyFrom('t', ['id'], copyRows(['timestamptz'], [[new Date()]])))).rejects.toThrow(/binary/);
      expect(await files()).toEqual([]);
      const { rows } = await db.query<{ id: number }>('SELECT id FROM t WHERE id > 2 AND id < 20 ORDER BY id');
      expect(rows).toEqual([{ id: 3 }]);
    });
  });
});
