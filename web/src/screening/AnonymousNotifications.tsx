import { useEffect, useState } from 'react';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useLocale, useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';
import { countryName } from '../../../common/htcds';

interface Notification {
  id: string;
  fromOrgName: string;
  isChild: boolean;
  forms: string[];
  recommendation: string;
  sex: string | null;
  ageGroup: string | null;
  citizenship: string | null;
  countInStatistics: boolean;
  createdAt: string;
}

/** The referral authority's list of anonymous notifications: adults who declined referral, counted without identity. */
export function AnonymousNotifications() {
  const t = useT();
  const { locale } = useLocale();
  const [list, setList] = useState<Notification[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ notifications: Notification[] }>('GET', '/api/anonymous-notifications').then((r) => setList(r.notifications), setError);
  }, []);
  const forms = (f: string[]) => new Intl.ListFormat(locale, { style: 'short', type: 'unit' }).format(f.map((x) => t(`assessment.form.${x}`)));
  return (
    <section className="stack" data-testid="anonymous-notifications">
      <h2>{t('screening.anonymous.title', { count: list?.length ?? 0 })}</h2>
      <p className="muted">{t('screening.anonymous.explain')}</p>
      <ErrorMessage error={error} />
      {list && list.length > 0 && (
        <div className="table-wrap">
          <table className="responsive">
            <thead>
              <tr>
                <th>{t('screening.anonymous.when')}</th>
                <th>{t('screening.anonymous.from')}</th>
                <th>{t('screening.anonymous.forms')}</th>
                <th>{t('screening.anonymous.recommendation')}</th>
                <th>{t('screening.anonymous.citizenship')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((n) => (
                <tr key={n.id}>
                  <td data-label={t('screening.anonymous.when')}><FormattedDate value={n.createdAt} dateStyle="medium" /></td>
                  <td data-label={t('screening.anonymous.from')}><bdi>{n.fromOrgName}</bdi></td>
                  <td data-label={t('screening.anonymous.forms')}>{n.forms.length ? forms(n.forms) : '—'}</td>
                  <td data-label={t('screening.anonymous.recommendation')}>{t(`assessment.recommendation.${n.recommendation}`)}</td>
                  <td data-label={t('screening.anonymous.citizenship')}>{n.citizenship ? countryName(n.citizenship, locale) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
