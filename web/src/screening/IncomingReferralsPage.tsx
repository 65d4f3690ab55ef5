import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { AssessmentView } from './AssessmentView';
import { AnonymousNotifications } from './AnonymousNotifications';
import { useSession } from '../auth/session';
import { NATIVE_LANGUAGE, type Lang, type ReferralDto, type ReferralSummary } from './types';
import './screening.css';

const DECLINE_REASONS = ['outside_mandate', 'no_capacity', 'person_unreachable', 'duplicate', 'other'] as const;

/** Referrals received by my organisation (coordinators and caseworkers), newest first. */
export function IncomingReferralsPage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useSession();
  const [list, setList] = useState<ReferralSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ referrals: ReferralSummary[] }>('GET', '/api/nrm-referrals').then((r) => setList(r.referrals), setError);
  }, []);
  return (
    <div className="stack">
      <h1>{t('screening.incoming.title')}</h1>
      <ErrorMessage error={error} />
      {list === null ? (
        <p className="muted">{t('common.loading')}</p>
      ) : list.length === 0 ? (
        <p className="muted">{t('screening.incoming.none')}</p>
      ) : (
        <ul className="screening-list" data-testid="incoming">
          {list.map((r) => (
            <li key={r.id} className="card screening-item">
              <Link to={`/incoming-referrals/${r.id}`} data-testid={`referral-${r.id}`}>
                <strong>{t(`screening.referral_status.${r.status}`)}</strong>
                <span className={`rec-chip rec-${r.recommendation}`}>{t(`assessment.recommendation.${r.recommendation}`)}</span>
                {r.isChild && <span className="badge">{t('screening.child')}</span>}
                {r.nonPunishment && <span className="badge warn">{t('screening.non_punishment_short')}</span>}
              </Link>
              <span className="muted small">
                <FormattedDate value={r.createdAt} dateStyle="medium" timeStyle="short" /> · {t('screening.incoming.from', { org: r.fromOrg.name })}
                {r.forms.length > 0 && ` · ${new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(r.forms.map((f) => t(`assessment.form.${f}`)))}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {session.can('AnonymousNotification:list') && session.user?.org.type === 'nra' && <AnonymousNotifications />}
    </div>
  );
}

/** One received referral: the assessment, the identity when consent allows, "Open a case" and Decline. */
export function IncomingReferralPage() {
  const { id } = useParams();
  const t = useT();
  const { locale } = useLocale();
  const [r, setR] = useState<ReferralDto | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(async () => {
    try {
      setR(await api<ReferralDto>('GET', `/api/nrm-referrals/${id}`));
    } catch (err) {
      setError(err);
    }
  }, [id]);
  useEffect(() => void load(), [load]);

  async function decline() {
    setError(null);
    try {
      setR(await api<ReferralDto>('POST', `/api/nrm-referrals/${id}/decline`, { reason }));
    } catch (err) {
      setError(err);
    }
  }

  if (!r) return error ? <ErrorMessage error={error} /> : <p className="muted">{t('common.loading')}</p>;
  const ui = locale as Lang;
  return (
    <div className="stack screening-page" data-testid="incoming-referral">
      <p className="small">
        <Link to="/incoming-referrals">‹ {t('screening.incoming.title')}</Link>
      </p>
      <h1>{t('screening.incoming.detail_title', { org: r.fromOrg.name })}</h1>
      <ErrorMessage error={error} />
      <section className="card stack">
        <p>
          <strong>{t(`screening.referral_status.${r.status}`)}</strong> · <FormattedDate value={r.createdAt} dateStyle="medium" timeStyle="short" />
          {r.interviewLanguage && ` · ${t('screening.interview_language')}: ${NATIVE_LANGUAGE[r.interviewLanguage]}`}
        </p>
        <p className="small">
          {t('screening.consent.title')}: {t(r.consent.referral ? 'screening.consent.given_referral' : 'screening.consent.child_no_consent')} ·{' '}
          {t(r.consent.shareIdentity ? 'screening.consent.given_share' : 'screening.consent.no_share')} ·{' '}
          {t(r.consent.statistics ? 'screening.consent.given_statistics' : 'screening.consent.no_statistics')}
          {r.consent.guardianPresent && ` · ${t('screening.consent.guardian_present')}: ${t(`screening.guardian.${r.consent.guardianPresent}`)}`}
        </p>
        {r.status === 'declined' && r.declineReason && <p className="error">{t(`screening.decline_reason.${r.declineReason}`)}</p>}
        {r.canOpenCase && (
          <div className="row">
            <Link className="button primary" to={`/cases/new?referral=${r.id}`} data-testid="open-case">
              {t('screening.incoming.open_case')}
            </Link>
          </div>
        )}
      </section>

      {r.identity ? (
        <section className="card stack" data-testid="identity">
          <h2>{t('screening.incoming.person')}</h2>
          {!r.identity.person && !r.identity.sex && r.identity.age == null && !r.identity.citizenship && <p className="muted small">{t('screening.incoming.no_details')}</p>}
          <dl className="facts">
            {r.identity.person?.name && (<><dt>{t('screening.person.name')}</dt><dd>{r.identity.person.name}</dd></>)}
            {r.identity.person?.contact && (<><dt>{t('screening.person.contact')}</dt><dd>{r.identity.person.contact}</dd></>)}
            {r.identity.person?.identityNumber && (<><dt>{t('screening.person.identity_number')}</dt><dd dir="ltr">{r.identity.person.identityNumber}</dd></>)}
            {r.identity.sex && (<><dt>{t('screening.person.sex')}</dt><dd>{t(`screening.sex.${r.identity.sex}`)}</dd></>)}
            {r.identity.age != null && (<><dt>{t('screening.person.age')}</dt><dd>{r.identity.age}</dd></>)}
            {r.identity.citizenship && (<><dt>{t('screening.person.citizenship')}</dt><dd dir="ltr">{r.identity.citizenship}</dd></>)}
          </dl>
          {Object.keys(r.identity.notes).length > 0 && (
            <>
              <h3>{t('screening.notes')}</h3>
              <ul className="support-list">
                {Object.entries(r.identity.notes).map(([qid, note]) => (
                  <li key={qid}>
                    <span className="muted small">{r.questions[qid]?.text[ui] ?? qid}</span>
                    <br />
                    {note}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      ) : (
        <p className="muted small">{t('screening.incoming.no_identity')}</p>
      )}
      {r.childViews && (
        <section className="card">
          <h2>{t('screening.consent.child_views')}</h2>
          <p>{r.childViews}</p>
        </section>
      )}

      <AssessmentView assessment={r.assessment} questions={r.questions} />

      {r.canDecline && (
        <section className="card stack">
          <h2>{t('screening.incoming.decline')}</h2>
          <label>
            {t('screening.incoming.decline_reason')}
            <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="decline-reason">
              <option value="">—</option>
              {DECLINE_REASONS.map((x) => (
                <option key={x} value={x}>
                  {t(`screening.decline_reason.${x}`)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="danger" disabled={!reason} onClick={() => void decline()} data-testid="decline">
            {t('screening.incoming.decline')}
          </button>
        </section>
      )}
    </div>
  );
}
