import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server speaking the real wire protocols of OpenAI's chat completions stream and
 * Anthropic's messages stream, so tests exercise the real provider client code end to end.
 */
export type FakeBehaviour =
  | { kind: 'answer'; tokens: string[]; delayMs?: number }
  | { kind: 'http-error'; status: number; message?: string }
  /** An error whose message repeats the full key the request carried (as some gateways do). */
  | { kind: 'echo-key'; status: number }
  | { kind: 'stall-after'; tokens: string[] }
  /** Any text, computed from the request (non-streaming calls, such as structured output, get it whole). */
  | { kind: 'reply'; reply: (body: Record<string, unknown>) => string };

export interface FakeProvider {
  baseUrl: string;
  behaviour: FakeBehaviour;
  /** When set, a request without this key (Bearer or x-api-key) is refused with 401, as providers do. */
  requiredKey?: string | undefined;
  requests: Array<{ path: string; body: Record<string, unknown>; apiKey?: string | undefined }>;
  /** The prompt tokens reported in the stream's usage (42 unless set): a test may count them like a real tokenizer. */
  promptTokens?: ((body: Record<string, unknown>) => number) | undefined;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => {
      raw += chunk.toString('utf8');
    });
    req.on('end', () => {
      try {
        resolve(JSON.parse(raw || '{}') as Record<string, unknown>);
      } catch (error) {
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
    req.on('error', reject);
  });
}

function sse(res: ServerResponse, data: unknown, event?: string): void {
  if (res.destroyed) return;
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
}

async function openAiStream(res: ServerResponse, body: Record<string, unknown>, tokens: string[], delayMs: number, stall: boolean, promptTokens = 42): Promise<void> {
  const base = { id: 'chatcmpl-test', object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: String(body.model) };
  sse(res, { ...base, choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }] });
  for (const token of tokens) {
    await sleep(delayMs);
    sse(res, { ...base, choices: [{ index: 0, delta: { content: token }, finish_reason: null }] });
  }
  if (stall) return; // keep the connection open and silent
  sse(res, { ...base, choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
  sse(res, { ...base, choices: [], usage: { prompt_tokens: promptTokens, completion_tokens: tokens.length, total_tokens: promptTokens + tokens.length } });
  sse(res, '[DONE]');
  res.end();
}

/** A whole (non-streaming) answer, for generateText / structured output calls. */
function wholeAnswer(res: ServerResponse, path: string, body: Record<string, unknown>, text: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  if (path.includes('/messages')) {
    res.end(
      JSON.stringify({
        id: 'msg_test', type: 'message', role: 'assistant', model: String(body.model), content: [{ type: 'text', text }],
        stop_reason: 'end_turn', stop_sequence: null, usage: { input_tokens: 42, output_tokens: 7 },
      }),
    );
    return;
  }
  res.end(
    JSON.stringify({
      id: 'chatcmpl-test', object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: String(body.model),
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 42, completion_tokens: 7, total_tokens: 49 },
    }),
  );
}

async function anthropicStream(res: ServerResponse, body: Record<string, unknown>, tokens: string[], delayMs: number, stall: boolean): Promise<void> {
  sse(res, { type: 'message_start', message: { id: 'msg_test', type: 'message', role: 'assistant', model: String(body.model), content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 42, output_tokens: 1 } } }, 'message_start');
  sse(res, { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }, 'content_block_start');
  for (const token of tokens) {
    await sleep(delayMs);
    sse(res, { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: token } }, 'content_block_delta');
  }
  if (stall) return;
  sse(res, { type: 'content_block_stop', index: 0 }, 'content_block_stop');
  sse(res, { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: tokens.length } }, 'message_delta');
  sse(res, { type: 'message_stop' }, 'message_stop');
  res.end();
}

/** `port` 0 picks a free one; browser tests pass a port of their own range. */
export async function startFakeProvider(initial: FakeBehaviour = { kind: 'answer', tokens: ['Hello', ' world'] }, port = 0): Promise<FakeProvider> {
  const fake: Omit<FakeProvider, 'baseUrl' | 'close'> = { behaviour: initial, requiredKey: undefined, requests: [] };
  const open = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const header = req.headers['x-api-key'];
      const apiKey = bearer ?? (typeof header === 'string' ? header : undefined);
      fake.requests.push({ path: req.url ?? '', body, apiKey });
      const behaviour = fake.behaviour;
      if (fake.requiredKey !== undefined && apiKey !== fake.requiredKey) {
        // Both providers answer 401 and echo a masked key in the message.
        const masked = apiKey ? `${apiKey.slice(0, 6)}***${apiKey.slice(-2)}` : 'none';
        res.writeHead(401, { 'content-type': 'application/json' });
        const message = `Incorrect API key provided: ${masked}. You can find your API key in your account settings.`;
        res.end(JSON.stringify(req.url?.includes('/messages') ? { type: 'error', error: { type: 'authentication_error', message } } : { error: { message, type: 'invalid_request_error', code: 'invalid_api_key' } }));
        return;
      }
      if (behaviour.kind === 'echo-key') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `Key ${apiKey ?? 'none'} is not allowed to use this model.`, type: 'invalid_request_error', key: apiKey } }));
        return;
      }
      if (behaviour.kind === 'http-error') {
        res.writeHead(behaviour.status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: behaviour.message ?? 'upstream exploded: internal detail', type: 'server_error' } }));
        return;
      }
      if (body.stream !== true && (behaviour.kind === 'answer' || behaviour.kind === 'reply')) {
        wholeAnswer(res, req.url ?? '', body, behaviour.kind === 'reply' ? behaviour.reply(body) : behaviour.tokens.join(''));
        return;
      }
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
      const stall = behaviour.kind === 'stall-after';
      const delay = behaviour.kind === 'answer' ? (behaviour.delayMs ?? 5) : 5;
      const tokens = behaviour.kind === 'reply' ? [behaviour.reply(body)] : behaviour.tokens;
      if (req.url?.includes('/messages')) await anthropicStream(res, body, tokens, delay, stall);
      else await openAiStream(res, body, tokens, delay, stall, fake.promptTokens?.(body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return Object.assign(fake, {
    baseUrl: `http://127.0.0.1:${bound}/v1`,
    async close() {
      for (const res of open) res.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  });
}

/** Parses an AI SDK UI message stream (SSE) body into its chunks. */
export function parseUiStream(body: string): Array<Record<string, unknown> & { type: string }> {
  return body
    .split('\n')
    .filter((line) => line.startsWith('data: ') && line !== 'data: [DONE]')
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown> & { type: string });
}

export function streamedText(body: string): string {
  return parseUiStream(body)
    .filter((c) => c.type === 'text-delta')
    .map((c) => String(c.delta))
    .join('');
}
