/**
 * Name normalisation for finding possible duplicate persons across organisations (the same person
 * referred twice), in Arabic and Latin script alike.
 *
 * Algorithm (one key per name part):
 * 1. Unicode NFKD; remove combining marks (Latin accents, Arabic harakat, shadda, superscript alef),
 *    tatweel, apostrophes and transliteration marks (ʿ ʾ ’ '); lower-case.
 * 2. Split into parts on spaces, hyphens, dots and commas. Drop the Arabic article as a separate
 *    part (al, el, ul, and the assimilated ad/ar/as/at/az/ed/er/es/et/ez) and as the prefix ال.
 * 3. Join compounds into one part: ʿAbd + next (Abdel Rahman, Abdul-Rahman, عبد الرحمن,
 *    Abderrahmane, Abdulrahman, عبدالرحمن), Abu/Abou/أبو + next, and bin/ben/ibn/bint/ould/بن/ابن/
 *    بنت/ولد + next (Ben Ali = Benali = بن علي).
 * 4. Reduce each part to a consonant skeleton in a shared alphabet:
 *    - Arabic: letters map to Latin consonant classes (ث→t, ذ→d, ص→s, ض→d, ط→t, ظ→z, ق→k, خ→X,
 *      ش→S, غ→g…); alef, hamza forms, ʿayn, waw, ya and alef maqsura are vowels; final ta marbuta
 *      and final ha are dropped.
 *    - Latin: digraphs first (kh→X, sh/ch/sch→S, gh→g, th→t, dh→d, ph→f, dj→j, ck/q/c→k, c before
 *      e/i/y→s, x→ks, v→f, p→b); a final h after a vowel is dropped (Fatimah, Abdullah ≈ الله).
 *    - A part that starts with a vowel, hamza or ʿayn gets the mark `'` (so Omar ≠ Maria); an initial
 *      w or y (before a vowel) is kept; every other vowel, w and y is dropped; doubled consonants
 *      collapse.
 *    Mohammed, Muhammad, Mohamed, Mohamad, محمد, مُحَمَّد → `mhmd`; Ahmed, Ahmad, أحمد → `'hmd`;
 *    Fatima, Fatma, فاطمة → `ftm`; Youssef, Yusuf, يوسف → `ysf`; Abdel Rahman, عبد الرحمن → `'bdrhmn`.
 *
 * Known limits: vowels carry meaning the skeleton drops (Mahmoud and Mohammed share `mhmd`), and
 * unrelated spellings across languages (Joseph/Youssef, Gamal/Jamal) do not match. This is why
 * `possibleDuplicate` also needs birth date or citizenship evidence, and why it only proposes a
 * duplicate for a person to confirm.
 */

