import { type CompareInput, labStreamAnswerDataSchema, type LabStreamAnswerData } from '../../../../contracts/ai.js';
import { authorizedFetch } from '../../../lib/http/stream.js';

export interface LabStreamHandlers {
  onDelta: (position: number, delta: string) => void;
  onAnswerDone: (data: LabStreamAnswerData) => void;
}

const positionOf = (id: unknown) => (typeof id === 'string' && id.startsWith('answer-') ? Number(id.slice(7)) : -1);

/**
 * Streams a Prompt Lab comparison: one AI SDK UI message stream whose text parts `answer-<n>` are
 * the columns, each closed by a `data-answer` part. Throws ApiError when refused before streaming
 * (a 429 budget refusal keeps its message and Retry-After).
 */
export async function streamCompare(input: CompareInput, signal: AbortSignal, handlers: LabStreamHandlers): Promise<void> {
  const response = await authorizedFetch('/api/lab/compare', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(input),
    signal,
  });
  const reader = response.body?.getReader();
  if (!reader) return;
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      end = buffer.indexOf('\n\n');
      const data = event.split('\n').find((line) => line.startsWith('data: '))?.slice(6);
      if (!data || data === '[DONE]') continue;
      const chunk = JSON.parse(data) as { type?: string; id?: unknown; delta?: unknown; data?: unknown };
      if (chunk.type === 'text-delta' && typeof chunk.delta === 'string') handlers.onDelta(positionOf(chunk.id), chunk.delta);
      if (chunk.type === 'data-answer') {
        const parsed = labStreamAnswerDataSchema.safeParse(chunk.data);
        if (parsed.success) handlers.onAnswerDone(parsed.data);
      }
    }
  }
}
