import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../../../contracts/audit.js';

/** Verbs with their own sentence; anything else reads "… changed …" or falls back to the action. */
const VERBS = ['create', 'update', 'delete', 'assign', 'invite', 'import', 'budget', 'remove', 'replace'] as const;
type Verb = (typeof VERBS)[number];
const CONTENT_KINDS = ['agent', 'prompt', 'video', 'document', 'automation', 'exercise'] as const;

function verbOf(action: string): Verb | 'bulk' | null {
  const last = action.split('.').pop() ?? action;
  if (last.startsWith('bulk_')) return 'bulk';
  return (VERBS as readonly string[]).includes(last) ? (last as Verb) : null;
}

/** "the agent “Negotiation coach”", "the community “Northwind”", "Ben Okafor’s account". */
function whatOf(entry: AuditEntry, t: TFunction<'operations'>): string {
  const name = entry.entityName ?? t('operations:audit.what.unnamed');
  switch (entry.entityType) {
    case 'content':
      return (CONTENT_KINDS as readonly string[]).includes(entry.entityKind ?? '')
        ? t(`operations:audit.what.content.${entry.entityKind as (typeof CONTENT_KINDS)[number]}`, { name })
        : t('operations:audit.what.content.item', { name });
    case 'user':
    case 'community':
    case 'flag':
    case 'ai_connection':
    case 'program':
      return t(`operations:audit.what.${entry.entityType}`, { name });
    case 'community_member':
    case 'ai_prices':
    case 'exercise_attempt':
      return t(`operations:audit.what.${entry.entityType}`);
    default:
      return t('operations:audit.what.other', { type: entry.entityType, name });
  }
}

/** Who did it: their name, else their email, else a deleted account or the system itself. */
export function auditActor(entry: AuditEntry, t: TFunction<'operations'>): string {
  return entry.actorName || entry.actorEmail || (entry.actorId ? t('operations:audit.sentenceActor.deleted') : t('operations:audit.sentenceActor.system'));
}

/** One sentence for an audit entry: "Ana García changed the agent “Negotiation coach”". */
export function auditSentence(entry: AuditEntry, t: TFunction<'operations'>): string {
  const actor = auditActor(entry, t);
  const what = whatOf(entry, t);
  const verb = verbOf(entry.action);
  if (verb === null) return t('operations:audit.sentence.other', { actor, action: entry.action, what });
  return t(`operations:audit.sentence.${verb}`, { actor, what, name: entry.entityName ?? '' });
}
