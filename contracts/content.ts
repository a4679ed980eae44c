import { z } from 'zod';
import { agentKnowledgeSchema } from './knowledge.js';
import { pageQuerySchema } from './pagination.js';

export const contentKinds = ['agent', 'video', 'document', 'prompt', 'automation', 'exercise'] as const;
export const contentKindSchema = z.enum(contentKinds);
export type ContentKind = z.infer<typeof contentKindSchema>;
export const contentStatusSchema = z.enum(['draft', 'published', 'archived']);
export type ContentStatus = z.infer<typeof contentStatusSchema>;

export const contentKindLabels: Record<ContentKind, { one: string; many: string }> = {
  agent: { one: 'Agent', many: 'Agents' },
  video: { one: 'Video', many: 'Videos' },
  document: { one: 'Document', many: 'Documents' },
  prompt: { one: 'Prompt', many: 'Prompts' },
  automation: { one: 'Automation', many: 'Automations' },
  exercise: { one: 'Exercise', many: 'Exercises' },
};

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter a full http(s) URL.' }));
const shortText = (max: number) => z.string().trim().max(max);

/** `{{variable}}` names in a prompt, in order of first appearance. */
/**
 * `{{…}}` placeholders that are not variables (`{{two words}}`, punctuation, over 60 characters).
 * They are refused when a prompt is saved, so a member never meets a gap that cannot be filled.
 */
export function malformedVariables(text: string): string[] {
  const placeholders = [...text.matchAll(/\{\{([^{}]*)\}\}/g)];
  return [...new Set(placeholders.filter((m) => !/^[\w.-]{1,60}$/.test((m[1] ?? '').trim())).map((m) => m[0]))];
}

export function promptVariables(text: string): string[] {
  const names = [...text.matchAll(/\{\{\s*([\w.-]{1,60})\s*\}\}/g)].map((m) => m[1] ?? '');
  return [...new Set(names.filter(Boolean))];
}

// What an admin sends for each kind; derived fields (platform, word count…) are computed by the server.
export const agentInputSchema = z.object({
  systemPrompt: z.string().trim().min(1, 'Write a system prompt.').max(20000),
  model: shortText(200).nullable().optional(),
  /** The AI connection the agent uses (one of its models); absent or null: the environment's provider. */
  connectionId: z.uuid().nullable().optional(),
  temperature: z.number().min(0).max(2).default(0.7),
  maxOutputTokens: z.number().int().min(1).max(32000).default(1024),
  starterPrompts: z.array(shortText(500).min(1)).max(10).default([]),
  welcomeMessage: shortText(2000).default(''),
  knowledge: agentKnowledgeSchema.default({ contentIds: [], fileIds: [], strict: false }),
});
export const videoInputSchema = z.object({
  url: httpUrl,
  durationSeconds: z.number().int().min(0).max(86400).nullable().optional(),
  transcript: z.string().max(200000).default(''),
});
export const documentInputSchema = z.object({
  bodyHtml: z.string().max(500000).default(''),
  bodyJson: z.unknown().optional(),
});
export const promptInputSchema = z.object({
  promptText: z
    .string()
    .trim()
    .min(1, 'Write the prompt.')
    .max(20000)
    .superRefine((text, ctx) => {
      const [bad] = malformedVariables(text);
      if (bad) ctx.addIssue({ code: 'custom', message: `${bad} is not a variable: use one word without spaces, like {{customer_name}}.` });
    }),
  category: shortText(100).default(''),
});
export const automationInputSchema = z.object({
  workflowUrl: httpUrl,
  requiredTools: z.array(shortText(100).min(1)).max(30).default([]),
  toolDescription: shortText(5000).default(''),
  setupInstructions: z.string().max(50000).default(''),
});

/** A criterion's id from its title: stable across reordering, so scores over time stay comparable. */
export function criterionIdFrom(title: string): string {
  const slug = title
    .toLowerCase()
    .normalize('NFKD')
    .replaceAll(/[^a-z0-9]+/g, '-')
    .replaceAll(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  return slug || 'criterion';
}

export const rubricCriterionInputSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'Use up to 40 lower-case letters, digits and dashes.')
    .optional(),
  title: z.string().trim().min(1, 'Name the criterion.').max(120),
  description: z.string().trim().min(1, 'Say what good looks like for this criterion.').max(1000),
  weight: z.number().int().min(1, 'Weights go from 1 to 5.').max(5, 'Weights go from 1 to 5.').default(1),
});

