import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inflateRawSync } from 'node:zlib';
import { signSamlPost } from '@node-saml/node-saml/lib/saml-post-signing.js';
import { DOMParser } from '@xmldom/xmldom';

/**
 * A SAML 2.0 identity provider for tests (issue 30, ADR 0041), on 127.0.0.1: publishes metadata,
 * answers an AuthnRequest (HTTP-Redirect) with a sign-in form, and posts a Response whose assertion
 * is signed with node-saml's own signing code — the library AI GYM verifies with. `response()`
 * builds answers directly, including the attacks: unsigned, signed by someone else, for another
 * audience or recipient, expired, replayed.
 *
 * The key pair in saml-fixture/ exists only for these tests.
 */

const fixture = (name: string) => readFileSync(new URL(`./saml-fixture/${name}`, import.meta.url), 'utf8');
const pemBody = (pem: string) => pem.replaceAll(/-----[^-]+-----/g, '').replaceAll(/\s+/g, '');

export interface AssertionOptions {
  email: string;
  displayName?: string;
  /** Defaults to the service provider's entity id for the community. */
  audience?: string;
  /** Defaults to the ACS URL. */
  recipient?: string;
  acsUrl: string;
  signed?: boolean;
  /** Sign with a key the metadata does not name. */
  signedByStranger?: boolean;
  expired?: boolean;
  assertionId?: string;
  inResponseTo?: string;
}

export interface TestSamlIdp {
  entityId: string;
  ssoUrl: string;
  metadataXml: string;
  /** A base64 SAMLResponse, as an identity provider posts it. */
  response(options: AssertionOptions): string;
  close(): Promise<void>;
}

const escapeXml = (value: string) => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

function buildResponse(entityId: string, key: string, options: AssertionOptions): string {
  const now = Date.now();
  const shift = options.expired ? -30 * 60_000 : 0;
  const at = (offsetMs: number) => new Date(now + shift + offsetMs).toISOString();
  const audience = options.audience ?? options.acsUrl.replace(/\/acs$/, '/metadata');
  const recipient = options.recipient ?? options.acsUrl;
  const assertionId = options.assertionId ?? `_a${randomUUID()}`;
  const inResponseTo = options.inResponseTo ? ` InResponseTo="${escapeXml(options.inResponseTo)}"` : '';
  const email = escapeXml(options.email);
  const xml =
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_r${randomUUID()}" Version="2.0" IssueInstant="${at(0)}" Destination="${escapeXml(recipient)}"${inResponseTo}>` +
    `<saml:Issuer>${escapeXml(entityId)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>` +
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${escapeXml(assertionId)}" Version="2.0" IssueInstant="${at(0)}">` +
    `<saml:Issuer>${escapeXml(entityId)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${email}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData NotOnOrAfter="${at(5 * 60_000)}" Recipient="${escapeXml(recipient)}"${inResponseTo}/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${at(-60_000)}" NotOnOrAfter="${at(5 * 60_000)}"><saml:AudienceRestriction><saml:Audience>${escapeXml(audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${at(0)}" SessionIndex="_s${randomUUID()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `<saml:AttributeStatement>` +
    `<saml:Attribute Name="http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"><saml:AttributeValue>${email}</saml:AttributeValue></saml:Attribute>` +
    `<saml:Attribute Name="http://schemas.microsoft.com/identity/claims/displayname"><saml:AttributeValue>${escapeXml(options.displayName ?? options.email.split('@')[0] ?? '')}</saml:AttributeValue></saml:Attribute>` +
    `</saml:AttributeStatement></saml:Assertion></samlp:Response>`;
  const signed =
    options.signed === false
      ? xml
      : signSamlPost(xml, '/*[local-name(.)="Response"]/*[local-name(.)="Assertion"]', {
          privateKey: options.signedByStranger ? fixture('other-key.pem') : key,
          signatureAlgorithm: 'sha256',
          digestAlgorithm: 'sha256',
        });
  return Buffer.from(signed).toString('base64');
}

function metadata(entityId: string, ssoUrl: string, cert: string): string {
  return (
    `<?xml version="1.0"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${escapeXml(entityId)}">` +
    `<md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data><ds:X509Certificate>${pemBody(cert)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="${escapeXml(ssoUrl)}"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

/** The ACS URL and request id an AuthnRequest (deflated, base64, as HTTP-Redirect carries it) names. */
function readAuthnRequest(encoded: string): { acsUrl: string; id: string } {
  const xml = inflateRawSync(Buffer.from(encoded, 'base64')).toString('utf8');
  const root = new DOMParser().parseFromString(xml, 'text/xml').documentElement;
  return { acsUrl: root?.getAttribute('AssertionConsumerServiceURL') ?? '', id: root?.getAttribute('ID') ?? '' };
}

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>${body}</body></html>`;

export async function startTestSamlIdp(): Promise<TestSamlIdp> {
  const key = fixture('idp-key.pem');
  const cert = fixture('idp-cert.pem');
  let base = '';
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', base);
    const send = (status: number, type: string, text: string) => {
      response.writeHead(status, { 'content-type': type });
      response.end(text);
    };
    if (request.method === 'GET' && url.pathname === '/metadata') return send(200, 'application/samlmetadata+xml', metadata(`${base}/metadata`, `${base}/sso`, cert));
    if (request.method === 'GET' && url.pathname === '/sso') {
      const samlRequest = url.searchParams.get('SAMLRequest');
      if (!samlRequest) return send(400, 'text/plain', 'no SAMLRequest');
      const { acsUrl, id } = readAuthnRequest(samlRequest);
      return send(
        200,
        'text/html',
        page(
          'Test identity provider',
          `<main><h1>Test identity provider</h1><form method="post" action="/sso/login">` +
            `<input type="hidden" name="acs" value="${escapeXml(acsUrl)}"><input type="hidden" name="id" value="${escapeXml(id)}">` +
            `<label>Email <input name="email" type="email" required></label> <button type="submit">Sign in at the identity provider</button></form></main>`,
        ),
      );
    }
    if (request.method === 'POST' && url.pathname === '/sso/login') {
      let raw = '';
      request.on('data', (chunk: Buffer) => {
        raw += chunk.toString('utf8');
        if (raw.length > 10_000) request.destroy();
      });
      request.on('end', () => {
        const form = new URLSearchParams(raw);
        const acsUrl = form.get('acs') ?? '';
        const samlResponse = buildResponse(`${base}/metadata`, key, { email: form.get('email') ?? '', acsUrl, inResponseTo: form.get('id') ?? undefined });
        send(
          200,
          'text/html',
          page(
            'Signing in',
            `<form method="post" action="${escapeXml(acsUrl)}"><input type="hidden" name="SAMLResponse" value="${samlResponse}">` +
              `<button type="submit">Continue</button></form><script>document.forms[0].submit()</script>`,
          ),
        );
      });
      return undefined;
    }
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    entityId: `${base}/metadata`,
    ssoUrl: `${base}/sso`,
    metadataXml: metadata(`${base}/metadata`, `${base}/sso`, cert),
    response: (options) => buildResponse(`${base}/metadata`, key, options),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
