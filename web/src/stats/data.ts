import { useEffect, useState } from 'react';
import { api } from '../api';

/** A release as the API returns it. */
export interface Release {
  id: string;
  datasetId: string;
  label: string;
  attributes: string[];
  maxLength: number;
  protection: { kind: 'k-anonymity' | 'differential-privacy'; k?: number; epsilon?: number; delta?: number; mechanism?: string };
  total: number;
  hasSynthetic: boolean;
  status: 'draft' | 'published' | 'withdrawn';
  createdAt: string;
  publishedAt?: string;
  /** When and why a published release was withdrawn. */
  withdrawn?: { at: string; reason: string };
  /** Per-value tables ("methods_of_control[]"…): a case counts under each of its values, at most `cap`. */
  perValue?: { tables: string[]; cap: number; budgetShare?: number };
  fidelity: FidelityReport;
}

export interface LengthFidelity {
  length: number;
  trueCombinations: number;
  releasedCombinations: number;
  meanAbsoluteError: number;
  meanRelativeError: number;
  suppressedShare: number;
  fabricatedShare: number;
  rareCombinations: number;
  rareSuppressedShare: number;
}

export interface FidelityReport {
  rareThreshold: number;
  realRows: number;
  releasedTotal: number;
  released: LengthFidelity[];
  perValue?: { cap: number; budgetShare?: number; tables: Array<Omit<LengthFidelity, 'length'> & { column: string }> };
  synthetic?: { rows: number; lengths: LengthFidelity[]; rareRowCopies: number };
}

/** One released table; with `groupBy`, each cell's share of its group (null when the group's count is not released). */
export interface ReleasedTable {
  columns: string[];
  total: number;
  groupBy?: string;
  cells: Array<{ values: string[]; count: number; share: number; groupShare?: number | null }>;
}

/** Where a release's tables are read: the signed-in or the public API. */
export function releaseBase(release: Release, publicView: boolean): string {
  return publicView ? `/api/public/releases/${release.id}` : `/api/stats/releases/${release.id}`;
}

/** Loads one released table (shares within the groups of `groupBy` when given); undefined while loading or when the release does not contain it. */
export function useReleaseTable(base: string, columns: readonly string[], available: boolean, groupBy?: string): ReleasedTable | undefined {
  const [table, setTable] = useState<ReleasedTable>();
  const query = `columns=${encodeURIComponent(columns.join(','))}${groupBy ? `&groupBy=${groupBy}` : ''}`;
  const key = `${base}?${query}`;
  useEffect(() => {
    setTable(undefined);
    if (!available) return;
    let live = true;
    api<ReleasedTable>('GET', `${base}/table?${query}`)
      .then((t) => live && setTable(t))
      .catch(() => live && setTable({ columns: [...columns], total: 0, cells: [] }));
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, available]);
  return table;
}

/** The attribute a per-value table counts ("methods_of_control[]" → "methods_of_control"), or the column itself. */
export function attributeOf(column: string): string {
  return column.endsWith('[]') ? column.slice(0, -2) : column;
}

/** Whether a release has the per-value table of an attribute. */
export function hasPerValue(release: Release, attribute: string): boolean {
  return release.perValue?.tables.includes(`${attribute}[]`) ?? false;
}

/** The category of cases with three or more values of a multi-valued attribute. */
export const MULTIPLE_VALUES = '3+';

/** The single values of a released category ("" and "3+" stay whole). */
export function valuesOf(raw: string): string[] {
  return raw === '' || raw === MULTIPLE_VALUES ? [raw] : raw.split('+');
}

/** Totals per single value of one column of a table: a joined category counts under each of its values (post-processing of released counts). */
export function splitTotals(table: ReleasedTable, column: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of table.cells) {
    const parts = valuesOf(c.values[column]);
    for (const p of parts) out.set(p, (out.get(p) ?? 0) + c.count);
  }
  return out;
}

