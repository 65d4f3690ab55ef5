import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useParams } from 'react-router-dom';
import { FormattedDate, useIntl } from 'react-intl';
import { api, ApiError } from '../api';
import { isolate, useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { FilePicker } from '../components/FilePicker';
import { SERVICE_TYPES, RESIDENCE_PERMIT_STATUSES, ATTACHMENT_KINDS, type TransitionName } from '../../../common/cases';
import { useLabels } from './labels';
import { NrmPanel, type Deadlines } from './NrmPanel';
import { RecordSection, type CaseRecord } from './RecordSection';
import { AssessmentView } from '../screening/AssessmentView';
import type { Assessment, QuestionDto } from '../screening/types';
import './cases.css';
import '../screening/screening.css';

interface Referral { id: string; toOrg: { id: string; name: string }; fromOrg: { id: string; name: string }; services: string[]; status: string; note: string | null; declineReason: string | null; createdAt: string }
interface CaseDto {
  id: string; reference: string; relation: string; sections: string[]; state: string; htcdsStatus: string; ownerOrg: { id: string; name: string };
  openedAt: string; deadlines: Deadlines; consent: { referral?: boolean; shareIdentity?: boolean; statistics?: boolean }; identityShared: boolean;
  person: Record<string, unknown> | null; victim: Record<string, unknown> | null; countryOfExploitation: string | null; details: Record<string, string> | null;
  residencePermit: { status: string | null; until: string | null } | null;
  perpetrators: CaseRecord[] | null; events: CaseRecord[] | null; supportPlans: CaseRecord[] | null; services: CaseRecord[] | null; justice: CaseRecord[] | null;
  nonPunishment: CaseRecord[] | null; returns: CaseRecord[] | null; comments: CaseRecord[] | null;
  attachments: Array<{ id: string; kind: string; mime: string; size: number; fileName: string; createdAt: string }> | null;
  team: Array<{ userId: string; displayName: string; org: { id: string; name: string }; partner: boolean }> | null;
  referrals: Referral[] | null;
  duplicates: Array<{ caseId?: string; reference?: string; contactOrg: string }>;
  timeline: Array<{ id: string; at: string; action: string; fromState: string | null; toState: string | null; actor: string | null; actorOrg: string | null; reason: string | null; details: Record<string, unknown>; toOrg: { id: string; name: string } | null }>;
  nrmReferral: { id: string; fromOrg: string; createdAt: string; recommendation: string; nonPunishment: boolean; assessment: Assessment | null; questions: Record<string, QuestionDto> } | null;
  can: { update: boolean; manageTeam: boolean; recordService: boolean; attach: boolean; refer: boolean; consent: boolean; transitions: TransitionName[] };
}

const TABS = ['person', 'victim', 'assessment', 'perpetrators', 'events', 'support', 'justice', 'return', 'attachments', 'referrals', 'timeline'] as const;
const SECTION_OF: Record<(typeof TABS)[number], string> = { person: 'person', victim: 'victim', assessment: 'victim', perpetrators: 'perpetrators', events: 'events', support: 'support', justice: 'justice', return: 'return', attachments: 'attachments', referrals: 'referrals', timeline: 'timeline' };

/** One case: the NRM panel and tabs (person, victim context, perpetrators, events, support, justice, return, attachments, referrals and team, timeline). */
export function CasePage() {
  const t = useT();
  const intl = useIntl();
  const { id } = useParams();
  const [c, setC] = useState<CaseDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tab, setTab] = useState<(typeof TABS)[number]>('person');
  const load = useCallback(() => {
    api<CaseDto>('GET', `/api/cases/${id}`).then((x) => { setC(x); setError(null); }, setError);
  }, [id]);
  useEffect(load, [load]);

  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return <div className="stack"><h1>{t('cases.page.not_found_title')}</h1><ErrorMessage error={error} /></div>;
  }
  if (!c) return <><ErrorMessage error={error} /><p className="loading">{t('common.loading')}</p></>;
  const tabs = TABS.filter((x) => c.sections.includes(SECTION_OF[x]) && (x !== 'assessment' || c.nrmReferral !== null));
  const current = tabs.includes(tab) ? tab : tabs[0];
  return (
    <div className="stack case-page">
      <div>
        <h1 data-testid="case-title"><span dir="ltr">{c.reference}</span>{c.person && (c.person.prs_FirstName || c.person.prs_SecondName) ? ` · ${[c.person.prs_FirstName, c.person.prs_SecondName].filter(Boolean).join(' ')}` : ''}</h1>
        <p className="muted"><bdi>{c.ownerOrg.name}</bdi> · <bdi><FormattedDate value={c.openedAt} dateStyle="medium" /></bdi> · {t(`cases.relation.${c.relation}`)}</p>
      </div>
      {c.duplicates.map((d, i) => (
        <p key={i} className="warning" data-testid="duplicate">
          {d.caseId ? t('cases.duplicate.visible', { reference: d.reference ?? '' }) : t('cases.duplicate.contact', { org: isolate(d.contactOrg) })}
        </p>
      ))}
      {c.nrmReferral?.nonPunishment && (
        <p className="card non-punishment" role="note" data-testid="case-non-punishment">⚖ {t('cases.assessment.non_punishment_banner')}</p>
      )}
      <NrmPanel caseId={c.id} ownerOrgId={c.ownerOrg.id} state={c.state} deadlines={c.deadlines} transitions={c.can.transitions} onChange={load} />
      {tabs.length > 1 && (
        <div className="tabs" role="tablist">
          {tabs.map((x) => (
            <button key={x} type="button" role="tab" aria-selected={x === current} className={x === current ? 'active' : ''} onClick={() => setTab(x)} data-testid={`tab-${x}`}>{t(`cases.tab.${x}`)}</button>
          ))}
        </div>
      )}
      {current === 'person' && <PersonTab c={c} onChange={load} />}
      {current === 'victim' && <VictimTab c={c} />}
      {current === 'assessment' && c.nrmReferral && (
        <div className="stack" data-testid="case-assessment">
          <p className="muted">{t('cases.assessment.from_referral', { org: isolate(c.nrmReferral.fromOrg), date: isolate(intl.formatDate(c.nrmReferral.createdAt, { dateStyle: 'medium' })) })}</p>
          {c.nrmReferral.assessment ? <AssessmentView assessment={c.nrmReferral.assessment} questions={c.nrmReferral.questions} /> : <p className="muted">{t('cases.assessment.none')}</p>}
        </div>
      )}
      {current === 'perpetrators' && <RecordSection caseId={c.id} kind="perpetrator" title={t('cases.tab.perpetrators')} records={c.perpetrators ?? []} canAdd={c.can.update} onChange={load} />}
      {current === 'events' && <RecordSection caseId={c.id} kind="event" title={t('cases.tab.events')} records={c.events ?? []} canAdd={c.can.update} onChange={load} />}
      {current === 'support' && (
        <>
          <RecordSection caseId={c.id} kind="support_plan" title={t('cases.records.support_plans')} records={c.supportPlans ?? []} canAdd={c.can.update} onChange={load} />
          <RecordSection caseId={c.id} kind="service" title={t('cases.records.services')} records={c.services ?? []} canAdd={c.can.recordService} onChange={load} />
          {c.comments && <RecordSection caseId={c.id} kind="comment" title={t('cases.records.comments')} records={c.comments} canAdd={c.can.update} onChange={load} />}
        </>
      )}
      {current === 'justice' && (
        <>
          <ResidencePermit c={c} onChange={load} />
          <RecordSection caseId={c.id} kind="justice" title={t('cases.records.justice')} records={c.justice ?? []} canAdd={c.can.update} onChange={load} />
          <RecordSection caseId={c.id} kind="non_punishment" title={t('cases.records.non_punishment')} records={c.nonPunishment ?? []} canAdd={c.can.update} onChange={load} />
        </>
      )}
      {current === 'return' && <RecordSection caseId={c.id} kind="return" title={t('cases.tab.return')} records={c.returns ?? []} canAdd={c.can.update} onChange={load} />}
      {current === 'attachments' && <AttachmentsTab c={c} onChange={load} />}
      {current === 'referrals' && <ReferralsTab c={c} onChange={load} />}
      {current === 'timeline' && <Timeline c={c} />}
    </div>
  );
}

