import { useMemo } from 'react';
import { useIntl } from 'react-intl';
import { geoCentroid, geoEqualEarth, geoPath } from 'd3-geo';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import world from 'world-atlas/countries-110m.json';
import { findCountry } from '../../../common/htcds/countries';

interface CountryFeature {
  alpha2: string | undefined;
  path: string;
  centroid: [number, number] | null;
}

const WIDTH = 640;
const HEIGHT = 330;

function useCountries(): CountryFeature[] {
  return useMemo(() => {
    const topology = world as unknown as Topology<{ countries: GeometryCollection }>;
    const collection = feature(topology, topology.objects.countries) as unknown as FeatureCollection<Geometry, { name: string }>;
    const features = collection.features.filter((f) => f.id !== '010'); // Antarctica takes room and has no cases
    const projection = geoEqualEarth().fitSize([WIDTH, HEIGHT], { type: 'FeatureCollection', features } as FeatureCollection);
    const path = geoPath(projection);
    return features.map((f: Feature<Geometry, { name: string }>) => {
      const c = projection(geoCentroid(f));
      return { alpha2: f.id ? findCountry(String(f.id))?.alpha2 : undefined, path: path(f) ?? '', centroid: c ? [c[0], c[1]] : null };
    });
  }, []);
}

/** Sequential colour from light to the brand colour, by share of the maximum. */
function shade(value: number, max: number): string {
  if (value <= 0) return '#eef1f3';
  const f = Math.sqrt(value / max);
  const from = [0xd6, 0xe9, 0xee];
  const to = [0x0f, 0x4c, 0x5c];
  const c = from.map((a, i) => Math.round(a + (to[i] - a) * f));
  return `rgb(${c.join(',')})`;
}

/**
 * A world map (Equal Earth projection, world-atlas 1:110m, drawn offline with d3-geo): countries
 * shaded by released count; optional flows drawn as arcs from origin to destination.
 */
export function WorldMap({ values, flows, label, nameOf }: {
  values: Map<string, number>;
  /** Flows with their names in the reader's language, origin first in reading order. */
  flows?: Array<{ from: string; to: string; count: number; name: string }>;
  label: string;
  nameOf: (alpha2: string) => string;
}) {
  const { formatNumber } = useIntl();
  const countries = useCountries();
  const max = Math.max(1, ...values.values());
  const centroid = new Map(countries.filter((c) => c.alpha2 && c.centroid).map((c) => [c.alpha2!, c.centroid!]));
  const maxFlow = Math.max(1, ...(flows ?? []).map((f) => f.count));
  return (
    <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={label} className="chart-svg map" data-testid="world-map">
      <rect width={WIDTH} height={HEIGHT} fill="#f7fbfc" />
      {countries.map((c, i) => {
        const v = c.alpha2 ? (values.get(c.alpha2) ?? 0) : 0;
        return (
          <path key={`${c.alpha2 ?? 'x'}-${i}`} d={c.path} fill={shade(v, max)} stroke="#fff" strokeWidth="0.5" data-country={c.alpha2} data-value={v}>
            <title>{c.alpha2 ? `${nameOf(c.alpha2)}: ${formatNumber(v)}` : ''}</title>
          </path>
        );
      })}
      {(flows ?? []).map((f) => {
        const a = centroid.get(f.from);
        const b = centroid.get(f.to);
        if (!a || !b || f.from === f.to) return null;
        const mx = (a[0] + b[0]) / 2;
        const my = (a[1] + b[1]) / 2 - Math.hypot(b[0] - a[0], b[1] - a[1]) * 0.25;
        return (
          <path key={`${f.from}-${f.to}`} d={`M${a[0]},${a[1]} Q${mx},${my} ${b[0]},${b[1]}`} fill="none" stroke="#e36414" strokeOpacity="0.75" strokeWidth={1 + (f.count / maxFlow) * 5} strokeLinecap="round">
            <title>{`${f.name}: ${formatNumber(f.count)}`}</title>
          </path>
        );
      })}
      {(flows ?? []).map((f) => {
        const b = centroid.get(f.to);
        return b ? <circle key={`d-${f.from}-${f.to}`} cx={b[0]} cy={b[1]} r="3" fill="#9a031e" /> : null;
      })}
      <g transform={`translate(12, ${HEIGHT - 22})`}>
        {[0.05, 0.25, 0.5, 1].map((f, i) => (
          <rect key={f} x={i * 22} y="0" width="20" height="10" fill={shade(max * f, max)} />
        ))}
        <text x="0" y="20" fontSize="9" fill="#5b6b75">1</text>
        <text x="86" y="20" fontSize="9" textAnchor="end" fill="#5b6b75">{formatNumber(max)}</text>
      </g>
    </svg>
  );
}
