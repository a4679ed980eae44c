import type { ColumnType, Generated } from 'kysely';

/** Types for every table, kept in one file beside the SQL migrations that define them. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface UsersTable {
  id: Generated<string>;
  email: string;
  display_name: string;
  role: 'admin' | 'member';
  status: 'invited' | 'active' | 'suspended';
  password_hash: string | null;
  password_changed_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  /** 'en' | 'es', or null when the person has not chosen (migration 0016). */
  language: Generated<'en' | 'es' | null>;
}

export interface CommunitiesTable {
  id: Generated<string>;
  name: string;
  description: Generated<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  created_by: string | null;
  // Migration 0030 (ADR 0042): retention in days (null = kept) and the privacy mode.
  retention_conversations_days: Generated<number | null>;
  retention_attempts_days: Generated<number | null>;
  retention_files_days: Generated<number | null>;
  privacy_mode: Generated<'standard' | 'works-council'>;
}

export interface CommunityMembersTable {
  community_id: string;
  user_id: string;
  role: 'manager' | 'member';
  created_at: Timestamp;
}

export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: Date | string;
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  user_agent: string | null;
  ip: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  session_id: string;
  created_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface OneTimeTokensTable {
  id: Generated<string>;
  user_id: string;
  purpose: 'invitation' | 'password_reset' | 'mfa';
  token_hash: string;
  expires_at: Date | string;
  used_at: NullableTimestamp;
  created_at: Timestamp;
  created_by: string | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  actor_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  ip: string | null;
  created_at: Timestamp;
  /** Set by an erasure (migration 0030) where actor_id named the erased person. */
  actor_pseudonym: Generated<string | null>;
}

export interface ContentItemsTable {
  id: Generated<string>;
  kind: 'agent' | 'video' | 'document' | 'prompt' | 'automation' | 'exercise';
  title: string;
  description: Generated<string>;
  status: Generated<'draft' | 'published' | 'archived'>;
  thumbnail_url: string | null;
  tags: Generated<string[]>;
  search: Generated<string>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
}

export interface AgentDetailsTable {
  content_id: string;
  system_prompt: string;
  model: string | null;
  /** numeric: pg returns it as a string. */
  temperature: ColumnType<string, number | string, number | string>;
  max_output_tokens: number;
  starter_prompts: string[];
  welcome_message: string;
  /** The agent's AI connection; null uses the environment's provider. */
  connection_id: ColumnType<string | null, string | null | undefined, string | null>;
  knowledge_content_ids: Generated<string[]>;
  knowledge_file_ids: Generated<string[]>;
  knowledge_strict: Generated<boolean>;
}

export interface VideoDetailsTable {
  content_id: string;
  url: string;
  platform: 'youtube' | 'vimeo' | 'file';
  external_id: string;
  duration_seconds: number | null;
  transcript: string;
}

export interface DocumentDetailsTable {
  content_id: string;
  body_html: string;
  body_json: unknown;
  word_count: number;
  reading_minutes: number;
}

export interface PromptDetailsTable {
  content_id: string;
  prompt_text: string;
  category: string;
  copy_count: Generated<number>;
}

export interface AutomationDetailsTable {
  content_id: string;
  workflow_url: string;
  required_tools: string[];
  tool_description: string;
  setup_instructions: string;
}

export interface ContentAssignmentsTable {
  content_id: string;
  community_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
  // The item's listing keys while it is published (ADR 0028); written only by triggers.
  listed_kind: ColumnType<string | null, never, never>;
  listed_title_key: ColumnType<string | null, never, never>;
  listed_updated_at: ColumnType<Date | null, never, never>;
}

export interface ContentProgressTable {
  user_id: string;
  content_id: string;
  viewed_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  prompt_copies: Generated<number>;
  last_activity_at: Timestamp;
}

