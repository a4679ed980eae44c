import { useQuery } from '@tanstack/react-query';
import { getAgent, getPrompt, listAgents, listPrompts } from '../api/content-api.js';
import { queryKeys } from '../../../lib/query-keys.js';

export function useAgents() {
  return useQuery({ queryKey: queryKeys.sandbox.agents, queryFn: ({ signal }) => listAgents(signal), select: (page) => page.items });
}

export function useAgent(id: string | null) {
  return useQuery({
    queryKey: queryKeys.sandbox.agent(id ?? ''),
    queryFn: ({ signal }) => getAgent(id ?? '', signal),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function usePrompts(q: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.sandbox.prompts(q),
    queryFn: ({ signal }) => listPrompts(q, signal),
    select: (page) => page.items,
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function usePrompt(id: string | null) {
  return useQuery({
    queryKey: queryKeys.sandbox.prompt(id ?? ''),
    queryFn: ({ signal }) => getPrompt(id ?? '', signal),
    enabled: id !== null,
  });
}
