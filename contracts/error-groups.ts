import { z } from 'zod';
import { pageQuerySchema } from './pagination.js';

/** One kind of failure at one place, with how often and when it happened. */
export const errorGroupSchema = z.object({
  fingerprint: z.string(),
  source: z.enum(['server', 'client']),
  name: z.string(),
  message: z.string(),
  /** The route pattern (server) or page path (web app) where it happened. */
  location: z.string(),
  stack: z.string().nullable(),
  count: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
  lastRequestId: z.string().nullable(),
});
export type ErrorGroup = z.infer<typeof errorGroupSchema>;

export const listErrorGroupsQuerySchema = pageQuerySchema.extend({
  source: z.enum(['server', 'client']).optional(),
});
export type ListErrorGroupsQuery = z.infer<typeof listErrorGroupsQuerySchema>;
