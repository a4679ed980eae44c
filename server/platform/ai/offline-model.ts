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
function purpose(system: string, language: OfflineLanguage): string | null {
  const first = system.trim().split(/(?<=[.!?])\s/)[0]?.trim() ?? '';
  if (first.length > 240) return null;
  let voiced: string;
  if (language === 'es') {
    // "Eres un tutor paciente…" becomes "Soy un tutor paciente…"; English instructions are not quoted in a Spanish answer.
    if (!/^(tú\s+)?eres\s/i.test(first)) return null;
    voiced = first.replace(/^(tú\s+)?eres\b/i, 'Soy');
  } else {
    if (!/^you\s/i.test(first)) return null;
    voiced = first.replace(/^you are\b/i, 'I am').replace(/^you\b/i, 'I');
  }
  return /[.!?]$/.test(voiced) ? voiced : `${voiced}.`;
}

/** The language the offline model answers in: the member's (runAnswer passes it as `providerOptions.offline.language`). */
export type OfflineLanguage = 'en' | 'es';

/** How to go about one kind of request: three steps and a prompt to try next, in each language. */
interface Approach {
  topic: RegExp;
  steps: [string, string, string];
  next: string;
  es: { steps: [string, string, string]; next: string };
}

// Checked in order: the first whose topic appears in the question shapes the answer.
const approaches: Approach[] = [
  {
    topic: /\b(e-?mails?|messages?|repl(y|ies)|letters?|memos?|announcements?|invitations?|ask (my|the|a|an) \w+|correos?|mensajes?|respuestas?|responder|cartas?|anuncios?|invitaci[oó]n(es)?)\b/i,
    steps: [
      '**Name the reader and the one thing they should do** after reading it.',
      '**Give the model the facts** (dates, numbers, what was agreed), so it does not invent any.',
      '**Ask for two versions**, one of them shorter, and keep the lines you like from each.',
    ],
    next: 'Write this for my manager in under 120 words, friendly but direct, ending with one clear request: …',
    es: {
      steps: [
        '**Nombra al lector y lo único que debe hacer** después de leerlo.',
        '**Dale al modelo los datos** (fechas, cifras, lo acordado), para que no invente ninguno.',
        '**Pide dos versiones**, una más corta, y quédate con las frases que te gusten de cada una.',
      ],
      next: 'Escribe esto para mi responsable en menos de 120 palabras, cordial pero directo, terminando con una petición clara: …',
    },
  },
  {
    topic: /\b(summar\w*|notes|minutes|transcripts?|tl;?dr|key points|recap|resum\w*|notas|actas?|transcripci\w+|puntos clave)\b/i,
    steps: [
      '**Paste the whole text**: a model can only summarise what it can see.',
      '**Say who the summary is for** and how long it may be, for example five bullet points.',
      '**Ask for decisions, owners and dates in their own list**, so nothing important hides in a paragraph.',
    ],
    next: 'Summarise these notes for someone who missed the meeting: five bullets, then decisions with owners and dates. Notes: …',
    es: {
      steps: [
        '**Pega el texto completo**: un modelo solo puede resumir lo que ve.',
        '**Di para quién es el resumen** y cuánto puede ocupar, por ejemplo cinco viñetas.',
        '**Pide las decisiones, los responsables y las fechas en su propia lista**, para que nada importante quede escondido en un párrafo.',
      ],
      next: 'Resume estas notas para alguien que no estuvo en la reunión: cinco viñetas y después las decisiones con responsables y fechas. Notas: …',
    },
  },
  {
    topic: /\b(formulas?|excel|sheets?|spreadsheets?|sql|quer(y|ies)|columns?|rows?|pivot|lookup|vlookup|xlookup|data|f[oó]rmulas?|hojas?|consultas?|columnas?|filas?|datos|tabla din[aá]mica|buscarv)\b/i,
    steps: [
      '**Describe the columns** and paste two or three example rows (made-up values are fine).',
      '**Say the result you expect** for those rows, so you can check the answer yourself.',
      '**Ask for each part to be explained** before you use it on real data.',
    ],
    next: 'My sheet has columns A (order date) and B (status). Example rows: … For these rows I expect …; write the formula and explain each part.',
    es: {
      steps: [
        '**Describe las columnas** y pega dos o tres filas de ejemplo (pueden ser valores inventados).',
        '**Di el resultado que esperas** para esas filas, para poder comprobar tú mismo la respuesta.',
        '**Pide que te explique cada parte** antes de usarla con datos reales.',
      ],
      next: 'Mi hoja tiene las columnas A (fecha del pedido) y B (estado). Filas de ejemplo: … Para estas filas espero …; escribe la fórmula y explica cada parte.',
    },
  },
  {
    topic: /\b(ideas?|brainstorm\w*|names?|slogans?|titles?|options?|suggest\w*|alternatives?|nombres?|esl[oó]gan(es)?|t[ií]tulos?|opciones|opci[oó]n|suger\w*|alternativas?|lluvia de ideas)\b/i,
    steps: [
      '**Set the limits first**: audience, tone, length and anything to avoid.',
      '**Ask for many options** (ten or more) as a numbered list.',
      '**Pick two and ask for variations**: the best ideas usually come in the second round.',
    ],
    next: 'Give me ten options for …, for an audience of …, each under eight words; avoid jargon.',
    es: {
      steps: [
        '**Fija primero los límites**: público, tono, extensión y lo que hay que evitar.',
        '**Pide muchas opciones** (diez o más) en una lista numerada.',
        '**Elige dos y pide variaciones**: las mejores ideas suelen llegar en la segunda ronda.',
      ],
      next: 'Dame diez opciones para …, para un público de …, cada una de menos de ocho palabras; evita la jerga.',
    },
  },
  {
    topic: /\b(review|feedback|improve|proofread|critique|rewrite|edit|polish|check|revis\w*|mejor\w*|corrig\w*|correg\w*|reescrib\w*|edit\w*|comentarios)\b/i,
    steps: [
      '**Paste the text and say what it is for**, and who will read it.',
      '**Ask for the three most important changes first**, each with a reason.',
      '**Make the changes yourself** and ask for a second look: you stay the author.',
    ],
    next: 'Here is my draft for …. Give me the three changes that would improve it most, with a reason for each: …',
    es: {
      steps: [
        '**Pega el texto y di para qué es** y quién lo va a leer.',
        '**Pide primero los tres cambios más importantes**, cada uno con su motivo.',
        '**Haz tú los cambios** y pide una segunda lectura: el autor sigues siendo tú.',
      ],
      next: 'Este es mi borrador para …. Dame los tres cambios que más lo mejorarían, con el motivo de cada uno: …',
    },
  },
  {
    topic: /\b(plans?|planning|agendas?|schedules?|checklists?|roadmaps?|process|workshops?|meetings?|projects?|planes|planific\w*|calendarios?|procesos?|talleres|taller|reuni[oó]n(es)?|proyectos?)\b/i,
    steps: [
      '**State the goal, the deadline and who is involved.**',
      '**Ask for a first outline as a table** with steps, owners and dates.',
      '**Ask what could go wrong** and add the answers to the plan.',
    ],
    next: 'Plan a … for … people by …. Give me a table of steps with owners and dates, then the three biggest risks.',
    es: {
      steps: [
        '**Indica el objetivo, la fecha límite y quién participa.**',
        '**Pide un primer esquema en una tabla** con pasos, responsables y fechas.',
        '**Pregunta qué podría salir mal** y añade las respuestas al plan.',
      ],
      next: 'Planifica un … para … personas antes del …. Dame una tabla de pasos con responsables y fechas y después los tres mayores riesgos.',
    },
  },
  {
    topic: /\b(explain|what is|what are|why|how does|how do|difference|mean|understand|expl[ií]ca\w*|qu[eé] es|qu[eé] son|c[oó]mo funciona|diferencias?|significa\w*|entender)\b/i,
    steps: [
      '**Say what you already know**, so the answer starts at the right level.',
      '**Ask for an example from your own work**, not a textbook one.',
      '**Explain it back in your own words** and ask what you missed.',
    ],
    next: 'Explain … to someone who knows … but not …, with one example from an office team.',
    es: {
      steps: [
        '**Di lo que ya sabes**, para que la respuesta empiece en el nivel adecuado.',
        '**Pide un ejemplo de tu propio trabajo**, no uno de manual.',
        '**Explícalo con tus propias palabras** y pregunta qué se te ha escapado.',
      ],
      next: 'Explica … a alguien que sabe … pero no …, con un ejemplo de un equipo de oficina.',
    },
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
  es: {
    steps: [
      '**Aclara el objetivo.** Di cómo es un buen resultado y para quién es.',
      '**Da contexto.** Pega el material con el que debe trabajar el modelo y nombra cualquier restricción.',
      '**Pide un formato.** Una lista, una tabla o un borrador breve hacen que la respuesta sea fácil de comprobar.',
    ],
    next: 'Objetivo: …. Público: …. Esto es lo que tengo hasta ahora: …. Dame un primer borrador como una lista breve.',
  },
};

const QUOTE_CHARS = 500;
const quote = (text: string) => {
  const flat = text.replaceAll(/\s+/g, ' ').trim();
  return `> ${flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS)}…` : flat}`;
};

/** The sentences of an answer, in each language the offline model speaks. */
const words = {
  en: {
    notInMaterial: NOT_IN_MATERIAL,
    fromMaterial: (quoted: string) => `From the material I was given, these passages answer “${quoted}”:`,
    noPassage: (quoted: string) => `No passage of my material answers “${quoted}” directly. Here is how the material begins:`,
    approach: (quoted: string) => `Here is how I would approach “${quoted}”:`,
    nextPrompt: 'A prompt you could send next:',
    later: (turn: number) => `We are ${turn} messages in: tell me what to keep and what to change, and I will build on it.`,
    first: 'Reply with your own details and we can refine the result together.',
  },
  es: {
    notInMaterial: 'No he encontrado la respuesta a eso en el material que me dieron.',
    fromMaterial: (quoted: string) => `Del material que me dieron, estos pasajes responden a «${quoted}»:`,
    noPassage: (quoted: string) => `Ningún pasaje de mi material responde directamente a «${quoted}». Así empieza el material:`,
    approach: (quoted: string) => `Así abordaría «${quoted}»:`,
    nextPrompt: 'Un prompt que podrías enviar a continuación:',
    later: (turn: number) => `Llevamos ${turn} mensajes: dime qué mantener y qué cambiar, y seguiré a partir de ahí.`,
    first: 'Responde con tus propios datos y afinaremos el resultado juntos.',
  },
} satisfies Record<OfflineLanguage, unknown>;

/** With an agent's material in the prompt, the offline model quotes the passages it was given. */
function groundedAnswer(material: NonNullable<ReturnType<typeof readGroundedPrompt>>, quoted: string, language: OfflineLanguage): string[] {
  const w = words[language];
  if (material.passages.length === 0) return [w.notInMaterial];
  const lead = material.matched ? w.fromMaterial(quoted) : material.strict ? w.notInMaterial : w.noPassage(quoted);
  return [lead, '', ...material.passages.slice(0, 3).flatMap((p) => [quote(p.text), `— *${p.source}*`, ''])];
}

/**
 * The answer the offline model gives: deterministic, in the agent's voice, shaped by what the member
 * asked. It carries no label of its own: the message's model (`offline-demo`) is what the sandbox
 * labels, once per conversation.
 */
export function offlineAnswer(prompt: LanguageModelV3Prompt, language: OfflineLanguage = 'en'): string {
  const system = prompt.filter((m) => m.role === 'system').map((m) => textOf(m.content)).join('\n');
  const users = prompt.filter((m) => m.role === 'user');
  const question = textOf(users[users.length - 1]?.content ?? '').trim().replaceAll(/\s+/g, ' ');
  const quoted = question.length > 200 ? `${question.slice(0, 200)}…` : question;
  const material = readGroundedPrompt(system);
  if (material) return groundedAnswer(material, quoted, language).join('\n').trimEnd();

  const approach = approaches.find((a) => a.topic.test(question)) ?? generalApproach;
  const { steps, next } = language === 'es' ? approach.es : approach;
  const w = words[language];
  const voice = purpose(system, language);
  const turn = users.length;
  return [
    voice ? `${voice} ${w.approach(quoted)}` : w.approach(quoted),
    '',
    ...steps.map((step, i) => `${i + 1}. ${step}`),
    '',
    w.nextPrompt,
    '',
    `> ${next}`,
    '',
    turn > 1 ? w.later(turn) : w.first,
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

const languageOf = (options: LanguageModelV3CallOptions): OfflineLanguage => (options.providerOptions?.offline?.language === 'es' ? 'es' : 'en');

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
      const text = offlineAnswer(options.prompt, languageOf(options));
      return {
        content: [{ type: 'text', text }],
        finishReason: { unified: 'stop', raw: 'stop' },
        usage: usage(JSON.stringify(options.prompt).length / 4, toDeltas(text).length),
        warnings: [],
      };
    },
    async doStream(options: LanguageModelV3CallOptions) {
      const text = offlineAnswer(options.prompt, languageOf(options));
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