function Fields({ data, names }: { data: Record<string, unknown>; names: string[] }) {
  const { field, value } = useLabels();
  const shown = names.filter((n) => data[n] !== undefined && data[n] !== null);
  return <dl className="fields">{shown.map((n) => <div key={n}><dt>{field(n)}</dt><dd>{value(n, data[n])}</dd></div>)}</dl>;
}

function PersonTab({ c, onChange }: { c: CaseDto; onChange: () => void }) {
  const t = useT();
  const [consent, setConsent] = useState({ referral: c.consent.referral === true, shareIdentity: c.consent.shareIdentity === true, statistics: c.consent.statistics === true });
  const [error, setError] = useState<unknown>(null);
  const save = async () => {
    try { await api('PUT', `/api/cases/${c.id}/consent`, consent); onChange(); } catch (err) { setError(err); }
  };
  return (
    <>
      <section className="card">
        <h2>{t('cases.tab.person')}</h2>
        {!c.identityShared && <p className="muted">{t('cases.identity_hidden')}</p>}
        <Fields data={c.person ?? {}} names={['prs_FirstName', 'prs_MiddleName', 'prs_SecondName', 'prs_Birthdate', 'prs_Gender', 'prs_Citizenship', 'prs_PrimaryLanguage', 'prs_MaritalStatus', 'prs_IdentityNumber', 'prs_MobilePhone', 'prs_Email', 'prs_MailingCity']} />
      </section>
      <section className="card stack">
        <h2>{t('cases.consent.title')}</h2>
        <ErrorMessage error={error} />
        {(['referral', 'shareIdentity', 'statistics'] as const).map((k) => (
          <label key={k} className="check"><input type="checkbox" disabled={!c.can.consent} checked={consent[k]} onChange={(e) => setConsent({ ...consent, [k]: e.target.checked })} />{t(`cases.consent.${k}`)}</label>
        ))}
        {c.can.consent && <div><button type="button" onClick={() => void save()} data-testid="save-consent">{t('common.save')}</button></div>}
      </section>
    </>
  );
}