/** Triggers a browser download of text or a blob. */
export function download(name: string, content: Blob | string, type = 'text/plain'): void {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV text of rows (RFC 4180 quoting). */
export function toCsv(rows: ReadonlyArray<ReadonlyArray<string | number>>): string {
  return `${rows.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\n')}\n`;
}

/** A refused import: the summary message and every problem (row, column, message in the user's language). */
export interface ImportFailure {
  /** The server's error code, e.g. `exchange.already_imported`. */
  code?: string;
  message: string;
  problems: Array<{ table?: string; row: number; column: string; message: string }>;
  problemCount?: number;
}

/** Progress of an import: cases written so far (inside its transaction) of how many. */
export interface ImportProgress {
  written: number;
  total: number;
}

/** The JSON lines complete so far in a streamed answer. */
function completeLines(text: string): unknown[] {
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  return text.slice(0, end).split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
}

/**
 * POSTs JSON (or a file as it is) and returns the body, or the server's error with its list of
 * problems (the shared api() keeps only the message). The CSRF token is read from the session like
 * api() does. `onProgress` receives the share of the body sent (0..1), for large files; with
 * `onWritten` the server is asked for its progress as a stream of JSON lines (imports), ending in
 * the status and body it would otherwise have answered with.
 */
export async function postForProblems<T>(
  path: string, body: unknown, locale: string, onProgress?: (sent: number) => void, onWritten?: (progress: ImportProgress) => void,
): Promise<{ ok: true; data: T } | { ok: false; failure: ImportFailure }> {
  const session = await fetch('/api/auth/session', { credentials: 'same-origin', headers: { 'x-jisr-locale': locale } }).then((r) => r.json() as Promise<{ csrfToken: string }>);
  // XMLHttpRequest, not fetch: only it reports upload progress.
  const answer = await new Promise<{ status: number; statusText: string; text: string }>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', 'application/json');
    xhr.setRequestHeader('x-csrf-token', session.csrfToken);
    xhr.setRequestHeader('x-jisr-locale', locale);
    if (onProgress) {
      xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
      xhr.upload.onload = () => onProgress(1);
    }
    const streamed = () => (xhr.getResponseHeader('content-type') ?? '').includes('application/x-ndjson');
    if (onWritten) {
      xhr.setRequestHeader('accept', 'application/x-ndjson, application/json');
      xhr.onprogress = () => {
        if (!streamed()) return;
        try {
          const last = completeLines(xhr.responseText).filter((l): l is { progress: ImportProgress } => typeof l === 'object' && l !== null && 'progress' in l).at(-1);
          if (last) onWritten(last.progress);
        } catch {
          // a line the server did not write (a proxy's page): the outcome decides
        }
      };
    }
    xhr.onload = () => {
      if (!streamed()) {
        resolve({ status: xhr.status, statusText: xhr.statusText, text: xhr.responseText });
        return;
      }
      // The last line holds the status and body of the outcome; without it the answer was cut short.
      let outcome: { status?: number; body?: unknown } | undefined;
      try {
        outcome = completeLines(`${xhr.responseText}\n`).at(-1) as typeof outcome;
      } catch {
        outcome = undefined;
      }
      if (outcome?.status) resolve({ status: outcome.status, statusText: '', text: JSON.stringify(outcome.body) });
      else reject(new Error('incomplete answer'));
    };
    xhr.onerror = () => reject(new Error('network'));
    // A file (a JSON document) is sent as it is, read by the browser straight from the disk.
    xhr.send(body instanceof Blob ? body : JSON.stringify(body));
  });
  const { status, statusText, text } = answer;
  let data: { error?: ImportFailure } = {};
  try {
    data = JSON.parse(text) as { error?: ImportFailure };
  } catch {
    // not JSON (a proxy's error page): the status text stands in
  }
  if (status >= 200 && status < 300) return { ok: true, data: data as T };
  return { ok: false, failure: { code: data.error?.code, message: data.error?.message ?? statusText, problems: data.error?.problems ?? [], problemCount: data.error?.problemCount } };
}
