import { useEffect, useState, type FormEvent } from 'react';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { CLOSURE_REASONS, EXTENSION_REASONS, SERVICE_TYPES, TRANSITIONS, type TransitionName } from '../../../common/cases';

export interface Deadlines { rgDue: string | null; reflectionEnds: string | null; cgDue: string | null; followUpDue: string | null }

/** The NRM stage of a case, its deadlines, and the steps the user may take now (decision forms; "refer on" names the receiving organisation). */
export function NrmPanel({ caseId, ownerOrgId, state, deadlines, transitions, onChange }: { caseId: string; ownerOrgId: string; state: string; deadlines: Deadlines; transitions: TransitionName[]; onChange: () => void }) {
  const t = useT();
  const [active, setActive] = useState<TransitionName | null>(null);
  const [form, setForm] = useState<{ outcome?: string; reasons?: string; reasonCode?: string; days?: string; toOrgId?: string; services?: string[] }>({});
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([]);
  useEffect(() => {
    if (active === 'refer_on') api<{ orgs: Array<{ id: string; name: string }> }>('GET', '/api/orgs').then((r) => setOrgs(r.orgs.filter((o) => o.id !== ownerOrgId)), setError);
  }, [active, ownerOrgId]);
  const [error, setError] = useState<unknown>(null);
  const spec = active ? (TRANSITIONS[active] as { decision?: boolean; reasonList?: 'closure' | 'extension' }) : null;
  const needsReasons = Boolean(spec?.decision) || active === 'request_reconsideration';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body: Record<string, unknown> = { transition: active };
      if (form.outcome) body.outcome = form.outcome;
      if (form.reasons) body.reasons = form.reasons;
      if (form.reasonCode) body.reasonCode = form.reasonCode;
      if (form.days) body.days = Number(form.days);
      if (form.toOrgId) body.toOrgId = form.toOrgId;
      if (form.services?.length) body.services = form.services;
      await api('POST', `/api/cases/${caseId}/transitions`, body);
      setActive(null);
      setForm({});
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  const dl = (key: keyof Deadlines) => deadlines[key] && (
    <div key={key} data-testid={`deadline-${key}`}><dt>{t(`cases.deadline.${key}`)}</dt><dd><FormattedDate value={deadlines[key]!} dateStyle="medium" /></dd></div>
  );
  return (
    <section className="card stack nrm-panel" aria-label={t('cases.nrm.title')}>
      <div className="row spread">
        <h2>{t('cases.nrm.title')}</h2>
        <span className={`badge state-${state}`} data-testid="nrm-state">{t(`cases.value.state.${state}`)}</span>
      </div>
      <dl className="deadlines">{(['rgDue', 'reflectionEnds', 'cgDue', 'followUpDue'] as const).map(dl)}</dl>
      {transitions.length > 0 && !active && (
        <div className="row">
          {transitions.map((name) => (
            <button key={name} type="button" className={TRANSITIONS[name].takers.includes('authority' as never) ? 'primary' : ''} onClick={() => setActive(name)} data-testid={`transition-${name}`}>
              {t(`cases.transition.${name}`)}
            </button>
          ))}
        </div>
      )}
      {active && (
        <form onSubmit={submit} className="stack" data-testid="transition-form">
          <h3>{t(`cases.transition.${active}`)}</h3>
          <ErrorMessage error={error} />
          {spec?.decision && (
            <fieldset className="row">
              <legend>{t('cases.nrm.outcome')}</legend>
              {(['positive', 'negative'] as const).map((o) => (
                <label key={o} className="check"><input type="radio" name="outcome" value={o} checked={form.outcome === o} onChange={() => setForm({ ...form, outcome: o })} />{t(`cases.nrm.${o}`)}</label>
              ))}
            </fieldset>
          )}
          {spec?.reasonList && (
            <label>{t('cases.nrm.reason')}
              <select value={form.reasonCode ?? ''} onChange={(e) => setForm({ ...form, reasonCode: e.target.value })} required name="reasonCode">
                <option value="">—</option>
                {(spec.reasonList === 'closure' ? CLOSURE_REASONS : EXTENSION_REASONS.filter((r) => r !== 'other')).map((r) => <option key={r} value={r}>{t(`cases.reason.${r}`)}</option>)}
              </select>
            </label>
          )}
          {active === 'extend_reflection' && (
            <label>{t('cases.nrm.days')}<input type="number" min={1} max={365} value={form.days ?? ''} onChange={(e) => setForm({ ...form, days: e.target.value })} required name="days" /></label>
          )}
          {active === 'refer_on' && (
            <>
              <label>{t('cases.referon.to')}
                <select name="toOrgId" value={form.toOrgId ?? ''} onChange={(e) => setForm({ ...form, toOrgId: e.target.value })} required>
                  <option value="">—</option>
                  {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
                </select>
              </label>
              <fieldset className="checks">
                <legend>{t('cases.referon.services')}</legend>
                {SERVICE_TYPES.map((s) => {
                  const chosen = form.services ?? [];
                  return <label key={s} className="check"><input type="checkbox" checked={chosen.includes(s)} onChange={() => setForm({ ...form, services: chosen.includes(s) ? chosen.filter((x) => x !== s) : [...chosen, s] })} />{t(`cases.value.type.${s}`)}</label>;
                })}
              </fieldset>
            </>
          )}
          {(needsReasons || active === 'close') && (
            <label>{t('cases.nrm.reasons')}<textarea name="reasons" value={form.reasons ?? ''} onChange={(e) => setForm({ ...form, reasons: e.target.value })} required={needsReasons} /></label>
          )}
          <div className="row">
            <button type="submit" className="primary" data-testid="transition-submit">{t('cases.nrm.confirm')}</button>
            <button type="button" onClick={() => { setActive(null); setError(null); }}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
