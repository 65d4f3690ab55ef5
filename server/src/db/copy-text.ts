/**
 * PostgreSQL's COPY text format, for bulk loads through `Queryable.copyFrom` on both drivers: one
 * line per row, values separated by a tab, `\N` for null, and backslash, tab, newline and carriage
 * return escaped with a backslash (https://www.postgresql.org/docs/current/sql-copy.html, "Text Format").
 */

/** A PostgreSQL array literal of text values, e.g. `{"a","b"}`; `{}` when empty. */
export function textArrayLiteral(values: readonly string[] | null | undefined): string {
  if (!values || values.length === 0) return '{}';
  if (values.every((v) => typeof v === 'string' && v.indexOf('"') < 0 && v.indexOf('\\') < 0)) return `{"${values.join('","')}"}`;
  let out = '{';
  for (let i = 0; i < values.length; i += 1) {
    const v = String(values[i]);
    out += `${i ? ',' : ''}"${/["\\]/.test(v) ? v.replace(/["\\]/g, '\\$&') : v}"`;
  }
  return `${out}}`;
}

const SPECIALS = /[\\\t\n\r]/g;
const BACKSLASHES = /\\/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function escapeText(s: string): string {
  // indexOf is a fast scan; most values (ids, codes, ciphertexts) have none of the four.
  if (s.indexOf('\\') < 0 && s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) return s;
  return s.replace(SPECIALS, (c) => ESCAPES[c]);
}

/**
 * One value in COPY text format: null/undefined → `\N`; booleans `t`/`f`; dates in ISO 8601 (UTC);
 * arrays as text-array literals; other objects as JSON (for json/jsonb columns); strings escaped.
 */
export function copyValue(v: unknown): string {
  if (v === null || v === undefined) return '\\N';
  if (typeof v === 'string') return escapeText(v);
  if (typeof v === 'boolean') return v ? 't' : 'f';
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return escapeText(textArrayLiteral(v as string[]));
  // JSON text holds no raw tab, newline or carriage return (JSON escapes them), only backslashes.
  const json = JSON.stringify(v);
  return json.indexOf('\\') < 0 ? json : json.replace(BACKSLASHES, '\\\\');
}

/** One row's values (in column order) in COPY text, without the line's end. */
function copyFields(values: readonly unknown[]): string {
  const out = new Array<string>(values.length);
  for (let i = 0; i < values.length; i += 1) out[i] = copyValue(values[i]);
  return out.join('\t');
}

/** Appends one row (values in column order) to COPY text. */
export function copyLine(values: readonly unknown[]): string {
  return `${copyFields(values)}\n`;
}

/** COPY text of several tables as UTF-8 bytes, one table after the other: where each one ends. */
export interface CopySections {
  bytes: Uint8Array;
  /** Where each table's rows end in `bytes` (each table's start where the one before ends). */
  ends: number[];
}

/** The bytes of each table of `copy` (views, not copies). */
export function sectionBytes(copy: CopySections): Uint8Array[] {
  return copy.ends.map((end, i) => copy.bytes.subarray(i ? copy.ends[i - 1] : 0, end));
}

/**
 * COPY text built as UTF-8 bytes, row after row, in a buffer that is handed on and can come back to
 * be filled again (an import's chunks travel between threads as bytes: moved, not copied, and no
 * new memory for each). Grows by doubling when a row does not fit.
 */
export class CopyBytes {
  private buf: Buffer;
  /** Bytes written so far. */
  length = 0;

  /** Fills `buffer` (a recycled one) or a new buffer of `size` bytes. */
  constructor(buffer?: ArrayBuffer, size = 64 * 1024) {
    const ab = buffer ?? new ArrayBuffer(size);
    this.buf = Buffer.from(ab, 0, ab.byteLength);
  }

  /** Appends the UTF-8 bytes of `s`. */
  write(s: string): void {
    this.reserve(s.length * 3); // the most UTF-8 bytes one UTF-16 code unit can take
    this.length += this.buf.write(s, this.length);
  }

  /** Appends bytes. */
  append(bytes: Uint8Array): void {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.length);
    this.length += bytes.length;
  }

  /** Appends text that is ASCII only (latin1 writes a byte per character with no checks). */
  writeAscii(s: string): void {
    this.reserve(s.length);
    this.length += this.buf.write(s, this.length, 'latin1');
  }

  /** Appends one row (values in column order), as copyLine writes it (the line's end as a byte of its own). */
  line(values: readonly unknown[]): void {
    this.write(copyFields(values));
    if (this.length === this.buf.length) this.reserve(1);
    this.buf[this.length++] = 10;
  }

  /** The bytes written, a view on the buffer (no copy). */
  bytes(): Uint8Array {
    return new Uint8Array(this.buf.buffer, 0, this.length);
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
