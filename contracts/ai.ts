import { z } from 'zod';
import { analyticsQuerySchema } from './analytics.js';
import { failureReasonCodes } from './failure-reasons.js';

/** AI connections, prices, budgets, cost analytics and the Prompt Lab (ARCHITECTURE §9.3). */

export const aiProviders = ['openai', 'openai-compatible', 'anthropic', 'google'] as const;
export const aiProviderSchema = z.enum(aiProviders);
export type AiProvider = z.infer<typeof aiProviderSchema>;
export const aiProviderLabels: Record<AiProvider, string> = {
  openai: 'OpenAI',
  'openai-compatible': 'OpenAI-compatible (Ollama, vLLM, LM Studio, OpenRouter…)',
  anthropic: 'Anthropic',
  google: 'Google',
};

// Model ids go into provider URLs (Google puts them in the path): no "..", "?", "#", "%" or spaces.
const modelName = z
  .string()
  .trim()
  .min(1, 'Enter a model name.')
  .max(200)
  .regex(/^[\w.:@+/-]+$/, 'Use only letters, digits and . : @ + / - _ in a model name.')
  .refine((name) => !name.split('/').some((segment) => segment === '..' || segment === '.'), 'A model name cannot contain "." or ".." path segments.');
const baseUrl = z
  .string()
  .trim()
  .max(500)
  .pipe(z.url({ protocol: /^https?$/, message: 'Enter a full http(s) URL.' }));

export const createConnectionSchema = z.object({
  name: z.string().trim().min(1, 'Enter a name.').max(120),
  provider: aiProviderSchema,
  baseUrl: baseUrl.nullable().optional(),
  /** Write-only: stored encrypted, never answered. */
  apiKey: z.string().trim().min(1).max(1000).optional(),
  models: z.array(modelName).min(1, 'List at least one model.').max(50),
  /** Whether members may use this connection's models in the Prompt Lab. */
  promptLab: z.boolean().default(true),
});
export type CreateConnectionInput = z.input<typeof createConnectionSchema>;

