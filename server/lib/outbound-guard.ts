import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { AppError } from './app-error.js';

/**
 * Admin-supplied addresses the server connects to (an AI connection's base URL) must not reach into
 * the server's own network (issue 26: any host and port, redirects followed, the reply echoed).
 * Private, loopback, link-local and other non-public ranges are refused unless the operator allows
 * them (AI_ALLOW_PRIVATE_BASE_URLS=true: a local model server such as Ollama, or the test suites).
 */
const nonPublic = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 127],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  nonPublic.addSubnet(network, prefix, 'ipv6');
}

export function isNonPublicAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  if (mapped) return nonPublic.check(mapped, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return nonPublic.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

let allowPrivate = false;

/** Set once from the configuration when the app is built. */
export function configureOutboundGuard(options: { allowPrivate: boolean }): void {
  allowPrivate = options.allowPrivate;
}

const refused = (host: string, field: string) =>
  new AppError(
    'private_address',
    `${field}: ${host} is in a private or local network. Use the service’s public address, or ask the operator to allow private addresses (AI_ALLOW_PRIVATE_BASE_URLS).`,
    { details: { field, host, in: 'body', issues: [{ path: field, message: 'This address is in a private or local network.' }] } },
  );

/**
 * Throws a 400 when the URL's host is (or resolves to) a non-public address and those are not
 * allowed. `field` names the setting in the error (an AI connection's baseUrl, an LRS endpoint).
 */
export async function checkOutboundUrl(url: string, field = 'baseUrl'): Promise<void> {
  if (allowPrivate) return;
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(host) ? [host] : await lookup(host, { all: true }).then((all) => all.map((a) => a.address), () => []);
  // A name that does not resolve now fails later as "could not be reached"; a private one is refused.
  if (addresses.some(isNonPublicAddress)) throw refused(host, field);
}

/**
 * The fetch the AI providers use for admin-made connections: the address is checked at every call
 * (a name may be re-pointed after it was saved) and redirects are never followed (a 3xx is the
 * provider's answer, an error), so a public address cannot bounce the request inward.
 */
export const guardedFetch: typeof fetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
  await checkOutboundUrl(url);
  return fetch(input, { ...init, redirect: 'manual' });
};