/** Criteria without an id get one from their title (made unique with a number). */
function withCriterionIds(rubric: Array<z.output<typeof rubricCriterionInputSchema>>) {
  const taken = new Set(rubric.flatMap((c) => (c.id ? [c.id] : [])));
  return rubric.map((c) => {
    if (c.id) return { ...c, id: c.id };
    const base = criterionIdFrom(c.title);
    let id = base;
    for (let n = 2; taken.has(id); n += 1) id = `${base.slice(0, 36)}-${n}`;
    taken.add(id);
    return { ...c, id };
  });
}

/** One scored example: a text and the trainer's score for each criterion (0–100). */
export const exemplarInputSchema = z.object({
  id: z.string().trim().min(1).max(40).optional(),
  text: z.string().trim().min(1, 'Write the example answer.').max(20000),
  scores: z
    .array(z.object({ criterionId: z.string().min(1).max(40), score: z.number().int().min(0, 'Scores go from 0 to 100.').max(100, 'Scores go from 0 to 100.') }))
    .max(8),
});

export const exerciseInputSchema = z.object({
  brief: z.string().trim().min(1, 'Write the brief the learner sees.').max(20000),
  practiceAgentId: z.uuid().nullable().default(null),
  rubric: z
    .array(rubricCriterionInputSchema)
    .min(1, 'Add at least one criterion.')
    .max(8, 'A rubric has at most 8 criteria.')
    .transform(withCriterionIds)
    .refine((r) => new Set(r.map((c) => c.id)).size === r.length, { message: 'Two criteria have the same id.' }),
  passMark: z.number().int().min(0, 'The pass mark goes from 0 to 100.').max(100, 'The pass mark goes from 0 to 100.').default(70),
  maxAttempts: z.number().int().min(1).max(100).nullable().default(null),
  evaluatorInstructions: z.string().trim().max(10000).default(''),
  /** The AI connection the evaluator scores with, like an agent's `connectionId` (ADR 0027); null: the environment's provider. */
  evaluatorConnectionId: z.uuid().nullable().default(null),
  /** One of that connection's models (its first when null); without a connection, the environment's model when null. */
  evaluatorModel: shortText(200).nullable().default(null),
  /** §10.1: a graded exercise's pass counts (once calibrated); otherwise it is practice, `passed: null`. */
  graded: z.boolean().default(false),
  /** The trainer's model answer: the evaluator's anchor for full marks. */
  referenceAnswer: z.string().trim().max(20000).default(''),
  /** The trainer's own scored examples: the calibration set (ADR 0035). */
  exemplars: z.array(exemplarInputSchema).max(50, 'At most 50 scored examples.').default([]),
});

export const detailsInputSchemas = {
  agent: agentInputSchema,
  video: videoInputSchema,
  document: documentInputSchema,
  prompt: promptInputSchema,
  automation: automationInputSchema,
  exercise: exerciseInputSchema,
} as const;

const tagsSchema = z.array(z.string().trim().toLowerCase().min(1).max(40)).max(20);

/** An image address: http(s) or a path on this site — never javascript: or data: (issue 26). */
const thumbnailUrlSchema = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^(https?:\/\/|\/(?!\/))/i.test(v), 'Use an http(s) address or a path on this site for the thumbnail.');

const baseInput = {
  title: z.string().trim().min(1, 'Enter a title.').max(200),
  description: z.string().trim().max(5000).default(''),
  status: contentStatusSchema.default('draft'),
  tags: tagsSchema.default([]),
  thumbnailUrl: thumbnailUrlSchema.nullable().optional(),
};

export const createContentSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('agent'), ...baseInput, details: agentInputSchema }),
  z.object({ kind: z.literal('video'), ...baseInput, details: videoInputSchema }),
  z.object({ kind: z.literal('document'), ...baseInput, details: documentInputSchema }),
  z.object({ kind: z.literal('prompt'), ...baseInput, details: promptInputSchema }),
  z.object({ kind: z.literal('automation'), ...baseInput, details: automationInputSchema }),
  z.object({ kind: z.literal('exercise'), ...baseInput, details: exerciseInputSchema }),
]);
export type CreateContentInput = z.input<typeof createContentSchema>;

