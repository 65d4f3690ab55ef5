import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { FormattedDate } from 'react-intl';
import { api } from '../api';
import { useT } from '../i18n/i18n';
import { useSession } from '../auth/session';
import { ErrorMessage } from '../components/ErrorMessage';

const ROLES = ['admin', 'coordinator', 'caseworker', 'responder', 'analyst'] as const;

interface User {
  id: string;
  email: string;
  displayName: string;
  role: (typeof ROLES)[number];
  totpEnabled: boolean;
  disabled: boolean;
  locked: boolean;
  supervisorId: string | null;
  createdAt: string;
}

/** An organisation admin manages the users and roles of their own organisation. */
export function UsersPage() {
  const t = useT();
  const session = useSession();
  const [users, setUsers] = useState<User[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [form, setForm] = useState({ email: '', displayName: '', role: 'caseworker' as User['role'], password: '' });

  const load = useCallback(async () => {
    try {
      setUsers((await api<{ users: User[] }>('GET', '/api/users')).users);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => void load(), [load]);

  async function act(fn: () => Promise<unknown>) {
    setError(null);
    try {
      await fn();
      await load();
    } catch (err) {
      setError(err);
    }
  }

  function create(e: FormEvent) {
    e.preventDefault();
    void act(async () => {
      await api('POST', '/api/users', form);
      setForm({ email: '', displayName: '', role: 'caseworker', password: '' });
    });
  }

  const org = session.user?.org;
  return (
    <div className="stack">
      <h1>{t('users.title', { org: org?.name ?? '' })}</h1>
      <ErrorMessage error={error} />
      {org && (
        <label className="check">
          <input
            type="checkbox"
            checked={org.requireTotp}
            onChange={(e) => void act(async () => { await api('PATCH', '/api/orgs/current', { requireTotp: e.target.checked }); await session.refresh(); })}
          />
          {t('users.require_totp')}
        </label>
      )}
      <div className="table-wrap">
        <table className="responsive">
          <thead>
            <tr>
              <th>{t('users.name')}</th>
              <th>{t('auth.email')}</th>
              <th>{t('users.role')}</th>
              <th>{t('users.supervisor')}</th>
              <th>{t('users.status')}</th>
              <th>{t('users.created')}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid={`user-${u.email}`}>
                <td data-label={t('users.name')}>{u.displayName}</td>
                <td data-label={t('auth.email')} dir="ltr">{u.email}</td>
                <td data-label={t('users.role')}>
                  <select
                    value={u.role}
                    disabled={u.id === session.user?.id}
                    aria-label={t('users.role')}
                    onChange={(e) => void act(() => api('PATCH', `/api/users/${u.id}`, { role: e.target.value }))}
                  >
                    {ROLES.map((r) => (
                      <option key={r} value={r}>
                        {t(`role.${r}`)}
                      </option>
                    ))}
                  </select>
                </td>
                <td data-label={t('users.supervisor')}>
                  <select
                    value={u.supervisorId ?? ''}
                    aria-label={t('users.supervisor')}
                    data-testid={`supervisor-${u.email}`}
                    onChange={(e) => void act(() => api('PATCH', `/api/users/${u.id}`, { supervisorId: e.target.value || null }))}
                  >
                    <option value="">{t('users.no_supervisor')}</option>
                    {users
                      .filter((s) => s.id !== u.id && !s.disabled)
                      .map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.displayName}
                        </option>
                      ))}
                  </select>
                </td>
                <td data-label={t('users.status')}>
                  {u.disabled ? t('users.disabled') : u.locked ? t('users.locked') : t('users.active')}
                  {u.totpEnabled ? ` · ${t('users.totp')}` : ''}{' '}
                  {u.id !== session.user?.id && (
                    <button type="button" className="link" onClick={() => void act(() => api('PATCH', `/api/users/${u.id}`, { disabled: !u.disabled }))}>
                      {u.disabled ? t('users.enable') : t('users.disable')}
                    </button>
                  )}
                  {u.locked && (
                    <button type="button" className="link" onClick={() => void act(() => api('PATCH', `/api/users/${u.id}`, { unlock: true }))}>
                      {t('users.unlock')}
                    </button>
                  )}
                </td>
                <td data-label={t('users.created')}>
                  <FormattedDate value={u.createdAt} dateStyle="medium" />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <section className="card">
        <h2>{t('users.add')}</h2>
        <form onSubmit={create} className="grid-form">
          <label>
            {t('users.name')}
            <input value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} required />
          </label>
          <label>
            {t('auth.email')}
            <input type="email" dir="ltr" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} required />
          </label>
          <label>
            {t('users.role')}
            <select value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value as User['role'] })}>
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('users.initial_password')}
            <input type="password" dir="ltr" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} required />
          </label>
          <button type="submit" className="primary">
            {t('users.add')}
          </button>
        </form>
      </section>
    </div>
  );
}
