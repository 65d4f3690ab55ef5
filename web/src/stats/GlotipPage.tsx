import { useEffect, useMemo, useState } from 'react';
import { FormattedNumber, useIntl } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';
import { countryName } from '../../../common/htcds/countries';
import { ChartFrame, PALETTE, useChartWidth } from './charts';
import { postForProblems, type ImportFailure, type Release, type ReleasedTable } from './data';
import { ImportProblems } from './ImportProblems';
import { FilePicker } from '../components/FilePicker';
import './stats.css';

interface GlotipIndex {
  attribution: string;
  source: 'shipped' | 'imported';
  importedAt?: string;
  countries: Array<{ iso3: string; alpha2: string | null; name: string }>;
  indicators: string[];
}
interface GlotipValue { kind: 'count' | 'range'; value?: number; lower?: number; upper?: number; text: string }
interface GlotipSeries { rows: Array<{ year: number; dimension: string; category: string; sex: string; age: string; value: GlotipValue }>; attribution: string }

/** UNODC's indicator names (as in data_glotip.csv) and their catalogue keys. */
const INDICATOR_KEYS: Record<string, string> = {
  'Detected trafficking victims': 'stats.glotip_ind_detected',
  'Persons brought into formal contact': 'stats.glotip_ind_contact',
  'Persons prosecuted': 'stats.glotip_ind_prosecuted',
  'Persons convicted': 'stats.glotip_ind_convicted',
  'Offences of trafficking in persons': 'stats.glotip_ind_offences',
};

/** The upper end of a UNODC value: the count, or the top of a "<N" range. */
const top = (v: GlotipValue): number => (v.kind === 'count' ? v.value! : v.upper!);

