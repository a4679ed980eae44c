import type { ContentStatus } from '../../../../contracts/content.js';

export const statusColor: Record<ContentStatus, string> = { draft: 'gray', published: 'teal', archived: 'orange' };

/** Every status in the order filters list them; labels are `content:status.<status>`. */
export const contentStatuses: readonly ContentStatus[] = ['draft', 'published', 'archived'];
