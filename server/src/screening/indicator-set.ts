/**
 * Screening indicator sets: types, validation and versioned loading.
 *
 * Indicator sets are data, not code: one JSON file per form of exploitation in
 * `./indicator-sets/`, every text in ar, fr and en, every set carrying its own
 * semver `version` and `source` citations. The current file of a set is
 * `indicator-sets/<id>.json`; when a set changes, the previous file is first
 * copied unchanged to `indicator-sets/versions/<id>@<version>.json` and
 * imported in ARCHIVED_SETS below, so every version a screening ever used stays
 * loadable. See `indicator-sets/README.md`.
 *
 * A completed screening stores the composite version returned by
 * `currentIndicatorSetVersion()` (e.g. `core@1.0.0+sexual-exploitation@1.0.0+…`);
 * `getIndicatorSet(thatVersion)` rebuilds exactly the sets it used, so its
 * assessment can be reproduced after the sets change.
 *
 * Sources for the model (element, dimension, strength):
 * - UN Protocol to Prevent, Suppress and Punish Trafficking in Persons (Palermo
 *   Protocol, 2000), art. 3: act, means, purpose; art. 3(c): means not required
 *   for a child.
 * - ILO and European Commission, "Operational indicators of trafficking in
 *   human beings: results from a Delphi survey" (March 2009, revised September
 *   2009), ILO WCMS_105023: six dimensions, indicators graded strong, medium,
 *   weak, separately for adults and children.
 *
 * JSON files are imported statically so the server bundle contains them; the
 * application never reads /work/shared or the file system at run time.
 */
import coreSet from './indicator-sets/core.json';
import sexualExploitationSet from './indicator-sets/sexual-exploitation.json';
import forcedLabourSet from './indicator-sets/forced-labour.json';
import domesticServitudeSet from './indicator-sets/domestic-servitude.json';
import forcedCriminalitySet from './indicator-sets/forced-criminality.json';
import forcedBeggingSet from './indicator-sets/forced-begging.json';
import forcedMarriageSet from './indicator-sets/forced-marriage.json';
import organRemovalSet from './indicator-sets/organ-removal.json';
import childSet from './indicator-sets/child.json';

export const LANGUAGES = ['ar', 'fr', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export type LocalizedText = Record<Language, string>;

/** Palermo elements, plus question roles that are not elements. */
export const ELEMENTS = ['act', 'means', 'purpose', 'screen', 'vulnerability', 'child'] as const;
export type Element = (typeof ELEMENTS)[number];

/** The six dimensions of the ILO/EC operational indicators (2009). */
export const ILO_DIMENSIONS = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
  'exploitative_conditions',
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
] as const;
export type IloDimension = (typeof ILO_DIMENSIONS)[number];

/** The dimensions that evidence the Palermo "means" element. */
export const MEANS_DIMENSIONS: readonly IloDimension[] = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
];
export const RECRUITMENT_DIMENSIONS: readonly IloDimension[] = [
  'deceptive_recruitment',
  'coercive_recruitment',
  'recruitment_abuse_of_vulnerability',
];
export const DESTINATION_DIMENSIONS: readonly IloDimension[] = [
  'coercion_at_destination',
  'abuse_of_vulnerability_at_destination',
];
const VULNERABILITY_DIMENSIONS: readonly IloDimension[] = [
  'recruitment_abuse_of_vulnerability',
  'abuse_of_vulnerability_at_destination',
];

export const STRENGTHS = ['strong', 'medium', 'weak'] as const;
export type Strength = (typeof STRENGTHS)[number];

/** Palermo art. 3(a) acts. */
export const ACT_TYPES = ['recruitment', 'transportation', 'transfer', 'harbouring', 'receipt'] as const;
export type ActType = (typeof ACT_TYPES)[number];

/** Palermo art. 3(a) means. */
export const MEANS_TYPES = [
  'threat',
  'force',
  'coercion',
  'abduction',
  'fraud',
  'deception',
  'abuse_of_power',
  'abuse_of_vulnerability',
  'payment',
] as const;
export type MeansType = (typeof MEANS_TYPES)[number];

