import { sql } from 'kysely';
import type { DataExport } from '../../../contracts/privacy.js';
import { notFound } from '../../lib/app-error.js';
import type { UserContext } from '../../lib/transactions.js';
import { iso } from '../../lib/dates.js';

const isoOrNull = (d: Date | string | null): string | null => (d === null ? null : iso(d));

/**
 * Everything AI GYM holds about the caller (GDPR art. 15 and 20), read as the caller: row-level
 * security already lets a person read their own rows, so the export cannot reach anyone else's.
 * The audit entries about them (admins-only as rows) come through app.audit_entries_about_me().
 * Secrets (password hash, token hashes, the two-factor secret) are never part of it.
 */
export async function exportMyData(ctx: UserContext, now: Date = new Date()): Promise<DataExport> {
  const me = ctx.actor.userId;
  const db = ctx.db;
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'display_name', 'role', 'status', 'language', 'created_at', 'last_login_at', 'password_changed_at'])
    .where('id', '=', me)
    .executeTakeFirst();
  if (!user) throw notFound('Your account');

  const [totp, hold, memberships, conversations, messages, attempts, progress, enrolments, certificates, files, sessions, usage, labRuns, labAnswers, audit] =
    await Promise.all([
      db.selectFrom('user_totp').select('confirmed_at').where('user_id', '=', me).executeTakeFirst(),
      sql<{ held: boolean }>`select app.my_legal_hold() as held`.execute(db),
      db
        .selectFrom('community_members as m')
        .innerJoin('communities as c', 'c.id', 'm.community_id')
        .select(['m.community_id', 'c.name', 'm.role', 'c.privacy_mode', 'm.created_at'])
        .where('m.user_id', '=', me)
        .orderBy('c.name')
        .execute(),
      db.selectFrom('conversations').select(['id', 'agent_id', 'title', 'created_at', 'updated_at']).where('user_id', '=', me).orderBy('created_at').orderBy('id').execute(),
      db
        .selectFrom('messages')
        .select(['id', 'conversation_id', 'role', 'text', 'status', 'model', 'input_tokens', 'output_tokens', 'created_at'])
        .where('user_id', '=', me)
        .orderBy('created_at')
        .orderBy('id')
        .execute(),
      db
        .selectFrom('exercise_attempts as a')
        .leftJoin('content_items as ci', 'ci.id', 'a.exercise_id')
        .select([
          'a.id', 'a.exercise_id', 'ci.title', 'a.attempt_number', 'a.status', 'a.answer', 'a.score', 'a.passed', 'a.criteria', 'a.feedback',
          'a.review_score', 'a.review_passed', 'a.review_reason', 'a.reviewed_at', 'a.shared', 'a.created_at', 'a.submitted_at', 'a.evaluated_at',
        ])
        .where('a.user_id', '=', me)
        .orderBy('a.created_at')
        .execute(),
      db
        .selectFrom('content_progress as p')
        .leftJoin('content_items as ci', 'ci.id', 'p.content_id')
        .select(['p.content_id', 'ci.title', 'p.viewed_at', 'p.completed_at', 'p.prompt_copies', 'p.last_activity_at'])
        .where('p.user_id', '=', me)
        .orderBy('p.last_activity_at')
        .execute(),
      db
        .selectFrom('program_enrolments as e')
        .leftJoin('programs as p', 'p.id', 'e.program_id')
        .select(['e.id', 'e.program_id', 'p.title', 'e.cycle', 'e.enrolled_at', 'e.due_at', 'e.completed_at'])
        .where('e.user_id', '=', me)
        .orderBy('e.enrolled_at')
        .execute(),
      db
        .selectFrom('certificates')
        .select(['id', 'code', 'program_title', 'holder_name', 'issued_at', 'expires_at', 'revoked'])
        .where('user_id', '=', me)
        .orderBy('issued_at')
        .execute(),
      db.selectFrom('knowledge_files').select(['id', 'name', 'mime', 'size_bytes', 'status', 'created_at']).where('created_by', '=', me).orderBy('created_at').execute(),
      db
        .selectFrom('sessions')
        .select(['id', 'created_at', 'last_used_at', 'expires_at', 'revoked_at', 'user_agent', 'ip'])
        .where('user_id', '=', me)
        .orderBy('created_at')
        .execute(),
      db.selectFrom('usage_daily').select(['agent_id', 'day', 'conversations', 'messages']).where('user_id', '=', me).orderBy('day').execute(),
      db.selectFrom('lab_runs').select(['id', 'prompt', 'created_at']).where('user_id', '=', me).orderBy('created_at').execute(),
      db
        .selectFrom('lab_answers')
        .select(['run_id', 'connection_name', 'model', 'text', 'status', 'created_at'])
        .where('user_id', '=', me)
        .orderBy('position')
        .execute(),
      sql<{ action: string; entity_type: string; entity_id: string | null; actor_is_me: boolean; created_at: Date }>`
        select action, entity_type, entity_id, actor_is_me, created_at from app.audit_entries_about_me()`.execute(db),
    ]);

  return {
    format: 'aigym-export/1',
    exportedAt: now.toISOString(),
    profile: {
      id: user.id,
      email: user.email,
      displayName: user.display_name,
      role: user.role,
      status: user.status,
      language: user.language,
      createdAt: iso(user.created_at),
      lastLoginAt: isoOrNull(user.last_login_at),
      passwordChangedAt: isoOrNull(user.password_changed_at),
      twoFactorEnabled: totp?.confirmed_at != null,
      legalHold: hold.rows[0]?.held ?? false,
    },
    memberships: memberships.map((m) => ({ communityId: m.community_id, communityName: m.name, role: m.role, privacyMode: m.privacy_mode, joinedAt: iso(m.created_at) })),
    conversations: conversations.map((c) => ({
      id: c.id,
      agentId: c.agent_id,
      title: c.title,
      createdAt: iso(c.created_at),
      updatedAt: iso(c.updated_at),
      messages: messages
        .filter((m) => m.conversation_id === c.id)
        .map((m) => ({
          id: m.id,
          role: m.role,
          text: m.text,
          status: m.status,
          model: m.model,
          inputTokens: m.input_tokens,
          outputTokens: m.output_tokens,
          createdAt: iso(m.created_at),
        })),
    })),
    attempts: attempts.map((a) => ({
      id: a.id,
      exerciseId: a.exercise_id,
      exerciseTitle: a.title,
      attemptNumber: a.attempt_number,
      status: a.status,
      answer: a.answer,
      score: a.score,
      passed: a.passed,
      criteria: a.criteria ?? null,
      feedback: a.feedback,
      review: a.reviewed_at ? { score: a.review_score, passed: a.review_passed, reason: a.review_reason, reviewedAt: isoOrNull(a.reviewed_at) } : null,
      shared: a.shared,
      createdAt: iso(a.created_at),
      submittedAt: isoOrNull(a.submitted_at),
      evaluatedAt: isoOrNull(a.evaluated_at),
    })),
    progress: progress.map((p) => ({
      contentId: p.content_id,
      title: p.title,
      viewedAt: isoOrNull(p.viewed_at),
      completedAt: isoOrNull(p.completed_at),
      promptCopies: p.prompt_copies,
      lastActivityAt: iso(p.last_activity_at),
    })),
    programs: enrolments.map((e) => ({
      enrolmentId: e.id,
      programId: e.program_id,
      programTitle: e.title,
      cycle: e.cycle,
      enrolledAt: iso(e.enrolled_at),
      dueAt: isoOrNull(e.due_at),
      completedAt: isoOrNull(e.completed_at),
    })),
    certificates: certificates.map((c) => ({
      id: c.id,
      code: c.code,
      programTitle: c.program_title,
      holderName: c.holder_name,
      issuedAt: iso(c.issued_at),
      expiresAt: isoOrNull(c.expires_at),
      revoked: c.revoked,
    })),
    files: files.map((f) => ({ id: f.id, name: f.name, mime: f.mime, sizeBytes: f.size_bytes, status: f.status, createdAt: iso(f.created_at) })),
    sessions: sessions.map((s) => ({
      id: s.id,
      createdAt: iso(s.created_at),
      lastUsedAt: iso(s.last_used_at),
      expiresAt: iso(s.expires_at),
      revokedAt: isoOrNull(s.revoked_at),
      userAgent: s.user_agent,
      ip: s.ip,
    })),
    // AI GYM asks for no consent today (its processing rests on the employer's legitimate interest
    // and the employment contract, docs/privacy.md); the key is there for the day it does.
    consents: [],
    usage: usage.map((u) => ({ agentId: u.agent_id, day: String(u.day).slice(0, 10), conversations: u.conversations, messages: u.messages })),
    promptLab: labRuns.map((r) => ({
      id: r.id,
      prompt: r.prompt,
      createdAt: iso(r.created_at),
      answers: labAnswers
        .filter((a) => a.run_id === r.id)
        .map((a) => ({ connectionName: a.connection_name, model: a.model, text: a.text, status: a.status, createdAt: iso(a.created_at) })),
    })),
    auditEntries: audit.rows.map((a) => ({ action: a.action, entityType: a.entity_type, entityId: a.entity_id, byMe: a.actor_is_me, createdAt: iso(a.created_at) })),
  };
}
