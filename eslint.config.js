import fs from 'node:fs';
import path from 'node:path';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/**
 * The web app's layers (ARCHITECTURE §3): app/ composes features/; a feature never imports another
 * feature; lib/ and components/ are shared by all and import no feature and not app/. Checked on
 * the resolved path, so `../../x/..` and deeper nestings are all caught.
 */
const webRoot = path.resolve('web');
function webArea(file) {
  const rel = path.relative(webRoot, file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  return rel[0] === 'features' ? { layer: 'features', feature: rel[1] } : { layer: rel[0] };
}
const webBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = webArea(context.filename);
    if (!from) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = webArea(path.resolve(path.dirname(context.filename), source));
      if (!to) return;
      let message = null;
      if (from.layer === 'features' && to.layer === 'features' && to.feature !== from.feature) {
        message = `features/${from.feature} must not import features/${to.feature}: move what both need to web/lib or web/components.`;
      } else if ((from.layer === 'lib' || from.layer === 'components') && (to.layer === 'features' || to.layer === 'app')) {
        message = `web/${from.layer} is shared by every feature and must not import web/${to.layer}.`;
      } else if (from.layer === 'features' && to.layer === 'app') {
        message = 'A feature must not import web/app: the app composes features, not the other way round.';
      }
      if (message) context.report({ node: node.source, message });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

/**
 * The server's floors (ADR 0047): server/lib, server/ops, server/platform and server/plugins sit under
 * every module and import none; a module imports another only through that module's public file,
 * `modules/<name>/<name>.service.ts`; and modules import each other without cycles. The module graph
 * is read once from the source (test files aside: they may reach into any module), and an import is
 * refused when the module it names already reaches back to the importer.
 */
const serverRoot = path.resolve('server');
const FLOORS = new Set(['lib', 'ops', 'platform', 'plugins']);
function serverArea(file) {
  const rel = path.relative(serverRoot, file).split(path.sep);
  if (rel[0] === '..' || rel.length < 2) return null;
  return rel[0] === 'modules' ? { layer: 'modules', module: rel[1], path: rel.slice(1).join('/') } : { layer: rel[0] };
}
let moduleGraph = null;
function serverModuleGraph() {
  if (moduleGraph) return moduleGraph;
  moduleGraph = new Map();
  const modulesDir = path.join(serverRoot, 'modules');
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
  for (const file of walk(modulesDir)) {
    const from = serverArea(file)?.module;
    for (const match of fs.readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)) {
      const to = serverArea(path.resolve(path.dirname(file), match[1]));
      if (!from || to?.layer !== 'modules' || to.module === from) continue;
      if (!moduleGraph.has(from)) moduleGraph.set(from, new Set());
      moduleGraph.get(from).add(to.module);
    }
  }
  return moduleGraph;
}
function reaches(from, target) {
  const graph = serverModuleGraph();
  const seen = new Set([from]);
  const queue = [from];
  while (queue.length > 0) {
    for (const next of graph.get(queue.shift()) ?? []) {
      if (next === target) return true;
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return false;
}
const serverBoundaries = {
  meta: { type: 'problem', schema: [] },
  create(context) {
    const from = serverArea(context.filename);
    if (!from || context.filename.endsWith('.test.ts')) return {};
    const check = (node) => {
      const source = node.source?.value;
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = serverArea(path.resolve(path.dirname(context.filename), source));
      if (to?.layer !== 'modules') return;
      let message = null;
      if (FLOORS.has(from.layer)) {
        message = `server/${from.layer} sits under every module and must not import modules/${to.module}: pass what it needs in (a port, a callback).`;
      } else if (from.layer === 'modules' && to.module !== from.module) {
        const publicFile = `${to.module}/${to.module}.service.`;
        if (!to.path.startsWith(publicFile) || to.path.slice(publicFile.length).includes('/')) {
          message = `modules/${from.module} imports modules/${to.module} only through its public file, modules/${to.module}/${to.module}.service.ts (export what is needed there).`;
        } else if (reaches(to.module, from.module)) {
          message = `modules/${from.module} → modules/${to.module} closes a cycle (${to.module} already reaches ${from.module}): move the shared part down to server/lib or server/platform, or pass it in from app.ts.`;
        }
      }
      if (message) context.report({ node: node.source, message });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', '.tmp/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'error',
    },
  },
  {
    files: ['server/**/*.ts'],
    plugins: { 'ai-gym-server': { rules: { 'server-boundaries': serverBoundaries } } },
    rules: {
      'ai-gym-server/server-boundaries': 'error',
      'no-console': 'error',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/web/**'], message: 'server/ must not import web/: share through contracts/.' }] }],
    },
  },
  {
    files: ['web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'ai-gym': { rules: { 'web-boundaries': webBoundaries } } },
    rules: {
      'ai-gym/web-boundaries': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['**/server/**'], message: 'web/ must not import server/: share through contracts/.' }],
          paths: [{ name: '@mantine/core', importNames: ['Modal'], message: 'Use Dialog (web/components/ui/dialog.tsx): it returns focus to its opener.' }],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXMemberExpression[object.name='Table'][property.name='ScrollContainer']",
          message: 'Use TableScroll (web/components/list/list-table.tsx): a named, keyboard-scrollable area.',
        },
      ],
    },
  },
  {
    // The one place each of Mantine's Modal and Table.ScrollContainer is wrapped.
    files: ['web/components/ui/dialog.tsx', 'web/components/list/list-table.tsx'],
    rules: {
      'no-restricted-syntax': 'off',
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**'], message: 'web/ must not import server/: share through contracts/.' }] }],
    },
  },
  {
    files: ['contracts/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/web/**'], message: 'contracts/ stands alone.' }] }],
    },
  },
);
