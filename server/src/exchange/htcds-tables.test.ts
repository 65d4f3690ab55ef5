import { describe, expect, it } from 'vitest';
import { isIsoDate } from './htcds-tables';

/** The definition: a date that a UTC Date gives back unchanged (years before 100 are read as 19xx by Date.UTC). */
function byDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

describe('isIsoDate', () => {
  it('accepts exactly the real calendar dates written YYYY-MM-DD', () => {
    for (const s of ['2024-02-29', '2000-02-29', '2023-12-31', '0100-01-01', '9999-12-31']) expect(isIsoDate(s), s).toBe(true);
    for (const s of ['2023-02-29', '1900-02-29', '2023-04-31', '2023-13-01', '2023-00-10', '2023-01-00', '0099-01-01', '2023-1-01', '2023/01/01', ' 2023-01-01', '2023-01-01T00:00', '２０２３-01-01', '']) {
      expect(isIsoDate(s), s).toBe(false);
    }
  });

  it('agrees with the calendar of Date on every day of four centuries and on malformed strings', () => {
    const pad = (n: number, w: number) => String(n).padStart(w, '0');
    for (const y of [1600, 1700, 1899, 1900, 1999, 2000, 2023, 2024, 2100, 2400]) {
      for (let mo = 0; mo <= 13; mo += 1) for (let d = 0; d <= 32; d += 1) {
        const s = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}`;
        expect(isIsoDate(s), s).toBe(byDate(s));
      }
    }
    for (const s of ['2023-0a-01', '20x3-01-01', '2023-01-1a', '2023--1-01', '2023-01-+1', '2023-01-01 ']) expect(isIsoDate(s), s).toBe(byDate(s));
  });
});
