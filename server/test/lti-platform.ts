import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLocalJWKSet, exportJWK, generateKeyPair, type JSONWebKeySet, type JWK, jwtVerify, SignJWT } from 'jose';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const AGS_SCORE = 'https://purl.imsglobal.org/spec/lti-ags/scope/score';
const NRPS = 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly';

export interface RecordedScore {
  lineitem: string;
  contentType: string;
  body: { userId: string; scoreGiven: number; scoreMaximum: number; activityProgress: string; gradingProgress: string; timestamp: string };
}

export interface RosterMember {
  user_id: string;
  status?: string;
  email?: string;
  name?: string;
  roles: string[];
}

/**
 * An LTI 1.3 Advantage platform (an LMS) on 127.0.0.1, speaking the real protocol to the tool:
 * its own RSA keys and JWKS, the OIDC authentication endpoint of third-party-initiated login
 * (checks the tool's redirect and answers with a signed id_token and the state), a token endpoint
 * for the client-credentials grant with a JWT client assertion (checked against the tool's JWKS),
 * an AGS line item receiving scores, an NRPS roster (paged), and a deep-linking return URL.
 */
export class LtiPlatform {
  readonly clientId = `client-${randomUUID().slice(0, 8)}`;
  readonly deploymentId = 'deployment-1';
  readonly scores: RecordedScore[] = [];
  readonly deepLinkReturns: string[] = [];
  readonly tokenRequests: Array<{ scope: string; ok: boolean }> = [];
  roster: RosterMember[] = [];
  lastTokenError: string | undefined;
  private lastTarget: string | undefined;
  scoresDown = false;
  private server: Server | undefined;
  private keys: { kid: string; privateKey: CryptoKey; publicJwk: JWK } | undefined;
  private readonly tokens = new Map<string, string[]>();
  private toolKeys: JSONWebKeySet | undefined;

  /** The tool's keyset URL, as the LMS administrator configured it (the test reads it from the app). */
  constructor(private readonly fetchToolJwks: () => Promise<JSONWebKeySet>) {}

  /** Fetches the tool's keyset now, as an LMS does when the tool is registered. */
  async trustToolKeys(): Promise<void> {
    this.toolKeys = await this.fetchToolJwks();
  }

  /** Kept once fetched, as platforms cache a tool's keys (and the test database serves one transaction at a time). */
  private async toolJwks(): Promise<JSONWebKeySet> {
    this.toolKeys ??= await this.fetchToolJwks();
    return this.toolKeys;
  }

  get origin(): string {
    const { port } = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }
  get issuer(): string {
    return `${this.origin}/lms`;
  }
  get registration() {
    return {
      issuer: this.issuer,
      clientId: this.clientId,
      deploymentIds: [this.deploymentId],
      jwksUrl: `${this.origin}/jwks`,
      authLoginUrl: `${this.origin}/auth`,
      accessTokenUrl: `${this.origin}/token`,
    };
  }
  lineitem(id = 'li-1'): string {
    return `${this.origin}/lineitems/${id}`;
  }
  membershipsUrl(context = 'course-1'): string {
    return `${this.origin}/memberships/${context}`;
  }