const COMBINING = /[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed]/g;
const TATWEEL = /\u0640/g;
const MARKS = /['\u2019\u2018\u02bc\u02bf\u02be\u0060\u00b4]/g;
const ARABIC = /[\u0600-\u06ff]/;

const ARABIC_CONSONANTS: Record<string, string> = {
  'ب': 'b', 'ت': 't', 'ث': 't', 'ج': 'j', 'ح': 'h', 'خ': 'X', 'د': 'd', 'ذ': 'd', 'ر': 'r', 'ز': 'z', 'س': 's',
  'ش': 'S', 'ص': 's', 'ض': 'd', 'ط': 't', 'ظ': 'z', 'غ': 'g', 'ف': 'f', 'ق': 'k', 'ك': 'k', 'ل': 'l', 'م': 'm',
  'ن': 'n', 'ه': 'h', 'پ': 'b', 'چ': 'S', 'ژ': 'j', 'ڤ': 'f', 'گ': 'g', 'ک': 'k', 'ڭ': 'g',
};
/** Alef, hamza forms and ʿayn: vowel-like; mark the start of a part. */
const ARABIC_GLOTTAL = new Set(['ا', 'أ', 'إ', 'آ', 'ء', 'ؤ', 'ئ', 'ٱ', 'ع']);
const ARABIC_WAW = new Set(['و']);
const ARABIC_YA = new Set(['ي', 'ى', 'ی', 'ې']);

const LATIN_ARTICLES = new Set(['al', 'el', 'ul', 'ad', 'ar', 'as', 'at', 'az', 'ed', 'er', 'es', 'et', 'ez']);
const ABD = new Set(['abd', 'abdel', 'abdul', 'abdal', 'abdoul', 'abdou', 'abdu', 'abdil', 'abdol', 'عبد']);
const ABU = new Set(['abu', 'abou', 'abo', 'أبو', 'ابو']);
const SON_OF = new Set(['bin', 'ben', 'ibn', 'bint', 'ould', 'wuld', 'بن', 'ابن', 'بنت', 'ولد']);

function clean(name: string): string {
  return name.normalize('NFKD').replace(COMBINING, '').replace(TATWEEL, '').replace(MARKS, '').toLowerCase();
}

function stripArabicArticle(part: string): string {
  return part.length > 3 && part.startsWith('ال') ? part.slice(2) : part;
}

/** Splits, drops articles and joins compounds; returns the parts still in their script. */
function parts(name: string): string[] {
  const raw = clean(name)
    .split(/[\s\-.,_/]+/)
    .filter((p) => p !== '');
  const out: string[] = [];
  for (let i = 0; i < raw.length; i++) {
    let p = raw[i];
    if (LATIN_ARTICLES.has(p) && i < raw.length - 1) continue;
    p = stripArabicArticle(p);
    const isCompoundHead = ABD.has(p) || ABU.has(p) || SON_OF.has(p);
    if (isCompoundHead && i < raw.length - 1) {
      let j = i + 1;
      while (j < raw.length - 1 && LATIN_ARTICLES.has(raw[j])) j++;
      const head = ABD.has(p) ? (ARABIC.test(p) ? 'عبد' : 'abd') : p;
      out.push(head + stripArabicArticle(raw[j]));
      i = j;
      continue;
    }
    if (p.startsWith('عبدال') && p.length > 6) p = `عبد${p.slice(5)}`;
    out.push(p.replace(/^abd[aeiou]{0,2}(?:l|([rstdnz])(?=\1))(?=[a-z]{2})/, 'abd'));
  }
  return out;
}

function collapse(s: string): string {
  let out = '';
  for (const ch of s) if (out[out.length - 1] !== ch) out += ch;
  return out;
}

function arabicSkeleton(part: string): string {
  const letters = [...part].filter((c) => ARABIC.test(c));
  while (letters.length > 1 && (letters[letters.length - 1] === 'ة' || letters[letters.length - 1] === 'ه')) letters.pop();
  let out = '';
  letters.forEach((c, i) => {
    if (i === 0) {
      if (ARABIC_GLOTTAL.has(c)) out += "'";
      else if (ARABIC_WAW.has(c)) out += 'w';
      else if (ARABIC_YA.has(c)) out += 'y';
    }
    const mapped = ARABIC_CONSONANTS[c];
    if (mapped) out += mapped;
  });
  return collapse(out);
}

const LATIN_DIGRAPHS: Array<[RegExp, string]> = [
  [/sch/g, 'S'],
  [/kh/g, 'X'],
  [/sh/g, 'S'],
  [/ch/g, 'S'],
  [/gh/g, 'g'],
  [/th/g, 't'],
  [/dh/g, 'd'],
  [/ph/g, 'f'],
  [/dj/g, 'j'],
  [/ck/g, 'k'],
  [/q/g, 'k'],
  [/c(?=[eiy])/g, 's'],
  [/c/g, 'k'],
  [/x/g, 'ks'],
  [/v/g, 'f'],
  [/p/g, 'b'],
];
const VOWEL = /[aeiouy]/;

function latinSkeleton(part: string): string {
  let s = part.replace(/[^a-z]/g, '');
  if (s === '') return '';
  s = s.replace(/^ou(?=[aeiy])/, 'w');
  for (const [re, to] of LATIN_DIGRAPHS) s = s.replace(re, to);
  if (s.length > 2) s = s.replace(/([aeiouy])h$/, '$1');
  let out = '';
  const chars = [...s];
  chars.forEach((c, i) => {
    if (i === 0) {
      if ((c === 'y' || c === 'w') && chars.length > 1 && VOWEL.test(chars[1])) out += c;
      else if (VOWEL.test(c) || c === 'w') out += "'";
      if (c !== 'y' && c !== 'w' && !VOWEL.test(c)) out += c;
      return;
    }
    if (VOWEL.test(c) || c === 'w' || c === 'h' && i === chars.length - 1) return;
    out += c;
  });
  return collapse(out);
}

/**
 * Returns one consonant-skeleton key per name part, in order (articles dropped, compounds joined).
 * Spelling and script variants of the same part give the same key; the result is empty for a name
 * without letters. Deterministic and locale-independent.
 */
export function normaliseName(name: string): string[] {
  return parts(name)
    .map((p) => (ARABIC.test(p) ? arabicSkeleton(p) : latinSkeleton(p)))
    .filter((k) => k !== '' && k !== "'");
}

/**
 * Returns the distinct keys of a full name, sorted, for storing in a blind index (hash each key
 * with a secret before storing). Name order does not matter ("Ben Ali Mohamed" = "Mohamed Ben Ali").
 */
export function nameKeys(fullName: string): string[] {
  return [...new Set(normaliseName(fullName))].sort();
}

/** What is compared to find a possible duplicate person. */
export interface DuplicateCandidate {
  /** Full name in any order and script (e.g. first name and second name joined). */
  name: string;
  /** `YYYY-MM-DD`, if known. */
  birthdate?: string;
  /** ISO 3166-1 alpha-2 codes, if known. */
  citizenship?: readonly string[];
}

/** Outcome of comparing two persons. */
export interface DuplicateAssessment {
  possible: boolean;
  sharedNameKeys: string[];
  sameBirthdate: boolean;
  sameCitizenship: boolean;
}

function birthdatesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const [ya, ma, da] = a.split('-');
  const [yb, mb, db] = b.split('-');
  return ya === yb && ma === db && da === mb;
}

/**
 * Decides whether two persons may be the same: their names must share at least two keys (or every
 * key of a one-part name), nothing known may disagree (birth date, allowing day and month swapped;
 * at least one citizenship in common), and at least one of birth date or citizenship must be known
 * on both sides and agree. A name match alone is never enough.
 */
export function possibleDuplicate(a: DuplicateCandidate, b: DuplicateCandidate): DuplicateAssessment {
  const ka = nameKeys(a.name);
  const kb = new Set(nameKeys(b.name));
  const shared = ka.filter((k) => kb.has(k));
  const needed = Math.min(2, ka.length, kb.size);
  const nameMatch = needed > 0 && shared.length >= needed;
  const bothBirth = a.birthdate !== undefined && b.birthdate !== undefined;
  const sameBirthdate = bothBirth && birthdatesAgree(a.birthdate as string, b.birthdate as string);
  const ca = a.citizenship ?? [];
  const cb = b.citizenship ?? [];
  const bothCitizenship = ca.length > 0 && cb.length > 0;
  const sameCitizenship = bothCitizenship && ca.some((c) => cb.includes(c));
  const consistent = (!bothBirth || sameBirthdate) && (!bothCitizenship || sameCitizenship);
  return { possible: nameMatch && consistent && (sameBirthdate || sameCitizenship), sharedNameKeys: shared, sameBirthdate, sameCitizenship };
}
