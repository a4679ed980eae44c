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
    rules: {
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
