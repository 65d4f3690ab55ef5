import { Component, Suspense, type ReactNode } from 'react';
import { useT } from '../i18n/i18n';

interface BoundaryProps {
  message: string;
  reload: string;
  children: ReactNode;
}

/** Catches a page that fails to load or render, so the rest of the app stays usable. */
class Boundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    return (
      <div className="stack" role="alert" data-testid="page-failed">
        <h1 className="error failed-message">{this.props.message}</h1>
        <div className="row">
          <button type="button" onClick={() => window.location.reload()}>{this.props.reload}</button>
        </div>
      </div>
    );
  }
}

/**
 * A page loaded on demand: the loading message while its code arrives, and, if it cannot be
 * loaded (a new version of Jisr was installed while the page was open, or the connection dropped)
 * or fails to render, a message with a button to reload instead of a blank screen. Give it a `key`
 * that changes with the page, so that leaving a failed page clears the failure.
 */
export function PageBoundary({ children }: { children: ReactNode }) {
  const t = useT();
  return (
    <Boundary message={t('common.page_failed')} reload={t('common.reload')}>
      <Suspense fallback={<p className="loading">{t('common.loading')}</p>}>{children}</Suspense>
    </Boundary>
  );
}
