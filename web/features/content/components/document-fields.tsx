import '@mantine/tiptap/styles.css';
import { Input, Stack, Text } from '@mantine/core';
import { Link, RichTextEditor } from '@mantine/tiptap';
import { useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format.js';
import type { DocumentDraft } from '../lib/editor-draft.js';

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed ? trimmed.split(/\s+/).length : 0;
}

/** The rich-text body. Loaded on its own (tiptap is large), only by the document editor. */
export function DocumentFields({
  value,
  onChange,
  errors,
}: {
  value: DocumentDraft;
  onChange: (patch: Partial<DocumentDraft>) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation('content');
  const [words, setWords] = useState<number | null>(null);
  const editor = useEditor({
    // StarterKit v3 bundles a Link extension; Mantine's adds the link control's behaviour.
    extensions: [StarterKit.configure({ link: false }), Link],
    // Prefer the editor's own JSON (lossless); older items may only have HTML.
    content: value.bodyJson && typeof value.bodyJson === 'object' ? value.bodyJson : value.bodyHtml,
    immediatelyRender: true,
    shouldRerenderOnTransaction: false,
    onCreate: ({ editor: created }) => setWords(countWords(created.getText())),
    // Fires on edits only, never on load, so opening a document does not make the form dirty.
    onUpdate: ({ editor: updated }) => {
      setWords(countWords(updated.getText()));
      onChange({ bodyHtml: updated.getHTML(), bodyJson: updated.getJSON() });
    },
  });

  return (
    <Stack gap={6}>
      <Input.Wrapper label={t('document.body')} error={errors.bodyHtml ?? errors.bodyJson}>
        <RichTextEditor editor={editor} mt={6} data-testid="document-editor">
          <RichTextEditor.Toolbar sticky stickyOffset={60}>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Bold />
              <RichTextEditor.Italic />
              <RichTextEditor.Strikethrough />
              <RichTextEditor.Code />
              <RichTextEditor.ClearFormatting />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.H2 />
              <RichTextEditor.H3 />
              <RichTextEditor.H4 />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.BulletList />
              <RichTextEditor.OrderedList />
              <RichTextEditor.Blockquote />
              <RichTextEditor.CodeBlock />
              <RichTextEditor.Hr />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Link />
              <RichTextEditor.Unlink />
            </RichTextEditor.ControlsGroup>
            <RichTextEditor.ControlsGroup>
              <RichTextEditor.Undo />
              <RichTextEditor.Redo />
            </RichTextEditor.ControlsGroup>
          </RichTextEditor.Toolbar>
          <RichTextEditor.Content mih={320} aria-label={t('document.bodyLabel')} />
        </RichTextEditor>
      </Input.Wrapper>
      <Text size="xs" c="dimmed">
        {words === null ? '' : `${t('document.words', { count: words, formatted: formatNumber(words) })} · ${t('document.readTime', { count: Math.max(1, Math.ceil(words / 200)) })}`}
      </Text>
    </Stack>
  );
}
