import { useEffect, useState } from 'react';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { NATIVE_LANGUAGE, dirOf, type Lang, type Localized, type ScreeningDto } from './types';

interface Org {
  id: string;
  name: string;
  type: string;
}

interface Service {
  id: string;
  name: Localized;
  description: Localized;
  availability?: Localized;
  contacts: Array<{ type: string; value: string }>;
}

/** Support services in the interviewed person's language (and the responder's), to hand over. */
export function SupportServices({ audience, personLang }: { audience: 'adult' | 'child'; personLang: Lang }) {
  const t = useT();
  const { locale } = useLocale();
  const [data, setData] = useState<{ note: Localized; services: Service[] } | null>(null);
  useEffect(() => {
    api<{ note: Localized; services: Service[] }>('GET', `/api/screening/support-services?audience=${audience}`).then(setData, () => setData(null));
  }, [audience]);
  if (!data) return null;
  const langs = [...new Set([personLang, locale as Lang])];
  return (
    <section className="card stack" data-testid="support-services">
      <h2>{t('screening.services.title')}</h2>
      <p className="muted small">{data.note[locale as Lang]}</p>
      <ul className="services">
        {data.services.map((s) => (
          <li key={s.id}>
            {langs.map((l) => (
              <div key={l} lang={l} dir={dirOf(l)} className="service-lang">
                <strong>{s.name[l]}</strong>
                <p className="small">{s.description[l]}</p>
                {s.availability && <p className="small muted">{s.availability[l]}</p>}
              </div>
            ))}
            <p dir="ltr" className="contacts">
              {s.contacts.map((c) => `${c.type}: ${c.value}`).join(' · ')}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/**
 * After the assessment: consent, then one action — a referral to the chosen receiving
 * organisation (an adult who consents, or a child, who needs no consent), or for an adult who
 * declines, an anonymous notification to the national referral authority and support contacts.
 */
export function OutcomePanel({ screening: s, run }: { screening: ScreeningDto; run: (method: 'POST', path: string, body: unknown) => Promise<void> }) {
  const t = useT();
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [consent, setConsent] = useState({ referral: s.isChild, shareIdentity: s.isChild, statistics: true });
  const [toOrgId, setToOrgId] = useState('');
  const [guardianPresent, setGuardianPresent] = useState('');
  const [childViews, setChildViews] = useState('');
  useEffect(() => {
    api<{ orgs: Org[] }>('GET', '/api/orgs').then((r) => {
      const receivers = r.orgs.filter((o) => o.type === 'nra' || o.type === 'ngo').sort((a, b) => (a.type === 'nra' ? -1 : b.type === 'nra' ? 1 : 0));
      setOrgs(receivers);
      setToOrgId((id) => id || receivers[0]?.id || '');
    }, () => undefined);
  }, []);

  const live = s.referrals.find((r) => r.status !== 'declined');
  const declined = s.referrals.filter((r) => r.status === 'declined');

  if (s.status === 'referred' && live) {
    return (
      <section className="card stack outcome done" data-testid="referral-done">
        <h2>{t('screening.referral.sent_title')}</h2>
        <p>
          {t('screening.referral.sent', { org: live.toOrg.name })} · {t(`screening.referral_status.${live.status}`)} ·{' '}
          <FormattedDate value={live.createdAt} dateStyle="medium" timeStyle="short" />
        </p>
      </section>
    );
  }
  if (s.status === 'notified') {
    return (
      <div className="stack">
        <section className="card stack outcome done" data-testid="notification-done">
          <h2>{t('screening.notification.sent_title')}</h2>
          <p>{t('screening.notification.sent')}</p>
        </section>
        <SupportServices audience="adult" personLang={s.interviewLanguage} />
      </div>
    );
  }
  if (!s.can.refer) return null;

  const canRefer = (s.isChild ? Boolean(guardianPresent) : consent.referral) && Boolean(toOrgId);
  const mayNotify = !s.isChild && !consent.referral && s.assessment?.recommendation !== 'no_indication';

  return (
    <div className="stack">
      {declined.map((r) => (
        <p key={r.id} className="error" data-testid="referral-declined">
          {t('screening.referral.declined', { org: r.toOrg.name, reason: t(`screening.decline_reason.${r.declineReason ?? 'other'}`) })}
        </p>
      ))}
      <section className="card stack outcome" data-testid="consent">
        <h2>{t('screening.consent.title')}</h2>
        {s.isChild ? (
          <>
            <p className="notice">{t('screening.consent.child_intro')}</p>
            <label>
              {t('screening.consent.guardian_present')}
              <select value={guardianPresent} onChange={(e) => setGuardianPresent(e.target.value)} data-testid="guardian-present" required>
                <option value="">—</option>
                {['guardian', 'social_worker', 'both', 'none'].map((g) => (
                  <option key={g} value={g}>
                    {t(`screening.guardian.${g}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('screening.consent.child_views')}
              <textarea value={childViews} onChange={(e) => setChildViews(e.target.value)} maxLength={4000} rows={3} data-testid="child-views" />
              <span className="muted small">{t('screening.consent.child_views_hint')}</span>
            </label>
          </>
        ) : (
          <>
            <p className="muted small">{t('screening.consent.intro', { language: NATIVE_LANGUAGE[s.interviewLanguage] })}</p>
            <label className="check">
              <input type="checkbox" checked={consent.referral} onChange={(e) => setConsent({ ...consent, referral: e.target.checked, shareIdentity: e.target.checked && consent.shareIdentity })} data-testid="consent-referral" />
              {t('screening.consent.referral')}
            </label>
          </>
        )}
        <label className="check">
          <input type="checkbox" checked={consent.shareIdentity} disabled={!s.isChild && !consent.referral} onChange={(e) => setConsent({ ...consent, shareIdentity: e.target.checked })} data-testid="consent-share" />
          {t('screening.consent.share_identity')}
        </label>
        <label className="check">
          <input type="checkbox" checked={consent.statistics} onChange={(e) => setConsent({ ...consent, statistics: e.target.checked })} data-testid="consent-statistics" />
          {t('screening.consent.statistics')}
        </label>

        {(s.isChild || consent.referral) && (
          <>
            <label>
              {t('screening.referral.to')}
              <select value={toOrgId} onChange={(e) => setToOrgId(e.target.value)} data-testid="receiver">
                {orgs.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                    {o.type === 'nra' ? ` — ${t('screening.referral.nra')}` : ''}
                  </option>
                ))}
              </select>
            </label>
            <button
              type="button"
              className="primary"
              disabled={!canRefer}
              data-testid="create-referral"
              onClick={() =>
                void run('POST', `/api/screenings/${s.id}/referral`, {
                  toOrgId,
                  consent,
                  ...(s.isChild ? { guardianPresent, childViews } : {}),
                })
              }
            >
              {t('screening.referral.create')}
            </button>
          </>
        )}
        {mayNotify && (
          <>
            <p className="small">{t('screening.notification.intro')}</p>
            <button type="button" className="primary" data-testid="notify" onClick={() => void run('POST', `/api/screenings/${s.id}/anonymous-notification`, { consent: { ...consent, referral: false, shareIdentity: false } })}>
              {t('screening.notification.create')}
            </button>
          </>
        )}
      </section>
      {!s.isChild && !consent.referral && <SupportServices audience="adult" personLang={s.interviewLanguage} />}
    </div>
  );
}