/**
 * Forms of exploitation asked in depth. Palermo art. 3(a); Directive 2011/36/EU
 * art. 2(3) (begging, exploitation of criminal activities); Directive (EU)
 * 2024/1712 (forced marriage).
 */
export const FORMS = [
  'sexual-exploitation',
  'forced-labour',
  'domestic-servitude',
  'forced-criminality',
  'forced-begging',
  'forced-marriage',
  'organ-removal',
] as const;
export type ExploitationForm = (typeof FORMS)[number];

/** Set ids, in interview order. */
export const SET_IDS = ['core', ...FORMS, 'child'] as const;
export type SetId = (typeof SET_IDS)[number];

export const ANSWER_VALUES = ['yes', 'no', 'unsure', 'refused'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** Who the question is addressed to: the interviewed person (default) or the responder only. */
export type Audience = 'person' | 'responder';

/**
 * A declarative visibility condition.
 * - anyYes / allYes: answers equal to 'yes';
 * - anyYesOrUnsure: 'yes' or 'unsure' (to explore further when the person is not sure);
 * - form: the form's gate question in core was answered 'yes' or 'unsure';
 * - child / adult: the interviewed person is (presumed) a child / an adult;
 * - all / any / not: combinators.
 */
export type Condition =
  | { anyYes: string[] }
  | { allYes: string[] }
  | { anyYesOrUnsure: string[] }
  | { form: ExploitationForm }
  | { child: true }
  | { adult: true }
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition };

export interface ChoiceOption {
  code: string;
  text: LocalizedText;
}

export interface Question {
  id: string;
  text: LocalizedText;
  help?: LocalizedText;
  element: Element;
  dimension?: IloDimension;
  /** Grade for adults; required for means, purpose and vulnerability questions. */
  strength?: Strength;
  /** Grade for children where the ILO/EC children's lists differ. */
  childStrength?: Strength;
  actType?: ActType;
  meansType?: MeansType;
  form?: ExploitationForm;
  /** Sub-category within a form (e.g. forced-criminality offence type). */
  subtype?: string;
  /** True when the free-text note may contain identifying data (encrypt, redact). */
  identifying?: boolean;
  audience?: Audience;
  /** 'yes_no' (default) or 'choice' (one option code in the answer's `choice`). */
  kind?: 'yes_no' | 'choice';
  options?: ChoiceOption[];
  showIf?: Condition;
  /** The published indicator this question operationalises. */
  reference?: string;
}

export interface SourceCitation {
  id: string;
  citation: string;
  url?: string;
  note?: string;
}

export interface IndicatorSet {
  id: SetId;
  version: string;
  title: LocalizedText;
  intro?: LocalizedText;
  source: SourceCitation[];
  /** Applies to every question of the set (ANDed with the question's own). */
  showIf?: Condition;
  questions: Question[];
}

/** All sets of one composite version, in interview order. */
export interface IndicatorBundle {
  version: string;
  sets: IndicatorSet[];
  questions: Question[];
  questionById: ReadonlyMap<string, Question>;
  setOfQuestion: ReadonlyMap<string, IndicatorSet>;
}

export class IndicatorSetError extends Error {
  constructor(
    readonly code: 'invalid_indicator_set' | 'unknown_indicator_set_version',
    message: string,
  ) {
    super(message);
    this.name = 'IndicatorSetError';
  }
}

// ---------------------------------------------------------------------------
// Validation
// ---------------------------------------------------------------------------

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function oneOf<T extends string>(values: readonly T[], v: unknown): v is T {
  return typeof v === 'string' && (values as readonly string[]).includes(v);
}

const SEMVER = /^\d+\.\d+\.\d+$/;

