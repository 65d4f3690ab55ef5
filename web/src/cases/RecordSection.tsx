import { useState, type FormEvent } from 'react';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { PRS_GENDER, PER_ROLE_IN_PROCESS, HTE_TYPE, SPL_TYPE } from '../../../common/htcds';
import {
  SERVICE_TYPES, SERVICE_OUTCOMES, JUSTICE_KINDS, JUSTICE_STATUSES, NON_PUNISHMENT_DECISIONS, RETURN_RISK_LEVELS, RETURN_STATUSES,
} from '../../../common/cases';
import { useCountryOptions, useLabels } from './labels';

type Input = 'text' | 'textarea' | 'date' | 'select' | 'multi' | 'country' | 'countries';
interface FieldDef { name: string; input: Input; options?: readonly string[]; required?: boolean }

/** The fields of each kind of case record, with HTCDS names where HTCDS has the field. */
export const RECORD_FORMS: Record<string, FieldDef[]> = {
  perpetrator: [
    { name: 'prs_FirstName', input: 'text' }, { name: 'prs_SecondName', input: 'text' }, { name: 'prs_Gender', input: 'select', options: PRS_GENDER },
    { name: 'prs_Citizenship', input: 'countries' }, { name: 'per_RoleInProcess', input: 'multi', options: PER_ROLE_IN_PROCESS }, { name: 'per_RoleDetails', input: 'textarea' },
  ],
  event: [
    { name: 'hte_Type', input: 'select', options: HTE_TYPE, required: true }, { name: 'hte_Date', input: 'date' }, { name: 'hte_Country', input: 'country' },
    { name: 'hte_City', input: 'text' }, { name: 'hte_Description', input: 'textarea' },
  ],
  support_plan: [
    { name: 'spl_Type', input: 'select', options: SPL_TYPE, required: true }, { name: 'spl_Objectives', input: 'textarea' }, { name: 'spl_ActionPlan', input: 'textarea' },
    { name: 'spl_PlannedEndDate', input: 'date' }, { name: 'spl_ActualEndDate', input: 'date' },
  ],
  service: [
    { name: 'type', input: 'select', options: SERVICE_TYPES, required: true }, { name: 'date', input: 'date', required: true },
    { name: 'outcome', input: 'select', options: SERVICE_OUTCOMES, required: true }, { name: 'notes', input: 'textarea' },
  ],
  justice: [
    { name: 'kind', input: 'select', options: JUSTICE_KINDS, required: true }, { name: 'status', input: 'select', options: JUSTICE_STATUSES, required: true },
    { name: 'date', input: 'date' }, { name: 'reference', input: 'text' }, { name: 'notes', input: 'textarea' },
  ],
  non_punishment: [
    { name: 'offence', input: 'textarea', required: true }, { name: 'compulsion', input: 'textarea' },
    { name: 'decision', input: 'select', options: NON_PUNISHMENT_DECISIONS, required: true }, { name: 'date', input: 'date' }, { name: 'notes', input: 'textarea' },
  ],
  return: [
    { name: 'destinationCountry', input: 'country', required: true }, { name: 'riskLevel', input: 'select', options: RETURN_RISK_LEVELS, required: true },
    { name: 'riskAssessment', input: 'textarea' }, { name: 'receivingAgency', input: 'text' }, { name: 'plannedDate', input: 'date' },
    { name: 'status', input: 'select', options: RETURN_STATUSES, required: true }, { name: 'notes', input: 'textarea' },
  ],
  comment: [{ name: 'cco_CaseComment', input: 'textarea', required: true }],
};

export type CaseRecord = Record<string, unknown> & { id: string; createdAt: string; org: { id: string; name: string } | null };

/** A list of case records of one kind with a form to add one. */
export function RecordSection({ caseId, kind, records, canAdd, onChange, title }: { caseId: string; kind: string; records: CaseRecord[]; canAdd: boolean; onChange: () => void; title: string }) {
  const t = useT();
  const { field, value } = useLabels();
  const countries = useCountryOptions();
  const fields = RECORD_FORMS[kind];
  const [form, setForm] = useState<Record<string, unknown>>({});
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(form).filter(([, v]) => v !== '' && v !== undefined && !(Array.isArray(v) && v.length === 0)));
      await api('POST', `/api/cases/${caseId}/records/${kind}`, body);
      setForm({});
      setOpen(false);
      onChange();
    } catch (err) {
      setError(err);
    }
  }

  const inputFor = (f: FieldDef) => {
    const v = form[f.name];
    const set = (x: unknown) => setForm({ ...form, [f.name]: x });
    const id = `${kind}-${f.name}`;
    switch (f.input) {
      case 'textarea': return <textarea id={id} value={(v as string) ?? ''} onChange={(e) => set(e.target.value)} required={f.required} />;
      case 'date': return <input id={id} type="date" value={(v as string) ?? ''} onChange={(e) => set(e.target.value)} required={f.required} />;
      case 'select': return (
        <select id={id} value={(v as string) ?? ''} onChange={(e) => set(e.target.value)} required={f.required}>
          <option value="">—</option>
          {f.options!.map((o) => <option key={o} value={o}>{value(f.name, o)}</option>)}
        </select>
      );
      case 'country': case 'countries': return (
        <select id={id} value={f.input === 'countries' ? ((v as string[] | undefined)?.[0] ?? '') : ((v as string) ?? '')} onChange={(e) => set(f.input === 'countries' ? (e.target.value ? [e.target.value] : []) : e.target.value)} required={f.required}>
          <option value="">—</option>
          {countries.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
        </select>
      );
      case 'multi': return (
        <select id={id} multiple value={(v as string[]) ?? []} onChange={(e) => set([...e.target.selectedOptions].map((o) => o.value))}>
          {f.options!.map((o) => <option key={o} value={o}>{value(f.name, o)}</option>)}
        </select>
      );
      default: return <input id={id} value={(v as string) ?? ''} onChange={(e) => set(e.target.value)} required={f.required} />;
    }
  };

  return (
    <section className="card stack" data-testid={`section-${kind}`}>
      <div className="row spread">
        <h2>{title}</h2>
        {canAdd && !open && <button type="button" onClick={() => setOpen(true)} data-testid={`add-${kind}`}>{t('cases.records.add')}</button>}
      </div>
      {records.length === 0 && <p className="muted">{t('cases.records.none')}</p>}
      <ul className="records">
        {records.map((r) => (
          <li key={r.id} className="record">
            <dl>
              {fields.filter((f) => r[f.name] !== undefined).map((f) => (
                <div key={f.name}><dt>{field(f.name)}</dt><dd dir="auto">{value(f.name, r[f.name])}</dd></div>
              ))}
            </dl>
            <p className="muted small"><bdi>{r.org?.name}</bdi> · <bdi><FormattedDate value={r.createdAt} dateStyle="medium" /></bdi></p>
          </li>
        ))}
      </ul>
      {open && (
        <form onSubmit={submit} className="grid-form" data-testid={`form-${kind}`}>
          <ErrorMessage error={error} />
          {fields.map((f) => (
            <label key={f.name} htmlFor={`${kind}-${f.name}`}>{field(f.name)}{inputFor(f)}</label>
          ))}
          <div className="row">
            <button type="submit" className="primary">{t('common.save')}</button>
            <button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
