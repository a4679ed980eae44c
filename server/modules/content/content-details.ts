import { createHash } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import {
  type AgentDetails,
  type agentInputSchema,
  type AutomationDetails,
  type automationInputSchema,
  type ContentKind,
  type DocumentDetails,
  type documentInputSchema,
  type ExerciseDetails,
  type exerciseInputSchema,
  rubricCriterionSchema,
  type PromptDetails,
  promptVariables,
  type promptInputSchema,
  type VideoDetails,
  type videoInputSchema,
} from '../../../contracts/content.js';
import { z as zod } from 'zod';
import type { Database } from '../../db-schema.js';
import { AppError } from '../../lib/app-error.js';
import { validateAgentKnowledge } from '../knowledge/knowledge.service.js';
import { htmlToText, readingStats, sanitizeDocumentHtml } from './document-html.js';
import { parseVideoUrl } from './video-url.js';

type Db = Transaction<Database>;

export type DetailsInput = {
  agent: z.output<typeof agentInputSchema>;
  video: z.output<typeof videoInputSchema>;
  document: z.output<typeof documentInputSchema>;
  prompt: z.output<typeof promptInputSchema>;
  automation: z.output<typeof automationInputSchema>;
  exercise: z.output<typeof exerciseInputSchema>;
};

export type DetailsOutput = {
  agent: AgentDetails;
  video: VideoDetails;
  document: DocumentDetails;
  prompt: PromptDetails;
  automation: AutomationDetails;
  exercise: ExerciseDetails;
};

/** The words full-text search should find for an item, besides its title and description. */
export type SearchText = string;

/**
 * A chosen connection (an agent's, or an exercise's evaluator's) must exist and offer the chosen
 * model. `fields` names the two inputs, so the form can show the problem next to them.
 */
async function checkConnectionChoice(db: Db, choice: { connectionId: string | null; model: string | null }, fields: { connection: string; model: string }): Promise<void> {
  if (!choice.connectionId) return;
  const connection = await db.selectFrom('ai_connections').select(['name', 'models']).where('id', '=', choice.connectionId).executeTakeFirst();
  const invalid = (path: string, message: string) =>
    new AppError('validation_failed', `${path}: ${message}`, { details: { in: 'body', issues: [{ path, message }] } });
  if (!connection) throw invalid(fields.connection, 'That AI connection does not exist.');
  if (choice.model && !connection.models.includes(choice.model)) {
    throw invalid(fields.model, `The connection “${connection.name}” does not offer the model “${choice.model}”. Choose one of: ${connection.models.join(', ')}.`);
  }
}

