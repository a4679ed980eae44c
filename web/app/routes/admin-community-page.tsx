import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { CommunityDetail } from '../../features/admin/components/community-detail.js';
import { BudgetCard } from '../../features/ai/components/budget-card.js';
import { SsoSettingsCard } from '../../features/auth/components/sso-settings-card.js';
import { LrsSettingsCard } from '../../features/integrations/components/lrs-settings-card.js';
import { LtiPlatformsCard } from '../../features/integrations/components/lti-platforms-card.js';
import { CommunityPrivacyCard } from '../../features/privacy/components/community-privacy-card.js';
import { SamlCard } from '../../features/identity/components/saml-card.js';
import { ScimCard } from '../../features/identity/components/scim-card.js';

export function AdminCommunityPage() {
  const { t } = useTranslation('admin');
  useDocumentTitle(`${t('pageTitle.community')} · AI GYM`);
  const { communityId = '' } = useParams();
  return (
    <CommunityDetail
      key={communityId}
      communityId={communityId}
      aside={
        <>
          <BudgetCard communityId={communityId} />
          <SsoSettingsCard communityId={communityId} />
          <SamlCard communityId={communityId} />
          <ScimCard communityId={communityId} />
          <CommunityPrivacyCard communityId={communityId} />
          <LrsSettingsCard communityId={communityId} />
          <LtiPlatformsCard communityId={communityId} />
        </>
      }
    />
  );
}
