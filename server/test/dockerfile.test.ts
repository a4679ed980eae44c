import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * There is no Docker daemon here to build the image, so the Dockerfile is linted instead: the rules
 * below are the ones a broken or unsafe image would break first (issue 28).
 */
const root = path.resolve(import.meta.dirname, '../..');
const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
const engines = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions with their continuation lines joined, comments and blank lines left out. */
function instructions(text: string): Instruction[] {
  const result: Instruction[] = [];
  let pending = '';
  let startLine = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (!pending) startLine = index + 1;
    pending += (pending ? ' ' : '') + line.replace(/\\$/, '').trim();
    if (line.endsWith('\\')) return;
    const [keyword = '', ...rest] = pending.split(/\s+/);
    result.push({ keyword: keyword.toUpperCase(), args: rest.join(' '), line: startLine });
    pending = '';
  });
  return result;
}

const known = new Set(['FROM', 'RUN', 'CMD', 'LABEL', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT', 'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL']);
const all = instructions(dockerfile);
const froms = all.filter((i) => i.keyword === 'FROM');
const minimumMajor = Number(/>=\s*(\d+)/.exec(engines)?.[1]);

describe('the Dockerfile', () => {
  it('uses only known instructions and starts with FROM', () => {
    expect(all[0]?.keyword).toBe('FROM');
    for (const instruction of all) expect(known, `line ${instruction.line}: ${instruction.keyword}`).toContain(instruction.keyword);
  });

  it('builds and runs on a pinned Node LTS image no older than package.json engines', () => {
    expect(minimumMajor).toBeGreaterThanOrEqual(24);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) {
      const image = from.args.split(/\s+/)[0] ?? '';
      const match = /^node:(\d+)-(bookworm|trixie)-slim$/.exec(image);
      expect(match, `line ${from.line}: ${image} is not a node:<major>-<debian>-slim image`).not.toBeNull();
      const major = Number(match?.[1]);
      // Even majors are Node's LTS lines; odd ones live six months.
      expect(major % 2, `line ${from.line}: Node ${major} is not an LTS line`).toBe(0);
      expect(major).toBeGreaterThanOrEqual(minimumMajor);
    }
    // Build and runtime on the same Node: native modules built in one must load in the other.
    expect(new Set(froms.map((f) => f.args.split(/\s+/)[0])).size).toBe(1);
  });

  it('copies only from stages it defines and fetches nothing with ADD', () => {
    const stages = new Set(froms.map((f) => /\bAS\s+(\S+)/i.exec(f.args)?.[1]).filter(Boolean));
    for (const copy of all.filter((i) => i.keyword === 'COPY')) {
      const from = /--from=(\S+)/.exec(copy.args)?.[1];
      if (from) expect(stages, `line ${copy.line}`).toContain(from);
    }
    expect(all.filter((i) => i.keyword === 'ADD')).toEqual([]);
  });

  it('runs the server as an unprivileged user, in exec form, with a health check', () => {
    const runtime = all.slice(all.lastIndexOf(froms.at(-1) as Instruction));
    const users = runtime.filter((i) => i.keyword === 'USER');
    expect(users.at(-1)?.args).toBe('node');
    const cmd = runtime.filter((i) => i.keyword === 'CMD').at(-1);
    expect(JSON.parse(cmd?.args ?? 'null')).toEqual(['node', 'dist/server/main.js']);
    expect(runtime.some((i) => i.keyword === 'HEALTHCHECK')).toBe(true);
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(/NODE_ENV=production/);
  });

  it('installs from the lockfile', () => {
    expect(all.some((i) => i.keyword === 'RUN' && /\bnpm ci\b/.test(i.args))).toBe(true);
    expect(all.some((i) => i.keyword === 'RUN' && /\bnpm install\b/.test(i.args))).toBe(false);
  });
});
