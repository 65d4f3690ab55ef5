/**
 * PostgreSQL array literals built in one pass, for large array parameters of bulk inserts
 * (`unnest($1::uuid[], …)`): passing the literal text is much cheaper than letting the driver
 * escape a JS array element by element, and both drivers (node-pg and PGlite) send a string
 * parameter as it is.
 */

const NEEDS_ESCAPE = /["\\]/;
const ESCAPE = /["\\]/g;

/**
 * A one-dimensional array literal: every element double-quoted (`"` and `\` escaped with a
 * backslash), null and undefined as an unquoted NULL, booleans as t/f, Dates in ISO 8601, other
 * values as their string. E.g. `{"a","b \"c\"",NULL}`. Valid for text[], uuid[], int[], date[],
 * timestamptz[], boolean[] (and for jsonb[]/text[] of JSON or array-literal text).
 */
export function pgArrayLiteral(values: ReadonlyArray<unknown>): string {
  const n = values.length;
  if (n === 0) return '{}';
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i += 1) {
    const v = values[i];
    if (v === null || v === undefined) {
      parts[i] = 'NULL';
      continue;
    }
    const s = typeof v === 'string' ? v : typeof v === 'boolean' ? (v ? 't' : 'f') : v instanceof Date ? v.toISOString() : String(v);
    parts[i] = NEEDS_ESCAPE.test(s) ? `"${s.replace(ESCAPE, '\\$&')}"` : `"${s}"`;
  }
  return `{${parts.join(',')}}`;
}