function VictimTab({ c }: { c: CaseDto }) {
  const t = useT();
  const { value } = useLabels();
  return (
    <section className="card">
      <h2>{t('cases.tab.victim')}</h2>
      <Fields data={c.victim ?? {}} names={['vic_TraffickingStatus', 'vic_TypeOfExploitation', 'vic_TypeOfSexExploitation', 'vic_ForcedLabourIndustry', 'vic_MethodsOfControl', 'vic_MethodOfRecruitment', 'vic_RecruitmentWebsitesAndApps', 'vic_RelationshipToTrafficker', 'vic_AgeWhenTrafficked', 'vic_TraffickingStatusDecisionMakingOrg']} />
      {c.countryOfExploitation && <p><strong>{t('cases.field.countryOfExploitation')}:</strong> {value('country', c.countryOfExploitation)}</p>}
      {c.details?.vic_DetailsOfVulnerabilities && <p><strong>{t('cases.field.vulnerabilities')}:</strong> {c.details.vic_DetailsOfVulnerabilities}</p>}
    </section>
  );
}

function ResidencePermit({ c, onChange }: { c: CaseDto; onChange: () => void }) {
  const t = useT();
  const [status, setStatus] = useState(c.residencePermit?.status ?? '');
  const [until, setUntil] = useState(c.residencePermit?.until ?? '');
  const [error, setError] = useState<unknown>(null);
  const save = async (e: FormEvent) => {
    e.preventDefault();
    try { await api('PATCH', `/api/cases/${c.id}`, { residencePermit: status || null, residencePermitUntil: until || null }); onChange(); } catch (err) { setError(err); }
  };
  return (
    <form className="card grid-form" onSubmit={save}>
      <h2>{t('cases.field.residencePermit')}</h2>
      <ErrorMessage error={error} />
      <label>{t('cases.field.residencePermit')}
        <select value={status} disabled={!c.can.update} onChange={(e) => setStatus(e.target.value)}>
          <option value="">—</option>
          {RESIDENCE_PERMIT_STATUSES.map((s) => <option key={s} value={s}>{t(`cases.value.residencePermit.${s}`)}</option>)}
        </select>
      </label>
      <label>{t('cases.field.residencePermitUntil')}<input type="date" disabled={!c.can.update} value={until} onChange={(e) => setUntil(e.target.value)} /></label>
      {c.can.update && <button type="submit">{t('common.save')}</button>}
    </form>
  );
}

