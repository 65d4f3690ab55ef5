import type { ReactElement } from 'react';
import { isolate, useLocale, useT } from '../i18n/i18n';
import { countryName } from '../../../common/htcds/countries';
import { AGE_GROUPS } from '../../../common/cases';
import { BarChart, ChartFrame, Pyramid, StackedColumns } from './charts';
import { WorldMap } from './WorldMap';
import { hasPerValue, releaseBase, splitTotals, useReleaseTable, valuesOf, type Release, type ReleasedTable } from './data';
import { categoryLabel } from './labels';
import './stats.css';

const AGE_ORDER: readonly string[] = [...AGE_GROUPS.filter((g) => g !== 'unknown'), ''];

function has(release: Release, columns: string[]): boolean {
  return columns.length <= release.maxLength && columns.every((c) => release.attributes.includes(c));
}

/** Protection of a release in words. */
export function ProtectionSummary({ release }: { release: Release }) {
  const t = useT();
  const p = release.protection;
  return (
    <span data-testid="protection">
      {p.kind === 'k-anonymity' ? t('stats.protection_k', { k: p.k ?? 0 }) : t('stats.protection_dp', { epsilon: p.epsilon ?? 0, delta: String(p.delta ?? 0) })}
    </span>
  );
}

/**
 * Bars per single value of a multi-valued attribute: from its per-value table when the release has
 * one (each case counted under each of its values, at most C), otherwise from the joined categories
 * split into their values (post-processing; cases with 3 or more values are one bar).
 */
function usePerValueBars(release: Release, base: string, attribute: string, label: (value: string) => string) {
  const t = useT();
  const perValue = hasPerValue(release, attribute);
  const available = perValue || has(release, [attribute]);
  const table = useReleaseTable(base, [perValue ? `${attribute}[]` : attribute], available);
  const totals = !table ? [] : perValue ? table.cells.map((c) => [c.values[0], c.count] as const) : [...splitTotals(table, 0)];
  const items = totals.filter(([v]) => v !== '').sort((a, b) => b[1] - a[1]).map(([v, n]) => ({ label: label(v), value: n }));
  const note = perValue ? t('stats.note_per_value', { cap: release.perValue!.cap }) : t('stats.note_multi');
  return { table, available, items, note };
}

/**
 * Dashboards of one release, built only on its released (protected) counts: cases over time by type
 * of exploitation, age and sex, world maps of citizenship and country of exploitation, flows from
 * origin to destination, methods of control (per value). Each chart downloads as PNG, SVG and CSV.
 */
