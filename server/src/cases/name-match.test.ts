import { describe, expect, it } from 'vitest';
import { nameKeys, normaliseName, possibleDuplicate } from './name-match';

function sameKey(names: string[]): void {
  const keys = names.map((n) => normaliseName(n).join(' '));
  expect(new Set(keys).size, `${names.join(', ')} → ${keys.join(', ')}`).toBe(1);
  expect(keys[0]).not.toBe('');
}

describe('normaliseName', () => {
  it('matches spelling and script variants of the same name', () => {
    sameKey(['Mohammed', 'Muhammad', 'Mohamed', 'Mohamad', 'محمد', 'مُحَمَّد', 'MOHAMMED', 'Moḥammed']);
    sameKey(['Ahmed', 'Ahmad', 'أحمد', 'احمد', 'إحمد']);
    sameKey(['Fatima', 'Fatma', 'Fatimah', 'فاطمة', 'فاطمه']);
    sameKey(['Youssef', 'Yusuf', 'Yousef', 'يوسف']);
    sameKey(['Abdel Rahman', 'Abdulrahman', 'Abdul-Rahman', 'Abd al-Rahman', 'Abderrahmane', 'عبد الرحمن', 'عبدالرحمن', 'عبد الرحمٰن']);
    sameKey(['Abdullah', 'Abdallah', 'عبد الله']);
    sameKey(['Khaled', 'Khalid', 'خالد']);
    sameKey(['Aisha', 'Aicha', 'Aïcha', 'عائشة']);
    sameKey(['Ben Ali', 'Benali', 'بن علي']);
    sameKey(['El Amrani', 'Al-Amrani', 'العمراني']);
    sameKey(['Mustafa', 'Moustapha', 'مصطفى', 'مصطفـــى']);
  });

  it('keeps different names apart', () => {
    const key = (n: string): string => normaliseName(n).join(' ');
    expect(key('Maria')).not.toBe(key('Mohammed'));
    expect(key('Maria')).not.toBe(key('Omar'));
    expect(key('Ahmed')).not.toBe(key('Hamid'));
    expect(key('Fatima')).not.toBe(key('Fatoumata'));
    expect(key('Youssef')).not.toBe(key('Joseph'));
  });

  it('documents the known limit: names differing only in vowels share a key', () => {
    // Hassan/Hussein and Mahmoud/Mohammed differ only by a long vowel; possibleDuplicate
    // therefore also requires birth date or citizenship evidence.
    expect(normaliseName('Hussein')).toEqual(normaliseName('Hassan'));
    expect(normaliseName('Mahmoud')).toEqual(normaliseName('Mohammed'));
  });

  it('returns no key for a name without letters', () => {
    expect(normaliseName(' - ')).toEqual([]);
    expect(nameKeys('')).toEqual([]);
  });
});

describe('nameKeys', () => {
  it('is independent of name order and script', () => {
    expect(nameKeys('Mohamed Ben Ali')).toEqual(nameKeys('بن علي محمد'));
    expect(nameKeys('Fatma El Amrani')).toEqual(nameKeys('العمراني فاطمة'));
  });
});

describe('possibleDuplicate', () => {
  const a = { name: 'Mohammed Ben Ali', birthdate: '1990-04-03', citizenship: ['TN'] };

  it('flags the same person written differently', () => {
    expect(possibleDuplicate(a, { name: 'محمد بن علي', birthdate: '1990-04-03', citizenship: ['TN'] }).possible).toBe(true);
    expect(possibleDuplicate(a, { name: 'Muhammad Benali', birthdate: '1990-03-04' }).possible).toBe(true);
    expect(possibleDuplicate(a, { name: 'Ben Ali Mohamed', citizenship: ['FR', 'TN'] }).possible).toBe(true);
  });

  it('does not flag different people or a bare name match', () => {
    expect(possibleDuplicate(a, { name: 'Maria Ben Ali', birthdate: '1990-04-03', citizenship: ['TN'] }).possible).toBe(false);
    expect(possibleDuplicate(a, { name: 'Mohammed Ben Ali', birthdate: '1991-04-03', citizenship: ['TN'] }).possible).toBe(false);
    expect(possibleDuplicate(a, { name: 'Mohammed Ben Ali', birthdate: '1990-04-03', citizenship: ['MA'] }).possible).toBe(false);
    expect(possibleDuplicate(a, { name: 'Mohammed Ben Ali' }).possible).toBe(false);
    expect(possibleDuplicate(a, { name: 'Mohammed Trabelsi', birthdate: '1990-04-03', citizenship: ['TN'] }).possible).toBe(false);
  });
});
