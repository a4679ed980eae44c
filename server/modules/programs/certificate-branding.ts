import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { CertificateBranding, UpdateCertificateBrandingInput } from '../../../contracts/certificate-branding.js';
import { requireAdmin } from '../../lib/access.js';
import { AppError } from '../../lib/app-error.js';
import { iso } from '../../lib/dates.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { sniffImageType } from '../content/content.service.js';

/** Who awards certificates (issue 25): one row for the installation, admins write, signed-in people read. */

const EMPTY: CertificateBranding = { organisationName: '', logoUrl: null, signatoryName: '', signatoryTitle: '', updatedAt: null };

export async function getBranding(ctx: UserContext): Promise<CertificateBranding> {
  const row = await ctx.db.selectFrom('certificate_branding').selectAll().executeTakeFirst();
  if (!row) return EMPTY;
  return {
    organisationName: row.organisation_name,
    logoUrl: row.logo_path,
    signatoryName: row.signatory_name,
    signatoryTitle: row.signatory_title,
    updatedAt: iso(row.updated_at),
  };
}

async function save(ctx: UserContext, values: { organisation_name?: string; signatory_name?: string; signatory_title?: string; logo_path?: string | null }): Promise<void> {
  await ctx.db
    .insertInto('certificate_branding')
    .values({ id: true, ...values })
    .onConflict((oc) => oc.column('id').doUpdateSet(values))
    .execute();
}

export async function updateBranding(ctx: UserContext, input: UpdateCertificateBrandingInput): Promise<CertificateBranding> {
  requireAdmin(ctx);
  const before = await getBranding(ctx);
  await save(ctx, { organisation_name: input.organisationName, signatory_name: input.signatoryName, signatory_title: input.signatoryTitle });
  const after = await getBranding(ctx);
  await recordAudit(ctx, { action: 'certificate_branding.update', entityType: 'certificate_branding', entityId: null, before, after });
  return after;
}

/**
 * Stores the logo under DATA_DIR/uploads (as content thumbnails are) and points the branding at it.
 * Only PNG and JPEG, told by the first bytes: those are what a PDF can embed.
 */
export async function setLogo(ctx: UserContext, uploadsDir: string, bytes: Buffer | null): Promise<CertificateBranding> {
  requireAdmin(ctx);
  let logoPath: string | null = null;
  if (bytes) {
    const type = sniffImageType(bytes);
    if (type !== 'png' && type !== 'jpg') throw new AppError('unsupported_media_type', 'Upload the logo as a PNG or JPEG image.');
    await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
    const name = `${randomUUID()}.${type}`;
    await writeFile(path.join(uploadsDir, name), bytes, { mode: 0o600 });
    logoPath = `/uploads/${name}`;
  }
  const before = await getBranding(ctx);
  await save(ctx, { logo_path: logoPath });
  const after = await getBranding(ctx);
  await recordAudit(ctx, { action: 'certificate_branding.logo', entityType: 'certificate_branding', entityId: null, before: { logoUrl: before.logoUrl }, after: { logoUrl: after.logoUrl } });
  return after;
}

/** The logo's bytes for the PDF; a file gone from disk (a restore without uploads) prints no logo. */
export async function logoBytes(uploadsDir: string, logoUrl: string | null): Promise<Buffer | null> {
  if (!logoUrl) return null;
  return readFile(path.join(uploadsDir, path.basename(logoUrl))).catch(() => null);
}
