// Mantine CSS this step needs beyond the sign-in page's own (web/app/styles/login-styles.ts).
import '@mantine/core/styles/Code.layer.css';
import '@mantine/core/styles/Image.layer.css';
import '@mantine/core/styles/SimpleGrid.layer.css';
import { Anchor, Button, Center, Loader, Stack } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { MfaChallenge } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { RecoveryCodes } from '../../../components/ui/recovery-codes.js';
import { TotpCodeInput, totpCode, TotpSetupKey } from '../../../components/ui/authenticator.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { completeMfa, enrolDuringSignIn } from '../api/auth-api.js';
import { loadSignedInUser } from '../hooks/use-me.js';
import { StepHeading } from './step-heading.js';

/**
 * For an account whose role requires two-factor and that has none yet: scan the QR code (or type
 * the key), confirm with a code, keep the recovery codes, then continue into the app.
 */
export function EnrolStep({ challenge, onRestart }: { challenge: MfaChallenge; onRestart: () => void }) {
  const { t } = useTranslation('second-factor');
  const queryClient = useQueryClient();
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  // One set-up per challenge; not refetched (a new key would void the one already scanned).
  const setup = useQuery({
    queryKey: queryKeys.signIn.enrolment(challenge.mfaToken),
    queryFn: () => enrolDuringSignIn(challenge.mfaToken),
    staleTime: Infinity,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
  });
  const confirm = useMutation({
    mutationFn: (value: string) => completeMfa({ mfaToken: challenge.mfaToken, code: value }),
    onSuccess: ({ recoveryCodes: codes }) => setRecoveryCodes(codes ?? []),
  });
  const enter = useMutation({ mutationFn: () => loadSignedInUser(queryClient) });

  if (recoveryCodes) {
    return (
      <Stack gap="md">
        <StepHeading title={t('enrol.savedTitle')} hint={t('enrol.savedHint')} />
        <RecoveryCodes
          codes={recoveryCodes}
          labels={{ list: t('enrol.codesList'), copy: t('enrol.copy'), copied: t('enrol.copied'), download: t('enrol.download'), fileName: 'ai-gym-recovery-codes.txt' }}
        />
        {enter.error ? <ErrorAlert error={enter.error} /> : null}
        <Button size="md" fullWidth onClick={() => enter.mutate()} loading={enter.isPending}>
          {t('enrol.continue')}
        </Button>
      </Stack>
    );
  }

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = totpCode(code);
    if (!typed) return setProblem(t('mfa.errors.code'));
    setProblem(null);
    confirm.mutate(typed);
  };

  return (
    <form onSubmit={onSubmit} noValidate aria-label={t('enrol.formLabel')}>
      <Stack gap="md">
        <StepHeading title={t('enrol.title')} hint={t('enrol.why')} />
        {setup.error ? <ErrorAlert error={setup.error} /> : null}
        {setup.isPending ? (
          <Center py="lg">
            <Loader aria-label={t('enrol.loading')} />
          </Center>
        ) : null}
        {setup.data ? (
          <>
            <TotpSetupKey
              setup={setup.data}
              labels={{ scan: t('enrol.scan'), qrAlt: t('enrol.qrAlt'), manualTitle: t('enrol.manualTitle') }}
              icon={<IconShieldLock size={18} />}
            />
            {confirm.error ? <ErrorAlert error={confirm.error} /> : null}
            <TotpCodeInput label={t('mfa.codeLabel')} value={code} onChange={setCode} error={problem} required />
            <Button type="submit" size="md" fullWidth loading={confirm.isPending}>
              {t('enrol.submit')}
            </Button>
          </>
        ) : null}
        <Anchor component="button" type="button" size="sm" onClick={onRestart}>
          {t('mfa.back')}
        </Anchor>
      </Stack>
    </form>
  );
}
