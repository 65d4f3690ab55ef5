import { describe, expect, it } from 'vitest';
import { sharedEnough, swappedBirthdate } from './duplicates';
import { possibleDuplicate } from './name-match';

describe('swappedBirthdate', () => {
  it('swaps day and month when the result is a valid, different date', () => {
    expect(swappedBirthdate('1999-04-12')).toBe('1999-12-04');
    expect(swappedBirthdate('1999-12-04')).toBe('1999-04-12');
    expect(swappedBirthdate('2000-02-01')).toBe('2000-01-02');
  });
  it('gives nothing when the swap is not a date or changes nothing', () => {
    expect(swappedBirthdate('1999-04-13')).toBeUndefined();
    expect(swappedBirthdate('1999-05-05')).toBeUndefined();
    expect(swappedBirthdate(undefined)).toBeUndefined();
    expect(swappedBirthdate('12/04/1999')).toBeUndefined();
  });
  it('agrees with the plaintext rule of name-match.ts', () => {
    const a = { name: 'Amina Haddad', birthdate: '1999-04-12' };
    expect(possibleDuplicate(a, { name: 'Haddad Amina', birthdate: swappedBirthdate(a.birthdate) }).possible).toBe(true);
  });
});

describe('sharedEnough', () => {
  it('needs two shared keys, or every key of a one-key name', () => {
    expect(sharedEnough(['a', 'b', 'c'], ['b', 'c'])).toBe(true);
    expect(sharedEnough(['a', 'b'], ['b', 'x'])).toBe(false);
    expect(sharedEnough(['a'], ['a', 'b'])).toBe(true);
    expect(sharedEnough([], [])).toBe(false);
  });
});
