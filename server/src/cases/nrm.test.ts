import { describe, expect, it } from 'vitest';
import { addWorkingDays, applyTransition, DEFAULT_NRM_SETTINGS, TransitionError } from './nrm';
import { sniffType } from './attachments.service';

describe('NRM deadlines and state machine', () => {
  it('counts working days, skipping the configured weekend', () => {
    expect(addWorkingDays('2026-03-06', 5, [0, 6])).toBe('2026-03-13'); // Friday + 5 working days
    expect(addWorkingDays('2026-03-05', 1, [5, 6])).toBe('2026-03-08'); // Thursday, Fri–Sat weekend → Sunday
  });

  it('sets the reflection period on a positive reasonable-grounds decision and refuses steps out of order', () => {
    const r = applyTransition({ state: 'under_assessment', reconsiderationOf: null, reflectionEnds: null }, 'rg_decision', { outcome: 'positive', reasons: 'x' }, '2026-01-01', { ...DEFAULT_NRM_SETTINGS, reflectionDays: 45 });
    expect(r.to).toBe('reflection');
    expect(r.patch.reflection_ends).toBe('2026-02-15');
    expect(() => applyTransition({ state: 'closed', reconsiderationOf: null, reflectionEnds: null }, 'cg_decision', { outcome: 'positive', reasons: 'x' }, '2026-01-01', DEFAULT_NRM_SETTINGS)).toThrow(TransitionError);
    expect(() => applyTransition({ state: 'reflection', reconsiderationOf: null, reflectionEnds: '2026-02-01' }, 'extend_reflection', { reasonCode: 'boredom', days: 3 }, '2026-01-01', DEFAULT_NRM_SETTINGS)).toThrow('cases.reason_code_required');
  });

  it('returns a reconsidered negative conclusive-grounds decision to assistance when positive, to its negative state otherwise', () => {
    const base = { state: 'reconsideration' as const, reconsiderationOf: 'cg' as const, reflectionEnds: null };
    expect(applyTransition(base, 'reconsideration_decision', { outcome: 'positive', reasons: 'x' }, '2026-01-01', DEFAULT_NRM_SETTINGS).to).toBe('assistance');
    expect(applyTransition(base, 'reconsideration_decision', { outcome: 'negative', reasons: 'x' }, '2026-01-01', DEFAULT_NRM_SETTINGS).to).toBe('cg_negative');
  });
});

describe('attachment type sniffing', () => {
  it('recognises PDF, JPEG and PNG by their first bytes only', () => {
    expect(sniffType(Buffer.from('%PDF-1.7'))).toBe('application/pdf');
    expect(sniffType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffType(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('image/png');
    expect(sniffType(Buffer.from('GIF89a'))).toBeUndefined();
  });
});