/** UNODC GLOTIP figures of a country and indicator beside Jisr's released national figures (by year), as a chart and a table. */
export function GlotipPage() {
  const t = useT();
  const { locale } = useLocale();
  const session = useSession();
  const [index, setIndex] = useState<GlotipIndex>();
  const [iso3, setIso3] = useState('');
  const [indicator, setIndicator] = useState('Detected trafficking victims');
  const [series, setSeries] = useState<GlotipSeries>();
  const [releases, setReleases] = useState<Release[]>([]);
  const [releaseId, setReleaseId] = useState('');
  const [jisr, setJisr] = useState<ReleasedTable>();
  const [error, setError] = useState<unknown>();
  const [imported, setImported] = useState<number>();
  const [failure, setFailure] = useState<ImportFailure>();
  const [busy, setBusy] = useState(false);

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
  }, [iso3, indicator, index]);
  useEffect(() => {
    if (!releaseId) return setJisr(undefined);
    api<ReleasedTable>('GET', `/api/stats/releases/${releaseId}/table?columns=year`).then(setJisr).catch(setError);
  }, [releaseId]);

  const totals = useMemo(() => (series?.rows ?? []).filter((r) => r.dimension === 'Total' && r.category === 'Total' && r.sex === 'Total' && r.age === 'Total'), [series]);
  const unodc = new Map(totals.map((r) => [r.year, r.value]));
  const ours = new Map((jisr?.cells ?? []).filter((c) => /^\d{4}$/.test(c.values[0])).map((c) => [Number(c.values[0]), c.count]));
  const years = [...new Set([...unodc.keys(), ...ours.keys()])].sort((a, b) => a - b);
  const country = index?.countries.find((c) => c.iso3 === iso3);
  const cname = country?.alpha2 ? countryName(country.alpha2, locale) : (country?.name ?? iso3);
  const indicatorLabel = (i: string) => (INDICATOR_KEYS[i] ? t(INDICATOR_KEYS[i]) : i);
  const range = (v: GlotipValue) => t('stats.glotip_range', { bound: (v.upper ?? 0) + 1, lower: v.lower ?? 0, upper: v.upper ?? 0 });

  const importFile = async (file: File | undefined) => {
    if (!file) return;
    setError(undefined);
    setFailure(undefined);
    setImported(undefined);
    setBusy(true);
    try {
      const result = await postForProblems<{ rows: number }>('/api/stats/reference/glotip', { csv: await file.text() }, locale);
      if (!result.ok) return setFailure(result.failure);
      // The notice and the line naming the data in use change together.
      const next = await api<GlotipIndex>('GET', '/api/stats/reference/glotip');
      setImported(result.data.rows);
      setIndex(next);
    } finally {
      setBusy(false);
    }
  };

  const chartTitle = t('stats.glotip_chart', { country: cname, indicator: indicatorLabel(indicator) });
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
          <select value={indicator} onChange={(e) => setIndicator(e.target.value)} data-testid="glotip-indicator">
            {(index?.indicators ?? []).map((i) => <option key={i} value={i}>{indicatorLabel(i)}</option>)}
          </select>
        </label>
        <label>{t('stats.glotip_release')}
          <select value={releaseId} onChange={(e) => setReleaseId(e.target.value)} data-testid="glotip-release">
            <option value="">—</option>
            {releases.map((r) => <option key={r.id} value={r.id}>{r.label}</option>)}
          </select>
        </label>
        <p className="muted small-print">{t('stats.glotip_jisr_note')}</p>
      </div>
      <ErrorMessage error={error} />
      <ChartFrame id="glotip-comparison" title={chartTitle} maxWidth={1200} note={`${t('stats.glotip_range_note')} ${index?.attribution ?? ''}`}
        csv={[[t('stats.attr.year'), t('stats.glotip_unodc_column'), t('stats.glotip_jisr_column')], ...years.map((y) => [y, unodc.get(y)?.text ?? '', ours.get(y) ?? ''])]}>
        {years.length === 0 ? <p className="muted">{t('stats.glotip_no_data')}</p> : (
          <ComparisonChart years={years} unodc={unodc} ours={ours} rtl={locale === 'ar'} label={chartTitle} unodcLegend={t('stats.glotip_unodc')} jisrLegend={t('stats.glotip_jisr')} />
        )}
      </ChartFrame>
      <section className="card stack">
        <h2>{t('stats.glotip_table', { country: cname })}</h2>
        <div className="table-scroll">
          <table className="stat-table" data-testid="glotip-table">
            <thead>
              <tr>
                <th>{t('stats.attr.year')}</th>
                <th className="num">{t('stats.glotip_unodc_column')}</th>
                <th className="num">{t('stats.glotip_jisr_column')}</th>
              </tr>
            </thead>
            <tbody>
              {years.map((y) => {
                const v = unodc.get(y);
                const n = ours.get(y);
                return (
                  <tr key={y}>
                    <td>{y}</td>
                    <td className="num" data-testid={`unodc-${y}`} data-lower={v?.kind === 'range' ? v.lower : undefined} data-upper={v?.kind === 'range' ? v.upper : undefined}>
                      {!v ? '—' : v.kind === 'count' ? <FormattedNumber value={v.value!} /> : range(v)}
                    </td>
                    <td className="num" data-testid={`jisr-${y}`}>{n === undefined ? '—' : <FormattedNumber value={n} />}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        <p className="muted small-print">{t('stats.glotip_table_note')}</p>
      </section>
      <section className="card stack">
        <h2>{t('stats.glotip_import')}</h2>
        {index ? (
          <p className="muted" data-testid="glotip-source">
            {index.source === 'imported' && index.importedAt ? t('stats.glotip_source_imported', { date: new Date(index.importedAt) }) : t('stats.glotip_source_shipped')}
          </p>
        ) : null}
        {session.can('StatReference:import') ? (
          <>
            <p>{t('stats.glotip_import_help')}</p>
            <FilePicker accept=".csv,text/csv" disabled={busy} onFiles={(files) => void importFile(files[0])} testId="glotip-file" />
            {busy ? <p className="muted">{t('common.loading')}</p> : null}
            {imported !== undefined ? <p className="notice" data-testid="glotip-imported">{t('stats.glotip_imported', { rows: imported })}</p> : null}
            {failure ? <ImportProblems failure={failure} tables={false} /> : null}
          </>
        ) : null}
      </section>
    </div>
  );
}

/** Paired columns per year: UNODC (hatched when a "<N" range, drawn at its upper end) and Jisr's released count. */
function ComparisonChart({ years, unodc, ours, rtl, label, unodcLegend, jisrLegend }: {
  years: number[];
  unodc: ReadonlyMap<number, GlotipValue>;
  ours: ReadonlyMap<number, number>;
  rtl: boolean;
  label: string;
  unodcLegend: string;
  jisrLegend: string;
}) {
  const { formatNumber } = useIntl();
  const width = useChartWidth();
  const plot = width < 500 ? 180 : 260;
  const axis = 44;
  const band = (width - axis - 10) / years.length;
  // Year labels need about 30 px; on narrow charts every n-th year is labelled.
  const every = Math.max(1, Math.ceil(30 / band));
  const max = Math.max(1, ...[...unodc.values()].map(top), ...ours.values());
  const x = (i: number) => (rtl ? width - axis - (i + 1) * band : axis + i * band);
  const legendY = plot + 48;
  const legend = [
    { key: 'unodc', text: unodcLegend, fill: PALETTE[0] },
    { key: 'jisr', text: jisrLegend, fill: PALETTE[1] },
  ];
  const legendStep = width < 500 ? 0 : width / 2;
  const height = legendY + (legendStep ? 10 : 30);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg" data-testid="glotip-chart">
      <defs>
        <pattern id="glotip-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke={PALETTE[0]} strokeWidth="3" />
        </pattern>
      </defs>
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={rtl ? 10 : axis} x2={rtl ? width - axis : width - 10} y1={10 + plot * (1 - f)} y2={10 + plot * (1 - f)} stroke="#d8dee2" />
          <text x={rtl ? width - axis + 6 : axis - 6} y={14 + plot * (1 - f)} textAnchor={rtl ? 'start' : 'end'} fontSize="11" fill="#5b6b75">{formatNumber(Math.round(max * f))}</text>
        </g>
      ))}
      {years.map((y, i) => {
        const v = unodc.get(y);
        const n = ours.get(y);
        const uh = v ? (top(v) / max) * plot : 0;
        const oh = n !== undefined ? (n / max) * plot : 0;
        // In Arabic the pair reads right to left too: UNODC on the right.
        const first = rtl ? band * 0.52 : band * 0.1;
        const second = rtl ? band * 0.1 : band * 0.52;
        return (
          <g key={y}>
            {v ? (
              <rect x={x(i) + first} y={10 + plot - uh} width={band * 0.38} height={Math.max(1, uh)} fill={v.kind === 'range' ? 'url(#glotip-hatch)' : PALETTE[0]} stroke={PALETTE[0]} strokeWidth="0.5" data-series="unodc" data-kind={v.kind} data-year={y}>
                <title>{`${y}: ${v.text}`}</title>
              </rect>
            ) : null}
            {n !== undefined ? (
              <rect x={x(i) + second} y={10 + plot - oh} width={band * 0.38} height={Math.max(1, oh)} fill={PALETTE[1]} data-series="jisr" data-year={y}>
                <title>{`${y}: ${n}`}</title>
              </rect>
            ) : null}
            {i % every === 0 ? <text x={x(i) + band / 2} y={plot + 26} textAnchor="middle" fontSize="11" fill="#1b2a33">{y}</text> : null}
            {band >= 34 && v ? <text x={x(i) + first + band * 0.19} y={6 + plot - uh} textAnchor="middle" fontSize="9" fill="#5b6b75">{v.text}</text> : null}
          </g>
        );
      })}
      {legend.map((item, k) => {
        const lx = rtl ? width - 20 - k * legendStep : 20 + k * legendStep;
        const ly = legendY + (legendStep ? 0 : k * 20);
        return (
          <g key={item.key}>
            <rect x={rtl ? lx - 12 : lx} y={ly - 10} width="12" height="12" fill={item.fill} />
            <text x={rtl ? lx - 18 : lx + 18} y={ly} textAnchor={rtl ? 'end' : 'start'} fontSize="12" fill="#1b2a33">{item.text}</text>
          </g>
        );
      })}
    </svg>
  );
}