export function Dashboard({ release, publicView }: { release: Release; publicView: boolean }) {
  const t = useT();
  const { locale } = useLocale();
  const rtl = locale === 'ar';
  const base = releaseBase(release, publicView);
  const unknown = t('stats.value_unknown');
  const several = t('stats.value_several');
  const label = (attribute: string, value: string) => categoryLabel(attribute, value, locale, unknown, several);
  const name = (a2: string) => countryName(a2, locale);

  const overTime = useReleaseTable(base, ['year', 'exploitation_type'], has(release, ['year', 'exploitation_type']));
  const ageSex = useReleaseTable(base, ['sex', 'age_group'], has(release, ['sex', 'age_group']));
  const citizenship = useReleaseTable(base, ['citizenship'], has(release, ['citizenship']));
  const destination = useReleaseTable(base, ['country_of_exploitation'], has(release, ['country_of_exploitation']));
  const flows = useReleaseTable(base, ['country_of_exploitation', 'citizenship'], has(release, ['country_of_exploitation', 'citizenship']));
  const control = usePerValueBars(release, base, 'methods_of_control', (v) => label('methods_of_control', v));
  const missing = <p className="muted">{t('stats.chart_not_in_release')}</p>;
  const loading = <p className="muted">{t('common.loading')}</p>;
  const body = (table: ReleasedTable | undefined, available: boolean, draw: (t: ReleasedTable) => ReactElement) =>
    !available ? missing : !table ? loading : table.cells.length === 0 ? <p className="muted">{t('stats.no_cells')}</p> : draw(table);

  // Cases over time by type of exploitation (a case with several types counts under each).
  const years = overTime ? [...new Set(overTime.cells.map((c) => c.values[0]))].filter(Boolean).sort() : [];
  const typeTotals = overTime ? [...splitTotals(overTime, 1)].sort((a, b) => b[1] - a[1]) : [];
  const series = typeTotals.slice(0, 7).map(([type]) => ({
    key: type,
    label: label('exploitation_type', type),
    values: years.map((y) => overTime!.cells.filter((c) => c.values[0] === y && valuesOf(c.values[1]).includes(type)).reduce((s, c) => s + c.count, 0)),
  }));

  const bands = ageSex ? AGE_ORDER.filter((b) => ageSex.cells.some((c) => c.values[1] === b)) : [];
  const side = (sex: string) => bands.map((b) => ageSex!.cells.filter((c) => c.values[0] === sex && c.values[1] === b).reduce((s, c) => s + c.count, 0));

  const countryValues = (table: ReleasedTable | undefined) => new Map((table?.cells ?? []).filter((c) => c.values[0]).map((c) => [c.values[0], c.count]));
  const topFlows = (flows?.cells ?? [])
    .filter((c) => c.values[0] && c.values[1] && c.values[0] !== c.values[1])
    .map((c) => ({ from: c.values[1], to: c.values[0], count: c.count }))
    .sort((a, b) => b.count - a.count)
    .slice(0, 15)
    // Named origin first in the reader's order ("{from} ← {to}" in Arabic).
    .map((f) => ({ ...f, name: t('stats.flow', { from: isolate(name(f.from)), to: isolate(name(f.to)) }) }));

  return (
    <div className="dashboard">
      <ChartFrame id="cases-over-time" title={t('stats.chart_over_time')} note={t('stats.note_multi')} csv={[[t('stats.attr.year'), ...series.map((s) => s.label)], ...years.map((y, i) => [y, ...series.map((s) => s.values[i])])]}>
        {body(overTime, has(release, ['year', 'exploitation_type']), () => <StackedColumns x={years} series={series} rtl={rtl} label={t('stats.chart_over_time')} />)}
      </ChartFrame>
      <ChartFrame id="age-sex" title={t('stats.chart_age_sex')} csv={[[t('stats.attr.age_group'), label('sex', 'Feminine'), label('sex', 'Masculine')], ...bands.map((b, i) => [b || unknown, ageSex ? side('Feminine')[i] : 0, ageSex ? side('Masculine')[i] : 0])]}>
        {body(ageSex, has(release, ['sex', 'age_group']), () => (
          <Pyramid bands={bands.map((b) => b || unknown)} left={side('Feminine')} right={side('Masculine')} leftLabel={label('sex', 'Feminine')} rightLabel={label('sex', 'Masculine')} label={t('stats.chart_age_sex')} />
        ))}
      </ChartFrame>
      <ChartFrame id="map-citizenship" title={t('stats.chart_map_citizenship')} csv={[[t('stats.attr.citizenship'), t('stats.count')], ...(citizenship?.cells ?? []).map((c) => [c.values[0], c.count])]}>
        {body(citizenship, has(release, ['citizenship']), (tb) => <WorldMap values={countryValues(tb)} label={t('stats.chart_map_citizenship')} nameOf={name} />)}
      </ChartFrame>
      <ChartFrame id="map-exploitation" title={t('stats.chart_map_exploitation')} csv={[[t('stats.attr.country_of_exploitation'), t('stats.count')], ...(destination?.cells ?? []).map((c) => [c.values[0], c.count])]}>
        {body(destination, has(release, ['country_of_exploitation']), (tb) => <WorldMap values={countryValues(tb)} label={t('stats.chart_map_exploitation')} nameOf={name} />)}
      </ChartFrame>
      <ChartFrame id="flows" title={t('stats.chart_flows')} csv={[[t('stats.attr.citizenship'), t('stats.attr.country_of_exploitation'), t('stats.count')], ...topFlows.map((f) => [f.from, f.to, f.count])]}>
        {body(flows, has(release, ['country_of_exploitation', 'citizenship']), () => (
          <>
            <WorldMap values={countryValues(destination)} flows={topFlows} label={t('stats.chart_flows')} nameOf={name} />
            <BarChart rtl={rtl} label={t('stats.chart_flows')} items={topFlows.slice(0, 10).map((f) => ({ label: f.name, value: f.count }))} />
          </>
        ))}
      </ChartFrame>
      <ChartFrame id="methods-of-control" title={t('stats.chart_control')} note={control.note} csv={[[t('stats.attr.methods_of_control'), t('stats.count')], ...control.items.map((i) => [i.label, i.value])]}>
        {body(control.table, control.available, () => <BarChart rtl={rtl} items={control.items} label={t('stats.chart_control')} />)}
      </ChartFrame>
    </div>
  );
}
