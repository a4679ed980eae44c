import { z } from 'zod';
import type { ContentItem, ContentKind, ContentStatus, CreateContentInput } from '../../../../contracts/content.js';
import { emptyKnowledge, type AgentKnowledge } from '../../../../contracts/knowledge.js';
import { formatDuration, parseDuration } from './video-embed.js';
import { i18n } from '../../../lib/i18n.js';

export interface SharedDraft {
  title: string;
  description: string;
  status: ContentStatus;
  tags: string[];
  communityIds: string[];
}

export interface AgentDraft {
  kind: 'agent';
  systemPrompt: string;
  model: string;
  /** '' is the platform's built-in provider. */
  connectionId: string;
  temperature: number;
  maxOutputTokens: number | string;
  starterPrompts: string[];
  welcomeMessage: string;
  /** Library items, uploaded files and the strict switch (ARCHITECTURE §9.4). */
  knowledge: AgentKnowledge;
}
export interface VideoDraft {
  kind: 'video';
  url: string;
  /** As typed: "4:05", "245" or empty. */
  duration: string;
  transcript: string;
}
export interface DocumentDraft {
  kind: 'document';
  bodyHtml: string;
  bodyJson: unknown;
}
export interface PromptDraft {
  kind: 'prompt';
  promptText: string;
  category: string;
}
export interface AutomationDraft {
  kind: 'automation';
  workflowUrl: string;
  requiredTools: string[];
  toolDescription: string;
  setupInstructions: string;
}
export interface CriterionDraft {
  /** Kept from the saved rubric so scores stay comparable; new criteria get one from the server. */
  id: string | null;
  title: string;
  description: string;
  weight: number;
}
export interface ExerciseDraft {
  kind: 'exercise';
  brief: string;
  practiceAgentId: string | null;
  rubric: CriterionDraft[];
  passMark: number;
  /** null: unlimited. */
  maxAttempts: number | null;
  evaluatorInstructions: string;
  /** The evaluator's connection; '' is the platform's built-in provider. */
  evaluatorConnectionId: string;
  /** '' is the connection's first model (or the platform default). */
  evaluatorModel: string;
  /** §10.1: graded (a pass counts, after calibration) or practice. */
  graded: boolean;
  referenceAnswer: string;
  exemplars: ExemplarDraft[];
}
/** A scored example: its text and the trainer's score per criterion id. */
export interface ExemplarDraft {
  id: string | null;
  text: string;
  scores: Record<string, number>;
}
export type DetailsDraft = AgentDraft | VideoDraft | DocumentDraft | PromptDraft | AutomationDraft | ExerciseDraft;

export interface EditorDraft {
  shared: SharedDraft;
  details: DetailsDraft;
}

export function emptyDraft(kind: ContentKind): EditorDraft {
  const shared: SharedDraft = { title: '', description: '', status: 'draft', tags: [], communityIds: [] };
  switch (kind) {
    case 'agent':
      return {
        shared,
        details: {
          kind,
          systemPrompt: '',
          model: '',
          connectionId: '',
          temperature: 0.7,
          maxOutputTokens: 1024,
          starterPrompts: [],
          welcomeMessage: '',
          knowledge: emptyKnowledge(),
        },
      };
    case 'video':
      return { shared, details: { kind, url: '', duration: '', transcript: '' } };
    case 'document':
      return { shared, details: { kind, bodyHtml: '', bodyJson: null } };
    case 'prompt':
      return { shared, details: { kind, promptText: '', category: '' } };
    case 'automation':
      return { shared, details: { kind, workflowUrl: '', requiredTools: [], toolDescription: '', setupInstructions: '' } };
    case 'exercise':
      return {
        shared,
        details: {
          kind,
          brief: '',
          practiceAgentId: null,
          rubric: [{ id: null, title: '', description: '', weight: 1 }],
          passMark: 70,
          maxAttempts: null,
          evaluatorInstructions: '',
          evaluatorConnectionId: '',
          evaluatorModel: '',
          graded: false,
          referenceAnswer: '',
          exemplars: [],
        },
      };
  }
}

export function draftFromItem(item: ContentItem): EditorDraft {
  const shared: SharedDraft = {
    title: item.title,
    description: item.description,
    status: item.status,
    tags: item.tags,
    communityIds: [...item.communityIds].sort(),
  };
  switch (item.kind) {
    case 'agent': {
      const d = item.details;
      return {
        shared,
        details: {
          kind: 'agent',
          systemPrompt: d.systemPrompt,
          model: d.model ?? '',
          connectionId: d.connectionId ?? '',
          temperature: d.temperature,
          maxOutputTokens: d.maxOutputTokens,
          starterPrompts: d.starterPrompts,
          welcomeMessage: d.welcomeMessage,
          knowledge: d.knowledge,
        },
      };
    }
    case 'video':
      return {
        shared,
        details: {
          kind: 'video',
          url: item.details.url,
          duration: formatDuration(item.details.durationSeconds),
          transcript: item.details.transcript,
        },
      };
    case 'document':
      return { shared, details: { kind: 'document', bodyHtml: item.details.bodyHtml, bodyJson: item.details.bodyJson ?? null } };
    case 'prompt':
      return { shared, details: { kind: 'prompt', promptText: item.details.promptText, category: item.details.category } };
    case 'automation':
      return {
        shared,
        details: {
          kind: 'automation',
          workflowUrl: item.details.workflowUrl,
          requiredTools: item.details.requiredTools,
          toolDescription: item.details.toolDescription,
          setupInstructions: item.details.setupInstructions,
        },
      };
    case 'exercise':
      return {
        shared,
        details: {
          kind: 'exercise',
          brief: item.details.brief,
          practiceAgentId: item.details.practiceAgentId,
          rubric: item.details.rubric.map((c) => ({ id: c.id, title: c.title, description: c.description, weight: c.weight })),
          passMark: item.details.passMark,
          maxAttempts: item.details.maxAttempts,
          evaluatorInstructions: item.details.evaluatorInstructions,
          evaluatorConnectionId: item.details.evaluatorConnectionId ?? '',
          evaluatorModel: item.details.evaluatorModel ?? '',
          graded: item.details.graded,
          referenceAnswer: item.details.referenceAnswer,
          exemplars: item.details.exemplars.map((e) => ({ id: e.id, text: e.text, scores: Object.fromEntries(e.scores.map((x) => [x.criterionId, x.score])) })),
        },
      };
  }
}

