import { FormattedNumber } from 'react-intl';
import { useT } from '../i18n/i18n';
import { attributeOf, type FidelityReport, type LengthFidelity } from './data';

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
      {report.perValue ? <PerValueRows report={report.perValue} /> : null}
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

/** The per-value tables, one line each (their cells do not partition the cases, so they are reported apart). */
function PerValueRows({ report }: { report: NonNullable<FidelityReport['perValue']> }) {
  const t = useT();
  return (
    <>
      <h3>{t('stats.fid_per_value')}</h3>
      <p className="muted small-print" data-testid="per-value-parameters">
        {t('stats.fid_per_value_how', { cap: report.cap })}
        {report.budgetShare !== undefined ? ` ${t('stats.fid_per_value_budget', { share: report.budgetShare })}` : ''}
      </p>
      <table className="stat-table">
        <thead>
          <tr>
            <th>{t('stats.fid_table')}</th>
            <th className="num">{t('stats.fid_true_values')}</th>
            <th className="num">{t('stats.fid_released')}</th>
            <th className="num">{t('stats.fid_mae')}</th>
            <th className="num">{t('stats.fid_mre')}</th>
            <th className="num">{t('stats.fid_suppressed')}</th>
          </tr>
        </thead>
        <tbody>
          {report.tables.map((l) => (
            <tr key={l.column}>
              <td>{t(`stats.attr.${attributeOf(l.column)}`)}</td>
              <td className="num"><FormattedNumber value={l.trueCombinations} /></td>
              <td className="num"><FormattedNumber value={l.releasedCombinations} /></td>
              <td className="num"><FormattedNumber value={l.meanAbsoluteError} maximumFractionDigits={2} /></td>
              <td className="num"><FormattedNumber value={l.meanRelativeError} style="percent" maximumFractionDigits={1} /></td>
              <td className="num"><FormattedNumber value={l.suppressedShare} style="percent" maximumFractionDigits={1} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
