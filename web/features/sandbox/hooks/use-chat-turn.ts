import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatMessage } from '../../../../contracts/conversations.js';
import type { Page } from '../../../../contracts/pagination.js';
import { streamAnswer, type TurnRequest } from '../api/answer-stream.js';
import type { LiveTurn } from '../lib/visible-messages.js';
import { queryKeys } from '../../../lib/query-keys.js';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function savedAnswerFor(queryClient: QueryClient, conversationId: string, userMessageId: string | undefined): boolean {
  const data = queryClient.getQueryData<InfiniteData<Page<ChatMessage>>>(queryKeys.sandbox.messages(conversationId));
  const latest = data?.pages[0]?.items ?? [];
  if (!userMessageId) return true;
  const index = latest.findIndex((m) => m.id === userMessageId);
  return index >= 0 && latest[index + 1]?.role === 'assistant';
}

/**
 * Fetches the saved messages again until they contain the answer. After Stop the server saves the
 * partial answer a moment after the connection closes, so a few short retries cover that gap.
 * False when they could not be fetched: the live turn then stays on screen with its state.
 */
async function settle(queryClient: QueryClient, conversationId: string, userMessageId: string | undefined): Promise<boolean> {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    if (attempt > 0) await sleep(250 * attempt);
    await queryClient.refetchQueries({ queryKey: queryKeys.sandbox.messages(conversationId), exact: true });
    const state = queryClient.getQueryState(queryKeys.sandbox.messages(conversationId));
    if (!state || state.status === 'error') return false;
    if (savedAnswerFor(queryClient, conversationId, userMessageId)) return true;
  }
  return false;
}

/** One streamed turn at a time: send, regenerate, edit-and-resend, stop. */
export function useChatTurn(conversationId: string) {
  const queryClient = useQueryClient();
  const [live, setLive] = useState<LiveTurn | null>(null);
  const controllerRef = useRef<AbortController | null>(null);
  const keyRef = useRef(0);
  const mountedRef = useRef(false);

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
      // Leaving the conversation stops its answer (saved as stopped). Deferred, so React's
      // development double-mount does not stop a stream it is about to keep.
      const controller = controllerRef.current;
      setTimeout(() => {
        if (!mountedRef.current) controller?.abort();
      }, 0);
    };
  }, []);

  const start = useCallback(
    async (request: TurnRequest) => {
      if (controllerRef.current) return;
      const controller = new AbortController();
      controllerRef.current = controller;
      keyRef.current += 1;
      const key = keyRef.current;
      const update = (patch: Partial<LiveTurn>) => setLive((prev) => (prev?.key === key ? { ...prev, ...patch } : prev));
      setLive({ key, request, phase: 'streaming', text: '', status: 'streaming', error: null, accepted: false, metadata: {} });

      const outcome = await streamAnswer(conversationId, request, controller.signal, (progress) =>
        update({ text: progress.text, metadata: progress.metadata, accepted: true }),
      );
      controllerRef.current = null;
      update({ ...outcome, phase: outcome.accepted ? 'settling' : 'done' });
      if (!outcome.accepted) return;

      // The title is set from the first message, and the conversation moves to the top.
      void queryClient.invalidateQueries({ queryKey: queryKeys.sandbox.conversations });
      const settled = await settle(queryClient, conversationId, outcome.metadata.userMessageId);
      setLive((prev) => (prev?.key === key ? (settled ? null : { ...prev, phase: 'done' }) : prev));
    },
    [conversationId, queryClient],
  );

  const stop = useCallback(() => controllerRef.current?.abort(), []);
  const dismiss = useCallback(() => setLive((prev) => (prev?.phase === 'done' ? null : prev)), []);

  return { live, busy: live?.phase === 'streaming' || live?.phase === 'settling', start, stop, dismiss };
}
