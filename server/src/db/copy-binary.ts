/**
 * PostgreSQL's binary COPY format, for bulk loads through `Queryable.copyFrom` on both drivers
 * (https://www.postgresql.org/docs/current/sql-copy.html, "Binary Format"): a header, then each row
 * as its number of fields and each field as its length in bytes (-1 for null) and its value in the
 * type's binary form, then a trailer. The database takes the values as they are, where the text
 * format has it parse every uuid, date, timestamp, number and array: loading the rows of a
 * 100,000-case import takes a third less time on PGlite and about half on PostgreSQL (measured
 * with COPY of the same rows in both formats).
 *
 * Binary values must match the column's type exactly (an int4 column takes four bytes), so each
 * table's writer names the type of each column (CopyType); a mismatch makes the database refuse the
 * load, nothing is stored. The binary forms used here (uuid, text, bool, int4, date, timestamptz,
 * json, text[]) are the same in PostgreSQL 15 and in PGlite's PostgreSQL.
 */
import { writeNewId } from './ids';

/** The column types a COPY is written for. */
export type CopyType = 'uuid' | 'text' | 'bool' | 'int4' | 'date' | 'timestamptz' | 'json' | 'text[]';

/**
 * Values whose bytes are written later, in place, by another thread (the import's encrypted and
 * hashed values, crypto/deferred-cipher.ts): a stand-in string is given instead of the value, and
 * the writer leaves room for the value's bytes where it goes and says where.
 */
export interface LaterValues {
  /** The number of the value `s` stands for, or -1 when `s` is a value of its own. */
  slotOf(s: string): number;
  /** How many bytes that value will take (its length is known beforehand). */
  slotLength(n: number): number;
  /** Where in the bytes that value goes. */
  place(n: number, at: number): void;
}

/** Texts up to this many characters are written by shortText. */
const SHORT_TEXT = 32;

/** The signature, flags (none) and header extension length (none) that start a binary COPY. */
const HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
/** The bytes of a COPY of no rows: the header and the trailer (-1 as a 16-bit field count). */
export const EMPTY_COPY_LENGTH = HEADER.length + 2;
/** PostgreSQL's epoch for dates and timestamps, in milliseconds of the Unix epoch. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TEXT_OID = 25;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Days from 1970-01-01 to a day of the proleptic Gregorian calendar, by arithmetic (H. Hinnant's
 * days_from_civil): exact for every year, where Date.UTC takes years 0–99 for 1900–1999.
 */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** PostgreSQL's epoch for dates, in days from 1970-01-01. */
const PG_EPOCH_DAYS = PG_EPOCH_MS / DAY_MS;

/** Where the first digit of each byte of a canonical uuid's text is. */
const UUID_DIGIT_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** hexValue of each ASCII code. */
const HEX_VALUE = Int32Array.from({ length: 128 }, (_, c) => hexValue(c));

/** The value of a hexadecimal digit's character code, or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}

/**
 * Writes a 32-bit integer, big-endian, at `at` (room checked by the caller): byte stores, which V8
 * compiles inline, where a Buffer.writeInt32BE call checks its arguments each time (a COPY of
 * 100,000 cases writes some 9 million of these lengths and values).
 */
function putInt32(b: Uint8Array, at: number, n: number): void {
  b[at] = n >>> 24;
  b[at + 1] = n >>> 16;
  b[at + 2] = n >>> 8;
  b[at + 3] = n;
}

/**
 * A binary COPY built row after row in a buffer that is handed on and can come back to be filled
 * again (an import's chunks travel between threads as bytes: moved, not copied, and no new memory
 * for each). Grows by doubling when a value does not fit. Several COPYs may follow each other in one
 * buffer (start … finish, then start again): an import writes one per table.
 */
export class CopyBinary {
  private buf: Buffer;
  /** Bytes written so far. */
  length = 0;
  /**
   * The last uuids written, as text, and their 16 bytes each (uuidBytes): a load repeats a few of
   * them in row after row (the importer and their organisation; a case's id in each of its records).
   * A slot whose uuid came again since the hand last passed it is kept (uuidUsed: the clock
   * algorithm), so that those few stay while each record's own id comes and goes.
   */
  private readonly uuidTexts: string[] = ['', '', '', ''];
  private readonly uuidBytes = new Uint8Array(16 * 4);
  private readonly uuidUsed = [false, false, false, false];
  private uuidHand = 0;
  /** The last frozen values of plain values written as JSON, and their text (they cannot have changed since). */
  private readonly jsonValues: unknown[] = [undefined, undefined, undefined, undefined];
  private readonly jsonTexts: string[] = ['', '', '', ''];
  private jsonNext = 0;

