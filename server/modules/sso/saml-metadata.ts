import { X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { AppError } from '../../lib/app-error.js';

/** Reads what AI GYM needs from an identity provider's SAML 2.0 metadata (ADR 0041). */

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
const REDIRECT_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';

export interface IdpMetadata {
  entityId: string;
  ssoUrl: string;
  /** Base64 DER bodies, as node-saml takes them. */
  certificates: string[];
}

const invalid = (message: string) => new AppError('validation_failed', message);

/** Plain http is accepted only for an identity provider on this machine (tests, local trials). */
function ssoUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'The sign-in address in the metadata is not a URL.';
  }
  const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) return 'The identity provider’s sign-in address must use https.';
  return null;
}

export function parseIdpMetadata(xml: string): IdpMetadata {
  const problems: string[] = [];
  const document = new DOMParser({
    errorHandler: {
      warning: () => undefined,
      error: (message: string) => problems.push(message),
      fatalError: (message: string) => problems.push(message),
    },
  }).parseFromString(xml, 'text/xml');
  if (problems.length > 0 || !document?.documentElement) throw invalid('The metadata is not valid XML. Paste the whole file your identity provider offers.');
  const entity = document.getElementsByTagNameNS(MD, 'EntityDescriptor')[0];
  const idp = entity?.getElementsByTagNameNS(MD, 'IDPSSODescriptor')[0];
  if (!entity || !idp) throw invalid('This is not identity-provider metadata: it has no IDPSSODescriptor.');
  const entityId = entity.getAttribute('entityID')?.trim() ?? '';
  if (!entityId) throw invalid('The metadata does not name the identity provider (entityID).');
  const services = Array.from(idp.getElementsByTagNameNS(MD, 'SingleSignOnService'));
  const redirect = services.find((s) => s.getAttribute('Binding') === REDIRECT_BINDING);
  const ssoUrl = redirect?.getAttribute('Location')?.trim() ?? '';
  if (!ssoUrl) throw invalid('The metadata offers no sign-in address with the HTTP-Redirect binding.');
  const urlProblem = ssoUrlProblem(ssoUrl);
  if (urlProblem) throw invalid(urlProblem);
  const certificates = Array.from(idp.getElementsByTagNameNS(MD, 'KeyDescriptor'))
    .filter((k) => (k.getAttribute('use') ?? 'signing') === 'signing')
    .flatMap((k) => Array.from(k.getElementsByTagNameNS(DS, 'X509Certificate')))
    .map((c) => (c.textContent ?? '').replaceAll(/\s+/g, ''))
    .filter((c) => c.length > 0);
  if (certificates.length === 0) throw invalid('The metadata has no signing certificate, so signed assertions could not be checked.');
  for (const body of certificates) {
    try {
      new X509Certificate(Buffer.from(body, 'base64'));
    } catch {
      throw invalid('A signing certificate in the metadata could not be read.');
    }
  }
  return { entityId: entityId.slice(0, 500), ssoUrl, certificates: [...new Set(certificates)].slice(0, 5) };
}
