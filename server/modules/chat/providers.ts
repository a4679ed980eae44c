import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import type { Config } from '../../config.js';
import { createOfflineModel, OFFLINE_MODEL_ID } from './offline-model.js';

type ProviderConfig = Pick<Config, 'AI_PROVIDER' | 'AI_BASE_URL' | 'AI_API_KEY' | 'AI_MODEL' | 'OFFLINE_TOKEN_DELAY_MS'>;

const defaultModels: Record<Config['AI_PROVIDER'], string> = {
  offline: OFFLINE_MODEL_ID,
  openai: 'gpt-4o-mini',
  'openai-compatible': 'llama3.1',
  anthropic: 'claude-3-5-haiku-latest',
  google: 'gemini-2.0-flash',
};

export interface ResolvedModel {
  model: LanguageModelV3;
  modelId: string;
  offline: boolean;
}

/**
 * The language model for one answer: the agent's own model when it names one, else AI_MODEL, else
 * the provider's default. Every provider goes through the Vercel AI SDK; `offline` needs no network.
 */
export function resolveModel(config: ProviderConfig, agentModel: string | null): ResolvedModel {
  const provider = config.AI_PROVIDER;
  if (provider === 'offline') {
    return { model: createOfflineModel(config.OFFLINE_TOKEN_DELAY_MS), modelId: OFFLINE_MODEL_ID, offline: true };
  }
  const modelId = agentModel || config.AI_MODEL || defaultModels[provider];
  const baseURL = config.AI_BASE_URL;
  const apiKey = config.AI_API_KEY;
  switch (provider) {
    case 'openai':
      // Chat Completions: the protocol every OpenAI-shaped server speaks.
      return { model: createOpenAI({ baseURL, apiKey }).chat(modelId), modelId, offline: false };
    case 'openai-compatible':
      return {
        model: createOpenAICompatible({ name: 'openai-compatible', baseURL: baseURL ?? 'http://127.0.0.1:11434/v1', apiKey, includeUsage: true }).chatModel(modelId),
        modelId,
        offline: false,
      };
    case 'anthropic':
      return { model: createAnthropic({ baseURL, apiKey }).languageModel(modelId), modelId, offline: false };
    case 'google':
      return { model: createGoogleGenerativeAI({ baseURL, apiKey }).languageModel(modelId), modelId, offline: false };
  }
}
