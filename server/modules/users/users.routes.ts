import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { createUserSchema, listUsersQuerySchema, updateUserSchema, userDetailSchema, userSchema } from '../../../contracts/users.js';
import * as users from './users.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerUserRoutes(app: FastifyInstance): void {
  const { config, mailer } = app.services;
  const deps: users.UserDeps = { config, mailer };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', { schema: { tags, querystring: listUsersQuerySchema, response: { 200: pageSchema(userSchema), ...errors } } }, (request) =>
    request.asUser((ctx) => users.listUsers(ctx, request.query)),
  );

  r.post('/api/users', { schema: { tags, body: createUserSchema, response: { 201: userDetailSchema, ...errors } } }, async (request, reply) => {
    const user = await request.asUser((ctx) => users.createUser(ctx, deps, request.body));
    return reply.status(201).send(user);
  });

  r.get('/api/users/:id', { schema: { tags, params: idParams, response: { 200: userDetailSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => users.getUser(ctx, request.params.id)),
  );

  r.patch('/api/users/:id', { schema: { tags, params: idParams, body: updateUserSchema, response: { 200: userDetailSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => users.updateUser(ctx, request.params.id, request.body)),
  );

  r.delete('/api/users/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => users.deleteUser(ctx, request.params.id));
    return reply.status(204).send(null);
  });
}
