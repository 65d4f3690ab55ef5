import { useEffect, useMemo, useState } from 'react';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { countryName } from '../../../common/htcds/countries';
import { ChartFrame, PALETTE } from './charts';
import type { Release, ReleasedTable } from './data';
import './stats.css';

interface GlotipIndex {
  attribution: string;
  source: string;
  countries: Array<{ iso3: string; alpha2: string | null; name: string }>;
  indicators: string[];
}
interface GlotipValue { kind: 'count' | 'range'; value?: number; lower?: number; upper?: number; text: string }
interface GlotipSeries { rows: Array<{ year: number; dimension: string; category: string; sex: string; age: string; value: GlotipValue }>; attribution: string }

/** UNODC GLOTIP figures of a country and indicator beside Jisr's released national figures (by year). */
export function GlotipPage() {
  const t = useT();
  const { locale } = useLocale();
  const [index, setIndex] = useState<GlotipIndex>();
  const [iso3, setIso3] = useState('');
  const [indicator, setIndicator] = useState('Detected trafficking victims');
  const [series, setSeries] = useState<GlotipSeries>();
  const [releases, setReleases] = useState<Release[]>([]);
  const [releaseId, setReleaseId] = useState('');
  const [jisr, setJisr] = useState<ReleasedTable>();
  const [error, setError] = useState<unknown>();
  const [importMessage, setImportMessage] = useState<string>();

  useEffect(() => {
    api<GlotipIndex>('GET', '/api/stats/reference/glotip').then((i) => {
      setIndex(i);
      setIso3((s) => s || (i.countries.find((c) => c.iso3 === 'MAR')?.iso3 ?? i.countries[0]?.iso3 ?? ''));
    }).catch(setError);
    api<{ releases: Release[] }>('GET', '/api/stats/releases').then((r) => {
      const usable = r.releases.filter((x) => x.attributes.includes('year'));
      setReleases(usable);
      setReleaseId(usable.find((x) => x.status === 'published')?.id ?? usable[0]?.id ?? '');
    }).catch(setError);
  }, []);
  useEffect(() => {
    if (!iso3 || !indicator) return;
    api<GlotipSeries>('GET', `/api/stats/reference/glotip/series?iso3=${iso3}&indicator=${encodeURIComponent(indicator)}`).then(setSeries).catch(setError);
  }, [iso3, indicator]);
  useEffect(() => {
    if (!releaseId) return setJisr(undefined);
    api<ReleasedTable>('GET', `/api/stats/releases/${releaseId}/table?columns=year`).then(setJisr).catch(setError);
  }, [releaseId]);

  const totals = useMemo(() => (series?.rows ?? []).filter((r) => r.dimension === 'Total' && r.category === 'Total' && r.sex === 'Total' && r.age === 'Total'), [series]);
  const years = [...new Set([...totals.map((r) => r.year), ...(jisr?.cells ?? []).map((c) => Number(c.values[0])).filter(Boolean)])].sort();
  const unodc = new Map(totals.map((r) => [r.year, r.value]));
  const ours = new Map((jisr?.cells ?? []).map((c) => [Number(c.values[0]), c.count]));
  const max = Math.max(1, ...totals.map((r) => (r.value.kind === 'count' ? r.value.value! : r.value.upper!)), ...ours.values());
  const country = index?.countries.find((c) => c.iso3 === iso3);
  const cname = country?.alpha2 ? countryName(country.alpha2, locale) : (country?.name ?? iso3);

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setImportMessage(undefined);
    try {
      const r = await api<{ rows: number }>('POST', '/api/stats/reference/glotip', { csv: await file.text() });
      setImportMessage(t('stats.glotip_imported', { rows: r.rows }));
      setIndex(await api<GlotipIndex>('GET', '/api/stats/reference/glotip'));
    } catch (e) {
      setError(e);
    }
  };

  const width = 640;
  const plot = 220;
  const band = (width - 60) / Math.max(1, years.length);
  return (
    <div className="stack">
      <h1>{t('stats.glotip_title')}</h1>
      <p className="muted">{t('stats.glotip_intro')}</p>
      <div className="card grid-form">
        <label>{t('stats.glotip_country')}
          <select value={iso3} onChange={(e) => setIso3(e.target.value)} data-testid="glotip-country">
            {(index?.countries ?? []).map((c) => <option key={c.iso3} value={c.iso3}>{c.alpha2 ? countryName(c.alpha2, locale) : c.name}</option>)}
          </select>
        </label>
        <label>{t('stats.glotip_indicator')}
          <select value={indicator} onChange={(e) => setIndicator(e.target.value)}>
            {(index?.indicators ?? []).map((i) => <option key={i} value={i}>{i}</option>)}
          </select>
        </label>
        <label>{t('stats.glotip_release')}
          <select value={releaseId} onChange={(e) => setReleaseId(e.target.value)}>
            <option value="">—</option>
            {releases.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        </label>
      </div>
      <ErrorMessage error={error} />
      <ChartFrame id="glotip-comparison" title={t('stats.glotip_chart', { country: cname })} note={`${t('stats.glotip_range_note')} ${index?.attribution ?? ''}`}
        csv={[[t('stats.attr.year'), 'UNODC', 'Jisr'], ...years.map((y) => [y, unodc.get(y)?.text ?? '', ours.get(y) ?? ''])]}>
        <svg viewBox={`0 0 ${width} ${plot + 70}`} role="img" aria-label={t('stats.glotip_chart', { country: cname })} className="chart-svg" data-testid="glotip-chart">
          {years.map((y, i) => {
            const v = unodc.get(y);
            const x = locale === 'ar' ? width - 30 - (i + 1) * band : 30 + i * band;
            const uh = v ? ((v.kind === 'count' ? v.value! : v.upper!) / max) * plot : 0;
            const oh = ((ours.get(y) ?? 0) / max) * plot;
            return (
              <g key={y}>
                <rect x={x + band * 0.1} y={10 + plot - uh} width={band * 0.38} height={uh} fill={v?.kind === 'range' ? 'url(#hatch)' : PALETTE[0]} stroke={PALETTE[0]} />
                <rect x={x + band * 0.52} y={10 + plot - oh} width={band * 0.38} height={oh} fill={PALETTE[1]} />
                <text x={x + band / 2} y={plot + 26} textAnchor="middle" fontSize="10">{y}</text>
                {v ? <text x={x + band * 0.29} y={6 + plot - uh} textAnchor="middle" fontSize="9" fill="#5b6b75">{v.text}</text> : null}
              </g>
            );
          })}
          <defs>
            <pattern id="hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="6" height="6" fill="#fff" />
              <line x1="0" y1="0" x2="0" y2="6" stroke={PALETTE[0]} strokeWidth="3" />
            </pattern>
          </defs>
          <rect x="30" y={plot + 42} width="12" height="12" fill={PALETTE[0]} />
          <text x="48" y={plot + 52} fontSize="12">{t('stats.glotip_unodc')}</text>
          <rect x="330" y={plot + 42} width="12" height="12" fill={PALETTE[1]} />
          <text x="348" y={plot + 52} fontSize="12">{t('stats.glotip_jisr')}</text>
        </svg>
      </ChartFrame>
      <section className="card stack">
        <h2>{t('stats.glotip_import')}</h2>
        <p className="muted">{t('stats.glotip_import_help', { source: index?.source ?? '' })}</p>
        <input type="file" accept=".csv,text/csv" onChange={(e) => void importFile(e.target.files?.[0])} />
        {importMessage ? <p className="notice">{importMessage}</p> : null}
      </section>
    </div>
  );
}
