import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * `npm start`'s build step (scripts/build-if-changed.mjs), run for real in a small project of its own
 * whose `npm run build` records each build and takes a moment, as the real one does.
 */
const script = path.resolve(import.meta.dirname, '../../scripts/build-if-changed.mjs');

const buildScript = `
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
appendFileSync('builds.log', process.pid + '\\n');
if (process.env.FAIL_BUILD) process.exit(3);
mkdirSync('dist/server', { recursive: true });
mkdirSync('dist/web', { recursive: true });
await new Promise((resolve) => setTimeout(resolve, 3000));
writeFileSync('dist/server/main.js', '');
writeFileSync('dist/web/index.html', '');
`;

function run(cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output, ms: Date.now() - started }));
  });
}

describe('npm start builds only when the sources changed', () => {
  let dir: string;
  const builds = () => (existsSync(path.join(dir, 'builds.log')) ? readFileSync(path.join(dir, 'builds.log'), 'utf8').trim().split('\n').length : 0);
  const source = () => path.join(dir, 'server', 'main.ts');

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'aigym-build-'));
    mkdirSync(path.join(dir, 'server'));
    mkdirSync(path.join(dir, 'web'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'stamp-test', private: true, type: 'module', scripts: { build: 'node build.mjs' } }));
    writeFileSync(path.join(dir, 'build.mjs'), buildScript);
    writeFileSync(source(), 'export {};\n');
    writeFileSync(path.join(dir, 'web', 'index.html'), '<!doctype html>\n');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('builds a fresh checkout, skips an unchanged one, and rebuilds after an edit', async () => {
    expect((await run(dir)).code).toBe(0);
    expect(builds()).toBe(1);

    const second = await run(dir);
    expect(second.code).toBe(0);
    expect(second.output).toContain('up to date');
    expect(builds()).toBe(1);

    const later = new Date(Date.now() + 5000);
    utimesSync(source(), later, later);
    expect((await run(dir)).code).toBe(0);
    expect(builds()).toBe(2);

    // An output removed by hand is rebuilt even though the sources did not change.
    rmSync(path.join(dir, 'dist', 'web', 'index.html'));
    expect((await run(dir)).code).toBe(0);
    expect(builds()).toBe(3);
  }, 60_000);

  it('builds once when two starts race in one folder', async () => {
    const [first, second] = await Promise.all([run(dir), run(dir)]);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(builds()).toBe(1);
  }, 60_000);

  it('a failed build leaves no stamp, so the next start tries again; a dead holder’s lock is taken over', async () => {
    const failed = await run(dir, { FAIL_BUILD: '1' });
    expect(failed.code).toBe(3);
    expect(existsSync(path.join(dir, 'dist', '.build-stamp'))).toBe(false);
    // A lock left by a process that no longer exists (killed mid-build).
    writeFileSync(path.join(dir, 'dist', '.build-lock'), '2147483646');
    expect((await run(dir)).code).toBe(0);
    expect(builds()).toBe(2);
    expect(existsSync(path.join(dir, 'dist', '.build-lock'))).toBe(false);
  }, 60_000);
});
