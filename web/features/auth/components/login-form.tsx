import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
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
    if (!looksLikeEmail(email)) next.email = 'Enter a valid email address.';
    if (!password) next.password = 'Enter your password.';
    setErrors(next);
    if (Object.keys(next).length > 0) return;
    mutation.mutate({ email: email.trim().toLowerCase(), password });
  };

  const cameBack = searchParams.has('next');
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      <Stack gap="md">
        {pageState.signOutIncomplete ? (
          <Alert variant="light" color="orange" title="Signed out on this device">
            We could not reach the server to end your session there. Sign in and out again when you are back online.
          </Alert>
        ) : null}
        {cameBack && !mutation.error ? (
          <Alert variant="light" color="violet" icon={<IconInfoCircle size={18} />}>
            Sign in to continue where you left off.
          </Alert>
        ) : null}
        {mutation.error ? <ErrorAlert error={mutation.error} title={titleFor(mutation.error)} /> : null}
        {mutation.isSuccess && mutation.data === null ? (
          <Alert color="red" variant="light">
            You were signed in, but your account could not be loaded. Please try again.
          </Alert>
        ) : null}
        <TextInput
          label="Email"
          name="email"
          type="email"
          autoComplete="username"
          placeholder="you@company.com"
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          required
          autoFocus
        />
        <Stack gap={6}>
          <PasswordInput
            label="Password"
            name="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors.password}
            required
          />
          <Group justify="flex-end">
            <Anchor component={Link} to="/forgot-password" size="sm">
              Forgot your password?
            </Anchor>
          </Group>
        </Stack>
        <Button type="submit" size="md" fullWidth loading={mutation.isPending} disabled={cooldown > 0}>
          {cooldown > 0 ? `Try again in ${cooldown}s` : 'Sign in'}
        </Button>
        <Text size="xs" c="dimmed" ta="center">
          New here? Accounts are created by invitation from your organisation.
        </Text>
      </Stack>
    </form>
  );
}

function titleFor(error: unknown): string | undefined {
  if (!isApiError(error)) return undefined;
  if (error.code === 'invalid_credentials') return 'Wrong email or password';
  return undefined;
}
