import type { ContentStatus } from '../../../../contracts/content.js';

export const statusColor: Record<ContentStatus, string> = { draft: 'gray', published: 'teal', archived: 'orange' };
export const statusLabel: Record<ContentStatus, string> = { draft: 'Draft', published: 'Published', archived: 'Archived' };

export const statusOptions = [
  { value: 'draft', label: 'Draft' },
  { value: 'published', label: 'Published' },
  { value: 'archived', label: 'Archived' },
];
