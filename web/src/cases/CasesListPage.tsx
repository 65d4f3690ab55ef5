import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { NRM_STATES, AGE_GROUPS } from '../../../common/cases';
import { VIC_TYPE_OF_EXPLOITATION, PRS_GENDER, JISR_EXPLOITATION_TYPES } from '../../../common/htcds';
import { useCountryOptions, useLabels } from './labels';
import './cases.css';

export interface CaseSummary {
  id: string;
  reference: string;
  displayName: string | null;
  state: string;
  ownerOrg: { id: string; name: string };
  sex: string | null;
  ageGroup: string;
  citizenship: string | null;
  exploitationTypes: string[];
  openedAt: string;
  deadlines: { rgDue: string | null; reflectionEnds: string | null; cgDue: string | null; followUpDue: string | null };
}

const FILTERS = ['state', 'exploitation', 'citizenship', 'ageGroup', 'sex', 'org', 'openedFrom', 'openedTo', 'name', 'sort'] as const;

/** The cases I may see, with filters (status, exploitation, citizenship, age group, sex, organisation, dates), sort and pages. */
export function CasesListPage() {
  const t = useT();
  const session = useSession();
  const { value } = useLabels();
  const countries = useCountryOptions();
  const [params, setParams] = useSearchParams();
  const [data, setData] = useState<{ cases: CaseSummary[]; total: number; page: number; pageSize: number } | null>(null);
  const [orgs, setOrgs] = useState<Array<{ id: string; name: string }>>([]);
  const [error, setError] = useState<unknown>(null);
  const page = Number(params.get('page') ?? '1');
  // On a phone the filters start folded unless one is in use, so that the first screen shows cases.
  const [filtersOpen] = useState(() => FILTERS.some((f) => f !== 'sort' && params.get(f)) || window.matchMedia('(min-width: 48rem)').matches);

  useEffect(() => {
    const q = new URLSearchParams();
    for (const f of FILTERS) { const v = params.get(f); if (v) q.set(f, v); }
    q.set('page', String(page));
    setError(null);
    api<{ cases: CaseSummary[]; total: number; page: number; pageSize: number }>('GET', `/api/cases?${q}`).then(setData, setError);
  }, [params, page]);
  useEffect(() => { api<{ orgs: Array<{ id: string; name: string }> }>('GET', '/api/orgs').then((r) => setOrgs(r.orgs), () => undefined); }, []);

  const set = (key: string, v: string) => {
    const next = new URLSearchParams(params);
    if (v) next.set(key, v); else next.delete(key);
    next.delete('page');
    setParams(next);
  };
  const pages = data ? Math.max(1, Math.ceil(data.total / data.pageSize)) : 1;
  const goto = (p: number) => { const next = new URLSearchParams(params); next.set('page', String(p)); setParams(next); };

  return (
    <div className="stack">
      <div className="row spread">
        <h1>{t('cases.list.title')}</h1>
        {session.can('Case:create') && <Link className="button primary" to="/cases/new">{t('cases.list.new')}</Link>}
      </div>
      <details className="card filters" open={filtersOpen} data-testid="case-filters">
        <summary>{t('cases.list.filters')}</summary>
        <div className="filter-grid">
          <label>{t('cases.list.search_name')}<input defaultValue={params.get('name') ?? ''} onBlur={(e) => set('name', e.target.value.trim())} data-testid="filter-name" /></label>
          <label>{t('cases.field.state')}
            <select value={params.get('state') ?? ''} onChange={(e) => set('state', e.target.value)} data-testid="filter-state">
              <option value="">{t('cases.list.any')}</option>
              {NRM_STATES.map((s) => <option key={s} value={s}>{t(`cases.value.state.${s}`)}</option>)}
            </select>
          </label>
          <label>{t('cases.list.exploitation')}
            <select value={params.get('exploitation') ?? ''} onChange={(e) => set('exploitation', e.target.value)}>
              <option value="">{t('cases.list.any')}</option>
              {[...VIC_TYPE_OF_EXPLOITATION, ...JISR_EXPLOITATION_TYPES].map((s) => <option key={s} value={s}>{value('vic_TypeOfExploitation', s)}</option>)}
            </select>
          </label>
          <label>{t('cases.list.citizenship')}
            <select value={params.get('citizenship') ?? ''} onChange={(e) => set('citizenship', e.target.value)}>
              <option value="">{t('cases.list.any')}</option>
              {countries.map((c) => <option key={c.code} value={c.code}>{c.name}</option>)}
            </select>
          </label>
          <label>{t('cases.list.age_group')}
            <select value={params.get('ageGroup') ?? ''} onChange={(e) => set('ageGroup', e.target.value)}>
              <option value="">{t('cases.list.any')}</option>
              {AGE_GROUPS.map((a) => <option key={a} value={a}>{a === 'unknown' ? t('cases.list.unknown') : a}</option>)}
            </select>
          </label>
          <label>{t('cases.list.sex')}
            <select value={params.get('sex') ?? ''} onChange={(e) => set('sex', e.target.value)}>
              <option value="">{t('cases.list.any')}</option>
              {PRS_GENDER.map((g) => <option key={g} value={g}>{value('prs_Gender', g)}</option>)}
            </select>
          </label>
          <label>{t('cases.list.org')}
            <select value={params.get('org') ?? ''} onChange={(e) => set('org', e.target.value)}>
              <option value="">{t('cases.list.any')}</option>
              {orgs.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
            </select>
          </label>
          <label>{t('cases.list.opened_from')}<input type="date" value={params.get('openedFrom') ?? ''} onChange={(e) => set('openedFrom', e.target.value)} /></label>
          <label>{t('cases.list.opened_to')}<input type="date" value={params.get('openedTo') ?? ''} onChange={(e) => set('openedTo', e.target.value)} /></label>
          <label>{t('cases.list.sort')}
            <select value={params.get('sort') ?? 'opened_desc'} onChange={(e) => set('sort', e.target.value)}>
              {['opened_desc', 'opened_asc', 'due', 'reference'].map((s) => <option key={s} value={s}>{t(`cases.list.sort_${s}`)}</option>)}
            </select>
          </label>
        </div>
      </details>
      <ErrorMessage error={error} />
      {data && <p className="muted" data-testid="case-total">{t('cases.list.total', { count: data.total })}</p>}
      <ul className="case-cards">
        {data?.cases.map((c) => {
          const due = [c.deadlines.rgDue, c.deadlines.reflectionEnds, c.deadlines.cgDue, c.deadlines.followUpDue].filter(Boolean).sort()[0];
          return (
            <li key={c.id} className="card case-card" data-testid={`case-${c.reference}`}>
              <Link to={`/cases/${c.id}`} className="case-link">
                <strong dir="ltr">{c.reference}</strong>
                <bdi>{c.displayName ?? t('cases.identity_hidden')}</bdi>
              </Link>
              <span className={`badge state-${c.state}`}>{t(`cases.value.state.${c.state}`)}</span>
              <span className="muted small">
                {[value('prs_Gender', c.sex), c.ageGroup === 'unknown' ? null : c.ageGroup, c.citizenship ? value('citizenship', c.citizenship) : null].filter(Boolean).join(' · ')}
              </span>
              <span className="small">{value('vic_TypeOfExploitation', c.exploitationTypes)}</span>
              <span className="muted small">
                <bdi>{c.ownerOrg.name}</bdi> · <bdi><FormattedDate value={c.openedAt} dateStyle="medium" /></bdi>
                {due ? <> · {t('cases.list.next_due')} <bdi><FormattedDate value={due} dateStyle="medium" /></bdi></> : null}
              </span>
            </li>
          );
        })}
      </ul>
      {data && pages > 1 && (
        <nav className="row pager" aria-label={t('cases.list.pages')}>
          <button type="button" disabled={page <= 1} onClick={() => goto(page - 1)}>{t('cases.list.previous')}</button>
          <span>{t('cases.list.page_of', { page, pages })}</span>
          <button type="button" disabled={page >= pages} onClick={() => goto(page + 1)}>{t('cases.list.next')}</button>
        </nav>
      )}
    </div>
  );
}
