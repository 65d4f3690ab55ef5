/**
 * What leaves the server about screenings and referrals. Notes and identifying details appear
 * only when the service decrypted them for this actor (author, supervisor, or a receiving
 * organisation with consent to share); everything else is codes and indicator-set texts.
 */
import type { Assessment } from './assessment';
import type { IndicatorBundle, IndicatorSet, Question } from './indicator-set';
import { indicatorRegistry, registryCurrentVersion } from './indicator-set';
import { nextQuestions, visibleQuestions, type Answers } from './interview';
import type { AnonymousNotificationRow, NrmReferralView, ScreeningRow } from './screening.repository';
import type { Static } from 'typebox';
import type * as S from './screening.schema';
import type { ReferralView, ScreeningView } from './screening.service';
import supportServices from './support-services.json';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

/** A question as the interview and the viewers show it: texts in the three languages, codes. */
export function presentQuestion(q: Question, set?: IndicatorSet) {
  return {
    id: q.id,
    setId: set?.id ?? q.id.split('.')[0],
    element: q.element,
    kind: q.kind ?? 'yes_no',
    audience: q.audience ?? 'person',
    identifying: q.identifying ?? false,
    form: q.form ?? null,
    dimension: q.dimension ?? null,
    strength: q.strength ?? null,
    childStrength: q.childStrength ?? null,
    text: q.text,
    help: q.help ?? null,
    options: q.options ?? null,
    reference: q.reference ?? null,
  };
}

/** A line of "my screenings". */
export function presentScreeningSummary(row: ScreeningRow, actorId: string) {
  return {
    id: row.id,
    status: row.status,
    interviewLanguage: row.interview_language,
    authorId: row.author_id,
    authorName: row.author_name,
    mine: row.author_id === actorId,
    isChild: row.is_child,
    recommendation: row.recommendation,
    forms: row.forms ?? [],
    nonPunishment: row.non_punishment ?? false,
    answered: Object.keys(row.answers ?? {}).length,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
  };
}

/** A line of a referral list. */
export function presentReferralSummary(r: NrmReferralView) {
  return {
    id: r.id,
    screeningId: r.screening_id,
    fromOrg: { id: r.from_org_id, name: r.from_org_name },
    toOrg: { id: r.to_org_id, name: r.to_org_name },
    status: r.status,
    isChild: r.is_child,
    recommendation: r.recommendation,
    forms: r.forms,
    nonPunishment: r.non_punishment,
    caseId: r.case_id,
    declineReason: r.decline_reason,
    decidedAt: iso(r.decided_at),
    createdAt: iso(r.created_at)!,
  };
}

/** The question ids an assessment cites (supporting and uncertain answers). */
export function citedQuestionIds(a: Assessment): string[] {
  const ids = new Set<string>();
  for (const el of Object.values(a.elements)) for (const s of [...el.supporting, ...el.uncertain]) ids.add(s.questionId);
  for (const d of Object.values(a.dimensions)) for (const s of [...d.supporting, ...d.uncertain]) ids.add(s.questionId);
  for (const f of a.forms) for (const s of [...f.supporting, ...f.uncertain]) ids.add(s.questionId);
  for (const s of a.nonPunishmentBasis) ids.add(s.questionId);
  return [...ids];
}

function questionsById(bundle: IndicatorBundle | null, ids: string[]) {
  const out: Record<string, ReturnType<typeof presentQuestion>> = {};
  if (!bundle) return out;
  for (const id of ids) {
    const q = bundle.questionById.get(id);
    if (q) out[id] = presentQuestion(q, bundle.setOfQuestion.get(id));
  }
  return out;
}