function AttachmentsTab({ c, onChange }: { c: CaseDto; onChange: () => void }) {
  const t = useT();
  const [kind, setKind] = useState<string>('identity_document');
  const [error, setError] = useState<unknown>(null);
  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    try { await api('POST', `/api/cases/${c.id}/attachments`, { kind, fileName: file.name, contentBase64: btoa(binary) }); onChange(); } catch (err) { setError(err); }
  };
  return (
    <section className="card stack">
      <h2>{t('cases.tab.attachments')}</h2>
      <ErrorMessage error={error} />
      <ul className="records">
        {(c.attachments ?? []).map((a) => (
          <li key={a.id} className="record"><a href={`/api/cases/${c.id}/attachments/${a.id}`}>{a.fileName}</a> <span className="muted small">{t(`cases.value.attachment.${a.kind}`)} · {Math.ceil(a.size / 1024)} KB</span></li>
        ))}
      </ul>
      {c.can.attach && (
        <div className="grid-form">
          <label>{t('cases.attachments.kind')}
            <select value={kind} onChange={(e) => setKind(e.target.value)}>{ATTACHMENT_KINDS.map((k) => <option key={k} value={k}>{t(`cases.value.attachment.${k}`)}</option>)}</select>
          </label>
          <div className="field">
            <span className="field-title">{t('cases.attachments.file')}</span>
            <FilePicker accept="application/pdf,image/jpeg,image/png" onFiles={(files) => void upload(files[0])} testId="attachment-file" />
          </div>
          <p className="muted small">{t('cases.attachments.rules')}</p>
        </div>
      )}
    </section>
  );
}

function ReferralsTab({ c, onChange }: { c: CaseDto; onChange: () => void }) {
  const t = useT();
  const session = useSession();
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([]);
  const [candidates, setCandidates] = useState<Array<{ id: string; displayName: string }>>([]);
  const [form, setForm] = useState<{ toOrgId: string; services: string[]; note: string }>({ toOrgId: '', services: [], note: '' });
  const [member, setMember] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (c.can.refer) api<{ orgs: Array<{ id: string; name: string }> }>('GET', '/api/orgs').then((r) => setOrgs(r.orgs.filter((o) => o.id !== session.user?.org.id)), () => undefined);
    if (c.can.manageTeam) api<{ users: Array<{ id: string; displayName: string }> }>('GET', `/api/cases/${c.id}/team/candidates`).then((r) => setCandidates(r.users), () => undefined);
  }, [c.id, c.can.refer, c.can.manageTeam, session.user?.org.id]);
  const act = async (fn: () => Promise<unknown>) => { setError(null); try { await fn(); onChange(); } catch (err) { setError(err); } };
  return (
    <>
      <section className="card stack">
        <h2>{t('cases.referrals.title')}</h2>
        <ErrorMessage error={error} />
        <ul className="records">
          {(c.referrals ?? []).map((r) => (
            <li key={r.id} className="record" data-testid={`referral-${r.id}`}>
              <strong>{r.toOrg.name}</strong> — {r.services.map((s) => t(`cases.value.type.${s}`)).join(', ')} · <span className={`badge ref-${r.status}`}>{t(`cases.referrals.status.${r.status}`)}</span>
              {r.declineReason && <span className="muted small"> · {t(`cases.referrals.decline.${r.declineReason}`)}</span>}
              {r.status === 'pending' && c.can.refer && <button type="button" className="link" onClick={() => void act(() => api('POST', `/api/referrals/${r.id}/revoke`))}>{t('cases.referrals.revoke')}</button>}
            </li>
          ))}
        </ul>
        {c.can.refer && (
          <form className="grid-form" onSubmit={(e) => { e.preventDefault(); void act(async () => { await api('POST', `/api/cases/${c.id}/referrals`, { toOrgId: form.toOrgId, services: form.services, ...(form.note ? { note: form.note } : {}) }); setForm({ toOrgId: '', services: [], note: '' }); }); }}>
            <label>{t('cases.referrals.to')}
              <select value={form.toOrgId} onChange={(e) => setForm({ ...form, toOrgId: e.target.value })} required>
                <option value="">—</option>
                {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
              </select>
            </label>
            <fieldset className="checks">
              <legend>{t('cases.referrals.services')}</legend>
              {SERVICE_TYPES.map((s) => (
                <label key={s} className="check"><input type="checkbox" checked={form.services.includes(s)} onChange={() => setForm({ ...form, services: form.services.includes(s) ? form.services.filter((x) => x !== s) : [...form.services, s] })} />{t(`cases.value.type.${s}`)}</label>
              ))}
            </fieldset>
            <label>{t('cases.referrals.note')}<textarea value={form.note} onChange={(e) => setForm({ ...form, note: e.target.value })} /></label>
            <button type="submit" className="primary" disabled={!form.toOrgId || form.services.length === 0}>{t('cases.referrals.send')}</button>
          </form>
        )}
      </section>
      <section className="card stack">
        <h2>{t('cases.team.title')}</h2>
        <ul className="records">
          {(c.team ?? []).map((m) => (
            <li key={m.userId} className="record">{m.displayName} <span className="muted small">{m.org.name}{m.partner ? ` · ${t('cases.team.partner')}` : ''}</span>
              {c.can.manageTeam && !m.partner && <button type="button" className="link" onClick={() => void act(() => api('DELETE', `/api/cases/${c.id}/team/${m.userId}`))}>{t('cases.team.remove')}</button>}
            </li>
          ))}
        </ul>
        {c.can.manageTeam && (
          <form className="row" onSubmit={(e) => { e.preventDefault(); if (member) void act(() => api('POST', `/api/cases/${c.id}/team`, { userId: member })); }}>
            <select value={member} onChange={(e) => setMember(e.target.value)} aria-label={t('cases.team.add')}>
              <option value="">—</option>
              {candidates.filter((u) => !(c.team ?? []).some((m) => m.userId === u.id)).map((u) => <option key={u.id} value={u.id}>{u.displayName}</option>)}
            </select>
            <button type="submit">{t('cases.team.add')}</button>
          </form>
        )}
      </section>
    </>
  );
}

