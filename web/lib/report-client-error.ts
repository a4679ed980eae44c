import type { ClientErrorReport } from '../../contracts/client-errors.js';
import { apiSend } from './http/request.js';

const MAX_REPORTS_PER_PAGE = 10;
let sent = 0;
const seen = new WeakSet<object>();

function clip(value: string | undefined, max: number): string | undefined {
  return value === undefined ? undefined : value.slice(0, max);
}

/** Best effort: reporting must never throw or loop, whatever the server does. */
export function reportClientError(error: unknown, componentStack?: string | null): void {
  if (typeof error === 'object' && error !== null) {
    if (seen.has(error)) return;
    seen.add(error);
  }
  if (sent >= MAX_REPORTS_PER_PAGE) return;
  sent += 1;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const report: ClientErrorReport = {
    message: clip(message, 2000) ?? 'Unknown error',
    url: window.location.href.slice(0, 2000),
  };
  const stack = error instanceof Error ? clip(error.stack, 10000) : undefined;
  if (stack) report.stack = stack;
  const component = clip(componentStack ?? undefined, 10000);
  if (component) report.componentStack = component;
  report.userAgent = navigator.userAgent.slice(0, 500);
  apiSend('/api/client-errors', { method: 'POST', body: report, auth: 'optional', timeoutMs: 5000 }).catch(
    () => undefined,
  );
}

/** Uncaught errors outside React's render (event handlers, promises). */
export function installGlobalErrorReporting(): void {
  window.addEventListener('error', (event) => reportClientError(event.error ?? event.message));
  window.addEventListener('unhandledrejection', (event) => {
    // Cancelled queries are not errors worth reporting.
    if (event.reason instanceof DOMException && event.reason.name === 'AbortError') return;
    reportClientError(event.reason);
  });
}
