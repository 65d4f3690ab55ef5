import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { isolate, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import './cases.css';

interface Item { caseId: string; reference: string; state: string; kind: string; due: string | null; overdue: boolean }
interface Work {
  decisions: Item[]; reflectionEnding: Item[]; followUps: Item[]; upcoming: Item[];
  referralsIncoming: Array<{ id: string; caseReference: string; fromOrg: { name: string }; services: string[] }>;
  referralsSent: Array<{ id: string; caseId: string; caseReference: string; toOrg: { name: string } }>;
  nrmReferrals: Array<{ id: string; fromOrg: string; createdAt: string; isChild: boolean }>;
  notifications: Array<{ id: string; caseId: string | null; kind: string; params: Record<string, string>; createdAt: string; read: boolean }>;
}

/** Items of a list shown at first (the most urgent: the server sends them by date); the rest on request. */
const SHOWN = 10;

/** What needs my action: decisions due, reflection periods ending in 7 days, referrals waiting, overdue follow-ups, notifications. */
export function MyWorkPage() {
  const t = useT();
  const [w, setW] = useState<Work | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => { api<Work>('GET', '/api/my-work').then(setW, setError); }, []);
  const items = (list: Item[], testid: string) => (
    <>
      <ul className="plain stack" data-testid={testid}>
        {(expanded.has(testid) ? list : list.slice(0, SHOWN)).map((i) => (
          <li key={`${i.caseId}-${i.kind}`} className={`card work-item${i.overdue ? ' overdue' : ''}`}>
            <Link to={`/cases/${i.caseId}`} dir="ltr">{i.reference}</Link>
            <span>{t(`cases.work.kind.${i.kind}`)}</span>
            {i.due && <span className="small">{i.overdue ? t('cases.work.overdue') : t('cases.work.due')} <FormattedDate value={i.due} dateStyle="medium" /></span>}
          </li>
        ))}
      </ul>
      {list.length > SHOWN && !expanded.has(testid) && (
        <div><button type="button" data-testid={`${testid}-all`} onClick={() => setExpanded(new Set([...expanded, testid]))}>{t('cases.work.show_all', { count: list.length })}</button></div>
      )}
    </>
  );
  const section = (key: string, list: Item[]) => list.length > 0 && (
    <section className="stack"><h2>{t(`cases.work.${key}`)}</h2>{items(list, `work-${key}`)}</section>
  );
  const empty = w && [w.decisions, w.reflectionEnding, w.followUps, w.upcoming, w.referralsIncoming, w.referralsSent, w.nrmReferrals].every((l) => l.length === 0);
  return (
    <div className="stack">
      <h1>{t('cases.work.title')}</h1>
      <ErrorMessage error={error} />
      {empty && <p className="muted">{t('cases.work.nothing')}</p>}
      {w && (
        <>
          {section('decisions', w.decisions)}
          {section('reflectionEnding', w.reflectionEnding)}
          {section('followUps', w.followUps)}
          {w.nrmReferrals.length > 0 && (
            <section className="stack"><h2>{t('cases.work.nrmReferrals')}</h2>
              <ul className="plain stack">{w.nrmReferrals.map((r) => (
                <li key={r.id} className="card work-item"><span>{r.fromOrg}{r.isChild ? ` · ${t('cases.child')}` : ''}</span><FormattedDate value={r.createdAt} dateStyle="medium" /><Link to={`/cases/new?referral=${r.id}`}>{t('cases.work.open_case')}</Link></li>
              ))}</ul>
            </section>
          )}
          {(w.referralsIncoming.length > 0 || w.referralsSent.length > 0) && (
            <section className="stack"><h2>{t('cases.work.referrals')}</h2>
              <ul className="plain stack">
                {w.referralsIncoming.map((r) => <li key={r.id} className="card work-item"><span dir="ltr">{r.caseReference}</span><span>{t('cases.work.referral_from', { org: isolate(r.fromOrg.name) })}</span><Link to="/referrals">{t('cases.work.answer')}</Link></li>)}
                {w.referralsSent.map((r) => <li key={r.id} className="card work-item"><Link to={`/cases/${r.caseId}`} dir="ltr">{r.caseReference}</Link><span>{t('cases.work.referral_to', { org: isolate(r.toOrg.name) })}</span></li>)}
              </ul>
            </section>
          )}
          {section('upcoming', w.upcoming)}
          <section className="stack">
            <h2>{t('cases.work.notifications')}</h2>
            {w.notifications.length === 0 && <p className="muted">{t('cases.work.no_notifications')}</p>}
            <ul className="plain stack">
              {w.notifications.map((n) => (
                <li key={n.id} className={`card work-item${n.read ? '' : ' unread'}`}>
                  <span>{t(`cases.notification.${n.kind}`, { reference: n.params.reference ?? '', org: isolate(n.params.org ?? ''), due: n.params.due ?? '' })}</span>
                  {n.caseId && <Link to={`/cases/${n.caseId}`}>{t('cases.work.open')}</Link>}
                  <span className="muted small"><FormattedDate value={n.createdAt} dateStyle="medium" /></span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </div>
  );
}