class Checker {
  readonly errors: string[] = [];
  fail(path: string, msg: string): void {
    this.errors.push(`${path}: ${msg}`);
  }
  text(path: string, v: unknown): LocalizedText | undefined {
    if (!isObject(v)) {
      this.fail(path, 'must be an object with ar, fr and en');
      return undefined;
    }
    for (const lang of LANGUAGES) {
      const t = v[lang];
      if (typeof t !== 'string' || t.trim() === '') this.fail(`${path}.${lang}`, 'must be non-empty text');
    }
    return v as unknown as LocalizedText;
  }
  condition(path: string, v: unknown): void {
    if (!isObject(v)) return this.fail(path, 'must be a condition object');
    const keys = Object.keys(v);
    if (keys.length !== 1) return this.fail(path, 'must have exactly one key');
    const key = keys[0];
    const arg = v[key];
    switch (key) {
      case 'anyYes':
      case 'allYes':
      case 'anyYesOrUnsure':
        if (!Array.isArray(arg) || arg.length === 0 || !arg.every((x) => typeof x === 'string')) {
          this.fail(`${path}.${key}`, 'must be a non-empty list of question ids');
        }
        return;
      case 'form':
        if (!oneOf(FORMS, arg)) this.fail(`${path}.form`, `unknown form ${String(arg)}`);
        return;
      case 'child':
      case 'adult':
        if (arg !== true) this.fail(`${path}.${key}`, 'must be true');
        return;
      case 'all':
      case 'any':
        if (!Array.isArray(arg) || arg.length === 0) return this.fail(`${path}.${key}`, 'must be a non-empty list');
        arg.forEach((c, i) => this.condition(`${path}.${key}[${i}]`, c));
        return;
      case 'not':
        return this.condition(`${path}.not`, arg);
      default:
        this.fail(path, `unknown condition ${key}`);
    }
  }
}

/** Ids of questions referenced by a condition (for reference checks). */
export function conditionReferences(c: Condition): string[] {
  if ('anyYes' in c) return c.anyYes;
  if ('allYes' in c) return c.allYes;
  if ('anyYesOrUnsure' in c) return c.anyYesOrUnsure;
  if ('all' in c) return c.all.flatMap(conditionReferences);
  if ('any' in c) return c.any.flatMap(conditionReferences);
  if ('not' in c) return conditionReferences(c.not);
  return [];
}

