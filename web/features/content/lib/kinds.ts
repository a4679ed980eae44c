import { contentKinds, type ContentKind, type ContentStatus } from '../../../../contracts/content.js';

/** The URL says /admin/content/videos; the API says kind=video. */
export function kindFromSlug(slug: string | undefined): ContentKind | null {
  if (!slug) return null;
  return contentKinds.find((kind) => `${kind}s` === slug) ?? null;
}

export function slugOf(kind: ContentKind): string {
  return `${kind}s`;
}

export const statusColor: Record<ContentStatus, string> = { draft: 'gray', published: 'teal', archived: 'orange' };
export const statusLabel: Record<ContentStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' };

export const statusOptions = [
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'archived', label: 'Archived' },
];

export function formatDate(value: string | null | undefined): string {
  if (!value) return '—';
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return '—';
  const sameYear = date.getFullYear() === new Date().getFullYear();
  return date.toLocaleString(undefined, {
    month: 'short',
    day: 'numeric',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  });
}
