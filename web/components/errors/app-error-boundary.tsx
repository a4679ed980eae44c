import { Component, type ErrorInfo, type ReactNode } from 'react';
import { i18n } from '../../lib/i18n.js';
import { reportClientError } from '../../lib/report-client-error.js';
import { ErrorScreen } from './error-screen.js';

interface State {
  error: Error | null;
}

/** Last line of defence around the whole app (providers included). */
export class AppErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    reportClientError(error, info.componentStack);
  }

  override render(): ReactNode {
    if (this.state.error) {
      return (
        <ErrorScreen
          title={i18n.t('common:errors.unexpectedTitle')}
          message={i18n.t('common:errors.unexpectedMessage')}
          onRetry={() => window.location.reload()}
        />
      );
    }
    return this.props.children;
  }
}
