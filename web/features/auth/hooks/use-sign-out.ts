import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../lib/http/api-error.js';
import { logout } from '../api/auth-api.js';
import { markSignedOut } from './use-me.js';

export interface LoginPageState {
  /** Signed out locally, but the server could not be told (offline). */
  signOutIncomplete?: boolean;
}

/** Revoke the session, forget every cached answer, and go to /login (replacing history). */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    let state: LoginPageState = {};
    // Set before the API call ends the session, so the guard already knows this was on purpose.
    markSignedOut(queryClient, { onPurpose: true });
    try {
      await logout();
    } catch (error) {
      if (!isApiError(error) || error.status !== 401) state = { signOutIncomplete: true };
    }
    markSignedOut(queryClient);
    await navigate('/login', { replace: true, state });
  }, [queryClient, navigate]);
}