function checkQuestion(ck: Checker, setId: string, path: string, q: Json): void {
  if (typeof q.id !== 'string' || !q.id.startsWith(`${setId}.`)) {
    ck.fail(`${path}.id`, `must be a string starting with "${setId}."`);
  }
  ck.text(`${path}.text`, q.text);
  if (q.help !== undefined) ck.text(`${path}.help`, q.help);
  if (!oneOf(ELEMENTS, q.element)) return ck.fail(`${path}.element`, `unknown element ${String(q.element)}`);
  const element = q.element;
  if (q.dimension !== undefined && !oneOf(ILO_DIMENSIONS, q.dimension)) ck.fail(`${path}.dimension`, 'unknown dimension');
  if (q.strength !== undefined && !oneOf(STRENGTHS, q.strength)) ck.fail(`${path}.strength`, 'unknown strength');
  if (q.childStrength !== undefined && !oneOf(STRENGTHS, q.childStrength)) ck.fail(`${path}.childStrength`, 'unknown strength');
  if (q.actType !== undefined && !oneOf(ACT_TYPES, q.actType)) ck.fail(`${path}.actType`, 'unknown act type');
  if (q.meansType !== undefined && !oneOf(MEANS_TYPES, q.meansType)) ck.fail(`${path}.meansType`, 'unknown means type');
  if (q.form !== undefined && !oneOf(FORMS, q.form)) ck.fail(`${path}.form`, 'unknown form');
  if (q.audience !== undefined && q.audience !== 'person' && q.audience !== 'responder') ck.fail(`${path}.audience`, 'unknown audience');
  if (q.identifying !== undefined && typeof q.identifying !== 'boolean') ck.fail(`${path}.identifying`, 'must be boolean');
  if (q.showIf !== undefined) ck.condition(`${path}.showIf`, q.showIf);
  if (q.reference !== undefined && typeof q.reference !== 'string') ck.fail(`${path}.reference`, 'must be text');

  // Element-specific consistency: the assessment relies on these.
  if (element === 'act' && !oneOf(ACT_TYPES, q.actType)) ck.fail(path, 'an act question needs actType');
  if (element === 'means') {
    if (!oneOf(MEANS_TYPES, q.meansType)) ck.fail(path, 'a means question needs meansType');
    if (!oneOf(MEANS_DIMENSIONS, q.dimension)) ck.fail(path, 'a means question needs a means dimension');
  }
  if (element === 'purpose' && q.dimension !== 'exploitative_conditions') {
    ck.fail(path, 'a purpose question belongs to the exploitative_conditions dimension');
  }
  if (element === 'vulnerability' && !oneOf(VULNERABILITY_DIMENSIONS, q.dimension)) {
    ck.fail(path, 'a vulnerability question needs an abuse-of-vulnerability dimension');
  }
  if ((element === 'means' || element === 'purpose' || element === 'vulnerability') && q.strength === undefined) {
    ck.fail(path, 'an indicator question needs a strength');
  }
  if ((element === 'act' || element === 'screen' || element === 'child') && q.dimension !== undefined) {
    ck.fail(path, `a ${element} question has no ILO dimension`);
  }
  const kind = q.kind ?? 'yes_no';
  if (kind !== 'yes_no' && kind !== 'choice') ck.fail(`${path}.kind`, 'unknown kind');
  if (kind === 'choice') {
    if (element !== 'screen') ck.fail(path, 'only screen questions may be choice questions');
    if (!Array.isArray(q.options) || q.options.length < 2) ck.fail(`${path}.options`, 'needs at least two options');
    else {
      const codes = new Set<string>();
      q.options.forEach((o, i) => {
        if (!isObject(o) || typeof o.code !== 'string') return ck.fail(`${path}.options[${i}]`, 'needs a code');
        if (codes.has(o.code)) ck.fail(`${path}.options[${i}]`, `duplicate code ${o.code}`);
        codes.add(o.code);
        ck.text(`${path}.options[${i}].text`, o.text);
      });
    }
  } else if (q.options !== undefined) ck.fail(`${path}.options`, 'only choice questions have options');
}

/**
 * Validates one raw indicator set (parsed JSON). Guarantees on success: the
 * returned value has the IndicatorSet shape, every text has non-empty ar/fr/en,
 * question ids are unique and prefixed by the set id, and each question's
 * element, dimension, strength and sub-types are consistent. Throws
 * IndicatorSetError('invalid_indicator_set') listing every problem otherwise.
 */
export function parseIndicatorSet(raw: unknown): IndicatorSet {
  const ck = new Checker();
  if (!isObject(raw)) throw new IndicatorSetError('invalid_indicator_set', 'indicator set must be an object');
  const id = raw.id;
  if (!oneOf(SET_IDS, id)) ck.fail('id', `unknown set id ${String(id)}`);
  const where = typeof id === 'string' ? id : '?';
  if (typeof raw.version !== 'string' || !SEMVER.test(raw.version)) ck.fail('version', 'must be semver (x.y.z)');
  ck.text('title', raw.title);
  if (raw.intro !== undefined) ck.text('intro', raw.intro);
  if (!Array.isArray(raw.source) || raw.source.length === 0) ck.fail('source', 'must cite at least one source');
  else {
    raw.source.forEach((s, i) => {
      if (!isObject(s) || typeof s.id !== 'string' || typeof s.citation !== 'string' || s.citation.trim() === '') {
        ck.fail(`source[${i}]`, 'needs id and citation');
      }
    });
  }
  if (raw.showIf !== undefined) ck.condition('showIf', raw.showIf);
  if (!Array.isArray(raw.questions) || raw.questions.length === 0) ck.fail('questions', 'must be a non-empty list');
  else {
    const ids = new Set<string>();
    raw.questions.forEach((q, i) => {
      const path = `questions[${i}]`;
      if (!isObject(q)) return ck.fail(path, 'must be an object');
      checkQuestion(ck, where, typeof q.id === 'string' ? q.id : path, q);
      if (typeof q.id === 'string') {
        if (ids.has(q.id)) ck.fail(path, `duplicate id ${q.id}`);
        ids.add(q.id);
      }
    });
  }
  if (ck.errors.length > 0) {
    throw new IndicatorSetError('invalid_indicator_set', `indicator set ${where}: ${ck.errors.join('; ')}`);
  }
  return raw as unknown as IndicatorSet;
}

