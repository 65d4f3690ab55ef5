import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importJsonInWorker, sharedWithWorkers, startJsonImport } from './import-worker-client';
import { sharedBuffer } from '../http/shared-body';
import { exportJson } from './htcds-json';
import { FieldCipher, newKeyRing } from '../crypto/field-crypto';
import { AAD } from '../cases/cases.crypto';
import { fullName, nameIndex } from '../cases/case-mapping';
import { generateCases } from '../../../scripts/generate-cases';
import type { PreparedImportWriter } from '../cases/case-htcds.service';
import { importCopyRows } from '../cases/cases.repository';

/** A writer that keeps what it is given (read back: the bytes are filled again once written) and can be told to fail. */
function fakeWriter(opts: { failOnChunk?: number; failOnBegin?: boolean; reserveAfterMs?: number } = {}) {
  const chunks: Array<{ copy: ReturnType<typeof importCopyRows>; caseIds: readonly string[] }> = [];
  let reserved = 0;
  const writer: PreparedImportWriter = {
    owner: { orgId: '00000000-0000-4000-8000-000000000001', orgType: 'ngo', userId: '00000000-0000-4000-8000-000000000002' },
    begin: async () => {
      if (opts.failOnBegin) throw new Error('begin refused');
    },
    reserveReferences: async (n) => {
      if (opts.reserveAfterMs) await new Promise((resolve) => setTimeout(resolve, opts.reserveAfterMs));
      return Array.from({ length: n }, () => String((reserved += 1)));
    },
    writeCopy: async (copy, caseIds) => {
      if (chunks.length + 1 === opts.failOnChunk) throw new Error('database refused the chunk');
      chunks.push({ copy: importCopyRows(copy), caseIds });
    },
  };
  return { writer, chunks };
}

