#!/usr/bin/env node
// Prints compressed JS sizes per chunk and per route, and fails when what the /login route
// transfers (JS + CSS of the entry chunk and its static imports, as the precompressed brotli files
// scripts/precompress.mjs wrote) exceeds the budget. Run after `vite build` and precompress.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const DIST = join(process.cwd(), 'dist', 'web');
const MANIFEST = join(DIST, '.vite', 'manifest.json');
const LOGIN_BUDGET_KB = Number(process.env.LOGIN_BUDGET_KB ?? 160);
// Files (JS + CSS) a page fetches for its code, counted from the manifest: on a slow phone each one is
// a round trip, and a cold signed-in page used to fetch over 90 (issue 25, ADR 0040). index.html and
// the language's string files come on top.
const REQUESTS_BUDGET = Number(process.env.REQUESTS_PER_PAGE_BUDGET ?? 20);

// Route → the modules that render it (manifest keys are relative to web/): layouts, guards, page.
// The index of lazy pages (app/pages.ts) comes first on every lazily loaded route.
const PAGES = 'app/pages.ts';
const SHELL = 'app/signed-in-layout.tsx';
const ADMIN = 'features/auth/components/require-admin.tsx';
// /login also fetches its strings before the first paint (web/lib/i18n.ts preloads `common` and
// `auth`); counted in the Spanish files, the longer of the two languages.
const LOGIN_STRINGS = ['locales/es/common.json', 'locales/es/auth.json'];
const ROUTES = {
  '/login': ['app/routes/login-page.tsx', ...LOGIN_STRINGS],
  '/forgot-password': [PAGES, 'app/routes/forgot-password-page.tsx'],
  '/reset-password': [PAGES, 'app/routes/reset-password-page.tsx'],
  '/invite/:token': [PAGES, 'app/routes/invite-page.tsx'],
  '/dashboard': [PAGES, SHELL, 'app/routes/dashboard-page.tsx'],
  '/library': [PAGES, SHELL, 'app/routes/library-page.tsx'],
  '/sandbox': [PAGES, SHELL, 'app/routes/sandbox-page.tsx'],
  '/admin/users': [PAGES, SHELL, ADMIN, 'app/routes/admin-users-page.tsx'],
  '/admin/users/:id': [PAGES, SHELL, ADMIN, 'app/routes/admin-user-page.tsx'],
  '/admin/communities': [PAGES, SHELL, ADMIN, 'app/routes/admin-communities-page.tsx'],
  '/admin/communities/:id': [PAGES, SHELL, ADMIN, 'app/routes/admin-community-page.tsx'],
  '/admin/content/:kind': [PAGES, SHELL, ADMIN, 'app/routes/admin-content-page.tsx'],
  '/admin/flags': [PAGES, SHELL, ADMIN, 'app/routes/admin-flags-page.tsx'],
  '/admin/audit': [PAGES, SHELL, ADMIN, 'app/routes/admin-audit-page.tsx'],
  '/admin/programs': [PAGES, SHELL, ADMIN, 'app/routes/admin-programs-page.tsx'],
  '/programs': [PAGES, SHELL, 'app/routes/programs-page.tsx'],
  '/verify/:code': [PAGES, 'app/routes/verify-page.tsx'],
};

if (!existsSync(MANIFEST)) {
  console.error(`bundle-budget: ${MANIFEST} not found. Run \`vite build\` first (build.manifest must be on).`);
  process.exit(1);
}

/** @type {Record<string, {file: string, css?: string[], isEntry?: boolean, isDynamicEntry?: boolean, imports?: string[], dynamicImports?: string[], src?: string}>} */
const manifest = JSON.parse(readFileSync(MANIFEST, 'utf8'));
const gzCache = new Map();
function gzipKb(file) {
  if (!gzCache.has(file)) gzCache.set(file, gzipSync(readFileSync(join(DIST, file))).length / 1024);
  return gzCache.get(file);
}
/** What a browser accepting brotli transfers: the precompressed .br file, or the file itself when it was too small to compress. */
const brCache = new Map();
function brotliKb(file) {
  if (!brCache.has(file)) {
    const path = join(DIST, file);
    const bytes = existsSync(`${path}.br`)
      ? readFileSync(`${path}.br`).length
      : Math.min(readFileSync(path).length, brotliCompressSync(readFileSync(path), { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length);
    brCache.set(file, bytes / 1024);
  }
  return brCache.get(file);
}
/** The JS and CSS files of a set of chunk keys. */
function assetsOf(keys) {
  const out = new Set();
  for (const key of keys) {
    out.add(manifest[key].file);
    for (const css of manifest[key].css ?? []) out.add(css);
  }
  return [...out];
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

console.log('\nRoutes (initial JS + the route’s own chunks, gzipped; files = JS and CSS files fetched):');
const initialKb = sum(entryKeys);
let loginKb = initialKb;
const overRequests = [];
console.log(`  ${fmt(initialKb)}  (initial: entry + static imports)`);
for (const [route, sources] of Object.entries(ROUTES)) {
  // A source missing from the manifest is not a lazy chunk: it is part of the initial chunks.
  const keys = new Set(entryKeys);
  for (const src of sources) if (manifest[src]) closure(src, keys);
  const total = sum(keys);
  const extra = total - initialKb;
  const files = assetsOf(keys).length;
  if (files > REQUESTS_BUDGET) overRequests.push(`${route} (${files})`);
  console.log(`  ${fmt(total)}  ${String(files).padStart(3)} files  ${route}${extra > 0.05 ? `  (+${extra.toFixed(1)} KB lazy)` : '  (initial chunks only)'}`);
  if (route === '/login') loginKb = total;
}

const loginKeys = new Set(entryKeys);
for (const src of ROUTES['/login']) if (manifest[src]) closure(src, loginKeys);
const loginAssets = assetsOf(loginKeys);
const total = (measure, filter) => loginAssets.filter(filter).reduce((kb, file) => kb + measure(file), 0);
const isJs = (f) => f.endsWith('.js');
const isCss = (f) => f.endsWith('.css');
const brJs = total(brotliKb, isJs);
const brCss = total(brotliKb, isCss);
const gzAll = total(gzipKb, (f) => isJs(f) || isCss(f));
const transferred = brJs + brCss;
console.log(`\n/login JS gzipped: ${loginKb.toFixed(1)} KB.`);
console.log(
  `/login JS+CSS transferred compressed: ${transferred.toFixed(1)} KB brotli (JS ${brJs.toFixed(1)} + CSS ${brCss.toFixed(1)}); ${gzAll.toFixed(1)} KB for gzip-only clients. Budget ${LOGIN_BUDGET_KB} KB.`,
);
console.log(`Files per page: budget ${REQUESTS_BUDGET}.`);
if (overRequests.length > 0) {
  console.error(`bundle-budget: FAILED — more than ${REQUESTS_BUDGET} JS/CSS files for ${overRequests.join(', ')}. Group the shared code in vite.config.ts (chunkGroups).`);
  process.exit(1);
}
if (transferred > LOGIN_BUDGET_KB) {
  console.error(`bundle-budget: FAILED — /login is ${(transferred - LOGIN_BUDGET_KB).toFixed(1)} KB over budget.`);
  process.exit(1);
}
console.log('bundle-budget: OK');
