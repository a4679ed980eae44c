import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { NotFoundView } from '../../components/errors/not-found-view.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { ProgramBuilder } from '../../features/programs/components/program-builder.js';
import { ProgramsList } from '../../features/programs/components/programs-list.js';
import { SigningKeyCard } from '../../features/programs/components/signing-key-card.js';
import { CertificateBrandingCard } from '../../features/programs/components/certificate-branding-card.js';

/** /admin/programs: the program list. */
export function AdminProgramsPage() {
  const { t } = useTranslation('programs');
  useDocumentTitle(`${t('admin.title')} · AI GYM`);
  const me = useSession();
  if (me.flags.programs !== true) return <NotFoundView fullHeight={false} />;
  return (
    <>
      <ProgramsList />
      {/* The Open Badges signing key is the installation's, so only admins see it (ADR 0044). */}
      {me.user.role === 'admin' ? <SigningKeyCard /> : null}
      {/* Who awards the certificates is the installation's too (issue 25). */}
      {me.user.role === 'admin' ? <CertificateBrandingCard /> : null}
    </>
  );
}

/** /admin/programs/new and /admin/programs/:id: the builder. */
export function AdminProgramPage() {
  const { t } = useTranslation('programs');
  const { id } = useParams();
  useDocumentTitle(`${id ? t('builder.editTitle') : t('builder.newTitle')} · AI GYM`);
  const me = useSession();
  if (me.flags.programs !== true) return <NotFoundView fullHeight={false} />;
  return <ProgramBuilder key={id ?? 'new'} id={id ?? null} />;
}
