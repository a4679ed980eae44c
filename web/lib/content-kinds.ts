import type { MantineColor } from '@mantine/core';
import { IconBarbell, IconFileText, IconPlayerPlay, IconPrompt, IconRobot, IconRoute, type Icon } from '@tabler/icons-react';
import { contentKinds, type ContentKind } from '../../contracts/content.js';
import { i18n } from './i18n.js';

/**
 * How each kind of content looks everywhere in the app: icon, colour, labels and URL slug.
 * Adding a kind: add it to `contentKinds`/`contentKindLabels` in contracts/content.ts, then the
 * compiler asks for its entry here (the Record below); every icon, badge, filter and nav entry follows.
 */
export interface KindVisual {
  icon: Icon;
  /** A Mantine palette name (badges, avatars, chart series). */
  color: MantineColor;
  /** Card covers and thumbnails without an image. */
  gradient: string;
  label: string;
  plural: string;
  /** The URL segment: /admin/content/<slug>. */
  slug: string;
}

const gradient = (from: MantineColor, to: MantineColor) =>
  `linear-gradient(135deg, var(--mantine-color-${from}-6), var(--mantine-color-${to}-5))`;

const looks: Record<ContentKind, { icon: Icon; color: MantineColor; to: MantineColor }> = {
  agent: { icon: IconRobot, color: 'violet', to: 'indigo' },
  video: { icon: IconPlayerPlay, color: 'red', to: 'pink' },
  document: { icon: IconFileText, color: 'blue', to: 'cyan' },
  prompt: { icon: IconPrompt, color: 'teal', to: 'green' },
  automation: { icon: IconRoute, color: 'orange', to: 'yellow' },
  exercise: { icon: IconBarbell, color: 'grape', to: 'violet' },
};

export function kindVisual(kind: ContentKind): KindVisual {
  const look = looks[kind];
  return {
    icon: look.icon,
    color: look.color,
    gradient: gradient(look.color, look.to),
    // Getters: the words follow the current language (common:kinds.<kind>).
    get label() {
      return i18n.t(`common:kinds.${kind}.one`);
    },
    get plural() {
      return i18n.t(`common:kinds.${kind}.many`);
    },
    slug: `${kind}s`,
  };
}

/** Every kind in display order, with its visual. */
export const allKindVisuals: readonly (KindVisual & { kind: ContentKind })[] = contentKinds.map((kind) =>
  // Object.assign, not a spread: a spread would freeze the label getters in the first language.
  Object.assign(kindVisual(kind), { kind }),
);

/** The URL says /admin/content/videos; the API says kind=video. */
export function kindFromSlug(slug: string | undefined): ContentKind | null {
  if (!slug) return null;
  return allKindVisuals.find((v) => v.slug === slug)?.kind ?? null;
}

export function slugOf(kind: ContentKind): string {
  return kindVisual(kind).slug;
}

/** Select options: one per kind, plural labels ("Videos"). */
export const kindFilterOptions = allKindVisuals.map((v) => ({
  value: v.kind,
  get label() {
    return v.plural;
  },
}));
