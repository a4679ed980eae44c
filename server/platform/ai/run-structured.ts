import { generateText, type LanguageModelUsage, NoObjectGeneratedError, Output } from 'ai';
import type { z } from 'zod';
import type { AnswerUsage } from './answer-with.js';
import { providerFailure } from './failures.js';
import type { ResolvedModel } from './providers.js';

export interface StructuredCall<T> {
  resolved: ResolvedModel;
  system: string;
  prompt: string;
  schema: z.ZodType<T>;
  /** The answer's name, a hint some providers pass on (a tool or schema name). */
  name: string;
  temperature: number;
  maxOutputTokens: number;
  timeoutMs: number;
}

export type StructuredOutcome<T> =
  /** The model answered: `value` when it fits the schema, else null with the text it wrote (to unwrap a fence, say). */
  | { ok: true; value: T | null; text: string; usage: AnswerUsage }
  /** The call failed: `failure` is the stored reason code (failures.ts), `usage` what the provider counted before. */
  | { ok: false; failure: string; error: unknown; usage: AnswerUsage };

const usageOf = (usage: LanguageModelUsage | undefined): AnswerUsage => ({ inputTokens: usage?.inputTokens ?? null, outputTokens: usage?.outputTokens ?? null });

/**
 * One structured answer (the exercise evaluator's scores) with the platform's failure handling: no
 * silent retries, a deadline, provider errors as reason codes, and the provider's own token counts
 * for the settle. A schema goes to providers that take one; the others are asked for plain JSON,
 * checked against the schema here.
 */
export async function runStructured<T>(call: StructuredCall<T>): Promise<StructuredOutcome<T>> {
  const { resolved, schema } = call;
  const common = {
    model: resolved.model,
    system: call.system,
    prompt: call.prompt,
    temperature: call.temperature,
    maxOutputTokens: call.maxOutputTokens,
    maxRetries: 0,
    abortSignal: AbortSignal.timeout(call.timeoutMs),
  };
  try {
    if (resolved.structuredOutputs) {
      const result = await generateText({ ...common, output: Output.object({ schema, name: call.name }) });
      return { ok: true, value: result.output, text: result.text, usage: usageOf(result.totalUsage) };
    }
    const result = await generateText({ ...common, output: Output.json({ name: call.name }) });
    const parsed = schema.safeParse(result.output);
    return { ok: true, value: parsed.success ? parsed.data : null, text: result.text, usage: usageOf(result.totalUsage) };
  } catch (error) {
    if (NoObjectGeneratedError.isInstance(error)) return { ok: true, value: null, text: error.text ?? '', usage: usageOf(error.usage) };
    return { ok: false, failure: providerFailure(error, resolved.modelId), error, usage: { inputTokens: null, outputTokens: null } };
  }
}
