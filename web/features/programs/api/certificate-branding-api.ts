import { certificateBrandingSchema, type CertificateBranding, type UpdateCertificateBrandingInput } from '../../../../contracts/certificate-branding.js';
import { apiRequest } from '../../../lib/http/request.js';
import { authorizedFetch } from '../../../lib/http/stream.js';

export type { CertificateBranding, UpdateCertificateBrandingInput };

/** Issue 25: who awards the certificates (admins write; everyone signed in reads). */
export function getCertificateBranding(signal?: AbortSignal) {
  return apiRequest('/api/certificate-branding', certificateBrandingSchema, { signal });
}

export function saveCertificateBranding(input: UpdateCertificateBrandingInput) {
  return apiRequest('/api/certificate-branding', certificateBrandingSchema, { method: 'PUT', body: input });
}

export function uploadCertificateLogo(file: File) {
  const form = new FormData();
  form.append('file', file);
  return apiRequest('/api/certificate-branding/logo', certificateBrandingSchema, { method: 'POST', body: form, timeoutMs: 30_000 });
}

export function removeCertificateLogo() {
  return apiRequest('/api/certificate-branding/logo', certificateBrandingSchema, { method: 'DELETE' });
}

/** A sample certificate of the program as a PDF blob: issued to nobody. */
export async function fetchCertificatePreview(programId: string): Promise<Blob> {
  const response = await authorizedFetch(`/api/programs/${encodeURIComponent(programId)}/certificate-preview`);
  return response.blob();
}
