import { Blob as NodeBlob, File as NodeFile } from 'node:buffer';
import { cleanup, configure } from '@testing-library/react';
import { notifications } from '@mantine/notifications';
import { afterEach } from 'vitest';
import { initI18n, NAMESPACES } from './lib/i18n.js';

// Node 24's fetch (undici 7) sends only its own Blob, File and FormData: a jsdom File in an upload
// went out as an empty part, so upload tests failed on Node 24 alone. A browser has one set of these
// classes, so the tests use Node's set, the one fetch understands.
const NodeFormData = (await new Response(new URLSearchParams()).formData()).constructor;
Object.assign(globalThis, { Blob: NodeBlob, File: NodeFile, FormData: NodeFormData });

// jsdom lacks the browser APIs Mantine reads on mount.
if (!window.matchMedia) {
  Object.defineProperty(window, 'matchMedia', {
    writable: true,
    value: (query: string) => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    }),
  });
}

if (!('ResizeObserver' in window)) {
  class ResizeObserverStub {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  }
  Object.defineProperty(window, 'ResizeObserver', { writable: true, value: ResizeObserverStub });
}

// Autosizing text areas re-measure when web fonts finish loading.
if (!('fonts' in document)) {
  Object.defineProperty(document, 'fonts', { value: { addEventListener: () => undefined, removeEventListener: () => undefined } });
}

if (!Element.prototype.scrollIntoView) {
  Element.prototype.scrollIntoView = () => undefined;
}

// findBy*/waitFor wait on state; on a busy 2-core machine a first render can take seconds.
configure({ asyncUtilTimeout: 5_000 });

afterEach(() => {
  cleanup();
  // Toasts live in a module-wide store: one test's "saved" must not show in the next test's page.
  notifications.clean();
});

// Components read their strings through i18n: start it in English with every namespace loaded,
// so tests render text synchronously (no Suspense) and can find it by its English wording.
await initI18n({ language: 'en', preload: NAMESPACES });
