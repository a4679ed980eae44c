/**
 * Why a single-sign-on attempt was refused: the server sends one back to the sign-in page as
 * `?ssoError=`, and the page explains each in words. Kept free of zod so the sign-in page can import
 * it (ADR 6).
 */
export const ssoErrorCodes = [
  'sso_provider_error',
  'sso_state_invalid',
  'sso_nonce_mismatch',
  'sso_domain_refused',
  'sso_email_unverified',
  'sso_account_refused',
  'sso_not_configured',
  'sso_rate_limited',
] as const;
export type SsoErrorCode = (typeof ssoErrorCodes)[number];
