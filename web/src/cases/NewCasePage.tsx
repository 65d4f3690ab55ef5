import { useEffect, useState, type FormEvent } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { isolate, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PRS_GENDER, VIC_TYPE_OF_EXPLOITATION, JISR_EXPLOITATION_TYPES, VIC_METHODS_OF_CONTROL } from '../../../common/htcds';
import { useCountryOptions, useLabels } from './labels';
import './cases.css';

interface Prefill {
  referral: { id: string; fromOrg: string; isChild: boolean; identityShared: boolean; nonPunishment: boolean };
  person: Record<string, unknown>;
  victim: Record<string, unknown>;
  consent: { referral: boolean; shareIdentity: boolean; statistics: boolean };
  isChild: boolean;
}

/** Opens a case: directly, or from an NRM referral (`?referral=<id>`, prefilled; opening accepts the referral). */
export function NewCasePage() {
  const t = useT();
  const { field, value } = useLabels();
  const countries = useCountryOptions();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const referralId = params.get('referral');
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [person, setPerson] = useState<Record<string, unknown>>({});
  const [victim, setVictim] = useState<Record<string, unknown>>({ vic_TraffickingStatus: 'PossibleVictimOfTrafficking' });
  const [consent, setConsent] = useState({ referral: false, shareIdentity: false, statistics: false });
  const [countryOfExploitation, setCountryOfExploitation] = useState('');
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!referralId) return;
    api<Prefill>('GET', `/api/cases/prefill?referral=${encodeURIComponent(referralId)}`).then((p) => {
      setPrefill(p);
      setPerson(p.person);
      setVictim({ vic_TraffickingStatus: 'PossibleVictimOfTrafficking', ...p.victim });
      setConsent(p.consent);
    }, setError);
  }, [referralId]);

  const setP = (k: string, v: unknown) => setPerson((p) => ({ ...p, [k]: v === '' ? undefined : v }));
  const toggle = (k: string, v: string) => setVictim((x) => {
    const list = (x[k] as string[] | undefined) ?? [];
    return { ...x, [k]: list.includes(v) ? list.filter((y) => y !== v) : [...list, v] };
  });

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const clean = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0)));
      const body: Record<string, unknown> = { person: clean(person), victim: clean(victim), consent };
      if (countryOfExploitation) body.countryOfExploitation = countryOfExploitation;
      if (referralId) body.nrmReferralId = referralId;
      if (prefill) body.isChild = prefill.isChild;
      const r = await api<{ id: string }>('POST', '/api/cases', body);
      navigate(`/cases/${r.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const text = (k: string, type = 'text', dir?: 'ltr') => (
    <label>{field(k)}<input type={type} dir={dir} value={(person[k] as string | undefined) ?? ''} onChange={(e) => setP(k, e.target.value)} name={k} /></label>
  );
  return (
    <form className="stack" onSubmit={submit}>
      <h1>{referralId ? t('cases.new.title_referral') : t('cases.new.title')}</h1>
      {prefill && (
        <p className="notice" data-testid="prefill-notice">
          {t('cases.new.from_referral', { org: isolate(prefill.referral.fromOrg) })}
          {!prefill.referral.identityShared && ` ${t('cases.new.identity_not_shared')}`}
          {prefill.referral.nonPunishment && ` ${t('cases.new.non_punishment_flag')}`}
        </p>
      )}
      <ErrorMessage error={error} />
      <section className="card">
        <h2>{t('cases.tab.person')}</h2>
        <div className="grid-form">
          {text('prs_FirstName')}
          {text('prs_SecondName')}
          {text('prs_Birthdate', 'date')}
          <label>{field('prs_Gender')}
            <select value={(person.prs_Gender as string | undefined) ?? ''} onChange={(e) => setP('prs_Gender', e.target.value)} name="prs_Gender">
              <option value="">—</option>
              {PRS_GENDER.map((g) => <option key={g} value={g}>{value('prs_Gender', g)}</option>)}
            </select>
          </label>
          <label>{field('prs_Citizenship')}
            <select value={((person.prs_Citizenship as string[] | undefined) ?? [])[0] ?? ''} onChange={(e) => setP('prs_Citizenship', e.target.value ? [e.target.value] : undefined)} name="prs_Citizenship">
              <option value="">—</option>
              {countries.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </label>
          {text('prs_IdentityNumber', 'text', 'ltr')}
          {text('prs_MobilePhone', 'tel', 'ltr')}
          {text('prs_Email', 'email', 'ltr')}
        </div>
      </section>
      <section className="card">
        <h2>{t('cases.tab.victim')}</h2>
        <fieldset className="checks">
          <legend>{field('vic_TypeOfExploitation')}</legend>
          {[...VIC_TYPE_OF_EXPLOITATION, ...JISR_EXPLOITATION_TYPES].map((v) => (
            <label key={v} className="check"><input type="checkbox" checked={((victim.vic_TypeOfExploitation as string[] | undefined) ?? []).includes(v)} onChange={() => toggle('vic_TypeOfExploitation', v)} />{value('vic_TypeOfExploitation', v)}</label>
          ))}
        </fieldset>
        <fieldset className="checks">
          <legend>{field('vic_MethodsOfControl')}</legend>
          {VIC_METHODS_OF_CONTROL.map((v) => (
            <label key={v} className="check"><input type="checkbox" checked={((victim.vic_MethodsOfControl as string[] | undefined) ?? []).includes(v)} onChange={() => toggle('vic_MethodsOfControl', v)} />{value('vic_MethodsOfControl', v)}</label>
          ))}
        </fieldset>
        <label>{t('cases.field.countryOfExploitation')}
          <select value={countryOfExploitation} onChange={(e) => setCountryOfExploitation(e.target.value)}>
            <option value="">—</option>
            {countries.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
          </select>
        </label>
      </section>
      <section className="card">
        <h2>{t('cases.consent.title')}</h2>
        {(['referral', 'shareIdentity', 'statistics'] as const).map((k) => (
          <label key={k} className="check"><input type="checkbox" name={`consent-${k}`} checked={consent[k]} onChange={(e) => setConsent({ ...consent, [k]: e.target.checked })} />{t(`cases.consent.${k}`)}</label>
        ))}
      </section>
      <button type="submit" className="primary" disabled={busy} data-testid="open-case-submit">{t('cases.new.submit')}</button>
    </form>
  );
}
