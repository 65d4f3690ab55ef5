import { useEffect, useState } from 'react';
import { FormattedDate, FormattedNumber } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { ErrorMessage } from '../components/ErrorMessage';

interface Entry {
  id: string;
  at: string;
  actorUserId: string | null;
  action: string;
  resourceType: string;
  resourceId: string | null;
  outcome: string;
  ip: string | null;
}

/** The audit log of the admin's organisation, and a check of the whole chain. */
export function AuditPage() {
  const t = useT();
  const [entries, setEntries] = useState<Entry[]>([]);
  const [verify, setVerify] = useState<{ ok: boolean; entries: number; firstBadId?: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<{ entries: Entry[] }>('GET', '/api/audit?limit=100').then((r) => setEntries(r.entries), setError);
  }, []);
  return (
    <div className="stack">
      <h1>{t('nav.audit')}</h1>
      <ErrorMessage error={error} />
      <div className="row">
        <button type="button" onClick={() => api<typeof verify>('GET', '/api/audit/verify').then(setVerify, setError)} data-testid="audit-verify">
          {t('audit.verify')}
        </button>
        {verify && (
          <p role="status" className={verify.ok ? 'ok-badge' : 'error'}>
            {verify.ok ? t('audit.intact', { count: verify.entries }) : t('audit.broken', { id: verify.firstBadId ?? '' })}
          </p>
        )}
      </div>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>#</th>
              <th>{t('audit.when')}</th>
              <th>{t('audit.action')}</th>
              <th>{t('audit.outcome')}</th>
              <th>{t('audit.from')}</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id}>
                <td><FormattedNumber value={Number(e.id)} /></td>
                <td><FormattedDate value={e.at} dateStyle="short" timeStyle="short" /></td>
                <td dir="ltr"><code>{e.action}</code></td>
                <td>{t(`audit.outcome_${e.outcome}`)}</td>
                <td dir="ltr">{e.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
