import { describe, expect, it } from 'vitest';
import { BudgetLedger } from './budget';
import { PrivacyError } from './errors';
import { protectCounts } from './release';
import { skewedTable } from './testing/fixtures';

describe('BudgetLedger', () => {
  it('adds spends (basic composition) and reports what remains', () => {
    const ledger = new BudgetLedger('ds1', { epsilon: 2, delta: 1e-5 });
    ledger.spend({ releaseId: 'r1', label: 'counts', epsilon: 0.5, delta: 1e-6 });
    ledger.spend({ releaseId: 'r2', label: 'synthetic', epsilon: 1, delta: 2e-6 });
    expect(ledger.spent()).toEqual({ epsilon: 1.5, delta: 3e-6 });
    expect(ledger.remaining().epsilon).toBeCloseTo(0.5);
    expect(ledger.entries().map((e) => e.releaseId)).toEqual(['r1', 'r2']);
  });

  it('refuses a release over budget with stats.budget_exceeded and records nothing', () => {
    const ledger = new BudgetLedger('ds1', { epsilon: 1, delta: 1e-6 });
    ledger.spend({ releaseId: 'r1', label: '', epsilon: 0.8, delta: 0 });
    let caught: unknown;
    try {
      ledger.spend({ releaseId: 'r2', label: '', epsilon: 0.3, delta: 0 });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PrivacyError);
    expect((caught as PrivacyError).code).toBe('stats.budget_exceeded');
    expect((caught as PrivacyError).status).toBe(409);
    expect(ledger.entries()).toHaveLength(1);
    expect(() => ledger.spend({ releaseId: 'r3', label: '', epsilon: 0.1, delta: 2e-6 })).toThrow('stats.budget_exceeded');
    expect(ledger.fits({ epsilon: 0.2, delta: 1e-6 })).toBe(true);
  });

  it('lets ten spends of 0.1 use a budget of 1 exactly, and not an eleventh', () => {
    const ledger = new BudgetLedger('ds1', { epsilon: 1, delta: 1e-6 });
    for (let i = 0; i < 10; i++) ledger.spend({ releaseId: `r${i}`, label: '', epsilon: 0.1, delta: 1e-7 });
    expect(ledger.fits({ epsilon: 0.1, delta: 0 })).toBe(false);
    expect(ledger.fits({ epsilon: 0, delta: 0 })).toBe(true);
  });

  it('resumes from persisted entries', () => {
    const first = new BudgetLedger('ds1', { epsilon: 1, delta: 1e-6 });
    first.spend({ releaseId: 'r1', label: '', epsilon: 0.9, delta: 0, at: '2026-01-01T00:00:00.000Z' });
    const again = new BudgetLedger('ds1', first.total, first.entries());
    expect(again.fits({ epsilon: 0.2, delta: 0 })).toBe(false);
  });

  it('rejects invalid costs', () => {
    expect(() => new BudgetLedger('ds', { epsilon: -1, delta: 0 })).toThrow('stats.invalid_parameter');
    const ledger = new BudgetLedger('ds', { epsilon: 1, delta: 0.1 });
    expect(() => ledger.fits({ epsilon: Number.NaN, delta: 0 })).toThrow('stats.invalid_parameter');
  });

  it('makes a DP release spend the ledger, and refuses one over budget before computing it', () => {
    const table = skewedTable(500, 1);
    const ledger = new BudgetLedger('ds1', { epsilon: 1.5, delta: 1e-5 });
    const protection = { kind: 'differential-privacy', epsilon: 1, delta: 1e-6 } as const;
    const release = protectCounts({ table, maxLength: 2, protection, ledger, releaseId: 'r1' });
    expect(release.ledgerEntry?.epsilon).toBe(1);
    expect(() => protectCounts({ table, maxLength: 2, protection, ledger, releaseId: 'r2' })).toThrow('stats.budget_exceeded');
    expect(ledger.entries()).toHaveLength(1);
    expect(() => protectCounts({ table, maxLength: 2, protection })).toThrow('stats.invalid_parameter');
  });
});