  /** Fills `buffer` (a recycled one) or a new buffer of `size` bytes; `later` recognises stand-ins for values written later. */
  constructor(buffer?: ArrayBuffer, size = 64 * 1024, private readonly later?: LaterValues) {
    const ab = buffer ?? new ArrayBuffer(size);
    this.buf = Buffer.from(ab, 0, ab.byteLength);
  }

  /** Starts a COPY (its header). */
  start(): void {
    this.reserve(HEADER.length);
    this.buf.set(HEADER, this.length);
    this.length += HEADER.length;
  }

  /** Ends a COPY (its trailer). */
  finish(): void {
    this.reserve(2);
    this.length = this.buf.writeInt16BE(-1, this.length);
  }

  /** Starts a row of `fields` values, to be written next in column order. */
  row(fields: number): void {
    this.reserve(2);
    const at = this.length;
    this.buf[at] = fields >>> 8;
    this.buf[at + 1] = fields;
    this.length = at + 2;
  }

  /** A null. */
  null(): void {
    this.int32(-1);
  }

  /** Text, as UTF-8 (or room for a value written later, when `s` stands for one). */
  text(s: string): void {
    if (this.later !== undefined && s.charCodeAt(0) === 1) {
      const n = this.later.slotOf(s);
      if (n >= 0) {
        const size = this.later.slotLength(n);
        this.int32(size);
        this.reserve(size);
        this.later.place(n, this.length);
        this.length += size;
        return;
      }
    }
    this.utf8(s);
  }

  /** A new time-ordered uuid (db/ids.ts), for a row whose id is only stored: made here as bytes, never as text. */
  newUuid(): void {
    this.reserve(20);
    const at = this.length;
    putInt32(this.buf, at, 16);
    writeNewId(this.buf, at + 4);
    this.length = at + 20;
  }

  /** A uuid from its text form (32 hexadecimal digits, hyphens anywhere). */
  uuid(s: string): void {
    this.reserve(20);
    const at = this.length;
    putInt32(this.buf, at, 16);
    for (let k = 0; k < 4; k += 1) {
      if (this.uuidTexts[k] !== s) continue;
      const from = 16 * k;
      for (let i = 0; i < 16; i += 1) this.buf[at + 4 + i] = this.uuidBytes[from + i];
      this.uuidUsed[k] = true;
      this.length = at + 20;
      return;
    }
    if (this.canonicalUuid(s, at + 4)) {
      this.remember(s, at + 4);
      this.length = at + 20;
      return;
    }
    let n = 0;
    for (let i = 0; i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      if (c === 45) continue;
      const v = hexValue(c);
      if (v < 0 || n === 32) throw new TypeError(`not a uuid: ${s}`);
      if (n % 2 === 0) this.buf[at + 4 + (n >> 1)] = v << 4;
      else this.buf[at + 4 + (n >> 1)] |= v;
      n += 1;
    }
    if (n !== 32) throw new TypeError(`not a uuid: ${s}`);
    this.length = at + 20;
  }

  /** Keeps uuid `s`, whose bytes were just written at `at`, in a slot not used since the hand last passed (see uuidTexts). */
  private remember(s: string, at: number): void {
    let k = this.uuidHand;
    while (this.uuidUsed[k]) {
      this.uuidUsed[k] = false;
      k = (k + 1) & 3;
    }
    this.uuidHand = (k + 1) & 3;
    this.uuidTexts[k] = s;
    for (let i = 0; i < 16; i += 1) this.uuidBytes[16 * k + i] = this.buf[at + i];
  }

  /**
   * Writes the 16 bytes of a uuid in its canonical text form (8-4-4-4-12 hexadecimal digits, as
   * every id Jisr makes or reads) at `at`, two digits at a time; false, having written nothing
   * that counts, for any other text (uuid() then reads it a digit at a time, or refuses it).
   */
  private canonicalUuid(s: string, at: number): boolean {
    if (s.length !== 36 || s.charCodeAt(8) !== 45 || s.charCodeAt(13) !== 45 || s.charCodeAt(18) !== 45 || s.charCodeAt(23) !== 45) return false;
    let bad = 0;
    for (let k = 0; k < 16; k += 1) {
      const i = UUID_DIGIT_AT[k];
      const hi = HEX_VALUE[s.charCodeAt(i) & 0x7f] | (s.charCodeAt(i) & ~0x7f);
      const lo = HEX_VALUE[s.charCodeAt(i + 1) & 0x7f] | (s.charCodeAt(i + 1) & ~0x7f);
      bad |= hi | lo;
      this.buf[at + k] = (hi << 4) | lo;
    }
    // A character that is not a digit has a value with bits above the lowest four (-1, or its code above 0x7f).
    return (bad & ~0x0f) === 0;
  }

