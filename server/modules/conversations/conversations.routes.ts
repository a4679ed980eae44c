import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  conversationSchema,
  createConversationSchema,
  exportFormatSchema,
  listConversationsQuerySchema,
  listMessagesQuerySchema,
  messageSchema,
  updateConversationSchema,
} from '../../../contracts/conversations.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import type { UserContext } from '../../lib/transactions.js';
import { requireFeature } from '../flags/flags.service.js';
import * as conversations from './conversations.service.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 404: errorBodySchema };

/** Every sandbox call runs only while the `sandbox` flag is on for the caller; off, it is 404. */
function inSandbox<T>(request: FastifyRequest, fn: (ctx: UserContext) => Promise<T>): Promise<T> {
  return request.asUser(async (ctx) => {
    await requireFeature(ctx, 'sandbox');
    return fn(ctx);
  });
}

export function registerConversationRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['sandbox'];

  r.get('/api/conversations', { schema: { tags, querystring: listConversationsQuerySchema, response: { 200: pageSchema(conversationSchema), ...errors } } }, (request) =>
    inSandbox(request, (ctx) => conversations.listConversations(ctx, request.query)),
  );

  r.post('/api/conversations', { schema: { tags, body: createConversationSchema, response: { 201: conversationSchema, ...errors } } }, async (request, reply) => {
    const created = await inSandbox(request, (ctx) => conversations.createConversation(ctx, request.body.agentId));
    return reply.status(201).send(created);
  });

  r.get('/api/conversations/:id', { schema: { tags, params: idParams, response: { 200: conversationSchema, ...errors } } }, (request) =>
    inSandbox(request, (ctx) => conversations.getConversation(ctx, request.params.id)),
  );

  r.patch('/api/conversations/:id', { schema: { tags, params: idParams, body: updateConversationSchema, response: { 200: conversationSchema, ...errors } } }, (request) =>
    inSandbox(request, (ctx) => conversations.updateConversation(ctx, request.params.id, request.body)),
  );

  r.delete('/api/conversations/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await inSandbox(request, (ctx) => conversations.deleteConversation(ctx, request.params.id));
    return reply.status(204).send(null);
  });

  r.get(
    '/api/conversations/:id/messages',
    { schema: { tags, params: idParams, querystring: listMessagesQuerySchema, response: { 200: pageSchema(messageSchema), ...errors } } },
    (request) => inSandbox(request, (ctx) => conversations.listMessages(ctx, request.params.id, request.query)),
  );

  r.get(
    '/api/conversations/:id/export',
    { schema: { tags, params: idParams, querystring: exportFormatSchema, response: { 200: z.string(), ...errors } } },
    async (request, reply) => {
      const file = await inSandbox(request, (ctx) => conversations.exportConversation(ctx, request.params.id, request.query.format));
      return reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename="${file.filename}"`).send(file.body);
    },
  );
}
