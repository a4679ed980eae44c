import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBodySchema } from '../../../contracts/errors.js';
import { pageSchema } from '../../../contracts/pagination.js';
import {
  certificateListSchema,
  createProgramSchema,
  listProgramsQuerySchema,
  programAssignmentsInputSchema,
  programAssignmentsSchema,
  programProgressReportSchema,
  type Program,
  programSchema,
  progressQuerySchema,
  updateProgramSchema,
  verificationSchema,
  verifyParamsSchema,
} from '../../../contracts/programs.js';
import { isAdmin } from '../../lib/transactions.js';
import { assertIfMatch, etagOf, ifMatchOf } from '../../lib/etag.js';
import { registerCertificateRoutes } from './certificate-branding.routes.js';
import { limitVerifications } from './verify-limit.js';
import * as programs from './programs.service.js';
import { programHousekeepingJob } from './program-jobs.js';
import { enrolmentNoticesJob } from './enrolment-notices.js';
import { scheduleWarnings } from './schedule-warnings.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 412: errorBodySchema, 422: errorBodySchema, 429: errorBodySchema };

/** Anonymous verifications per address per minute: enough for people, too few to enumerate codes. */

export function registerProgramRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['programs'];
  const { config, limiter } = app.services;
  app.jobs.every(programHousekeepingJob, config.PROGRAM_JOBS_INTERVAL_MINUTES * 60_000, {});
  app.jobs.register(enrolmentNoticesJob);
  registerCertificateRoutes(app);

  r.get('/api/programs', { schema: { tags, querystring: listProgramsQuerySchema, response: { 200: pageSchema(programSchema), ...errors } } }, (request) =>
    request.asUser((ctx) => programs.listPrograms(ctx, request.query)),
  );

  const warned = (program: Program): Program => ({ ...program, warnings: [...(program.warnings ?? []), ...scheduleWarnings(program, config.PROGRAM_REMINDER_DAYS_BEFORE)] });

  r.post('/api/programs', { schema: { tags, body: createProgramSchema, response: { 201: programSchema, ...errors } } }, async (request, reply) => {
    const program = warned(await request.asUser((ctx) => programs.createProgram(ctx, request.body)));
    return reply.status(201).header('etag', etagOf({ id: program.id, version: program.version })).send(program);
  });

  r.get('/api/programs/:id', { schema: { tags, params: idParams, response: { 200: programSchema, ...errors } } }, async (request, reply) => {
    const { program, admin } = await request.asUser(async (ctx) => ({ program: await programs.getProgram(ctx, request.params.id), admin: isAdmin(ctx) }));
    reply.header('etag', etagOf({ id: program.id, version: program.version }));
    return admin ? warned(program) : program;
  });

  r.patch(
    '/api/programs/:id',
    { schema: { tags, description: 'Honours If-Match with the ETag GET returned: a stale edit is 412 edit_conflict. Adding a step members must do while some completed the program needs `completedMembers` (else 409 completed_members_choice_required with the counts).', params: idParams, body: updateProgramSchema, response: { 200: programSchema, ...errors } } },
    async (request, reply) => {
      const { id } = request.params;
      const program = await request.asUser(async (ctx) => {
        await assertIfMatch(ctx, ifMatchOf(request), { table: 'programs', key: id }, () => programs.programVersion(ctx, id));
        return programs.updateProgram(ctx, id, request.body, config.APP_URL);
      });
      reply.header('etag', etagOf({ id: program.id, version: program.version }));
      return warned(program);
    },
  );

  r.delete('/api/programs/:id', { schema: { tags, params: idParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await request.asUser((ctx) => programs.deleteProgram(ctx, request.params.id));
    return reply.status(204).send(null);
  });

  r.put(
    '/api/programs/:id/assignments',
    {
      schema: {
        tags,
        description:
          'Replaces the communities. 422 when a step cannot be opened by a community (not published or not assigned to it); the message names the step, details.unassigned every step and community lacking an assignment. With assignContent: true the steps’ published content is assigned to the chosen communities first.',
        params: idParams,
        body: programAssignmentsInputSchema,
        response: { 200: programAssignmentsSchema, ...errors },
      },
    },
    (request) => request.asUser((ctx) => programs.setAssignments(ctx, request.params.id, request.body.communityIds, request.body.assignContent)),
  );

  r.get(
    '/api/programs/:id/progress',
    { schema: { tags, params: idParams, querystring: progressQuerySchema, produces: ['application/json', 'text/csv'], response: { 200: z.union([programProgressReportSchema, z.string()]), ...errors } } },
    async (request, reply) => {
      const report = await request.asUser((ctx) => programs.progressReport(ctx, request.params.id, request.query.communityId));
      if (request.query.format !== 'csv') return report;
      const slug = report.program.title.toLowerCase().replaceAll(/[^a-z0-9]+/g, '-').replaceAll(/^-|-$/g, '').slice(0, 60) || 'program';
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${slug}-progress.csv"`)
        // A byte-order mark first: without it Excel reads UTF-8 as Windows-1252 and "Sofía Núñez" comes out garbled (issue 25).
        .send(`\uFEFF${programs.progressCsv(report)}`);
    },
  );

  r.get('/api/certificates', { schema: { tags, response: { 200: certificateListSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => programs.listCertificates(ctx, config.APP_URL)),
  );

  r.get(
    '/api/verify/:code',
    { schema: { tags, security: [], description: 'No sign-in. Unknown code: 404. Limited per address.', params: verifyParamsSchema, response: { 200: verificationSchema, ...errors } } },
    async (request) => {
      await limitVerifications(limiter, request.ip);
      return request.asAnonymous((ctx) => programs.verify(ctx, request.params.code));
    },
  );
}
