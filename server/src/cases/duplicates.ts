/**
 * Pure helpers of duplicate detection on blind-indexed keys (the rule of name-match.ts
 * `possibleDuplicate`, which compares plaintext): shared name keys, and birth dates that agree
 * exactly or with day and month swapped (a common transcription error between d/m and m/d forms).
 */

/** The birth date with day and month swapped, when that is another valid date (`YYYY-MM-DD`); otherwise undefined. */
export function swappedBirthdate(birthdate: string | undefined | null): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthdate ?? '');
  if (!m) return undefined;
  const [, y, month, day] = m;
  if (month === day || Number(day) > 12) return undefined;
  const swapped = `${y}-${day}-${month}`;
  const d = new Date(`${swapped}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === swapped ? swapped : undefined;
}

/** True when two name-key sets share enough keys: two, or every key of a one-key name. */
export function sharedEnough(a: readonly string[], b: readonly string[]): boolean {
  const bs = new Set(b);
  const shared = a.filter((k) => bs.has(k)).length;
  return shared >= Math.min(2, a.length, b.length) && shared > 0;
}
