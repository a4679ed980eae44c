import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LanguagePicker } from '../../components/ui/language-picker.js';
import { PageHeader } from '../../components/ui/page-header.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { DisplayNameCard, PasswordCard } from '../../features/profile/components/profile-details.js';
import { ProfileSection } from '../../features/profile/components/profile-section.js';
import { TwoFactorCard } from '../../features/profile/components/two-factor-card.js';
import { YourDataCard } from '../../features/privacy/components/export-card.js';

/** Every signed-in person's own settings: name, password, two-factor, language. */
export function ProfilePage() {
  const { t } = useTranslation('profile');
  const me = useSession();
  useDocumentTitle(`${t('title')} · AI GYM`);
  return (
    <Stack gap="lg" maw={760}>
      <PageHeader title={t('title')} description={t('description')} />
      <DisplayNameCard key={me.user.displayName} displayName={me.user.displayName} email={me.user.email} />
      <PasswordCard />
      <TwoFactorCard />
      <ProfileSection id="profile-language" icon={IconLanguage} title={t('language.title')} testId="profile-language">
        <LanguagePicker />
      </ProfileSection>
      <YourDataCard />
    </Stack>
  );
}
