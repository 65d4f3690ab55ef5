import { describe, expect, it } from 'vitest';
import {
  ACT_TYPES,
  conditionReferences,
  createIndicatorRegistry,
  currentIndicatorSetVersion,
  ELEMENTS,
  FORMS,
  getIndicatorSet,
  ILO_DIMENSIONS,
  IndicatorSetError,
  LANGUAGES,
  MEANS_TYPES,
  parseIndicatorSet,
  SET_IDS,
  STRENGTHS,
  CURRENT_SETS,
} from './indicator-set';
import type { LocalizedText } from './indicator-set';
import { COMBINATION_RULES, ELEMENT_BASES, REASON_CODES, RECOMMENDATIONS } from './assessment';
import messages from './assessment-messages.json';
import supportServices from './support-services.json';
import coreSet from './indicator-sets/core.json';
import forcedCriminalitySet from './indicator-sets/forced-criminality.json';
import forcedBeggingSet from './indicator-sets/forced-begging.json';

/** The shipped sets, typed like the core file (they share one structure). */
const RAW = [...CURRENT_SETS] as Array<typeof coreSet>;

const bundle = getIndicatorSet();
const ARABIC = /[\u0600-\u06FF]/;

function expectTranslated(where: string, t: LocalizedText | undefined): void {
  expect(t, where).toBeDefined();
  for (const lang of LANGUAGES) {
    expect(typeof t?.[lang], `${where}.${lang}`).toBe('string');
    expect(t?.[lang].trim().length, `${where}.${lang}`).toBeGreaterThan(0);
  }
  expect(t?.ar, `${where}.ar is Arabic`).toMatch(ARABIC);
}

describe('shipped indicator sets', () => {
  it('load, one per set id, in interview order', () => {
    expect(bundle.sets.map((s) => s.id)).toEqual([...SET_IDS]);
    expect(bundle.questions.length).toBeGreaterThan(90);
  });

  it('have a composite version listing every set version', () => {
    const version = currentIndicatorSetVersion();
    expect(version).toBe(bundle.version);
    expect(version.split('+')).toEqual(bundle.sets.map((s) => `${s.id}@${s.version}`));
    expect(version).toMatch(/^core@\d+\.\d+\.\d+\+/);
  });

  it('have every text in ar, fr and en, with real Arabic and distinct French', () => {
    for (const set of bundle.sets) {
      expectTranslated(`${set.id}.title`, set.title);
      if (set.intro) expectTranslated(`${set.id}.intro`, set.intro);
      for (const q of set.questions) {
        expectTranslated(`${q.id}.text`, q.text);
        expect(q.text.fr, `${q.id} French is not a copy of English`).not.toBe(q.text.en);
        if (q.help) expectTranslated(`${q.id}.help`, q.help);
        for (const o of q.options ?? []) expectTranslated(`${q.id}.${o.code}`, o.text);
      }
    }
  });

  it('have unique question ids, prefixed by their set', () => {
    const all = RAW.flatMap((s) => s.questions.map((q) => q.id));
    expect(new Set(all).size).toBe(all.length);
    for (const set of bundle.sets) for (const q of set.questions) expect(q.id.startsWith(`${set.id}.`)).toBe(true);
  });

  it('only refer to existing questions in showIf', () => {
    const known = new Set(bundle.questions.map((q) => q.id));
    const conditions = [
      ...bundle.sets.flatMap((s) => (s.showIf ? [s.showIf] : [])),
      ...bundle.questions.flatMap((q) => (q.showIf ? [q.showIf] : [])),
    ];
    expect(conditions.length).toBeGreaterThan(FORMS.length);
    for (const c of conditions) for (const ref of conditionReferences(c)) expect(known.has(ref), ref).toBe(true);
  });

  it('gate every form from core, and gate each form set by its form', () => {
    for (const form of FORMS) {
      const gates = coreSet.questions.filter((q) => q.element === 'screen' && q.form === form);
      expect(gates, form).toHaveLength(1);
      const set = bundle.sets.find((s) => s.id === form);
      expect(set?.showIf).toEqual({ form });
    }
    expect(bundle.sets.find((s) => s.id === 'child')?.showIf).toEqual({ child: true });
  });

  it('cite sources for every set and a published indicator for every graded question', () => {
    for (const set of bundle.sets) {
      expect(set.source.length, set.id).toBeGreaterThan(0);
      for (const s of set.source) expect(s.citation.length).toBeGreaterThan(20);
    }
    for (const q of bundle.questions) expect(q.reference, q.id).toBeTruthy();
    const coreCitations = coreSet.source.map((s) => s.citation).join(' ');
    expect(coreCitations).toContain('Operational indicators of trafficking in human beings');
  });

  it('use only known elements, dimensions, strengths and sub-types', () => {
    for (const q of bundle.questions) {
      expect(ELEMENTS).toContain(q.element);
      if (q.dimension) expect(ILO_DIMENSIONS).toContain(q.dimension);
      if (q.strength) expect(STRENGTHS).toContain(q.strength);
      if (q.actType) expect(ACT_TYPES).toContain(q.actType);
      if (q.meansType) expect(MEANS_TYPES).toContain(q.meansType);
    }
  });

  it('cover every ILO dimension and every Palermo act', () => {
    const dims = new Set(bundle.questions.map((q) => q.dimension));
    for (const d of ILO_DIMENSIONS) expect(dims.has(d), d).toBe(true);
    const acts = new Set(bundle.questions.map((q) => q.actType));
    for (const a of ACT_TYPES) expect(acts.has(a), a).toBe(true);
  });

  it('offer the HTCDS forced-labour industries (ISIC sections A to U)', () => {
    const industry = bundle.questionById.get('forced-labour.industry');
    expect(industry?.kind).toBe('choice');
    const codes = industry?.options?.map((o) => o.code[0]);
    expect(codes).toEqual('ABCDEFGHIJKLMNOPQRSTU'.split(''));
  });
});

