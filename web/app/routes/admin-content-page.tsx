import { useDocumentTitle } from '@mantine/hooks';
import { IconBooks } from '@tabler/icons-react';
import { useParams } from 'react-router';
import { NotFoundView } from '../../components/errors/not-found-view.js';
import { ComingSoon } from '../../components/ui/coming-soon.js';
import { PageHeader } from '../../components/ui/page-header.js';
import { contentKinds } from '../navigation.js';

export function AdminContentPage() {
  const { kind } = useParams();
  const entry = contentKinds.find((k) => k.kind === kind);
  useDocumentTitle(`${entry?.label ?? 'Content'} · AI GYM`);
  if (!entry) return <NotFoundView fullHeight={false} />;
  return (
    <>
      <PageHeader
        eyebrow={
          <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6, color: 'var(--mantine-color-dimmed)' }}>
            <IconBooks size={14} /> Content
          </span>
        }
        title={entry.label}
        description="Create, publish and assign learning content to communities."
      />
      <ComingSoon icon={entry.icon} title="The content studio is coming">
        Soon you will create and edit {entry.label.toLowerCase()} here, publish them, and assign them to communities.
      </ComingSoon>
    </>
  );
}
