import { Alert, Anchor, Button, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useSearchParams } from 'react-router';
import { loginSchema } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/api-client.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { login } from '../api/auth-api.js';
import { useCooldown } from '../hooks/use-cooldown.js';
import { loadSignedInUser, useMeQuery } from '../hooks/use-me.js';

export function LoginForm() {
  const [searchParams] = useSearchParams();
  const next = safeNextPath(searchParams.get('next'));
  const queryClient = useQueryClient();
  const me = useMeQuery();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const cooldown = useCooldown(lockedUntil);

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
    const parsed = loginSchema.safeParse({ email, password });
    if (!parsed.success) {
      setErrors(fieldErrors(parsed.error));
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data);
  };

  const cameBack = searchParams.has('next');
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Sign in">
      <Stack gap="md">
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
