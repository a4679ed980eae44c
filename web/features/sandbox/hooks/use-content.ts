import { useQuery } from '@tanstack/react-query';
import { getAgent, getPrompt, listAgents, listPrompts } from '../api/content-api.js';
import { sandboxKeys } from './sandbox-keys.js';

export function useAgents() {
  return useQuery({ queryKey: sandboxKeys.agents, queryFn: ({ signal }) => listAgents(signal), select: (page) => page.items });
}

export function useAgent(id: string | null) {
  return useQuery({
    queryKey: sandboxKeys.agent(id ?? ''),
    queryFn: ({ signal }) => getAgent(id ?? '', signal),
    enabled: id !== null,
    staleTime: 5 * 60_000,
  });
}

export function usePrompts(q: string, enabled: boolean) {
  return useQuery({
    queryKey: sandboxKeys.prompts(q),
    queryFn: ({ signal }) => listPrompts(q, signal),
    select: (page) => page.items,
    enabled,
    placeholderData: (previous) => previous,
  });
}

export function usePrompt(id: string | null) {
  return useQuery({
    queryKey: sandboxKeys.prompt(id ?? ''),
    queryFn: ({ signal }) => getPrompt(id ?? '', signal),
    enabled: id !== null,
  });
}
