import { APICallError, type LanguageModelV3 } from '@ai-sdk/provider';
import { RetryError, streamText } from 'ai';
import type { ConnectionTestResult } from '../../../contracts/ai.js';
import type { ConnectionSecret } from '../../platform/ai/index.js';

const PROBE_TIMEOUT_MS = 20_000;

/** Streams a one-word answer from the model; throws whatever the provider reported. */
export async function probeModel(model: LanguageModelV3): Promise<void> {
  const result = streamText({
    model,
    prompt: 'Reply with the single word OK.',
    maxOutputTokens: 16,
    maxRetries: 0,
    abortSignal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
    // Thrown below from the stream; the SDK's default would console.error it, echoed key and all.
    onError: () => undefined,
  });
  for await (const part of result.fullStream) {
    if (part.type === 'error') throw part.error;
  }
}

/** What the provider said, without the key should it echo it, and kept short. */
function providerMessage(error: APICallError, apiKey: string | undefined): string | null {
  let message: string | null = null;
  try {
    const body = JSON.parse(error.responseBody ?? '') as { error?: { message?: unknown } | string; message?: unknown };
    const candidate = typeof body.error === 'string' ? body.error : (body.error?.message ?? body.message);
    if (typeof candidate === 'string') message = candidate;
  } catch {
    // Not a provider's JSON error: the reply is not shown (a base URL pointed at some other service
    // would otherwise show that service's answer to whoever runs the test).
    message = null;
  }
  if (!message) return null;
  if (apiKey) message = message.split(apiKey).join('[key]');
  // Providers echo a masked key ("sk-abc...xyz"); drop anything key-shaped.
  message = message.replaceAll(/\b(sk|key|api)[-_][\w*.-]{6,}/gi, '[key]');
  return message.length > 300 ? `${message.slice(0, 300)}…` : message;
}

type ProbeFailure = Pick<ConnectionTestResult, 'code' | 'details'>;

function networkReason(error: unknown): ProbeFailure['code'] | null {
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'ai_probe_connection_refused';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'ai_probe_host_unknown';
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'ai_probe_connect_timeout';
    if (code === 'ECONNRESET') return 'ai_probe_connection_reset';
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

/**
 * Why a connection test failed, as a reason code the web words in the administrator's language
 * (issue 23), with its facts; `said` is the provider's own message (key removed), shown as it is.
 */
export function connectionFailure(error: unknown, connection: ConnectionSecret, modelId: string): Required<ProbeFailure> {
  const cause = error instanceof RetryError ? error.lastError : error;
  if (cause instanceof DOMException && cause.name === 'TimeoutError') return { code: 'ai_probe_timeout', details: { seconds: PROBE_TIMEOUT_MS / 1000 } };
  if (APICallError.isInstance(cause)) {
    const said = providerMessage(cause, connection.apiKey);
    const saying: Record<string, string> = said ? { said } : {};
    const status = cause.statusCode;
    if (status === 401 || status === 403) return { code: connection.apiKey ? 'ai_probe_key_refused' : 'ai_probe_key_missing', details: { status, ...saying } };
    if (status === 404) return { code: 'ai_probe_not_found', details: { model: modelId, ...saying } };
    if (status !== undefined && status >= 300 && status < 400) return { code: 'ai_probe_redirect', details: { status } };
    if (status === 429) return { code: 'ai_probe_rate_limited', details: { ...saying } };
    if (status !== undefined) return { code: 'ai_probe_http', details: { status, ...saying } };
  }
  return { code: networkReason(cause) ?? (APICallError.isInstance(cause) ? 'ai_probe_unreachable' : 'ai_probe_unusable'), details: {} };
}

/** The English sentence of a failure, kept in `error` for API clients that read it. */
export function describeConnectionFailure(failure: Required<ProbeFailure>, connection: ConnectionSecret): string {
  const { details } = failure;
  const suffix = typeof details.said === 'string' ? ` The provider said: “${details.said}”` : '';
  const at = connection.baseUrl ? ` at ${connection.baseUrl}` : '';
  switch (failure.code) {
    case 'ai_probe_timeout':
      return `The provider did not answer within ${details.seconds} seconds.`;
    case 'ai_probe_key_refused':
      return `The provider refused the API key (HTTP ${details.status}).${suffix}`;
    case 'ai_probe_key_missing':
      return `The provider needs an API key, and none is set (HTTP ${details.status}).${suffix}`;
    case 'ai_probe_not_found':
      return `The provider answered “not found” (HTTP 404): check the base URL and that the model “${details.model}” exists.${suffix}`;
    case 'ai_probe_redirect':
      return `The provider answered with a redirect (HTTP ${details.status}), which is not followed. Enter the final address as the base URL.`;
    case 'ai_probe_rate_limited':
      return `The provider is rate limiting or the account is out of credit (HTTP 429).${suffix}`;
    case 'ai_probe_http':
      return `The provider returned an error (HTTP ${details.status}).${suffix}`;
    case 'ai_probe_connection_refused':
      return `The provider could not be reached${at}: the connection was refused (is the server running?).`;
    case 'ai_probe_host_unknown':
      return `The provider could not be reached${at}: the host name could not be found.`;
    case 'ai_probe_connect_timeout':
      return `The provider could not be reached${at}: the connection timed out.`;
    case 'ai_probe_connection_reset':
      return `The provider could not be reached${at}: the connection was reset.`;
    case 'ai_probe_unreachable':
      return `The provider could not be reached${at}.`;
    default:
      return 'The provider did not give a usable answer. Check the provider type, base URL and model name.';
  }
}
