import { Alert, Anchor, Button, PasswordInput, Stack } from '@mantine/core';
import { IconCircleCheck, IconLinkOff } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { resetPasswordSchema } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { resetPassword } from '../api/auth-api.js';

export function ResetPasswordForm({ token }: { token: string | null }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (input: { token: string; password: string }) => resetPassword(input.token, input.password),
  });

  const badLink =
    !token || token.length < 10 || (isApiError(mutation.error) && mutation.error.code === 'invalid_token');
  if (badLink) {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconLinkOff size={18} />} title="This link doesn’t work">
          The password reset link is invalid, was already used, or has expired. Request a new one.
        </Alert>
        <Button component={Link} to="/forgot-password" fullWidth>
          Request a new link
        </Button>
      </Stack>
    );
  }

  if (mutation.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Password changed">
          Your new password is set. For your security, you have been signed out everywhere.
        </Alert>
        <Button component={Link} to="/login" fullWidth>
          Sign in
        </Button>
      </Stack>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = resetPasswordSchema.safeParse({ token, password });
    const next = parsed.success ? {} : fieldErrors(parsed.error);
    if (!next.password && password !== confirm) next.confirm = 'The passwords do not match.';
    setErrors(next);
    if (!parsed.success || next.confirm) return;
    mutation.mutate({ token: parsed.data.token, password: parsed.data.password });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label="Choose a new password">
      <Stack gap="md">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <PasswordInput
          label="New password"
          description="At least 8 characters. A short sentence is easy to remember."
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          required
          autoFocus
        />
        <PasswordInput
          label="Repeat the new password"
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
          required
        />
        <Button type="submit" size="md" fullWidth loading={mutation.isPending}>
          Set new password
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          Back to sign in
        </Anchor>
      </Stack>
    </form>
  );
}
