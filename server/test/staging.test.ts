import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { NGINX_RULES } from '../../scripts/staging-local.js';

/**
 * compose.yaml cannot be run here (no Docker daemon), so its shape is checked: the production
 * topology, and nginx configured by the very file production and the local staging script use.
 * (Merge keys as Docker Compose reads them.)
 */
interface Service {
  image?: string;
  build?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: Record<string, { condition: string }> | string[];
}

const compose = parse(readFileSync('compose.yaml', 'utf8'), { merge: true }) as { services: Record<string, Service> };

describe('the staging recipe', () => {
  it('compose.yaml runs PostgreSQL 15, Redis, two app instances and nginx', () => {
    const { services } = compose;
    expect(Object.keys(services).sort()).toEqual(['app1', 'app2', 'db', 'nginx', 'redis']);
    expect(services.db?.image).toMatch(/^postgres:15/);
    expect(services.redis?.image).toMatch(/^redis:/);
    for (const name of ['app1', 'app2']) {
      const app = services[name];
      expect(app?.build).toBe('.');
      expect(app?.environment?.DATABASE_URL).toMatch(/^postgres:\/\/aigym_web:.*@db:5432\/aigym$/);
      expect(app?.environment?.MIGRATION_DATABASE_URL).toMatch(/^postgres:\/\/aigym_owner:.*@db:5432\/aigym$/);
      expect(app?.environment?.REDIS_URL).toBe('redis://redis:6379');
      expect(app?.environment?.TRUST_PROXY).toBe('1');
      expect(app?.environment?.NODE_ENV).toBe('production');
      // Both instances share one DATA_DIR: uploads must be visible to each.
      expect(app?.volumes).toEqual(['data:/data']);
    }
    expect(services.db?.volumes).toContain('./deploy/staging-roles.sql:/docker-entrypoint-initdb.d/roles.sql:ro');
  });

  it('nginx in compose, the local script and production all use deploy/nginx/aigym.conf, and the docs do not copy it', () => {
    const volumes = compose.services.nginx?.volumes ?? [];
    const rules = volumes.find((v) => v.endsWith(':/etc/nginx/aigym/aigym.conf:ro'));
    expect(rules && path.resolve(rules.split(':')[0] ?? '')).toBe(NGINX_RULES);
    const site = volumes.find((v) => v.includes('/etc/nginx/conf.d/default.conf'))?.split(':')[0] ?? '';
    const siteConf = readFileSync(site, 'utf8');
    expect(siteConf).toContain('include /etc/nginx/aigym/aigym.conf;');
    expect(siteConf).toMatch(/upstream aigym \{ server app1:3000 max_fails=0; server app2:3000 max_fails=0; \}/);

    const deployment = readFileSync('docs/deployment.md', 'utf8');
    expect(deployment).toContain('deploy/nginx/aigym.conf');
    expect(deployment).not.toContain('proxy_set_header X-Forwarded-For');
    const shared = readFileSync(NGINX_RULES, 'utf8');
    expect(shared).toContain('location = /metrics { return 404; }');
    expect(shared).toMatch(/client_max_body_size 21m;/);
  });

  it('the log-shipping config in deploy/vector.toml is the one the deployment doc shows', () => {
    const vector = readFileSync('deploy/vector.toml', 'utf8').split('\n').slice(1).join('\n');
    expect(readFileSync('docs/deployment.md', 'utf8')).toContain(`\`\`\`toml\n${vector}\`\`\``);
  });
});
