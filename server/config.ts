import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const aiProviders = ['offline', 'openai', 'openai-compatible', 'anthropic', 'google'] as const;

/** Which people must sign in with a second factor. */
export interface MfaRequiredFor {
  admins: boolean;
  managers: boolean;
}

/** What Fastify's `trustProxy` receives: never plain `true` ("believe whatever the client says"). */
export type TrustProxy = false | number | string[];

const proxyKeywords = new Set(['loopback', 'linklocal', 'uniquelocal']);

function isProxyAddress(entry: string): boolean {
  if (proxyKeywords.has(entry)) return true;
  const [address = '', prefix, extra] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || extra !== undefined) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The parsed setting, or a message saying what is wrong with it. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const trimmed = value.trim().toLowerCase();
  if (trimmed === 'false' || trimmed === '0') return false;
  if (trimmed === 'true') return 'must be a hop count (1 behind one proxy) or proxy addresses, not "true": that would let any client choose its own address';
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const entries = trimmed.split(',').map((entry) => entry.trim()).filter(Boolean);
  const bad = entries.filter((entry) => !isProxyAddress(entry));
  if (entries.length === 0 || bad.length > 0) return `not a hop count or a list of addresses/CIDRs: ${bad.join(', ') || value}`;
  return entries;
}

/**
 * Fastify's option for a setting. A hop count becomes "trust the nearest N peers": Fastify itself
 * ignores numeric hop counts, so the function spells it out.
 */
