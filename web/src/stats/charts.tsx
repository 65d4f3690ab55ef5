import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useIntl } from 'react-intl';
import { useT } from '../i18n/i18n';
import { download, toCsv } from './data';

/** The drawing width of the chart being rendered: the frame's width in CSS pixels (at most 640), so text stays readable on phones. */
const ChartWidth = createContext(640);
/** The drawing width of the chart being rendered inside a ChartFrame. */
export function useChartWidth(): number {
  return useContext(ChartWidth);
}

export const PALETTE = ['#0f4c5c', '#e36414', '#5f0f40', '#9a031e', '#3a86ff', '#2a9d8f', '#8d99ae', '#fb8b24', '#6a4c93', '#588157'];

/** A chart with its title and downloads: the drawing as SVG or PNG, its numbers as CSV. Drawn at the frame's width up to `maxWidth` CSS pixels. */
export function ChartFrame({ id, title, csv, children, note, maxWidth = 640 }: { id: string; title: string; csv: ReadonlyArray<ReadonlyArray<string | number>>; children: ReactNode; note?: string; maxWidth?: number }) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setWidth(Math.max(300, Math.min(maxWidth, Math.round(el.clientWidth))));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, [maxWidth]);
  const svgText = () => {
    const svg = ref.current?.querySelector('svg');
    if (!svg) return '';
    const clone = svg.cloneNode(true) as SVGSVGElement;
    clone.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
    clone.setAttribute('font-family', getComputedStyle(svg).fontFamily);
    clone.setAttribute('direction', 'ltr');
    return new XMLSerializer().serializeToString(clone);
  };
  const png = () => {
    const svg = ref.current?.querySelector('svg');
    if (!svg) return;
    const box = svg.viewBox.baseVal;
    const scale = 2;
    const img = new Image();
    img.onload = () => {
      const canvas = document.createElement('canvas');
      canvas.width = box.width * scale;
      canvas.height = box.height * scale;
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
      canvas.toBlob((b) => b && download(`${id}.png`, b));
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svgText())}`;
  };
  return (
    <figure className="card chart" data-testid={`chart-${id}`}>
      <figcaption>
        <h2>{title}</h2>
        <div className="row chart-downloads">
          <button type="button" className="small" onClick={png}>{t('stats.download_png')}</button>
          <button type="button" className="small" onClick={() => download(`${id}.svg`, svgText(), 'image/svg+xml')}>{t('stats.download_svg')}</button>
          <button type="button" className="small" onClick={() => download(`${id}.csv`, toCsv(csv), 'text/csv')}>{t('stats.download_csv')}</button>
        </div>
      </figcaption>
      <div ref={ref} className="chart-body"><ChartWidth.Provider value={width}>{children}</ChartWidth.Provider></div>
      {note ? <p className="muted small-print">{note}</p> : null}
    </figure>
  );
}

/**
 * A label laid out in the reader's direction: the chart's SVG is laid out left to right (its
 * coordinates are), so in Arabic a label is a right-to-left isolate, or a label of several parts
 * ("{from} ← {to}") would show its first part on the left.
 */
function inReadingOrder(label: string, rtl: boolean): string {
  return rtl ? `\u2067${label}\u2069` : label;
}

/** Horizontal bars, longest first; grows from the inline start (right in Arabic). */
export function BarChart({ items, rtl, label }: { items: Array<{ label: string; value: number }>; rtl: boolean; label: string }) {
  const { formatNumber } = useIntl();
  const width = useChartWidth();
  const row = 26;
  const labelWidth = Math.min(230, Math.round(width * 0.45));
  const maxChars = Math.floor(labelWidth / 6.5);
  const height = Math.max(row, items.length * row) + 8;
  const max = Math.max(1, ...items.map((i) => i.value));
  const barSpace = width - labelWidth - 44;
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg">
      {items.map((item, i) => {
        const w = (item.value / max) * barSpace;
        const y = i * row + 4;
        const barX = rtl ? width - labelWidth - w : labelWidth;
        return (
          <g key={item.label}>
            <text x={rtl ? width - 4 : labelWidth - 6} y={y + 15} textAnchor="end" fontSize="12" fill="#1b2a33">
              {inReadingOrder(item.label.length > maxChars ? `${item.label.slice(0, maxChars - 1)}…` : item.label, rtl)}
            </text>
            <rect x={barX} y={y + 2} width={Math.max(1, w)} height={row - 8} fill={PALETTE[0]} rx="3" />
            <text x={rtl ? barX - 4 : barX + w + 4} y={y + 15} textAnchor={rtl ? 'end' : 'start'} fontSize="12" fill="#5b6b75">
              {formatNumber(item.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** Stacked columns over an ordered axis (years), one colour per series, with a legend. */
export function StackedColumns({ x, series, rtl, label }: { x: string[]; series: Array<{ label: string; values: number[] }>; rtl: boolean; label: string }) {
  const { formatNumber } = useIntl();
  const width = useChartWidth();
  const plot = width < 500 ? 180 : 240;
  const legendColumns = width < 500 ? 1 : 2;
  const legendRows = Math.ceil(series.length / legendColumns);
  const height = plot + 40 + legendRows * 20;
  const totals = x.map((_, i) => series.reduce((s, ser) => s + ser.values[i], 0));
  const max = Math.max(1, ...totals);
  const band = (width - 60) / Math.max(1, x.length);
  const pos = (i: number) => (rtl ? width - 50 - (i + 1) * band : 50 + i * band);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg">
      {[0, 0.5, 1].map((f) => (
        <g key={f}>
          <line x1={rtl ? 10 : 50} x2={rtl ? width - 50 : width - 10} y1={10 + plot * (1 - f)} y2={10 + plot * (1 - f)} stroke="#d8dee2" />
          <text x={rtl ? width - 45 : 45} y={14 + plot * (1 - f)} textAnchor={rtl ? 'start' : 'end'} fontSize="11" fill="#5b6b75">{formatNumber(Math.round(max * f))}</text>
        </g>
      ))}
      {x.map((year, i) => {
        let y = 10 + plot;
        return (
          <g key={year}>
            {series.map((ser, s) => {
              const h = (ser.values[i] / max) * plot;
              y -= h;
              return <rect key={ser.label} x={pos(i) + band * 0.15} y={y} width={band * 0.7} height={h} fill={PALETTE[s % PALETTE.length]} />;
            })}
            {band > 26 || i % 2 === 0 ? <text x={pos(i) + band / 2} y={plot + 26} textAnchor="middle" fontSize="11" fill="#1b2a33">{year}</text> : null}
          </g>
        );
      })}
      {series.map((ser, s) => {
        const col = s % legendColumns;
        const lx = rtl ? width - 20 - col * (width / 2) : 20 + col * (width / 2);
        const ly = plot + 44 + Math.floor(s / legendColumns) * 20;
        return (
          <g key={ser.label}>
            <rect x={rtl ? lx - 12 : lx} y={ly - 10} width="12" height="12" fill={PALETTE[s % PALETTE.length]} />
            <text x={rtl ? lx - 18 : lx + 18} y={ly} textAnchor={rtl ? 'end' : 'start'} fontSize="12" fill="#1b2a33">{ser.label}</text>
          </g>
        );
      })}
    </svg>
  );
}

/** An age pyramid: two sides (e.g. female, male) per age band. */
export function Pyramid({ bands, left, right, leftLabel, rightLabel, label }: { bands: string[]; left: number[]; right: number[]; leftLabel: string; rightLabel: string; label: string }) {
  const { formatNumber } = useIntl();
  const width = useChartWidth();
  const row = 24;
  const height = bands.length * row + 40;
  const mid = width / 2;
  const half = mid - 64;
  const max = Math.max(1, ...left, ...right);
  return (
    <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="chart-svg">
      <text x={mid - 40} y={14} textAnchor="end" fontSize="12" fontWeight="600" fill={PALETTE[1]}>{leftLabel}</text>
      <text x={mid + 40} y={14} textAnchor="start" fontSize="12" fontWeight="600" fill={PALETTE[0]}>{rightLabel}</text>
      {bands.map((band, i) => {
        const y = 24 + i * row;
        const lw = (left[i] / max) * half;
        const rw = (right[i] / max) * half;
        return (
          <g key={band}>
            <rect x={mid - 35 - lw} y={y} width={lw} height={row - 6} fill={PALETTE[1]} rx="2" />
            <rect x={mid + 35} y={y} width={rw} height={row - 6} fill={PALETTE[0]} rx="2" />
            <text x={mid} y={y + 13} textAnchor="middle" fontSize="11" fill="#1b2a33">{band}</text>
            <text x={mid - 39 - lw} y={y + 13} textAnchor="end" fontSize="10" fill="#5b6b75">{left[i] ? formatNumber(left[i]) : ''}</text>
            <text x={mid + 39 + rw} y={y + 13} textAnchor="start" fontSize="10" fill="#5b6b75">{right[i] ? formatNumber(right[i]) : ''}</text>
          </g>
        );
      })}
    </svg>
  );
}
