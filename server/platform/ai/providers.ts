import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { LanguageModelV3 } from '@ai-sdk/provider';
import { sql, type Transaction } from 'kysely';
import type { AiProvider } from '../../../contracts/ai.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db-schema.js';
import { AppError } from '../../lib/app-error.js';
import { keyVault } from '../../lib/key-vault.js';
import { createOfflineModel, OFFLINE_MODEL_ID } from './offline-model.js';
import { guardedFetch } from '../../lib/outbound-guard.js';
import { rememberSecret } from '../../lib/secret-redaction.js';

/** The environment's built-in provider (§6). */
type EnvProviderConfig = Pick<Config, 'AI_PROVIDER' | 'AI_BASE_URL' | 'AI_API_KEY' | 'AI_MODEL' | 'OFFLINE_TOKEN_DELAY_MS'>;
type ProviderConfig = EnvProviderConfig & Pick<Config, 'AI_KEYS_SECRET'>;

const defaultModels: Record<Config['AI_PROVIDER'], string> = {
  offline: OFFLINE_MODEL_ID,
  openai: 'gpt-4o-mini',
  'openai-compatible': 'llama3.1',
  anthropic: 'claude-3-5-haiku-latest',
  google: 'gemini-2.0-flash',
};

/** The name the built-in (environment) provider goes by in pickers and cost reports. */
export const BUILT_IN_CONNECTION_NAME = 'Built-in';

export interface ResolvedModel {
  model: LanguageModelV3;
  modelId: string;
  offline: boolean;
  /** The AI connection used; null for the environment's provider. */
  connectionId: string | null;
  connectionName: string;
  /**
   * Whether the protocol takes a JSON schema for structured answers. An OpenAI-compatible server is
   * asked for plain JSON instead (the schema is then checked here): passing a schema it cannot take
   * would only be ignored, with an AI SDK warning on every call.
   */
  structuredOutputs: boolean;
}

/** What an agent (or an evaluator, or a Prompt Lab column) asks for: a connection and a model. */
export interface ModelChoice {
  connectionId: string | null;
  model: string | null;
}

interface ProviderSettings {
  provider: AiProvider;
  baseURL: string | undefined;
  apiKey: string | undefined;
  /** For admin-made connections: outbound-guard's fetch (no private addresses, no redirects followed). */
  fetch?: typeof fetch;
}

/** One language model through the Vercel AI SDK for any provider. */
export function providerModel({ provider, baseURL, apiKey, fetch }: ProviderSettings, modelId: string): LanguageModelV3 {
  const guarded = fetch ? { fetch } : {};
  // Log lines are scrubbed of every key in use, should a provider echo it in an error (issue 26).
  rememberSecret(apiKey);
  switch (provider) {
    case 'openai':
      // Chat Completions: the protocol every OpenAI-shaped server speaks.
      return createOpenAI({ baseURL, apiKey, ...guarded }).chat(modelId);
    case 'openai-compatible':
      return createOpenAICompatible({ name: 'openai-compatible', baseURL: baseURL ?? 'http://127.0.0.1:11434/v1', apiKey, includeUsage: true, ...guarded }).chatModel(modelId);
    case 'anthropic':
      return createAnthropic({ baseURL, apiKey, ...guarded }).languageModel(modelId);
    case 'google':
      // Google puts the model id in the URL path: each segment encoded, so an id cannot change the path.
      return createGoogleGenerativeAI({ baseURL, apiKey, ...guarded }).languageModel(modelId.split('/').map(encodeURIComponent).join('/'));
  }
}

const takesSchema = (provider: AiProvider): boolean => provider !== 'openai-compatible';

/** The environment's model name when nothing else is chosen (the built-in default). */
export function defaultModelId(config: Pick<Config, 'AI_PROVIDER' | 'AI_MODEL'>): string {
  return config.AI_PROVIDER === 'offline' ? OFFLINE_MODEL_ID : config.AI_MODEL || defaultModels[config.AI_PROVIDER];
}

/**
 * The environment's provider (§6): the agent's own model when it names one, else AI_MODEL, else the
 * provider's default. `offline` needs no network.
 */
export function resolveModel(config: EnvProviderConfig, agentModel: string | null): ResolvedModel {
  const provider = config.AI_PROVIDER;
  const base = { connectionId: null, connectionName: BUILT_IN_CONNECTION_NAME };
  if (provider === 'offline') {
    return { ...base, model: createOfflineModel(config.OFFLINE_TOKEN_DELAY_MS), modelId: OFFLINE_MODEL_ID, offline: true, structuredOutputs: false };
  }
  const modelId = agentModel || defaultModelId(config);
  return { ...base, model: providerModel({ provider, baseURL: config.AI_BASE_URL, apiKey: config.AI_API_KEY }, modelId), modelId, offline: false, structuredOutputs: takesSchema(provider) };
}

export interface ConnectionSecret {
  id: string;
  name: string;
  provider: AiProvider;
  baseUrl: string | null;
  apiKey: string | undefined;
  models: string[];
  promptLab: boolean;
}

/**
 * Reads a connection with its decrypted key through the one narrow database path
 * (app.ai_connection_secret). Callers decide whether the use is allowed; the key never leaves the
 * server and is never logged.
 */
export async function findConnectionSecret(db: Transaction<Database>, config: Pick<Config, 'AI_KEYS_SECRET'>, connectionId: string): Promise<ConnectionSecret | null> {
  const { rows } = await sql<{ id: string; name: string; provider: AiProvider; base_url: string | null; api_key_encrypted: string | null; models: string[]; prompt_lab: boolean }>`
    select * from app.ai_connection_secret(${connectionId}::uuid)`.execute(db);
  const row = rows[0];
  if (!row) return null;
  let apiKey: string | undefined;
  if (row.api_key_encrypted) {
    try {
      apiKey = keyVault(config.AI_KEYS_SECRET).decrypt(row.api_key_encrypted, row.id);
    } catch {
      throw new AppError('ai_key_unreadable', `The key of the AI connection “${row.name}” cannot be read (the server's AI_KEYS_SECRET changed?). An administrator needs to enter it again.`, { details: { connection: row.name } });
    }
  }
  return { id: row.id, name: row.name, provider: row.provider, baseUrl: row.base_url, apiKey, models: row.models, promptLab: row.prompt_lab };
}

/** The model of a connection, ready to stream. */
export function connectionModel(connection: ConnectionSecret, modelId: string): ResolvedModel {
  return {
    model: providerModel({ provider: connection.provider, baseURL: connection.baseUrl ?? undefined, apiKey: connection.apiKey, fetch: guardedFetch }, modelId),
    modelId,
    offline: false,
    connectionId: connection.id,
    connectionName: connection.name,
    structuredOutputs: takesSchema(connection.provider),
  };
}

/**
 * The one place a model is chosen for an agent, an evaluator or a Prompt Lab column: the named
 * connection with the chosen model (its first model when none is named), or, without a connection,
 * the environment's provider.
 */
export async function resolveModelFor(db: Transaction<Database>, config: ProviderConfig, choice: ModelChoice): Promise<ResolvedModel> {
  if (!choice.connectionId) return resolveModel(config, choice.model);
  const connection = await findConnectionSecret(db, config, choice.connectionId);
  if (!connection) throw new AppError('ai_connection_removed', 'The AI connection this uses was removed. An administrator needs to choose another one.');
  const modelId = choice.model || connection.models[0];
  if (!modelId) throw new AppError('ai_connection_without_model', `The AI connection “${connection.name}” lists no model. An administrator needs to add one.`, { details: { connection: connection.name } });
  return connectionModel(connection, modelId);
}