export function fastifyTrustProxy(setting: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  return (_address, hop) => hop < setting;
}

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /**
   * The table owner's connection, for migrations and the first-admin bootstrap. Set it when
   * DATABASE_URL is a least-privilege login role (a member of aigym_app, neither owner nor superuser).
   */
  MIGRATION_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** `pgbouncer` when DATABASE_URL points at a transaction-mode pooler: statements are then not prepared by name (ADR 0039). */
  DATABASE_POOLER: z.enum(['none', 'pgbouncer']).default('none'),
  /** A streaming replica for analytics reads (ADR 0039); unset, analytics reads the primary. */
  ANALYTICS_DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Analytics reads the primary while the replica's replay is further behind than this. */
  ANALYTICS_MAX_LAG_SECONDS: z.coerce.number().min(0).max(86_400).default(5),
  /** A statement (or a lock wait) longer than this is cancelled and the request answered 503; set inside each transaction. */
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(4000),
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ADMIN_EMAIL: z.email().default('admin@example.com'),
  ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  AI_PROVIDER: z.enum(aiProviders).default('offline'),
  AI_BASE_URL: z.url().optional(),
  AI_API_KEY: z.string().optional(),
  AI_MODEL: z.string().optional(),
  /** Lets AI connections use private and loopback addresses (a local Ollama; the test suites). Off: only public hosts. */
  AI_ALLOW_PRIVATE_BASE_URLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Encrypts AI connection keys at rest (AES-256-GCM); generated into DATA_DIR when unset. */
  AI_KEYS_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  APP_URL: z.url().default('http://localhost:3000'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).max(900).default(900),
  SESSION_IDLE_TIMEOUT_HOURS: z.coerce.number().positive().default(24 * 7),
  SESSION_MAX_AGE_DAYS: z.coerce.number().positive().default(30),
  /** Failed sign-ins per address (any accounts) per window; successful ones never count. */
  LOGIN_LIMIT_PER_IP: z.coerce.number().int().positive().default(30),
  /** Failed sign-ins per account from one address (or one trusted browser) per window. */
  LOGIN_LIMIT_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  /** Failed sign-ins per account per hour across all addresses (ASVS 2.2.1: at most 100). */
  LOGIN_ACCOUNT_FAILURES_PER_HOUR: z.coerce.number().int().positive().max(100).default(100),
  LOGIN_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(900),
  /** Refreshes happen on every page load and tab, so they get their own, much higher, per-IP ceiling. */
  REFRESH_LIMIT_PER_IP: z.coerce.number().int().positive().default(600),
  /** Requests per minute per signed-in user, or per address when anonymous. */
  API_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(1200),
  /** Pace of the offline demo model's streamed words. */
  OFFLINE_TOKEN_DELAY_MS: z.coerce.number().int().min(0).max(2000).default(25),
  /** A provider that sends nothing for this long is treated as stalled. */
  AI_STALL_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(30_000),
  /** On SIGTERM, how long streamed answers get to finish before they are cut and saved as interrupted. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(20_000),
  CHAT_MESSAGES_PER_MINUTE: z.coerce.number().int().positive().default(20),
  BODY_LIMIT_BYTES: z.coerce.number().int().positive().default(1_048_576),
  /** A request (headers and body) that has not fully arrived within this is answered 408 and closed. */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(200).max(600_000).default(30_000),
  /** Headers that have not arrived within this are answered 408 (never longer than REQUEST_TIMEOUT_MS). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(200).max(600_000).default(30_000),
  DB_POOL_MAX: z.coerce.number().int().positive().default(10),
  /** OTLP/HTTP collector for traces (e.g. http://otel-collector:4318); unset, no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  OTEL_SERVICE_NAME: z.string().min(1).default('aigym'),
  /** Sentry or GlitchTip project DSN; unset, errors are only grouped in the database. */
  SENTRY_DSN: z.url().optional(),
  /**
   * Which proxies may say who the client is (X-Forwarded-For), for rate limits and logs:
   * `false`, a hop count (`1` behind one nginx), or a comma list of proxy addresses/CIDRs.
   */
  TRUST_PROXY: z
    .string()
    .default('false')
    .transform((value, ctx): TrustProxy => {
      const parsed = parseTrustProxy(value);
      if (typeof parsed === 'string') {
        ctx.addIssue({ code: 'custom', message: parsed });
        return z.NEVER;
      }
      return parsed;
    }),
  /**
   * Who must use two-factor sign-in (ADR 0021): `admins` (default), `admins,managers`, or `none`
   * (only for test harnesses and installations whose every sign-in goes through a provider that
   * does its own second factor).
   */
  MFA_REQUIRED_FOR: z
    .string()
    .default('admins')
    .transform((value, ctx): MfaRequiredFor => {
      const entries = value.split(',').map((entry) => entry.trim().toLowerCase()).filter(Boolean);
      if (entries.length === 1 && entries[0] === 'none') return { admins: false, managers: false };
      const bad = entries.filter((entry) => entry !== 'admins' && entry !== 'managers');
      if (entries.length === 0 || bad.length > 0) {
        ctx.addIssue({ code: 'custom', message: 'must be "admins", "admins,managers" or "none"' });
        return z.NEVER;
      }
      if (!entries.includes('admins')) {
        ctx.addIssue({ code: 'custom', message: 'managers cannot be required without admins: use "admins,managers"' });
        return z.NEVER;
      }
      return { admins: true, managers: entries.includes('managers') };
    }),
  /** A single-sign-on session is re-checked at its provider on a refresh at most this often. */
  SSO_IDP_RECHECK_MINUTES: z.coerce.number().int().min(1).max(1440).default(10),
  /** When set, /metrics needs `Authorization: Bearer <token>`; when unset it answers only to loopback. */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /** How often the programs' job runs (re-enrolment, completion sweep, reminders). */
  PROGRAM_JOBS_INTERVAL_MINUTES: z.coerce.number().int().min(1).max(59).default(15),
  /** The issuer's name in Open Badges credentials (ADR 0044): the organisation that vouches for the certificates. */
  OPEN_BADGES_ISSUER_NAME: z.string().trim().min(1).max(200).default('AI GYM'),
  /** Background jobs one instance runs at once (ADR 0034). */
  JOBS_CONCURRENCY: z.coerce.number().int().min(0).max(32).default(2),
  /** How often an instance looks for jobs queued elsewhere or due for a retry; its own are started at once. */
  JOBS_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(2_000),
  /** A program's "due soon" reminder goes out this many days before its due date. */
  PROGRAM_REMINDER_DAYS_BEFORE: z.coerce.number().int().min(0).max(60).default(2),
  /** Samples of the judge per graded attempt; their median per criterion is the score (ADR 0035). */
  EVALUATOR_SAMPLES: z.coerce.number().int().min(1).max(7).default(3),
  /** Points two samples may differ by on a criterion before a person reviews the attempt. */
  EVALUATOR_MAX_SPREAD: z.coerce.number().int().min(0).max(50).default(25),
  /** Calibration thresholds (ADR 0035): configurable upward only. */
  CALIBRATION_MIN_TOTAL_QWK: z.coerce.number().min(0.8, 'cannot be below 0.80').max(1).default(0.8),
  CALIBRATION_MIN_CRITERION_QWK: z.coerce.number().min(0.7, 'cannot be below 0.70').max(1).default(0.7),
  CALIBRATION_MIN_PASS_AGREEMENT: z.coerce.number().min(0.9, 'cannot be below 0.90').max(1).default(0.9),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, 'AUTH_SECRET' | 'AI_KEYS_SECRET'> {
  AUTH_SECRET: string;
  /** True when AUTH_SECRET was generated into DATA_DIR rather than given. */
  authSecretGenerated: boolean;
  AI_KEYS_SECRET: string;
  /** True when AI_KEYS_SECRET was generated into DATA_DIR rather than given. */
  aiKeysSecretGenerated: boolean;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment into one frozen config; lists every bad variable at once. */
export function parseEnv(env: Record<string, string | undefined>): Env {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  // Without APP_URL the app is where it listens: `PORT=3991 npm start` must not print (and mail)
  // links to :3000 (issue 25).
  if (cleaned.APP_URL === undefined && result.data.PORT !== 0) return { ...result.data, APP_URL: `http://localhost:${result.data.PORT}` };
  return result.data;
}

/**
 * A laptop needs no set-up: without AUTH_SECRET a random one is generated once into DATA_DIR
 * so sessions survive restarts. Production sets AUTH_SECRET explicitly.
 */
function resolveAuthSecret(env: Env): { secret: string; generated: boolean } {
  return resolveSecret(env, env.AUTH_SECRET, 'auth-secret');
}

function resolveSecret(env: Env, given: string | undefined, fileName: string): { secret: string; generated: boolean } {
  if (given) return { secret: given, generated: false };
  const file = path.join(env.DATA_DIR, fileName);
  if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), generated: true };
  mkdirSync(env.DATA_DIR, { recursive: true, mode: 0o700 });
  const secret = randomBytes(48).toString('base64url');
  writeFileSync(file, secret, { mode: 0o600 });
  return { secret, generated: true };
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const parsed = parseEnv(env);
  const { secret, generated } = resolveAuthSecret(parsed);
  // A separate secret: rotating the token key must not make every stored AI key unreadable.
  const aiKeys = resolveSecret(parsed, parsed.AI_KEYS_SECRET, 'ai-keys-secret');
  return Object.freeze({ ...parsed, AUTH_SECRET: secret, authSecretGenerated: generated, AI_KEYS_SECRET: aiKeys.secret, aiKeysSecretGenerated: aiKeys.generated });
}
