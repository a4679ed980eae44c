#!/usr/bin/env node
// Prints gzipped JS sizes per chunk and per route, and fails when the JavaScript the /login
// route needs (entry chunk + its static imports) exceeds the budget. Run after `vite build`.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const DIST = join(process.cwd(), 'dist', 'web');
const MANIFEST = join(DIST, '.vite', 'manifest.json');
const LOGIN_BUDGET_KB = Number(process.env.LOGIN_BUDGET_KB ?? 150);

// Route → the modules that render it (manifest keys are relative to web/): layouts, guards, page.
const SHELL = 'app/signed-in-layout.tsx';
const ADMIN = 'features/auth/components/require-admin.tsx';
const ROUTES = {
  '/login': ['app/routes/login-page.tsx'],
  '/forgot-password': ['app/routes/forgot-password-page.tsx'],
  '/reset-password': ['app/routes/reset-password-page.tsx'],
  '/invite/:token': ['app/routes/invite-page.tsx'],
  '/dashboard': [SHELL, 'app/routes/dashboard-page.tsx'],
  '/library': [SHELL, 'app/routes/library-page.tsx'],
  '/sandbox': [SHELL, 'app/routes/sandbox-page.tsx'],
  '/admin/users': [SHELL, ADMIN, 'app/routes/admin-users-page.tsx'],
  '/admin/users/:id': [SHELL, ADMIN, 'app/routes/admin-user-page.tsx'],
  '/admin/communities': [SHELL, ADMIN, 'app/routes/admin-communities-page.tsx'],
  '/admin/communities/:id': [SHELL, ADMIN, 'app/routes/admin-community-page.tsx'],
  '/admin/content/:kind': [SHELL, ADMIN, 'app/routes/admin-content-page.tsx'],
  '/admin/flags': [SHELL, ADMIN, 'app/routes/admin-flags-page.tsx'],
  '/admin/audit': [SHELL, ADMIN, 'app/routes/admin-audit-page.tsx'],
};

if (!existsSync(MANIFEST)) {
  console.error(`bundle-budget: ${MANIFEST} not found. Run \`vite build\` first (build.manifest must be on).`);
  process.exit(1);
}

/** @type {Record<string, {file: string, isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], dynamicImports?: string[], src?: string}>} */
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const gzCache = new Map();
function gzipKb(file) {
  if (!gzCache.has(file)) gzCache.set(file, gzipSync(readFileSync(join(DIST, file))).length / 1024);
  return gzCache.get(file);
}

/** The chunk keys loaded when `key` loads: itself and its static imports, transitively. */
function closure(key, seen = new Set()) {
  if (seen.has(key)) return seen;
  const chunk = manifest[key];
  if (!chunk) return seen;
  seen.add(key);
  for (const dep of chunk.imports ?? []) closure(dep, seen);
  return seen;
}

const sum = (keys) => [...keys].reduce((total, key) => total + gzipKb(manifest[key].file), 0);
const fmt = (kb) => `${kb.toFixed(1).padStart(7)} KB`;

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
if (!entryKey) {
  console.error('bundle-budget: no entry chunk in the manifest.');
  process.exit(1);
}
const entryKeys = closure(entryKey);

console.log('Chunks (gzipped JS):');
const jsChunks = Object.entries(manifest)
  .filter(([, c]) => c.file.endsWith('.js'))
  .map(([key, c]) => ({ key, file: c.file, kb: gzipKb(c.file), entry: entryKeys.has(key) }))
  .sort((a, b) => b.kb - a.kb);
for (const c of jsChunks) console.log(`  ${fmt(c.kb)}  ${c.entry ? '[initial] ' : '          '}${c.file}`);

console.log('\nRoutes (initial JS + the route’s own chunks, gzipped):');
const initialKb = sum(entryKeys);
let loginKb = initialKb;
console.log(`  ${fmt(initialKb)}  (initial: entry + static imports)`);
for (const [route, sources] of Object.entries(ROUTES)) {
  // A source missing from the manifest is not a lazy chunk: it is part of the initial chunks.
  const keys = new Set(entryKeys);
  for (const src of sources) if (manifest[src]) closure(src, keys);
  const total = sum(keys);
  const extra = total - initialKb;
  console.log(`  ${fmt(total)}  ${route}${extra > 0.05 ? `  (+${extra.toFixed(1)} KB lazy)` : '  (initial chunks only)'}`);
  if (route === '/login') loginKb = total;
}

console.log(`\n/login loads ${loginKb.toFixed(1)} KB of gzipped JavaScript (budget ${LOGIN_BUDGET_KB} KB).`);
if (loginKb > LOGIN_BUDGET_KB) {
  console.error(`bundle-budget: FAILED — /login is ${(loginKb - LOGIN_BUDGET_KB).toFixed(1)} KB over budget.`);
  process.exit(1);
}
console.log('bundle-budget: OK');
