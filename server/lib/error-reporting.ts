/**
 * Optional forwarding of grouped errors to Sentry or a self-hosted GlitchTip (same protocol) with
 * the official SDK. Only loaded when SENTRY_DSN is set. The SDK's own OpenTelemetry set-up and
 * default integrations are off: tracing is ours (lib/tracing.ts), and we send exactly the errors
 * our groups record, with our fingerprint, so both places group the same way.
 */
export interface ErrorForwarder {
  send(error: unknown, details: { fingerprint: string; source: 'server' | 'client'; location: string; requestId: string }): void;
  flush(): Promise<void>;
}

export async function startSentry(dsn: string, environment: string): Promise<ErrorForwarder> {
  const Sentry = await import('@sentry/node');
  Sentry.init({ dsn, environment, skipOpenTelemetrySetup: true, defaultIntegrations: false, sendDefaultPii: false });
  return {
    send(error, details) {
      Sentry.captureException(error, {
        fingerprint: [details.fingerprint],
        tags: { source: details.source, location: details.location, requestId: details.requestId },
      });
    },
    async flush() {
      await Sentry.close(2000);
    },
  };
}
