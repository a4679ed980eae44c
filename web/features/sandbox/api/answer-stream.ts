import { DefaultChatTransport, readUIMessageStream, type UIMessage } from 'ai';
import { chatMessageMetadataSchema, type ChatMessageMetadata } from '../../../../contracts/conversations.js';
import { ApiError } from '../../../lib/http/api-error.js';
import { authorizedFetch } from '../../../lib/http/stream.js';
import { i18n } from '../../../lib/i18n.js';

/*
 * Why not useChat: the server owns the conversation (it saves the member's message, rebuilds the
 * history and saves the answer), and the page already holds the saved messages in TanStack Query,
 * paged backwards. useChat would keep a second, client-side copy of the whole conversation that
 * has to be reconciled with every page. So one turn is streamed here with the SDK's own pieces —
 * DefaultChatTransport (request + SSE parsing, body is {text} only, never history) and
 * readUIMessageStream (chunks → message snapshots) — and, once it ends, the saved messages are
 * simply fetched again.
 */

export type TurnRequest = { kind: 'send'; text: string; replaceFromMessageId?: string } | { kind: 'regenerate' };

export type StreamStatus = 'complete' | 'stopped' | 'error';

export interface StreamProgress {
  text: string;
  metadata: ChatMessageMetadata;
}

export interface StreamOutcome extends StreamProgress {
  status: StreamStatus;
  /** An ApiError before the stream began (nothing saved), or the sentence the server sent. */
  error: unknown;
  /** True once the server answered 200: the member's message is saved. */
  accepted: boolean;
}

/** With no chunk for this long the answer is treated as lost (the server's own stall limit is 30 s). */
export const STREAM_IDLE_TIMEOUT_MS = 45_000;

type ChatUIMessage = UIMessage<ChatMessageMetadata>;

function textOf(message: ChatUIMessage): string {
  return message.parts.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

const lostConnection = () =>
  new ApiError({
    kind: 'network',
    status: 0,
    code: 'stream_interrupted',
    message: i18n.t('sandbox:stream.lost'),
  });

/**
 * Streams one answer. Never throws: every ending (finished, stopped by `signal`, refused, failed,
 * went silent) resolves to an outcome the UI can show.
 */
export async function streamAnswer(
  conversationId: string,
  request: TurnRequest,
  signal: AbortSignal,
  onProgress: (progress: StreamProgress) => void,
): Promise<StreamOutcome> {
  const base = `/api/conversations/${encodeURIComponent(conversationId)}`;
  const body = request.kind === 'send' ? { text: request.text, ...(request.replaceFromMessageId ? { replaceFromMessageId: request.replaceFromMessageId } : {}) } : {};
  const transport = new DefaultChatTransport<ChatUIMessage>({
    api: request.kind === 'send' ? `${base}/messages` : `${base}/regenerate`,
    fetch: authorizedFetch,
    prepareSendMessagesRequest: () => ({ body }),
  });

  const local = new AbortController();
  let idle = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const armIdle = () => {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      idle = true;
      local.abort();
    }, STREAM_IDLE_TIMEOUT_MS);
  };
  const onAbort = () => local.abort();
  signal.addEventListener('abort', onAbort, { once: true });

  let progress: StreamProgress = { text: '', metadata: {} };
  let accepted = false;
  let streamError: unknown = null;
  try {
    armIdle();
    const chunks = await transport.sendMessages({
      trigger: 'submit-message',
      chatId: conversationId,
      messageId: undefined,
      messages: [],
      abortSignal: local.signal,
    });
    accepted = true;
    armIdle();
    const snapshots = readUIMessageStream<ChatUIMessage>({
      stream: chunks,
      onError: (error) => {
        streamError ??= error;
      },
    });
    for await (const snapshot of snapshots) {
      armIdle();
      const metadata = chatMessageMetadataSchema.safeParse(snapshot.metadata ?? {});
      progress = { text: textOf(snapshot), metadata: metadata.success ? metadata.data : progress.metadata };
      onProgress(progress);
    }
  } catch (error) {
    streamError ??= error;
  } finally {
    clearTimeout(idleTimer);
    signal.removeEventListener('abort', onAbort);
  }

  if (signal.aborted) return { ...progress, status: 'stopped', error: null, accepted };
  const finished = progress.metadata.status;
  if (finished === 'complete' || finished === 'stopped') return { ...progress, status: finished, error: null, accepted };
  if (idle) {
    return {
      ...progress,
      status: 'error',
      error: new ApiError({ kind: 'timeout', status: 0, code: 'stream_idle', message: i18n.t('sandbox:stream.idle') }),
      accepted,
    };
  }
  // A chunk of type "error" carries the server's sentence; anything else before the finish is a lost connection.
  if (streamError instanceof ApiError) return { ...progress, status: 'error', error: streamError, accepted };
  if (accepted && streamError instanceof Error && streamError.name !== 'TypeError' && streamError.name !== 'AbortError') {
    return { ...progress, status: 'error', error: streamError, accepted };
  }
  return { ...progress, status: 'error', error: accepted ? lostConnection() : (streamError ?? lostConnection()), accepted };
}
