import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { NOT_IN_MATERIAL, readGroundedPrompt } from '../knowledge/knowledge-prompt.js';

export const OFFLINE_MODEL_ID = 'offline-demo';

function textOf(content: LanguageModelV3Prompt[number]['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/** The role the agent's instructions give it: their first sentence, without "You are". */
function persona(system: string): string {
  const first = system.split(/(?<=[.!?])\s/)[0]?.trim() ?? '';
  const stripped = first.replace(/^you are\s+/i, '').replace(/[.!?]$/, '');
  return stripped.length > 0 ? stripped.slice(0, 160) : 'your practice coach';
}

const QUOTE_CHARS = 500;
const quote = (text: string) => {
  const flat = text.replaceAll(/\s+/g, ' ').trim();
  return `> ${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS)}…` : flat}`;
};

/** With an agent's material in the prompt, the offline model quotes the passages it was given. */
function groundedAnswer(material: NonNullable<ReturnType<typeof readGroundedPrompt>>, quoted: string): string[] {
  if (material.passages.length === 0) return [NOT_IN_MATERIAL];
  const lead = material.matched
    ? `From the material I was given, these passages answer “${quoted}”:`
    : material.strict
      ? NOT_IN_MATERIAL
      : `No passage of my material answers “${quoted}” directly. Here is how the material begins:`;
  return [lead, '', ...material.passages.slice(0, 3).flatMap((p) => [quote(p.text), `— *${p.source}*`, ''])];
}

/**
 * The answer the offline model gives: deterministic, shaped by the agent's system prompt and the
 * member's message, and plainly labelled so nobody mistakes it for a real model.
 */
export function offlineAnswer(prompt: LanguageModelV3Prompt): string {
  const system = prompt.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  const users = prompt.filter((m) => m.role === 'user');
  const question = textOf(users[users.length - 1]?.content ?? '').trim().replaceAll(/\s+/g, ' ');
  const quoted = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  const turn = users.length;
  const material = readGroundedPrompt(system);
  if (material) {
    return [`*Offline demo model — no AI provider is configured, so this answer is generated locally.*`, '', ...groundedAnswer(material, quoted)].join('\n').trimEnd();
  }
  return [
    `*Offline demo model — no AI provider is configured, so this answer is generated locally.*`,
    '',
    `Speaking as ${persona(system)}, here is how I would approach “${quoted}”:`,
    '',
    `1. **Clarify the goal.** Say what a good result looks like and who it is for.`,
    `2. **Give context.** Paste the material the model should work from, and name any constraints.`,
    `3. **Ask for a format.** A list, a table or a short draft makes the answer easy to check.`,
    `4. **Iterate.** Reply with what to keep and what to change; small steps work best.`,
    '',
    turn > 1 ? `This is message ${turn} of our conversation, so I am building on what we already covered.` : `Send a follow-up to practise refining the result.`,
  ].join('\n');
}

/** Splits text into word-sized deltas, keeping the whitespace, so joining them gives the text back. */
export function toDeltas(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Waits `ms`, or rejects as soon as `signal` aborts; leaves no listener behind either way. */
const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** A LanguageModelV3 that needs no network: the default for laptops and demos. */
export function createOfflineModel(tokenDelayMs: number): LanguageModelV3 {
  const usage = (input: number, output: number) => ({
    inputTokens: { total: input, noCache: input, cacheRead: undefined, cacheWrite: undefined },
    outputTokens: { total: output, text: output, reasoning: undefined },
  });
  return {
    specificationVersion: 'v3',
    provider: 'offline',
    modelId: OFFLINE_MODEL_ID,
    supportedUrls: {},
    async doGenerate(options: LanguageModelV3CallOptions) {
      const text = offlineAnswer(options.prompt);
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(JSON.stringify(options.prompt).length / 4, toDeltas(text).length),
        warnings: [],
      };
    },
    async doStream(options: LanguageModelV3CallOptions) {
      const text = offlineAnswer(options.prompt);
      const deltas = toDeltas(text);
      const signal = options.abortSignal;
      const stream = new ReadableStream<LanguageModelV3StreamPart>({
        async start(controller) {
          try {
            controller.enqueue({ type: 'stream-start', warnings: [] });
            controller.enqueue({ type: 'text-start', id: 'offline' });
            for (const delta of deltas) {
              await sleep(tokenDelayMs, signal);
              controller.enqueue({ type: 'text-delta', id: 'offline', delta });
            }
            controller.enqueue({ type: 'text-end', id: 'offline' });
            controller.enqueue({ type: 'finish', finishReason: { unified: 'stop', raw: 'stop' }, usage: usage(Math.ceil(JSON.stringify(options.prompt).length / 4), deltas.length) });
            controller.close();
          } catch (error) {
            controller.error(error);
          }
        },
      });
      return { stream };
    },
  };
}