  bool(b: boolean): void {
    this.int32(1);
    this.reserve(1);
    this.buf[this.length++] = b ? 1 : 0;
  }

  int4(n: number): void {
    if (!Number.isInteger(n)) throw new TypeError(`not an integer: ${n}`);
    this.int32(4);
    this.int32(n);
  }

  /** A date from `YYYY-MM-DD` (or a Date, its UTC day); a day that does not exist (2026-02-30) is refused, as PostgreSQL refuses it. */
  date(d: string | Date): void {
    let days: number;
    if (typeof d === 'string') {
      const m = DATE.exec(d);
      const y = m ? Number(m[1]) : 0;
      const month = m ? Number(m[2]) : 0;
      const day = m ? Number(m[3]) : 0;
      if (!m || month < 1 || month > 12 || day < 1 || day > daysInMonth(y, month)) throw new TypeError(`not a date: ${d}`);
      days = daysFromCivil(y, month, day) - PG_EPOCH_DAYS;
    } else {
      const ms = d.getTime();
      if (!Number.isFinite(ms)) throw new TypeError(`not a date: ${String(d)}`);
      days = Math.floor(ms / DAY_MS) - PG_EPOCH_DAYS;
    }
    this.int32(4);
    this.int32(days);
  }

  /** A timestamp with time zone from a Date or ISO 8601 text (microseconds since 2000-01-01 UTC). */
  timestamptz(d: Date | string): void {
    const ms = (typeof d === 'string' ? new Date(d) : d).getTime();
    if (!Number.isFinite(ms)) throw new TypeError(`not a timestamp: ${String(d)}`);
    this.int32(8);
    this.reserve(8);
    const micros = (ms - PG_EPOCH_MS) * 1000;
    if (Number.isSafeInteger(micros)) {
      // Two 32-bit halves of the 64-bit count (no BigInt arithmetic for each of them).
      const high = Math.floor(micros / 2 ** 32);
      putInt32(this.buf, this.length, high);
      putInt32(this.buf, this.length + 4, micros - high * 2 ** 32);
      this.length += 8;
    } else {
      this.length = this.buf.writeBigInt64BE(BigInt(ms - PG_EPOCH_MS) * 1000n, this.length);
    }
  }

  /** JSON text of a value (json columns take the text as it is, once checked). */
  json(v: unknown): void {
    if (typeof v !== 'object' || v === null || !Object.isFrozen(v)) {
      this.utf8(JSON.stringify(v));
      return;
    }
    // A frozen value of plain values only (such as the few consents every imported case has one
    // of), which cannot change, is turned into text once (freezing is shallow: nothing nested).
    let k = this.jsonValues.indexOf(v);
    if (k < 0) {
      if (Object.values(v).some((x) => x !== null && (typeof x === 'object' || typeof x === 'function'))) {
        this.utf8(JSON.stringify(v));
        return;
      }
      k = this.jsonNext;
      this.jsonNext = (k + 1) & 3;
      this.jsonValues[k] = v;
      this.jsonTexts[k] = JSON.stringify(v);
    }
    this.utf8(this.jsonTexts[k]);
  }

  /** A one-dimensional text array (elements may stand for values written later). */
  textArray(values: readonly string[]): void {
    const at = this.length;
    this.int32(0); // the array's length, once written
    this.int32(values.length === 0 ? 0 : 1); // dimensions
    this.int32(0); // no nulls
    this.int32(TEXT_OID);
    if (values.length > 0) {
      this.int32(values.length);
      this.int32(1); // lower bound
      for (const v of values) {
        if (typeof v !== 'string') throw new TypeError(`not text: ${String(v)}`);
        this.text(v);
      }
    }
    putInt32(this.buf, at, this.length - at - 4);
  }

  /** A value of a column of `type`: null and undefined are nulls. */
  value(type: CopyType, v: unknown): void {
    if (v === null || v === undefined) return this.null();
    switch (type) {
      case 'uuid': return this.uuid(v as string);
      case 'text':
        if (typeof v !== 'string') throw new TypeError(`not text: ${String(v)}`);
        return this.text(v);
      case 'bool':
        if (typeof v !== 'boolean') throw new TypeError(`not a boolean: ${String(v)}`);
        return this.bool(v);
      case 'int4': return this.int4(v as number);
      case 'date': return this.date(v as string | Date);
      case 'timestamptz': return this.timestamptz(v as Date | string);
      case 'json': return this.json(v);
      case 'text[]': return this.textArray(v as string[]);
    }
  }

