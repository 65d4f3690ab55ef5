import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'csv-parse/sync';
import { writeCategoricalCsv } from '../../../scripts/generate-categorical-csv';
import { run } from './aggregate.command';

let dir: string;
let input: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'jisr-aggregate-'));
  input = join(dir, 'victims.csv');
  writeCategoricalCsv(input, 3000, 7);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function captureStderr(): { text: () => string } {
  const chunks: string[] = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  });
  return { text: () => chunks.join('') };
}
afterEach(() => vi.restoreAllMocks());

function readCounts(path: string): Record<string, string>[] {
  return parse(readFileSync(path, 'utf8'), { columns: true }) as Record<string, string>[];
}

describe('jisr aggregate', () => {
  it('writes k-anonymous counts with no cell below k, and a fidelity report', async () => {
    const out = join(dir, 'k');
    const stderr = captureStderr();
    const code = await run(['--input', input, '--columns', 'gender,ageBroad,citizenship,isForcedLabour', '--length', '3', '--k', '5', '--out-dir', out]);
    expect(code).toBe(0);
    expect(stderr.text()).toContain('column combinations counted');
    const counts = readCounts(join(out, 'counts.csv'));
    expect(counts[0]).toMatchObject({ length: '0', count: '3000' });
    expect(counts.length).toBeGreaterThan(20);
    for (const row of counts) expect(Number(row.count)).toBeGreaterThanOrEqual(5);
    const pair = counts.find((r) => r.length === '2');
    expect(pair?.attributes.split(';')).toHaveLength(2);
    const fidelity = JSON.parse(readFileSync(join(out, 'fidelity.json'), 'utf8'));
    expect(fidelity.released).toHaveLength(3);
    expect(fidelity.released[0].meanAbsoluteError).toBe(0);
    expect(readFileSync(join(out, 'fidelity.txt'), 'utf8')).toContain('Protected counts');
    const release = JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'));
    expect(release.protection).toEqual({ kind: 'k-anonymity', k: 5 });
  });

  it('writes DP counts and records their cost', async () => {
    const out = join(dir, 'dp');
    captureStderr();
    const code = await run(['--input', input, '--columns', 'gender,ageBroad', '--length', '2', '--epsilon', '2', '--delta', '1e-6', '--out-dir', out, '--quiet']);
    expect(code).toBe(0);
    const release = JSON.parse(readFileSync(join(out, 'release.json'), 'utf8'));
    expect(release.cost).toEqual({ epsilon: 2, delta: 1e-6 });
    expect(release.noise).toHaveLength(3);
    const counts = readCounts(join(out, 'counts.csv'));
    expect(Math.abs(Number(counts[0].count) - 3000)).toBeLessThan(500);
  });

  it('prints usage for --help', async () => {
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await run(['--help'])).toBe(0);
    expect(String(write.mock.calls[0][0])).toContain('Usage: jisr aggregate');
  });

  it.each([
    [['--k', '5'], '--input is required'],
    [['--input', 'x.csv'], 'choose a protection'],
    [['--input', 'x.csv', '--k', '5', '--epsilon', '1'], 'either --k or --epsilon'],
    [['--input', 'x.csv', '--epsilon', '1'], '--epsilon needs --delta'],
    [['--input', 'x.csv', '--k', '0'], '--k must be'],
    [['--input', 'x.csv', '--k', '3', '--length', '9'], '--length must be'],
    [['--input', 'x.csv', '--k', '3', '--bogus'], 'Unknown option'],
  ])('refuses a bad command line %j with exit code 2', async (args, message) => {
    const stderr = captureStderr();
    expect(await run(args)).toBe(2);
    expect(stderr.text()).toContain(message);
    expect(stderr.text().trim().split('\n')).toHaveLength(1);
  });

  it.each([
    ['empty.csv', '', 'is empty'],
    ['header.csv', 'a,b\n', 'header but no data rows'],
    ['ragged.csv', 'a,b\n1,2\n3,4\n5\n', 'ragged.csv line 4: expected 2 fields like the header, found 1'],
    ['ragged-quoted.csv', 'a,b\n"1",2\n3,4,5\n', 'ragged-quoted.csv line 3: expected 2 fields like the header, found 3'],
    ['missing.csv', 'a,b\n1,2\n', 'column "gender" named in --columns is not in the header (a, b)'],
    ['duplicate.csv', 'a,a\n1,2\n', 'appears twice'],
  ])('reports a malformed file (%s) in one line with exit code 2', async (name, content, message) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    const stderr = captureStderr();
    const args = ['--input', path, '--k', '2', '--out-dir', join(dir, 'bad'), '--quiet'];
    if (name === 'missing.csv') args.push('--columns', 'gender');
    expect(await run(args)).toBe(2);
    expect(stderr.text()).toContain(message);
    expect(stderr.text().trim().split('\n')).toHaveLength(1);
  });

  it('reports a missing file with exit code 2', async () => {
    const stderr = captureStderr();
    expect(await run(['--input', join(dir, 'nope.csv'), '--k', '2', '--quiet'])).toBe(2);
    expect(stderr.text()).toContain('file not found');
    expect(existsSync(join(dir, 'counts.csv'))).toBe(false);
  });
});
