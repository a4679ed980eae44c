import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CERTIFICATE_LOGO_MAX_BYTES, certificateBrandingSchema, updateCertificateBrandingSchema } from '../../../contracts/certificate-branding.js';
import { errorBodySchema } from '../../../contracts/errors.js';
import { AppError } from '../../lib/app-error.js';
import { languageFromHeader } from '../../lib/email-i18n.js';
import { getBranding, setLogo, updateBranding } from './certificate-branding.js';
import { certificateDocument, previewDocument } from './certificate-document.js';
import { certificatePdf } from './certificate-pdf.js';

const idParams = z.object({ id: z.uuid() });
const errors = { 400: errorBodySchema, 401: errorBodySchema, 403: errorBodySchema, 404: errorBodySchema, 409: errorBodySchema, 413: errorBodySchema, 415: errorBodySchema, 429: errorBodySchema };

/** Issue 25: who awards certificates, the PDF that prints it, and a preview for the program builder. */
export function registerCertificateRoutes(app: FastifyInstance): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['programs'];
  const { config } = app.services;
  const uploadsDir = path.join(config.DATA_DIR, 'uploads');
  const settings = (acceptLanguage: string | undefined) => ({ appUrl: config.APP_URL, uploadsDir, fallbackLanguage: languageFromHeader(acceptLanguage) });

  r.get('/api/certificate-branding', { schema: { tags, response: { 200: certificateBrandingSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => getBranding(ctx)),
  );

  r.put('/api/certificate-branding', { schema: { tags, description: 'Admins.', body: updateCertificateBrandingSchema, response: { 200: certificateBrandingSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => updateBranding(ctx, request.body)),
  );

  r.post(
    '/api/certificate-branding/logo',
    { schema: { tags, description: `Admins; multipart, one PNG or JPEG of at most ${CERTIFICATE_LOGO_MAX_BYTES / 1024} KB, told by its first bytes.`, consumes: ['multipart/form-data'], response: { 200: certificateBrandingSchema, ...errors } } },
    async (request) => {
      if (!request.isMultipart()) throw new AppError('unsupported_media_type', 'Send the image as multipart/form-data.');
      // Authorise before reading the file: only admins may upload.
      await request.asUser(async (ctx) => {
        if (ctx.actor.role !== 'admin') throw new AppError('forbidden', 'Only administrators can do that.');
      });
      const file = await request.file({ limits: { fileSize: CERTIFICATE_LOGO_MAX_BYTES, files: 1 } });
      if (!file) throw new AppError('image_missing', 'Attach an image file.');
      const bytes = await file.toBuffer().catch((error: unknown) => {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') {
          throw new AppError('image_too_large', `The logo may be at most ${CERTIFICATE_LOGO_MAX_BYTES / 1024 / 1024} MB.`, { details: { maxMb: CERTIFICATE_LOGO_MAX_BYTES / 1024 / 1024 } });
        }
        throw error;
      });
      return request.asUser((ctx) => setLogo(ctx, uploadsDir, bytes));
    },
  );

  r.delete('/api/certificate-branding/logo', { schema: { tags, description: 'Admins.', response: { 200: certificateBrandingSchema, ...errors } } }, (request) =>
    request.asUser((ctx) => setLogo(ctx, uploadsDir, null)),
  );

  r.get('/api/certificates/:id/pdf', { schema: { tags, params: idParams, produces: ['application/pdf'], response: { 200: z.unknown().describe('the certificate as a PDF'), ...errors } } }, async (request, reply) => {
    const document = await request.asUser((ctx) => certificateDocument(ctx, request.params.id, settings(request.headers['accept-language'])));
    // A revoked certificate is not handed out again as a document (ADR 0036).
    if (document.revokedAt) throw new AppError('certificate_revoked', 'This certificate was revoked, so it can no longer be downloaded.');
    const pdf = await certificatePdf(document);
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="certificate-${document.code.slice(0, 8)}.pdf"`)
      .send(pdf);
  });

  r.get(
    '/api/programs/:id/certificate-preview',
    { schema: { tags, description: 'Admins and managers who can see the program: a sample certificate, issued to nobody.', params: idParams, produces: ['application/pdf'], response: { 200: z.unknown().describe('a sample certificate as a PDF'), ...errors } } },
    async (request, reply) => {
      const document = await request.asUser((ctx) => previewDocument(ctx, request.params.id, settings(request.headers['accept-language'])));
      const pdf = await certificatePdf(document);
      return reply.header('content-type', 'application/pdf').header('content-disposition', 'inline; filename="certificate-preview.pdf"').header('cache-control', 'no-store').send(pdf);
    },
  );
}
