import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReloadedVersion } from '../components/errors/edit-conflict-notice.js';
import { isEditConflict } from './http/api-error.js';

interface ConflictOptions<Draft> {
  /** The save mutation's error and reset: a 412 edit_conflict is what this handles. */
  save: { error: unknown; reset: () => void };
  /** What the form holds now: kept aside when Reload replaces it. */
  draft: Draft;
  setDraft: (draft: Draft) => void;
  /**
   * Fetches the colleague's version, refreshes the cache and the ETag the next save sends, and
   * answers it as a draft; the hook then shows it in the form. Called by Reload.
   */
  fetchTheirs: () => Promise<Draft>;
  /** Called with their version once it is in the form (e.g. to make it the "saved" baseline). */
  onReloaded: (theirs: Draft) => void;
  /** The two fields the notice lists of the person's own version. */
  summary: (draft: Draft) => { title: string; description: string };
  /** Notification title when Reload fails. */
  reloadFailedTitle: string;
}

/**
 * The save/412 flow of a long editor (content studio, program builder): a refused save offers
 * Reload; Reload puts the colleague's version in the form and keeps the person's own draft aside,
 * ready to be put back. Render `notice` props into EditConflictNotice; call `saved()` after a save
 * succeeds. Loads the `content` namespace with the editor (the notice's strings), so showing the
 * notice later never suspends the form the person is typing in.
 */
export function useEditConflict<Draft>({ save, draft, setDraft, fetchTheirs, onReloaded, summary, reloadFailedTitle }: ConflictOptions<Draft>) {
  const { t } = useTranslation('content');
  const [mine, setMine] = useState<Draft | null>(null);
  const [reloading, setReloading] = useState(false);
  const conflict = isEditConflict(save.error);

  const reload = async () => {
    setReloading(true);
    try {
      const theirs = await fetchTheirs();
      setMine(draft);
      setDraft(theirs);
      onReloaded(theirs);
      save.reset();
    } catch (error) {
      notifications.show({
        color: 'red',
        title: reloadFailedTitle,
        message: error instanceof Error ? error.message : t('tryAgain'),
        closeButtonProps: { 'aria-label': t('common:actions.close') },
      });
    } finally {
      setReloading(false);
    }
  };

  const reloaded: ReloadedVersion | null = mine
    ? {
        kept: 'mine-aside',
        mine: summary(mine),
        onRestore: () => {
          setDraft(mine);
          setMine(null);
        },
        onDismiss: () => setMine(null),
      }
    : null;

  return {
    /** Whether to show the notice (instead of a plain error). */
    shown: conflict || mine !== null,
    notice: { keeps: 'mine-aside' as const, reloaded, reloading, onReload: () => void reload() },
    /** A save went through: the draft kept aside is no longer needed. */
    saved: () => setMine(null),
  };
}
