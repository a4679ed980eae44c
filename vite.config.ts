import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** A module of one of these packages (the path separator either way, see the bundler's advice). */
const inPackages = (names: string[]): RegExp => new RegExp(`node_modules[\\\\/](${names.join('|')})[\\\\/]`);

/**
 * Highest priority first. `$initial` keeps what /login loads in one chunk (its bytes are unchanged:
 * the same modules, one file). The heavy libraries stay with the few pages that use them; the rest of
 * the UI kit and the app's shared code become two chunks every signed-in page shares.
 */
const chunkGroups = [
  { name: 'boot', tags: ['$initial' as const], priority: 50 },
  // Taken before the heavy libraries, which would otherwise pull the UI kit they build on into their own chunk.
  { name: 'ui', test: inPackages(['@mantine[\\\\/](core|hooks|notifications|dropzone)', '@tabler', 'zod', 'use-sync-external-store']), priority: 45 },
  { name: 'editor', test: inPackages(['@tiptap', 'prosemirror-[\\w-]+', '@mantine[\\\\/]tiptap', 'linkifyjs', 'orderedmap', 'rope-sequence', 'w3c-keyname', 'markdown-it', 'tippy\\.js']), priority: 40 },
  { name: 'charts', test: inPackages(['recharts', '@mantine[\\\\/]charts', 'd3-[\\w-]+', 'victory-vendor', 'internmap', 'decimal\\.js-light', 'es-toolkit', '@reduxjs', 'immer', 'redux', 'reselect', 'react-redux', 'use-sync-external-store', 'eventemitter3']), priority: 40 },
  { name: 'markdown', test: inPackages(['react-markdown', 'remark-[\\w-]+', 'rehype-[\\w-]+', 'mdast-[\\w-]+', 'hast-[\\w-]+', 'micromark[\\w-]*', 'unified', 'unist-[\\w-]+', 'vfile[\\w-]*', 'property-information', 'space-separated-tokens', 'comma-separated-tokens', 'decode-named-character-reference', 'character-entities[\\w-]*', 'trim-lines', 'bail', 'devlop', 'is-plain-obj', 'trough', 'html-url-attributes', 'estree-util-is-identifier-name', 'style-to-js', 'style-to-object', 'inline-style-parser', 'ccount', 'escape-string-regexp', 'markdown-table', 'longest-streak', 'zwitch']), priority: 40 },
  { name: 'chat', test: inPackages(['ai', '@ai-sdk', 'eventsource-parser']), priority: 40 },
  { name: 'vendor', test: /node_modules[\\/]/, priority: 20 },
  // Generic app code only: a feature's module may import a heavy library, and a shared chunk holding it would load that library everywhere.
  { name: 'app-shared', test: /[\\/]web[\\/](components|lib|hooks)[\\/]/, minShareCount: 2, priority: 10 },
];

const apiTarget = process.env.VITE_API_TARGET ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('./web', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist/web', import.meta.url)),
    emptyOutDir: true,
    // scripts/bundle-budget.mjs reads the manifest to find what the /login route loads.
    manifest: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Fewer, larger chunks for a signed-in page (ADR 0040): left alone, the bundler cut Mantine
        // into one file per component and a signed-in page fetched 90–125 files. Named shared chunks
        // instead; scripts/bundle-budget.mjs fails the build when a page needs more than its budget.
        codeSplitting: { groups: chunkGroups },
      },
    },
  },
  server: {
    port: 5173,
    host: '127.0.0.1',
    proxy: {
      '/api': { target: apiTarget, changeOrigin: false },
      '/readyz': { target: apiTarget },
      '/healthz': { target: apiTarget },
    },
  },
  preview: { port: 4173, host: '127.0.0.1' },
});
