import { Alert, Anchor, Button, Divider, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconBuildingSkyscraper, IconInfoCircle } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useLocation, useSearchParams } from 'react-router';
import type { MfaChallenge } from '../../../../contracts/auth.js';
import { ErrorAlert } from '../../../components/errors/error-alert.js';
import { isApiError } from '../../../lib/http/api-error.js';
import { safeNextPath } from '../../../lib/safe-next.js';
import { looksLikeEmail } from '../../../lib/session-guards.js';
import { discoverSignIn, login } from '../api/auth-api.js';
import { useCooldown } from '../hooks/use-cooldown.js';
import { clearSignedOutOnPurpose, loadSignedInUser, useMeQuery } from '../hooks/use-me.js';
import type { LoginPageState } from '../hooks/use-sign-out.js';
import { FullPageLoader } from '../../../components/ui/full-page-loader.js';
import { ssoErrorCodes } from '../../../../contracts/sso-codes.js';

// Only people with two-factor reach these steps: loaded then, so /login stays within its budget.
const SecondFactorStep = lazy(() => import('./second-factor-step.js').then((m) => ({ default: m.SecondFactorStep })));
const EnrolStep = lazy(() => import('./enrol-step.js').then((m) => ({ default: m.EnrolStep })));

/** Leaves for the organisation's sign-in page (a same-origin start URL that redirects there). */
function goToProvider(url: string): void {
  window.location.assign(url);
}

/**
 * Sign-in: email and password as always; an email whose domain belongs to an organisation with its
 * own sign-in (found on blur or submit) is offered — and on submit sent to — that sign-in; two-factor
 * accounts continue with a code (or set one up when their role requires it).
 */
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
  const [challenge, setChallenge] = useState<MfaChallenge | null>(null);
  /** The organisation sign-in for the email last checked: undefined = not checked yet. */
  const [sso, setSso] = useState<{ email: string; url: string | null } | undefined>(undefined);
  const [usePassword, setUsePassword] = useState(false);
  const discovering = useRef<AbortController | null>(null);
  const cooldown = useCooldown(lockedUntil);
  useEffect(() => clearSignedOutOnPurpose(), []);
  const ssoError = searchParams.get('ssoError');

  const mutation = useMutation({
    mutationFn: async (input: { email: string; password: string }) => {
      const outcome = await login(input);
      if (outcome.kind === 'mfa') {
        setChallenge(outcome.challenge);
        return undefined;
      }
      return loadSignedInUser(queryClient);
    },
    onError: (error) => {
      if (isApiError(error) && error.status === 429) {
        setLockedUntil(Date.now() + (error.retryAfterSeconds ?? 30) * 1000);
      }
    },
  });

  /** Asks where this email signs in; a failure only means "use the password" (the page must work without it). */
  const discover = async (value: string): Promise<string | null> => {
    const normalised = value.trim().toLowerCase();
    if (!looksLikeEmail(normalised)) return null;
    if (sso?.email === normalised) return sso.url;
    discovering.current?.abort();
    const controller = new AbortController();
    discovering.current = controller;
    try {
      const url = await discoverSignIn(normalised, controller.signal);
      setSso({ email: normalised, url });
      return url;
    } catch {
      return null;
    }
  };

  // Already signed in (restored from the cookie, or just now): go where the user was heading.
  if (me.data) return <Navigate to={next} replace />;

  if (challenge) {
    const restart = () => {
      setChallenge(null);
      setPassword('');
      mutation.reset();
    };
    return (
      <Suspense fallback={<FullPageLoader fullHeight={false} />}>
        {challenge.enrolmentRequired ? <EnrolStep challenge={challenge} onRestart={restart} /> : <SecondFactorStep challenge={challenge} onRestart={restart} />}
      </Suspense>
    );
  }

  const normalisedEmail = email.trim().toLowerCase();
  const ssoUrl = sso && sso.email === normalisedEmail ? sso.url : null;
  const showPassword = !ssoUrl || usePassword;

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    // Light checks only (zod stays out of this bundle); the server validates and its message is shown.
    const problems: Record<string, string> = {};
    if (!looksLikeEmail(email)) problems.email = t('validation.email');
    if (Object.keys(problems).length === 0 && !usePassword) {
      const url = await discover(email);
      if (url) {
        setErrors({});
        goToProvider(url);
        return;
      }
    }
    if (!password) problems.password = t('validation.password');
    setErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({ email: normalisedEmail, password });
  };

  const cameBack = searchParams.has('next');
  return (
    <form onSubmit={(event) => void onSubmit(event)} noValidate aria-label={t('login.formLabel')}>
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
        {ssoError ? (
          <Alert variant="light" color="red" title={t('sso.refusedTitle')} role="alert">
            {t(`sso.errors.${(ssoErrorCodes as readonly string[]).includes(ssoError) ? ssoError : 'sso_provider_error'}`)}
          </Alert>
        ) : null}
        {mutation.error ? <ErrorAlert error={mutation.error} title={titleFor(mutation.error, t('login.wrongCredentials'))} /> : null}
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
          onBlur={() => void discover(email)}
          error={errors.email}
          required
          autoFocus
        />
        {ssoUrl && !usePassword ? (
          <Stack gap="xs">
            <Alert variant="light" color="violet" icon={<IconBuildingSkyscraper size={18} />}>
              {t('sso.routed')}
            </Alert>
            <Button
              size="md"
              fullWidth
              h="auto"
              py={10}
              styles={{ label: { whiteSpace: 'normal', textAlign: 'center', lineHeight: 1.3 } }}
              onClick={() => goToProvider(ssoUrl)}
            >
              {t('sso.continue')}
            </Button>
            <Divider label={t('sso.or')} labelPosition="center" />
            <Button variant="subtle" size="sm" onClick={() => setUsePassword(true)}>
              {t('sso.usePassword')}
            </Button>
          </Stack>
        ) : null}
        {showPassword ? (
          <>
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
          </>
        ) : null}
        <Text size="xs" c="dimmed" ta="center">
          {t('login.invitationOnly')}
        </Text>
      </Stack>
    </form>
  );
}

function titleFor(error: unknown, wrongCredentials: string): string | undefined {
  if (!isApiError(error)) return undefined;
  if (error.code === 'invalid_credentials') return wrongCredentials;
  return undefined;
}