  async start(): Promise<void> {
    const kid = `platform-${randomUUID().slice(0, 8)}`;
    const { privateKey, publicKey } = await generateKeyPair('RS256');
    this.keys = { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' } };
    this.server = createServer((req, res) => {
      void this.handle(req).then(({ status, body, headers }) => {
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }

  /** What the platform posts to the tool's login initiation URL. */
  loginParams(targetLinkUri: string, extra: Record<string, string> = {}): Record<string, string> {
    this.lastTarget = targetLinkUri;
    return { iss: this.issuer, login_hint: 'hint-123', target_link_uri: targetLinkUri, lti_message_hint: 'msg-hint', client_id: this.clientId, lti_deployment_id: this.deploymentId, ...extra };
  }

  /**
   * The authentication endpoint: checks the tool's redirect as a platform must, then signs the
   * id_token for the launch and gives back the form the browser would post to the tool.
   */
  async authorize(location: string, claims: Record<string, unknown> = {}, options: { signWith?: CryptoKey; kid?: string; expiresIn?: string } = {}): Promise<{ redirectUri: string; form: { id_token: string; state: string } }> {
    const url = new URL(location);
    const q = url.searchParams;
    const expected = { scope: 'openid', response_type: 'id_token', response_mode: 'form_post', prompt: 'none', client_id: this.clientId, login_hint: 'hint-123', lti_message_hint: 'msg-hint' };
    for (const [key, value] of Object.entries(expected)) if (q.get(key) !== value) throw new Error(`platform: ${key} is ${q.get(key)}, expected ${value}`);
    if (`${url.origin}${url.pathname}` !== `${this.origin}/auth`) throw new Error(`platform: redirected to ${url.origin}${url.pathname}`);
    const state = q.get('state');
    const nonce = q.get('nonce');
    const redirectUri = q.get('redirect_uri');
    if (!state || !nonce || !redirectUri) throw new Error('platform: state, nonce and redirect_uri are required');
    return { redirectUri, form: { id_token: await this.idToken({ nonce, ...claims }, options), state } };
  }

  /** A signed id_token with a resource-link launch's claims; `claims` override or add. */
  async idToken(claims: Record<string, unknown>, options: { signWith?: CryptoKey; kid?: string; expiresIn?: string } = {}): Promise<string> {
    if (!this.keys) throw new Error('platform not started');
    const base: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      sub: 'lms-user-1',
      email: 'learner@lms.example',
      name: 'Lena Learner',
      [`${LTI}message_type`]: 'LtiResourceLinkRequest',
      [`${LTI}version`]: '1.3.0',
      [`${LTI}deployment_id`]: this.deploymentId,
      [`${LTI}resource_link`]: { id: 'rl-1' },
      [`${LTI}target_link_uri`]: this.lastTarget,
      [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Learner'],
      [`${LTI}context`]: { id: 'course-1', title: 'Customer service 101' },
      'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice': { context_memberships_url: this.membershipsUrl(), service_versions: ['2.0'] },
    };
    const payload = Object.fromEntries(Object.entries({ ...base, ...claims }).filter(([, v]) => v !== undefined));
    const now = Math.floor(Date.now() / 1000);
    const expiresIn = options.expiresIn ?? '5m';
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', kid: options.kid ?? this.keys.kid, typ: 'JWT' })
      .setIssuedAt(expiresIn.startsWith('-') ? now - 3600 : now)
      .setExpirationTime(expiresIn.startsWith('-') ? now - 600 : expiresIn)
      .sign(options.signWith ?? this.keys.privateKey);
  }

  /** The claims a graded link carries (AGS endpoint with the score scope). */
  agsClaim(lineitem = this.lineitem()) {
    return { 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint': { scope: [AGS_SCORE, 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem'], lineitem, lineitems: `${this.origin}/lineitems` } };
  }

  deepLinkingClaims() {
    return {
      [`${LTI}message_type`]: 'LtiDeepLinkingRequest',
      'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings': {
        deep_link_return_url: `${this.origin}/deep-link-return`,
        accept_types: ['ltiResourceLink'],
        accept_presentation_document_targets: ['iframe', 'window'],
        accept_multiple: true,
        data: 'opaque-platform-data',
      },
      [`${LTI}roles`]: ['http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor'],
    };
  }

  /** Verifies a deep-linking response the way the platform must: signed by the tool's key, for us, from our client. */
  async verifyDeepLinkResponse(jwt: string) {
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await this.toolJwks()), { issuer: this.clientId, audience: this.issuer });
    return payload;
  }

  private async handle(req: IncomingMessage): Promise<{ status: number; body?: unknown; headers?: Record<string, string> }> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.origin);
    if (req.method === 'GET' && url.pathname === '/jwks') return { status: 200, body: { keys: [this.keys?.publicJwk] } };
    if (req.method === 'POST' && url.pathname === '/token') return this.token(new URLSearchParams(raw));
    if (req.method === 'POST' && url.pathname === '/deep-link-return') {
      const jwt = new URLSearchParams(raw).get('JWT');
      if (jwt) this.deepLinkReturns.push(jwt);
      return { status: 200, body: '<p>ok</p>', headers: { 'content-type': 'text/html' } };
    }
    const scopes = this.tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, '')) ?? [];
    const scoreMatch = /^\/lineitems\/([^/]+)\/scores$/.exec(url.pathname);
    if (req.method === 'POST' && scoreMatch) {
      if (!scopes.includes(AGS_SCORE)) return { status: 401, body: { error: 'invalid_token' } };
      if (this.scoresDown) return { status: 503, body: { error: 'down' } };
      const contentType = req.headers['content-type'] ?? '';
      if (contentType !== 'application/vnd.ims.lis.v1.score+json') return { status: 415, body: { error: 'unsupported media type' } };
      this.scores.push({ lineitem: `${this.origin}/lineitems/${scoreMatch[1]}`, contentType, body: JSON.parse(raw) as RecordedScore['body'] });
      return { status: 204 };
    }
    const rosterMatch = /^\/memberships\/([^/]+)$/.exec(url.pathname);
    if (req.method === 'GET' && rosterMatch) {
      if (!scopes.includes(NRPS)) return { status: 401, body: { error: 'invalid_token' } };
      if (req.headers.accept !== 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json') return { status: 406, body: { error: 'not acceptable' } };
      // Two members a page, with the Link header NRPS uses for the next one.
      const page = Number(url.searchParams.get('page') ?? '0');
      const members = this.roster.slice(page * 2, page * 2 + 2);
      const next: Record<string, string> = (page + 1) * 2 < this.roster.length ? { link: `<${this.membershipsUrl(rosterMatch[1])}?page=${page + 1}>; rel="next"` } : {};
      return {
        status: 200,
        body: { id: url.toString(), context: { id: rosterMatch[1], title: 'Customer service 101' }, members },
        headers: { 'content-type': 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json', ...next },
      };
    }
    return { status: 404, body: { error: 'not found' } };
  }

  /** OAuth 2 client credentials with a private_key_jwt assertion (IMS Security Framework §4.1). */
  private async token(form: URLSearchParams): Promise<{ status: number; body: unknown }> {
    const scope = form.get('scope') ?? '';
    const fail = (error: string) => {
      this.tokenRequests.push({ scope, ok: false });
      return { status: 400, body: { error } };
    };
    if (form.get('grant_type') !== 'client_credentials') return fail('unsupported_grant_type');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return fail('invalid_client');
    try {
      await jwtVerify(form.get('client_assertion') ?? '', createLocalJWKSet(await this.toolJwks()), { issuer: this.clientId, subject: this.clientId, audience: `${this.origin}/token` });
    } catch (error) {
      this.lastTokenError = error instanceof Error ? error.message : String(error);
      return fail('invalid_client');
    }
    const token = randomUUID();
    this.tokens.set(token, scope.split(' '));
    this.tokenRequests.push({ scope, ok: true });
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: 3600, scope } };
  }
}