describe('parseIndicatorSet', () => {
  const valid = structuredClone(forcedBeggingSet);

  it('accepts a shipped set', () => {
    expect(parseIndicatorSet(valid).id).toBe('forced-begging');
  });

  it('rejects a missing translation', () => {
    const bad = structuredClone(valid);
    bad.questions[0].text.fr = ' ';
    expect(() => parseIndicatorSet(bad)).toThrow(/forced-begging.money_handed_over.text.fr/);
  });

  it('rejects duplicate ids', () => {
    const bad = structuredClone(valid);
    bad.questions[1].id = bad.questions[0].id;
    expect(() => parseIndicatorSet(bad)).toThrow(/duplicate id/);
  });

  it('rejects an indicator without a strength, or a means question without a means dimension', () => {
    const noStrength = structuredClone(valid) as { questions: Record<string, unknown>[] };
    delete noStrength.questions[0].strength;
    expect(() => parseIndicatorSet(noStrength)).toThrow(/needs a strength/);
    const wrongDim = structuredClone(valid);
    wrongDim.questions[2].dimension = 'exploitative_conditions';
    expect(() => parseIndicatorSet(wrongDim)).toThrow(/means dimension/);
  });

  it('rejects a version that is not semver and an empty source list', () => {
    expect(() => parseIndicatorSet({ ...valid, version: 'latest' })).toThrow(/semver/);
    expect(() => parseIndicatorSet({ ...valid, source: [] })).toThrow(/cite/);
  });

  it('throws IndicatorSetError', () => {
    expect(() => parseIndicatorSet(null)).toThrow(IndicatorSetError);
  });
});