// ---------------------------------------------------------------------------
// Registry of versions
// ---------------------------------------------------------------------------

/** A store of every known version of every set, and which version is current. */
export interface IndicatorRegistry {
  current: ReadonlyMap<SetId, IndicatorSet>;
  all: ReadonlyMap<string, IndicatorSet>; // key: "<id>@<version>"
}

function key(id: string, version: string): string {
  return `${id}@${version}`;
}

/**
 * Builds a registry from raw current and archived sets. Guarantees: every set is
 * validated; there is exactly one current set per SetId; no (id, version) pair
 * appears twice with different content; question ids are unique across the
 * current bundle and every showIf reference resolves within it.
 */
export function createIndicatorRegistry(currentRaw: unknown[], archivedRaw: unknown[] = []): IndicatorRegistry {
  const current = new Map<SetId, IndicatorSet>();
  const all = new Map<string, IndicatorSet>();
  const add = (set: IndicatorSet): void => {
    const k = key(set.id, set.version);
    const existing = all.get(k);
    if (existing && JSON.stringify(existing) !== JSON.stringify(set)) {
      throw new IndicatorSetError(
        'invalid_indicator_set',
        `${k} exists twice with different content: bump the version when a set changes`,
      );
    }
    all.set(k, set);
  };
  for (const raw of currentRaw) {
    const set = parseIndicatorSet(raw);
    if (current.has(set.id)) throw new IndicatorSetError('invalid_indicator_set', `two current sets with id ${set.id}`);
    current.set(set.id, set);
    add(set);
  }
  for (const raw of archivedRaw) add(parseIndicatorSet(raw));
  for (const id of SET_IDS) {
    if (!current.has(id)) throw new IndicatorSetError('invalid_indicator_set', `no current set ${id}`);
  }
  const registry: IndicatorRegistry = { current, all };
  bundleFromSets(compositeVersion([...current.values()]), orderSets([...current.values()]));
  return registry;
}

function orderSets(sets: IndicatorSet[]): IndicatorSet[] {
  return [...sets].sort((a, b) => SET_IDS.indexOf(a.id) - SET_IDS.indexOf(b.id));
}

function compositeVersion(sets: IndicatorSet[]): string {
  return orderSets(sets)
    .map((s) => key(s.id, s.version))
    .join('+');
}

function bundleFromSets(version: string, sets: IndicatorSet[]): IndicatorBundle {
  const questions: Question[] = [];
  const questionById = new Map<string, Question>();
  const setOfQuestion = new Map<string, IndicatorSet>();
  for (const set of sets) {
    for (const q of set.questions) {
      if (questionById.has(q.id)) {
        throw new IndicatorSetError('invalid_indicator_set', `question id ${q.id} appears in two sets`);
      }
      questions.push(q);
      questionById.set(q.id, q);
      setOfQuestion.set(q.id, set);
    }
  }
  const refs = [
    ...sets.flatMap((s) => (s.showIf ? conditionReferences(s.showIf).map((r) => [s.id, r] as const) : [])),
    ...questions.flatMap((q) => (q.showIf ? conditionReferences(q.showIf).map((r) => [q.id, r] as const) : [])),
  ];
  for (const [from, ref] of refs) {
    if (!questionById.has(ref)) {
      throw new IndicatorSetError('invalid_indicator_set', `${from} refers to unknown question ${ref}`);
    }
  }
  for (const form of FORMS) {
    const gated = sets.some((s) => s.showIf && JSON.stringify(s.showIf).includes(`"form":"${form}"`));
    const hasGate = questions.some((q) => q.element === 'screen' && q.form === form && setOfQuestion.get(q.id)?.id === 'core');
    if (gated && !hasGate) {
      throw new IndicatorSetError('invalid_indicator_set', `form ${form} is gated but core has no gate question for it`);
    }
  }
  return { version, sets, questions, questionById, setOfQuestion };
}

