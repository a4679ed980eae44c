import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { credentialEnvelopeSchema, issuerProfileSchema, jwksSchema, signingKeyListSchema, signingKeySchema, statusListParamsSchema } from '../../../contracts/open-badges.js';
import { verifyParamsSchema } from '../../../contracts/programs.js';
import { limitVerifications } from '../programs/programs.service.js';
import { AppError } from '../../lib/app-error.js';
import { isAdmin } from '../../lib/transactions.js';
import { issuerProfile, type IssuerUrls } from './credential.js';
import * as badges from './open-badges.service.js';
import { ensureSigningKey, listSigningKeys, publicJwks, rotateSigningKey } from './signing-keys.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };
/** As for /api/verify/:code: enough for people, too few to enumerate codes. */

/**
 * Open Badges 3.0 (ARCHITECTURE §10.2, ADR 0044). The issuer's keys, profile and status lists are
 * public and open to any origin (no cookies are read), so a verifier running in a browser can fetch them.
 */
export function registerOpenBadgesRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['open badges'];
  const { config, limiter } = app.services;
  const urls: IssuerUrls = { base: config.APP_URL.replace(/\/+$/, ''), issuerName: config.OPEN_BADGES_ISSUER_NAME };
  const secret = config.AI_KEYS_SECRET;

  // Keys are only ever added, so once one exists this instance need not look again.
  let keyReady = false;
  const ensureKey = async (request: FastifyRequest): Promise<void> => {
    if (keyReady) return;
    await request.asAnonymous((ctx) => ensureSigningKey(ctx, secret));
    keyReady = true;
  };

  const requireAdmin = (ctx: Parameters<typeof isAdmin>[0]) => {
    if (!isAdmin(ctx)) throw new AppError('forbidden', 'Only administrators can manage the credential signing key.');
  };

  r.get('/.well-known/jwks.json', { schema: { tags, security: [], description: 'No sign-in. The keys that sign credentials and status lists, and retired keys while what they signed may still be valid.', response: { 200: jwksSchema } } }, async (request, reply) => {
    reply.header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*');
    return request.asAnonymous((ctx) => publicJwks(ctx, new Date()));
  });

  r.get('/api/open-badges/issuer', { schema: { tags, security: [], description: 'No sign-in. The issuer Profile named in every credential.', response: { 200: issuerProfileSchema } } }, (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
    return issuerProfile(urls);
  });

  r.get(
    '/api/open-badges/status/:purpose/:list',
    {
      schema: {
        tags,
        security: [],
        description: 'No sign-in. A BitstringStatusListCredential as a VC-JWT (application/vc+jwt); a set bit at a credential\'s statusListIndex means revoked (or suspended).',
        params: statusListParamsSchema,
        produces: ['application/vc+jwt'],
        response: { 200: z.string(), ...errors },
      },
    },
    async (request, reply) => {
      const { purpose, list } = request.params;
      await ensureKey(request);
      const jwt = await request.asAnonymous((ctx) => badges.signedStatusList(ctx, urls, secret, purpose, list));
      // Verifiers may keep it for the list's ttl; no longer, so a revocation shows within minutes.
      return reply.header('content-type', badges.MEDIA_TYPE).header('cache-control', 'public, max-age=300').header('access-control-allow-origin', '*').send(jwt);
    },
  );

  r.get(
    '/api/certificates/:id/credential',
    { schema: { tags, description: 'The holder (or an admin): the certificate as a signed OpenBadgeCredential. Another person\'s certificate: 404. Revoked: 409.', params: idParams, response: { 200: credentialEnvelopeSchema, ...errors } } },
    async (request) => {
      await ensureKey(request);
      return request.asUser((ctx) => badges.credentialForCertificate(ctx, urls, secret, request.params.id));
    },
  );

  r.get(
    '/api/verify/:code/credential',
    { schema: { tags, security: [], description: 'No sign-in: whoever has the verification code may take the credential to a wallet. Limited per address.', params: verifyParamsSchema, response: { 200: credentialEnvelopeSchema, ...errors } } },
    async (request) => {
      await limitVerifications(limiter, request.ip);
      await ensureKey(request);
      return request.asAnonymous((ctx) => badges.credentialForCode(ctx, urls, secret, request.params.code));
    },
  );

  r.get('/api/open-badges/signing-keys', { schema: { tags, description: 'Admins.', response: { 200: signingKeyListSchema, ...errors } } }, (request) =>
    request.asUser(async (ctx) => {
      requireAdmin(ctx);
      return { items: await listSigningKeys(ctx) };
    }),
  );

  r.post(
    '/api/open-badges/signing-keys/rotate',
    { schema: { tags, description: 'Admins. A new key signs from now on; the old one stays published until every certificate existing now has expired (for good if one never does).', response: { 201: z.object({ key: signingKeySchema }), ...errors } } },
    async (request, reply) => {
      const key = await request.asUser(async (ctx) => {
        requireAdmin(ctx);
        return rotateSigningKey(ctx, secret);
      });
      return reply.status(201).send({ key });
    },
  );
}
