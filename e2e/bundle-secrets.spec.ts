import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { ADMIN_PASSWORD, AUTH_SECRET, E2E_BASE_URL } from './e2e-env.js';

/** Every file the browser can download from the build. */
function bundleFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? bundleFiles(full) : [full];
  });
}

test('the built web bundle holds no secret', () => {
  const files = bundleFiles(path.resolve('dist/web')).filter((f) => /\.(js|css|html|json|map)$/.test(f));
  expect(files.length).toBeGreaterThan(3);
  const forbidden: Array<[string, RegExp]> = [
    ['the token signing key', new RegExp(AUTH_SECRET)],
    ['the admin password', new RegExp(ADMIN_PASSWORD)],
    ['a database connection string', /postgres(ql)?:\/\/[^"'\s]*@/],
    ['a Redis connection string', /rediss?:\/\/[^"'\s]*@/],
    ['an OpenAI-style API key', /\bsk-[A-Za-z0-9]{20,}/],
    ['an Anthropic API key', /\bsk-ant-[A-Za-z0-9-]{20,}/],
    ['a Google API key', /\bAIza[0-9A-Za-z_-]{35}\b/],
    ['a private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
    ['a server environment variable read', /process\.env\.(AUTH_SECRET|DATABASE_URL|AI_API_KEY|SMTP_URL|REDIS_URL)/],
  ];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [what, pattern] of forbidden) expect(pattern.test(text), `${what} in ${path.relative(process.cwd(), file)}`).toBe(false);
  }
});

test('every page is served with a Content-Security-Policy and the other security headers', async ({ request }) => {
  for (const url of ['/login', '/dashboard', '/api/auth/me', '/no-such-page']) {
    const response = await request.get(`${E2E_BASE_URL}${url}`, { headers: { accept: 'text/html' } });
    const headers = response.headers();
    expect(headers['content-security-policy'], url).toContain("script-src 'self'");
    expect(headers['content-security-policy'], url).toContain("object-src 'none'");
    expect(headers['x-content-type-options'], url).toBe('nosniff');
    expect(headers['x-frame-options'], url).toBe('SAMEORIGIN');
    expect(headers['referrer-policy'], url).toBe('no-referrer');
    expect(headers['access-control-allow-origin'], url).toBeUndefined();
  }
});
