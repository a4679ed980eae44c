import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { useNavigate } from 'react-router';
import { isApiError } from '../../../lib/api-client.js';
import { logout } from '../api/auth-api.js';
import { markSignedOut } from './use-me.js';

/** Revoke the session, forget every cached answer, and go to /login (replacing history). */
export function useSignOut(): () => Promise<void> {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(async () => {
    try {
      await logout();
    } catch (error) {
      if (!isApiError(error) || error.status !== 401) {
        notifications.show({
          color: 'orange',
          title: 'Signed out on this device',
          message: 'We could not reach the server to end the session there. Sign out again when you are back online.',
        });
      }
    }
    markSignedOut(queryClient);
    await navigate('/login', { replace: true });
  }, [queryClient, navigate]);
}