describe.each([1, 2] as const)('reading an HTCDS document in worker threads (importJsonInWorker), %i of them', (threads) => {
  it('sends every case once as binary COPY, in chunks, with one reserved reference each, and hands the document back', async () => {
    const bundles = generateCases(12, 31);
    const doc = Buffer.from(exportJson(bundles));
    const length = doc.length;
    const { writer, chunks } = fakeWriter();
    const ring = newKeyRing();
    const { result, document } = await importJsonInWorker(doc, writer, ring, { chunkSize: 5, threads });
    expect(result).toEqual({ ok: true, cases: 12 });
    expect(chunks.map((c) => c.caseIds.length)).toEqual([5, 5, 2]);
    const cases = chunks.flatMap((c) => c.copy.cases);
    expect(cases).toHaveLength(12);
    expect(new Set(chunks.flatMap((c) => c.caseIds)).size).toBe(12);
    expect(cases.map((c) => String(c.reference).replace(/^C-\d{4}-0*/, '')).sort((a, b) => Number(a) - Number(b))).toEqual(Array.from({ length: 12 }, (_, i) => String(i + 1)));
    expect(chunks.every((c) => c.copy.team.length === c.caseIds.length)).toBe(true);
    expect(document.length).toBe(length);
    // Identifying values arrive encrypted and hashed with the key ring, nothing left to fill in.
    const cipher = new FieldCipher(ring);
    expect(JSON.stringify(chunks.map((c) => c.copy))).not.toContain('\\u0001');
    const person = bundles[0].prs.find((p) => p.prs_Id === bundles[0].cas.cas_PersonId)!;
    expect(JSON.parse(cipher.decrypt(String(cases[0].person_enc), AAD.person))).toMatchObject({ prs_FirstName: person.prs_FirstName });
    const nameHashes = nameIndex(cipher, fullName(person));
    expect(nameHashes.length).toBeGreaterThan(0);
    expect(cases[0].name_index).toEqual(nameHashes);
    const sealed = chunks[0].copy.records.filter((r) => r.secret_enc !== null);
    expect(sealed.length).toBeGreaterThan(0);
    for (const r of sealed) expect(() => cipher.decrypt(String(r.secret_enc), AAD.record)).not.toThrow();
  });

  it('fills the buffers handed back with later chunks without mixing them up', async () => {
    const bundles = generateCases(16, 34);
    const { writer, chunks } = fakeWriter();
    const ring = newKeyRing();
    const cipher = new FieldCipher(ring);
    await importJsonInWorker(Buffer.from(exportJson(bundles)), writer, ring, { chunkSize: 1, threads });
    expect(chunks).toHaveLength(16);
    const names = chunks.map((c) => {
      expect(c.copy.cases).toHaveLength(1);
      expect(c.copy.cases[0].id).toBe(c.caseIds[0]);
      expect(c.copy.team.map((t) => t.case_id)).toEqual([c.caseIds[0]]);
      expect(c.copy.events.map((e) => e.case_id)).toEqual([c.caseIds[0]]);
      return (JSON.parse(cipher.decrypt(String(c.copy.cases[0].person_enc), AAD.person)) as { prs_FirstName?: string }).prs_FirstName;
    });
    expect(names).toEqual(bundles.map((b) => b.prs.find((p) => p.prs_Id === b.cas.cas_PersonId)!.prs_FirstName));
  });

  it('reads on while the references are reserved, then sends every chunk once, in document order', async () => {
    const bundles = generateCases(30, 35);
    const { writer, chunks } = fakeWriter({ reserveAfterMs: 300 });
    const ring = newKeyRing();
    const cipher = new FieldCipher(ring);
    const { result } = await importJsonInWorker(Buffer.from(exportJson(bundles)), writer, ring, { chunkSize: 2, threads });
    expect(result).toEqual({ ok: true, cases: 30 });
    const cases = chunks.flatMap((c) => c.copy.cases);
    expect(cases.map((c) => Number(String(c.reference).replace(/^C-\d{4}-0*/, '')))).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const names = cases.map((c) => (JSON.parse(cipher.decrypt(String(c.person_enc), AAD.person)) as { prs_FirstName?: string }).prs_FirstName);
    expect(names).toEqual(bundles.map((b) => b.prs.find((p) => p.prs_Id === b.cas.cas_PersonId)!.prs_FirstName));
  });

  it('stops the worker and fails when a chunk cannot be written or the import cannot begin', async () => {
    const doc = () => Buffer.from(exportJson(generateCases(12, 32)));
    const failing = fakeWriter({ failOnChunk: 2 });
    await expect(importJsonInWorker(doc(), failing.writer, newKeyRing(), { chunkSize: 5, threads })).rejects.toThrow('database refused the chunk');
    expect(failing.chunks).toHaveLength(1);
    await expect(importJsonInWorker(doc(), fakeWriter({ failOnBegin: true }).writer, newKeyRing(), { chunkSize: 5, threads })).rejects.toThrow('begin refused');
  });

  it('reads a document in shared memory where it is (not moved: this thread reads it meanwhile), and writes nothing when stopped before it runs', async () => {
    const text = exportJson(generateCases(9, 36));
    const doc = sharedBuffer(Buffer.byteLength(text));
    doc.write(text);
    expect(sharedWithWorkers(doc)).toBe(true);
    expect(sharedWithWorkers(Buffer.from(text))).toBe(false);
    const { writer, chunks } = fakeWriter();
    const workers = startJsonImport(doc, newKeyRing(), { chunkSize: 4, threads });
    // The workers read while this thread still reads the same bytes.
    expect(doc.toString('utf8')).toBe(text);
    const { result, document } = await workers.run(writer);
    expect(result).toEqual({ ok: true, cases: 9 });
    expect(chunks.map((c) => c.caseIds.length)).toEqual([4, 4, 1]);
    expect(document).toBe(doc);
    expect(doc.toString('utf8')).toBe(text);

    const stopped = fakeWriter();
    const early = startJsonImport(doc, newKeyRing(), { chunkSize: 4, threads });
    early.stop();
    await expect(early.run(stopped.writer)).rejects.toThrow('import workers stopped');
    expect(stopped.chunks).toHaveLength(0);
  });

  it('reports the problems of a bad document without sending any case', async () => {
    const parsed = JSON.parse(exportJson(generateCases(6, 33))) as { cases: Array<{ prs: Array<Record<string, unknown>> }> };
    parsed.cases[0].prs[0].prs_Gender = 'Sometimes';
    const { writer, chunks } = fakeWriter();
    const { result } = await importJsonInWorker(Buffer.from(JSON.stringify(parsed)), writer, newKeyRing(), { chunkSize: 5, threads });
    expect(result.ok).toBe(false);
    expect('errors' in result && result.errors.map((e) => [e.row, e.column])).toEqual([[1, 'prs_Gender']]);
    expect(chunks).toHaveLength(0);
  });
});

