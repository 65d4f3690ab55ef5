import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import { writeCategoricalCsv } from '../../../scripts/generate-categorical-csv';
import { run } from './synth.command';

let dir: string;
let input: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisr-synth-'));
  input = join(dir, 'victims.csv');
  writeCategoricalCsv(input, 5000, 3);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function quiet(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}

const COLUMNS = 'gender,ageBroad,citizenship,typeOfExploitConcatenated,isForcedLabour';

describe('jisr synth', () => {
  it('writes synthetic rows, protected counts and a fidelity report (k-anonymity)', async () => {
    const out = join(dir, 'k');
    const stderr = quiet();
    expect(await run(['--input', input, '--columns', COLUMNS, '--length', '3', '--k', '5', '--out-dir', out])).toBe(0);
    expect(stderr.text()).toContain('synthetic rows');
    const rows = parse(readFileSync(join(out, 'synthetic.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(5000);
    expect(Object.keys(rows[0])).toEqual(COLUMNS.split(','));
    const real = parse(readFileSync(input, 'utf8'), { columns: true }) as Record<string, string>[];
    const realGenders = new Set(real.map((r) => r.gender));
    expect(rows.every((r) => realGenders.has(r.gender))).toBe(true);
    const fidelity = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
    expect(fidelity.synthetic.rows).toBe(5000);
    expect(fidelity.synthetic.lengths).toHaveLength(3);
    expect(fidelity.synthetic.rareRowCopies).toBe(0);
    expect(fidelity.synthetic.lengths[0].meanRelativeError).toBeLessThan(0.25);
    expect(readFileSync(join(out, 'fidelity.txt'), 'utf8')).toContain('Synthetic rows copying a rare real row: 0.');
  });

  it('honours --rows under differential privacy', async () => {
    const out = join(dir, 'dp');
    quiet();
    const args = ['--input', input, '--columns', COLUMNS, '--length', '2', '--epsilon', '4', '--delta', '1e-6', '--rows', '1234', '--out-dir', out];
    expect(await run(args)).toBe(0);
    const text = readFileSync(join(out, 'synthetic.csv'), 'utf8').trim().split('\n');
    expect(text).toHaveLength(1235);
    const release = JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'));
    expect(release.synthesis.rows).toBe(1234);
    expect(release.protection.kind).toBe('differential-privacy');
  });

  it('explains a column with no releasable value', async () => {
    const path = join(dir, 'tiny.csv');
    writeFileSync(path, 'a,b\nx,1\ny,2\nz,3\n');
    const stderr = quiet();
    expect(await run(['--input', path, '--k', '5', '--out-dir', join(dir, 'tiny')])).toBe(2);
    expect(stderr.text()).toContain('has no released value');
  });

  it('refuses a malformed file with exit code 2', async () => {
    const path = join(dir, 'ragged.csv');
    writeFileSync(path, 'a,b\n1,2\n3\n');
    const stderr = quiet();
    expect(await run(['--input', path, '--k', '2', '--quiet'])).toBe(2);
    expect(stderr.text()).toBe('error: ragged.csv line 3: expected 2 fields like the header, found 1\n');
  });
});
