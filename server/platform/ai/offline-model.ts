import type { LanguageModelV3, LanguageModelV3CallOptions, LanguageModelV3Prompt, LanguageModelV3StreamPart } from '@ai-sdk/provider';
import { NOT_IN_MATERIAL, readGroundedPrompt } from './grounded-prompt.js';

export const OFFLINE_MODEL_ID = 'offline-demo';

function textOf(content: LanguageModelV3Prompt[number]['content']): string {
  if (typeof content === 'string') return content;
  return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/**
 * The agent's purpose in its own voice, from the first sentence of its instructions: "You are a
 * patient SQL tutor…" becomes "I am a patient SQL tutor…". Null when the instructions do not start
 * by addressing the model, rather than a sentence that would read oddly.
 */
function purpose(system: string): string | null {
  const first = system.trim().split(/(?<=[.!?])\s/)[0]?.trim() ?? '';
  if (!/^you\s/i.test(first) || first.length > 240) return null;
  const voiced = first.replace(/^you are\b/i, 'I am').replace(/^you\b/i, 'I');
  return /[.!?]$/.test(voiced) ? voiced : `${voiced}.`;
}

/** How to go about one kind of request: three steps and a prompt to try next. */
interface Approach {
  topic: RegExp;
  steps: [string, string, string];
  next: string;
}

// Checked in order: the first whose topic appears in the question shapes the answer.
const approaches: Approach[] = [
  {
    topic: /\b(e-?mails?|messages?|repl(y|ies)|letters?|memos?|announcements?|invitations?|ask (my|the|a|an) \w+)\b/i,
    steps: [
      '**Name the reader and the one thing they should do** after reading it.',
      '**Give the model the facts** (dates, numbers, what was agreed), so it does not invent any.',
      '**Ask for two versions**, one of them shorter, and keep the lines you like from each.',
    ],
    next: 'Write this for my manager in under 120 words, friendly but direct, ending with one clear request: …',
  },
  {
    topic: /\b(summar\w*|notes|minutes|transcripts?|tl;?dr|key points|recap)\b/i,
    steps: [
      '**Paste the whole text**: a model can only summarise what it can see.',
      '**Say who the summary is for** and how long it may be, for example five bullet points.',
      '**Ask for decisions, owners and dates in their own list**, so nothing important hides in a paragraph.',
    ],
    next: 'Summarise these notes for someone who missed the meeting: five bullets, then decisions with owners and dates. Notes: …',
  },
  {
    topic: /\b(formulas?|excel|sheets?|spreadsheets?|sql|quer(y|ies)|columns?|rows?|pivot|lookup|vlookup|xlookup|data)\b/i,
    steps: [
      '**Describe the columns** and paste two or three example rows (made-up values are fine).',
      '**Say the result you expect** for those rows, so you can check the answer yourself.',
      '**Ask for each part to be explained** before you use it on real data.',
    ],
    next: 'My sheet has columns A (order date) and B (status). Example rows: … For these rows I expect …; write the formula and explain each part.',
  },
  {
    topic: /\b(ideas?|brainstorm\w*|names?|slogans?|titles?|options?|suggest\w*|alternatives?)\b/i,
    steps: [
      '**Set the limits first**: audience, tone, length and anything to avoid.',
      '**Ask for many options** (ten or more) as a numbered list.',
      '**Pick two and ask for variations**: the best ideas usually come in the second round.',
    ],
    next: 'Give me ten options for …, for an audience of …, each under eight words; avoid jargon.',
  },
  {
    topic: /\b(review|feedback|improve|proofread|critique|rewrite|edit|polish|check)\b/i,
    steps: [
      '**Paste the text and say what it is for**, and who will read it.',
      '**Ask for the three most important changes first**, each with a reason.',
      '**Make the changes yourself** and ask for a second look: you stay the author.',
    ],
    next: 'Here is my draft for …. Give me the three changes that would improve it most, with a reason for each: …',
  },
  {
    topic: /\b(plans?|planning|agendas?|schedules?|checklists?|roadmaps?|process|workshops?|meetings?|projects?)\b/i,
    steps: [
      '**State the goal, the deadline and who is involved.**',
      '**Ask for a first outline as a table** with steps, owners and dates.',
      '**Ask what could go wrong** and add the answers to the plan.',
    ],
    next: 'Plan a … for … people by …. Give me a table of steps with owners and dates, then the three biggest risks.',
  },
  {
    topic: /\b(explain|what is|what are|why|how does|how do|difference|mean|understand)\b/i,
    steps: [
      '**Say what you already know**, so the answer starts at the right level.',
      '**Ask for an example from your own work**, not a textbook one.',
      '**Explain it back in your own words** and ask what you missed.',
    ],
    next: 'Explain … to someone who knows … but not …, with one example from an office team.',
  },
];

const generalApproach: Approach = {
  topic: /$^/,
  steps: [
    '**Clarify the goal.** Say what a good result looks like and who it is for.',
    '**Give context.** Paste the material the model should work from, and name any constraints.',
    '**Ask for a format.** A list, a table or a short draft makes the answer easy to check.',
  ],
  next: 'Goal: …. Audience: …. Here is what I have so far: …. Give me a first draft as a short list.',
};

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
 * The answer the offline model gives: deterministic, in the agent's voice, shaped by what the member
 * asked. It carries no label of its own: the message's model (`offline-demo`) is what the sandbox
 * labels, once per conversation.
 */
export function offlineAnswer(prompt: LanguageModelV3Prompt): string {
  const system = prompt.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  const users = prompt.filter((m) => m.role === 'user');
  const question = textOf(users[users.length - 1]?.content ?? '').trim().replaceAll(/\s+/g, ' ');
  const quoted = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  const material = readGroundedPrompt(system);
  if (material) return groundedAnswer(material, quoted).join('\n').trimEnd();

  const approach = approaches.find((a) => a.topic.test(question)) ?? generalApproach;
  const voice = purpose(system);
  const turn = users.length;
  return [
    voice ? `${voice} Here is how I would approach “${quoted}”:` : `Here is how I would approach “${quoted}”:`,
    '',
    ...approach.steps.map((step, i) => `${i + 1}. ${step}`),
    '',
    'A prompt you could send next:',
    '',
    `> ${approach.next}`,
    '',
    turn > 1
      ? `We are ${turn} messages in: tell me what to keep and what to change, and I will build on it.`
      : 'Reply with your own details and we can refine the result together.',
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