export interface ConversationsTable {
  id: Generated<string>;
  user_id: string;
  agent_id: string | null;
  title: Generated<string>;
  pinned: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface MessagesTable {
  id: Generated<string>;
  conversation_id: string;
  user_id: string;
  role: 'user' | 'assistant';
  text: string;
  status: Generated<'complete' | 'stopped' | 'error' | 'interrupted'>;
  error: string | null;
  model: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  time_to_first_token_ms: number | null;
  duration_ms: number | null;
  created_at: Timestamp;
  search: ColumnType<string, never, never>;
  /** numeric: pg returns it as a string. */
  cost: ColumnType<string | null, number | string | null | undefined, never>;
  /** jsonb: [{sourceType, sourceId, title, excerpt}]; written as a JSON string. */
  citations: ColumnType<unknown, string | undefined, string>;
}

export interface FeatureFlagsTable {
  key: string;
  description: Generated<string>;
  enabled: Generated<boolean>;
  rollout_percentage: Generated<number>;
  community_ids: Generated<string[]>;
  updated_at: Timestamp;
  updated_by: string | null;
}

export interface UsageDailyTable {
  user_id: string;
  agent_id: string;
  day: ColumnType<string, string, string>;
  conversations: number;
  messages: number;
}

export interface ExerciseDetailsTable {
  content_id: string;
  brief: string;
  practice_agent_id: string | null;
  /** jsonb: [{id, title, description, weight}]; written as JSON text. */
  rubric: ColumnType<unknown, string, string>;
  pass_mark: number;
  max_attempts: number | null;
  evaluator_instructions: string;
  /** The evaluator's AI connection and model (ADR 0027); null: the environment's provider. */
  evaluator_connection_id: ColumnType<string | null, string | null | undefined, string | null>;
  evaluator_model: ColumnType<string | null, string | null | undefined, string | null>;
  /** §10.1 (migration 0023): graded or practice, the model answer, the scored examples (jsonb). */
  graded: Generated<boolean>;
  reference_answer: Generated<string>;
  exemplars: ColumnType<unknown, string | undefined, string>;
}

export type AttemptStatus = 'open' | 'submitted' | 'evaluated' | 'needs_review' | 'reviewed';

export interface ExerciseAttemptsTable {
  id: Generated<string>;
  user_id: string;
  exercise_id: string;
  conversation_id: string | null;
  attempt_number: number;
  status: ColumnType<AttemptStatus, AttemptStatus | undefined, AttemptStatus>;
  answer: string | null;
  score: number | null;
  passed: boolean | null;
  /** jsonb: [{criterionId, score, justification, evidence}]; written as JSON text. */
  criteria: ColumnType<unknown, string | null | undefined, string | null>;
  feedback: string | null;
  evaluator_model: string | null;
  evaluator_offline: boolean | null;
  evaluation_error: string | null;
  evaluation_started_at: NullableTimestamp;
  review_score: number | null;
  review_passed: boolean | null;
  review_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: NullableTimestamp;
  /** Migration 0024: the reviewer's per-criterion scores (jsonb [{criterionId, score}]), the 10 % sample, the appeal. */
  review_criteria: ColumnType<unknown, string | null | undefined, string | null>;
  sampled: Generated<boolean>;
  appeal_criterion_id: string | null;
  appeal_text: string | null;
  appeal_at: NullableTimestamp;
  appeal_resolved_at: NullableTimestamp;
  shared: Generated<boolean>;
  created_at: Timestamp;
  submitted_at: NullableTimestamp;
  evaluated_at: NullableTimestamp;
  updated_at: Timestamp;
  /** Migration 0023: what the attempt was scored against, and each sample's criteria scores (jsonb). */
  graded: Generated<boolean>;
  rubric_version: string | null;
  evaluator_connection_id: string | null;
  evaluator_samples: ColumnType<unknown, string | null | undefined, string | null>;
  evaluator_spread: number | null;
}

export interface ExerciseCalibrationsTable {
  id: Generated<string>;
  exercise_id: string;
  status: ColumnType<'running' | 'passed' | 'failed', 'running' | 'passed' | 'failed' | undefined, 'running' | 'passed' | 'failed'>;
  fingerprint: string;
  evaluator_model: string;
  evaluator_offline: boolean;
  evaluator_connection_id: string | null;
  /** jsonb, as the API answers them. */
  measures: ColumnType<unknown, string | null | undefined, string | null>;
  failures: ColumnType<unknown, string | undefined, string>;
  disagreements: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  created_by: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

/** numeric money columns: pg returns them as strings. */
type Money = ColumnType<string, number | string, number | string>;
type NullableMoney = ColumnType<string | null, number | string | null | undefined, number | string | null>;

export interface AiConnectionsTable {
  id: Generated<string>;
  name: string;
  provider: 'openai' | 'openai-compatible' | 'anthropic' | 'google';
  base_url: string | null;
  /** Never granted to the app role for reading: see app.ai_connection_secret. */
  api_key_encrypted: ColumnType<never, string | null | undefined, string | null>;
  models: string[];
  prompt_lab: Generated<boolean>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AiPricesTable {
  model: string;
  input_per_million: Money;
  output_per_million: Money;
  currency: string;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface CommunityBudgetsTable {
  community_id: string;
  monthly_limit: Money;
  soft_limit_percent: number;
  per_member_daily_limit: NullableMoney;
  soft_notified_month: ColumnType<string | null, string | null | undefined, string | null>;
  updated_by: string | null;
  updated_at: Timestamp;
  /** Issue 25 (migration 0037): what an answer from a model without a price does to the budget. */
  block_unpriced_models: Generated<boolean>;
  default_input_per_million: NullableMoney;
  default_output_per_million: NullableMoney;
}

export interface AiUsageTable {
  id: Generated<string>;
  user_id: string | null;
  community_id: string | null;
  /** The agent answered, or the exercise whose evaluator scored (source 'evaluator'). */
  agent_id: string | null;
  source: 'chat' | 'lab' | 'evaluator';
  connection_id: string | null;
  model: string;
  status: 'reserved' | 'settled';
  reserved: Money;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: NullableMoney;
  created_at: Timestamp;
  settled_at: NullableTimestamp;
}

export interface LabRunsTable {
  id: Generated<string>;
  user_id: string;
  prompt: string;
  created_at: Timestamp;
}

export interface LabAnswersTable {
  id: Generated<string>;
  run_id: string;
  user_id: string;
  position: number;
  connection_id: string | null;
  connection_name: string;
  model: string;
  text: string;
  status: 'complete' | 'stopped' | 'error';
  error: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: NullableMoney;
  duration_ms: number | null;
  created_at: Timestamp;
}

export interface ErrorGroupsTable {
  fingerprint: string;
  source: 'server' | 'client';
  name: string;
  message: string;
  location: string;
  stack: string | null;
  /** bigint: pg returns it as a string. */
  count: ColumnType<string, never, never>;
  first_seen: Timestamp;
  last_seen: Timestamp;
  last_request_id: string | null;
}

export interface KnowledgeFilesTable {
  id: Generated<string>;
  name: string;
  mime: string;
  size_bytes: number;
  status: Generated<'processing' | 'ready' | 'failed'>;
  error: string | null;
  chunk_count: Generated<number>;
  /** The uploaded bytes, kept until the reading job has finished (migration 0038). */
  upload: Uint8Array | null;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface KnowledgeChunksTable {
  id: Generated<string>;
  source_type: 'document' | 'video' | 'file';
  content_id: string | null;
  file_id: string | null;
  source_id: ColumnType<string, never, never>;
  ordinal: number;
  text: string;
  search: ColumnType<string, never, never>;
  embedding: number[] | null;
  created_at: Timestamp;
}

export interface ProgramsTable {
  id: Generated<string>;
  title: string;
  description: Generated<string>;
  status: Generated<'draft' | 'published'>;
  sequential: Generated<boolean>;
  due_days: number | null;
  certificate_enabled: Generated<boolean>;
  certificate_valid_days: number | null;
  /** Migration 0039: estimated learning hours, numeric (read as text). */
  hours: ColumnType<string | null, number | null | undefined, number | null>;
  version: Generated<number>;
  created_by: string | null;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  published_at: NullableTimestamp;
}

export interface ProgramStepsTable {
  program_id: string;
  position: number;
  content_id: string;
  required: Generated<boolean>;
}

export interface ProgramAssignmentsTable {
  program_id: string;
  community_id: string;
  assigned_by: string | null;
  assigned_at: Timestamp;
}

/** Written only by the SECURITY DEFINER functions of migration 0014. */
export interface ProgramEnrolmentsTable {
  id: Generated<string>;
  program_id: string;
  user_id: string;
  cycle: Generated<number>;
  enrolled_at: Timestamp;
  due_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  /** When the member was told of the enrolment (migration 0041); null: not yet. */
  notified_at: NullableTimestamp;
}

export interface CertificatesTable {
  id: Generated<string>;
  code: string;
  user_id: string;
  program_id: string | null;
  enrolment_id: string | null;
  holder_name: string;
  program_title: string;
  issued_at: Timestamp;
  expires_at: NullableTimestamp;
  revoked: Generated<boolean>;
  /** Migration 0024: revocation (admins), suspension after a reversed pass, and the evidence issued on (jsonb). */
  revoked_at: NullableTimestamp;
  revoked_reason: string | null;
  revoked_by: string | null;
  suspended_at: NullableTimestamp;
  evidence: ColumnType<unknown, string | undefined, string>;
  /** Migration 0032: the certificate's place in the Open Badges status lists (ADR 0044). */
  status_index: Generated<number>;
}

/** Migration 0032: the Open Badges issuer's signing keys (ADR 0044); the private half is never granted to the app role. */
export interface CredentialSigningKeysTable {
  kid: string;
  alg: string;
  public_jwk: ColumnType<unknown, string, string>;
  private_jwk_encrypted: string;
  created_at: Generated<Date>;
  retired_at: NullableTimestamp;
  retired_by: string | null;
  published_until: NullableTimestamp;
}

/** Migration 0024: who reviews attempts in a community, named by admins. */
export interface CommunityReviewersTable {
  community_id: string;
  user_id: string;
  added_by: string | null;
  added_at: Timestamp;
}

export interface RemindersSentTable {
  program_id: string;
  user_id: string;
  kind: 'due_soon' | 'overdue';
  period: number;
  sent_at: Timestamp;
}

export interface JobsTable {
  id: Generated<string>;
  name: string;
  payload: unknown;
  unique_key: string | null;
  state: Generated<'queued' | 'running' | 'done' | 'failed'>;
  run_at: Timestamp;
  attempts: Generated<number>;
  locked_until: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface UserTotpTable {
  user_id: string;
  secret_encrypted: string;
  confirmed_at: NullableTimestamp;
  /** bigint: the driver returns it as a string. */
  last_used_step: ColumnType<string, string | number | undefined, string | number>;
  created_at: Timestamp;
}

export interface MfaRecoveryCodesTable {
  code_hash: string;
  user_id: string;
  used_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface CommunityLrsTable {
  community_id: string;
  endpoint: string;
  username: string;
  password_encrypted: string;
  include_email: Generated<boolean>;
  enabled: Generated<boolean>;
  failures: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  last_sent_at: NullableTimestamp;
  updated_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface XapiStatementsTable {
  id: string;
  community_id: string;
  user_id: string | null;
  fact_kind: string;
  fact_id: string;
  occurred_at: Timestamp;
  statement: unknown;
  state: Generated<'pending' | 'sent' | 'rejected'>;
  error: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

export interface CommunitySsoTable {
  community_id: string;
  issuer: string;
  client_id: string;
  client_secret_encrypted: string | null;
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface SsoDomainsTable {
  domain: string;
  community_id: string;
}

export interface SessionIdpLinksTable {
  session_id: string;
  community_id: string;
  refresh_token_encrypted: string | null;
  checked_at: Timestamp;
}

export interface LegalHoldsTable {
  user_id: string;
  reason: string;
  placed_by: string | null;
  placed_at: Timestamp;
}

export interface UsageDailyErasedTable {
  community_id: string | null;
  agent_id: string;
  day: ColumnType<string, string, string>;
  conversations: number;
  messages: number;
}

export interface CommunityScimTable {
  community_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  last_sync_at: NullableTimestamp;
}

export interface ScimPeopleTable {
  community_id: string;
  user_id: string;
  external_id: string | null;
  active: boolean;
  role: 'manager' | 'member';
  suspended_by_scim: boolean;
  deleted_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommunitySamlTable {
  community_id: string;
  idp_entity_id: string;
  idp_sso_url: string;
  idp_certificates: string[];
  domains: string[];
  updated_by: string | null;
  updated_at: Timestamp;
}

export interface Database {
  users: UsersTable;
  communities: CommunitiesTable;
  community_members: CommunityMembersTable;
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
  one_time_tokens: OneTimeTokensTable;
  audit_log: AuditLogTable;
  content_items: ContentItemsTable;
  agent_details: AgentDetailsTable;
  video_details: VideoDetailsTable;
  document_details: DocumentDetailsTable;
  prompt_details: PromptDetailsTable;
  automation_details: AutomationDetailsTable;
  content_assignments: ContentAssignmentsTable;
  content_progress: ContentProgressTable;
  conversations: ConversationsTable;
  messages: MessagesTable;
  feature_flags: FeatureFlagsTable;
  usage_daily: UsageDailyTable;
  exercise_details: ExerciseDetailsTable;
  exercise_attempts: ExerciseAttemptsTable;
  exercise_calibrations: ExerciseCalibrationsTable;
  ai_connections: AiConnectionsTable;
  ai_prices: AiPricesTable;
  community_budgets: CommunityBudgetsTable;
  ai_usage: AiUsageTable;
  lab_runs: LabRunsTable;
  lab_answers: LabAnswersTable;
  error_groups: ErrorGroupsTable;
  knowledge_files: KnowledgeFilesTable;
  knowledge_chunks: KnowledgeChunksTable;
  programs: ProgramsTable;
  program_steps: ProgramStepsTable;
  program_assignments: ProgramAssignmentsTable;
  program_enrolments: ProgramEnrolmentsTable;
  certificates: CertificatesTable;
  credential_signing_keys: CredentialSigningKeysTable;
  reminders_sent: RemindersSentTable;
  community_reviewers: CommunityReviewersTable;
  user_totp: UserTotpTable;
  mfa_recovery_codes: MfaRecoveryCodesTable;
  community_sso: CommunitySsoTable;
  sso_domains: SsoDomainsTable;
  session_idp_links: SessionIdpLinksTable;
  legal_holds: LegalHoldsTable;
  usage_daily_erased: UsageDailyErasedTable;
  community_scim: CommunityScimTable;
  scim_people: ScimPeopleTable;
  community_saml: CommunitySamlTable;
  jobs: JobsTable;
  community_lrs: CommunityLrsTable;
  xapi_statements: XapiStatementsTable;
  lti_platforms: LtiPlatformsTable;
  lti_subjects: LtiSubjectsTable;
  lti_contexts: LtiContextsTable;
  lti_grade_links: LtiGradeLinksTable;
  certificate_branding: CertificateBrandingTable;
}

/** Migration 0039: one row (id = true) for the whole installation. */
export interface CertificateBrandingTable {
  id: Generated<boolean>;
  organisation_name: Generated<string>;
  logo_path: string | null;
  signatory_name: Generated<string>;
  signatory_title: Generated<string>;
  updated_at: Timestamp;
}

export interface LtiPlatformsTable {
  id: Generated<string>;
  community_id: string;
  issuer: string;
  client_id: string;
  deployment_ids: string[];
  jwks_url: string;
  auth_login_url: string;
  access_token_url: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

export interface LtiSubjectsTable {
  platform_id: string;
  subject: string;
  user_id: string;
  created_at: Timestamp;
}

export interface LtiContextsTable {
  platform_id: string;
  context_id: string;
  title: string | null;
  memberships_url: string | null;
  updated_at: Timestamp;
}

export interface LtiGradeLinksTable {
  id: Generated<string>;
  platform_id: string;
  user_id: string;
  exercise_id: string;
  subject: string;
  lineitem_url: string;
  sent_attempt_id: string | null;
  failures: Generated<number>;
  next_attempt_at: Timestamp;
  last_error: string | null;
  created_at: Timestamp;
}
