import { SegmentedControl, Stack, Text } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import type { MeResponse } from '../../../contracts/auth.js';
import { userSchema, type Language } from '../../../contracts/users.js';
import { apiRequest } from '../../lib/http/request.js';
import { currentLanguage, LANGUAGE_NAMES, LANGUAGES, setLanguage } from '../../lib/i18n.js';
import { queryKeys } from '../../lib/query-keys.js';
import { ErrorAlert } from '../errors/error-alert.js';

const savedSchema = z.object({ user: userSchema });

/**
 * The signed-in person's language: switches the app at once and saves it to their account
 * (PUT /api/profile/language), so their other devices and their emails follow (ADR 0022).
 */
export function useLanguageChoice() {
  const queryClient = useQueryClient();
  // Subscribes to language changes made elsewhere (another picker, the saved choice at sign-in).
  useTranslation();
  const mutation = useMutation({
    mutationFn: async (language: Language) => {
      await setLanguage(language);
      return apiRequest('/api/profile/language', savedSchema, { method: 'PUT', body: { language } });
    },
    onSuccess: ({ user }) => {
      queryClient.setQueryData<MeResponse | null>(queryKeys.me, (me) => (me ? { ...me, user } : me));
    },
  });
  return { language: currentLanguage(), choose: (next: Language) => mutation.mutate(next), saving: mutation.isPending, error: mutation.error };
}

/** The profile's "Language" section: English / Español, each in its own language. */
export function LanguagePicker() {
  const { t } = useTranslation('common');
  const { language, choose, error } = useLanguageChoice();
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed" id="language-picker-help">
        {t('language.help')}
      </Text>
      <SegmentedControl
        aria-label={t('language.label')}
        aria-describedby="language-picker-help"
        value={language}
        onChange={(value) => choose(value as Language)}
        data={LANGUAGES.map((code) => ({ value: code, label: <span lang={code}>{LANGUAGE_NAMES[code]}</span> }))}
        w={{ base: '100%', xs: 'auto' }}
        style={{ alignSelf: 'flex-start' }}
      />
      {error ? <ErrorAlert error={error} title={t('language.saveFailed')} /> : null}
    </Stack>
  );
}
