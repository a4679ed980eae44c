import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  assignmentsSchema,
  bulkContentSchema,
  contentItemSchema,
  contentProgressSchema,
  contentSummarySchema,
  createContentSchema,
  listContentQuerySchema,
  progressActionSchema,
  updateContentSchema,
} from '../../../contracts/content.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import { AppError } from '../../lib/app-error.js';
import { assertIfMatch, ifMatchOf, withEtag } from '../../lib/etag.js';
import * as content from './content.service.js';
import { storeThumbnail, THUMBNAIL_MAX_BYTES } from './thumbnails.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };

export function registerContentRoutes(app: FastifyInstance, publishGuard: content.PublishGuard): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['content'];
  const uploadsDir = path.join(app.services.config.DATA_DIR, 'uploads');

  r.get('/api/content', { schema: { tags, querystring: listContentQuerySchema, response: { 200: pageSchema(contentSummarySchema), ...errors } } }, (request) =>
    request.asUser((ctx) => content.listContent(ctx, request.query)),
  );

  r.get('/api/content/:id', { schema: { tags, params: idParams, response: { 200: contentItemSchema, ...errors } } }, async (request, reply) =>
    withEtag(reply, await request.asUser((ctx) => content.getContent(ctx, request.params.id))),
  );

  r.post('/api/content', { schema: { tags, body: createContentSchema, response: { 201: contentItemSchema, ...errors } } }, async (request, reply) => {
    const item = await request.asUser((ctx) => content.createContent(ctx, request.body, publishGuard));
    return reply.status(201).send(item);
  });

  r.patch('/api/content/:id', { schema: { tags, params: idParams, body: updateContentSchema, response: { 200: contentItemSchema, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const updated = await request.asUser(async (ctx) => {
      await assertIfMatch(ctx, ifMatchOf(request), { table: 'content_items', key: id }, () => content.getContent(ctx, id));
      return content.updateContent(ctx, id, request.body, publishGuard);
    });
    return withEtag(reply, updated);
  });

  r.delete('/api/content/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => content.deleteContent(ctx, request.params.id));
    return reply.status(204).send(null);
  });

  r.post('/api/content/:id/duplicate', { schema: { tags, params: idParams, response: { 201: contentItemSchema, ...errors } } }, async (request, reply) => {
    const item = await request.asUser((ctx) => content.duplicateContent(ctx, request.params.id, publishGuard));
    return reply.status(201).send(item);
  });

  r.put(
    '/api/content/:id/assignments',
    { schema: { tags, params: idParams, body: assignmentsSchema, response: { 200: assignmentsSchema, ...errors } } },
    (request) => request.asUser((ctx) => content.setAssignments(ctx, request.params.id, request.body.communityIds)),
  );

  r.post('/api/content/bulk', { schema: { tags, body: bulkContentSchema, response: { 200: z.object({ updated: z.number() }), ...errors } } }, (request) =>
    request.asUser((ctx) => content.bulkUpdate(ctx, request.body, publishGuard)),
  );

  r.post(
    '/api/content/:id/progress',
    { schema: { tags, params: idParams, body: progressActionSchema, response: { 200: contentProgressSchema, ...errors } } },
    (request) => request.asUser((ctx) => content.recordProgress(ctx, request.params.id, request.body.action)),
  );

  r.post(
    '/api/content/:id/thumbnail',
    { schema: { tags, params: idParams, consumes: ['multipart/form-data'], response: { 200: contentItemSchema, ...errors } } },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the image as multipart/form-data.');
      // Authorise before reading the file: only admins may upload.
      await request.asUser(async (ctx) => {
        if (ctx.actor.role !== 'admin') throw new AppError('forbidden', 'Only administrators can do that.');
        await content.getContent(ctx, request.params.id);
      });
      const file = await request.file({ limits: { fileSize: THUMBNAIL_MAX_BYTES, files: 1 } });
      if (!file) throw new AppError('image_missing', 'Attach an image file.');
      const bytes = await file.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('image_too_large', `Images may be at most ${THUMBNAIL_MAX_BYTES / 1024 / 1024} MB.`, { details: { maxMb: THUMBNAIL_MAX_BYTES / 1024 / 1024 } });
        }
        throw error;
      });
      const url = await storeThumbnail(uploadsDir, bytes);
      return request.asUser((ctx) => content.setThumbnail(ctx, request.params.id, url, publishGuard));
    },
  );
}
