import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ContentItem } from '../../../../contracts/content.js';
import { createContent, setAssignments, updateContent, uploadThumbnail } from '../api/content-api.js';
import { createPayload, type EditorDraft } from '../lib/editor-draft.js';
import { queryKeys } from '../../../lib/query-keys.js';
import { i18n } from '../../../lib/i18n.js';

export interface SaveResult {
  item: ContentItem;
  /** Saved, but a follow-up step (assignments, thumbnail) failed: say so, keep the item. */
  warning: string | null;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/**
 * Saves the editor: create (POST, then assignments and the picked thumbnail) or update (PATCH,
 * then assignments when they changed). The item in the cache is the server's answer.
 */
export function useSaveContent(existing: ContentItem | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ draft, thumbnail, ifMatch }: { draft: EditorDraft; thumbnail: File | null; ifMatch?: string }): Promise<SaveResult> => {
      const payload = createPayload(draft);
      let item: ContentItem;
      if (existing) {
        const { title, description, status, tags, details } = payload;
        item = await updateContent(existing.id, { title, description, status, tags, details: { ...details } }, ifMatch);
      } else {
        item = await createContent(payload);
      }
      const warnings: string[] = [];
      if (!sameIds(item.communityIds, draft.shared.communityIds)) {
        try {
          const assigned = await setAssignments(item.id, draft.shared.communityIds);
          item = { ...item, communityIds: assigned.communityIds };
        } catch (error) {
          warnings.push(i18n.t('content:saveWarnings.communities', { reason: error instanceof Error ? error.message : i18n.t('content:saveWarnings.unknown') }));
        }
      }
      if (thumbnail) {
        try {
          item = await uploadThumbnail(item.id, thumbnail);
        } catch (error) {
          warnings.push(i18n.t('content:saveWarnings.thumbnail', { reason: error instanceof Error ? error.message : i18n.t('content:saveWarnings.unknown') }));
        }
      }
      return { item, warning: warnings.length > 0 ? warnings.join(' ') : null };
    },
    onSuccess: async ({ item }) => {
      queryClient.setQueryData(queryKeys.content.detail(item.id), item);
      await queryClient.invalidateQueries({ queryKey: queryKeys.content.lists });
    },
  });
}

/** Thumbnail changes on a saved item apply at once (they are not part of the form's draft). */
export function useThumbnail(id: string) {
  const queryClient = useQueryClient();
  const onSaved = async (item: ContentItem) => {
    queryClient.setQueryData<ContentItem>(queryKeys.content.detail(id), (old) => (old ? { ...old, thumbnailUrl: item.thumbnailUrl } : item));
    await queryClient.invalidateQueries({ queryKey: queryKeys.content.lists });
  };
  const upload = useMutation({ mutationFn: (file: File) => uploadThumbnail(id, file), onSuccess: onSaved });
  const remove = useMutation({ mutationFn: () => updateContent(id, { thumbnailUrl: null }), onSuccess: onSaved });
  return { upload, remove };
}
