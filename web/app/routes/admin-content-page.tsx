import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useLocation, useParams } from 'react-router';
import { NotFoundView } from '../../components/errors/not-found-view.js';
import { ContentEditor } from '../../features/content/components/content-editor.js';
import { ContentRepository } from '../../features/content/components/content-repository.js';
import { EditorFeaturesContext } from '../../features/content/components/editor-features.js';
import { useSession } from '../../features/auth/hooks/use-me.js';
import { kindFromSlug } from '../../lib/content-kinds.js';

/** /admin/content/:kind (repository), /admin/content/:kind/new and /admin/content/:kind/:id (editor). */
export function AdminContentPage() {
  const { t } = useTranslation('content');
  const me = useSession();
  const { kind: slug, id } = useParams();
  const { pathname } = useLocation();
  const kind = kindFromSlug(slug);
  const creating = pathname.endsWith('/new');
  const editing = creating || Boolean(id);
  const label = kind ? t(creating ? `kinds.${kind}.new` : editing ? `kinds.${kind}.one` : `kinds.${kind}.many`) : t('repository.eyebrow');
  useDocumentTitle(`${label} · AI GYM`);
  if (!kind) return <NotFoundView fullHeight={false} />;
  if (!editing) return <ContentRepository key={kind} kind={kind} />;
  return (
    <EditorFeaturesContext value={{ knowledge: me.flags.knowledge === true }}>
      <ContentEditor key={`${kind}:${id ?? 'new'}`} kind={kind} id={creating ? null : (id ?? null)} />
    </EditorFeaturesContext>
  );
}
