import { useTranslation } from 'react-i18next';
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, Navigate } from 'react-router';
import { acceptInvitationSchema } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { acceptInvitation } from '../api/auth-api.js';
import { loadSignedInUser } from '../hooks/use-me.js';

export function AcceptInvitationForm({ token }: { token: string }) {
  const { t } = useTranslation(['account', 'auth']);
  const queryClient = useQueryClient();
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: async (input: { token: string; password: string; displayName?: string | undefined }) => {
      await acceptInvitation(input);
      return loadSignedInUser(queryClient);
    },
  });

  if (mutation.data) return <Navigate to="/dashboard" replace />;

  const badLink = token.length < 10 || (isApiError(mutation.error) && mutation.error.code === 'invalid_token');
  if (badLink) {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconLinkOff size={18} />} title={t('invite.badLinkTitle')}>
          {t('invite.badLinkBody')}
        </Alert>
        <Button component={Link} to="/login" variant="default" fullWidth>
          {t('invite.goToSignIn')}
        </Button>
      </Stack>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const name = displayName.trim();
    const parsed = acceptInvitationSchema.safeParse({ token, password, displayName: name || undefined });
    // The schema's messages are English: each failing field gets its wording in the reader's language.
    const failed = parsed.success ? {} : fieldErrors(parsed.error);
    const next: Record<string, string> = {};
    if (failed.password) next.password = t('auth:validation.passwordLength');
    if (failed.displayName) next.displayName = t('auth:validation.nameLength');
    if (!next.password && password !== confirm) next.confirm = t('auth:validation.mismatch');
    setErrors(next);
    if (!parsed.success || next.confirm) return;
    mutation.mutate(parsed.data);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('invite.formLabel')}>
      <Stack gap="md">
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <TextInput
          label={t('invite.name')}
          description={t('invite.nameHint')}
          name="displayName"
          autoComplete="name"
          value={displayName}
          onChange={(e) => setDisplayName(e.currentTarget.value)}
          error={errors.displayName}
        />
        <PasswordInput
          label={t('invite.password')}
          description={t('invite.passwordHint')}
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password}
          required
          autoFocus
        />
        <PasswordInput
          label={t('invite.repeat')}
          name="confirm"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.currentTarget.value)}
          error={errors.confirm}
          required
        />
        <Button type="submit" size="md" fullWidth loading={mutation.isPending}>
          {t('invite.submit')}
        </Button>
      </Stack>
    </form>
  );
}
