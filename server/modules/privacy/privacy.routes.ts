import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql } from 'kysely';
import path from 'node:path';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { eraseInputSchema, erasureResultSchema, exportSchema, groupTotalsSchema, legalHoldInputSchema, legalHoldSchema } from '../../../contracts/privacy.js';
import { AppError, notFound } from '../../lib/app-error.js';
import { OutboxMailer } from '../../lib/mailer.js';
import { isAdmin } from '../../lib/transactions.js';
import { erasePerson, getLegalHold, liftLegalHold, placeLegalHold, removeOutboxMails } from './erasure.service.js';
import { exportMyData } from './export.service.js';
import { dailyRetentionJob } from './retention.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema };
/** Group totals cover this many days back. */
const GROUP_TOTALS_DAYS = 30;
export const MINIMUM_GROUP_SIZE = 5;

/** Data governance (issue 31, ADR 0042): export, erasure, legal holds, works-council totals. */
export function registerPrivacyRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['privacy'];
  const { config, mailer } = app.services;
  app.jobs.every(dailyRetentionJob, 24 * 3600_000, {});

  r.get(
    '/api/profile/export',
    { schema: { tags, description: 'Everything AI GYM holds about the caller, as JSON (docs/privacy.md describes every field).', response: { 200: exportSchema, ...errors } } },
    async (request, reply) => {
      const data = await request.asUser((ctx) => exportMyData(ctx));
      reply.header('content-disposition', `attachment; filename="aigym-export-${data.exportedAt.slice(0, 10)}.json"`);
      return data;
    },
  );

  r.post(
    '/api/users/:id/erase',
    {
      schema: {
        tags,
        description: 'Admins: erases a person everywhere; the audit log keeps a pseudonym. The body repeats the person’s email. Cannot be undone.',
        params: idParams,
        body: eraseInputSchema,
        response: { 200: erasureResultSchema, ...errors },
      },
    },
    async (request) => {
      const { result, email } = await request.asUser((ctx) => erasePerson(ctx, request.params.id, request.body.confirmation));
      // After the commit: the mails still waiting in the local outbox.
      const outboxMailsRemoved = mailer instanceof OutboxMailer ? await removeOutboxMails(mailer.dir, email) : await removeOutboxMails(path.join(config.DATA_DIR, 'outbox'), email);
      request.log.info({ event: 'privacy.erased', pseudonym: result.pseudonym, outboxMailsRemoved }, 'person erased');
      return { ...result, outboxMailsRemoved };
    },
  );

  r.get('/api/users/:id/legal-hold', { schema: { tags, params: idParams, response: { 200: legalHoldSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => getLegalHold(ctx, request.params.id)),
  );
  r.put('/api/users/:id/legal-hold', { schema: { tags, params: idParams, body: legalHoldInputSchema, response: { 200: legalHoldSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => placeLegalHold(ctx, request.params.id, request.body.reason)),
  );
  r.delete('/api/users/:id/legal-hold', { schema: { tags, params: idParams, response: { 200: legalHoldSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => liftLegalHold(ctx, request.params.id)),
  );

  r.get(
    '/api/communities/:id/group-totals',
    {
      schema: {
        tags,
        description: `Totals of the community's members over the last ${GROUP_TOTALS_DAYS} days, for its managers and admins; every total is null below ${MINIMUM_GROUP_SIZE} members.`,
        params: idParams,
        response: { 200: groupTotalsSchema, ...errors },
      },
    },
    (request) =>
      request.asUser(async (ctx) => {
        const community = await ctx.db.selectFrom('communities').select(['id', 'privacy_mode']).where('id', '=', request.params.id).executeTakeFirst();
        if (!community) throw notFound('That community');
        const since = new Date(Date.now() - GROUP_TOTALS_DAYS * 86_400_000);
        const { rows } = await sql<{ members: number; active_members: number | null; conversations: number | null; messages: number | null; attempts: number | null; passed: number | null }>`
          select * from app.community_group_totals(${community.id}::uuid, ${since})`.execute(ctx.db);
        const row = rows[0];
        if (!row) {
          if (isAdmin(ctx)) throw notFound('That community');
          throw new AppError('forbidden', 'Only administrators and the community’s managers can see its totals.');
        }
        return {
          communityId: community.id,
          privacyMode: community.privacy_mode,
          minimumGroupSize: MINIMUM_GROUP_SIZE,
          since: since.toISOString(),
          members: row.members,
          activeMembers: row.active_members,
          conversations: row.conversations,
          messages: row.messages,
          attempts: row.attempts,
          passed: row.passed,
        };
      }),
  );
}
