import { Anchor, Button, Group, Stack, TextInput } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaChallenge } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { TotpCodeInput, totpCode } from '../../../components/ui/authenticator.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { completeMfa } from '../api/auth-api.js';
import { useCooldown } from '../hooks/use-cooldown.js';
import { loadSignedInUser } from '../hooks/use-me.js';
import { StepHeading } from './step-heading.js';

/** The second sign-in step: the 6-digit code from the authenticator app, or one recovery code. */
export function SecondFactorStep({ challenge, onRestart }: { challenge: MfaChallenge; onRestart: () => void }) {
  const { t } = useTranslation('second-factor');
  const queryClient = useQueryClient();
  const [recovery, setRecovery] = useState(false);
  const [value, setValue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const cooldown = useCooldown(lockedUntil);

  const mutation = useMutation({
    mutationFn: async (input: { code?: string; recoveryCode?: string }) => {
      await completeMfa({ mfaToken: challenge.mfaToken, ...input });
      return loadSignedInUser(queryClient);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 429) setLockedUntil(Date.now() + (error.retryAfterSeconds ?? 30) * 1000);
    },
  });
  const expired = isApiError(mutation.error) && mutation.error.code === 'unauthenticated';

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const code = recovery ? null : totpCode(value);
    if (!recovery && !code) return setProblem(t('mfa.errors.code'));
    if (recovery && value.replace(/\s/g, '').length < 8) return setProblem(t('mfa.errors.recoveryCode'));
    setProblem(null);
    mutation.mutate(code ? { code } : { recoveryCode: value.trim() });
  };

  const switchMode = () => {
    setRecovery((r) => !r);
    setValue('');
    setProblem(null);
    mutation.reset();
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('mfa.formLabel')}>
      <Stack gap="md">
        <StepHeading title={recovery ? t('mfa.recoveryTitle') : t('mfa.title')} hint={recovery ? t('mfa.recoveryHint') : t('mfa.hint')} />
        {mutation.error ? (
          <ErrorAlert error={mutation.error} {...(isApiError(mutation.error) && mutation.error.code === 'invalid_code' ? { title: t('mfa.wrongCode') } : {})} />
        ) : null}
        {recovery ? (
          <TextInput
            key="recovery"
            label={t('mfa.recoveryLabel')}
            name="recoveryCode"
            autoComplete="off"
            spellCheck={false}
            placeholder="XXXX-XXXX-XXXX-XXXX"
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            error={problem}
            required
            autoFocus
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
          />
        ) : (
          <TotpCodeInput
            key="code"
            label={t('mfa.codeLabel')}
            value={value}
            onChange={setValue}
            error={problem}
            required
            autoFocus
            styles={{ input: { letterSpacing: '0.3em', fontSize: 'var(--mantine-font-size-lg)' } }}
          />
        )}
        {expired ? (
          <Button size="md" fullWidth onClick={onRestart}>
            {t('mfa.startAgain')}
          </Button>
        ) : (
          <Button type="submit" size="md" fullWidth loading={mutation.isPending} disabled={cooldown > 0}>
            {cooldown > 0 ? t('mfa.tryAgainIn', { seconds: cooldown }) : t('mfa.submit')}
          </Button>
        )}
        <Group justify="space-between">
          <Anchor component="button" type="button" size="sm" onClick={switchMode}>
            {recovery ? t('mfa.useCode') : t('mfa.useRecovery')}
          </Anchor>
          <Anchor component="button" type="button" size="sm" onClick={onRestart}>
            {t('mfa.back')}
          </Anchor>
        </Group>
      </Stack>
    </form>
  );
}
