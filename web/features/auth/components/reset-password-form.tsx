import { useTranslation } from 'react-i18next';
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
  const { t } = useTranslation(['account', 'auth']);
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
        <Alert color="orange" variant="light" icon={<IconLinkOff size={18} />} title={t('reset.badLinkTitle')}>
          {t('reset.badLinkBody')}
        </Alert>
        <Button component={Link} to="/forgot-password" fullWidth>
          {t('reset.requestNew')}
        </Button>
      </Stack>
    );
  }

  if (mutation.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title={t('reset.doneTitle')}>
          {t('reset.doneBody')}
        </Alert>
        <Button component={Link} to="/login" fullWidth>
          {t('reset.signIn')}
        </Button>
      </Stack>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = resetPasswordSchema.safeParse({ token, password });
    // The schema only fails on the password's length here: said in the reader's language.
    const next: Record<string, string> = parsed.success || !fieldErrors(parsed.error).password ? {} : { password: t('auth:validation.passwordLength') };
    if (!next.password && password !== confirm) next.confirm = t('auth:validation.mismatch');
    setErrors(next);
    if (!parsed.success || next.confirm) return;
    mutation.mutate({ token: parsed.data.token, password: parsed.data.password });
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('reset.formLabel')}>
      <Stack gap="md">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <PasswordInput
          label={t('reset.newPassword')}
          description={t('reset.passwordHint')}
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          required
          autoFocus
        />
        <PasswordInput
          label={t('reset.repeat')}
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
          required
        />
        <Button type="submit" size="md" fullWidth loading={mutation.isPending}>
          {t('reset.submit')}
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('forgot.backToSignIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
