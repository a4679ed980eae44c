import { totpSetupSchema } from '../../../../contracts/auth.js';
import { profileResponseSchema, recoveryCodesResponseSchema, twoFactorStatusSchema } from '../../../../contracts/profile.js';
import { apiRequest, apiSend } from '../../../lib/http/request.js';

export function updateDisplayName(displayName: string) {
  return apiRequest('/api/profile', profileResponseSchema, { method: 'PATCH', body: { displayName } });
}

export function changePassword(input: { currentPassword: string; newPassword: string }) {
  return apiSend('/api/profile/password', { method: 'POST', body: input });
}

export function getTwoFactor(signal?: AbortSignal) {
  return apiRequest('/api/profile/two-factor', twoFactorStatusSchema, signal ? { signal } : {});
}

export function startTwoFactorSetup(currentPassword: string) {
  return apiRequest('/api/profile/two-factor/setup', totpSetupSchema, { method: 'POST', body: currentPassword ? { currentPassword } : {} });
}

export function confirmTwoFactor(code: string) {
  return apiRequest('/api/profile/two-factor/confirm', recoveryCodesResponseSchema, { method: 'POST', body: { code } });
}

export function regenerateRecoveryCodes(code: string) {
  return apiRequest('/api/profile/two-factor/recovery-codes', recoveryCodesResponseSchema, { method: 'POST', body: { code } });
}

export function disableTwoFactor({ code, currentPassword }: { code: string; currentPassword: string }) {
  return apiSend('/api/profile/two-factor/disable', { method: 'POST', body: currentPassword ? { code, currentPassword } : { code } });
}
