import { Alert, Badge, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { IconShieldLock } from '@tabler/icons-react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TotpSetup } from '../../../../contracts/auth.js';
import type { TwoFactorStatus } from '../../../../contracts/profile.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { QueryGate } from '../../../components/ui/query-gate.js';
import { RecoveryCodes } from '../../../components/ui/recovery-codes.js';
import { TotpCodeInput, totpCode, TotpSetupKey } from '../../../components/ui/authenticator.js';
import { formatDate } from '../../../lib/format.js';
import { notify } from '../../../lib/notify.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { confirmTwoFactor, disableTwoFactor, getTwoFactor, regenerateRecoveryCodes, startTwoFactorSetup } from '../api/profile-api.js';
import { ProfileSection } from './profile-section.js';

/** A 6-digit code from the authenticator, asked before anything that changes two-factor. */
function CodeForm({ label, submitLabel, pending, error, danger, onSubmit, onCancel }: {
  label: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  danger?: boolean;
  onSubmit: (code: string) => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation('profile');
  const [code, setCode] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const typed = totpCode(code);
    if (!typed) return setProblem(t('twoFactor.codeInvalid'));
    setProblem(null);
    onSubmit(typed);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {error ? <ErrorAlert error={error} /> : null}
        <Group align="flex-end" gap="sm" wrap="wrap">
          <TotpCodeInput label={label} value={code} onChange={setCode} error={problem} w={180} autoFocus />
          <Button type="submit" loading={pending} color={danger ? 'red' : undefined}>
            {submitLabel}
          </Button>
          {onCancel ? (
            <Button variant="subtle" onClick={onCancel}>
              {t('twoFactor.cancel')}
            </Button>
          ) : null}
        </Group>
      </Stack>
    </form>
  );
}

function CodesShown({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation('profile');
  return (
    <Stack gap="sm">
      <Alert variant="light" color="yellow" title={t('twoFactor.codesTitle')}>
        {t('twoFactor.codesHint')}
      </Alert>
      <RecoveryCodes
        codes={codes}
        labels={{ list: t('twoFactor.codesList'), copy: t('twoFactor.copy'), copied: t('twoFactor.copied'), download: t('twoFactor.download'), fileName: 'ai-gym-recovery-codes.txt' }}
      />
      <Group>
        <Button onClick={onDone}>{t('twoFactor.codesDone')}</Button>
      </Group>
    </Stack>
  );
}

function Enrolment({ setup, onConfirmed }: { setup: TotpSetup; onConfirmed: (codes: string[]) => void }) {
  const { t } = useTranslation('profile');
  const confirm = useMutation({ mutationFn: confirmTwoFactor, onSuccess: (data) => onConfirmed(data.recoveryCodes) });
  return (
    <Stack gap="md">
      <TotpSetupKey setup={setup} labels={{ scan: t('twoFactor.scan'), qrAlt: t('twoFactor.qrAlt'), manualTitle: t('twoFactor.manualTitle') }} />
      <CodeForm label={t('twoFactor.codeLabel')} submitLabel={t('twoFactor.turnOn')} pending={confirm.isPending} error={confirm.error} onSubmit={(code) => confirm.mutate(code)} />
    </Stack>
  );
}

function Manage({ status }: { status: TwoFactorStatus }) {
  const { t } = useTranslation('profile');
  const queryClient = useQueryClient();
  const [mode, setMode] = useState<'idle' | 'regenerate' | 'disable'>('idle');
  const [setup, setSetup] = useState<TotpSetup | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  // Turning two-factor on or off asks for the password: an access token alone must not be enough.
  const [password, setPassword] = useState('');
  const passwordField = (
    <PasswordInput label={t('twoFactor.currentPassword')} description={t('twoFactor.currentPasswordHint')} value={password} onChange={(e) => setPassword(e.currentTarget.value)} autoComplete="current-password" maw={360} />
  );
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactor });
  const start = useMutation({ mutationFn: startTwoFactorSetup, onSuccess: setSetup });
  const regenerate = useMutation({
    mutationFn: regenerateRecoveryCodes,
    onSuccess: (data) => {
      setMode('idle');
      setCodes(data.recoveryCodes);
      refresh();
    },
  });
  const disable = useMutation({
    mutationFn: disableTwoFactor,
    onSuccess: () => {
      setMode('idle');
      setPassword('');
      refresh();
      notify({ color: 'teal', message: t('twoFactor.turnedOff'), autoClose: 3000 });
    },
  });

  if (codes) return <CodesShown codes={codes} onDone={() => setCodes(null)} />;
  if (!status.enabled) {
    if (setup) {
      return (
        <Enrolment
          setup={setup}
          onConfirmed={(newCodes) => {
            setSetup(null);
            setCodes(newCodes);
            refresh();
          }}
        />
      );
    }
    return (
      <Stack gap="sm">
        <Text size="sm">{status.required ? t('twoFactor.requiredOff') : t('twoFactor.offHint')}</Text>
        {start.error ? <ErrorAlert error={start.error} /> : null}
        {passwordField}
        <Group>
          <Button onClick={() => start.mutate(password)} loading={start.isPending}>
            {t('twoFactor.setUp')}
          </Button>
        </Group>
      </Stack>
    );
  }
  return (
    <Stack gap="sm">
      <Text size="sm">{t('twoFactor.onHint', { count: status.recoveryCodesLeft })}</Text>
      {status.required ? (
        <Text size="sm" c="dimmed">
          {t('twoFactor.requiredOn')}
        </Text>
      ) : null}
      {mode === 'regenerate' ? (
        <CodeForm
          label={t('twoFactor.codeLabel')}
          submitLabel={t('twoFactor.regenerate')}
          pending={regenerate.isPending}
          error={regenerate.error}
          onSubmit={(code) => regenerate.mutate(code)}
          onCancel={() => setMode('idle')}
        />
      ) : null}
      {mode === 'disable' ? passwordField : null}
      {mode === 'disable' ? (
        <CodeForm
          label={t('twoFactor.codeLabel')}
          submitLabel={t('twoFactor.turnOff')}
          danger
          pending={disable.isPending}
          error={disable.error}
          onSubmit={(code) => disable.mutate({ code, currentPassword: password })}
          onCancel={() => setMode('idle')}
        />
      ) : null}
      {mode === 'idle' ? (
        <Group gap="sm">
          <Button variant="default" onClick={() => setMode('regenerate')}>
            {t('twoFactor.regenerate')}
          </Button>
          {!status.required ? (
            <Button variant="light" color="red" onClick={() => setMode('disable')}>
              {t('twoFactor.turnOff')}
            </Button>
          ) : null}
        </Group>
      ) : null}
    </Stack>
  );
}

/** Profile → two-factor: set up with a QR code or the key, recovery codes shown once, regenerate, turn off when allowed. */
export function TwoFactorCard() {
  const { t } = useTranslation('profile');
  const query = useQuery({ queryKey: queryKeys.profile.twoFactor, queryFn: ({ signal }) => getTwoFactor(signal) });
  return (
    <ProfileSection
      id="profile-two-factor"
      icon={IconShieldLock}
      title={t('twoFactor.title')}
      testId="two-factor"
      badge={
        query.data ? (
          <Badge variant={query.data.enabled ? 'filled' : 'default'} color={query.data.enabled ? 'teal.9' : 'gray'} tt="none">
            {query.data.enabled ? t('twoFactor.on', { date: formatDate(query.data.enabledAt) }) : t('twoFactor.off')}
          </Badge>
        ) : null
      }
    >
      <QueryGate pending={query.isPending} error={query.error} onRetry={() => void query.refetch()}>
        {query.data ? <Manage status={query.data} /> : null}
      </QueryGate>
    </ProfileSection>
  );
}