describe('createIndicatorRegistry', () => {
  it('refuses a changed set that kept its version', () => {
    const changed = structuredClone(coreSet);
    changed.questions[0].text.en = 'Changed wording';
    expect(() => createIndicatorRegistry([changed, ...RAW.slice(1)], [coreSet])).toThrow(/bump the version/);
  });

  it('refuses a showIf that points to an unknown question', () => {
    const bad = structuredClone(forcedCriminalitySet);
    bad.version = '1.0.1';
    const q = bad.questions.find((x) => x.showIf);
    if (q) q.showIf = { anyYesOrUnsure: ['forced-criminality.nope'] };
    expect(() => createIndicatorRegistry([...RAW.slice(0, 4), bad, ...RAW.slice(5)])).toThrow(/unknown question/);
  });

  it('refuses a missing set', () => {
    expect(() => createIndicatorRegistry(RAW.slice(1))).toThrow(/no current set core/);
  });

  it('keeps old versions loadable by their composite version', () => {
    const v2 = structuredClone(coreSet);
    v2.version = '1.1.0';
    v2.questions[0].text.en = 'Are you younger than 18?';
    const registry = createIndicatorRegistry([v2, ...RAW.slice(1)], [coreSet]);
    const oldVersion = currentIndicatorSetVersion();
    expect(registry.all.get('core@1.0.0')?.questions[0].text.en).toBe('Are you under 18 years old?');
    expect(registry.all.get('core@1.1.0')?.questions[0].text.en).toBe('Are you younger than 18?');
    expect(registry.current.get('core')?.version).toBe('1.1.0');
    expect(oldVersion.startsWith('core@1.0.0+')).toBe(true);
  });

  it('rejects an unknown composite version', () => {
    expect(() => getIndicatorSet('core@0.0.1')).toThrow(/not kept/);
    expect(() => getIndicatorSet('')).toThrow(IndicatorSetError);
  });
});

describe('assessment messages', () => {
  const keys = Object.keys(messages.en);

  it('have the same non-empty keys in ar, fr and en', () => {
    expect(Object.keys(messages.fr).sort()).toEqual([...keys].sort());
    expect(Object.keys(messages.ar).sort()).toEqual([...keys].sort());
    for (const lang of LANGUAGES) {
      for (const [k, v] of Object.entries(messages[lang])) expect(v.trim().length, `${lang}.${k}`).toBeGreaterThan(0);
    }
    for (const [k, v] of Object.entries(messages.ar)) expect(v, k).toMatch(ARABIC);
  });

  it('label every code the assessment can return', () => {
    const needed = [
      ...['act', 'means', 'purpose', 'screen', 'vulnerability', 'child'].map((e) => `element.${e}`),
      ...['met', 'not_met', 'undetermined'].map((s) => `elementStatus.${s}`),
      ...ELEMENT_BASES.map((b) => `elementBasis.${b}`),
      ...ILO_DIMENSIONS.map((d) => `dimension.${d}`),
      ...COMBINATION_RULES.map((r) => `rule.${r}`),
      ...FORMS.map((f) => `form.${f}`),
      ...STRENGTHS.map((s) => `strength.${s}`),
      ...['yes', 'no', 'unsure', 'refused'].map((a) => `answer.${a}`),
      ...ACT_TYPES.map((a) => `actType.${a}`),
      ...MEANS_TYPES.map((m) => `meansType.${m}`),
      ...RECOMMENDATIONS.map((r) => `recommendation.${r}`),
      ...REASON_CODES.map((r) => `reason.${r}`),
      ...bundle.questions.flatMap((q) => (q.subtype ? [`subtype.${q.subtype}`] : [])),
      'nonPunishment.title',
      'nonPunishment.body',
    ];
    for (const k of needed) expect(keys, k).toContain(k);
  });
});

describe('support services', () => {
  it('have every text in ar, fr and en and only demo contacts', () => {
    expect(supportServices.demo).toBe(true);
    expectTranslated('note', supportServices.note);
    expect(supportServices.services.length).toBeGreaterThan(2);
    for (const s of supportServices.services) {
      expectTranslated(`${s.id}.name`, s.name);
      expectTranslated(`${s.id}.description`, s.description);
      expectTranslated(`${s.id}.availability`, s.availability);
      for (const c of s.contacts) {
        expect(c.demo, s.id).toBe(true);
        if (c.type === 'phone' || c.type === 'sms') expect(c.value).toMatch(/^\+000 /);
        if (c.type === 'email') expect(c.value).toMatch(/@example\.org$/);
      }
    }
    expect(supportServices.services.some((s) => s.id === 'national-hotline')).toBe(true);
  });
});
