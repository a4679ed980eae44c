import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { z } from 'zod';
import type { AiConnection, ConnectionTestResult, createConnectionSchema, UpdateConnectionInput } from '../../../contracts/ai.js';
import type { Config } from '../../config.js';
import { isUniqueViolation, requireAdmin } from '../../lib/access.js';
import { AppError, notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { recordAudit } from '../audit/audit.service.js';
import { iso } from '../../lib/dates.js';
import { type ConnectionSecret, connectionModel, findConnectionSecret } from '../../platform/ai/index.js';
import { keyVault } from '../../lib/key-vault.js';
import { connectionFailure, describeConnectionFailure, probeModel } from './connection-probe.js';

const connectionNotFound = () => notFound('That AI connection');
const nameTaken = () => new AppError('ai_connection_name_taken', 'Another AI connection already has that name.');

// The key column is not granted for reading; `api_key_encrypted is not null` is computed by
// app.ai_connection_secret, so the public columns plus a flag are selected here.
const publicColumns = ['id', 'name', 'provider', 'base_url', 'models', 'prompt_lab', 'created_at', 'updated_at'] as const;

interface ConnectionRow {
  id: string;
  name: string;
  provider: AiConnection['provider'];
  base_url: string | null;
  models: string[];
  prompt_lab: boolean;
  created_at: Date;
  updated_at: Date;
}

const toConnection = (row: ConnectionRow, apiKeySet: boolean): AiConnection => ({
  id: row.id,
  name: row.name,
  provider: row.provider,
  baseUrl: row.base_url,
  apiKeySet,
  models: row.models,
  promptLab: row.prompt_lab,
  createdAt: iso(row.created_at),
  updatedAt: iso(row.updated_at),
});

async function keySet(ctx: UserContext, id: string): Promise<boolean> {
  const { rows } = await sql<{ key_set: boolean }>`select api_key_encrypted is not null as key_set from app.ai_connection_secret(${id}::uuid)`.execute(ctx.db);
  return rows[0]?.key_set ?? false;
}

export async function listConnections(ctx: UserContext): Promise<AiConnection[]> {
  requireAdmin(ctx);
  const rows = await ctx.db.selectFrom('ai_connections').select(publicColumns).orderBy('name').execute();
  return Promise.all(rows.map(async (row) => toConnection(row, await keySet(ctx, row.id))));
}

export async function getConnection(ctx: UserContext, id: string): Promise<AiConnection> {
  requireAdmin(ctx);
  const row = await ctx.db.selectFrom('ai_connections').select(publicColumns).where('id', '=', id).executeTakeFirst();
  if (!row) throw connectionNotFound();
  return toConnection(row, await keySet(ctx, id));
}

const uniqueModels = (models: string[]) => [...new Set(models)];

export async function createConnection(ctx: UserContext, config: Pick<Config, 'AI_KEYS_SECRET'>, input: z.output<typeof createConnectionSchema>): Promise<AiConnection> {
  requireAdmin(ctx);
  // The id is chosen here so the key can be bound to it (associated data) before the row exists.
  const id = randomUUID();
  try {
    await ctx.db
      .insertInto('ai_connections')
      .values({
        id,
        name: input.name,
        provider: input.provider,
        base_url: input.baseUrl ?? null,
        api_key_encrypted: input.apiKey ? keyVault(config.AI_KEYS_SECRET).encrypt(input.apiKey, id) : null,
        models: uniqueModels(input.models),
        prompt_lab: input.promptLab,
        created_by: ctx.actor.userId,
        updated_by: ctx.actor.userId,
      })
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  const created = await getConnection(ctx, id);
  await recordAudit(ctx, { action: 'ai_connection.create', entityType: 'ai_connection', entityId: id, after: created });
  return created;
}

export async function updateConnection(ctx: UserContext, config: Pick<Config, 'AI_KEYS_SECRET'>, id: string, patch: UpdateConnectionInput): Promise<AiConnection> {
  const before = await getConnection(ctx, id);
  if (patch.models) {
    // An agent or an evaluator must keep a model its connection offers.
    const models = patch.models;
    const orphaned = (await connectionUsers(ctx, id)).filter((u) => u.model !== null && !models.includes(u.model));
    if (orphaned.length > 0) {
      const uses = orphaned.map((u) => `${u.label} (${u.model ?? ''})`).join(', ');
      throw new AppError('ai_model_in_use', `These use a model you removed: ${uses}. Change them first.`, { details: { uses } });
    }
  }
  try {
    await ctx.db
      .updateTable('ai_connections')
      .set({
        ...(patch.name === undefined ? {} : { name: patch.name }),
        ...(patch.provider === undefined ? {} : { provider: patch.provider }),
        ...(patch.baseUrl === undefined ? {} : { base_url: patch.baseUrl }),
        ...(patch.apiKey === undefined ? {} : { api_key_encrypted: patch.apiKey === null ? null : keyVault(config.AI_KEYS_SECRET).encrypt(patch.apiKey, id) }),
        ...(patch.models === undefined ? {} : { models: uniqueModels(patch.models) }),
        ...(patch.promptLab === undefined ? {} : { prompt_lab: patch.promptLab }),
        updated_by: ctx.actor.userId,
      })
      .where('id', '=', id)
      .execute();
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken();
    throw error;
  }
  const after = await getConnection(ctx, id);
  await recordAudit(ctx, { action: 'ai_connection.update', entityType: 'ai_connection', entityId: id, before, after: { ...after, keyChanged: patch.apiKey !== undefined } });
  return after;
}

/** The agents and exercise evaluators that use a connection, with the model each chose. */
async function connectionUsers(ctx: UserContext, id: string): Promise<Array<{ label: string; model: string | null }>> {
  const agents = await ctx.db
    .selectFrom('agent_details as d')
    .innerJoin('content_items as ci', 'ci.id', 'd.content_id')
    .select(['ci.title', 'd.model'])
    .where('d.connection_id', '=', id)
    .execute();
  const exercises = await ctx.db
    .selectFrom('exercise_details as d')
    .innerJoin('content_items as ci', 'ci.id', 'd.content_id')
    .select(['ci.title', 'd.evaluator_model as model'])
    .where('d.evaluator_connection_id', '=', id)
    .execute();
  return [
    ...agents.map((a) => ({ label: a.title, model: a.model })),
    ...exercises.map((e) => ({ label: `the evaluator of “${e.title}”`, model: e.model })),
  ].sort((a, b) => a.label.localeCompare(b.label));
}

export async function deleteConnection(ctx: UserContext, id: string): Promise<void> {
  const before = await getConnection(ctx, id);
  const users = await connectionUsers(ctx, id);
  if (users.length > 0) {
    const uses = users.map((u) => u.label).join(', ');
    throw new AppError('ai_connection_in_use', `This connection is used by ${uses}. Choose another connection for them first.`, { details: { uses } });
  }
  await ctx.db.deleteFrom('ai_connections').where('id', '=', id).execute();
  await recordAudit(ctx, { action: 'ai_connection.delete', entityType: 'ai_connection', entityId: id, before });
}

/** The connection with its key, for a test run outside the transaction (an admin only). */
export async function requireConnectionForTest(ctx: UserContext, config: Pick<Config, 'AI_KEYS_SECRET'>, id: string): Promise<ConnectionSecret> {
  requireAdmin(ctx);
  const connection = await findConnectionSecret(ctx.db, config, id);
  if (!connection) throw connectionNotFound();
  return connection;
}

/**
 * Sends a tiny prompt through the connection and reports the latency or the provider's error in
 * plain words (the key, should the provider echo it, is cut out). Runs between transactions: a slow
 * provider must not hold a database connection.
 */
export async function testConnection(connection: ConnectionSecret, model: string | undefined): Promise<ConnectionTestResult> {
  const modelId = model ?? connection.models[0];
  if (!modelId) return { ok: false, latencyMs: 0, error: 'This connection lists no model to test.', code: 'ai_probe_no_model', details: {} };
  const started = performance.now();
  try {
    await probeModel(connectionModel(connection, modelId).model);
    return { ok: true, latencyMs: Math.round(performance.now() - started) };
  } catch (error) {
    const failure = connectionFailure(error, connection, modelId);
    return { ok: false, latencyMs: Math.round(performance.now() - started), error: describeConnectionFailure(failure, connection), ...failure };
  }
}
