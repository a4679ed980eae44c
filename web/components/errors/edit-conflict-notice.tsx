import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconGitMerge } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isEditConflict } from '../../lib/http/api-error.js';

export interface TheirValue {
  label: string;
  value: string;
}

/** After Reload, the version the form does not show, listed so nothing is lost unseen. */
export type ReloadedVersion =
  /** Editors whose fields are few (community, profile, flag): the form keeps what the person typed over the newer version; their colleague's values are listed. */
  | { kept: 'mine-in-form'; theirs: TheirValue[] }
  /**
   * Long editors (content, programs; see useEditConflict): the form shows the colleague's version;
   * the person's own title and description are listed, with a way to put their edits back.
   */
  | { kept: 'mine-aside'; mine: { title: string; description: string }; onRestore: () => void; onDismiss: () => void };

/**
 * The one notice for a save refused with 412 edit_conflict. Before Reload (`reloaded` null): the
 * person's edits are still in the form, unsaved, and Reload fetches the newer version (its ETag).
 * After Reload: which version the form holds, and the other one (see ReloadedVersion).
 * The "mine-aside" strings live in the `content` namespace, which useEditConflict loads with the editor.
 */
export function EditConflictNotice({
  keeps,
  reloaded,
  reloading,
  onReload,
}: {
  /** Where the person's text ends up after Reload: said before they press it. */
  keeps: ReloadedVersion['kept'];
  reloaded: ReloadedVersion | null;
  reloading: boolean;
  onReload: () => void;
}) {
  const { t } = useTranslation('signed-in');
  if (!reloaded) {
    return (
      <Alert color="orange" icon={<IconGitMerge size={18} />} title={t('conflict.title')} data-testid="edit-conflict" role="alert">
        <Stack gap="xs">
          <Text size="sm">{keeps === 'mine-aside' ? t('conflict.mineBody') : t('conflict.notSaved')}</Text>
          <Group>
            <Button size="xs" onClick={onReload} loading={reloading}>
              {t('common:actions.reload')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  if (reloaded.kept === 'mine-aside') {
    const { mine } = reloaded;
    return (
      <Alert color="blue" icon={<IconGitMerge size={18} />} title={t('conflict.mineTitle')} data-testid="edit-conflict-mine">
        <Stack gap="xs">
          <Text size="sm" fw={600}>
            {t('conflict.yourTitle', { title: mine.title || '—' })}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {t('conflict.yourDescription', { description: mine.description || '—' })}
          </Text>
          <Group>
            <Button size="xs" onClick={reloaded.onRestore}>
              {t('conflict.restore')}
            </Button>
            <Button size="xs" variant="default" onClick={reloaded.onDismiss}>
              {t('conflict.keepTheirs')}
            </Button>
          </Group>
        </Stack>
      </Alert>
    );
  }
  return (
    <Alert color="blue" icon={<IconGitMerge size={18} />} title={t('conflict.reloadedTitle')} data-testid="edit-conflict-reloaded">
      <Stack gap={4}>
        <Text size="sm">{t('conflict.reloaded')}</Text>
        {reloaded.theirs.map((item) => (
          <Text key={item.label} size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            <Text span fw={600}>
              {t('conflict.theirValue', { label: item.label })}
            </Text>{' '}
            {item.value || '—'}
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

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
 * succeeds. Its strings are in `signed-in`, loaded with the shell before any editor, so showing the
 * notice later never suspends the form the person is typing in.
 */
export function useEditConflict<Draft>({ save, draft, setDraft, fetchTheirs, onReloaded, summary, reloadFailedTitle }: ConflictOptions<Draft>) {
  const { t } = useTranslation('signed-in');
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
        message: error instanceof Error ? error.message : t('common:errors.unexpectedMessage'),
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
