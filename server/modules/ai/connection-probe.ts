import { APICallError, type LanguageModelV3 } from '@ai-sdk/provider';
import { RetryError, streamText } from 'ai';
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

function networkReason(error: unknown): string | null {
  let cause: unknown = error;
  for (let depth = 0; depth < 5 && cause; depth += 1) {
    const code = (cause as { code?: unknown }).code;
    if (code === 'ECONNREFUSED') return 'the connection was refused (is the server running?)';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'the host name could not be found';
    if (code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') return 'the connection timed out';
    if (code === 'ECONNRESET') return 'the connection was reset';
    cause = (cause as { cause?: unknown }).cause;
  }
  return null;
}

/** A sentence for the administrator about why a connection test failed. */
export function describeConnectionFailure(error: unknown, connection: ConnectionSecret, modelId: string): string {
  const cause = error instanceof RetryError ? error.lastError : error;
  if (cause instanceof DOMException && cause.name === 'TimeoutError') {
    return `The provider did not answer within ${PROBE_TIMEOUT_MS / 1000} seconds.`;
  }
  if (APICallError.isInstance(cause)) {
    const said = providerMessage(cause, connection.apiKey);
    const suffix = said ? ` The provider said: “${said}”` : '';
    const status = cause.statusCode;
    if (status === 401 || status === 403) {
      return `${connection.apiKey ? 'The provider refused the API key' : 'The provider needs an API key, and none is set'} (HTTP ${status}).${suffix}`;
    }
    if (status === 404) return `The provider answered “not found” (HTTP 404): check the base URL and that the model “${modelId}” exists.${suffix}`;
    if (status !== undefined && status >= 300 && status < 400) return `The provider answered with a redirect (HTTP ${status}), which is not followed. Enter the final address as the base URL.`;
    if (status === 429) return `The provider is rate limiting or the account is out of credit (HTTP 429).${suffix}`;
    if (status !== undefined) return `The provider returned an error (HTTP ${status}).${suffix}`;
    const reason = networkReason(cause);
    return `The provider could not be reached${connection.baseUrl ? ` at ${connection.baseUrl}` : ''}${reason ? `: ${reason}` : ''}.`;
  }
  const reason = networkReason(cause);
  if (reason) return `The provider could not be reached${connection.baseUrl ? ` at ${connection.baseUrl}` : ''}: ${reason}.`;
  return 'The provider did not give a usable answer. Check the provider type, base URL and model name.';
}