export const updateConnectionSchema = z
  .object({
    name: createConnectionSchema.shape.name,
    provider: aiProviderSchema,
    baseUrl: baseUrl.nullable(),
    /** A new key replaces the stored one; null removes it; absent keeps it. */
    apiKey: z.string().trim().min(1).max(1000).nullable(),
    models: createConnectionSchema.shape.models,
    promptLab: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Send at least one field to change.' });
export type UpdateConnectionInput = z.infer<typeof updateConnectionSchema>;

export const connectionSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  provider: aiProviderSchema,
  baseUrl: z.string().nullable(),
  apiKeySet: z.boolean(),
  models: z.array(z.string()),
  promptLab: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type AiConnection = z.infer<typeof connectionSchema>;

export const testConnectionSchema = z.object({ model: modelName.optional() });
/** `error` is an English sentence (kept for API clients); `code` and `details` are what the web words (issue 23). */
export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  latencyMs: z.number(),
  error: z.string().optional(),
  code: z.enum(failureReasonCodes).optional(),
  details: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

const money = z.number().min(0).max(1_000_000);
export const priceSchema = z.object({
  model: modelName,
  inputPerMillion: money,
  outputPerMillion: money,
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code such as USD.'),
});
export type ModelPrice = z.infer<typeof priceSchema>;
export const pricesSchema = z
  .array(priceSchema)
  .max(500)
  .refine((prices) => new Set(prices.map((p) => p.model)).size === prices.length, { message: 'Each model may have only one price.' })
  .refine((prices) => new Set(prices.map((p) => p.currency)).size <= 1, { message: 'Use one currency for every price, so budgets add up.' });

export const budgetInputSchema = z
  .object({
    monthlyLimit: money,
    softLimitPercent: z.number().int().min(1).max(100).default(80),
    perMemberDailyLimit: money.nullable().default(null),
    /** Issue 25: refuse answers from a model with no price (409 model_unpriced) instead of counting them as 0. */
    blockUnpricedModels: z.boolean().default(false),
    /** Issue 25: or price such answers at this (per million tokens, the price table's currency). Ignored when blocking. */
    defaultPrice: z.object({ inputPerMillion: money, outputPerMillion: money }).nullable().default(null),
  })
  .refine((b) => b.perMemberDailyLimit === null || b.perMemberDailyLimit <= b.monthlyLimit || b.monthlyLimit === 0, {
    message: 'A member’s daily allowance cannot exceed the monthly limit.',
    path: ['perMemberDailyLimit'],
  });
export type BudgetInput = z.input<typeof budgetInputSchema>;

export const budgetStatusSchema = z.object({
  communityId: z.uuid(),
  budget: z
    .object({
      monthlyLimit: z.number(),
      softLimitPercent: z.number(),
      perMemberDailyLimit: z.number().nullable(),
      blockUnpricedModels: z.boolean(),
      defaultPrice: z.object({ inputPerMillion: z.number(), outputPerMillion: z.number() }).nullable(),
    })
    .nullable(),
  /** Models offered by a connection (or the environment's provider) with no price in the table: answers from them count as 0 unless blocked or given a default price. */
  unpricedModels: z.array(z.string()),
  currency: z.string(),
  /** Spent this month, answers in flight included. */
  spent: z.number(),
  /** Share of the monthly limit used, 0–100+ (null without a budget). */
  percent: z.number().nullable(),
  softReached: z.boolean(),
  hardReached: z.boolean(),
  /** When the monthly limit starts again (ISO). */
  resetsAt: z.string(),
});
export type BudgetStatus = z.infer<typeof budgetStatusSchema>;

export const costsQuerySchema = analyticsQuerySchema.and(z.object({ format: z.enum(['json', 'csv']).default('json') }));
const costFigures = { answers: z.number(), inputTokens: z.number(), outputTokens: z.number(), cost: z.number() };
export const costsSchema = z.object({
  range: z.object({ from: z.string(), to: z.string() }),
  currency: z.string(),
  total: z.object(costFigures),
  byCommunity: z.array(z.object({ communityId: z.uuid().nullable(), name: z.string(), ...costFigures })),
  byAgent: z.array(z.object({ agentId: z.uuid().nullable(), title: z.string(), ...costFigures })),
  byMember: z.array(z.object({ userId: z.uuid().nullable(), displayName: z.string(), ...costFigures })),
});
export type Costs = z.infer<typeof costsSchema>;

// The Prompt Lab: one prompt to up to three models side by side.
export const labTargetSchema = z.object({ connectionId: z.uuid().nullable(), model: modelName });
export type LabTarget = z.infer<typeof labTargetSchema>;
export const labModelsSchema = z.object({
  items: z.array(z.object({ connectionId: z.uuid().nullable(), connectionName: z.string(), model: z.string(), offline: z.boolean() })),
});
export type LabModels = z.infer<typeof labModelsSchema>;
export const MAX_LAB_TARGETS = 3;
export const compareInputSchema = z.object({
  prompt: z.string().trim().min(1, 'Write a prompt.').max(8000, 'Keep the prompt under 8000 characters.'),
  targets: z.array(labTargetSchema).min(1, 'Choose at least one model.').max(MAX_LAB_TARGETS, `Compare at most ${MAX_LAB_TARGETS} models.`),
});
export type CompareInput = z.infer<typeof compareInputSchema>;
export const labAnswerSchema = z.object({
  id: z.uuid(),
  position: z.number(),
  connectionId: z.uuid().nullable(),
  connectionName: z.string(),
  model: z.string(),
  text: z.string(),
  status: z.enum(['complete', 'stopped', 'error']),
  error: z.string().nullable(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  cost: z.number().nullable(),
  durationMs: z.number().nullable(),
});
export type LabAnswer = z.infer<typeof labAnswerSchema>;
export const labRunSchema = z.object({ id: z.uuid(), prompt: z.string(), createdAt: z.string(), answers: z.array(labAnswerSchema) });
export type LabRun = z.infer<typeof labRunSchema>;
/** Metadata of a compare stream's parts: which target each `answer-<position>` text part belongs to. */
export const labStreamAnswerDataSchema = z.object({
  position: z.number(),
  answerId: z.uuid().nullable(),
  status: z.enum(['complete', 'stopped', 'error']),
  error: z.string().nullable(),
  cost: z.number().nullable(),
});
export type LabStreamAnswerData = z.infer<typeof labStreamAnswerDataSchema>;
