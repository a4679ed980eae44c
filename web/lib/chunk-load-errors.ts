/**
 * Part of the app's code that failed to download (a dropped connection, a proxy's 429, a deploy that
 * removed an old file). Vite reports every failed dynamic import and preload as `vite:preloadError`;
 * without a handler the router was left with nothing to draw and the page stayed blank (issue 25).
 * The failure is kept here and <ChunkErrorGate> shows a full error screen with a Reload button.
 */
type Listener = () => void;

let failedChunk: string | null = null;
const listeners = new Set<Listener>();

const CHUNK_ERROR =
  /Failed to fetch dynamically imported module|Importing a module script failed|error loading dynamically imported module|Unable to preload CSS/i;

export function isChunkLoadError(error: unknown): boolean {
  return error instanceof Error && CHUNK_ERROR.test(error.message);
}

export function chunkLoadFailed(error: unknown): void {
  if (failedChunk !== null) return;
  failedChunk = error instanceof Error ? error.message : String(error);
  for (const listener of listeners) listener();
}

export function subscribeToChunkErrors(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export const failedChunkMessage = (): string | null => failedChunk;

/** Installed once before the first render. */
export function installChunkErrorHandling(target: Window = window): void {
  target.addEventListener('vite:preloadError', (event) => {
    chunkLoadFailed((event as Event & { payload?: unknown }).payload);
  });
  // A dynamic import Vite did not wrap (no dependencies to preload) fails as a plain rejection.
  target.addEventListener('unhandledrejection', (event) => {
    if (isChunkLoadError(event.reason)) chunkLoadFailed(event.reason);
  });
}

/** Tests only: forget a failure. */
export function resetChunkErrors(): void {
  failedChunk = null;
}
