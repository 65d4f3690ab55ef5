import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { catalogues } from './catalogues/index';

const LANGS = ['ar', 'fr', 'en'] as const;

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)) out.push(p);
  }
  return out;
}

/** Message keys used in source: t('key') / t("key"), and `prefix.${…}` dynamic keys as prefixes. */
function extractKeys(files: string[], pattern: RegExp): { keys: Set<string>; prefixes: Set<string> } {
  const keys = new Set<string>();
  const prefixes = new Set<string>();
  for (const f of files) {
    const src = fs
      .readFileSync(f, 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const m of src.matchAll(pattern)) {
      const literal = m[1] ?? m[2];
      if (literal) keys.add(literal);
      else if (m[3]) prefixes.add(m[3]);
    }
  }
  return { keys, prefixes };
}

function webCatalogues(): Record<string, Record<string, Record<string, string>>> {
  const root = path.resolve('web/src/i18n');
  const out: Record<string, Record<string, Record<string, string>>> = {};
  for (const lang of LANGS) {
    out[lang] = {};
    for (const f of fs.readdirSync(path.join(root, lang))) out[lang][f] = JSON.parse(fs.readFileSync(path.join(root, lang, f), 'utf8'));
  }
  return out;
}

describe('message catalogues', () => {
  it('web: every capability file has the same keys in ar, fr and en, and every message is valid ICU', () => {
    const cats = webCatalogues();
    const files = Object.keys(cats.en).sort();
    for (const lang of LANGS) expect(Object.keys(cats[lang]).sort(), lang).toEqual(files);
    for (const file of files) {
      const en = Object.keys(cats.en[file]).sort();
      for (const lang of LANGS) {
        expect(Object.keys(cats[lang][file]).sort(), `${lang}/${file}`).toEqual(en);
        for (const [key, msg] of Object.entries(cats[lang][file])) {
          expect(msg.trim(), `${lang}/${file} ${key} is empty`).not.toBe('');
          expect(() => new IntlMessageFormat(msg, lang), `${lang} ${key}`).not.toThrow();
        }
      }
    }
  });

  it('web: every key the source uses exists in all three languages', () => {
    const cats = webCatalogues();
    const merged = Object.fromEntries(LANGS.map((l) => [l, Object.assign({}, ...Object.values(cats[l])) as Record<string, string>]));
    const { keys, prefixes } = extractKeys(walk(path.resolve('web/src')), /\bt\(\s*(?:'([a-z0-9_.-]+)'|"([a-z0-9_.-]+)"|`([a-z0-9_.-]+\.)\$\{)/gi);
    expect(keys.size).toBeGreaterThan(30);
    for (const lang of LANGS) {
      const missing = [...keys].filter((k) => !(k in merged[lang]));
      expect(missing, `missing in web ${lang}`).toEqual([]);
      for (const p of prefixes) expect(Object.keys(merged[lang]).some((k) => k.startsWith(p)), `no key with prefix ${p} in ${lang}`).toBe(true);
    }
    for (const role of ['admin', 'coordinator', 'caseworker', 'responder', 'analyst']) {
      for (const lang of LANGS) expect(merged[lang][`role.${role}`], `${lang} role.${role}`).toBeTruthy();
    }
  });

  it('server: the three languages have the same keys and valid ICU messages', () => {
    const en = Object.keys(catalogues.en).sort();
    for (const lang of LANGS) {
      expect(Object.keys(catalogues[lang]).sort(), lang).toEqual(en);
      for (const [key, msg] of Object.entries(catalogues[lang])) expect(() => new IntlMessageFormat(msg, lang), `${lang} ${key}`).not.toThrow();
    }
  });

  it('server: every AppError code and t() key used in source has a message', () => {
    const files = walk(path.resolve('server/src'));
    const { keys: codes } = extractKeys(files, /new AppError\(\s*(?:'([a-z0-9_.]+)'|"([a-z0-9_.]+)"|`([a-z0-9_.]+\.)\$\{)/gi);
    const { keys } = extractKeys(files, /\bt\(\s*\w+,\s*(?:'([a-z0-9_.]+)'|"([a-z0-9_.]+)"|`([a-z0-9_.]+\.)\$\{)/gi);
    expect(codes.size).toBeGreaterThan(5);
    const needed = [...[...codes].map((c) => `errors.${c}`), ...keys];
    for (const lang of LANGS) {
      const missing = needed.filter((k) => !(k in catalogues[lang]));
      expect(missing, `missing in server ${lang}`).toEqual([]);
    }
  });
});
