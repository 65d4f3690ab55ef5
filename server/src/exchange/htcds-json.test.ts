import { describe, expect, it } from 'vitest';
import { generateCases } from '../../../scripts/generate-cases';
import type { HtcdsBundle } from '../../../common/htcds';
import { exportJson, importJson, importJsonInChunks, sameJson } from './htcds-json';

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
    // Each problem names its own record, as plain data.
    const birthdate = result.errors.find((e) => e.column === 'prs_Birthdate')!;
    expect(JSON.parse(JSON.stringify(birthdate.params)).path).toMatch(/^cases\[2\]\.prs\[\d\]$/);
    expect(result.errors.find((e) => e.column === 'vic_AgeWhenTrafficked')?.params.path).toBe('cases[0].vic[0]');
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

  describe('a case at a time (importJsonInChunks)', () => {
    const chunked = async (text: string, size = 7) => {
      const got: HtcdsBundle[][] = [];
      const result = await importJsonInChunks(text, async (b) => void got.push(b), size);
      return { result, bundles: got.flat(), chunks: got.map((c) => c.length) };
    };

    it('hands over the same bundles as importJson, in chunks', async () => {
      const bundles = generateCases(40, 11);
      const { result, bundles: got, chunks } = await chunked(exportJson(bundles));
      expect(result).toEqual({ ok: true, cases: 40 });
      expect(got).toEqual(bundles);
      expect(chunks).toEqual([7, 7, 7, 7, 7, 5]);
    });

    it('reads records whose fields are in any order, and reports bad fields among them, like importJson', async () => {
      // exportJson lists a record's fields in HTCDS column order, which the reader walks; other
      // documents may not: here every record's fields are reversed or shuffled.
      const bundles = generateCases(20, 13);
      const doc = JSON.parse(exportJson(bundles)) as { cases: Array<Record<string, Record<string, unknown> | Array<Record<string, unknown>>>> };
      let turn = 0;
      const reorder = (r: Record<string, unknown>) => {
        const keys = Object.keys(r);
        turn += 1;
        const order = turn % 2 === 0 ? keys.reverse() : [...keys.slice(1), keys[0]];
        return Object.fromEntries(order.map((k) => [k, r[k]]));
      };
      for (const c of doc.cases) for (const [t, v] of Object.entries(c)) c[t] = Array.isArray(v) ? v.map(reorder) : reorder(v);
      const text = JSON.stringify(doc);
      expect(text).not.toEqual(exportJson(bundles).trim());
      const { result, bundles: got } = await chunked(text);
      expect(result).toEqual({ ok: true, cases: 20 });
      expect(got).toEqual(bundles);
      const vic = (doc.cases[3].vic as Array<Record<string, unknown>>)[0];
      vic.vic_AgeWhenTrafficked = 'old';
      vic.vic_Mood = 'x';
      const bad = JSON.stringify(doc);
      const expected = importJson(bad);
      expect(expected.ok).toBe(false);
      expect((await chunked(bad)).result).toEqual(expected);
    });

    it('reports the same problems as importJson, in the same order', async () => {
      const doc = JSON.parse(exportJson(generateCases(12, 2))) as { cases: Array<Record<string, unknown>> };
      const vic = (doc.cases[0].vic as Array<Record<string, unknown>>)[0];
      vic.vic_AgeWhenTrafficked = '17';
      (doc.cases[5].prs as Array<Record<string, unknown>>)[0].prs_Citizenship = ['TUN'];
      doc.cases[7].extra = [];
      for (const text of [JSON.stringify(doc), JSON.stringify({ ...doc, cases: doc.cases.slice(0, 5) })]) {
        const { result } = await chunked(text);
        expect(result).toEqual(importJson(text));
      }
      const refs = JSON.parse(exportJson(generateCases(12, 2))) as { cases: Array<{ cas: Record<string, unknown>; hte: Array<Record<string, unknown>> }> };
      refs.cases[3].cas.cas_PersonId = 'nobody';
      refs.cases[9].hte[0].hte_Id = refs.cases[2].hte[0].hte_Id;
      refs.cases[6].hte.push({ ...refs.cases[6].hte[0] }); // the same id twice in one case
      (refs.cases[10] as unknown as { prs: unknown[] }).prs.push({ prs_Id: "prs-lonely" });
      const text = JSON.stringify(refs);
      expect((await chunked(text)).result).toEqual(importJson(text));
      const lonely = JSON.parse(exportJson(generateCases(5, 2))) as { cases: Array<{ prs: unknown[] }> };
      lonely.cases[2].prs.push({ prs_Id: 'prs-lonely' });
      const lonelyText = JSON.stringify(lonely);
      const expected = importJson(lonelyText);
      expect(expected.ok).toBe(false);
      expect((await chunked(lonelyText)).result).toEqual(expected);
    });

    it('reports conflicting repeats of organisations and persons like importJson', async () => {
      const doc = JSON.parse(exportJson(generateCases(6, 4))) as { cases: Array<{ prs: Array<Record<string, unknown>>; org: Array<Record<string, unknown>> }> };
      doc.cases[4].prs.push({ ...doc.cases[1].prs[0], prs_Gender: doc.cases[1].prs[0].prs_Gender === 'Feminine' ? 'Masculine' : 'Feminine' });
      doc.cases[5].prs.push({ ...doc.cases[2].prs[0] });
      const text = JSON.stringify(doc);
      expect((await chunked(text)).result).toEqual(importJson(text));
      // Organisations: repeated with their fields in another order (the same), or with another name.
      const orgs = JSON.parse(exportJson(generateCases(6, 4))) as { cases: Array<{ org: Array<Record<string, unknown>> }> };
      const first = orgs.cases[0].org[0];
      orgs.cases[3].org.push(Object.fromEntries(Object.entries(first).reverse()));
      orgs.cases[4].org.push({ ...first, org_Name: `${String(first.org_Name)} (renamed)` });
      const orgText = JSON.stringify(orgs);
      const expected = importJson(orgText);
      expect(expected.ok).toBe(false);
      if (!expected.ok) expect(expected.errors.filter((e) => e.code === 'exchange.conflicting_record').map((e) => [e.table, e.row])).toEqual([['org', 5]]);
      expect((await chunked(orgText)).result).toEqual(expected);
    });

    it('tells decoded JSON values apart as their stable JSON would (sameJson)', () => {
      expect(sameJson({ a: 1, b: ['x', { c: null }] }, { b: ['x', { c: null }], a: 1 })).toBe(true);
      expect(sameJson({ a: 1 }, { a: 1, b: 2 })).toBe(false);
      expect(sameJson({ a: 1, b: 2 }, { a: 1, c: 2 })).toBe(false);
      expect(sameJson(['x', 'y'], ['y', 'x'])).toBe(false);
      expect(sameJson(['x'], { 0: 'x' })).toBe(false);
      expect(sameJson({ a: '1' }, { a: 1 })).toBe(false);
      expect(sameJson(undefined, {})).toBe(false);
      expect(sameJson(null, null)).toBe(true);
    });

    it('reads UTF-8 bytes (with or without a byte order mark) like the same text', async () => {
      const doc = JSON.parse(exportJson(generateCases(9, 6))) as { cases: Array<{ cco?: Array<Record<string, unknown>> }> };
      // Arabic, French and a quote, a backslash and a bracket inside strings: byte offsets must not split them.
      doc.cases[3].cco = [{ cco_Id: 'cco-x', cco_CaseId: (doc.cases[3] as { cas: { cas_Id: string } }).cas.cas_Id, cco_CaseComment: 'ملاحظة « été » "q" \\ ] } [' }];
      const text = JSON.stringify(doc, null, 1);
      const expected = await chunked(text);
      expect(expected.result.ok).toBe(true);
      for (const bytes of [Buffer.from(text, 'utf8'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')])]) {
        const got: HtcdsBundle[][] = [];
        expect(await importJsonInChunks(bytes, async (b) => void got.push(b), 7)).toEqual(expected.result);
        expect(got.flat()).toEqual(expected.bundles);
      }
      expect(expected.bundles.flatMap((b) => b.cco).find((c) => c.cco_Id === 'cco-x')?.cco_CaseComment).toBe('ملاحظة « été » "q" \\ ] } [');
      expect(importJson(`\ufeff${text}`).ok).toBe(true);
    });

    it('leaves documents that are not JSON, not HTCDS or that link records across cases to importJson', async () => {
      expect((await chunked('{"standard": "HTCDS", "cases": [1,')).result).toEqual({ ok: false, fallback: true });
      expect((await chunked('{"cases": 3}')).result).toEqual(importJson('{"cases": 3}'));
      const doc = JSON.parse(exportJson(generateCases(3, 5))) as { cases: Array<{ cas: Record<string, unknown>; hte: Array<Record<string, unknown>> }> };
      doc.cases[2].hte[0].hte_CaseId = doc.cases[0].cas.cas_Id;
      const text = JSON.stringify(doc);
      expect(importJson(text).ok).toBe(true);
      expect((await chunked(text)).result).toEqual({ ok: false, fallback: true });
    });
  });
});

