import { createHash } from 'node:crypto';
import xapiModule, { type Activity, type Actor, type Statement, type Verb } from '@xapi/xapi';

// A CommonJS package whose class is also its `default`: the one spelling both TypeScript and Node accept.
const XAPI = xapiModule.default;

/**
 * The statements AI GYM sends to a client's LRS (xAPI 1.0.3), built from one fact each. Verbs are
 * ADL's where one exists; what ADL has no word for (a revoked certificate) and our activity types
 * are defined in the AI GYM xAPI profile (`GET /xapi/profile`, docs/integrations/xapi.md).
 */

/** The profile's namespace: stable across deployments, so one client's LRS sees one vocabulary. */
export const PROFILE_IRI = 'https://aigym.app/xapi/profile';

const EARNED: Verb = { id: 'http://id.tincanapi.com/verb/earned', display: { 'en-US': 'earned', es: 'obtuvo' } };
const REVOKED: Verb = { id: `${PROFILE_IRI}/verbs/revoked`, display: { 'en-US': 'had revoked', es: 'le fue revocado' } };

export const activityTypes = {
  exercise: `${PROFILE_IRI}/activity-types/exercise`,
  'program-step': `${PROFILE_IRI}/activity-types/program-step`,
  program: `${PROFILE_IRI}/activity-types/program`,
  certificate: `${PROFILE_IRI}/activity-types/certificate`,
  community: `${PROFILE_IRI}/activity-types/community`,
} as const;

export type FactKind = 'attempt_scored' | 'attempt_reviewed' | 'step_completed' | 'program_completed' | 'certificate_issued' | 'certificate_revoked';
type ObjectKind = keyof typeof activityTypes;

/** One fact as `app.xapi_new_facts` reads it. */
export interface Fact {
  community_id: string;
  community_name: string;
  fact_kind: FactKind;
  fact_id: string;
  occurred_at: Date;
  user_id: string;
  email: string;
  display_name: string;
  include_email: boolean;
  object_kind: Exclude<ObjectKind, 'community'>;
  object_id: string;
  object_title: string;
  parent_id: string | null;
  parent_title: string | null;
  score: number | null;
  passed: boolean | null;
  certificate_code: string | null;
}

/**
 * A name-based UUID (RFC 9562 version 5) of the fact: the same fact always gets the same statement
 * id, so a retry, a second instance or a re-collected fact can never make a second statement.
 */
export function statementId(fact: Pick<Fact, 'community_id' | 'fact_kind' | 'fact_id'>): string {
  const hash = createHash('sha1').update(`${PROFILE_IRI}/statements`).update(`${fact.community_id}|${fact.fact_kind}|${fact.fact_id}`).digest();
  const bytes = hash.subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x50;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const activityUrl = (appUrl: string, kind: ObjectKind, id: string): string => {
  const base = appUrl.replace(/\/+$/, '');
  switch (kind) {
    case 'exercise':
      return `${base}/exercises/${id}`;
    case 'program':
      return `${base}/programs/${id}`;
    case 'program-step':
      return `${base}/programs/${id}`;
    case 'certificate':
      return `${base}/verify/${id}`;
    case 'community':
      return `${base}/communities/${id}`;
  }
};

const activity = (appUrl: string, kind: ObjectKind, id: string, title: string): Activity => ({
  objectType: 'Activity',
  id: activityUrl(appUrl, kind, id),
  definition: { type: activityTypes[kind], name: { und: title } },
});

/** The person: their stable id as an account on this AI GYM, or their email where the community allows it. */
function actorOf(appUrl: string, fact: Fact): Actor {
  if (fact.include_email) return { objectType: 'Agent', name: fact.display_name, mbox: `mailto:${fact.email}` };
  return { objectType: 'Agent', account: { homePage: appUrl.replace(/\/+$/, ''), name: fact.user_id } };
}

function verbOf(fact: Fact): Verb {
  switch (fact.fact_kind) {
    case 'attempt_scored':
    case 'attempt_reviewed':
      // A pass or fail is said only where a calibrated evaluator or a person decided it; practice is "scored".
      return fact.passed === true ? XAPI.Verbs.PASSED : fact.passed === false ? XAPI.Verbs.FAILED : XAPI.Verbs.SCORED;
    case 'step_completed':
    case 'program_completed':
      return XAPI.Verbs.COMPLETED;
    case 'certificate_issued':
      return EARNED;
    case 'certificate_revoked':
      return REVOKED;
  }
}

export function buildStatement(appUrl: string, fact: Fact): Statement {
  const community = activity(appUrl, 'community', fact.community_id, fact.community_name);
  const parent = fact.parent_id && fact.parent_title !== null ? [activity(appUrl, 'program', fact.parent_id, fact.parent_title)] : [];
  const statement: Statement = {
    id: statementId(fact),
    actor: actorOf(appUrl, fact),
    verb: verbOf(fact),
    object: activity(appUrl, fact.object_kind, fact.object_id, fact.object_title),
    timestamp: new Date(fact.occurred_at).toISOString(),
    context: {
      platform: 'AI GYM',
      contextActivities: { ...(parent.length > 0 ? { parent } : {}), grouping: [community], category: [{ objectType: 'Activity', id: PROFILE_IRI }] },
    },
  };
  if (fact.fact_kind === 'attempt_scored' || fact.fact_kind === 'attempt_reviewed') {
    const score = Math.max(0, Math.min(100, fact.score ?? 0));
    statement.result = { score: { scaled: score / 100, raw: score, min: 0, max: 100 }, ...(fact.passed === null ? {} : { success: fact.passed }) };
  } else if (fact.fact_kind === 'step_completed' || fact.fact_kind === 'program_completed') {
    statement.result = { completion: true };
  }
  return statement;
}
