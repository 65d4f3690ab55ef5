import { useT } from '../i18n/i18n';
import type { ImportFailure } from './data';

/** A refused import: the server's summary and every problem (table, row, column, message in the user's language). */
export function ImportProblems({ failure, tables = true }: { failure: ImportFailure; tables?: boolean }) {
  const t = useT();
  return (
    <div className="stack" role="alert" data-testid="import-problems">
      <p className="error">{failure.message}</p>
      <div className="problems table-scroll">
        <table className="stat-table">
          <thead>
            <tr>
              {tables ? <th>{t('stats.exchange_table')}</th> : null}
              <th className="num">{t('stats.exchange_row')}</th>
              <th>{t('stats.exchange_column')}</th>
              <th>{t('stats.exchange_problem')}</th>
            </tr>
          </thead>
          <tbody>
            {failure.problems.map((p, i) => (
              <tr key={i}>
                {tables ? <td>{p.table}</td> : null}
                <td className="num">{p.row}</td>
                <td>{p.column}</td>
                <td>{p.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
