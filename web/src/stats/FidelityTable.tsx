import { FormattedNumber } from 'react-intl';
import { useT } from '../i18n/i18n';
import type { FidelityReport, LengthFidelity } from './data';

function Rows({ rows }: { rows: readonly LengthFidelity[] }) {
  return (
    <>
      {rows.map((l) => (
        <tr key={l.length}>
          <td>{l.length}</td>
          <td className="num"><FormattedNumber value={l.trueCombinations} /></td>
          <td className="num"><FormattedNumber value={l.releasedCombinations} /></td>
          <td className="num"><FormattedNumber value={l.meanAbsoluteError} maximumFractionDigits={2} /></td>
          <td className="num"><FormattedNumber value={l.meanRelativeError} style="percent" maximumFractionDigits={1} /></td>
          <td className="num"><FormattedNumber value={l.suppressedShare} style="percent" maximumFractionDigits={1} /></td>
          <td className="num"><FormattedNumber value={l.rareSuppressedShare} style="percent" maximumFractionDigits={1} /></td>
        </tr>
      ))}
    </>
  );
}

/** The fidelity report of a release: per combination length, errors and suppression, for the counts and the synthetic rows. */
export function FidelityTable({ report }: { report: FidelityReport }) {
  const t = useT();
  const head = (
    <tr>
      <th>{t('stats.fid_length')}</th>
      <th className="num">{t('stats.fid_true')}</th>
      <th className="num">{t('stats.fid_released')}</th>
      <th className="num">{t('stats.fid_mae')}</th>
      <th className="num">{t('stats.fid_mre')}</th>
      <th className="num">{t('stats.fid_suppressed')}</th>
      <th className="num">{t('stats.fid_rare_hidden', { threshold: report.rareThreshold })}</th>
    </tr>
  );
  return (
    <div className="stack table-scroll" data-testid="fidelity">
      <h3>{t('stats.fid_counts')}</h3>
      <table className="stat-table"><thead>{head}</thead><tbody><Rows rows={report.released} /></tbody></table>
      {report.synthetic ? (
        <>
          <h3>{t('stats.fid_synthetic', { rows: report.synthetic.rows })}</h3>
          <table className="stat-table"><thead>{head}</thead><tbody><Rows rows={report.synthetic.lengths} /></tbody></table>
          <p className="muted">{t('stats.fid_rare_copies', { n: report.synthetic.rareRowCopies })}</p>
        </>
      ) : null}
    </div>
  );
}
