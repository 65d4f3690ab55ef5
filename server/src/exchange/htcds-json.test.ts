import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../scripts/generate-cases';
import { exportJson, importJson } from './htcds-json';

describe('HTCDS JSON exchange', () => {
  it('round-trips generated cases with Jisr extensions exactly', () => {
    const bundles = generateCases(300, 11);
    expect(bundles.some((b) => b.vic[0].vic_TypeOfExploitation?.includes('ForcedCriminality'))).toBe(true);
    const text = exportJson(bundles);
    expect(text).not.toContain('"ForcedCriminality"]');
    expect(importJson(text)).toEqual({ ok: true, bundles });
  });

  it('writes a pure HTCDS document with attribution', () => {
    const doc = JSON.parse(exportJson(generateCases(3, 1))) as { standard: string; version: string; attribution: string; cases: Array<Record<string, unknown>> };
    expect(doc.standard).toBe('HTCDS');
    expect(doc.version).toBe('2.0');
    expect(doc.attribution).toMatch(/CC BY 4\.0/);
    expect(doc.cases[0]).not.toHaveProperty('jisr');
  });

  it('reports every bad record and field, and imports nothing', () => {
    const doc = JSON.parse(exportJson(generateCases(3, 2))) as { cases: Array<Record<string, Record<string, unknown> | Array<Record<string, unknown>>>> };
    const vic = (doc.cases[0].vic as Array<Record<string, unknown>>)[0];
    vic.vic_TypeOfExploitation = ['ForcedLabour', 'Slavery'];
    vic.vic_AgeWhenTrafficked = '17';
    vic.vic_Mood = 'x';
    const prs = (doc.cases[2].prs as Array<Record<string, unknown>>)[0];
    prs.prs_Birthdate = '1990-13-01';
    prs.prs_Citizenship = ['TUN'];
    (doc.cases[1].cas as Record<string, unknown>).cas_PersonId = 'nobody';
    const result = importJson(JSON.stringify(doc));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const got = result.errors.map((e) => `${e.table}:${e.row}:${e.column}:${e.code}`);
    expect(got).toEqual(
      expect.arrayContaining([
        'vic:1:vic_TypeOfExploitation:exchange.invalid_value',
        'vic:1:vic_AgeWhenTrafficked:exchange.invalid_number',
        'vic:1:vic_Mood:exchange.unknown_column',
        'prs:3:prs_Birthdate:exchange.invalid_date',
        'prs:3:prs_Citizenship:exchange.invalid_country',
      ]),
    );
    expect(result.errors.find((e) => e.column === 'vic_Mood')?.params.path).toBe('cases[0].vic[0]');
  });

  it('reports a dangling reference once fields are valid', () => {
    const doc = JSON.parse(exportJson(generateCases(2, 3))) as { cases: Array<{ cas: Record<string, unknown> }> };
    doc.cases[1].cas.cas_PersonId = 'nobody';
    const result = importJson(JSON.stringify(doc));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.map((e) => `${e.table}:${e.row}:${e.column}:${e.code}`)).toContain('cas:2:cas_PersonId:exchange.dangling_reference');
  });

  it('rejects a document that is not HTCDS', () => {
    const result = importJson('{"cases": 3}');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].code).toBe('exchange.invalid_document');
  });
});
