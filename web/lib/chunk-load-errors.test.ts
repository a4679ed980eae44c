import { afterEach, describe, expect, it } from 'vitest';
import { chunkLoadFailed, failedChunkMessage, installChunkErrorHandling, isChunkLoadError, resetChunkErrors, subscribeToChunkErrors } from './chunk-load-errors.js';

describe('chunk load errors', () => {
  afterEach(() => resetChunkErrors());

  it('recognises the browsers\' messages for a failed dynamic import and Vite\'s CSS preload failure', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: https://x/assets/a.js'))).toBe(true);
    expect(isChunkLoadError(new Error('Unable to preload CSS for /assets/a.css'))).toBe(true);
    expect(isChunkLoadError(new Error('Cannot read properties of undefined'))).toBe(false);
  });

  it('a vite:preloadError event is kept once and tells the subscribers', () => {
    const target = new EventTarget() as unknown as Window;
    installChunkErrorHandling(target);
    let told = 0;
    const stop = subscribeToChunkErrors(() => (told += 1));
    const event = Object.assign(new Event('vite:preloadError'), { payload: new TypeError('Failed to fetch dynamically imported module: /assets/x.js') });
    target.dispatchEvent(event);
    chunkLoadFailed(new Error('a second one'));
    stop();
    expect(told).toBe(1);
    expect(failedChunkMessage()).toContain('/assets/x.js');
  });
});
