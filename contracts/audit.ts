import { z } from 'zod';
import { pageQuerySchema } from './pagination.js';

export const auditEntrySchema = z.object({
  id: z.string(),
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  /** The actor's display name, for sentences ("Ana García changed …"). */
  actorName: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  /** What the entity is called now (or was called, when it is gone): a title, a name, a flag key. */
  entityName: z.string().nullable(),
  /** For content: its kind (agent, prompt, video…), so a sentence can say "the agent". */
  entityKind: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
  createdAt: z.string(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const listAuditQuerySchema = pageQuerySchema.extend({
  actorId: z.uuid().optional(),
  action: z.string().trim().max(100).optional(),
  entityType: z.string().trim().max(50).optional(),
  entityId: z.string().trim().max(100).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>;
