import { ThemeIcon } from '@mantine/core';
import type { ContentKind } from '../../../contracts/content.js';
import { kindVisual } from '../../lib/content-kinds.js';

/** The icon of a kind of content, inline with text. */
export function KindIcon({ kind, size = 18 }: { kind: ContentKind; size?: number }) {
  const Icon = kindVisual(kind).icon;
  return <Icon size={size} stroke={1.7} aria-hidden />;
}

/** The icon in a tinted square, for list rows and headings. */
export function KindThemeIcon({ kind, size = 32 }: { kind: ContentKind; size?: number }) {
  return (
    <ThemeIcon variant="light" color={kindVisual(kind).color} size={size} radius="md" aria-hidden>
      <KindIcon kind={kind} size={Math.round(size * 0.55)} />
    </ThemeIcon>
  );
}
