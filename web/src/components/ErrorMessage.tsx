import { ApiError } from '../api';
import { useT } from '../i18n/i18n';

/** Shows an error from the server (already translated) or a generic one. */
export function ErrorMessage({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('common.error_generic');
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}
