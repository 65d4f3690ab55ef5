import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import './cases.css';

/** The country's NRM settings as the API holds them. */
interface NrmSettings { reflectionDays: number; rgWorkingDays: number; weekendDays: number[]; followUpDays: number }
type NumberField = 'reflectionDays' | 'rgWorkingDays' | 'followUpDays';
type Field = NumberField | 'weekendDays';

/** The limits of the API schema (`SettingsBody`), checked here first so errors read in the user's language. */
const LIMITS: Record<NumberField, { min: number; max: number }> = {
  reflectionDays: { min: 30, max: 365 },
  rgWorkingDays: { min: 1, max: 60 },
  followUpDays: { min: 1, max: 365 },
};
const MAX_WEEKEND_DAYS = 3;
const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6];

/**
 * The country's NRM settings for the referral authority's admin: length of the recovery and
 * reflection period (at least 30 days, CoE Convention art. 13), working days for the
 * reasonable-grounds decision, weekend days, and the first follow-up after a positive decision.
 * Others who may read them see them read-only.
 */
export function NrmSettingsPage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useSession();
  const editable = session.can('Nrm:configure') && session.user?.org.type === 'nra';
  const [form, setForm] = useState<Record<NumberField, string> & { weekendDays: number[] } | null>(null);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const fill = (s: NrmSettings) => setForm({ reflectionDays: String(s.reflectionDays), rgWorkingDays: String(s.rgWorkingDays), followUpDays: String(s.followUpDays), weekendDays: [...s.weekendDays].sort() });
  useEffect(() => { api<NrmSettings>('GET', '/api/nrm/settings').then(fill, setError); }, []);

  if (!form) return <><ErrorMessage error={error} /><p className="loading">{t('common.loading')}</p></>;
  const label = (f: Field) => t(`cases.settings.${f}`);
  const weekday = (d: number) => new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + d)));

  function validate(): Partial<Record<Field, string>> {
    const out: Partial<Record<Field, string>> = {};
    for (const f of Object.keys(LIMITS) as NumberField[]) {
      const raw = form![f].trim();
      const n = Number(raw);
      if (raw === '' || !Number.isInteger(n)) out[f] = t('cases.settings.error.integer', { field: label(f) });
      else if (n < LIMITS[f].min || n > LIMITS[f].max) out[f] = t(f === 'reflectionDays' ? 'cases.settings.error.reflection_min' : 'cases.settings.error.range', { field: label(f), min: LIMITS[f].min, max: LIMITS[f].max });
    }
    if (form!.weekendDays.length > MAX_WEEKEND_DAYS) out.weekendDays = t('cases.settings.error.weekend_max', { max: MAX_WEEKEND_DAYS });
    return out;
  }

  async function submit(e: FormEvent) {
    e.preventDefault();
    setSaved(false);
    setError(null);
    const found = validate();
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    try {
      const next = await api<NrmSettings>('PUT', '/api/nrm/settings', {
        reflectionDays: Number(form!.reflectionDays), rgWorkingDays: Number(form!.rgWorkingDays), followUpDays: Number(form!.followUpDays), weekendDays: form!.weekendDays,
      });
      fill(next);
      setSaved(true);
    } catch (err) {
      // The server names the field by its API name: show its label instead, beside the field.
      const field = err instanceof ApiError ? (err.field?.split('.')[0] as Field | undefined) : undefined;
      if (err instanceof ApiError && field && field in { ...LIMITS, weekendDays: 1 }) setErrors({ [field]: err.message.split(field).join(label(field)) });
      else setError(err);
    }
  }

  const number = (f: NumberField, hint: string) => (
    <label key={f}>{label(f)}
      <input type="number" inputMode="numeric" name={f} min={LIMITS[f].min} max={LIMITS[f].max} value={form[f]} disabled={!editable}
        aria-invalid={errors[f] ? true : undefined} aria-describedby={`${f}-hint${errors[f] ? ` ${f}-error` : ''}`}
        onChange={(e) => setForm({ ...form, [f]: e.target.value })} />
      <span id={`${f}-hint`} className="muted small">{hint}</span>
      {errors[f] && <span id={`${f}-error`} className="error small" role="alert" data-testid={`error-${f}`}>{errors[f]}</span>}
    </label>
  );

  return (
    <div className="stack">
      <h1>{t('cases.settings.title')}</h1>
      <p className="muted">{t('cases.settings.intro')}</p>
      {!editable && <p className="muted small" data-testid="settings-readonly">{t('cases.settings.read_only')}</p>}
      <form className="card grid-form" onSubmit={submit} noValidate data-testid="nrm-settings">
        <ErrorMessage error={error} />
        {number('reflectionDays', t('cases.settings.reflectionDays_hint'))}
        {number('rgWorkingDays', t('cases.settings.rgWorkingDays_hint'))}
        {number('followUpDays', t('cases.settings.followUpDays_hint'))}
        <fieldset className="checks" aria-describedby={errors.weekendDays ? 'weekendDays-error' : undefined}>
          <legend>{label('weekendDays')}</legend>
          {WEEKDAYS.map((d) => (
            <label key={d} className="check">
              <input type="checkbox" name="weekendDays" value={d} disabled={!editable} checked={form.weekendDays.includes(d)}
                onChange={() => setForm({ ...form, weekendDays: form.weekendDays.includes(d) ? form.weekendDays.filter((x) => x !== d) : [...form.weekendDays, d].sort() })} />
              {weekday(d)}
            </label>
          ))}
          {errors.weekendDays && <span id="weekendDays-error" className="error small" role="alert" data-testid="error-weekendDays">{errors.weekendDays}</span>}
        </fieldset>
        {editable && <button type="submit" className="primary" data-testid="save-settings">{t('common.save')}</button>}
        {saved && <p className="ok-badge" role="status" data-testid="settings-saved">{t('cases.settings.saved')}</p>}
      </form>
    </div>
  );
}