/** A screening with the interview state: the visible questions, the next one, and the assessment once complete. */
export function presentScreening(view: ScreeningView, actorId: string) {
  const { row, bundle } = view;
  const ctx = { isChild: row.is_child };
  const answers = row.answers as Answers;
  const visible = visibleQuestions(bundle, answers, ctx);
  const next = nextQuestions(bundle, answers, ctx);
  const presentedAnswers: Record<string, { value: string; choice?: string; note?: string }> = {};
  for (const [id, a] of Object.entries(row.answers ?? {})) {
    const note = view.notes?.[id];
    presentedAnswers[id] = { ...a, ...(note ? { note } : {}) };
  }
  return {
    id: row.id,
    status: row.status,
    interviewLanguage: row.interview_language,
    setVersion: row.set_version,
    authorName: row.author_name,
    mine: row.author_id === actorId,
    isChild: row.is_child,
    childBasis: row.child_basis,
    sex: row.sex,
    age: row.age,
    citizenship: row.citizenship,
    person: view.person,
    answers: presentedAnswers,
    sets: bundle.sets.map((s) => ({ id: s.id, version: s.version, title: s.title, intro: s.intro ?? null })),
    questions: visible.map((q) => presentQuestion(q, bundle.setOfQuestion.get(q.id))),
    nextQuestionId: next[0]?.id ?? null,
    complete: next.length === 0,
    assessment: row.assessment,
    consent: row.consent,
    referrals: view.referrals.map(presentReferralSummary),
    notification: view.notification
      ? { id: view.notification.id, toOrgId: view.notification.toOrgId, createdAt: iso(view.notification.createdAt), countInStatistics: view.notification.countInStatistics }
      : null,
    can: view.can,
    createdAt: iso(row.created_at)!,
    updatedAt: iso(row.updated_at)!,
    completedAt: iso(row.completed_at),
  };
}

/** A referral as its receiver (or its author) sees it: the assessment with the texts of the questions it cites. */
export function presentReferral(view: ReferralView) {
  const r = view.row;
  return {
    ...presentReferralSummary(r),
    consent: r.consent,
    assessment: r.assessment,
    questions: questionsById(view.bundle, citedQuestionIds(r.assessment)),
    identity: view.identity,
    childViews: view.childViews,
    interviewLanguage: r.interview_language,
    canDecline: view.canDecline,
    canOpenCase: view.canOpenCase,
  };
}

/** Every kept version of every indicator set, with the composite current version. */
export function presentIndicatorSetList() {
  const registry = indicatorRegistry();
  const sets = [...registry.all.entries()].map(([key, s]) => ({
    key,
    id: s.id,
    version: s.version,
    current: registry.current.get(s.id)?.version === s.version,
    title: s.title,
    questions: s.questions.length,
  }));
  return { current: registryCurrentVersion(registry), sets };
}

/** One kept version of a set: its sources and every question in the three languages; undefined when not kept. */
export function presentIndicatorSet(key: string) {
  const s = indicatorRegistry().all.get(key);
  if (!s) return undefined;
  return {
    key,
    id: s.id,
    version: s.version,
    title: s.title,
    intro: s.intro ?? null,
    source: s.source,
    showIf: s.showIf ?? null,
    questions: s.questions.map((q) => ({ ...presentQuestion(q, s), showIf: q.showIf ?? null })),
  };
}

/** The support services to give a person, for their audience (adult or child). */
export function presentSupportServices(audience: 'adult' | 'child') {
  return {
    demo: supportServices.demo,
    note: supportServices.note,
    purpose: supportServices.purpose,
    services: supportServices.services.filter((s) => s.audience === 'all' || s.audience === audience),
  };
}

/** An anonymous notification: codes only. */
export function presentAnonymousNotification(n: AnonymousNotificationRow): Static<typeof S.AnonymousNotification> {
  return {
    id: n.id,
    fromOrgName: n.from_org_name,
    isChild: n.is_child,
    forms: n.forms,
    recommendation: n.recommendation,
    sex: n.sex,
    ageGroup: n.age_group,
    citizenship: n.citizenship,
    countInStatistics: n.count_in_statistics,
    createdAt: new Date(n.created_at).toISOString(),
  };
}
