import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { totpSetupSchema } from '../../../contracts/auth.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import {
  changePasswordSchema,
  codeInputSchema,
  disableTwoFactorSchema,
  reauthSchema,
  profileResponseSchema,
  recoveryCodesResponseSchema,
  twoFactorStatusSchema,
  updateProfileSchema,
  userTwoFactorSchema,
} from '../../../contracts/profile.js';
import { AppError } from '../../lib/app-error.js';
import { enqueueMail } from '../../platform/jobs/index.js';
import { AuthLimits, type SignInSource } from '../auth/auth.service.js';
import * as profile from './profile.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 429: errorBodySchema };
const idParams = z.object({ id: z.uuid() });

export function registerProfileRoutes(app: FastifyInstance): void {
  const { config, limiter } = app.services;
  const limits = new AuthLimits(limiter, config);
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['profile'];

  /** Guessing a password or a code from a stolen session is throttled exactly like signing in. */
  const throttled = async <T>(request: { ip: string; asUser: (fn: (ctx: { actor: { userId: string } }) => Promise<string>) => Promise<string> }, work: () => Promise<T>): Promise<T> => {
    const account = await request.asUser(async (ctx) => `user:${ctx.actor.userId}`);
    const source: SignInSource = { ip: request.ip, deviceId: null };
    await limits.beforeSignIn(account, source);
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError && (error.code === 'invalid_code' || error.code === 'invalid_credentials')) await limits.signInFailed(account, source);
      throw error;
    }
  };

  r.patch('/api/profile', { schema: { tags, body: updateProfileSchema, response: { 200: profileResponseSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => profile.updateDisplayName(ctx, request.body.displayName)),
  );

  r.post(
    '/api/profile/password',
    { schema: { tags, description: 'Changes one’s own password; every other session of the account ends.', body: changePasswordSchema, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await throttled(request, () => profile.changePassword((fn) => request.asUser(fn), request.body));
      return reply.status(204).send(null);
    },
  );

  r.get('/api/profile/two-factor', { schema: { tags, response: { 200: twoFactorStatusSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => profile.getTwoFactor(ctx, config)),
  );
  r.post(
    '/api/profile/two-factor/setup',
    { schema: { tags, description: 'A new authenticator key. Needs `currentPassword` (accounts without one: a sign-in in the last 10 minutes).', body: reauthSchema.optional(), response: { 200: totpSetupSchema, ...errors } } },
    async (request) => {
      await throttled(request, () => profile.confirmOwner((fn) => request.asUser(fn), request.body?.currentPassword));
      return request.asUser((ctx) => profile.setUpTwoFactor(ctx, config));
    },
  );
  r.post('/api/profile/two-factor/confirm', { schema: { tags, body: codeInputSchema, response: { 200: recoveryCodesResponseSchema, ...errors } } }, async (request) => {
    const result = await throttled(request, () =>
      request.asUser(async (ctx) => {
        const confirmed = await profile.confirmTwoFactor(ctx, config, request.body.code);
        await enqueueMail(ctx, await profile.twoFactorChangedMail(ctx, true));
        return confirmed;
      }),
    );
    return result;
  });
  r.post('/api/profile/two-factor/recovery-codes', { schema: { tags, body: codeInputSchema, response: { 200: recoveryCodesResponseSchema, ...errors } } }, (request) =>
    throttled(request, () => request.asUser((ctx) => profile.regenerateRecoveryCodes(ctx, config, request.body.code))),
  );
  r.post('/api/profile/two-factor/disable', { schema: { tags, description: 'Needs a current code and `currentPassword` (see setup).', body: disableTwoFactorSchema, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await throttled(request, () => profile.confirmOwner((fn) => request.asUser(fn), request.body.currentPassword));
    await throttled(request, () =>
      request.asUser(async (ctx) => {
        await profile.disableTwoFactor(ctx, config, request.body.code);
        await enqueueMail(ctx, await profile.twoFactorChangedMail(ctx, false));
      }),
    );
    return reply.status(204).send(null);
  });

  r.get('/api/users/:id/two-factor', { schema: { tags: ['users'], params: idParams, response: { 200: userTwoFactorSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => profile.userTwoFactor(ctx, request.params.id)),
  );
  r.delete(
    '/api/users/:id/two-factor',
    { schema: { tags: ['users'], description: 'Admins: removes the person’s authenticator and recovery codes and ends their sessions (audited).', params: idParams, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await request.asUser((ctx) => profile.resetTwoFactor(ctx, request.params.id));
      return reply.status(204).send(null);
    },
  );
}