/** A patch: shared fields, and the kind's details (validated against the item's kind by the server). */
export const updateContentSchema = z
  .object({
    title: baseInput.title,
    description: z.string().trim().max(5000),
    status: contentStatusSchema,
    tags: tagsSchema,
    thumbnailUrl: thumbnailUrlSchema.nullable(),
    details: z.record(z.string(), z.unknown()),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type UpdateContentInput = z.infer<typeof updateContentSchema>;

// What the API answers.
export const agentDetailsSchema = z.object({
  systemPrompt: z.string(),
  model: z.string().nullable(),
  connectionId: z.uuid().nullable(),
  temperature: z.number(),
  maxOutputTokens: z.number(),
  starterPrompts: z.array(z.string()),
  welcomeMessage: z.string(),
  knowledge: agentKnowledgeSchema,
});
export const videoDetailsSchema = z.object({
  url: z.string(),
  platform: z.enum(['youtube', 'vimeo', 'file']),
  externalId: z.string(),
  embedUrl: z.string(),
  durationSeconds: z.number().nullable(),
  transcript: z.string(),
});
export const documentDetailsSchema = z.object({
  bodyHtml: z.string(),
  bodyJson: z.unknown().optional(),
  wordCount: z.number(),
  readingMinutes: z.number(),
});
export const promptDetailsSchema = z.object({
  promptText: z.string(),
  category: z.string(),
  variables: z.array(z.string()),
  copyCount: z.number(),
});
export const automationDetailsSchema = z.object({
  workflowUrl: z.string(),
  requiredTools: z.array(z.string()),
  toolDescription: z.string(),
  setupInstructions: z.string(),
});

export const rubricCriterionSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  weight: z.number(),
});
export type RubricCriterion = z.infer<typeof rubricCriterionSchema>;
export const exerciseDetailsSchema = z.object({
  brief: z.string(),
  practiceAgentId: z.uuid().nullable(),
  rubric: z.array(rubricCriterionSchema),
  passMark: z.number(),
  maxAttempts: z.number().nullable(),
  /** Empty for members: the evaluator applies them on the server. */
  evaluatorInstructions: z.string(),
  evaluatorConnectionId: z.uuid().nullable(),
  evaluatorModel: z.string().nullable(),
  graded: z.boolean(),
  /** Empty for members: it is an answer key. */
  referenceAnswer: z.string(),
  /** Empty for members: they are the calibration set. */
  exemplars: z.array(z.object({ id: z.string(), text: z.string(), scores: z.array(z.object({ criterionId: z.string(), score: z.number() })) })),
});

export const contentProgressSchema = z.object({
  viewedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  promptCopies: z.number(),
});
export type ContentProgress = z.infer<typeof contentProgressSchema>;

export const contentSummarySchema = z.object({
  id: z.uuid(),
  kind: contentKindSchema,
  title: z.string(),
  description: z.string(),
  status: contentStatusSchema,
  thumbnailUrl: z.string().nullable(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  /** Admins: the communities it is assigned to. Members: only their own. */
  communityIds: z.array(z.uuid()),
  progress: contentProgressSchema.nullable(),
});
export type ContentSummary = z.infer<typeof contentSummarySchema>;

export const contentItemSchema = z.discriminatedUnion('kind', [
  contentSummarySchema.extend({ kind: z.literal('agent'), details: agentDetailsSchema }),
  contentSummarySchema.extend({ kind: z.literal('video'), details: videoDetailsSchema }),
  contentSummarySchema.extend({ kind: z.literal('document'), details: documentDetailsSchema }),
  contentSummarySchema.extend({ kind: z.literal('prompt'), details: promptDetailsSchema }),
  contentSummarySchema.extend({ kind: z.literal('automation'), details: automationDetailsSchema }),
  contentSummarySchema.extend({ kind: z.literal('exercise'), details: exerciseDetailsSchema }),
]);
export type ContentItem = z.infer<typeof contentItemSchema>;
export type AgentDetails = z.infer<typeof agentDetailsSchema>;
export type VideoDetails = z.infer<typeof videoDetailsSchema>;
export type DocumentDetails = z.infer<typeof documentDetailsSchema>;
export type PromptDetails = z.infer<typeof promptDetailsSchema>;
export type AutomationDetails = z.infer<typeof automationDetailsSchema>;
export type ExerciseDetails = z.infer<typeof exerciseDetailsSchema>;

export const listContentQuerySchema = pageQuerySchema.extend({
  kind: contentKindSchema.optional(),
  q: z.string().trim().max(200).optional(),
  status: contentStatusSchema.optional(),
  communityId: z.uuid().optional(),
  tag: z.string().trim().toLowerCase().max(40).optional(),
  sort: z.enum(['recent', 'title']).default('recent'),
});
export type ListContentQuery = z.infer<typeof listContentQuerySchema>;

export const assignmentsSchema = z.object({ communityIds: z.array(z.uuid()).max(500) });

export const bulkContentSchema = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['publish', 'unpublish', 'archive', 'delete']), ids: z.array(z.uuid()).min(1).max(200) }),
  z.object({ action: z.literal('assign'), ids: z.array(z.uuid()).min(1).max(200), communityIds: z.array(z.uuid()).min(1).max(500) }),
]);
export type BulkContentInput = z.infer<typeof bulkContentSchema>;

export const progressActionSchema = z.object({ action: z.enum(['viewed', 'completed', 'uncompleted', 'copied']) });
export type ProgressAction = z.infer<typeof progressActionSchema>['action'];
