import { Card, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/ui/page-header.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { DisplayNameCard, PasswordCard } from '../../features/profile/components/profile-details.js';
import { TwoFactorCard } from '../../features/profile/components/two-factor-card.js';

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
      {/* The language picker (issue 15, languages half) goes in this section. */}
      <Card padding="lg" component="section" aria-labelledby="profile-language" data-testid="profile-language">
        <Title order={2} fz="md" id="profile-language">
          <IconLanguage size={20} style={{ verticalAlign: 'middle', marginRight: 8 }} />
          {t('language.title')}
        </Title>
      </Card>
    </Stack>
  );
}
