import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, fastifyTrustProxy, loadConfig, parseEnv } from './config.js';

describe('configuration', () => {
  it('has working defaults for a laptop', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', AI_PROVIDER: 'offline', APP_URL: 'http://localhost:3000', LOG_LEVEL: 'info' });
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('without APP_URL, links point where the server listens (PORT); a given APP_URL is kept', () => {
    expect(parseEnv({ PORT: '3991' }).APP_URL).toBe('http://localhost:3991');
    expect(parseEnv({ PORT: '3991', APP_URL: 'https://gym.example.com' }).APP_URL).toBe('https://gym.example.com');
  });

  it('fails fast naming every bad variable at once', () => {
    let error: unknown;
    try {
      parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://nope', AI_PROVIDER: 'skynet', AUTH_SECRET: 'short', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'DATABASE_URL', 'AI_PROVIDER', 'AUTH_SECRET', 'LOG_LEVEL']) expect(problems).toContain(name);
  });

  it('generates AUTH_SECRET once into DATA_DIR when it is missing, and reuses it', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    const second = loadConfig({ DATA_DIR: dir });
    expect(first.authSecretGenerated).toBe(true);
    expect(first.AUTH_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(second.AUTH_SECRET).toBe(first.AUTH_SECRET);
    expect(readFileSync(path.join(dir, 'auth-secret'), 'utf8')).toBe(first.AUTH_SECRET);
    rmSync(dir, { recursive: true, force: true });
  });

  it('generates AI_KEYS_SECRET apart from AUTH_SECRET into DATA_DIR, and uses a given one as is', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-config-'));
    const first = loadConfig({ DATA_DIR: dir });
    expect(first.aiKeysSecretGenerated).toBe(true);
    expect(first.AI_KEYS_SECRET).not.toBe(first.AUTH_SECRET);
    expect(loadConfig({ DATA_DIR: dir }).AI_KEYS_SECRET).toBe(first.AI_KEYS_SECRET);
    expect(readFileSync(path.join(dir, 'ai-keys-secret'), 'utf8')).toBe(first.AI_KEYS_SECRET);
    const given = loadConfig({ DATA_DIR: dir, AI_KEYS_SECRET: 'k'.repeat(40) });
    expect(given.AI_KEYS_SECRET).toBe('k'.repeat(40));
    expect(given.aiKeysSecretGenerated).toBe(false);
    rmSync(dir, { recursive: true, force: true });
  });

  it('uses a given AUTH_SECRET as is and freezes the result', () => {
    const config = loadConfig({ DATA_DIR: os.tmpdir(), AUTH_SECRET: 'x'.repeat(40) });
    expect(config.AUTH_SECRET).toBe('x'.repeat(40));
    expect(config.authSecretGenerated).toBe(false);
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads TRUST_PROXY as false, a hop count or proxy addresses, and refuses "trust anyone"', () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: 'false' }).TRUST_PROXY).toBe(false);
    expect(parseEnv({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1,loopback' }).TRUST_PROXY).toEqual(['10.0.0.5', '10.1.0.0/16', '::1', 'loopback']);
    expect(parseEnv({ TRUST_PROXY: '10.0.0.1,' }).TRUST_PROXY).toEqual(['10.0.0.1']);
    for (const bad of ['true', 'yes', '10.0.0.0/33', 'nginx.internal', ',']) {
      expect(() => parseEnv({ TRUST_PROXY: bad }), bad).toThrow(/TRUST_PROXY/);
    }
  });

  it('requires two-factor for admins by default, for managers too on request, and refuses anything else', () => {
    expect(parseEnv({}).MFA_REQUIRED_FOR).toEqual({ admins: true, managers: false });
    expect(parseEnv({ MFA_REQUIRED_FOR: 'admins, managers' }).MFA_REQUIRED_FOR).toEqual({ admins: true, managers: true });
    expect(parseEnv({ MFA_REQUIRED_FOR: 'none' }).MFA_REQUIRED_FOR).toEqual({ admins: false, managers: false });
    expect(() => parseEnv({ MFA_REQUIRED_FOR: 'managers' })).toThrow(ConfigError);
    expect(() => parseEnv({ MFA_REQUIRED_FOR: 'everyone' })).toThrow(ConfigError);
    expect(() => parseEnv({ MFA_REQUIRED_FOR: 'none,admins' })).toThrow(ConfigError);
  });

  it('a hop count trusts exactly that many nearest proxies', () => {
    const trust = fastifyTrustProxy(2);
    expect(typeof trust).toBe('function');
    if (typeof trust !== 'function') return;
    expect([0, 1, 2].map((hop) => trust('10.0.0.1', hop))).toEqual([true, true, false]);
  });
});