/** Writes (insert or replace) the kind's details row and returns the text to index. */
export async function writeDetails<K extends ContentKind>(db: Db, kind: K, contentId: string, input: DetailsInput[K]): Promise<SearchText> {
  switch (kind) {
    case 'agent': {
      const d = input as DetailsInput['agent'];
      await checkConnectionChoice(db, { connectionId: d.connectionId ?? null, model: d.model ?? null }, { connection: 'details.connectionId', model: 'details.model' });
      await validateAgentKnowledge({ db }, d.knowledge);
      const row = {
        content_id: contentId,
        system_prompt: d.systemPrompt,
        model: d.model ?? null,
        connection_id: d.connectionId ?? null,
        temperature: d.temperature,
        max_output_tokens: d.maxOutputTokens,
        starter_prompts: d.starterPrompts,
        welcome_message: d.welcomeMessage,
        knowledge_content_ids: [...new Set(d.knowledge.contentIds)],
        knowledge_file_ids: [...new Set(d.knowledge.fileIds)],
        knowledge_strict: d.knowledge.strict,
      };
      await db.insertInto('agent_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return [d.systemPrompt, d.welcomeMessage, ...d.starterPrompts].join(' ');
    }
    case 'video': {
      const d = input as DetailsInput['video'];
      const parsed = parseVideoUrl(d.url);
      const row = {
        content_id: contentId,
        url: d.url,
        platform: parsed.platform,
        external_id: parsed.externalId,
        duration_seconds: d.durationSeconds ?? null,
        transcript: d.transcript,
      };
      await db.insertInto('video_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return d.transcript;
    }
    case 'document': {
      const d = input as DetailsInput['document'];
      const bodyHtml = sanitizeDocumentHtml(d.bodyHtml);
      const text = htmlToText(bodyHtml);
      const { wordCount, readingMinutes } = readingStats(text);
      const row = {
        content_id: contentId,
        body_html: bodyHtml,
        body_json: d.bodyJson === undefined ? null : JSON.stringify(d.bodyJson),
        word_count: wordCount,
        reading_minutes: readingMinutes,
      };
      await db.insertInto('document_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return text;
    }
    case 'prompt': {
      const d = input as DetailsInput['prompt'];
      const row = { content_id: contentId, prompt_text: d.promptText, category: d.category };
      await db.insertInto('prompt_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return `${d.promptText} ${d.category}`;
    }
    case 'automation': {
      const d = input as DetailsInput['automation'];
      const row = {
        content_id: contentId,
        workflow_url: d.workflowUrl,
        required_tools: d.requiredTools,
        tool_description: d.toolDescription,
        setup_instructions: d.setupInstructions,
      };
      await db.insertInto('automation_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return [d.toolDescription, d.setupInstructions, ...d.requiredTools].join(' ');
    }
    case 'exercise': {
      const d = input as DetailsInput['exercise'];
      if (d.practiceAgentId) {
        const agent = await db.selectFrom('content_items').select('id').where('id', '=', d.practiceAgentId).where('kind', '=', 'agent').executeTakeFirst();
        if (!agent) {
          throw new AppError('agent_not_found', 'details.practiceAgentId: That agent was not found.', {
            details: { in: 'body', issues: [{ path: 'details.practiceAgentId', message: 'That agent was not found.' }] },
          });
        }
      }
      const evaluator = { connectionId: d.evaluatorConnectionId, model: d.evaluatorModel || null };
      await checkConnectionChoice(db, evaluator, { connection: 'details.evaluatorConnectionId', model: 'details.evaluatorModel' });
      const row = {
        content_id: contentId,
        brief: d.brief,
        practice_agent_id: d.practiceAgentId,
        rubric: JSON.stringify(d.rubric.map(({ id, title, description, weight }) => ({ id, title, description, weight }))),
        pass_mark: d.passMark,
        max_attempts: d.maxAttempts,
        evaluator_instructions: d.evaluatorInstructions,
        evaluator_connection_id: evaluator.connectionId,
        evaluator_model: evaluator.model,
        graded: d.graded,
        reference_answer: d.referenceAnswer,
        exemplars: JSON.stringify(exemplarsWithIds(d.exemplars, d.rubric.map((c) => c.id))),
      };
      await db.insertInto('exercise_details').values(row).onConflict((oc) => oc.column('content_id').doUpdateSet(row)).execute();
      return [d.brief, ...d.rubric.map((c) => `${c.title} ${c.description}`)].join(' ');
    }
    default:
      throw new Error(`unknown content kind ${String(kind)}`);
  }
}

/** Reads the kind's details in the shape the API answers; null when RLS hides the row. */
export async function readDetails<K extends ContentKind>(db: Db, kind: K, contentId: string): Promise<DetailsOutput[K] | null> {
  switch (kind) {
    case 'agent': {
      const r = await db.selectFrom('agent_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: AgentDetails = {
        systemPrompt: r.system_prompt,
        model: r.model,
        connectionId: r.connection_id,
        temperature: Number(r.temperature),
        maxOutputTokens: r.max_output_tokens,
        starterPrompts: r.starter_prompts,
        welcomeMessage: r.welcome_message,
        knowledge: { contentIds: r.knowledge_content_ids, fileIds: r.knowledge_file_ids, strict: r.knowledge_strict },
      };
      return out as DetailsOutput[K];
    }
    case 'video': {
      const r = await db.selectFrom('video_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: VideoDetails = {
        url: r.url,
        platform: r.platform,
        externalId: r.external_id,
        embedUrl: parseVideoUrl(r.url).embedUrl,
        durationSeconds: r.duration_seconds,
        transcript: r.transcript,
      };
      return out as DetailsOutput[K];
    }
    case 'document': {
      const r = await db.selectFrom('document_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: DocumentDetails = { bodyHtml: r.body_html, bodyJson: r.body_json ?? undefined, wordCount: r.word_count, readingMinutes: r.reading_minutes };
      return out as DetailsOutput[K];
    }
    case 'prompt': {
      const r = await db.selectFrom('prompt_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: PromptDetails = { promptText: r.prompt_text, category: r.category, variables: promptVariables(r.prompt_text), copyCount: r.copy_count };
      return out as DetailsOutput[K];
    }
    case 'automation': {
      const r = await db.selectFrom('automation_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: AutomationDetails = {
        workflowUrl: r.workflow_url,
        requiredTools: r.required_tools,
        toolDescription: r.tool_description,
        setupInstructions: r.setup_instructions,
      };
      return out as DetailsOutput[K];
    }
    case 'exercise': {
      const r = await db.selectFrom('exercise_details').selectAll().where('content_id', '=', contentId).executeTakeFirst();
      if (!r) return null;
      const out: ExerciseDetails = {
        brief: r.brief,
        practiceAgentId: r.practice_agent_id,
        rubric: rubricOf(r.rubric),
        passMark: r.pass_mark,
        maxAttempts: r.max_attempts,
        evaluatorInstructions: r.evaluator_instructions,
        evaluatorConnectionId: r.evaluator_connection_id,
        evaluatorModel: r.evaluator_model,
        graded: r.graded,
        referenceAnswer: r.reference_answer,
        exemplars: exemplarsOf(r.exemplars),
      };
      return out as DetailsOutput[K];
    }
    default:
      throw new Error(`unknown content kind ${String(kind)}`);
  }
}

const storedRubric = zod.array(rubricCriterionSchema);

/** The rubric as stored (jsonb), checked: a row edited by hand cannot crash the API. */
export function rubricOf(value: unknown): ExerciseDetails['rubric'] {
  return storedRubric.parse(typeof value === 'string' ? JSON.parse(value) : value);
}

const storedExemplars = zod.array(
  zod.object({ id: zod.string(), text: zod.string(), scores: zod.array(zod.object({ criterionId: zod.string(), score: zod.number() })) }),
);

/** The scored examples as stored (jsonb), checked like the rubric. */
export function exemplarsOf(value: unknown): ExerciseDetails['exemplars'] {
  return storedExemplars.parse(typeof value === 'string' ? JSON.parse(value) : (value ?? []));
}

/**
 * Every example gets a stable id (from its text when the trainer gave none, so the same set keeps
 * the same fingerprint), and keeps only scores of criteria the rubric has, each once.
 */
export function exemplarsWithIds(
  exemplars: Array<{ id?: string | undefined; text: string; scores: Array<{ criterionId: string; score: number }> }>,
  criterionIds: string[],
): ExerciseDetails['exemplars'] {
  const taken = new Set<string>();
  return exemplars.map((e) => {
    let id = e.id ?? `ex-${createHash('sha256').update(e.text).digest('hex').slice(0, 10)}`;
    for (let n = 2; taken.has(id); n += 1) id = `${(e.id ?? id).slice(0, 36)}-${n}`;
    taken.add(id);
    const seen = new Set<string>();
    const scores = e.scores.filter((s) => criterionIds.includes(s.criterionId) && !seen.has(s.criterionId) && seen.add(s.criterionId));
    return { id, text: e.text, scores };
  });
}
