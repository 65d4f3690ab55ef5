import { describe, expect, it } from 'vitest';
import { NRM_DEFAULTS } from '../../../common/cases';
import { generateCases } from './generate-cases';

const DAY = 86_400_000;
const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / DAY;
const OPEN = ['UnderAssessment', 'RecoveryAndReflection', 'Assistance'];

describe('generated cases seen from a day (the demo country)', () => {
  for (const asOf of ['2026-12-01', '2028-03-15']) {
    it(`are as far along the NRM path as their age allows on ${asOf}`, () => {
      const bundles = generateCases(600, 2026, { asOf });
      const referrals = bundles.map((b) => b.cas.cas_IncomingReferralDate).filter((d): d is string => d !== undefined).sort();
      // The newest referrals are recent, none is later than the day.
      expect(referrals.at(-1)! <= asOf).toBe(true);
      expect(days(referrals.at(-1)!, asOf)).toBeLessThan(30);
      for (const b of bundles) {
        const ext = b.jisr!;
        for (const d of ext.decisions ?? []) expect(d.date <= asOf).toBe(true);
        for (const d of [b.cas.cas_OutgoingReferralDate, ...b.spl.map((s) => s.spl_ActualEndDate)]) if (d) expect(d <= asOf).toBe(true);
        if (OPEN.includes(ext.nrmStatus!)) {
          // An open case's deadline is around the day: at most 60 days past (a reflection period ended, its conclusive-grounds decision awaited), at most one review ahead.
          const due = ext.deadlines![0].dueDate;
          expect(days(asOf, due)).toBeGreaterThanOrEqual(-61);
          expect(days(asOf, due)).toBeLessThanOrEqual(NRM_DEFAULTS.followUpDays);
        } else {
          expect(ext.deadlines).toBeUndefined();
        }
        const cg = ext.decisions?.find((d) => d.kind === 'ConclusiveGrounds');
        if (cg) expect(b.vic[0].vic_TraffickingStatus).toBe(cg.outcome === 'Positive' ? 'ActualVictimOfTrafficking' : 'NotAVictimOfTrafficking');
      }
      const counts = new Map<string, number>();
      for (const b of bundles) counts.set(b.jisr!.nrmStatus!, (counts.get(b.jisr!.nrmStatus!) ?? 0) + 1);
      // Most cases are concluded; some are at each open step.
      for (const state of OPEN) expect(counts.get(state) ?? 0).toBeGreaterThan(0);
      expect(OPEN.reduce((n, s) => n + (counts.get(s) ?? 0), 0)).toBeLessThan(bundles.length / 4);
    });
  }

  it('are drawn as before without a day: years up to 2026, the same bundles for the same seed', () => {
    const bundles = generateCases(300, 7);
    expect(bundles).toEqual(generateCases(300, 7));
    const dates = bundles.map((b) => b.cas.cas_IncomingReferralDate).filter((d): d is string => d !== undefined).sort();
    expect(dates[0] >= '2015-01-01' && dates.at(-1)! <= '2026-05-31').toBe(true);
    // Without a day to be seen from, an old case may still wait for its decision (benchmarks and tests rely on these bundles).
    expect(bundles.some((b) => b.jisr!.nrmStatus === 'UnderAssessment' && b.cas.cas_IncomingReferralDate! < '2020-01-01')).toBe(true);
  });
});
