import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { setLanguageSchema, userSchema } from '../../../contracts/users.js';
import { setOwnLanguage } from './language.service.js';

const errors = { 400: errorBodySchema, 401: errorBodySchema };

/** PUT /api/profile/language: a person chooses the language of their app and their emails (ADR 0022). */
export function registerLanguageRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.put(
    '/api/profile/language',
    { schema: { tags: ['profile'], body: setLanguageSchema, response: { 200: z.object({ user: userSchema }), ...errors } } },
    (request) => request.asUser((ctx) => setOwnLanguage(ctx, request.body.language)),
  );
}
