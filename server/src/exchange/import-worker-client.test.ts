import { describe, expect, it } from 'vitest';
import { importJsonInWorker } from './import-worker-client';
import { exportJson } from './htcds-json';
import { newKeyRing } from '../crypto/field-crypto';
import { generateCases } from '../../../scripts/generate-cases';
import type { PreparedImportWriter } from '../cases/case-htcds.service';
import type { ImportCopy } from '../cases/cases.repository';

/** A writer that keeps what it is given and can be told to fail. */
function fakeWriter(opts: { failOnChunk?: number; failOnBegin?: boolean } = {}) {
  const chunks: Array<{ copy: ImportCopy; caseIds: readonly string[] }> = [];
  let reserved = 0;
  const writer: PreparedImportWriter = {
    owner: { orgId: '00000000-0000-4000-8000-000000000001', orgType: 'ngo', userId: '00000000-0000-4000-8000-000000000002' },
    begin: async () => {
      if (opts.failOnBegin) throw new Error('begin refused');
    },
    reserveReferences: async (n) => Array.from({ length: n }, () => String((reserved += 1))),
    writeCopy: async (copy, caseIds) => {
      if (chunks.length + 1 === opts.failOnChunk) throw new Error('database refused the chunk');
      chunks.push({ copy, caseIds });
    },
  };
  return { writer, chunks };
}

describe('reading an HTCDS document in a worker thread (importJsonInWorker)', () => {
  it('sends every case once as COPY text, in chunks, with one reserved reference each, and hands the document back', async () => {
    const doc = Buffer.from(exportJson(generateCases(12, 31)));
    const length = doc.length;
    const { writer, chunks } = fakeWriter();
    const { result, document } = await importJsonInWorker(doc, writer, newKeyRing(), { chunkSize: 5 });
    expect(result).toEqual({ ok: true, cases: 12 });
    expect(chunks.map((c) => c.caseIds.length)).toEqual([5, 5, 2]);
    const lines = chunks.flatMap((c) => c.copy.cases.trimEnd().split('\n'));
    expect(lines).toHaveLength(12);
    expect(new Set(chunks.flatMap((c) => c.caseIds)).size).toBe(12);
    expect(lines.map((l) => l.split('\t')[1].replace(/^C-\d{4}-0*/, '')).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(chunks.every((c) => c.copy.team.trimEnd().split('\n').length === c.caseIds.length)).toBe(true);
    expect(document.length).toBe(length);
  });

  it('stops the worker and fails when a chunk cannot be written or the import cannot begin', async () => {
    const doc = () => Buffer.from(exportJson(generateCases(12, 32)));
    const failing = fakeWriter({ failOnChunk: 2 });
    await expect(importJsonInWorker(doc(), failing.writer, newKeyRing(), { chunkSize: 5 })).rejects.toThrow('database refused the chunk');
    expect(failing.chunks).toHaveLength(1);
    await expect(importJsonInWorker(doc(), fakeWriter({ failOnBegin: true }).writer, newKeyRing(), { chunkSize: 5 })).rejects.toThrow('begin refused');
  });

  it('reports the problems of a bad document without sending any case', async () => {
    const parsed = JSON.parse(exportJson(generateCases(6, 33))) as { cases: Array<{ prs: Array<Record<string, unknown>> }> };
    parsed.cases[0].prs[0].prs_Gender = 'Sometimes';
    const { writer, chunks } = fakeWriter();
    const { result } = await importJsonInWorker(Buffer.from(JSON.stringify(parsed)), writer, newKeyRing(), { chunkSize: 5 });
    expect(result.ok).toBe(false);
    expect('errors' in result && result.errors.map((e) => [e.row, e.column])).toEqual([[1, 'prs_Gender']]);
    expect(chunks).toHaveLength(0);
  });
});
