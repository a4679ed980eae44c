import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { BudgetInput, CreateConnectionInput, ModelPrice, UpdateConnectionInput } from '../../../../contracts/ai.js';
import * as api from '../api/ai-api.js';

export const aiKeys = {
  connections: ['ai', 'connections'] as const,
  prices: ['ai', 'prices'] as const,
  budget: (communityId: string) => ['ai', 'budget', communityId] as const,
  labModels: ['ai', 'lab', 'models'] as const,
  labRuns: ['ai', 'lab', 'runs'] as const,
};

export function useConnections(enabled = true) {
  return useQuery({ queryKey: aiKeys.connections, queryFn: ({ signal }) => api.listConnections(signal), select: (d) => d.items, enabled });
}

export function useSaveConnection() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string | null; create?: CreateConnectionInput; patch?: UpdateConnectionInput }) =>
      v.id ? api.updateConnection(v.id, v.patch ?? {}) : api.createConnection(v.create as CreateConnectionInput),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ai'] }),
  });
}

export function useDeleteConnection() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (id: string) => api.deleteConnection(id), onSuccess: () => queryClient.invalidateQueries({ queryKey: ['ai'] }) });
}

export function useTestConnection() {
  return useMutation({ mutationFn: (v: { id: string; model?: string }) => api.testConnection(v.id, v.model) });
}

export function usePrices() {
  return useQuery({ queryKey: aiKeys.prices, queryFn: ({ signal }) => api.listPrices(signal) });
}

export function useReplacePrices() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (prices: ModelPrice[]) => api.replacePrices(prices), onSuccess: (data) => queryClient.setQueryData(aiKeys.prices, data) });
}

export function useBudget(communityId: string | undefined) {
  return useQuery({ queryKey: aiKeys.budget(communityId ?? ''), queryFn: ({ signal }) => api.getBudget(communityId ?? '', signal), enabled: Boolean(communityId) });
}

export function usePutBudget(communityId: string) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (input: BudgetInput) => api.putBudget(communityId, input), onSuccess: (data) => queryClient.setQueryData(aiKeys.budget(communityId), data) });
}


export function useLabModels() {
  return useQuery({ queryKey: aiKeys.labModels, queryFn: ({ signal }) => api.listLabModels(signal), select: (d) => d.items });
}
