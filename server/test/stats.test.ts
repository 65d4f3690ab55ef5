import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO, type TestApp } from './support/test-app';
import { seedStatCases, type StatSets } from './stats-support';
import { boundValues } from '../src/stats/privacy/index';

// The default attributes (the ten) hold four multi-valued ones; recruiter relation is the eleventh.
const PER_VALUE_TABLES = ['exploitation_type[]', 'forced_labour_industry[]', 'methods_of_control[]', 'recruitment[]'];
type Cell = { values: string[]; count: number; share: number; groupShare?: number | null };

describe('statistics: datasets, protected releases, budget ledger, publication', () => {
  let t: TestApp;
  let consenting = 0;
  let consentingSets: StatSets[] = [];
  beforeAll(async () => {
    t = await createTestApp();
    ({ consenting, consentingSets } = await seedStatCases(t.db, t.orgIds[Object.keys(t.orgIds)[0]], 600));
  });
  afterAll(async () => t?.close());

  it('refuses anonymous (401) and roles without statistics (403)', async () => {
    expect((await t.anonymous().get('/api/stats/datasets')).status).toBe(401);
    const cw = await t.as(DEMO.caseworker);
    expect((await cw.get('/api/stats/datasets')).status).toBe(403);
    expect((await cw.post('/api/stats/datasets', { name: 'x', epsilon: 1, delta: 1e-6 })).status).toBe(403);
    const admin = await t.as(DEMO.admin);
    expect((await admin.get('/api/stats/releases')).status).toBe(403);
  });

  it('validates the body (400 naming the field)', async () => {
    const a = await t.as(DEMO.analyst);
    const r = await a.post('/api/stats/datasets', { name: 'x', epsilon: -1, delta: 1e-6 });
    expect(r.status).toBe(400);
    expect(r.body.error.field).toBe('epsilon');
    const unknown = await a.post('/api/stats/datasets', { name: 'x', epsilon: 1, delta: 1e-6, rows: [] });
    expect(unknown.status).toBe(400);
  });

  it('builds a dataset from consenting cases only, releases k-anonymous counts with synthetic data, and publishes them', async () => {
    const a = await t.as(DEMO.analyst);
    const d = await a.post('/api/stats/datasets', { name: 'Cases 2026', epsilon: 2, delta: 1e-5 });
    expect(d.status).toBe(201);
    expect(d.body.rows).toBe(consenting);
    expect(d.body).not.toHaveProperty('codes');

    const r = await a.post(`/api/stats/datasets/${d.body.id}/releases`, {
      label: 'Annual report', maxLength: 2, protection: { kind: 'k-anonymity', k: 5 }, synthetic: true,
    });
    expect(r.status).toBe(201);
    expect(r.body.status).toBe('draft');
    expect(r.body.total).toBe(consenting);
    expect(r.body.fidelity.released).toHaveLength(2);
    expect(r.body.fidelity.synthetic.rareRowCopies).toBe(0);

    const table = await a.get(`/api/stats/releases/${r.body.id}/table?columns=sex,year`);
    expect(table.status).toBe(200);
    expect(table.body.columns).toEqual(['year', 'sex']);
    expect(table.body.cells.length).toBeGreaterThan(0);
    for (const c of table.body.cells) expect(c.count).toBeGreaterThanOrEqual(5);
    expect(table.body.cells[0].share).toBeCloseTo(table.body.cells[0].count / consenting);

    // Per-value tables: each value counts the cases having it (at most 4 values per case, chosen with the dataset as seed), exact under k-suppression.
    expect(r.body.perValue).toEqual({ tables: PER_VALUE_TABLES, cap: 4 });
    expect(d.body.attributes).not.toContain('methods_of_control[]');
    const control = await a.get(`/api/stats/releases/${r.body.id}/table?columns=${encodeURIComponent('methods_of_control[]')}`);
    expect(control.status).toBe(200);
    expect(control.body.columns).toEqual(['methods_of_control[]']);
    const expected = new Map<string, number>();
    for (const sets of consentingSets) for (const v of boundValues(sets.methods_of_control, 4, d.body.id)) expected.set(v, (expected.get(v) ?? 0) + 1);
    expect(consentingSets.some((s) => s.methods_of_control.length > 2)).toBe(true);
    expect(control.body.cells.length).toBeGreaterThan(5);
    for (const c of control.body.cells as Cell[]) {
      expect(c.count).toBeGreaterThanOrEqual(5);
      expect(c.count).toBe(expected.get(c.values[0]));
      expect(c.share).toBeCloseTo(c.count / consenting);
    }
    // A case counts under several values, so the per-value counts add up to more than the cases.
    expect((control.body.cells as Cell[]).reduce((sum, c) => sum + c.count, 0)).toBeGreaterThan(consenting);
    expect(r.body.fidelity.perValue.tables.map((x: { column: string }) => x.column)).toEqual(PER_VALUE_TABLES);
    expect(r.body.fidelity.perValue.tables[2].fabricatedShare).toBe(0);
    // A per-value table is released alone.
    expect((await a.get(`/api/stats/releases/${r.body.id}/table?columns=sex,${encodeURIComponent('methods_of_control[]')}`)).body.error.code).toBe('stats.table_not_released');

    // Shares within groups (a conditional rate): each cell over the released count of its type of exploitation.
    const byType = await a.get(`/api/stats/releases/${r.body.id}/table?columns=exploitation_type`);
    const typeCount = new Map((byType.body.cells as Cell[]).map((c) => [c.values[0], c.count]));
    const rates = await a.get(`/api/stats/releases/${r.body.id}/table?columns=sex,exploitation_type&groupBy=exploitation_type`);
    expect(rates.status).toBe(200);
    expect(rates.body.groupBy).toBe('exploitation_type');
    expect(rates.body.columns).toEqual(['sex', 'exploitation_type']);
    let withRate = 0;
    for (const c of rates.body.cells as Cell[]) {
      const group = typeCount.get(c.values[1]);
      if (group === undefined) expect(c.groupShare).toBeNull();
      else {
        withRate += 1;
        expect(c.groupShare).toBeCloseTo(c.count / group, 12);
      }
    }
    expect(withRate).toBeGreaterThan(2);
    expect((await a.get(`/api/stats/releases/${r.body.id}/table?columns=sex,exploitation_type&groupBy=year`)).body.error.code).toBe('stats.invalid_group');
    expect((await a.get(`/api/stats/releases/${r.body.id}/table?columns=sex&groupBy=sex`)).status).toBe(400);

    // Not released: a 3-way table of a length-2 release, an unknown attribute.
    expect((await a.get(`/api/stats/releases/${r.body.id}/table?columns=year,sex,citizenship`)).body.error.code).toBe('stats.table_not_released');
    const bad = await a.post(`/api/stats/datasets/${d.body.id}/releases`, { label: 'x', maxLength: 1, attributes: ['name'], protection: { kind: 'k-anonymity', k: 5 } });
    expect(bad.status).toBe(400);

    const csv = await a.get(`/api/stats/releases/${r.body.id}/synthetic.csv`);
    expect(csv.status).toBe(200);
    const header = String(csv.body).split('\n')[0].split(',');
    expect(header).toContain('yearOfRegistration');
    expect(header).toContain('CountryOfExploitation');
    expect(header).toContain('meansOfControlDebtBondage');
    expect(header).toContain('isForcedLabour');

    // Drafts are invisible to the public.
    const pub = t.anonymous();
    expect((await pub.get(`/api/public/releases/${r.body.id}/table?columns=year`)).status).toBe(404);
    expect((await pub.get('/api/public/releases/latest')).status).toBe(404);

    const published = await a.post(`/api/stats/releases/${r.body.id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body.status).toBe('published');
    expect((await a.post(`/api/stats/releases/${r.body.id}/publish`)).status).toBe(409);

    const latest = await pub.get('/api/public/releases/latest');
    expect(latest.status).toBe(200);
    expect(latest.body.id).toBe(r.body.id);
    const pt = await pub.get(`/api/public/releases/${r.body.id}/table?columns=citizenship,country_of_exploitation`);
    expect(pt.status).toBe(200);
    expect(pt.body.cells.every((c: { count: number }) => c.count >= 5)).toBe(true);
    const publicControl = await pub.get(`/api/public/releases/${r.body.id}/table?columns=${encodeURIComponent('methods_of_control[]')}`);
    expect(publicControl.status).toBe(200);
    expect(publicControl.body.cells).toEqual(control.body.cells);
    expect((await pub.get(`/api/public/releases/${r.body.id}/synthetic.csv`)).status).toBe(200);

    const audit = await t.db.query<{ action: string }>("SELECT action FROM audit_log WHERE resource_id = $1 ORDER BY id", [r.body.id]);
    expect(audit.rows.map((x) => x.action)).toEqual(['stats.release_create', 'stats.release_publish']);
  });

  it('spends the privacy budget per DP release, refuses a release that does not fit (409, in French), and shows the ledger', async () => {
    const a = await t.as(DEMO.analyst, 'fr');
    const d = await a.post('/api/stats/datasets', { name: 'DP', epsilon: 1, delta: 1e-5 });
    const first = await a.post(`/api/stats/datasets/${d.body.id}/releases`, {
      label: 'DP 1', maxLength: 2, attributes: ['year', 'sex', 'age_group', 'exploitation_type'], protection: { kind: 'differential-privacy', epsilon: 0.6, delta: 4e-6 },
    });
    expect(first.status).toBe(201);
    expect(first.body.protection).toMatchObject({ kind: 'differential-privacy', epsilon: 0.6 });
    // Its per-value table takes 20% of the release's budget; the release still costs ε = 0.6 (one ledger line).
    expect(first.body.perValue).toEqual({ tables: ['exploitation_type[]'], cap: 4, budgetShare: 0.2 });
    const types = await a.get(`/api/stats/releases/${first.body.id}/table?columns=${encodeURIComponent('exploitation_type[]')}`);
    expect(types.status).toBe(200);
    // With ~540 cases at ε = 0.6 a value may or may not clear the noise threshold; what is served is what the report counts.
    expect(types.body.cells.length).toBe(first.body.fidelity.perValue.tables[0].releasedCombinations);
    expect(first.body.fidelity.perValue.tables[0].fabricatedShare).toBe(0);
    for (const c of types.body.cells as Cell[]) expect(c.count).toBeLessThanOrEqual(first.body.total);
    const second = await a.post(`/api/stats/datasets/${d.body.id}/releases`, {
      label: 'DP 2', maxLength: 1, protection: { kind: 'differential-privacy', epsilon: 0.6, delta: 4e-6 },
    });
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('stats.budget_exceeded');
    expect(second.body.error.message).toContain('Rien n’a été publié');
    const third = await a.post(`/api/stats/datasets/${d.body.id}/releases`, {
      label: 'DP 3', maxLength: 1, attributes: ['year'], protection: { kind: 'differential-privacy', epsilon: 0.4, delta: 4e-6, mechanism: 'laplace' },
    });
    expect(third.status).toBe(201);
    const ledger = await a.get(`/api/stats/datasets/${d.body.id}/ledger`);
    expect(ledger.status).toBe(200);
    expect(ledger.body.lines.map((l: { label: string }) => l.label)).toEqual(['DP 1', 'DP 3']);
    expect(ledger.body.lines[0].epsilon).toBe(0.6);
    expect(ledger.body.lines[1].cumulativeEpsilon).toBeCloseTo(1);
    expect(ledger.body.dataset.remaining.epsilon).toBeCloseTo(0);
    const list = await a.get(`/api/stats/releases?datasetId=${d.body.id}`);
    expect(list.body.releases).toHaveLength(2);
  });

  it('withdraws a published release with its reason: the public sees the release before it, the budget stays spent', async () => {
    const a = await t.as(DEMO.analyst, 'ar');
    const d = await a.post('/api/stats/datasets', { name: 'Withdrawal', epsilon: 2, delta: 1e-5 });
    const release = async (label: string) => {
      const r = await a.post(`/api/stats/datasets/${d.body.id}/releases`, { label, maxLength: 1, attributes: ['year', 'sex'], protection: { kind: 'differential-privacy', epsilon: 0.5, delta: 1e-6 } });
      expect(r.status).toBe(201);
      expect((await a.post(`/api/stats/releases/${r.body.id}/publish`)).status).toBe(200);
      return r.body.id as string;
    };
    const first = await release('Quarter 1');
    const second = await release('Quarter 2');
    const pub = t.anonymous();
    expect((await pub.get('/api/public/releases/latest')).body.id).toBe(second);
    const url = `/api/stats/releases/${second}/withdraw`;

    // Only statistics roles may, with a reason; nothing changes otherwise.
    expect((await (await t.as(DEMO.caseworker)).post(url, { reason: 'not mine to withdraw' })).status).toBe(403);
    const noReason = await a.post(url, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.field).toBe('reason');
    expect((await a.post(url, {})).status).toBe(400);
    expect((await pub.get('/api/public/releases/latest')).body.id).toBe(second);

    const withdrawn = await a.post(url, { reason: 'Cases of March were counted twice.' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect(withdrawn.body.withdrawn).toMatchObject({ reason: 'Cases of March were counted twice.' });
    expect(Date.parse(withdrawn.body.withdrawn.at)).toBeGreaterThan(Date.now() - 60_000);

    // The public now sees the release before it, and nothing of the withdrawn one.
    expect((await pub.get('/api/public/releases/latest')).body.id).toBe(first);
    expect((await pub.get('/api/public/releases')).body.releases.map((r: { id: string }) => r.id)).not.toContain(second);
    expect((await pub.get(`/api/public/releases/${second}/table?columns=year`)).status).toBe(404);
    // Analysts still read it, marked withdrawn.
    expect((await a.get(`/api/stats/releases/${second}`)).body.status).toBe('withdrawn');

    // Withdrawn once: a second time (or a draft) is refused in the user's language.
    const again = await a.post(url, { reason: 'Again.' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('stats.not_published');
    expect(again.body.error.message).toContain('لا يمكن سحب');
    const draft = await a.post(`/api/stats/datasets/${d.body.id}/releases`, { label: 'Draft', maxLength: 1, attributes: ['year'], protection: { kind: 'k-anonymity', k: 5 } });
    expect((await a.post(`/api/stats/releases/${draft.body.id}/withdraw`, { reason: 'A draft.' })).status).toBe(409);

    // What it released was public: its budget stays spent.
    const ledger = await a.get(`/api/stats/datasets/${d.body.id}/ledger`);
    expect(ledger.body.lines.map((l: { label: string }) => l.label)).toEqual(['Quarter 1', 'Quarter 2']);
    expect(ledger.body.dataset.remaining.epsilon).toBeCloseTo(1);
    const audit = await t.db.query<{ action: string; reason: string | null }>('SELECT action, reason FROM audit_log WHERE resource_id = $1 ORDER BY audit_log.id', [second]);
    expect(audit.rows.at(-1)).toEqual({ action: 'stats.release_withdraw', reason: 'Cases of March were counted twice.' });
  });

  it('serves UNODC GLOTIP reference series with "<5" kept as a range, and imports all rows or none', async () => {
    const pub = t.anonymous();
    const index = await pub.get('/api/stats/reference/glotip');
    expect(index.status).toBe(200);
    expect(index.body.indicators).toContain('Detected trafficking victims');
    const series = await pub.get(`/api/stats/reference/glotip/series?iso3=ALB&indicator=${encodeURIComponent('Detected trafficking victims')}`);
    expect(series.status).toBe(200);
    expect(series.body.rows.length).toBeGreaterThan(0);
    expect(series.body.rows.some((r: { value: { kind: string; text: string } }) => r.value.kind === 'range' && r.value.text === '<5')).toBe(true);

    const a = await t.as(DEMO.analyst, 'ar');
    const header = 'Iso3_code,Country,Region,Subregion,Indicator,Dimension,Category,Sex,Age,Year,Unit of measurement,txtVALUE,Source';
    const bad = await a.post('/api/stats/reference/glotip', { csv: `${header}\nALB,Albania,Europe,Southern Europe,Detected trafficking victims,Total,Total,Total,Total,20x1,Counts,abc,GLOTIP\n` });
    expect(bad.status).toBe(400);
    expect(bad.body.error.problems).toHaveLength(2);
    expect(bad.body.error.problems[0].message).toContain('الصف 2');
    const good = await a.post('/api/stats/reference/glotip', { csv: `${header}\nALB,Albania,Europe,Southern Europe,Detected trafficking victims,Total,Total,Total,Total,2021,Counts,<5,GLOTIP\n` });
    expect(good.status).toBe(200);
    const after = await pub.get(`/api/stats/reference/glotip/series?iso3=ALB&indicator=${encodeURIComponent('Detected trafficking victims')}`);
    expect(after.body.rows).toEqual([expect.objectContaining({ year: 2021, value: { kind: 'range', lower: 0, upper: 4, text: '<5' } })]);
  });
});
