import { useTranslation } from 'react-i18next';
import { Alert, Anchor, Button, Stack, Text, TextInput } from '@mantine/core';
import { IconMailCheck } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { forgotPasswordSchema } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { fieldErrors } from '../../../lib/form-errors.js';
import { requestPasswordReset } from '../api/auth-api.js';

export function ForgotPasswordForm() {
  const { t } = useTranslation(['account', 'auth']);
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({ mutationFn: requestPasswordReset });

  if (mutation.isSuccess) {
    return (
      <Stack gap="md">
        <Alert color="teal" variant="light" icon={<IconMailCheck size={18} />} title={t('forgot.sentTitle')}>
          {t('forgot.sentBody', { email: mutation.variables })}
        </Alert>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('forgot.backToSignIn')}
        </Anchor>
      </Stack>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const parsed = forgotPasswordSchema.safeParse({ email });
    if (!parsed.success) {
      // The field's own wording, in the reader's language (the schema's message is English).
      setErrors(fieldErrors(parsed.error).email ? { email: t('auth:validation.email') } : {});
      return;
    }
    setErrors({});
    mutation.mutate(parsed.data.email);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('forgot.formLabel')}>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          {t('forgot.intro')}
        </Text>
        {mutation.error ? <ErrorAlert error={mutation.error} /> : null}
        <TextInput
          label={t('auth:login.email')}
          name="email"
          type="email"
          autoComplete="email"
          placeholder={t('auth:login.emailPlaceholder')}
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email}
          required
          autoFocus
        />
        <Button type="submit" size="md" fullWidth loading={mutation.isPending}>
          {t('forgot.submit')}
        </Button>
        <Anchor component={Link} to="/login" size="sm" ta="center">
          {t('forgot.backToSignIn')}
        </Anchor>
      </Stack>
    </form>
  );
}