/** An NRM decision an HTCDS import brought, listed on the case's "imported" timeline entry. */
interface ImportedDecision { kind: 'ReasonableGrounds' | 'ConclusiveGrounds' | 'Review'; outcome: 'Positive' | 'Negative'; date: string }
const DECISION_LABEL: Record<ImportedDecision['kind'], string> = {
  ReasonableGrounds: 'cases.timeline.nrm_rg_decision',
  ConclusiveGrounds: 'cases.timeline.nrm_cg_decision',
  Review: 'cases.timeline.nrm_reconsideration_decision',
};

function Timeline({ c }: { c: CaseDto }) {
  const t = useT();
  return (
    <section className="card">
      <h2>{t('cases.tab.timeline')}</h2>
      <ol className="timeline" data-testid="timeline">
        {[...c.timeline].reverse().map((e) => (
          <li key={e.id}>
            <div><strong>{t(`cases.timeline.${e.action.replace(/\./g, '_')}`)}</strong>
              {e.toState && e.fromState !== e.toState ? <span className="muted"> → {t(`cases.value.state.${e.toState}`)}</span> : null}
            </div>
            {e.toOrg && (
              <div data-testid="timeline-to-org">{t('cases.timeline.referred_on_to', { org: isolate(e.toOrg.name) })}
                {Array.isArray(e.details.services) && e.details.services.length > 0 && <span className="muted"> · {(e.details.services as string[]).map((s) => t(`cases.value.type.${s}`)).join(', ')}</span>}
              </div>
            )}
            <div className="muted small"><bdi><FormattedDate value={e.at} dateStyle="medium" timeStyle="short" /></bdi> · <bdi>{e.actor ?? t('cases.timeline.system')}</bdi>{e.actorOrg ? <> · <bdi>{e.actorOrg}</bdi></> : null}</div>
            {Array.isArray(e.details.decisions) && e.details.decisions.length > 0 && (
              <ul className="imported-decisions" data-testid="timeline-imported-decisions">
                {(e.details.decisions as ImportedDecision[]).map((d, i) => (
                  <li key={i}>{t(DECISION_LABEL[d.kind] ?? 'cases.timeline.nrm_rg_decision')}: {t(d.outcome === 'Positive' ? 'cases.nrm.positive' : 'cases.nrm.negative')} · <bdi><FormattedDate value={d.date} dateStyle="medium" timeZone="UTC" /></bdi></li>
                ))}
              </ul>
            )}
            {e.reason && <p className="reason" dir="auto">{e.reason}</p>}
          </li>
        ))}
      </ol>
    </section>
  );
}
