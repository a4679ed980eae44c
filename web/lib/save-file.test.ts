import { afterEach, describe, expect, it, vi } from 'vitest';
import { saveAttachment } from './save-file.js';

describe('saveAttachment', () => {
  // jsdom has no object URLs: stand-ins for the test, the originals (undefined) put back after.
  const { createObjectURL, revokeObjectURL } = URL;
  afterEach(() => {
    vi.restoreAllMocks();
    Object.assign(URL, { createObjectURL, revokeObjectURL });
  });

  /** The file names the browser was asked to save (jsdom has no downloads: the link's click is watched). */
  function watchDownloads(): string[] {
    const saved: string[] = [];
    Object.assign(URL, { createObjectURL: () => 'blob:fake', revokeObjectURL: () => undefined });
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push(this.download);
    });
    return saved;
  }

  it('uses the name the server gave the attachment, or the fallback when it gave none', async () => {
    const saved = watchDownloads();
    await saveAttachment(new Response('pdf', { headers: { 'Content-Disposition': 'attachment; filename="certificate-AB12.pdf"' } }), 'certificate.pdf');
    await saveAttachment(new Response('pdf'), 'certificate.pdf');
    expect(saved).toEqual(['certificate-AB12.pdf', 'certificate.pdf']);
    expect(document.querySelectorAll('a')).toHaveLength(0);
  });
});
