import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { createUserSchema, IMPORT_TEMPLATE_CSV, importQuerySchema, importReportSchema, listUsersQuerySchema, updateUserSchema, userDetailSchema, userListItemSchema } from '../../../contracts/users.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { IMPORT_MAX_ROWS, importUsers } from './users-import.service.js';
import { assertIfMatch, ifMatchOf, withEtag } from '../../lib/etag.js';
import * as users from './users.service.js';

const IMPORT_MAX_BYTES = 5 * 1024 * 1024;

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };

export function registerUserRoutes(app: FastifyInstance): void {
  const { config, mailer } = app.services;
  const deps: users.UserDeps = { config, mailer };
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];

  r.get('/api/users', { schema: { tags, querystring: listUsersQuerySchema, response: { 200: pageSchema(userListItemSchema), ...errors } } }, (request) =>
    request.asUser((ctx) => users.listUsers(ctx, request.query)),
  );

  r.post('/api/users', { schema: { tags, body: createUserSchema, response: { 201: userDetailSchema, ...errors } } }, async (request, reply) => {
    const user = await users.createUser((fn) => request.asUser(fn), deps, request.body);
    return reply.status(201).send(user);
  });

  // CSV arrives as text/csv, or as a file in multipart/form-data from a browser form.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: IMPORT_MAX_BYTES }, (_request, body, done) => done(null, body));
  r.get(
    '/api/users/import/template',
    { schema: { tags, description: 'A CSV file with the columns the import understands and one example row.', produces: ['text/csv'] } },
    async (_request, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="people-import-template.csv"').send(IMPORT_TEMPLATE_CSV),
  );

  r.post(
    '/api/users/import',
    {
      bodyLimit: IMPORT_MAX_BYTES,
      // Before the body is read (onRequest runs ahead of content parsing and multipart), so a
      // non-admin cannot make the server take in megabytes only to be refused.
      onRequest: async (request) => {
        await request.asUser(async (ctx) => requireAdmin(ctx));
      },
      schema: {
        tags,
        description: `CSV with a header row: email, display name, role, communities (names or ids separated by ";"), communityRole (member or manager), password (optional). At most ${IMPORT_MAX_ROWS} rows. With ?dryRun=true nothing is written: the report says what would be created, updated and refused.`,
        consumes: ['text/csv', 'multipart/form-data'],
        querystring: importQuerySchema,
        response: { 200: importReportSchema, ...errors },
      },
    },
    async (request) => {
      let csv: string;
      if (request.isMultipart()) {
        const file = await request.file({ limits: { fileSize: IMPORT_MAX_BYTES, files: 1 } });
        if (!file) throw new AppError('csv_file_missing', 'Attach a CSV file.');
        csv = (await file.toBuffer()).toString('utf8');
      } else if (typeof request.body === 'string') {
        csv = request.body;
      } else {
        throw new AppError('unsupported_media_type', 'Send the CSV as text/csv or as a multipart file.');
      }
      return importUsers((fn) => request.asUser(fn), deps, csv, { dryRun: request.query.dryRun });
    },
  );

  r.get('/api/users/:id', { schema: { tags, params: idParams, response: { 200: userDetailSchema, ...errors } } }, async (request, reply) =>
    withEtag(reply, await request.asUser((ctx) => users.getUser(ctx, request.params.id))),
  );

  r.patch('/api/users/:id', { schema: { tags, params: idParams, body: updateUserSchema, response: { 200: userDetailSchema, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const updated = await users.updateUser(
      (fn) =>
        request.asUser(async (ctx) => {
          await assertIfMatch(ctx, ifMatchOf(request), { table: 'users', key: id }, () => users.getUser(ctx, id));
          return fn(ctx);
        }),
      id,
      request.body,
    );
    return withEtag(reply, updated);
  });

  r.delete('/api/users/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => users.deleteUser(ctx, request.params.id));
    return reply.status(204).send(null);
  });
}