/** Problems the form can see before asking the server, keyed like fieldKey() keys. */
export function localErrors(draft: EditorDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (draft.details.kind === 'video' && draft.details.duration.trim() && parseDuration(draft.details.duration) === null) {
    errors.duration = i18n.t('content:validation.duration');
  }
  if (draft.details.kind === 'agent' && draft.details.maxOutputTokens === '') {
    errors.maxOutputTokens = i18n.t('content:validation.maxOutputTokens');
  }
  return errors;
}

/** The request body for POST /api/content (the kind's details as the API takes them). */
export function createPayload(draft: EditorDraft): CreateContentInput {
  const { title, description, status, tags } = draft.shared;
  const base = { title, description, status, tags };
  const d = draft.details;
  switch (d.kind) {
    case 'agent':
      return {
        ...base,
        kind: 'agent',
        details: {
          systemPrompt: d.systemPrompt,
          model: d.model.trim() || null,
          connectionId: d.connectionId || null,
          temperature: d.temperature,
          maxOutputTokens: typeof d.maxOutputTokens === 'number' ? d.maxOutputTokens : Number(d.maxOutputTokens),
          starterPrompts: d.starterPrompts.map((p) => p.trim()).filter(Boolean),
          welcomeMessage: d.welcomeMessage,
          knowledge: d.knowledge,
        },
      };
    case 'video':
      return {
        ...base,
        kind: 'video',
        details: { url: d.url.trim(), durationSeconds: parseDuration(d.duration), transcript: d.transcript },
      };
    case 'document':
      return { ...base, kind: 'document', details: { bodyHtml: d.bodyHtml, bodyJson: d.bodyJson ?? undefined } };
    case 'prompt':
      return { ...base, kind: 'prompt', details: { promptText: d.promptText, category: d.category } };
    case 'automation':
      return {
        ...base,
        kind: 'automation',
        details: {
          workflowUrl: d.workflowUrl.trim(),
          requiredTools: d.requiredTools,
          toolDescription: d.toolDescription,
          setupInstructions: d.setupInstructions,
        },
      };
    case 'exercise':
      return {
        ...base,
        kind: 'exercise',
        details: {
          brief: d.brief,
          practiceAgentId: d.practiceAgentId,
          rubric: d.rubric.map((c) => ({ ...(c.id ? { id: c.id } : {}), title: c.title, description: c.description, weight: c.weight })),
          passMark: d.passMark,
          maxAttempts: d.maxAttempts,
          evaluatorInstructions: d.evaluatorInstructions,
          evaluatorConnectionId: d.evaluatorConnectionId || null,
          evaluatorModel: d.evaluatorModel.trim() || null,
          graded: d.graded,
          referenceAnswer: d.referenceAnswer,
          exemplars: d.exemplars
            .filter((e) => e.text.trim())
            .map((e) => ({
              ...(e.id ? { id: e.id } : {}),
              text: e.text,
              scores: Object.entries(e.scores)
                .filter(([criterionId]) => d.rubric.some((c) => c.id === criterionId))
                .map(([criterionId, score]) => ({ criterionId, score })),
            })),
        },
      };
  }
}

/** "details.starterPrompts.0" → "starterPrompts"; "title" → "title": the form field an issue belongs to. */
export function fieldKey(path: readonly PropertyKey[] | string): string {
  const parts = typeof path === 'string' ? path.split('.').filter(Boolean) : path.map(String);
  const key = parts[0] === 'details' ? parts[1] : parts[0];
  return key ?? '_form';
}

export function issuesToFieldErrors(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) out[fieldKey(issue.path)] ??= issue.message;
  return out;
}

const serverIssuesSchema = z.object({
  issues: z.array(z.object({ path: z.union([z.string(), z.array(z.union([z.string(), z.number()]))]), message: z.string() })),
});

/** Field errors from the API's error shape (`error.details.issues`), when it names fields. */
export function serverFieldErrors(details: unknown): Record<string, string> {
  const parsed = serverIssuesSchema.safeParse(details);
  return parsed.success ? issuesToFieldErrors(parsed.data.issues) : {};
}
