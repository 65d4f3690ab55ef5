import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { DECLINE_REASONS } from '../../../common/cases';
import { useLabels } from './labels';
import './cases.css';

interface Referral {
  id: string; caseId: string; caseReference: string; fromOrg: { name: string }; toOrg: { name: string }; services: string[]; status: string; note: string | null;
  createdBy: string; createdAt: string; summary: { sex: string | null; ageGroup: string; exploitationTypes: string[]; isChild: boolean };
}

/** Referrals received by my organisation (accept or decline with a reason) and pending ones my teams sent. */
export function ReferralsInboxPage() {
  const t = useT();
  const { value } = useLabels();
  const [data, setData] = useState<{ incoming: Referral[]; sent: Referral[] } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(() => { api<{ incoming: Referral[]; sent: Referral[] }>('GET', '/api/referrals').then(setData, setError); }, []);
  useEffect(load, [load]);
  const act = async (fn: () => Promise<unknown>) => { setError(null); try { await fn(); setDeclining(null); load(); } catch (err) { setError(err); } };

  const card = (r: Referral, incoming: boolean) => (
    <li key={r.id} className="card stack" data-testid={`inbox-${r.caseReference}`}>
      <div className="row spread">
        <strong>{incoming ? r.fromOrg.name : r.toOrg.name}</strong>
        <span className={`badge ref-${r.status}`}>{t(`cases.referrals.status.${r.status}`)}</span>
      </div>
      <p>{r.services.map((s) => t(`cases.value.type.${s}`)).join(', ')}</p>
      <p className="muted small">
        <span dir="ltr">{r.caseReference}</span> · {[value('prs_Gender', r.summary.sex), r.summary.ageGroup, value('vic_TypeOfExploitation', r.summary.exploitationTypes)].join(' · ')}
        {r.summary.isChild ? ` · ${t('cases.child')}` : ''} · <FormattedDate value={r.createdAt} dateStyle="medium" />
      </p>
      {r.note && <p className="reason" dir="auto">{r.note}</p>}
      {incoming && r.status === 'pending' && declining !== r.id && (
        <div className="row">
          <button type="button" className="primary" onClick={() => void act(() => api('POST', `/api/referrals/${r.id}/answer`, { accept: true }))} data-testid="accept-referral">{t('cases.referrals.accept')}</button>
          <button type="button" onClick={() => { setDeclining(r.id); setReason(''); }}>{t('cases.referrals.decline_action')}</button>
        </div>
      )}
      {declining === r.id && (
        <form className="row" onSubmit={(e) => { e.preventDefault(); void act(() => api('POST', `/api/referrals/${r.id}/answer`, { accept: false, reason })); }}>
          <select value={reason} onChange={(e) => setReason(e.target.value)} required aria-label={t('cases.referrals.decline_reason')}>
            <option value="">{t('cases.referrals.decline_reason')}</option>
            {DECLINE_REASONS.map((d) => <option key={d} value={d}>{t(`cases.referrals.decline.${d}`)}</option>)}
          </select>
          <button type="submit" className="danger">{t('cases.referrals.decline_action')}</button>
        </form>
      )}
      {incoming && r.status === 'accepted' && <Link to={`/cases/${r.caseId}`}>{t('cases.referrals.open_case')}</Link>}
      {!incoming && r.status === 'pending' && <button type="button" className="link" onClick={() => void act(() => api('POST', `/api/referrals/${r.id}/revoke`))}>{t('cases.referrals.revoke')}</button>}
    </li>
  );
  return (
    <div className="stack">
      <h1>{t('cases.referrals.inbox')}</h1>
      <ErrorMessage error={error} />
      <h2>{t('cases.referrals.incoming')}</h2>
      {data && data.incoming.length === 0 && <p className="muted">{t('cases.records.none')}</p>}
      <ul className="plain stack">{data?.incoming.map((r) => card(r, true))}</ul>
      <h2>{t('cases.referrals.sent')}</h2>
      {data && data.sent.length === 0 && <p className="muted">{t('cases.records.none')}</p>}
      <ul className="plain stack">{data?.sent.map((r) => card(r, false))}</ul>
    </div>
  );
}
