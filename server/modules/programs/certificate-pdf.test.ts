import { extractText, getDocumentProxy } from 'unpdf';
import { describe, expect, it } from 'vitest';
import { certificatePdf } from './certificate-pdf.js';

async function textOf(pdf: Buffer): Promise<string> {
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  return text;
}

describe('certificate PDF', () => {
  it('prints names and titles outside Latin-1 as written (Polish, Nordic, Cyrillic, Greek)', async () => {
    const pdf = await certificatePdf({
      holderName: 'Łukasz Żółć Ørjan Дмитрий',
      programTitle: 'Промпты για όλους',
      issuedAt: '2026-11-27T10:00:00Z',
      expiresAt: null,
      verifyUrl: 'http://localhost:3000/verify/abc',
      code: 'ABC-123',
    });
    const text = await textOf(pdf);
    expect(text).toContain('Łukasz Żółć Ørjan Дмитрий');
    expect(text).toContain('Промпты για όλους');
    expect(text).toContain('27 November 2026');
    // Only the glyphs used are embedded, not the whole 750 KB font.
    expect(pdf.length).toBeLessThan(120_000);
  });
});
