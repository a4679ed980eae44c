import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { KNOWLEDGE_FILE_MAX_BYTES, knowledgeFilePassagesSchema, knowledgeFileResponseSchema, knowledgeFileSchema } from '../../../contracts/knowledge.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { requireFeature } from '../flags/flags.service.js';
import { detectKnowledgeFile, knowledgeMimeTypes, UnreadableFileError } from './file-parsing.js';
import type { KnowledgeRuntime } from './knowledge-runtime.js';
import { createKnowledgeFile, fileText, getKnowledgeFile, listKnowledgeFiles } from './knowledge.service.js';

const tags = ['knowledge'];
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema };
const listQuery = z.object({ ids: z.string().max(4000).transform((v) => v.split(',').filter(Boolean)).pipe(z.array(z.uuid()).max(100)) });

/** The name as shown to admins and in citations: no path, no control or bidi/format characters (U+202E…), at most 255 characters. */
export function safeFileName(raw: string): string {
  const base = raw.split(/[/\\]/).pop() ?? '';
  const printable = [...base].filter((c) => c.charCodeAt(0) >= 0x20 && c.charCodeAt(0) !== 0x7f && !/\p{Cf}/u.test(c)).join('');
  return printable.trim().slice(-255) || 'upload';
}

export function registerKnowledgeRoutes(app: FastifyInstance, knowledge: KnowledgeRuntime): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  app.jobs.register(knowledge.readFileJob);

  r.post(
    '/api/knowledge/files',
    {
      schema: {
        tags,
        description: 'Uploads a PDF, Word (.docx), text or Markdown file (at most 20 MB) as agent knowledge. It is read by a background job (retried if interrupted): poll GET /api/knowledge/files/:id until status is ready or failed.',
        consumes: ['multipart/form-data'],
        response: { 201: knowledgeFileResponseSchema, ...errors },
      },
    },
    async (request, reply) => {
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the file as multipart/form-data.');
      // Authorise before reading the upload: only admins, and only while the feature is on.
      await request.asUser(async (ctx) => {
        requireAdmin(ctx);
        await requireFeature(ctx, 'knowledge');
      });
      const upload = await request.file({ limits: { fileSize: KNOWLEDGE_FILE_MAX_BYTES, files: 1 } });
      if (!upload) throw new AppError('file_missing', 'Attach a file.');
      const bytes = await upload.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw new AppError('file_too_large', 'Files may be at most 20 MB.', { details: { maxMb: 20 } });
        throw error;
      });
      if (bytes.length === 0) throw new AppError('file_empty', 'This file is empty.');
      const name = safeFileName(upload.filename);
      let kind;
      try {
        kind = detectKnowledgeFile(name, bytes);
      } catch (error) {
        if (error instanceof UnreadableFileError) throw new AppError('unsupported_media_type', error.message);
        throw error;
      }
      const file = await request.asUser((ctx) => createKnowledgeFile(ctx, { name, mime: knowledgeMimeTypes[kind], bytes }, knowledge.readFileJob));
      return reply.code(201).send({ file });
    },
  );

  r.get(
    '/api/knowledge/files/:id',
    { schema: { tags, params: z.object({ id: z.uuid() }), response: { 200: knowledgeFileResponseSchema, ...errors } } },
    async (request) => ({ file: await request.asUser((ctx) => getKnowledgeFile(ctx, request.params.id)) }),
  );

  r.get(
    '/api/knowledge/files',
    { schema: { tags, description: 'The files with these ids (?ids=a,b), for showing an agent’s attachments; admins.', querystring: listQuery, response: { 200: z.object({ items: z.array(knowledgeFileSchema) }), ...errors } } },
    async (request) => ({ items: await request.asUser((ctx) => listKnowledgeFiles(ctx, request.query.ids)) }),
  );

  r.get(
    '/api/knowledge/files/:id/passages',
    {
      schema: {
        tags,
        description: 'A file’s text as its passages, to open a citation: admins, and members who can use a published agent given the file; anyone else 404.',
        params: z.object({ id: z.uuid() }),
        response: { 200: knowledgeFilePassagesSchema, ...errors },
      },
    },
    async (request) =>
      request.asUser(async (ctx) => {
        await requireFeature(ctx, 'knowledge');
        return fileText(ctx, request.params.id);
      }),
  );
}
