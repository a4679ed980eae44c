import { afterEach, describe, expect, it, vi } from 'vitest';
import { member, useFakeFetch } from '../../test/fake-fetch.js';
import { startSession } from './session.js';
import { downloadAttachment } from './stream.js';

describe('downloadAttachment', () => {
  const fetchMock = useFakeFetch();
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

  it('saves under the name the server gave the attachment, or the fallback when it gave none', async () => {
    startSession({ accessToken: 't', expiresIn: 900, user: member });
    const saved = watchDownloads();
    fetchMock.mockResolvedValueOnce(new Response('pdf', { headers: { 'Content-Disposition': 'attachment; filename="certificate-AB12.pdf"' } }));
    await downloadAttachment('/api/certificates/1/pdf', 'certificate.pdf');
    fetchMock.mockResolvedValueOnce(new Response('pdf'));
    await downloadAttachment('/api/certificates/1/pdf', 'certificate.pdf');
    expect(saved).toEqual(['certificate-AB12.pdf', 'certificate.pdf']);
    expect(document.querySelectorAll('a')).toHaveLength(0);
  });
});