describe.runIf(process.platform === 'linux')('the sealer thread of an import', () => {
  /** The niceness of each thread of this process. */
  const niceness = (): number[] =>
    fs.readdirSync('/proc/self/task').flatMap((tid) => {
      try {
        const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return [Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16])];
      } catch {
        return []; // a thread that ended meanwhile
      }
    });

  it('runs at a lower priority when asked, and only it', async () => {
    const base = os.getPriority(0);
    let seen: number[] = [];
    const { writer } = fakeWriter();
    const asked = { ...writer, begin: async () => { seen = niceness(); } };
    const { result } = await importJsonInWorker(Buffer.from(exportJson(generateCases(3, 5))), asked, newKeyRing(), { threads: 2, sealerNice: 3 });
    expect(result.ok).toBe(true);
    expect(seen.filter((n) => n === Math.min(19, base + 3))).toHaveLength(1);
    expect(seen.filter((n) => n !== base && n !== Math.min(19, base + 3))).toEqual([]);
  });
});

describe('the built worker started from a process with options of its own', () => {
  const built = new URL('../../../dist/server/import-worker.js', import.meta.url);
  // A server started as `node --max-old-space-size=… dist/server/main.js`, here also through tsx
  // (--import tsx, which the built worker is started without): an option a worker cannot be given
  // explicitly must not stop the import.
  it.skipIf(!fs.existsSync(built))('reads the document with --max-old-space-size and a loader in the options', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jisr-worker-argv-'));
    try {
      const program = path.join(dir, 'run.mts');
      const client = new URL('./import-worker-client.ts', import.meta.url).href;
      fs.writeFileSync(program, `
        import { importJsonInWorker } from ${JSON.stringify(client)};
        import { exportJson } from ${JSON.stringify(new URL('./htcds-json.ts', import.meta.url).href)};
        import { generateCases } from ${JSON.stringify(new URL('../../../scripts/generate-cases.ts', import.meta.url).href)};
        import { newKeyRing } from ${JSON.stringify(new URL('../crypto/field-crypto.ts', import.meta.url).href)};
        let written = 0;
        const writer = {
          owner: { orgId: '00000000-0000-4000-8000-000000000001', orgType: 'ngo', userId: '00000000-0000-4000-8000-000000000002' },
          begin: async () => {},
          reserveReferences: async (n) => Array.from({ length: n }, (_, i) => String(i + 1)),
          writeCopy: async (_copy, ids) => { written += ids.length; },
        };
        const { result } = await importJsonInWorker(Buffer.from(exportJson(generateCases(4, 9))), writer, newKeyRing(), { script: new URL(${JSON.stringify(built.href)}), chunkSize: 2 });
        console.log(JSON.stringify({ result, written }));
      `);
      const run = spawnSync(process.execPath, ['--max-old-space-size=300', '--import', 'tsx', program], { encoding: 'utf8', cwd: process.cwd() });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout.trim())).toEqual({ result: { ok: true, cases: 4 }, written: 4 });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
