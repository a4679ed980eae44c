import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { looksLikeEmail } from '../../../lib/session-guards.js';
import { login } from '../api/auth-api.js';
import { useCooldown } from '../hooks/use-cooldown.js';
import { clearSignedOutOnPurpose, loadSignedInUser, useMeQuery } from '../hooks/use-me.js';
import type { LoginPageState } from '../hooks/use-sign-out.js';

export function LoginForm() {
  const { t } = useTranslation('auth');
  const [searchParams] = useSearchParams();
  const location = useLocation();
  const pageState = (location.state ?? {}) as LoginPageState;
  const next = safeNextPath(searchParams.get('next'));
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const cooldown = useCooldown(lockedUntil);
  useEffect(() => clearSignedOutOnPurpose(), []);

  const mutation = useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      await login(input);
      return loadSignedInUser(queryClient);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 429) {
        setLockedUntil(Date.now() + (error.retryAfterSeconds ?? 30) * 1000);
      }
    },
  });

  // Already signed in (restored from the cookie, or just now): go where the user was heading.
  if (me.data) return <Navigate to={next} replace />;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Light checks only (zod stays out of this bundle); the server validates and its message is shown.
    const next: Record<string, string> = {};
    if (!looksLikeEmail(email)) next.email = t('validation.email');
    if (!password) next.password = t('validation.password');
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.mutate({ email: email.trim().toLowerCase(), password });
  };

  const cameBack = searchParams.has('next');
  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('login.formLabel')}>
      <Stack gap="md">
        {pageState.signOutIncomplete ? (
          <Alert variant="light" color="orange" title={t('login.signedOutOfflineTitle')}>
            {t('login.signedOutOfflineBody')}
          </Alert>
        ) : null}
        {cameBack && !mutation.error ? (
          <Alert variant="light" color="violet" icon={<IconInfoCircle size={18} />}>
            {t('login.continueWhereLeft')}
          </Alert>
        ) : null}
        {mutation.error ? <ErrorAlert error={mutation.error} title={isApiError(mutation.error) && mutation.error.code === 'invalid_credentials' ? t('login.wrongCredentials') : undefined} /> : null}
        {mutation.isSuccess && mutation.data === null ? (
          <Alert color="red" variant="light">
            {t('login.accountNotLoaded')}
          </Alert>
        ) : null}
        <TextInput
          label={t('login.email')}
          name="email"
          type="email"
          autoComplete="username"
          placeholder={t('login.emailPlaceholder')}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          required
          autoFocus
        />
        <Stack gap={6}>
          <PasswordInput
            label={t('login.password')}
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            required
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgotPassword')}
            </Anchor>
          </Group>
        </Stack>
        <Button type="submit" size="md" fullWidth loading={mutation.isPending} disabled={cooldown > 0}>
          {cooldown > 0 ? t('login.tryAgainIn', { seconds: cooldown }) : t('login.submit')}
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          {t('login.invitationOnly')}
        </Text>
      </Stack>
    </form>
  );
}
