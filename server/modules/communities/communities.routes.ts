import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  communityInputSchema,
  communityMemberSchema,
  communitySchema,
  listCommunitiesQuerySchema,
  setMembershipSchema,
  updateCommunitySchema,
} from '../../../contracts/communities.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageQuerySchema, pageSchema } from '../../../contracts/pagination.js';
import { assertIfMatch, ifMatchOf, withEtag } from '../../lib/etag.js';
import * as communities from './communities.service.js';

const idParams = z.object({ id: z.uuid() });
const memberParams = z.object({ id: z.uuid(), userId: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };

export function registerCommunityRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['communities'];

  r.get('/api/communities', { schema: { tags, querystring: listCommunitiesQuerySchema, response: { 200: pageSchema(communitySchema), ...errors } } }, (request) =>
    request.asUser((ctx) => communities.listCommunities(ctx, request.query)),
  );

  r.post('/api/communities', { schema: { tags, body: communityInputSchema, response: { 201: communitySchema, ...errors } } }, async (request, reply) => {
    const community = await request.asUser((ctx) => communities.createCommunity(ctx, request.body));
    return reply.status(201).send(community);
  });

  r.get('/api/communities/:id', { schema: { tags, params: idParams, response: { 200: communitySchema, ...errors } } }, async (request, reply) =>
    withEtag(reply, await request.asUser((ctx) => communities.getCommunity(ctx, request.params.id))),
  );

  r.patch('/api/communities/:id', { schema: { tags, params: idParams, body: updateCommunitySchema, response: { 200: communitySchema, ...errors } } }, async (request, reply) => {
    const { id } = request.params;
    const updated = await request.asUser(async (ctx) => {
      await assertIfMatch(ctx, ifMatchOf(request), { table: 'communities', key: id }, () => communities.getCommunity(ctx, id));
      return communities.updateCommunity(ctx, id, request.body);
    });
    return withEtag(reply, updated);
  });

  r.delete('/api/communities/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => communities.deleteCommunity(ctx, request.params.id));
    return reply.status(204).send(null);
  });

  r.get(
    '/api/communities/:id/members',
    { schema: { tags, params: idParams, querystring: pageQuerySchema, response: { 200: pageSchema(communityMemberSchema), ...errors } } },
    (request) => request.asUser((ctx) => communities.listMembers(ctx, request.params.id, request.query)),
  );

  r.put(
    '/api/communities/:id/members/:userId',
    { schema: { tags, params: memberParams, body: setMembershipSchema, response: { 200: communityMemberSchema, ...errors } } },
    (request) => request.asUser((ctx) => communities.setMembership(ctx, request.params.id, request.params.userId, request.body.role)),
  );

  r.delete('/api/communities/:id/members/:userId', { schema: { tags, params: memberParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => communities.removeMembership(ctx, request.params.id, request.params.userId));
    return reply.status(204).send(null);
  });
}