/** The composite version of the registry's current sets. */
export function registryCurrentVersion(registry: IndicatorRegistry): string {
  return compositeVersion([...registry.current.values()]);
}

/**
 * Resolves a composite version ("core@1.0.0+forced-labour@1.0.0+…") against a
 * registry. Guarantees: the bundle contains exactly the listed set versions, in
 * interview order; throws IndicatorSetError('unknown_indicator_set_version') when
 * any listed set version is not kept.
 */
export function bundleFromRegistry(registry: IndicatorRegistry, version: string): IndicatorBundle {
  let cache = bundleCache.get(registry);
  if (!cache) {
    cache = new Map();
    bundleCache.set(registry, cache);
  }
  const cached = cache.get(version);
  if (cached) return cached;
  const bundle = resolveBundle(registry, version);
  cache.set(version, bundle);
  return bundle;
}

const bundleCache = new WeakMap<IndicatorRegistry, Map<string, IndicatorBundle>>();

function resolveBundle(registry: IndicatorRegistry, version: string): IndicatorBundle {
  const parts = version.split('+').filter((p) => p !== '');
  if (parts.length === 0) throw new IndicatorSetError('unknown_indicator_set_version', 'empty version');
  const sets: IndicatorSet[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    const set = registry.all.get(part);
    if (!set) throw new IndicatorSetError('unknown_indicator_set_version', `indicator set ${part} is not kept`);
    if (seen.has(set.id)) throw new IndicatorSetError('unknown_indicator_set_version', `set ${set.id} listed twice`);
    seen.add(set.id);
    sets.push(set);
  }
  const ordered = orderSets(sets);
  return bundleFromSets(compositeVersion(ordered), ordered);
}

// ---------------------------------------------------------------------------
// The shipped sets
// ---------------------------------------------------------------------------

/** The shipped (current) sets, as raw JSON, in registry order. */
export const CURRENT_SETS: unknown[] = [
  coreSet,
  sexualExploitationSet,
  forcedLabourSet,
  domesticServitudeSet,
  forcedCriminalitySet,
  forcedBeggingSet,
  forcedMarriageSet,
  organRemovalSet,
  childSet,
];

/**
 * Earlier versions of the sets, kept so old screenings can be re-assessed.
 * Before changing `indicator-sets/<id>.json`, copy it to
 * `indicator-sets/versions/<id>@<old version>.json`, import it here, then bump
 * the version in the current file.
 */
const ARCHIVED_SETS: unknown[] = [];

let defaultRegistry: IndicatorRegistry | undefined;

/** The registry of the shipped sets, validated once on first use. */
export function indicatorRegistry(): IndicatorRegistry {
  defaultRegistry ??= createIndicatorRegistry(CURRENT_SETS, ARCHIVED_SETS);
  return defaultRegistry;
}

/**
 * The composite version id of the current sets, e.g.
 * "core@1.0.0+sexual-exploitation@1.0.0+…+child@1.0.0". Guarantees: stable for
 * unchanged sets, changes whenever any set's version changes, and is accepted by
 * getIndicatorSet for as long as the listed versions are kept.
 */
export function currentIndicatorSetVersion(): string {
  return registryCurrentVersion(indicatorRegistry());
}

/**
 * The sets of a composite version (defaults to the current one). Guarantees: the
 * same version always yields the same questions, strengths and conditions, so an
 * assessment can be reproduced; throws IndicatorSetError for unknown versions.
 */
export function getIndicatorSet(version: string = currentIndicatorSetVersion()): IndicatorBundle {
  return bundleFromRegistry(indicatorRegistry(), version);
}
