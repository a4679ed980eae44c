import type { CompareInput, LabAnswer, LabModels, LabRun, LabTarget } from '../../../contracts/ai.js';
import type { Config } from '../../config.js';
import { AppError } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { BUILT_IN_CONNECTION_NAME, defaultModelId, type RunOutcome } from '../../platform/ai/index.js';
import { requireFeature } from '../flags/flags.service.js';
import { iso } from '../../lib/dates.js';

/** The Prompt Lab's answers are short comparisons: a fixed output allowance keeps their cost bounded. */
export const LAB_MAX_OUTPUT_TOKENS = 1024;

/** What a member may compare: the built-in model and every model of the Prompt Lab connections. */
export async function labModels(ctx: UserContext, config: Pick<Config, 'AI_PROVIDER' | 'AI_MODEL'>): Promise<LabModels> {
  await requireFeature(ctx, 'sandbox');
  const connections = await ctx.db.selectFrom('ai_connections').select(['id', 'name', 'models']).where('prompt_lab', '=', true).orderBy('name').execute();
  return {
    items: [
      { connectionId: null, connectionName: BUILT_IN_CONNECTION_NAME, model: defaultModelId(config), offline: config.AI_PROVIDER === 'offline' },
      ...connections.flatMap((c) => c.models.map((model) => ({ connectionId: c.id, connectionName: c.name, model, offline: false }))),
    ],
  };
}

const sameTarget = (a: LabTarget, b: LabTarget) => a.connectionId === b.connectionId && a.model === b.model;

/** Every target must be one the caller may compare; anything else is refused as not found. */
export async function requireLabTargets(ctx: UserContext, config: Pick<Config, 'AI_PROVIDER' | 'AI_MODEL'>, input: CompareInput): Promise<void> {
  const allowed = (await labModels(ctx, config)).items;
  for (const target of input.targets) {
    if (!allowed.some((a) => sameTarget(a, target))) {
      throw new AppError('lab_model_unavailable', `The model “${target.model}” is not available in the Prompt Lab.`, { details: { model: target.model } });
    }
  }
  if (input.targets.some((t, i) => input.targets.findIndex((o) => sameTarget(o, t)) !== i)) {
    throw new AppError('lab_duplicate_model', 'Choose each model only once.');
  }
}

export async function createRun(ctx: UserContext, prompt: string): Promise<string> {
  const row = await ctx.db.insertInto('lab_runs').values({ user_id: ctx.actor.userId, prompt }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** A Prompt Lab answer cut off by a restart is simply a failed one. */
export const labStatus = (status: RunOutcome['status']): 'complete' | 'stopped' | 'error' => (status === 'interrupted' ? 'error' : status);

export async function saveLabAnswer(
  ctx: UserContext,
  input: { runId: string; position: number; connectionId: string | null; connectionName: string; outcome: RunOutcome; cost: number | null },
): Promise<string> {
  const { outcome } = input;
  const row = await ctx.db
    .insertInto('lab_answers')
    .values({
      run_id: input.runId,
      user_id: ctx.actor.userId,
      position: input.position,
      connection_id: input.connectionId,
      connection_name: input.connectionName,
      model: outcome.model,
      text: outcome.text,
      status: labStatus(outcome.status),
      error: outcome.error,
      input_tokens: outcome.inputTokens,
      output_tokens: outcome.outputTokens,
      cost: input.cost,
      duration_ms: outcome.durationMs,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The caller's latest runs, newest first, each with its answers in column order. */
export async function listRuns(ctx: UserContext, limit: number): Promise<LabRun[]> {
  await requireFeature(ctx, 'sandbox');
  const runs = await ctx.db.selectFrom('lab_runs').select(['id', 'prompt', 'created_at']).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
  if (runs.length === 0) return [];
  const answers = await ctx.db
    .selectFrom('lab_answers')
    .selectAll()
    .where(
      'run_id',
      'in',
      runs.map((r) => r.id),
    )
    .orderBy('position')
    .execute();
  return runs.map((run) => ({
    id: run.id,
    prompt: run.prompt,
    createdAt: iso(run.created_at),
    answers: answers
      .filter((a) => a.run_id === run.id)
      .map(
        (a): LabAnswer => ({
          id: a.id,
          position: a.position,
          connectionId: a.connection_id,
          connectionName: a.connection_name,
          model: a.model,
          text: a.text,
          status: a.status,
          error: a.error,
          inputTokens: a.input_tokens,
          outputTokens: a.output_tokens,
          cost: a.cost === null ? null : Number(a.cost),
          durationMs: a.duration_ms,
        }),
      ),
  }));
}