  /** One row: `values` in the order of `types`. */
  line(types: readonly CopyType[], values: readonly unknown[]): void {
    this.row(types.length);
    for (let i = 0; i < types.length; i += 1) this.value(types[i], values[i]);
  }

  /** The bytes written, a view on the buffer (no copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer, 0, this.length);
  }

  /** `s` as UTF-8, after its length in bytes. */
  private utf8(s: string): void {
    this.reserve(4 + s.length * 3); // the most UTF-8 bytes one UTF-16 code unit can take
    const size = s.length <= SHORT_TEXT ? this.shortText(s, this.length + 4) : this.buf.write(s, this.length + 4);
    putInt32(this.buf, this.length, size);
    this.length += 4 + size;
  }

  /**
   * Writes a short text at `at` and returns its length in bytes: ASCII a character at a time (most
   * of a case's texts are short codes, and this is 2.5 times faster than a call to Buffer.write
   * for each), anything else through Buffer.write.
   */
  private shortText(s: string, at: number): number {
    for (let i = 0; i < s.length; i += 1) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) return this.buf.write(s, at);
      this.buf[at + i] = c;
    }
    return s.length;
  }

  private int32(n: number): void {
    this.reserve(4);
    putInt32(this.buf, this.length, n);
    this.length += 4;
  }

  private reserve(n: number): void {
    if (this.length + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = Buffer.from(new ArrayBuffer(size));
    this.buf.copy(grown, 0, 0, this.length);
    this.buf = grown;
  }
}

/** A whole binary COPY of `rows` (values in the order of `types`), e.g. for a small load or a test. */
export function copyRows(types: readonly CopyType[], rows: ReadonlyArray<readonly unknown[]>): Uint8Array {
  const out = new CopyBinary();
  out.start();
  for (const r of rows) out.line(types, r);
  out.finish();
  return out.bytes();
}

/** COPYs of several tables in one buffer, one after the other: where each one ends. */
export interface CopySections {
  bytes: Uint8Array;
  /** Where each table's COPY ends in `bytes` (each one's start where the one before ends). */
  ends: number[];
}

/** The bytes of each table of `copy` (views, not copies). */
export function sectionBytes(copy: CopySections): Uint8Array[] {
  return copy.ends.map((end, i) => copy.bytes.subarray(i ? copy.ends[i - 1] : 0, end));
}

/** A value read back from a binary COPY (readCopy): text forms, arrays as arrays. */
export type CopiedValue = string | number | boolean | string[] | null;

/**
 * The rows of a binary COPY written by CopyBinary, read back with the types they were written for
 * (uuids, dates and timestamps in their text forms, json as its text): for tests and diagnostics.
 * Throws on anything that is not such a COPY.
 */
export function readCopy(bytes: Uint8Array, types: readonly CopyType[]): CopiedValue[][] {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length < EMPTY_COPY_LENGTH || !b.subarray(0, HEADER.length).equals(HEADER)) throw new Error('not a binary COPY');
  let at = HEADER.length;
  const rows: CopiedValue[][] = [];
  const text = (from: number, size: number) => b.toString('utf8', from, from + size);
  for (;;) {
    const fields = b.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    if (fields !== types.length) throw new Error(`a row of ${fields} fields, expected ${types.length}`);
    const row: CopiedValue[] = [];
    for (const type of types) {
      const size = b.readInt32BE(at);
      at += 4;
      if (size === -1) {
        row.push(null);
        continue;
      }
      const v = b.subarray(at, at + size);
      switch (type) {
        case 'uuid': {
          const h = v.toString('hex');
          row.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
          break;
        }
        case 'bool': row.push(v[0] === 1); break;
        case 'int4': row.push(v.readInt32BE(0)); break;
        case 'date': row.push(new Date(PG_EPOCH_MS + v.readInt32BE(0) * DAY_MS).toISOString().slice(0, 10)); break;
        case 'timestamptz': row.push(new Date(PG_EPOCH_MS + Number(v.readBigInt64BE(0) / 1000n)).toISOString()); break;
        case 'text[]': {
          const items: string[] = [];
          if (v.readInt32BE(0) === 1) {
            const n = v.readInt32BE(12);
            let p = 20;
            for (let i = 0; i < n; i += 1) {
              const len = v.readInt32BE(p);
              items.push(v.toString('utf8', p + 4, p + 4 + len));
              p += 4 + len;
            }
          }
          row.push(items);
          break;
        }
        default: row.push(text(at, size));
      }
      at += size;
    }
    rows.push(row);
  }
  if (at !== b.length) throw new Error('bytes after the end of a binary COPY');
  return rows;
}
