import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Conversation } from '../../../../contracts/conversations.js';
import {
  createConversation,
  deleteConversation,
  getConversation,
  listConversations,
  updateConversation,
} from '../api/conversations-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useConversationList(q: string) {
  return useInfiniteQuery({
    queryKey: queryKeys.sandbox.conversationList(q),
    queryFn: ({ pageParam, signal }) => listConversations(q, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: (previous) => previous,
  });
}

export function useConversation(id: string) {
  return useQuery({ queryKey: queryKeys.sandbox.conversation(id), queryFn: ({ signal }) => getConversation(id, signal) });
}

export function useCreateConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (agentId: string) => createConversation(agentId),
    onSuccess: (conversation) => {
      queryClient.setQueryData(queryKeys.sandbox.conversation(conversation.id), conversation);
      return queryClient.invalidateQueries({ queryKey: queryKeys.sandbox.conversations });
    },
  });
}

export function useUpdateConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; patch: Partial<Pick<Conversation, 'title' | 'pinned'>> }) =>
      updateConversation(input.id, input.patch),
    onSuccess: (conversation) => {
      queryClient.setQueryData(queryKeys.sandbox.conversation(conversation.id), conversation);
      return queryClient.invalidateQueries({ queryKey: queryKeys.sandbox.conversations });
    },
  });
}

export function useDeleteConversation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => deleteConversation(id),
    onSuccess: (_void, id) => {
      queryClient.removeQueries({ queryKey: queryKeys.sandbox.conversation(id) });
      queryClient.removeQueries({ queryKey: queryKeys.sandbox.messages(id) });
      return queryClient.invalidateQueries({ queryKey: queryKeys.sandbox.conversations });
    },
  });
}
