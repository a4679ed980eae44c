import xapiModule, { type Statement } from '@xapi/xapi';
import { encodeReason, type FailureReasonCode, type ReasonDetails } from '../../../contracts/failure-reasons.js';
import { checkOutboundUrl } from '../../lib/outbound-guard.js';

// A CommonJS package whose class is also its `default`: the one spelling both TypeScript and Node accept.
const XAPI = xapiModule.default;
type XapiClient = InstanceType<typeof XAPI>;
type AdapterFunction = Extract<NonNullable<ConstructorParameters<typeof XAPI>[0]['adapter']>, (...args: never[]) => unknown>;

/**
 * What the LRS said, or that it could not be reached; `status` is undefined for the latter. `message`
 * (logs) may quote the LRS; `reason` (stored, shown to administrators in their language) is a reason
 * code with the status only, since an LRS's answer can echo what it should not.
 */
export class LrsError extends Error {
  readonly details: ReasonDetails;
  constructor(
    message: string,
    readonly code: FailureReasonCode,
    readonly status?: number,
  ) {
    super(message);
    this.details = status === undefined ? {} : { status };
  }

  get reason(): string {
    return encodeReason(this.code, this.details);
  }
}

const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The transport under @xapi/xapi's client: Node's fetch with a time limit, no redirects followed
 * (an LRS address must not be a way to reach somewhere else), and the LRS's answer kept short.
 */
const adapter: AdapterFunction = async ({ url, method, headers, data }) => {
  // Checked at every call too: a name may be pointed elsewhere after it was saved.
  try {
    await checkOutboundUrl(url, 'endpoint');
  } catch {
    throw new LrsError('The LRS address is in a private or local network, which this server may not call.', 'lrs_private_address');
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: headers as Record<string, string>,
      body: data === undefined ? undefined : JSON.stringify(data),
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = err instanceof Error && err.name === 'TimeoutError';
    throw new LrsError(timedOut ? 'The LRS did not answer in time.' : 'The LRS could not be reached.', timedOut ? 'lrs_timeout' : 'lrs_unreachable');
  }
  const text = await response.text();
  if (!response.ok) {
    const redirect = response.status >= 300 && response.status < 400;
    const detail = redirect ? 'it answered with a redirect, which is not followed' : text.replaceAll(/\s+/g, ' ').slice(0, 200);
    throw new LrsError(`The LRS answered ${response.status}${detail ? `: ${detail}` : ''}`, redirect ? 'lrs_redirect' : 'lrs_http', response.status);
  }
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON (an empty 204, say): kept as text.
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    responseHeaders[name] = value;
  });
  return { data: body as never, headers: responseHeaders, status: response.status };
};

export interface LrsCredentials {
  endpoint: string;
  username: string;
  password: string;
}

export function lrsClient(credentials: LrsCredentials): XapiClient {
  return new XAPI({ endpoint: credentials.endpoint, auth: XAPI.toBasicAuth(credentials.username, credentials.password), version: '1.0.3', adapter });
}

export async function sendStatements(credentials: LrsCredentials, statements: Statement[]): Promise<void> {
  await lrsClient(credentials).sendStatements({ statements });
}

/** The connection test: the LRS's `about` resource, which needs no write. */
export async function aboutLrs(credentials: LrsCredentials): Promise<string[]> {
  const { data } = await lrsClient(credentials).getAbout();
  return data.version;
}
